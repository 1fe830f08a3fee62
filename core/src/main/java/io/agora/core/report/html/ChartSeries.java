package io.agora.core.report.html;

import io.agora.core.backtest.TradeResult;
import io.agora.core.metrics.ResultTables;
import io.agora.core.metrics.StrategyStats;
import io.agora.core.report.StatsMap;
import io.agora.core.report.json.TradeJson;
import io.agora.core.report.text.ReportFormat;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The data behind the report's charts, computed from a strategy's trades: the balance after each close time, its
 * distance below the running peak, and each pair's cumulative profit. Points are {@code [epochMs, value]}; every
 * series starts at the backtest start and is carried flat to the backtest end, so all charts share one time range.
 */
final class ChartSeries {
  private ChartSeries() {}

  /**
   * The chart data as a JSON-ready map: {@code currency}, {@code decimals}, {@code equity} (balance),
   * {@code drawdown} (percent below the running peak balance, 0 or negative), {@code pairProfit} ({@code pairs} and
   * their {@code profit} in stake currency, as in the per-pair table) and {@code pairCurves} (per pair with trades, its
   * cumulative profit).
   */
  static Map<String, Object> of(StatsMap s) {
    List<TradeResult> trades = new ArrayList<>();
    for (Map<String, Object> t : s.rows("trades")) trades.add(TradeJson.fromJson(t));
    // The curves are drawn over time; the result lists trades in close order already, but a re-read file need not.
    trades.sort(Comparator.comparingLong(TradeResult::closeTime));
    long start = s.integer("backtest_start_ts", trades.isEmpty() ? 0 : trades.get(0).openTime());
    long end = s.integer("backtest_end_ts", trades.isEmpty() ? start : trades.get(trades.size() - 1).closeTime());
    double startBalance = s.num("starting_balance");

    List<List<Object>> equity = new ArrayList<>();
    List<List<Object>> drawdown = new ArrayList<>();
    equity.add(point(start, startBalance));
    drawdown.add(point(start, 0.0));
    double balance = startBalance;
    double peak = startBalance;
    for (int i = 0; i < trades.size(); ) {
      long at = trades.get(i).closeTime();
      // Trades closing at the same instant move the balance once, so the curve has no vertical zig-zag.
      for (; i < trades.size() && trades.get(i).closeTime() == at; i++) balance += trades.get(i).profitAbs();
      peak = Math.max(peak, balance);
      equity.add(point(at, balance));
      drawdown.add(point(at, peak > 0 ? (balance - peak) / peak * 100.0 : 0.0));
    }
    carryToEnd(equity, end);
    carryToEnd(drawdown, end);

    List<String> pairs = new ArrayList<>();
    List<Object> pairProfit = new ArrayList<>();
    List<Map<String, Object>> perPair = s.rows("results_per_pair");
    for (Map<String, Object> row : perPair) {
      if (row == perPair.get(perPair.size() - 1) && ResultTables.TOTAL.equals(row.get("key"))) continue;
      pairs.add(String.valueOf(row.get("key")));
      pairProfit.add(StatsMap.num(row, "profit_total_abs"));
    }
    Map<String, List<List<Object>>> curves = new LinkedHashMap<>();
    for (String p : pairs) curves.put(p, new ArrayList<>(List.of(point(start, 0.0))));
    Map<String, Double> cumulative = new LinkedHashMap<>();
    for (TradeResult t : trades) {
      List<List<Object>> curve = curves.computeIfAbsent(t.pair(), k -> new ArrayList<>(List.of(point(start, 0.0))));
      double c = cumulative.merge(t.pair(), t.profitAbs(), Double::sum);
      List<Object> last = curve.get(curve.size() - 1);
      if (((Number) last.get(0)).longValue() == t.closeTime()) curve.set(curve.size() - 1, point(t.closeTime(), c));
      else curve.add(point(t.closeTime(), c));
    }
    List<Map<String, Object>> pairCurves = new ArrayList<>();
    for (Map.Entry<String, List<List<Object>>> e : curves.entrySet()) {
      if (!cumulative.containsKey(e.getKey())) continue;
      carryToEnd(e.getValue(), end);
      Map<String, Object> c = new LinkedHashMap<>();
      c.put("pair", e.getKey());
      c.put("points", e.getValue());
      pairCurves.add(c);
    }

    String cur = s.stakeCurrency();
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("currency", cur);
    data.put("decimals", StrategyStats.decimalsPerCoin(cur));
    data.put("equity", equity);
    data.put("drawdown", drawdown);
    Map<String, Object> bars = new LinkedHashMap<>();
    bars.put("pairs", pairs);
    bars.put("profit", pairProfit);
    data.put("pairProfit", bars);
    data.put("pairCurves", pairCurves);
    return data;
  }

  private static List<Object> point(long epochMs, double value) {
    // Summing float profits leaves noise in the last digits (1008.0000000000001); the chart needs none of it.
    double v = Double.isFinite(value) ? Double.parseDouble(ReportFormat.fixed(value, 10)) : value;
    return List.of(epochMs, v);
  }

  private static void carryToEnd(List<List<Object>> series, long end) {
    List<Object> last = series.get(series.size() - 1);
    if (((Number) last.get(0)).longValue() < end) series.add(List.of(end, last.get(1)));
  }
}
