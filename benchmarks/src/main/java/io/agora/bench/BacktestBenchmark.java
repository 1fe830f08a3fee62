package io.agora.bench;

import io.agora.core.backtest.BacktestResult;
import io.agora.core.backtest.BacktestSettings;
import io.agora.core.backtest.Backtester;
import io.agora.core.market.CandleSeries;
import io.agora.core.strategy.SignalGenerator;
import io.agora.core.strategy.Strategy;
import java.util.List;
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
import org.openjdk.jmh.infra.Blackhole;

/**
 * End-to-end backtest throughput ({@link Backtester#run}: signals of the EMA 12/26 crossover, then the simulation)
 * against a baseline that only reads the same columns. One JMH "op" is one candle
 * ({@code @OperationsPerInvocation} = candles in the data set, startup candles included), so the scores read as
 * candles per second per thread and {@code gc.alloc.rate.norm} under {@code -prof gc} as bytes per candle.
 *
 * <ul>
 *   <li>{@code *1m1Pair}: one pair, one year of 1m candles (525,600), {@code max_open_trades} 1;
 *   <li>{@code *5m100Pairs}: 100 pairs, one year of 5m candles each (105,120 each, 10,512,000 in all),
 *       {@code max_open_trades} 5.
 * </ul>
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 2, jvmArgsAppend = {"-Xms3g", "-Xmx3g"})
@Warmup(iterations = 4, time = 3)
@Measurement(iterations = 5, time = 3)
public class BacktestBenchmark {

  static final int CANDLES_1M_1PAIR = BenchData.YEAR_1M;
  static final int CANDLES_5M_100PAIRS = BenchData.PAIRS_5M * BenchData.YEAR_5M;

  @State(Scope.Benchmark)
  public static class OnePair1m {
    List<CandleSeries> data;
    BacktestSettings settings;
    Strategy strategy;
    byte[] signals;

    @Setup(Level.Trial)
    public void setup() {
      data = BenchData.candles(1, BenchData.YEAR_1M, "1m");
      check(data, CANDLES_1M_1PAIR);
      settings = BenchData.settings("1m", 1);
      strategy = BenchData.emaCrossover();
      signals = new byte[BenchData.YEAR_1M];
      BenchData.report("EmaCrossover 1m x 1 pair", data, new Backtester(settings, strategy).run(data));
    }
  }

  @State(Scope.Benchmark)
  public static class HundredPairs5m {
    List<CandleSeries> data;
    BacktestSettings settings;
    Strategy strategy;
    byte[] signals;

    @Setup(Level.Trial)
    public void setup() {
      data = BenchData.candles(BenchData.PAIRS_5M, BenchData.YEAR_5M, "5m");
      check(data, CANDLES_5M_100PAIRS);
      settings = BenchData.settings("5m", 5);
      strategy = BenchData.emaCrossover();
      signals = new byte[BenchData.YEAR_5M];
      BenchData.report("EmaCrossover 5m x 100 pairs", data, new Backtester(settings, strategy).run(data));
    }
  }

  static void check(List<CandleSeries> data, long expected) {
    long n = BenchData.totalCandles(data);
    if (n != expected) throw new IllegalStateException("expected " + expected + " candles, got " + n);
  }

  // --- end to end ---------------------------------------------------------------------------------------------

  @Benchmark
  @OperationsPerInvocation(CANDLES_1M_1PAIR)
  public BacktestResult backtest1m1Pair(OnePair1m st) {
    return new Backtester(st.settings, st.strategy).run(st.data);
  }

  @Benchmark
  @OperationsPerInvocation(CANDLES_5M_100PAIRS)
  public BacktestResult backtest5m100Pairs(HundredPairs5m st) {
    return new Backtester(st.settings, st.strategy).run(st.data);
  }

  // --- signals alone (the first pass of Backtester.run), to split the end-to-end time -----------------------

  @Benchmark
  @OperationsPerInvocation(CANDLES_1M_1PAIR)
  public void signalsOnly1m1Pair(OnePair1m st, Blackhole bh) {
    signals(st.data, st.strategy, st.signals, bh);
  }

  @Benchmark
  @OperationsPerInvocation(CANDLES_5M_100PAIRS)
  public void signalsOnly5m100Pairs(HundredPairs5m st, Blackhole bh) {
    signals(st.data, st.strategy, st.signals, bh);
  }

  /** What Backtester.computeSignals does for a strategy without tags, into a reused array. */
  private static void signals(List<CandleSeries> data, Strategy strategy, byte[] out, Blackhole bh) {
    for (CandleSeries cs : data) {
      SignalGenerator gen = strategy.newSignalGenerator(cs.instrument(), cs.timeframe());
      long[] t = cs.openTime();
      double[] o = cs.open(), h = cs.high(), l = cs.low(), c = cs.close(), v = cs.volume();
      int n = cs.size();
      for (int i = 0; i < n; i++) out[i] = (byte) gen.onCandle(t[i], o[i], h[i], l[i], c[i], v[i]);
      gen.onEnd();
      bh.consume(out);
    }
  }

  // --- baseline: read the same columns, nothing else ---------------------------------------------------------

  @Benchmark
  @OperationsPerInvocation(CANDLES_1M_1PAIR)
  public void baseline1m1Pair(OnePair1m st, Blackhole bh) {
    baseline(st.data, bh);
  }

  @Benchmark
  @OperationsPerInvocation(CANDLES_5M_100PAIRS)
  public void baseline5m100Pairs(HundredPairs5m st, Blackhole bh) {
    baseline(st.data, bh);
  }

  /** Sums open, high, low and close (one accumulator per column) over every candle of every pair. */
  private static void baseline(List<CandleSeries> data, Blackhole bh) {
    for (CandleSeries cs : data) {
      double[] o = cs.open(), h = cs.high(), l = cs.low(), c = cs.close();
      int n = o.length;
      double so = 0, sh = 0, sl = 0, sc = 0;
      for (int i = 0; i < n; i++) {
        so += o[i];
        sh += h[i];
        sl += l[i];
        sc += c[i];
      }
      bh.consume(so);
      bh.consume(sh);
      bh.consume(sl);
      bh.consume(sc);
    }
  }
}
