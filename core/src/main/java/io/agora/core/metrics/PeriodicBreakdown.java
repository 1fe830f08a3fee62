package io.agora.core.metrics;

import io.agora.core.backtest.TradeResult;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;

/**
 * Freqtrade's {@code generate_periodic_breakdown_stats}: one row per day, week or month between the first and last
 * close (empty periods included), with the period's absolute profit (rounded to 10 decimals), wins, draws, losses and
 * win rate by {@code profit_abs}. Freqtrade spells the loss count {@code loses}; we keep the spelling.
 */
public final class PeriodicBreakdown {
  private PeriodicBreakdown() {}

  public static List<LinkedHashMap<String, Object>> generate(List<TradeResult> trades, Period period) {
    TradeColumns c = TradeColumns.of(trades);
    return generate(c.closeTime, c.profitAbs, period);
  }

  public static List<LinkedHashMap<String, Object>> generate(long[] closeDates, double[] profitAbs, Period period) {
    Bins bins = Bins.of(closeDates, period);
    List<LinkedHashMap<String, Object>> rows = new ArrayList<>(bins.size());
    for (int i = 0; i < bins.size(); i++) {
      double[] values = bins.values(i, profitAbs);
      int wins = 0, draws = 0, losses = 0;
      for (double v : values) {
        if (v > 0) wins++;
        else if (v == 0) draws++;
        else if (v < 0) losses++;
      }
      int trades = wins + draws + losses;
      long label = Period.epochMs(bins.labels.get(i));
      LinkedHashMap<String, Object> row = new LinkedHashMap<>();
      row.put("date", PyFormat.dayMonthYear(label));
      row.put("date_ts", label);
      row.put("profit_abs", PyFormat.roundNumpy(Sums.sum(values), 10));
      row.put("wins", wins);
      row.put("draws", draws);
      row.put("loses", losses);
      row.put("winrate", trades > 0 ? (double) wins / trades : 0.0);
      rows.add(row);
    }
    return rows;
  }

  /** {@code generate_all_periodic_breakdown_stats}: day, week and month. */
  public static LinkedHashMap<String, Object> generateAll(List<TradeResult> trades) {
    return generateAll(TradeColumns.of(trades));
  }

  static LinkedHashMap<String, Object> generateAll(TradeColumns c) {
    LinkedHashMap<String, Object> m = new LinkedHashMap<>();
    for (Period p : Period.values()) m.put(p.key(), generate(c.closeTime, c.profitAbs, p));
    return m;
  }
}
