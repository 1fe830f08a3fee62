package io.agora.bench;

import io.agora.core.indicator.Atr;
import io.agora.core.indicator.BollingerBands;
import io.agora.core.indicator.Ema;
import io.agora.core.indicator.Rsi;
import io.agora.core.indicator.Seeding;
import io.agora.core.market.CandleSeries;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Indicator kernels over 1,000,000 values (closes, or high/low/close for ATR, of seeded synthetic 1m candles),
 * through each class's batch {@code compute(...)} (which runs the incremental {@code update(...)} over the array).
 * One JMH "op" is one value, so the scores read as values per second per thread.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 2, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 4, time = 2)
@Measurement(iterations = 5, time = 2)
@State(Scope.Benchmark)
public class IndicatorBenchmark {
  static final int N = 1_000_000;

  double[] high;
  double[] low;
  double[] close;
  double[] out;
  double[] out2;
  double[] out3;

  @Setup(Level.Trial)
  public void setup() {
    CandleSeries cs = BenchData.candles(1, N, "1m").get(0);
    if (cs.size() != N) throw new IllegalStateException("expected " + N + " candles, got " + cs.size());
    high = cs.high();
    low = cs.low();
    close = cs.close();
    out = new double[N];
    out2 = new double[N];
    out3 = new double[N];
  }

  @Benchmark
  @OperationsPerInvocation(N)
  public double ema26() {
    Ema.compute(close, 26, Seeding.SMA, out);
    return out[N - 1];
  }

  @Benchmark
  @OperationsPerInvocation(N)
  public double rsi14() {
    Rsi.compute(close, 14, Seeding.SMA, out);
    return out[N - 1];
  }

  @Benchmark
  @OperationsPerInvocation(N)
  public double bollinger20x2() {
    BollingerBands.compute(close, 20, 2.0, out, out2, out3);
    return out[N - 1] + out2[N - 1] + out3[N - 1];
  }

  @Benchmark
  @OperationsPerInvocation(N)
  public double atr14() {
    Atr.compute(high, low, close, 14, Seeding.SMA, out);
    return out[N - 1];
  }
}
