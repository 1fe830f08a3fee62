package io.agora.core.strategy.builtin;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agora.core.indicator.BollingerBands;
import io.agora.core.indicator.Ema;
import io.agora.core.indicator.Macd;
import io.agora.core.indicator.Rsi;
import io.agora.core.indicator.Seeding;
import io.agora.core.indicator.StdDevKind;
import io.agora.core.market.CandleSeries;
import io.agora.core.market.Instrument;
import io.agora.core.market.Timeframe;
import io.agora.core.strategy.Signal;
import io.agora.core.strategy.SignalGenerator;
import io.agora.core.strategy.Strategy;
import io.agora.core.strategy.StrategyColumns;
import io.agora.core.strategy.StrategyRegistry;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Each built-in's incremental signals equal a recomputation from the batch indicator columns. */
class BuiltinStrategiesTest {
  private static final int N = 5_000;
  private static final double[] CLOSE = walk(42);

  private static double[] walk(long seed) {
    Random r = new Random(seed);
    double[] c = new double[N];
    double p = 100;
    for (int i = 0; i < N; i++) {
      p *= Math.exp(r.nextGaussian() * 0.01);
      c[i] = p;
    }
    return c;
  }

  private static int[] run(String name, Map<String, String> params) {
    Strategy s = StrategyRegistry.builtin().create(name, params);
    SignalGenerator g = s.newSignalGenerator(Instrument.of("SYN/USDT"), Timeframe.parse("5m"));
    int[] out = new int[N];
    for (int i = 0; i < N; i++) out[i] = g.onCandle(i * 300_000L, CLOSE[i], CLOSE[i], CLOSE[i], CLOSE[i], 1);
    return out;
  }

  private static int[] crosses(double[] diff, boolean canShort) {
    int[] out = new int[N];
    for (int i = 1; i < N; i++) {
      double a = diff[i - 1], b = diff[i];
      if (Double.isNaN(a) || Double.isNaN(b)) continue;
      if (a <= 0 && b > 0) out[i] = Signal.ENTER_LONG | Signal.EXIT_SHORT;
      else if (a >= 0 && b < 0) out[i] = Signal.EXIT_LONG | (canShort ? Signal.ENTER_SHORT : 0);
    }
    return out;
  }

  private static int count(int[] sig, int bit) {
    int n = 0;
    for (int s : sig) if ((s & bit) != 0) n++;
    return n;
  }

  @Test
  void emaCrossover() {
    double[] f = new double[N], s = new double[N], d = new double[N];
    Ema.compute(CLOSE, 9, Seeding.SMA, f);
    Ema.compute(CLOSE, 21, Seeding.SMA, s);
    for (int i = 0; i < N; i++) d[i] = f[i] - s[i];
    int[] got = run("EmaCrossover", Map.of("fast", "9", "slow", "21", "can_short", "true"));
    assertArrayEquals(crosses(d, true), got);
    assertTrue(count(got, Signal.ENTER_LONG) > 20, "a random walk crosses many times");
    assertThrows(IllegalArgumentException.class, () -> run("EmaCrossover", Map.of("fast", "30", "slow", "20")));
  }

  @Test
  void indicatorColumnsEqualTheBatchKernels() {
    double[] f = new double[N], sl = new double[N];
    Ema.compute(CLOSE, 9, Seeding.SMA, f);
    Ema.compute(CLOSE, 21, Seeding.SMA, sl);
    long[] t = new long[N];
    for (int i = 0; i < N; i++) t[i] = i * 300_000L;
    CandleSeries cs = new CandleSeries(Instrument.of("SYN/USDT"), Timeframe.parse("5m"), t, CLOSE, CLOSE, CLOSE, CLOSE, CLOSE);
    StrategyColumns cols = StrategyColumns.compute(StrategyRegistry.builtin().create("EmaCrossover", Map.of("fast", "9", "slow", "21")), cs);
    assertArrayEquals(f, cols.indicators().get("ema_fast"));
    assertArrayEquals(sl, cols.indicators().get("ema_slow"));
    double[] u = new double[N], m = new double[N], l = new double[N];
    BollingerBands.compute(CLOSE, 20, 2.0, u, m, l);
    StrategyColumns bb = StrategyColumns.compute(StrategyRegistry.builtin().create("BollingerBreakout", Map.of()), cs);
    assertArrayEquals(u, bb.indicators().get("bb_upperband"));
    assertArrayEquals(l, bb.indicators().get("bb_lowerband"));
  }

  @Test
  void macdTrend() {
    double[] m = new double[N], sg = new double[N], h = new double[N];
    Macd.compute(CLOSE, 12, 26, 9, Seeding.SMA, m, sg, h);
    int[] got = run("MacdTrend", Map.of());
    assertArrayEquals(crosses(h, false), got);
    assertTrue(count(got, Signal.ENTER_LONG) > 20);
  }

  @Test
  void rsiMeanReversion() {
    double[] r = new double[N];
    Rsi.compute(CLOSE, 14, Seeding.SMA, r);
    int[] want = new int[N];
    for (int i = 1; i < N; i++) {
      if (Double.isNaN(r[i - 1]) || Double.isNaN(r[i])) continue;
      if (r[i - 1] <= 30 && r[i] > 30) want[i] |= Signal.ENTER_LONG;
      if (r[i] >= 70) want[i] |= Signal.EXIT_LONG;
      if (r[i] <= 30) want[i] |= Signal.EXIT_SHORT;
    }
    int[] got = run("RsiMeanReversion", Map.of());
    assertArrayEquals(want, got);
    assertTrue(count(got, Signal.ENTER_LONG) > 5);
  }

  @Test
  void bollingerBreakout() {
    double[] u = new double[N], m = new double[N], l = new double[N];
    BollingerBands.compute(CLOSE, 20, 2.0, 2.0, StdDevKind.POPULATION, u, m, l);
    int[] want = new int[N];
    for (int i = 0; i < N; i++) {
      if (Double.isNaN(m[i])) continue;
      double c = CLOSE[i];
      if (c > u[i]) want[i] = Signal.ENTER_LONG | Signal.EXIT_SHORT;
      else if (c < l[i]) want[i] = Signal.EXIT_LONG;
      else if (c < m[i]) want[i] = Signal.EXIT_LONG;
      else if (c > m[i]) want[i] = Signal.EXIT_SHORT;
    }
    int[] got = run("BollingerBreakout", Map.of());
    assertArrayEquals(want, got);
    assertTrue(count(got, Signal.ENTER_LONG) > 20);
  }
}
