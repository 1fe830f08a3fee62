package io.agora.core.indicator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.math.BigDecimal;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * A million candles through every sliding or cumulative kernel, checked against direct exact computations at
 * checkpoints. The series is built to expose drift: 300,000 candles around 30,000, a crash to around 0.05 (a naive
 * running sum still carries the rounding error of the 30,000 era, about 1e-8, which is 1e-8 relative at the new
 * level), and long flat stretches late in the series (a drifting variance reads as a false deviation there).
 */
class DriftTest {
  private static final int N = 1_000_000;
  private static final int CRASH_START = 300_000;
  private static final int CRASH_END = 320_000;
  private static final int[] FLATS = {150_000, 600_000, 800_000, 950_000};
  private static final int FLAT_LENGTH = 300;

  private static Candles series() {
    Candles c = Candles.constant(N, 0, 0);
    Random random = new Random(42);
    double logPrice = Math.log(30_000);
    double crashDrift = Math.log(0.05 / 30_000) / (CRASH_END - CRASH_START);
    double previous = 30_000;
    for (int i = 0; i < N; i++) {
      boolean flat = false;
      for (int f : FLATS) {
        flat |= i >= f && i < f + FLAT_LENGTH;
      }
      double close;
      if (flat) {
        close = previous;
      } else {
        logPrice += 0.002 * random.nextGaussian() + (i >= CRASH_START && i < CRASH_END ? crashDrift : 0);
        close = Math.exp(logPrice);
      }
      double o = previous;
      double spread = flat ? 0 : 0.001 * Math.abs(random.nextGaussian());
      c.open[i] = o;
      c.close[i] = close;
      c.high[i] = Math.max(o, close) * (1 + spread);
      c.low[i] = Math.min(o, close) * (1 - spread);
      // The first flat trades nothing, the others keep trading at the same price.
      c.volume[i] = flat && i < FLATS[1] ? 0 : 500 * Math.exp(random.nextGaussian());
      previous = close;
    }
    return c;
  }

  private static boolean checkpoint(int i) {
    if (i % 499 == 0 || i >= N - 100 || (i >= CRASH_END && i < CRASH_END + 300)) {
      return true;
    }
    for (int f : FLATS) {
      if (i >= f - 5 && i < f + FLAT_LENGTH + 300) {
        return i % 3 == 0;
      }
    }
    return false;
  }

  @Test
  void slidingAndCumulativeKernelsStayWithinToleranceOfExactRecomputation() {
    Candles c = series();
    Sma sma20 = new Sma(20);
    Sma sma200 = new Sma(200);
    Wma wma30 = new Wma(30);
    RollingStdDev population = new RollingStdDev(20, StdDevKind.POPULATION);
    RollingStdDev sample = new RollingStdDev(50, StdDevKind.SAMPLE);
    ZScore zScore = new ZScore(20);
    BollingerBands bands = new BollingerBands(20, 2.0);
    RollingVwap rollingVwap = new RollingVwap(48);
    Vwap vwap = new Vwap();
    Obv obv = new Obv(Obv.Origin.ZERO);
    BigDecimal exactObv = BigDecimal.ZERO;
    BigDecimal exactPriceVolume = BigDecimal.ZERO;
    BigDecimal exactVolume = BigDecimal.ZERO;
    int checked = 0;
    int flatWindows = 0;
    for (int i = 0; i < N; i++) {
      double x = c.close[i];
      sma20.update(x);
      sma200.update(x);
      wma30.update(x);
      population.update(x);
      sample.update(x);
      zScore.update(x);
      bands.update(x);
      rollingVwap.update(c.high[i], c.low[i], x, c.volume[i]);
      vwap.update(c.high[i], c.low[i], x, c.volume[i]);
      obv.update(x, c.volume[i]);
      if (i > 0 && x > c.close[i - 1]) {
        exactObv = exactObv.add(new BigDecimal(c.volume[i]));
      } else if (i > 0 && x < c.close[i - 1]) {
        exactObv = exactObv.subtract(new BigDecimal(c.volume[i]));
      }
      exactPriceVolume = exactPriceVolume.add(new BigDecimal(Exact.priceVolume(c, i)));
      exactVolume = exactVolume.add(new BigDecimal(c.volume[i]));
      if (i < 200 || !checkpoint(i)) {
        continue;
      }
      checked++;
      double[] close = c.close;
      check("SMA(20)", i, Exact.meanAt(close, i, 20), sma20.value());
      check("SMA(200)", i, Exact.meanAt(close, i, 200), sma200.value());
      check("WMA(30)", i, Exact.wmaAt(close, i, 30), wma30.value());
      double sd = Exact.stdDevAt(close, i, 20, StdDevKind.POPULATION);
      if (sd == 0) {
        flatWindows++;
        assertEquals(0.0, population.value(), "flat window at " + i);
      }
      check("std dev(20)", i, sd, population.value());
      check("sample std dev(50)", i, Exact.stdDevAt(close, i, 50, StdDevKind.SAMPLE), sample.value());
      check("z-score(20)", i, Exact.zScoreAt(close, i, 20, StdDevKind.POPULATION), zScore.value());
      check("Bollinger middle", i, Exact.meanAt(close, i, 20), bands.middle());
      check("Bollinger upper", i, Exact.mean(close, i - 19, i + 1).add(BigDecimal.valueOf(2 * sd)).doubleValue(), bands.upper());
      double expectedRolling = Exact.vwap(c, i - 47, i + 1);
      if (Double.isNaN(expectedRolling)) {
        assertTrue(Double.isNaN(rollingVwap.value()), "volume-less window at " + i);
      } else {
        check("rolling VWAP(48)", i, expectedRolling, rollingVwap.value());
      }
      check("VWAP", i, exactPriceVolume.divide(exactVolume, Exact.MC).doubleValue(), vwap.value());
      check("OBV", i, exactObv.doubleValue(), obv.value());
    }
    assertTrue(checked > 3_000, "checkpoints: " + checked);
    assertTrue(flatWindows > 300, "flat windows checked: " + flatWindows);
  }

  private static void check(String what, int i, double expected, double actual) {
    if (!Compare.close(expected, actual)) {
      fail(what + " at candle " + i + ": exact " + expected + ", kernel " + actual + " (diff " + (actual - expected) + ")");
    }
  }
}
