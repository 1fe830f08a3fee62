package io.agora.core.indicator;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.agora.core.market.CandleSeries;
import io.agora.core.market.Instrument;
import io.agora.core.market.Timeframe;
import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** What every kernel promises: warm-up where documented, batch equal to incremental, reset, no allocation. */
class IndicatorContractTest {
  private static final Candles DATA = Candles.randomWalk(7L, 3000, 0.05, 0.002, false);

  interface Step {
    void apply(Indicator indicator, Candles c, int i);
  }

  interface Read {
    void apply(Indicator indicator, double[] outputs);
  }

  interface Batch {
    void apply(Candles c, double[][] outputs);
  }

  record Spec(String name, Supplier<Indicator> factory, Step step, Read read, Batch batch, int warmUp, int... first) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Spec> specs() {
    List<Spec> specs = new java.util.ArrayList<>();
    specs.add(new Spec("SMA(20)", () -> new Sma(20), (x, c, i) -> ((Sma) x).update(c.close[i]),
        (x, o) -> o[0] = ((Sma) x).value(), (c, o) -> Sma.compute(c.close, 20, o[0]), 20, 19));
    specs.add(new Spec("WMA(10)", () -> new Wma(10), (x, c, i) -> ((Wma) x).update(c.close[i]),
        (x, o) -> o[0] = ((Wma) x).value(), (c, o) -> Wma.compute(c.close, 10, o[0]), 10, 9));
    specs.add(new Spec("VWAP", () -> new Vwap(), (x, c, i) -> ((Vwap) x).update(c.high[i], c.low[i], c.close[i], c.volume[i]),
        (x, o) -> o[0] = ((Vwap) x).value(), (c, o) -> Vwap.compute(c.high, c.low, c.close, c.volume, o[0]), 1, 0));
    specs.add(new Spec("rolling VWAP(24)", () -> new RollingVwap(24),
        (x, c, i) -> ((RollingVwap) x).update(c.high[i], c.low[i], c.close[i], c.volume[i]),
        (x, o) -> o[0] = ((RollingVwap) x).value(),
        (c, o) -> RollingVwap.compute(c.high, c.low, c.close, c.volume, 24, o[0]), 24, 23));
    specs.add(new Spec("Bollinger(20, 2)", () -> new BollingerBands(20, 2.0), (x, c, i) -> ((BollingerBands) x).update(c.close[i]),
        (x, o) -> {
          BollingerBands b = (BollingerBands) x;
          o[0] = b.upper();
          o[1] = b.middle();
          o[2] = b.lower();
        },
        (c, o) -> BollingerBands.compute(c.close, 20, 2.0, o[0], o[1], o[2]), 20, 19, 19, 19));
    specs.add(new Spec("stochastic(14, 3, 3)", () -> new Stochastic(14, 3, 3),
        (x, c, i) -> ((Stochastic) x).update(c.high[i], c.low[i], c.close[i]),
        (x, o) -> {
          o[0] = ((Stochastic) x).k();
          o[1] = ((Stochastic) x).d();
        },
        (c, o) -> Stochastic.compute(c.high, c.low, c.close, 14, 3, 3, o[0], o[1]), 18, 15, 17));
    specs.add(new Spec("stochastic(5, 3)", () -> new Stochastic(5, 3),
        (x, c, i) -> ((Stochastic) x).update(c.high[i], c.low[i], c.close[i]),
        (x, o) -> {
          o[0] = ((Stochastic) x).k();
          o[1] = ((Stochastic) x).d();
        },
        (c, o) -> Stochastic.compute(c.high, c.low, c.close, 5, 1, 3, o[0], o[1]), 7, 4, 6));
    for (StdDevKind kind : StdDevKind.values()) {
      specs.add(new Spec("std dev(20, " + kind + ")", () -> new RollingStdDev(20, kind),
          (x, c, i) -> ((RollingStdDev) x).update(c.close[i]), (x, o) -> o[0] = ((RollingStdDev) x).value(),
          (c, o) -> RollingStdDev.compute(c.close, 20, kind, o[0]), 20, 19));
      specs.add(new Spec("z-score(20, " + kind + ")", () -> new ZScore(20, kind),
          (x, c, i) -> ((ZScore) x).update(c.close[i]), (x, o) -> o[0] = ((ZScore) x).value(),
          (c, o) -> ZScore.compute(c.close, 20, kind, o[0]), 20, 19));
    }
    for (Obv.Origin origin : Obv.Origin.values()) {
      specs.add(new Spec("OBV(" + origin + ")", () -> new Obv(origin), (x, c, i) -> ((Obv) x).update(c.close[i], c.volume[i]),
          (x, o) -> o[0] = ((Obv) x).value(), (c, o) -> Obv.compute(c.close, c.volume, origin, o[0]), 1, 0));
    }
    for (Seeding seeding : Seeding.values()) {
      specs.add(new Spec("EMA(20, " + seeding + ")", () -> new Ema(20, seeding),
          (x, c, i) -> ((Ema) x).update(c.close[i]), (x, o) -> o[0] = ((Ema) x).value(),
          (c, o) -> Ema.compute(c.close, 20, seeding, o[0]), 20, 19));
      specs.add(new Spec("RSI(14, " + seeding + ")", () -> new Rsi(14, seeding),
          (x, c, i) -> ((Rsi) x).update(c.close[i]), (x, o) -> o[0] = ((Rsi) x).value(),
          (c, o) -> Rsi.compute(c.close, 14, seeding, o[0]), 15, 14));
      specs.add(new Spec("ATR(14, " + seeding + ")", () -> new Atr(14, seeding),
          (x, c, i) -> ((Atr) x).update(c.high[i], c.low[i], c.close[i]), (x, o) -> o[0] = ((Atr) x).value(),
          (c, o) -> Atr.compute(c.high, c.low, c.close, 14, seeding, o[0]), 15, 14));
      specs.add(new Spec("MACD(12, 26, 9, " + seeding + ")", () -> new Macd(12, 26, 9, seeding),
          (x, c, i) -> ((Macd) x).update(c.close[i]),
          (x, o) -> {
            Macd m = (Macd) x;
            o[0] = m.macd();
            o[1] = m.signal();
            o[2] = m.histogram();
          },
          (c, o) -> Macd.compute(c.close, 12, 26, 9, seeding, o[0], o[1], o[2]), 34, 25, 33, 33));
      specs.add(new Spec("StochRSI(14, 14, 3, 3, " + seeding + ")", () -> new StochRsi(14, 14, 3, 3, seeding),
          (x, c, i) -> ((StochRsi) x).update(c.close[i]),
          (x, o) -> {
            o[0] = ((StochRsi) x).k();
            o[1] = ((StochRsi) x).d();
          },
          (c, o) -> StochRsi.compute(c.close, 14, 14, 3, 3, seeding, o[0], o[1]), 32, 29, 31));
      specs.add(new Spec("ADX(14, " + seeding + ")", () -> new Adx(14, seeding),
          (x, c, i) -> ((Adx) x).update(c.high[i], c.low[i], c.close[i]),
          (x, o) -> {
            Adx a = (Adx) x;
            o[0] = a.adx();
            o[1] = a.plusDi();
            o[2] = a.minusDi();
          },
          (c, o) -> Adx.compute(c.high, c.low, c.close, 14, 14, seeding, o[0], o[1], o[2]), 28, 27, 14, 14));
      specs.add(new Spec("ADX(10, 20, " + seeding + ")", () -> new Adx(10, 20, seeding),
          (x, c, i) -> ((Adx) x).update(c.high[i], c.low[i], c.close[i]),
          (x, o) -> {
            Adx a = (Adx) x;
            o[0] = a.adx();
            o[1] = a.plusDi();
            o[2] = a.minusDi();
          },
          (c, o) -> Adx.compute(c.high, c.low, c.close, 10, 20, seeding, o[0], o[1], o[2]), 30, 29, 10, 10));
    }
    return specs.stream();
  }

  /** Runs the spec candle by candle: {@code [output][index]}. */
  private static double[][] incremental(Spec spec, Indicator indicator, Candles c) {
    int outputs = spec.first().length;
    double[][] result = new double[outputs][c.size()];
    double[] row = new double[outputs];
    for (int i = 0; i < c.size(); i++) {
      spec.step().apply(indicator, c, i);
      spec.read().apply(indicator, row);
      for (int j = 0; j < outputs; j++) {
        result[j][i] = row[j];
      }
    }
    return result;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("specs")
  void warmUpEndsWhereDocumented(Spec spec) {
    Indicator indicator = spec.factory().get();
    assertEquals(spec.warmUp(), indicator.warmUp(), "warmUp()");
    double[] row = new double[spec.first().length];
    for (int i = 0; i < DATA.size(); i++) {
      spec.step().apply(indicator, DATA, i);
      assertEquals(i + 1 >= spec.warmUp(), indicator.isReady(), "isReady() after update " + (i + 1));
      spec.read().apply(indicator, row);
      for (int j = 0; j < row.length; j++) {
        if (i < spec.first()[j]) {
          assertTrue(Double.isNaN(row[j]), "output " + j + " should be NaN at index " + i + ", is " + row[j]);
        } else {
          assertTrue(Double.isFinite(row[j]), "output " + j + " should be finite at index " + i + ", is " + row[j]);
        }
      }
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("specs")
  void batchEqualsIncremental(Spec spec) {
    double[][] expected = incremental(spec, spec.factory().get(), DATA);
    double[][] batch = new double[expected.length][DATA.size()];
    spec.batch().apply(DATA, batch);
    for (int j = 0; j < expected.length; j++) {
      assertArrayEquals(expected[j], batch[j], "output " + j);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("specs")
  void resetRestoresTheFreshState(Spec spec) {
    Indicator indicator = spec.factory().get();
    double[][] fresh = incremental(spec, spec.factory().get(), DATA);
    Candles head = Candles.randomWalk(8L, 1234, 30_000, 0.001, true);
    incremental(spec, indicator, head);
    assertTrue(indicator.isReady());
    indicator.reset();
    assertFalse(indicator.isReady());
    double[] row = new double[spec.first().length];
    spec.read().apply(indicator, row);
    for (double v : row) {
      assertTrue(Double.isNaN(v), "outputs are NaN after reset");
    }
    double[][] again = incremental(spec, indicator, DATA);
    for (int j = 0; j < fresh.length; j++) {
      assertArrayEquals(fresh[j], again[j], "output " + j);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("specs")
  void updatesAllocateNothing(Spec spec) {
    java.lang.management.ThreadMXBean bean = ManagementFactory.getThreadMXBean();
    assumeTrue(bean instanceof com.sun.management.ThreadMXBean, "no allocation counter on this JVM");
    com.sun.management.ThreadMXBean counter = (com.sun.management.ThreadMXBean) bean;
    assumeTrue(counter.isThreadAllocatedMemorySupported() && counter.isThreadAllocatedMemoryEnabled());
    Indicator indicator = spec.factory().get();
    double[] row = new double[spec.first().length];
    long thread = Thread.currentThread().getId();
    feed(spec, indicator, row, 3);
    long before = counter.getThreadAllocatedBytes(thread);
    feed(spec, indicator, row, 5);
    long allocated = counter.getThreadAllocatedBytes(thread) - before;
    // 15,000 updates: one small object per update would be hundreds of kilobytes.
    assertTrue(allocated < 4096, spec + " allocated " + allocated + " bytes over " + 5 * DATA.size() + " updates");
  }

  private static void feed(Spec spec, Indicator indicator, double[] row, int rounds) {
    for (int r = 0; r < rounds; r++) {
      for (int i = 0; i < DATA.size(); i++) {
        spec.step().apply(indicator, DATA, i);
        spec.read().apply(indicator, row);
      }
    }
  }

  @Test
  void candleSeriesOverloadsReadTheRightColumns() {
    Candles c = DATA;
    long[] times = new long[c.size()];
    for (int i = 0; i < times.length; i++) {
      times[i] = 1_700_000_000_000L + 300_000L * i;
    }
    CandleSeries series = new CandleSeries(
        Instrument.of("ALT/USDT"), Timeframe.parse("5m"), times, c.open, c.high, c.low, c.close, c.volume);
    int n = c.size();
    double[] a = new double[n];
    double[] b = new double[n];
    double[] a2 = new double[n];
    double[] b2 = new double[n];
    Atr.compute(c.high, c.low, c.close, 14, Seeding.SMA, a);
    Atr.compute(series, 14, Seeding.SMA, b);
    assertArrayEquals(a, b);
    Adx.compute(c.high, c.low, c.close, 14, 14, Seeding.SMA, a, a2, null);
    Adx.compute(series, 14, Seeding.SMA, b, b2, null);
    assertArrayEquals(a, b);
    assertArrayEquals(a2, b2);
    Stochastic.compute(c.high, c.low, c.close, 14, 3, 3, a, a2);
    Stochastic.compute(series, 14, 3, 3, b, b2);
    assertArrayEquals(a, b);
    assertArrayEquals(a2, b2);
    Obv.compute(c.close, c.volume, Obv.Origin.FIRST_VOLUME, a);
    Obv.compute(series, Obv.Origin.FIRST_VOLUME, b);
    assertArrayEquals(a, b);
    Vwap.compute(c.high, c.low, c.close, c.volume, a);
    Vwap.compute(series, b);
    assertArrayEquals(a, b);
    RollingVwap.compute(c.high, c.low, c.close, c.volume, 20, a);
    RollingVwap.compute(series, 20, b);
    assertArrayEquals(a, b);
  }

  @Test
  void parametersAreChecked() {
    assertThrows(IllegalArgumentException.class, () -> new Sma(0));
    assertThrows(IllegalArgumentException.class, () -> new Macd(26, 12, 9));
    assertThrows(IllegalArgumentException.class, () -> new RollingStdDev(1, StdDevKind.SAMPLE));
    assertThrows(IllegalArgumentException.class, () -> new BollingerBands(20, -1));
    assertThrows(NullPointerException.class, () -> new Ema(5, null));
    assertThrows(
        IllegalArgumentException.class, () -> Sma.compute(new double[10], 3, new double[9]));
    assertThrows(
        IllegalArgumentException.class, () -> Atr.compute(new double[10], new double[10], new double[9], 3, Seeding.SMA, new double[10]));
  }
}
