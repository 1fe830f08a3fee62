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
import org.ta4j.core.indicators.RSIIndicator;
import org.ta4j.core.indicators.SMAIndicator;
import org.ta4j.core.indicators.StochasticOscillatorKIndicator;
import org.ta4j.core.indicators.StochasticRSIIndicator;
import org.ta4j.core.indicators.CachedIndicator;
import org.ta4j.core.indicators.helpers.ClosePriceIndicator;
import org.ta4j.core.indicators.helpers.HighPriceIndicator;
import org.ta4j.core.indicators.helpers.LowPriceIndicator;
import org.ta4j.core.num.Num;
import org.ta4j.core.indicators.helpers.HighestValueIndicator;
import org.ta4j.core.indicators.helpers.LowestValueIndicator;

class StochasticTest {

  static Stream<Arguments> cases() {
    Candles small = Candles.small();
    Candles large = Candles.large();
    return Stream.of(
        Arguments.of("0.05", small, 14, 1, 3), Arguments.of("0.05", small, 5, 3, 3),
        Arguments.of("30000", large, 14, 1, 3), Arguments.of("30000", large, 21, 3, 5),
        Arguments.of("30000", large, 1, 1, 1));
  }

  @ParameterizedTest(name = "{0} ({2},{3},{4})")
  @MethodSource("cases")
  void matchesTa4jWhereTa4jIsDefinedAndIsZeroOverZeroRanges(
      String label, Candles c, int kPeriod, int kSmoothing, int dPeriod) {
    int n = c.size();
    double[] k = new double[n];
    double[] d = new double[n];
    Stochastic.compute(c.high, c.low, c.close, kPeriod, kSmoothing, dPeriod, k, d);
    int firstK = kPeriod + kSmoothing - 2;
    int firstD = firstK + dPeriod - 1;
    assertWarmUp("%K", k, firstK);
    assertWarmUp("%D", d, firstD);

    BarSeries s = Ta4j.doubles(c);
    StochasticOscillatorKIndicator rawK = new StochasticOscillatorKIndicator(s, kPeriod);
    double[] ta4jRawK = Ta4j.values(rawK);
    double[] hh = Ta4j.values(new HighestValueIndicator(new HighPriceIndicator(s), kPeriod));
    double[] ll = Ta4j.values(new LowestValueIndicator(new LowPriceIndicator(s), kPeriod));
    int zeroRanges = 0;
    for (int i = kPeriod - 1; i < n; i++) {
      if (hh[i] == ll[i]) {
        // ta4j divides 0 by 0 here; TA-Lib, and this class, say 0.
        zeroRanges++;
        assertTrue(Double.isNaN(ta4jRawK[i]), "ta4j's %K over a zero range at " + i);
        if (kSmoothing == 1) {
          assertEquals(0.0, k[i], "%K over a zero range at " + i);
        }
      } else {
        assertTrue(Double.isFinite(ta4jRawK[i]));
      }
    }
    assertTrue(zeroRanges > 0, "the data should contain zero-range windows");
    // ta4j's SMA would carry such a NaN forever (its running sum), so smooth ta4j's %K with the zero put in.
    org.ta4j.core.Indicator<Num> fixedK = new ZeroForNaN(rawK);
    org.ta4j.core.Indicator<Num> slowK = kSmoothing == 1 ? fixedK : new SMAIndicator(fixedK, kSmoothing);
    assertClose("%K vs ta4j", Ta4j.values(slowK), k, firstK, n - firstK);
    assertClose("%D vs ta4j", Ta4j.values(new SMAIndicator(slowK, dPeriod)), d, firstD, n - firstD);

    double[][] ref = TaLibStyle.stoch(c.high, c.low, c.close, kPeriod, kSmoothing, dPeriod);
    assertClose("%K vs TA-Lib style", ref[0], k, 0, n - firstK);
    assertClose("%D vs TA-Lib style", ref[1], d, 0, n - firstD);
  }

  /** A ta4j indicator with NaN replaced by 0. */
  private static final class ZeroForNaN extends CachedIndicator<Num> {
    private final org.ta4j.core.Indicator<Num> source;

    ZeroForNaN(org.ta4j.core.Indicator<Num> source) {
      super(source);
      this.source = source;
    }

    @Override
    protected Num calculate(int index) {
      Num v = source.getValue(index);
      return v.isNaN() ? zero() : v;
    }

    @Override
    public int getUnstableBars() {
      return 0;
    }
  }

  @Test
  void zeroRangeGivesZeroNotNaN() {
    Candles c = Candles.constant(40, 0.05, 1);
    double[] k = new double[40];
    double[] d = new double[40];
    Stochastic.compute(c.high, c.low, c.close, 14, 3, 3, k, d);
    for (int i = 17; i < 40; i++) {
      assertEquals(0.0, k[i]);
      assertEquals(0.0, d[i]);
    }
  }

  static Stream<Arguments> stochRsiCases() {
    Candles small = Candles.small();
    Candles large = Candles.large();
    return Stream.of(
        Arguments.of("0.05", small, 14, 5, 1, 3), Arguments.of("0.05", small, 14, 14, 3, 3),
        Arguments.of("30000", large, 14, 5, 1, 3), Arguments.of("30000", large, 14, 14, 3, 3),
        Arguments.of("30000", large, 6, 10, 2, 4));
  }

  @ParameterizedTest(name = "{0} ({2},{3},{4},{5})")
  @MethodSource("stochRsiCases")
  void stochRsiSeededWithSmaMatchesTaLibStyle(
      String label, Candles c, int rsiPeriod, int stochPeriod, int kSmoothing, int dPeriod) {
    int n = c.size();
    double[] k = new double[n];
    double[] d = new double[n];
    StochRsi.compute(c.close, rsiPeriod, stochPeriod, kSmoothing, dPeriod, Seeding.SMA, k, d);
    int firstK = rsiPeriod + stochPeriod + kSmoothing - 2;
    assertWarmUp("%K", k, firstK);
    assertWarmUp("%D", d, firstK + dPeriod - 1);
    double[][] ref = TaLibStyle.stochRsi(c.close, rsiPeriod, stochPeriod, kSmoothing, dPeriod);
    assertClose("StochRSI %K vs TA-Lib style", ref[0], k, 0, n - firstK);
    assertClose("StochRSI %D vs TA-Lib style", ref[1], d, 0, n - firstK - dPeriod);
  }

  @ParameterizedTest(name = "{0} period {2}")
  @MethodSource("ta4jStochRsiCases")
  void stochRsiSeededWithFirstValueMatchesTa4j(String label, Candles c, int period) {
    int n = c.size();
    double[] k = new double[n];
    StochRsi.compute(c.close, period, period, 1, 1, Seeding.FIRST_VALUE, k, null);
    int firstK = 2 * period - 1;
    assertWarmUp("%K", k, firstK);
    BarSeries s = Ta4j.doubles(c);
    RSIIndicator rsi = new RSIIndicator(new ClosePriceIndicator(s), period);
    double[] expected = Ta4j.scaled(Ta4j.values(new StochasticRSIIndicator(rsi, period)), 100.0);
    double[] r = Ta4j.values(rsi);
    double[] max = Ta4j.values(new HighestValueIndicator(rsi, period));
    double[] min = Ta4j.values(new LowestValueIndicator(rsi, period));
    int flat = 0;
    for (int i = firstK; i < n; i++) {
      // Over unchanged closes ta4j's RSI moves by rounding noise only (the exact RSI does not move, nor does this
      // class's), and its %K turns that noise into anything: 0/0 over a flat window, noise/range next to one.
      if (max[i] - min[i] < 1e-7) {
        flat++;
        assertEquals(0.0, k[i], "%K over a flat RSI window at " + i);
        expected[i] = 0.0;
      } else if (r[i] - min[i] < 1e-9) {
        expected[i] = 0.0;
      } else if (max[i] - r[i] < 1e-9) {
        expected[i] = 100.0;
      }
    }
    assertTrue(flat > 0, "the data should contain flat RSI windows");
    assertClose("StochRSI vs ta4j", expected, k, firstK, n - firstK - 200);
  }

  static Stream<Arguments> ta4jStochRsiCases() {
    return Stream.of(Arguments.of("0.05", Candles.small(), 14), Arguments.of("30000", Candles.large(), 14),
        Arguments.of("30000", Candles.large(), 5));
  }
}
