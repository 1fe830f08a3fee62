package io.agora.core.metrics;

import io.agora.core.backtest.TradeResult;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;

/**
 * Freqtrade's {@code generate_daily_stats}: trade results summed per UTC close day, every day between the first and
 * the last close counting (a day without a closed trade is a draw day). Absolute day sums are rounded to 10
 * decimals before they are compared with 0, as Freqtrade does.
 *
 * @param dailyProfit one entry per day, ascending
 */
public record DailyStats(
    double bestDay,
    double worstDay,
    double bestDayAbs,
    double worstDayAbs,
    int winningDays,
    int drawDays,
    int losingDays,
    List<DayProfit> dailyProfit) {

  /**
   * One day.
   *
   * @param day epoch ms of the day's midnight UTC
   * @param profitAbs sum of {@code profit_abs}, rounded to 10 decimals
   * @param profitRatio sum of {@code profit_ratio}
   */
  public record DayProfit(long day, double profitAbs, double profitRatio) {}

  public DailyStats {
    dailyProfit = List.copyOf(dailyProfit);
  }

  public static DailyStats of(List<TradeResult> trades) {
    TradeColumns c = TradeColumns.of(trades);
    return of(c.closeTime, c.profitAbs, c.profitRatio);
  }

  public static DailyStats of(long[] closeDates, double[] profitAbs, double[] profitRatio) {
    if (closeDates.length == 0) return new DailyStats(0, 0, 0, 0, 0, 0, 0, List.of());
    Bins bins = Bins.of(closeDates, Period.DAY);
    List<DayProfit> days = new ArrayList<>(bins.size());
    double best = Double.NEGATIVE_INFINITY, worst = Double.POSITIVE_INFINITY;
    double bestAbs = Double.NEGATIVE_INFINITY, worstAbs = Double.POSITIVE_INFINITY;
    int winning = 0, draw = 0, losing = 0;
    for (int i = 0; i < bins.size(); i++) {
      double[] abs = bins.values(i, profitAbs);
      double[] rel = bins.values(i, profitRatio);
      double dayAbs = PyFormat.roundNumpy(Sums.kahanSum(abs, 0, abs.length), 10);
      double dayRel = Sums.kahanSum(rel, 0, rel.length);
      days.add(new DayProfit(Period.epochMs(bins.labels.get(i)), dayAbs, dayRel));
      best = Math.max(best, dayRel);
      worst = Math.min(worst, dayRel);
      bestAbs = Math.max(bestAbs, dayAbs);
      worstAbs = Math.min(worstAbs, dayAbs);
      if (dayAbs > 0) winning++;
      else if (dayAbs < 0) losing++;
      else if (dayAbs == 0) draw++;
    }
    return new DailyStats(best, worst, bestAbs, worstAbs, winning, draw, losing, days);
  }

  /**
   * The entries {@code generate_daily_stats} adds to the strategy stats, in Freqtrade's order; {@code daily_profit}
   * is a list of {@code [YYYY-MM-DD, profit_abs]} pairs. With no trades Freqtrade names that list
   * {@code daily_profit_list}; we keep its naming so that readers see the same keys.
   */
  public LinkedHashMap<String, Object> toMap() {
    LinkedHashMap<String, Object> m = new LinkedHashMap<>();
    boolean empty = dailyProfit.isEmpty();
    m.put("backtest_best_day", empty ? (Object) 0 : bestDay);
    m.put("backtest_worst_day", empty ? (Object) 0 : worstDay);
    m.put("backtest_best_day_abs", empty ? (Object) 0 : bestDayAbs);
    m.put("backtest_worst_day_abs", empty ? (Object) 0 : worstDayAbs);
    m.put("winning_days", winningDays);
    m.put("draw_days", drawDays);
    m.put("losing_days", losingDays);
    List<List<Object>> list = new ArrayList<>(dailyProfit.size());
    for (DayProfit d : dailyProfit) list.add(List.of(PyFormat.isoDay(d.day()), d.profitAbs()));
    m.put(empty ? "daily_profit_list" : "daily_profit", list);
    return m;
  }
}
