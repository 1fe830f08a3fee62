package io.agora.core.metrics;

import io.agora.core.backtest.TradeResult;
import java.util.List;
import java.util.Optional;

/**
 * Drawdown measures of Freqtrade's {@code freqtrade/data/metrics.py}: {@code calculate_underwater},
 * {@code calculate_max_drawdown} and {@code calculate_csum}.
 */
public final class Drawdown {
  private Drawdown() {}

  /**
   * {@code calculate_underwater}: the drawdown series of {@code values} ordered by {@code dates}. Equal dates are
   * ordered as pandas' {@code sort_values} leaves them ({@link NumpySort}), which is what decides the trough when
   * several trades close at once.
   *
   * @param startingBalance 0 means unknown; the relative column is then taken against the peak cumulative value,
   *     as Freqtrade does
   * @throws IllegalArgumentException when there are no rows ("Trade dataframe empty." in Freqtrade)
   */
  public static DrawdownSeries calculateUnderwater(long[] dates, double[] values, double startingBalance) {
    if (dates.length != values.length) throw new IllegalArgumentException("dates and values differ in length");
    if (dates.length == 0) throw new IllegalArgumentException("Trade dataframe empty.");
    int n = dates.length;
    int[] order = NumpySort.argsort(dates);
    long[] d = new long[n];
    double[] v = new double[n];
    for (int i = 0; i < n; i++) {
      d[i] = dates[order[i]];
      v[i] = values[order[i]];
    }
    double[] cumulative = Sums.cumsum(v);
    double[] high = new double[n];
    double[] dd = new double[n];
    double[] rel = new double[n];
    double runMax = Double.NaN;
    for (int i = 0; i < n; i++) {
      // pandas' cummax leaves NaN rows NaN and carries the running high past them.
      double c = cumulative[i];
      if (!Double.isNaN(c)) runMax = Double.isNaN(runMax) ? c : Math.max(runMax, c);
      high[i] = Double.isNaN(c) ? Double.NaN : runMax;
      dd[i] = c - high[i];
      if (startingBalance != 0) {
        double balance = startingBalance + c;
        double maxBalance = startingBalance + high[i];
        rel[i] = (maxBalance - balance) / maxBalance;
      } else {
        // Freqtrade's own approximation when no balance is known.
        rel[i] = (high[i] - c) / high[i];
      }
    }
    return new DrawdownSeries(d, cumulative, high, dd, rel);
  }

  /** {@code calculate_underwater} over closed trades: {@code profit_ratio} by {@code close_date}, its defaults. */
  public static DrawdownSeries calculateUnderwater(List<TradeResult> trades, double startingBalance) {
    TradeColumns c = TradeColumns.of(trades);
    return calculateUnderwater(c.closeTime, c.profitRatio, startingBalance);
  }

  /**
   * {@code calculate_max_drawdown}. With {@code relative = false} the trough is the row of the largest absolute fall;
   * with {@code relative = true} it is the row of the largest fall relative to the peak balance (Freqtrade's
   * {@code max_relative_drawdown}).
   *
   * @return empty where Freqtrade raises {@code ValueError}: no rows ("Trade dataframe empty.") or the worst row is the
   *     first one ("No losing trade, therefore no drawdown.")
   */
  public static Optional<DrawdownResult> calculateMaxDrawdown(
      long[] dates, double[] values, double startingBalance, boolean relative) {
    if (dates.length == 0) return Optional.empty();
    DrawdownSeries s = calculateUnderwater(dates, values, startingBalance);
    int idx = relative ? argMax(s.drawdownRelative(), s.size()) : argMin(s.drawdown(), s.size());
    if (idx <= 0) return Optional.empty();
    int peak = argMax(s.highValue(), idx);
    if (peak < 0) return Optional.empty();
    return Optional.of(
        new DrawdownResult(
            Math.abs(s.drawdown()[idx]),
            s.dates()[peak],
            s.dates()[idx],
            s.cumulative()[peak],
            s.cumulative()[idx],
            s.drawdownRelative()[idx]));
  }

  /**
   * {@code calculate_max_drawdown(trades, value_col="profit_abs", date_col="close_date", ...)}, the form the backtest
   * report uses.
   */
  public static Optional<DrawdownResult> calculateMaxDrawdown(
      List<TradeResult> trades, double startingBalance, boolean relative) {
    TradeColumns c = TradeColumns.of(trades);
    return calculateMaxDrawdown(c.closeTime, c.profitAbs, startingBalance, relative);
  }

  /**
   * {@code calculate_csum}: lowest and highest running sum of the values in the given order (not sorted by date, as
   * in Freqtrade), plus {@code startingBalance}. Empty when there are no values.
   */
  public static Optional<double[]> calculateCsum(double[] values, double startingBalance) {
    if (values.length == 0) return Optional.empty();
    double[] c = Sums.cumsum(values);
    double min = Double.NaN;
    double max = Double.NaN;
    for (double x : c) {
      if (Double.isNaN(x)) continue;
      if (Double.isNaN(min) || x < min) min = x;
      if (Double.isNaN(max) || x > max) max = x;
    }
    return Optional.of(new double[] {min + startingBalance, max + startingBalance});
  }

  /** Index of the first maximum among the first {@code n} non-NaN values (pandas' {@code idxmax}); -1 if none. */
  static int argMax(double[] a, int n) {
    int best = -1;
    for (int i = 0; i < n; i++) {
      if (Double.isNaN(a[i])) continue;
      if (best < 0 || a[i] > a[best]) best = i;
    }
    return best;
  }

  /** Index of the first minimum among the first {@code n} non-NaN values (pandas' {@code idxmin}); -1 if none. */
  static int argMin(double[] a, int n) {
    int best = -1;
    for (int i = 0; i < n; i++) {
      if (Double.isNaN(a[i])) continue;
      if (best < 0 || a[i] < a[best]) best = i;
    }
    return best;
  }
}
