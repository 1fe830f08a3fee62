package io.agora.core.indicator;

import static io.agora.core.indicator.Compare.assertClose;
import static io.agora.core.indicator.Compare.assertWarmUp;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.ta4j.core.BarSeries;
import org.ta4j.core.indicators.SMAIndicator;
import org.ta4j.core.indicators.bollinger.BollingerBandsLowerIndicator;
import org.ta4j.core.indicators.bollinger.BollingerBandsMiddleIndicator;
import org.ta4j.core.indicators.bollinger.BollingerBandsUpperIndicator;
import org.ta4j.core.indicators.helpers.ClosePriceIndicator;
import org.ta4j.core.indicators.statistics.SigmaIndicator;
import org.ta4j.core.indicators.statistics.StandardDeviationIndicator;

/**
 * Rolling standard deviation, Bollinger bands and z-score. ta4j runs on DecimalNum here: its DoubleNum SMA keeps a
 * running sum whose drift shows up as a false deviation of about 1e-10 over a flat window at 30,000.
 */
class DispersionTest {

  static Stream<Arguments> cases() {
    Candles small = Candles.small();
    Candles large = Candles.large();
    return Stream.of(
        Arguments.of("0.05", small, 20), Arguments.of("0.05", small, 2), Arguments.of("0.05", small, 100),
        Arguments.of("30000", large, 20), Arguments.of("30000", large, 5), Arguments.of("30000", large, 50));
  }

  @ParameterizedTest(name = "{0} period {2}")
  @MethodSource("cases")
  void populationStdDevMatchesTa4jAndExactWindows(String label, Candles c, int period) {
    int n = c.size();
    double[] out = new double[n];
    RollingStdDev.compute(c.close, period, StdDevKind.POPULATION, out);
    assertWarmUp("std dev", out, period - 1);
    double[] ta4j = Ta4j.values(new StandardDeviationIndicator(new ClosePriceIndicator(Ta4j.decimals(c)), period));
    assertClose("std dev vs ta4j", ta4j, out, period - 1, n - period);
    assertClose("std dev vs exact", exactStdDev(c.close, period, StdDevKind.POPULATION), out, 0, n - period);
    assertZeroOverFlatWindows(c, period, out);
  }

  @ParameterizedTest(name = "{0} period {2}")
  @MethodSource("cases")
  void sampleStdDevMatchesExactWindows(String label, Candles c, int period) {
    int n = c.size();
    double[] out = new double[n];
    RollingStdDev.compute(c.close, period, StdDevKind.SAMPLE, out);
    assertWarmUp("std dev", out, period - 1);
    assertClose("sample std dev vs exact", exactStdDev(c.close, period, StdDevKind.SAMPLE), out, 0, n - period);
  }

  @ParameterizedTest(name = "{0} period {2}")
  @MethodSource("cases")
  void bollingerBandsMatchTa4j(String label, Candles c, int period) {
    int n = c.size();
    double[] upper = new double[n];
    double[] middle = new double[n];
    double[] lower = new double[n];
    BollingerBands.compute(c.close, period, 2.0, upper, middle, lower);
    assertWarmUp("upper", upper, period - 1);
    assertWarmUp("middle", middle, period - 1);
    assertWarmUp("lower", lower, period - 1);
    BarSeries s = Ta4j.decimals(c);
    ClosePriceIndicator close = new ClosePriceIndicator(s);
    BollingerBandsMiddleIndicator mid = new BollingerBandsMiddleIndicator(new SMAIndicator(close, period));
    StandardDeviationIndicator sd = new StandardDeviationIndicator(close, period);
    org.ta4j.core.num.Num k = s.numOf(2);
    assertClose("upper vs ta4j", Ta4j.values(new BollingerBandsUpperIndicator(mid, sd, k)), upper, period - 1, n - period);
    assertClose("middle vs ta4j", Ta4j.values(mid), middle, period - 1, n - period);
    assertClose("lower vs ta4j", Ta4j.values(new BollingerBandsLowerIndicator(mid, sd, k)), lower, period - 1, n - period);
  }

  @ParameterizedTest(name = "{0} period {2}")
  @MethodSource("cases")
  void asymmetricSampleBandsMatchExactWindows(String label, Candles c, int period) {
    int n = c.size();
    double[] upper = new double[n];
    double[] lower = new double[n];
    BollingerBands.compute(c.close, period, 2.5, 1.5, StdDevKind.SAMPLE, upper, null, lower);
    double[] sd = exactStdDev(c.close, period, StdDevKind.SAMPLE);
    double[] expectedUpper = TaLibStyle.nans(n);
    double[] expectedLower = TaLibStyle.nans(n);
    for (int i = period - 1; i < n; i++) {
      double mean = Exact.meanAt(c.close, i, period);
      expectedUpper[i] = mean + 2.5 * sd[i];
      expectedLower[i] = mean - 1.5 * sd[i];
    }
    assertClose("upper vs exact", expectedUpper, upper, 0, n - period);
    assertClose("lower vs exact", expectedLower, lower, 0, n - period);
  }

  @ParameterizedTest(name = "{0} period {2}")
  @MethodSource("cases")
  void zScoreMatchesTa4jSigmaAndIsZeroOverFlatWindows(String label, Candles c, int period) {
    int n = c.size();
    double[] out = new double[n];
    ZScore.compute(c.close, period, StdDevKind.POPULATION, out);
    assertWarmUp("z-score", out, period - 1);
    double[] ta4j = Ta4j.values(new SigmaIndicator(new ClosePriceIndicator(Ta4j.decimals(c)), period));
    for (int i = period - 1; i < n; i++) {
      boolean flat = isFlat(c.close, i - period + 1, i + 1);
      assertEquals(flat, Double.isNaN(ta4j[i]), "ta4j's sigma is NaN exactly over flat windows, at " + i);
      if (flat) {
        // ta4j divides 0 by 0 over a flat window; the z-score is defined as 0 there.
        assertEquals(0.0, out[i], "z-score over a flat window at " + i);
        ta4j[i] = 0.0;
      }
    }
    assertClose("z-score vs ta4j", ta4j, out, period - 1, n - period);
    double[] exact = TaLibStyle.nans(n);
    for (int i = period - 1; i < n; i++) {
      exact[i] = Exact.zScoreAt(c.close, i, period, StdDevKind.POPULATION);
    }
    assertClose("z-score vs exact", exact, out, 0, n - period);
  }

  @ParameterizedTest(name = "{0} period {2}")
  @MethodSource("cases")
  void sampleZScoreMatchesExactWindows(String label, Candles c, int period) {
    int n = c.size();
    double[] out = new double[n];
    ZScore.compute(c.close, period, StdDevKind.SAMPLE, out);
    double[] exact = TaLibStyle.nans(n);
    for (int i = period - 1; i < n; i++) {
      exact[i] = Exact.zScoreAt(c.close, i, period, StdDevKind.SAMPLE);
    }
    assertClose("sample z-score vs exact", exact, out, 0, n - period);
  }

  @Test
  void constantPricesGiveZeroDeviationAndCollapsedBands() {
    Candles c = Candles.constant(50, 30_000.1, 1);
    BollingerBands bb = new BollingerBands(20, 2.0);
    RollingStdDev sd = new RollingStdDev(20, StdDevKind.SAMPLE);
    ZScore z = new ZScore(20);
    for (int i = 0; i < c.size(); i++) {
      bb.update(c.close[i]);
      sd.update(c.close[i]);
      z.update(c.close[i]);
    }
    assertEquals(0.0, sd.value());
    assertEquals(0.0, z.value());
    assertEquals(30_000.1, bb.middle());
    assertEquals(30_000.1, bb.upper());
    assertEquals(30_000.1, bb.lower());
  }

  private static boolean isFlat(double[] x, int from, int to) {
    for (int i = from + 1; i < to; i++) {
      if (x[i] != x[from]) {
        return false;
      }
    }
    return true;
  }

  static double[] exactStdDev(double[] x, int period, StdDevKind kind) {
    double[] out = TaLibStyle.nans(x.length);
    for (int i = period - 1; i < x.length; i++) {
      out[i] = Exact.stdDevAt(x, i, period, kind);
    }
    return out;
  }

  /** Every fully flat window reads exactly 0, not rounding noise, and there are some unless the period is long. */
  private static void assertZeroOverFlatWindows(Candles c, int period, double[] sd) {
    int flat = 0;
    for (int i = period - 1; i < c.size(); i++) {
      if (isFlat(c.close, i - period + 1, i + 1)) {
        flat++;
        assertEquals(0.0, sd[i], "std dev over a flat window at " + i);
      }
    }
    assertTrue(period > 60 || flat > 0, "the data should contain flat windows");
  }
}
