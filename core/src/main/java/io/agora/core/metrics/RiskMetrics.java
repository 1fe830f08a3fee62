package io.agora.core.metrics;

import io.agora.core.backtest.TradeResult;
import java.util.List;

/**
 * Return and risk ratios of Freqtrade's {@code freqtrade/data/metrics.py} and the report's profit factor.
 *
 * <p>At the reference commit, Sharpe, Sortino and Calmar are per-trade measures: the mean is the total profit (over
 * the starting balance) spread over the backtest's whole days, and the deviation is taken over the individual trade
 * results (population deviation, ddof 0); the result is annualised with {@code sqrt(365)}. They are not computed on a
 * daily resampled series. When the deviation (or drawdown) is 0 Freqtrade returns -100 to mark the value as
 * meaningless, and 0 when there are no trades or the period is empty.
 */
public final class RiskMetrics {
  private static final long DAY_MS = 86_400_000L;
  private static final double SQRT_365 = Math.sqrt(365);

  private RiskMetrics() {}

  /**
   * {@code calculate_cagr}: compound annual growth rate over {@code daysPassed} days. 0 when the final balance is
   * negative (possible with leverage).
   */
  public static double calculateCagr(double daysPassed, double startingBalance, double finalBalance) {
    if (finalBalance < 0) return 0;
    return Math.pow(finalBalance / startingBalance, 1 / (daysPassed / 365)) - 1;
  }

  /** {@code calculate_expectancy} over absolute trade profits. */
  public static Expectancy calculateExpectancy(double[] profitAbs) {
    if (profitAbs.length == 0) return new Expectancy(0.0, 100.0);
    double[] wins = select(profitAbs, 1);
    double[] losses = select(profitAbs, -1);
    double profitSum = Sums.sum(wins);
    double lossSum = Math.abs(Sums.sum(losses));
    double averageWin = wins.length > 0 ? profitSum / wins.length : 0;
    double averageLoss = losses.length > 0 ? lossSum / losses.length : 0;
    double winrate = (double) wins.length / profitAbs.length;
    double loserate = (double) losses.length / profitAbs.length;
    double expectancy = winrate * averageWin - loserate * averageLoss;
    double ratio = 100.0;
    if (averageLoss > 0) {
      double riskReward = averageWin / averageLoss;
      ratio = (1 + riskReward) * winrate - 1;
    }
    return new Expectancy(expectancy, ratio);
  }

  public static Expectancy calculateExpectancy(List<TradeResult> trades) {
    return calculateExpectancy(TradeColumns.of(trades).profitAbs);
  }

  /**
   * {@code calculate_sharpe}.
   *
   * @param minDate backtest start (epoch ms)
   * @param maxDate backtest end (epoch ms)
   */
  public static double calculateSharpe(double[] profitAbs, long minDate, long maxDate, double startingBalance) {
    if (profitAbs.length == 0 || minDate == maxDate) return 0;
    double[] returns = divide(profitAbs, startingBalance);
    double expectedReturnsMean = Sums.sum(returns) / daysPeriod(minDate, maxDate);
    double upStdev = Sums.populationStd(returns);
    return upStdev != 0 ? expectedReturnsMean / upStdev * SQRT_365 : -100;
  }

  public static double calculateSharpe(List<TradeResult> trades, long minDate, long maxDate, double startingBalance) {
    return calculateSharpe(TradeColumns.of(trades).profitAbs, minDate, maxDate, startingBalance);
  }

  /** {@code calculate_sortino}: like Sharpe, but the deviation is over the losing trades only. */
  public static double calculateSortino(double[] profitAbs, long minDate, long maxDate, double startingBalance) {
    if (profitAbs.length == 0 || minDate == maxDate) return 0;
    double expectedReturnsMean = Sums.sum(divide(profitAbs, startingBalance)) / daysPeriod(minDate, maxDate);
    double downStdev = Sums.populationStd(divide(select(profitAbs, -1), startingBalance));
    return downStdev != 0 && !Double.isNaN(downStdev) ? expectedReturnsMean / downStdev * SQRT_365 : -100;
  }

  public static double calculateSortino(List<TradeResult> trades, long minDate, long maxDate, double startingBalance) {
    return calculateSortino(TradeColumns.of(trades).profitAbs, minDate, maxDate, startingBalance);
  }

  /**
   * {@code calculate_calmar}: daily return in percent over the maximum account drawdown (by close date),
   * annualised.
   *
   * @param closeDates epoch ms close dates, parallel to {@code profitAbs} (the drawdown orders by them)
   */
  public static double calculateCalmar(
      double[] profitAbs, long[] closeDates, long minDate, long maxDate, double startingBalance) {
    if (profitAbs.length == 0 || minDate == maxDate) return 0;
    double totalProfit = Sums.sum(profitAbs) / startingBalance;
    double expectedReturnsMean = totalProfit / daysPeriod(minDate, maxDate) * 100;
    double maxDrawdown =
        Drawdown.calculateMaxDrawdown(closeDates, profitAbs, startingBalance, false)
            .map(DrawdownResult::relativeAccountDrawdown)
            .orElse(0.0);
    return maxDrawdown != 0 ? expectedReturnsMean / maxDrawdown * SQRT_365 : -100;
  }

  public static double calculateCalmar(List<TradeResult> trades, long minDate, long maxDate, double startingBalance) {
    TradeColumns c = TradeColumns.of(trades);
    return calculateCalmar(c.profitAbs, c.closeTime, minDate, maxDate, startingBalance);
  }

  /** The report's {@code profit_factor}: gross profit over gross loss; 0 when nothing was lost. */
  public static double profitFactor(double[] profitAbs) {
    double winning = Sums.sum(select(profitAbs, 1));
    double losing = Sums.sum(select(profitAbs, -1));
    return losing != 0 ? winning / Math.abs(losing) : 0.0;
  }

  /** Whole days between the dates ({@code timedelta.days}, floored), at least 1. */
  static long daysPeriod(long minDate, long maxDate) {
    return Math.max(1, Math.floorDiv(maxDate - minDate, DAY_MS));
  }

  private static double[] divide(double[] a, double by) {
    double[] out = new double[a.length];
    for (int i = 0; i < a.length; i++) out[i] = a[i] / by;
    return out;
  }

  /** The strictly positive ({@code sign > 0}) or strictly negative values, in order. */
  static double[] select(double[] a, int sign) {
    int n = 0;
    for (double x : a) if (sign > 0 ? x > 0 : x < 0) n++;
    double[] out = new double[n];
    int j = 0;
    for (double x : a) if (sign > 0 ? x > 0 : x < 0) out[j++] = x;
    return out;
  }
}
