package io.agora.core.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agora.core.report.json.TradeJson;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SumsAndFormatTest {

  @Test
  void pairwiseSumMatchesNumpyNotANaiveLoop() {
    double[] tenths = new double[10];
    Arrays.fill(tenths, 0.1);
    double naive = 0;
    for (double x : tenths) naive += x;
    assertEquals(0.9999999999999999, naive);
    // np.sum([0.1] * 10) == 1.0
    assertEquals(1.0, Sums.sum(tenths));
    assertEquals(0.0, Sums.sum(new double[0]));
    assertEquals(Double.doubleToLongBits(0.0), Double.doubleToLongBits(Sums.sum(new double[] {-0.0})), "numpy starts at +0.0");
  }

  @Test
  void kahanSumKeepsSmallAddends() {
    double[] v = new double[11];
    v[0] = 1.0;
    Arrays.fill(v, 1, 11, 1e-16);
    double naive = 0;
    for (double x : v) naive += x;
    assertEquals(1.0, naive);
    double k = Sums.kahanSum(v, 0, v.length);
    assertNotEquals(1.0, k);
    assertEquals(1.0 + 1e-15, k, 1e-16);
  }

  @Test
  void meanMedianStdCumsum() {
    assertEquals(2.5, Sums.mean(new double[] {1, 2, 3, 4}));
    assertTrue(Double.isNaN(Sums.mean(new double[0])));
    assertEquals(2.5, Sums.median(new double[] {4, 1, 3, 2}));
    assertEquals(3.0, Sums.median(new double[] {5, 1, 3}));
    assertEquals(Double.doubleToLongBits(0.0), Double.doubleToLongBits(Sums.median(new double[] {-0.0, -0.0, 1})));
    assertEquals(Math.sqrt(1.25), Sums.populationStd(new double[] {1, 2, 3, 4}));
    assertEquals(0.0, Sums.populationStd(new double[] {7}));
    double[] c = Sums.cumsum(new double[] {1, Double.NaN, 2});
    assertEquals(1.0, c[0]);
    assertTrue(Double.isNaN(c[1]));
    assertEquals(3.0, c[2]);
  }

  @Test
  void timedeltaLikePython() {
    assertEquals("0:00:00", PyFormat.timedelta(0));
    assertEquals("0:24:00", PyFormat.timedelta(1440));
    assertEquals("1 day, 5:57:00", PyFormat.timedelta(107_820));
    assertEquals("2 days, 0:00:00", PyFormat.timedelta(172_800));
    assertEquals("-1 day, 23:55:00", PyFormat.timedelta(-300));
  }

  @Test
  void roundingNumpyVersusPython() {
    // 2.675 is stored as 2.67499999...; Python rounds that down, numpy scales to 267.5 and rounds half to even.
    assertEquals(2.67, PyFormat.roundPython(2.675, 2));
    assertEquals(2.68, PyFormat.roundNumpy(2.675, 2));
    assertEquals(0.000245614, PyFormat.roundNumpy(0.00024561400000000003, 10));
    assertEquals(2, PyFormat.roundHalfEven(2.5));
    assertEquals(4, PyFormat.roundHalfEven(3.5));
  }

  @Test
  void coinAndDateFormats() {
    assertEquals("0.0002", PyFormat.fmtCoin(0.0002000000000000001, 8));
    assertEquals("1.5", PyFormat.fmtCoin(1.5, 3));
    assertEquals("2", PyFormat.fmtCoin(2.0, 3));
    assertEquals("0", PyFormat.fmtCoin(0.0, 8));
    long ms = TradeJson.parseDate("2018-01-10 07:15:00+00:00");
    assertEquals(1515568500000L, ms);
    assertEquals(ms, TradeJson.parseDate("2018-01-10T07:15:00+00:00"));
    assertEquals(ms, TradeJson.parseDate("2018-01-10 07:15:00"));
    assertEquals("2018-01-10 07:15:00+00:00", PyFormat.timestamp(ms));
    assertEquals("2018-01-10 07:15:00.123000+00:00", PyFormat.timestamp(ms + 123));
    assertEquals("2018-01-10 07:15:00", PyFormat.printDate(ms));
    assertEquals("10/01/2018", PyFormat.dayMonthYear(ms));
    assertEquals("2018-01-10", PyFormat.isoDay(ms));
  }

  @Test
  void periodsAndMarketChangeEdges() {
    assertEquals(Period.WEEK, Period.fromKey("week"));
    assertThrows(IllegalArgumentException.class, () -> Period.fromKey("noooo"));
    assertEquals(0.5, MarketChange.change("X/Y", new double[] {Double.NaN, 2, 1, 3, Double.NaN}));
    assertThrows(IllegalArgumentException.class, () -> MarketChange.change("X/Y", new double[] {Double.NaN}));
    assertTrue(Double.isNaN(MarketChange.calculateMarketChange(Map.of())));
  }
}
