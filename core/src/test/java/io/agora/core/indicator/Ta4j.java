package io.agora.core.indicator;

import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import org.ta4j.core.BarSeries;
import org.ta4j.core.BaseBarSeriesBuilder;
import org.ta4j.core.num.DecimalNum;
import org.ta4j.core.num.DoubleNum;
import org.ta4j.core.num.Num;

/**
 * ta4j 0.17 as the oracle. DoubleNum by default; DecimalNum where a ta4j DoubleNum quirk would make it a poor
 * oracle: its SMA keeps a running sum that drifts (visible as a false deviation of about 1e-10 over a flat window
 * at 30,000), and its DI and DX test {@code equals(zero)}, which for DoubleNum means "within 1e-5" (an ATR at price
 * 0.05, or one decaying over a flat stretch, would read as zero).
 */
final class Ta4j {
  private Ta4j() {}

  static BarSeries doubles(Candles c) {
    return series(c, DoubleNum.class);
  }

  static BarSeries decimals(Candles c) {
    return series(c, DecimalNum.class);
  }

  private static BarSeries series(Candles c, Class<? extends Num> type) {
    BarSeries s = new BaseBarSeriesBuilder().withName("test").withNumTypeOf(type).build();
    Duration step = Duration.ofMinutes(5);
    ZonedDateTime t = ZonedDateTime.of(2024, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC);
    for (int i = 0; i < c.size(); i++) {
      t = t.plus(step);
      s.addBar(step, t, c.open[i], c.high[i], c.low[i], c.close[i], c.volume[i]);
    }
    return s;
  }

  /** All values in index order (ta4j's recursive indicators must be asked in order). */
  static double[] values(org.ta4j.core.Indicator<Num> indicator) {
    int n = indicator.getBarSeries().getBarCount();
    double[] out = new double[n];
    for (int i = 0; i < n; i++) {
      Num v = indicator.getValue(i);
      out[i] = v.isNaN() ? Double.NaN : v.doubleValue();
    }
    return out;
  }

  static double[] scaled(double[] values, double factor) {
    double[] out = new double[values.length];
    for (int i = 0; i < values.length; i++) {
      out[i] = values[i] * factor;
    }
    return out;
  }
}
