package io.agora.core.report.text;

import static io.agora.core.report.text.ReportFormat.coinFixed;
import static io.agora.core.report.text.ReportFormat.coinPlain;
import static io.agora.core.report.text.ReportFormat.fixed;
import static io.agora.core.report.text.ReportFormat.py;
import static io.agora.core.report.text.ReportFormat.winsDrawsLosses;

import io.agora.core.backtest.TradeResult;
import io.agora.core.metrics.Period;
import io.agora.core.metrics.PeriodicBreakdown;
import io.agora.core.report.StatsMap;
import io.agora.core.report.json.TradeJson;
import io.agora.core.report.text.SummaryMetrics.Metric;
import io.agora.core.report.text.TextTable.Justify;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The terminal report of a backtest, as Freqtrade's {@code show_backtest_results} prints it: per strategy the
 * per-pair, left-open, entry-tag, exit-reason and mixed-tag tables, the optional periodic breakdowns and the summary
 * metrics; then the strategy comparison. Input is the result document of
 * {@link io.agora.core.metrics.BacktestStats#generate} (or that document read back from JSON).
 *
 * <p>Percent columns show two decimals ({@code 12.50}); Freqtrade prints them with Python's {@code str} ({@code 12.5}).
 */
public final class TextReport {
  /**
   * What to print besides Freqtrade's default tables.
   *
   * @param breakdowns periodic breakdown tables to add, in this order (Freqtrade's {@code --breakdown})
   * @param strategySummary whether {@link #render} ends with the "STRATEGY SUMMARY" table
   */
  public record Options(List<Period> breakdowns, boolean strategySummary) {
    public Options {
      breakdowns = List.copyOf(breakdowns);
    }

    /** No breakdown, with the strategy summary: Freqtrade's default output. */
    public static Options defaults() {
      return new Options(List.of(), true);
    }

    public Options withBreakdowns(Period... periods) {
      return new Options(List.of(periods), strategySummary);
    }

    public Options withStrategySummary(boolean show) {
      return new Options(breakdowns, show);
    }
  }

  private TextReport() {}

  /**
   * The report of one strategy of {@code result}, followed (unless turned off) by the strategy summary table of all
   * strategies in the result.
   *
   * @throws IllegalArgumentException when {@code result} has no strategy of that name
   */
  public static String render(Map<String, ?> result, String strategyName, Options options) {
    StatsMap stats = StatsMap.strategy(result, strategyName);
    StringBuilder out = new StringBuilder(renderStrategy(stats, strategyName, options));
    if (options.strategySummary()) out.append(renderStrategySummary(result, stats));
    return out.toString();
  }

  /** Every strategy of {@code result}, then the strategy summary: all that Freqtrade prints after a backtest. */
  public static String renderAll(Map<String, ?> result, Options options) {
    if (!(result.get("strategy") instanceof Map<?, ?> strategies)) {
      throw new IllegalArgumentException("result document has no \"strategy\" block");
    }
    StringBuilder out = new StringBuilder();
    StatsMap last = null;
    for (Object name : strategies.keySet()) {
      last = StatsMap.strategy(result, (String) name);
      out.append(renderStrategy(last, (String) name, options));
    }
    if (last != null && options.strategySummary()) out.append(renderStrategySummary(result, last));
    return out.toString();
  }

  /** Freqtrade's {@code show_backtest_result}: the tables and summary metrics of one strategy's stats block. */
  public static String renderStrategy(StatsMap stats, String strategyName, Options options) {
    Objects.requireNonNull(options, "options");
    String cur = stats.stakeCurrency();
    StringBuilder out = new StringBuilder();
    out.append("Result for strategy ").append(strategyName).append('\n');
    out.append(resultTable("BACKTESTING REPORT", List.of("Pair"), "Trades", cur, stats.rows("results_per_pair"), TagKind.PAIR));
    out.append(resultTable("LEFT OPEN TRADES REPORT", List.of("Pair"), "Trades", cur, stats.rows("left_open_trades"), TagKind.PAIR));
    if (stats.has("results_per_enter_tag")) {
      out.append(resultTable("ENTER TAG STATS", List.of("Enter Tag"), "Entries", cur, stats.rows("results_per_enter_tag"), TagKind.SINGLE));
    }
    if (stats.has("exit_reason_summary")) {
      out.append(resultTable("EXIT REASON STATS", List.of("Exit Reason"), "Exits", cur, stats.rows("exit_reason_summary"), TagKind.SINGLE));
    }
    if (stats.has("mix_tag_stats")) {
      out.append(
          resultTable("MIXED TAG STATS", List.of("Enter Tag", "Exit Reason"), "Trades", cur, stats.rows("mix_tag_stats"), TagKind.MIXED));
    }
    for (Period p : options.breakdowns()) out.append(breakdownTable(stats, p, cur));
    List<Metric> metrics = SummaryMetrics.of(stats);
    if (metrics.isEmpty()) {
      out.append(SummaryMetrics.noTradesMessage(stats)).append('\n');
    } else {
      TextTable t = new TextTable("SUMMARY METRICS", List.of("Metric", "Value"), Justify.LEFT);
      for (Metric m : metrics) t.addRow(List.of(m.name(), m.value()));
      out.append(t.render());
    }
    out.append('\n');
    return out.toString();
  }

  /**
   * The line naming the backtest range, and the "STRATEGY SUMMARY" table built from {@code strategy_comparison};
   * {@code reference} supplies range, max open trades and stake currency. Empty when the result has no comparison.
   */
  public static String renderStrategySummary(Map<String, ?> result, StatsMap reference) {
    List<Map<String, Object>> rows = StatsMap.rowsOf(result.get("strategy_comparison"));
    if (rows.isEmpty()) return "";
    String cur = reference.stakeCurrency();
    List<String> abs = new ArrayList<>(rows.size());
    List<String> rel = new ArrayList<>(rows.size());
    int absWidth = 0, relWidth = 0;
    for (Map<String, Object> r : rows) {
      Object a = r.get("max_drawdown_abs");
      // The comparison carries the absolute drawdown already formatted; an older file may carry a number.
      String absText = a instanceof Number n ? coinPlain(n.doubleValue(), cur) : String.valueOf(a);
      double relRatio = r.containsKey("max_drawdown_account")
          ? StatsMap.num(r, "max_drawdown_account") * 100.0
          : StatsMap.num(r, "max_drawdown_per");
      String relText = fixed(relRatio, 2);
      abs.add(absText);
      rel.add(relText);
      absWidth = Math.max(absWidth, absText.length());
      relWidth = Math.max(relWidth, relText.length());
    }
    List<String> headers = new ArrayList<>(lineHeaders(List.of("Strategy"), "Trades", cur));
    headers.add("Drawdown");
    TextTable t = new TextTable("STRATEGY SUMMARY", headers, Justify.RIGHT);
    for (int i = 0; i < rows.size(); i++) {
      Map<String, Object> r = rows.get(i);
      List<String> cells = new ArrayList<>();
      cells.add(String.valueOf(r.get("key")));
      cells.addAll(lineValues(r, cur));
      cells.add(padLeft(abs.get(i), absWidth) + " " + cur + "  " + padLeft(rel.get(i), relWidth) + "%");
      t.addRow(cells);
    }
    return "Backtested "
        + reference.str("backtest_start", "N/A")
        + " -> "
        + reference.str("backtest_end", "N/A")
        + " | Max open trades : "
        + py(reference.get("max_open_trades"))
        + '\n'
        + t.render();
  }

  /** How the first columns of a result line are filled from its key. */
  private enum TagKind {
    PAIR,
    SINGLE,
    MIXED
  }

  private static String resultTable(
      String title, List<String> keyHeaders, String countHeader, String cur, List<Map<String, Object>> lines, TagKind kind) {
    TextTable t = new TextTable(title, lineHeaders(keyHeaders, countHeader, cur), Justify.RIGHT);
    for (Map<String, Object> line : lines) {
      List<String> cells = new ArrayList<>(keyCells(line.get("key"), kind));
      cells.addAll(lineValues(line, cur));
      t.addRow(cells);
    }
    return t.render();
  }

  /** Freqtrade's {@code _get_line_header}. */
  private static List<String> lineHeaders(List<String> keyHeaders, String countHeader, String cur) {
    List<String> h = new ArrayList<>(keyHeaders);
    h.addAll(List.of(countHeader, "Avg Profit %", "Tot Profit " + cur, "Tot Profit %", "Avg Duration", "Win  Draw  Loss  Win%"));
    return h;
  }

  /** The cells after the key of a {@code _generate_result_line} row. */
  private static List<String> lineValues(Map<String, Object> line, String cur) {
    return List.of(
        py(line.get("trades")),
        fixed(StatsMap.num(line, "profit_mean_pct"), 2),
        coinFixed(StatsMap.num(line, "profit_total_abs"), cur),
        fixed(StatsMap.num(line, "profit_total_pct"), 2),
        String.valueOf(line.get("duration_avg")),
        winsDrawsLosses(StatsMap.integer(line, "wins"), StatsMap.integer(line, "draws"), StatsMap.integer(line, "losses")));
  }

  /**
   * The key cells of a line. As in Freqtrade's {@code text_table_tags}, an empty tag shows as {@code OTHER}; a mixed-tag
   * line with a single key (the TOTAL line) leaves the exit reason column empty.
   */
  private static List<String> keyCells(Object key, TagKind kind) {
    if (kind == TagKind.PAIR) return List.of(String.valueOf(key));
    if (kind == TagKind.SINGLE) return List.of(key == null || key.toString().isEmpty() ? "OTHER" : key.toString());
    if (key instanceof List<?> l && l.size() == 2) return List.of(String.valueOf(l.get(0)), String.valueOf(l.get(1)));
    return List.of(key == null || key.toString().isEmpty() ? "OTHER" : key.toString(), "");
  }

  /** Freqtrade's {@code text_table_periodic_breakdown}; computed from the trades when the result lacks the period. */
  private static String breakdownTable(StatsMap stats, Period period, String cur) {
    StatsMap stored = stats.child("periodic_breakdown");
    List<Map<String, Object>> rows =
        stored != null && stored.has(period.key()) ? stored.rows(period.key()) : computeBreakdown(stats, period);
    String name = period.key();
    TextTable t =
        new TextTable(
            name.toUpperCase(java.util.Locale.ROOT) + " BREAKDOWN",
            List.of(Character.toUpperCase(name.charAt(0)) + name.substring(1), "Tot Profit " + cur, "Wins", "Draws", "Losses"),
            Justify.RIGHT);
    for (Map<String, Object> r : rows) {
      t.addRow(
          List.of(
              String.valueOf(r.get("date")),
              coinPlain(StatsMap.num(r, "profit_abs"), cur),
              py(r.get("wins")),
              py(r.get("draws")),
              py(r.get("loses"))));
    }
    return t.render();
  }

  private static List<Map<String, Object>> computeBreakdown(StatsMap stats, Period period) {
    List<TradeResult> trades = new ArrayList<>();
    for (Map<String, Object> t : stats.rows("trades")) trades.add(TradeJson.fromJson(t));
    return new ArrayList<>(PeriodicBreakdown.generate(trades, period));
  }

  private static String padLeft(String s, int width) {
    return s.length() >= width ? s : " ".repeat(width - s.length()) + s;
  }
}
