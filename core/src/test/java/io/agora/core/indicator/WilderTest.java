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
import org.ta4j.core.indicators.ATRIndicator;
import org.ta4j.core.indicators.RSIIndicator;
import org.ta4j.core.indicators.adx.ADXIndicator;
import org.ta4j.core.indicators.adx.MinusDIIndicator;
import org.ta4j.core.indicators.adx.PlusDIIndicator;
import org.ta4j.core.indicators.helpers.ClosePriceIndicator;

/** RSI, ATR and ADX: Wilder's smoothing under ta4j's and TA-Lib's seedings. */
class WilderTest {

  static Stream<Arguments> cases() {
    Candles small = Candles.small();
    Candles large = Candles.large();
    return Stream.of(
        Arguments.of("0.05", small, 14), Arguments.of("0.05", small, 3), Arguments.of("0.05", small, 50),
        Arguments.of("30000", large, 14), Arguments.of("30000", large, 2), Arguments.of("30000", large, 30));
  }

  @ParameterizedTest(name = "{0} period {2}")
  @MethodSource("cases")
  void rsiSeededWithFirstValueMatchesTa4j(String label, Candles c, int period) {
    double[] out = new double[c.size()];
    Rsi.compute(c.close, period, Seeding.FIRST_VALUE, out);
    assertWarmUp("RSI", out, period);
    double[] ta4j = Ta4j.values(new RSIIndicator(new ClosePriceIndicator(Ta4j.doubles(c)), period));
    assertClose("RSI vs ta4j", ta4j, out, period, c.size() - period - 1);
  }

  @ParameterizedTest(name = "{0} period {2}")
  @MethodSource("cases")
  void rsiSeededWithSmaMatchesTaLibStyle(String label, Candles c, int period) {
    double[] out = new double[c.size()];
    Rsi.compute(c.close, period, Seeding.SMA, out);
    assertWarmUp("RSI", out, period);
    assertClose("RSI vs TA-Lib style", TaLibStyle.rsi(c.close, period), out, 0, c.size() - period - 1);
  }

  @Test
  void rsiIs100WithoutLossesUnderBothSeedings() {
    // The generated series opens with 30 strictly rising closes.
    Candles c = Candles.small();
    double[] ta4j = Ta4j.values(new RSIIndicator(new ClosePriceIndicator(Ta4j.doubles(c)), 14));
    double[] taLib = TaLibStyle.rsi(c.close, 14);
    for (Seeding seeding : Seeding.values()) {
      double[] out = new double[c.size()];
      Rsi.compute(c.close, 14, seeding, out);
      for (int i = 14; i < 30; i++) {
        assertEquals(100.0, out[i], seeding + " at " + i);
        assertEquals(100.0, ta4j[i], "ta4j at " + i);
        assertEquals(100.0, taLib[i], "TA-Lib style at " + i);
      }
    }
  }

  @Test
  void rsiIsZeroOverConstantPricesAsBothLibraries() {
    Candles c = Candles.constant(100, 0.05, 10);
    double[] ta4j = Ta4j.values(new RSIIndicator(new ClosePriceIndicator(Ta4j.doubles(c)), 14));
    for (Seeding seeding : Seeding.values()) {
      double[] out = new double[c.size()];
      Rsi.compute(c.close, 14, seeding, out);
      assertWarmUp("RSI", out, 14);
      for (int i = 14; i < c.size(); i++) {
        assertEquals(0.0, ta4j[i]);
        assertEquals(0.0, out[i], seeding + " at " + i);
      }
    }
  }

  @Test
  void rsiHoldsExactlyOverAFlatStretch() {
    Candles c = Candles.large();
    Candles.Flat flat = Candles.flats(c.size(), true)[0];
    for (Seeding seeding : Seeding.values()) {
      double[] out = new double[c.size()];
      Rsi.compute(c.close, 14, seeding, out);
      for (int i = flat.start(); i < flat.end(); i++) {
        assertEquals(out[flat.start() - 1], out[i], seeding + " at " + i);
      }
    }
  }

  @ParameterizedTest(name = "{0} period {2}")
  @MethodSource("cases")
  void atrSeededWithFirstValueMatchesTa4j(String label, Candles c, int period) {
    double[] out = new double[c.size()];
    Atr.compute(c.high, c.low, c.close, period, Seeding.FIRST_VALUE, out);
    assertWarmUp("ATR", out, period);
    double[] ta4j = Ta4j.values(new ATRIndicator(Ta4j.doubles(c), period));
    assertClose("ATR vs ta4j", ta4j, out, period, c.size() - period - 1);
  }

  @ParameterizedTest(name = "{0} period {2}")
  @MethodSource("cases")
  void atrSeededWithSmaMatchesTaLibStyle(String label, Candles c, int period) {
    double[] out = new double[c.size()];
    Atr.compute(c.high, c.low, c.close, period, Seeding.SMA, out);
    assertWarmUp("ATR", out, period);
    assertClose("ATR vs TA-Lib style", TaLibStyle.atr(c.high, c.low, c.close, period), out, 0, c.size() - period - 1);
  }

  /**
   * ta4j's DI and DX compare with zero through DoubleNum.equals, which means within 1e-5 (see {@link Ta4j}): an
   * ATR at price 0.05, or one decaying over a flat stretch, would read as zero. DecimalNum compares exactly.
   */
  private static BarSeries adxSeries(Candles c) {
    return Ta4j.decimals(c);
  }

  @ParameterizedTest(name = "{0} period {2}")
  @MethodSource("cases")
  void adxSeededWithFirstValueMatchesTa4j(String label, Candles c, int period) {
    int n = c.size();
    double[] adx = new double[n];
    double[] plus = new double[n];
    double[] minus = new double[n];
    Adx.compute(c.high, c.low, c.close, period, period, Seeding.FIRST_VALUE, adx, plus, minus);
    assertWarmUp("+DI", plus, period);
    assertWarmUp("-DI", minus, period);
    assertWarmUp("ADX", adx, 2 * period - 1);
    BarSeries s = adxSeries(c);
    assertClose("+DI vs ta4j", Ta4j.values(new PlusDIIndicator(s, period)), plus, period, n - period - 1);
    assertClose("-DI vs ta4j", Ta4j.values(new MinusDIIndicator(s, period)), minus, period, n - period - 1);
    assertClose("ADX vs ta4j", Ta4j.values(new ADXIndicator(s, period)), adx, 2 * period - 1, n - 2 * period);
  }

  @Test
  void adxWithSeparatePeriodsMatchesTa4j() {
    Candles c = Candles.large();
    int n = c.size();
    double[] adx = new double[n];
    Adx.compute(c.high, c.low, c.close, 14, 20, Seeding.FIRST_VALUE, adx, null, null);
    assertWarmUp("ADX", adx, 14 + 20 - 1);
    assertClose("ADX(14, 20) vs ta4j", Ta4j.values(new ADXIndicator(adxSeries(c), 14, 20)), adx, 33, n - 33);
  }

  @ParameterizedTest(name = "{0} period {2}")
  @MethodSource("cases")
  void adxSeededWithSmaMatchesTaLibStyle(String label, Candles c, int period) {
    int n = c.size();
    double[] adx = new double[n];
    double[] plus = new double[n];
    double[] minus = new double[n];
    Adx.compute(c.high, c.low, c.close, period, period, Seeding.SMA, adx, plus, minus);
    assertWarmUp("ADX", adx, 2 * period - 1);
    double[][] ref = TaLibStyle.dmi(c.high, c.low, c.close, period);
    assertClose("+DI vs TA-Lib style", ref[0], plus, 0, n - period - 1);
    assertClose("-DI vs TA-Lib style", ref[1], minus, 0, n - period - 1);
    assertClose("ADX vs TA-Lib style", ref[2], adx, 0, n - 2 * period);
  }

  @Test
  void constantPricesGiveZeroRangeIndicatorsUnderBothSeedings() {
    Candles c = Candles.constant(80, 30_000, 5);
    BarSeries s = Ta4j.doubles(c);
    double[] ta4jAdx = Ta4j.values(new ADXIndicator(s, 14));
    double[] ta4jAtr = Ta4j.values(new ATRIndicator(s, 14));
    for (Seeding seeding : Seeding.values()) {
      double[] adx = new double[c.size()];
      double[] plus = new double[c.size()];
      double[] atr = new double[c.size()];
      Adx.compute(c.high, c.low, c.close, 14, 14, seeding, adx, plus, null);
      Atr.compute(c.high, c.low, c.close, 14, seeding, atr);
      for (int i = 27; i < c.size(); i++) {
        assertEquals(0.0, ta4jAdx[i]);
        assertEquals(0.0, ta4jAtr[i]);
        assertEquals(0.0, adx[i], seeding + " ADX at " + i);
        assertEquals(0.0, plus[i], seeding + " +DI at " + i);
        assertEquals(0.0, atr[i], seeding + " ATR at " + i);
      }
    }
  }

  /**
   * A trend, then inside bars (highs and lows unchanged, closes moving): no new directional movement, so +DI
   * decays while the true range stays up and DX stays at 100.
   */
  @Test
  void adxOverInsideBarsAfterATrendFollowsEachLibrary() {
    int n = 200;
    Candles c = Candles.constant(n, 0, 1);
    for (int i = 0; i < n; i++) {
      double mid = i < 60 ? 100 + i : 160;
      c.high[i] = mid + 1;
      c.low[i] = mid - 1;
      c.close[i] = mid + (i % 2 == 0 ? 0.5 : -0.5);
      c.open[i] = mid;
    }
    double[] adx = new double[n];
    double[] plus = new double[n];
    Adx.compute(c.high, c.low, c.close, 14, 14, Seeding.SMA, adx, plus, null);
    double[][] ref = TaLibStyle.dmi(c.high, c.low, c.close, 14);
    assertClose("+DI vs TA-Lib style", ref[0], plus, 0, n - 15);
    assertClose("ADX vs TA-Lib style", ref[2], adx, 0, n - 28);
    assertTrue(plus[n - 1] < plus[70] / 100, "+DI decays");

    Adx.compute(c.high, c.low, c.close, 14, 14, Seeding.FIRST_VALUE, adx, plus, null);
    BarSeries s = adxSeries(c);
    assertClose("+DI vs ta4j", Ta4j.values(new PlusDIIndicator(s, 14)), plus, 14, n - 15);
    assertClose("ADX vs ta4j", Ta4j.values(new ADXIndicator(s, 14)), adx, 27, n - 28);
  }
}
