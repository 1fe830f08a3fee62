package io.agora.models.features;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agora.core.indicator.Macd;
import io.agora.core.indicator.Seeding;
import io.agora.core.market.CandleSeries;
import io.agora.core.market.Timeframe;
import io.agora.models.dataset.Dataset;
import io.agora.models.dataset.LabelSpec;
import io.agora.models.testing.TestCandles;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Each feature against a direct, loop-by-loop computation from its definition (MACD against core's batch function),
 * at points spread over the series.
 */
class FeatureValuesTest {
  static final List<String> NAMES = List.of("ret_1", "ret_12", "rsi_14", "ema_dist_20", "macd_hist_12_26_9",
      "bb_pctb_20", "atr_pct_14", "vol_12", "volume_z_48", "range_pct", "body_pct", "rsi_3", "vol_2");

  @Test
  void syntheticValuesMatchDirectComputations() {
    check(TestCandles.synthetic(1500, 42));
  }

  @Test
  void realValuesMatchDirectComputations() {
    check(TestCandles.real("ETH/BTC", Timeframe.parse("5m")));
  }

  private static void check(CandleSeries s) {
    Dataset d = Dataset.build(s, NAMES, new LabelSpec(1, 0.0));
    int f = d.featureCount();
    double[] c = s.close();
    double[] macdHist = new double[s.size()];
    Macd.compute(c, 12, 26, 9, Seeding.SMA, null, null, macdHist);
    int checked = 0;
    for (int r = 0; r < d.rows(); r += 53) {
      int i = d.candleIndex()[r];
      double[] expected = {
          Math.log(c[i] / c[i - 1]),
          Math.log(c[i] / c[i - 12]),
          rsi(c, i, 14),
          c[i] / ema(c, i, 20) - 1,
          macdHist[i] / c[i],
          percentB(c, i, 20),
          atr(s, i, 14) / c[i],
          volatility(c, i, 12),
          volumeZ(s.volume(), i, 48),
          (s.high()[i] - s.low()[i]) / c[i],
          (c[i] - s.open()[i]) / s.open()[i],
          rsi(c, i, 3),
          volatility(c, i, 2)};
      for (int j = 0; j < f; j++) {
        assertEquals(expected[j], d.x()[r * f + j], 1e-6 * Math.abs(expected[j]) + 1e-9,
            NAMES.get(j) + " at candle " + i);
      }
      checked++;
    }
    assertTrue(checked > 20, "checked " + checked + " rows");
  }

  /** Wilder's RSI, TA-Lib seeding: the first average is the mean of the first {@code n} changes. */
  static double rsi(double[] c, int i, int n) {
    double gain = 0;
    double loss = 0;
    for (int k = 1; k <= n; k++) {
      double ch = c[k] - c[k - 1];
      gain += Math.max(ch, 0);
      loss += Math.max(-ch, 0);
    }
    gain /= n;
    loss /= n;
    for (int k = n + 1; k <= i; k++) {
      double ch = c[k] - c[k - 1];
      gain = (gain * (n - 1) + Math.max(ch, 0)) / n;
      loss = (loss * (n - 1) + Math.max(-ch, 0)) / n;
    }
    return gain + loss == 0 ? 0 : 100 * gain / (gain + loss);
  }

  /** EMA seeded with the mean of the first {@code n} values. */
  static double ema(double[] c, int i, int n) {
    double e = 0;
    for (int k = 0; k < n; k++) {
      e += c[k];
    }
    e /= n;
    double a = 2.0 / (n + 1);
    for (int k = n; k <= i; k++) {
      e = a * c[k] + (1 - a) * e;
    }
    return e;
  }

  static double percentB(double[] c, int i, int n) {
    double mean = 0;
    for (int k = i - n + 1; k <= i; k++) {
      mean += c[k];
    }
    mean /= n;
    double ss = 0;
    for (int k = i - n + 1; k <= i; k++) {
      ss += (c[k] - mean) * (c[k] - mean);
    }
    double sd = Math.sqrt(ss / n);
    double lower = mean - 2 * sd;
    return sd == 0 ? 0.5 : (c[i] - lower) / (4 * sd);
  }

  static double atr(CandleSeries s, int i, int n) {
    double[] h = s.high();
    double[] l = s.low();
    double[] c = s.close();
    double atr = 0;
    for (int k = 1; k <= i; k++) {
      double tr = Math.max(h[k] - l[k], Math.max(Math.abs(h[k] - c[k - 1]), Math.abs(c[k - 1] - l[k])));
      if (k <= n) {
        atr += tr / n;
      } else {
        atr = (atr * (n - 1) + tr) / n;
      }
    }
    return atr;
  }

  /** Sample standard deviation of the last {@code n} one-candle log returns. */
  static double volatility(double[] c, int i, int n) {
    double mean = 0;
    for (int k = i - n + 1; k <= i; k++) {
      mean += Math.log(c[k] / c[k - 1]);
    }
    mean /= n;
    double ss = 0;
    for (int k = i - n + 1; k <= i; k++) {
      double d = Math.log(c[k] / c[k - 1]) - mean;
      ss += d * d;
    }
    return Math.sqrt(ss / (n - 1));
  }

  static double volumeZ(double[] v, int i, int n) {
    double mean = 0;
    for (int k = i - n + 1; k <= i; k++) {
      mean += Math.log1p(v[k]);
    }
    mean /= n;
    double ss = 0;
    for (int k = i - n + 1; k <= i; k++) {
      double d = Math.log1p(v[k]) - mean;
      ss += d * d;
    }
    double sd = Math.sqrt(ss / n);
    return sd == 0 ? 0 : (Math.log1p(v[i]) - mean) / sd;
  }
}
