package io.agora.core.indicator;

import static io.agora.core.indicator.Compare.assertClose;
import static io.agora.core.indicator.Compare.assertWarmUp;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.ta4j.core.BarSeries;
import org.ta4j.core.indicators.EMAIndicator;
import org.ta4j.core.indicators.MACDIndicator;
import org.ta4j.core.indicators.SMAIndicator;
import org.ta4j.core.indicators.WMAIndicator;
import org.ta4j.core.indicators.helpers.ClosePriceIndicator;

class MovingAverageTest {

  static Stream<Arguments> cases() {
    Candles small = Candles.small();
    Candles large = Candles.large();
    return Stream.of(
        Arguments.of("0.05", small, 5), Arguments.of("0.05", small, 20), Arguments.of("0.05", small, 200),
        Arguments.of("30000", large, 5), Arguments.of("30000", large, 20), Arguments.of("30000", large, 200));
  }

  @ParameterizedTest(name = "{0} period {2}")
  @MethodSource("cases")
  void smaMatchesTa4jAndDirectWindows(String label, Candles c, int period) {
    double[] out = new double[c.size()];
    Sma.compute(c.close, period, out);
    assertWarmUp("SMA", out, period - 1);
    double[] ta4j = Ta4j.values(new SMAIndicator(new ClosePriceIndicator(Ta4j.doubles(c)), period));
    assertClose("SMA vs ta4j", ta4j, out, period - 1, c.size() - period);
    assertClose("SMA vs direct", TaLibStyle.sma(c.close, period), out, 0, c.size() - period);
  }

  @ParameterizedTest(name = "{0} period {2}")
  @MethodSource("cases")
  void emaSeededWithFirstValueMatchesTa4j(String label, Candles c, int period) {
    double[] out = new double[c.size()];
    Ema.compute(c.close, period, Seeding.FIRST_VALUE, out);
    assertWarmUp("EMA", out, period - 1);
    double[] ta4j = Ta4j.values(new EMAIndicator(new ClosePriceIndicator(Ta4j.doubles(c)), period));
    assertClose("EMA vs ta4j", ta4j, out, period - 1, c.size() - period);
  }

  @ParameterizedTest(name = "{0} period {2}")
  @MethodSource("cases")
  void emaSeededWithSmaMatchesTaLibStyle(String label, Candles c, int period) {
    double[] out = new double[c.size()];
    Ema.compute(c.close, period, Seeding.SMA, out);
    assertWarmUp("EMA", out, period - 1);
    assertClose("EMA vs TA-Lib style", TaLibStyle.ema(c.close, period), out, 0, c.size() - period);
  }

  @Test
  void theTwoEmaSeedingsDifferAtFirstAndConvergeLater() {
    Candles c = Candles.large();
    double[] first = new double[c.size()];
    double[] sma = new double[c.size()];
    Ema.compute(c.close, 20, Seeding.FIRST_VALUE, first);
    Ema.compute(c.close, 20, Seeding.SMA, sma);
    assertFalse(Compare.close(first[19], sma[19]), "seedings should differ at 19");
    assertTrue(Compare.close(first[5999], sma[5999]));
  }

  @ParameterizedTest(name = "{0} period {2}")
  @MethodSource("cases")
  void wmaMatchesTa4jAndDirectWindows(String label, Candles c, int period) {
    double[] out = new double[c.size()];
    Wma.compute(c.close, period, out);
    assertWarmUp("WMA", out, period - 1);
    double[] ta4j = Ta4j.values(new WMAIndicator(new ClosePriceIndicator(Ta4j.doubles(c)), period));
    assertClose("WMA vs ta4j", ta4j, out, period - 1, c.size() - period);
    assertClose("WMA vs direct", TaLibStyle.wma(c.close, period), out, 0, c.size() - period);
  }

  static Stream<Arguments> macdCases() {
    Candles small = Candles.small();
    Candles large = Candles.large();
    return Stream.of(
        Arguments.of("0.05", small, 12, 26, 9), Arguments.of("0.05", small, 5, 35, 5),
        Arguments.of("30000", large, 12, 26, 9), Arguments.of("30000", large, 3, 10, 16));
  }

  @ParameterizedTest(name = "{0} ({2},{3},{4})")
  @MethodSource("macdCases")
  void macdSeededWithFirstValueMatchesTa4j(String label, Candles c, int fast, int slow, int signal) {
    int n = c.size();
    double[] line = new double[n];
    double[] sig = new double[n];
    double[] hist = new double[n];
    Macd.compute(c.close, fast, slow, signal, Seeding.FIRST_VALUE, line, sig, hist);
    assertWarmUp("MACD", line, slow - 1);
    assertWarmUp("signal", sig, slow + signal - 2);
    assertWarmUp("histogram", hist, slow + signal - 2);
    BarSeries s = Ta4j.doubles(c);
    MACDIndicator macd = new MACDIndicator(new ClosePriceIndicator(s), fast, slow);
    assertClose("MACD vs ta4j", Ta4j.values(macd), line, slow - 1, n - slow);
    assertClose("signal vs ta4j", Ta4j.values(macd.getSignalLine(signal)), sig, slow + signal - 2, n - slow - signal);
    assertClose("histogram vs ta4j", Ta4j.values(macd.getHistogram(signal)), hist, slow + signal - 2, n - slow - signal);
  }

  @ParameterizedTest(name = "{0} ({2},{3},{4})")
  @MethodSource("macdCases")
  void macdSeededWithSmaMatchesTaLibStyle(String label, Candles c, int fast, int slow, int signal) {
    int n = c.size();
    double[] line = new double[n];
    double[] sig = new double[n];
    double[] hist = new double[n];
    Macd.compute(c.close, fast, slow, signal, Seeding.SMA, line, sig, hist);
    assertWarmUp("MACD", line, slow - 1);
    assertWarmUp("signal", sig, slow + signal - 2);
    double[][] ref = TaLibStyle.macd(c.close, fast, slow, signal);
    assertClose("MACD vs TA-Lib style", ref[0], line, 0, n - slow);
    assertClose("signal vs TA-Lib style", ref[1], sig, 0, n - slow - signal);
    assertClose("histogram vs TA-Lib style", ref[2], hist, 0, n - slow - signal);
  }

  @Test
  void taLibMacdSeedsTheFastEmaAtTheSlowStartNotEarlier() {
    // An EMA(12) seeded at index 11 is still visibly different from TA-Lib's at index 40.
    Candles c = Candles.large();
    double[] line = new double[c.size()];
    Macd.compute(c.close, 12, 26, 9, Seeding.SMA, line, null, null);
    double[] early = TaLibStyle.ema(c.close, 12);
    double[] slow = TaLibStyle.ema(c.close, 26);
    assertFalse(Compare.close(early[40] - slow[40], line[40]));
  }
}
