package io.agora.core.metrics;

import io.agora.core.backtest.TradeResult;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.IntFunction;
import java.util.function.IntPredicate;

/**
 * The summary tables of Freqtrade's backtest report: one line per pair, per entry tag, per exit reason, per
 * (entry tag, exit reason), each followed by a {@code TOTAL} line. A line is Freqtrade's
 * {@code _generate_result_line}: {@code key, trades, profit_mean, profit_mean_pct, profit_sum, profit_sum_pct,
 * profit_total_abs, profit_total, profit_total_pct, duration_avg, wins, draws, losses, winrate}. Lines are sorted by
 * {@code profit_total_abs}, highest first, ties keeping their order (pair list order, or sorted tag order).
 */
public final class ResultTables {
  public static final String TOTAL = "TOTAL";

  private ResultTables() {}

  /** {@code generate_pair_metrics} over closed trades. */
  public static List<Map<String, Object>> pairMetrics(
      List<String> pairlist, double startingBalance, List<TradeResult> trades, boolean skipNan) {
    return pairMetrics(pairlist, startingBalance, TradeColumns.of(trades), i -> true, skipNan);
  }

  /** {@code generate_tag_metrics("enter_tag", ...)}; trades without an entry tag only count in TOTAL. */
  public static List<Map<String, Object>> enterTagMetrics(double startingBalance, List<TradeResult> trades) {
    TradeColumns c = TradeColumns.of(trades);
    return tagMetrics(startingBalance, c, i -> c.enterTag[i]);
  }

  /** {@code generate_tag_metrics("exit_reason", ...)}, the report's {@code exit_reason_summary}. */
  public static List<Map<String, Object>> exitReasonMetrics(double startingBalance, List<TradeResult> trades) {
    TradeColumns c = TradeColumns.of(trades);
    return tagMetrics(startingBalance, c, i -> c.exitReason[i]);
  }

  /**
   * {@code generate_tag_metrics(["enter_tag", "exit_reason"], ...)}, the report's {@code mix_tag_stats}: the key is the
   * pair {@code [enter_tag, exit_reason]}; trades lacking either only count in TOTAL.
   */
  public static List<Map<String, Object>> mixTagMetrics(double startingBalance, List<TradeResult> trades) {
    return mixTagMetrics(startingBalance, TradeColumns.of(trades));
  }

  static List<Map<String, Object>> pairMetrics(
      List<String> pairlist, double startingBalance, TradeColumns c, IntPredicate rows, boolean skipNan) {
    List<Map<String, Object>> lines = new ArrayList<>();
    for (String pair : pairlist) {
      int[] idx = indices(c, i -> rows.test(i) && pair.equals(c.pair[i]));
      // Freqtrade's "all profits are NaN" test is also true for a pair without trades, which it then skips.
      if (skipNan && allNaN(c.profitAbs, idx)) continue;
      lines.add(resultLine(c, idx, startingBalance, pair));
    }
    return sortAndTotal(lines, c, indices(c, rows), startingBalance);
  }

  static List<Map<String, Object>> tagMetrics(double startingBalance, TradeColumns c, IntFunction<String> tag) {
    TreeMap<String, List<Integer>> groups = new TreeMap<>();
    for (int i = 0; i < c.size; i++) {
      String t = tag.apply(i);
      if (t != null) groups.computeIfAbsent(t, k -> new ArrayList<>()).add(i);
    }
    List<Map<String, Object>> lines = new ArrayList<>();
    for (Map.Entry<String, List<Integer>> g : groups.entrySet()) {
      lines.add(resultLine(c, toArray(g.getValue()), startingBalance, g.getKey()));
    }
    return sortAndTotal(lines, c, indices(c, i -> true), startingBalance);
  }

  static List<Map<String, Object>> mixTagMetrics(double startingBalance, TradeColumns c) {
    Comparator<List<String>> lexical = Comparator.<List<String>, String>comparing(k -> k.get(0)).thenComparing(k -> k.get(1));
    TreeMap<List<String>, List<Integer>> groups = new TreeMap<>(lexical);
    for (int i = 0; i < c.size; i++) {
      if (c.enterTag[i] == null || c.exitReason[i] == null) continue;
      groups.computeIfAbsent(List.of(c.enterTag[i], c.exitReason[i]), k -> new ArrayList<>()).add(i);
    }
    List<Map<String, Object>> lines = new ArrayList<>();
    for (Map.Entry<List<String>, List<Integer>> g : groups.entrySet()) {
      lines.add(resultLine(c, toArray(g.getValue()), startingBalance, g.getKey()));
    }
    return sortAndTotal(lines, c, indices(c, i -> true), startingBalance);
  }

  /** {@code _generate_result_line} over rows {@code idx} of {@code c}, in that order. */
  static Map<String, Object> resultLine(TradeColumns c, int[] idx, double startingBalance, Object key) {
    double[] ratio = column(c.profitRatio, idx);
    double[] abs = column(c.profitAbs, idx);
    double[] duration = column(c.durationMinutes, idx);
    int n = idx.length;
    double profitSum = Sums.sum(ratio);
    double profitTotalAbs = Sums.sum(abs);
    double profitTotal = profitTotalAbs / startingBalance;
    double mean = n > 0 ? Sums.mean(ratio) : 0.0;
    int wins = 0, draws = 0, losses = 0;
    for (double a : abs) {
      if (a > 0) wins++;
      else if (a == 0) draws++;
      else if (a < 0) losses++;
    }
    Map<String, Object> line = new LinkedHashMap<>();
    line.put("key", key);
    line.put("trades", n);
    line.put("profit_mean", mean);
    line.put("profit_mean_pct", n > 0 ? PyFormat.roundNumpy(mean * 100.0, 2) : 0.0);
    line.put("profit_sum", profitSum);
    line.put("profit_sum_pct", PyFormat.roundNumpy(profitSum * 100.0, 2));
    line.put("profit_total_abs", profitTotalAbs);
    line.put("profit_total", profitTotal);
    line.put("profit_total_pct", PyFormat.roundNumpy(profitTotal * 100.0, 2));
    line.put("duration_avg", n > 0 ? PyFormat.timedelta(TradingStats.avgSeconds(duration)) : "0:00");
    line.put("wins", wins);
    line.put("draws", draws);
    line.put("losses", losses);
    line.put("winrate", n > 0 ? (double) wins / n : 0.0);
    return line;
  }

  private static List<Map<String, Object>> sortAndTotal(
      List<Map<String, Object>> lines, TradeColumns c, int[] all, double startingBalance) {
    // List.sort is stable, as Python's sorted(reverse=True) is.
    lines.sort(Comparator.comparingDouble((Map<String, Object> l) -> (Double) l.get("profit_total_abs")).reversed());
    lines.add(resultLine(c, all, startingBalance, TOTAL));
    return lines;
  }

  static int[] indices(TradeColumns c, IntPredicate p) {
    int n = 0;
    for (int i = 0; i < c.size; i++) if (p.test(i)) n++;
    int[] out = new int[n];
    int j = 0;
    for (int i = 0; i < c.size; i++) if (p.test(i)) out[j++] = i;
    return out;
  }

  static double[] column(double[] col, int[] idx) {
    double[] out = new double[idx.length];
    for (int k = 0; k < idx.length; k++) out[k] = col[idx[k]];
    return out;
  }

  private static boolean allNaN(double[] col, int[] idx) {
    for (int i : idx) if (!Double.isNaN(col[i])) return false;
    return true;
  }

  private static int[] toArray(List<Integer> l) {
    return l.stream().mapToInt(Integer::intValue).toArray();
  }
}
