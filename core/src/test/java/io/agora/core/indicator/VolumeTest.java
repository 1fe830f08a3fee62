package io.agora.core.indicator;

import static io.agora.core.indicator.Compare.assertClose;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.ta4j.core.indicators.volume.OnBalanceVolumeIndicator;
import org.ta4j.core.indicators.volume.VWAPIndicator;

class VolumeTest {

  static Stream<Arguments> series() {
    return Stream.of(Arguments.of("0.05", Candles.small()), Arguments.of("30000", Candles.large()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("series")
  void obvFromZeroMatchesTa4j(String label, Candles c) {
    double[] out = new double[c.size()];
    Obv.compute(c.close, c.volume, Obv.Origin.ZERO, out);
    double[] ta4j = Ta4j.values(new OnBalanceVolumeIndicator(Ta4j.doubles(c)));
    assertClose("OBV vs ta4j", ta4j, out, 0, c.size());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("series")
  void obvFromFirstVolumeMatchesExactTaLibStyle(String label, Candles c) {
    double[] out = new double[c.size()];
    Obv.compute(c.close, c.volume, Obv.Origin.FIRST_VOLUME, out);
    double[] expected = new double[c.size()];
    BigDecimal total = new BigDecimal(c.volume[0]);
    expected[0] = total.doubleValue();
    for (int i = 1; i < c.size(); i++) {
      BigDecimal v = new BigDecimal(c.volume[i]);
      if (c.close[i] > c.close[i - 1]) {
        total = total.add(v);
      } else if (c.close[i] < c.close[i - 1]) {
        total = total.subtract(v);
      }
      expected[i] = total.doubleValue();
    }
    assertClose("OBV vs exact", expected, out, 0, c.size());
    assertEquals(c.volume[0], out[0]);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("series")
  void cumulativeVwapMatchesTa4jOverTheWholeSeries(String label, Candles c) {
    int n = c.size();
    double[] out = new double[n];
    Vwap.compute(c.high, c.low, c.close, c.volume, out);
    assertTrue(Double.isFinite(out[0]));
    assertClose("VWAP vs ta4j", Ta4j.values(new VWAPIndicator(Ta4j.doubles(c), n)), out, 0, n);
    double[] exact = new double[n];
    for (int i = 0; i < n; i += 97) {
      exact[i] = Exact.vwap(c, 0, i + 1);
      assertTrue(Compare.close(exact[i], out[i]), "VWAP vs exact at " + i + ": " + exact[i] + " vs " + out[i]);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("series")
  void rollingVwapMatchesTa4jAndIsNaNOverVolumelessWindows(String label, Candles c) {
    int n = c.size();
    for (int period : new int[] {1, 14, 48}) {
      double[] out = new double[n];
      RollingVwap.compute(c.high, c.low, c.close, c.volume, period, out);
      Compare.assertWarmUp("rolling VWAP", java.util.Arrays.copyOf(out, period), period - 1);
      double[] ta4j = Ta4j.values(new VWAPIndicator(Ta4j.doubles(c), period));
      int volumeless = 0;
      for (int i = period - 1; i < n; i++) {
        double v = 0;
        for (int j = i - period + 1; j <= i; j++) {
          v += c.volume[j];
        }
        if (v == 0) {
          volumeless++;
          assertTrue(Double.isNaN(out[i]), "0/0 at " + i);
          if (i > 0) {
            assertTrue(Double.isNaN(ta4j[i]), "ta4j 0/0 at " + i);
          }
        } else {
          assertTrue(Double.isFinite(out[i]), "finite at " + i);
          assertTrue(Compare.close(Exact.vwap(c, i - period + 1, i + 1), out[i]), "rolling VWAP vs exact at " + i);
        }
      }
      assertTrue(volumeless > 0, "the data should contain volume-less windows");
      assertClose("rolling VWAP(" + period + ") vs ta4j", ta4j, out, period - 1, n - period - 200);
    }
  }

  @Test
  void cumulativeVwapIsNaNUntilTheFirstVolume() {
    Vwap vwap = new Vwap();
    assertTrue(Double.isNaN(vwap.update(2, 1, 1.5, 0)));
    assertTrue(vwap.isReady());
    assertEquals(4.0, vwap.update(5, 3, 4, 2));
    assertEquals(4.0, vwap.update(5, 3, 4, 0));
  }
}
