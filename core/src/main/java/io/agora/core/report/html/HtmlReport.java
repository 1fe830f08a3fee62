package io.agora.core.report.html;

import io.agora.core.files.AtomicFiles;
import static io.agora.core.report.html.Html.escape;
import static io.agora.core.report.text.ReportFormat.coin;
import static io.agora.core.report.text.ReportFormat.coinFixed;
import static io.agora.core.report.text.ReportFormat.fixed;
import static io.agora.core.report.text.ReportFormat.pct;
import static io.agora.core.report.text.ReportFormat.py;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import com.fasterxml.jackson.databind.ObjectWriter;
import io.agora.core.backtest.TradeResult;
import io.agora.core.metrics.PyFormat;
import io.agora.core.metrics.ResultTables;
import io.agora.core.report.StatsMap;
import io.agora.core.report.json.BacktestResultWriter;
import io.agora.core.report.json.TradeJson;
import io.agora.core.report.text.ReportFormat;
import io.agora.core.report.text.SummaryMetrics;
import io.agora.core.report.text.SummaryMetrics.Metric;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One strategy's backtest as a single self-contained HTML page: key figures, equity and drawdown charts, per-pair
 * profit charts, Freqtrade's summary metrics, the per-pair, tag and exit-reason tables and the sortable trade list.
 * Chart.js (from its WebJar), the page's script, style and data are all inline, so the file opens offline and can be
 * mailed or archived as is.
 *
 * <p>Strategy output (pair names, tags, exit reasons) is escaped wherever it lands: as HTML text, and in the JSON data
 * block with {@code < > &} written as {@code \u003c}-style escapes so it cannot close the block. A Content Security
 * Policy in the page allows only the two inline scripts (by hash) and no network access at all.
 */
public final class HtmlReport {
  private static final ObjectWriter JSON = BacktestResultWriter.mapper().writer().with(new HtmlSafeEscapes());
  private static final Pattern DURATION = Pattern.compile("(?:(-?\\d+) days?, )?(\\d+):(\\d{2})(?::(\\d{2}))?");

  private HtmlReport() {}

  /**
   * Writes the page for {@code strategyName} at {@code path} (parent folders created, a previous file replaced). The
   * file is written beside the target and moved into place, so a browser never loads half a report.
   *
   * @throws IllegalArgumentException when {@code result} has no strategy of that name
   */
  public static void write(Path path, Map<String, ?> result, String strategyName) throws IOException {
    String html = render(result, strategyName);
    AtomicFiles.write(path, tmp -> Files.writeString(tmp, html, StandardCharsets.UTF_8));
  }

  /**
   * The page for {@code strategyName} of a result document ({@link io.agora.core.metrics.BacktestStats#generate}, or
   * that document read back from JSON).
   *
   * @throws IllegalArgumentException when {@code result} has no strategy of that name
   */
  public static String render(Map<String, ?> result, String strategyName) {
    StatsMap s = StatsMap.strategy(result, strategyName);
    String cur = s.stakeCurrency();
    boolean anyTrades = !s.rows("trades").isEmpty();
    String chartJs = ChartJs.source();
    String script = resource("report.js");

    StringBuilder b = new StringBuilder(chartJs.length() + 64 * 1024);
    b.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
    b.append("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; script-src '")
        .append(sha256(chartJs))
        .append("' '")
        .append(sha256(script))
        .append("'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'\">\n");
    b.append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
    b.append("<title>Backtest report: ").append(escape(strategyName)).append("</title>\n");
    b.append("<style>\n").append(resource("report.css")).append("</style>\n</head>\n<body>\n");

    header(b, s, strategyName);
    cards(b, s);
    if (anyTrades) {
      b.append("<h2>Equity</h2>\n<div class=\"chart\"><canvas id=\"chart-equity\" role=\"img\" aria-label=\"Balance over time\"></canvas></div>\n");
      b.append("<h2>Drawdown</h2>\n<p class=\"sub\">Balance below its running peak, in percent of that peak.</p>\n");
      b.append("<div class=\"chart small\"><canvas id=\"chart-drawdown\" role=\"img\" aria-label=\"Drawdown over time\"></canvas></div>\n");
      b.append("<div class=\"grid2\">\n<div>\n<h2>Profit per pair</h2>\n");
      b.append("<div class=\"chart\"><canvas id=\"chart-pair-profit\" role=\"img\" aria-label=\"Profit per pair\"></canvas></div>\n</div>\n");
      b.append("<div>\n<h2>Cumulative profit per pair</h2>\n");
      b.append("<div class=\"chart\"><canvas id=\"chart-pair-curves\" role=\"img\" aria-label=\"Cumulative profit per pair\"></canvas></div>\n</div>\n</div>\n");
    }

    b.append("<h2>Summary metrics</h2>\n");
    List<Metric> metrics = SummaryMetrics.of(s);
    if (metrics.isEmpty()) {
      b.append("<p class=\"note\">").append(escape(SummaryMetrics.noTradesMessage(s))).append("</p>\n");
    } else {
      b.append("<table class=\"metrics\">\n<tbody>\n");
      for (Metric m : metrics) {
        if (m.isSeparator()) b.append("<tr class=\"gap\"><td></td><td></td></tr>\n");
        else b.append("<tr><td>").append(escape(m.name())).append("</td><td>").append(escape(m.value())).append("</td></tr>\n");
      }
      b.append("</tbody>\n</table>\n");
    }

    b.append("<h2>Results per pair</h2>\n");
    resultTable(b, List.of("Pair"), "Trades", cur, s.rows("results_per_pair"), false);
    b.append("<h2>Exit reasons</h2>\n");
    resultTable(b, List.of("Exit reason"), "Exits", cur, s.rows("exit_reason_summary"), false);
    b.append("<h2>Enter tags</h2>\n");
    resultTable(b, List.of("Enter tag"), "Entries", cur, s.rows("results_per_enter_tag"), false);
    b.append("<h2>Enter tag and exit reason</h2>\n");
    resultTable(b, List.of("Enter tag", "Exit reason"), "Trades", cur, s.rows("mix_tag_stats"), true);
    b.append("<h2>Left open trades</h2>\n");
    resultTable(b, List.of("Pair"), "Trades", cur, s.rows("left_open_trades"), false);
    b.append("<h2>Trades</h2>\n");
    tradeTable(b, s, cur);

    b.append("<footer>Generated by Agora. Charts drawn with Chart.js ")
        .append(escape(ChartJs.version()))
        .append(" (MIT License), included in this file.</footer>\n");
    b.append("<script type=\"application/json\" id=\"report-data\">").append(json(ChartSeries.of(s))).append("</script>\n");
    b.append("<script>").append(chartJs).append("</script>\n");
    b.append("<script>").append(script).append("</script>\n");
    b.append("</body>\n</html>\n");
    return b.toString();
  }

  private static void header(StringBuilder b, StatsMap s, String strategyName) {
    b.append("<h1>Backtest report: ").append(escape(strategyName)).append("</h1>\n<p class=\"sub\">");
    b.append(escape(s.str("backtest_start", "?"))).append(" &rarr; ").append(escape(s.str("backtest_end", "?")));
    String timerange = s.str("timerange", "");
    if (!timerange.isEmpty()) b.append(" &middot; timerange ").append(escape(timerange));
    b.append(" &middot; timeframe ").append(escape(s.str("timeframe", "?")));
    String detail = s.str("timeframe_detail", "");
    if (!detail.isEmpty()) b.append(" (detail ").append(escape(detail)).append(')');
    b.append(" &middot; ").append(escape(s.str("trading_mode", "spot")));
    b.append(" &middot; stake currency ").append(escape(s.stakeCurrency()));
    b.append(" &middot; max open trades ").append(escape(py(s.get("max_open_trades"))));
    b.append("</p>\n");
  }

  private static void cards(StringBuilder b, StatsMap s) {
    String cur = s.stakeCurrency();
    b.append("<div class=\"cards\">\n");
    card(b, "Total profit", pct(s.num("profit_total")), coin(s.num("profit_total_abs"), cur));
    card(b, "Final balance", coin(s.num("final_balance"), cur), "from " + coin(s.num("starting_balance"), cur));
    card(b, "Trades", py(s.get("total_trades")), py(s.get("trades_per_day")) + " per day");
    card(
        b,
        "Win rate",
        fixed(s.num("winrate") * 100.0, 1) + "%",
        py(s.get("wins")) + " won, " + py(s.get("draws")) + " even, " + py(s.get("losses")) + " lost");
    card(b, "Max drawdown", pct(s.num("max_drawdown_account")), coin(s.num("max_drawdown_abs"), cur));
    card(b, "Profit factor", fixed(s.num("profit_factor"), 2), "Expectancy " + fixed(s.num("expectancy"), 2));
    card(b, "Sharpe", fixed(s.num("sharpe"), 2), "Sortino " + fixed(s.num("sortino"), 2));
    card(b, "Calmar", fixed(s.num("calmar"), 2), "CAGR " + pct(s.num("cagr")));
    card(b, "Market change", pct(s.num("market_change")), "buy and hold, all pairs");
    b.append("</div>\n");
  }

  private static void card(StringBuilder b, String label, String value, String detail) {
    b.append("<div class=\"card\"><div class=\"label\">")
        .append(escape(label))
        .append("</div><div class=\"value\">")
        .append(escape(value))
        .append("</div><div class=\"detail\">")
        .append(escape(detail))
        .append("</div></div>\n");
  }

  /** A Freqtrade result table (per pair, tag or exit reason); its TOTAL line goes in the footer, out of sorting's reach. */
  private static void resultTable(
      StringBuilder b, List<String> keyHeaders, String countHeader, String cur, List<Map<String, Object>> rows, boolean mixed) {
    b.append("<div class=\"scroll\"><table class=\"sortable\">\n<thead><tr>");
    for (String h : keyHeaders) b.append("<th>").append(escape(h)).append("</th>");
    for (String h : List.of(countHeader, "Avg profit %", "Tot profit " + cur, "Tot profit %", "Avg duration", "Wins", "Draws", "Losses", "Win %")) {
      b.append("<th class=\"num\" data-type=\"num\">").append(escape(h)).append("</th>");
    }
    b.append("</tr></thead>\n<tbody>\n");
    // The TOTAL line is the last; a tag that happens to be named TOTAL stays an ordinary line.
    Map<String, Object> total = null;
    int body = rows.size();
    if (body > 0 && ResultTables.TOTAL.equals(rows.get(body - 1).get("key"))) total = rows.get(--body);
    for (Map<String, Object> r : rows.subList(0, body)) resultRow(b, r, keyHeaders.size(), cur, mixed);
    b.append("</tbody>\n");
    if (total != null) {
      b.append("<tfoot>\n");
      resultRow(b, total, keyHeaders.size(), cur, mixed);
      b.append("</tfoot>\n");
    }
    b.append("</table></div>\n");
  }

  private static void resultRow(StringBuilder b, Map<String, Object> r, int keyColumns, String cur, boolean mixed) {
    b.append("<tr>");
    Object key = r.get("key");
    if (mixed && key instanceof List<?> l && l.size() == keyColumns) {
      for (Object k : l) b.append("<td>").append(escape(String.valueOf(k))).append("</td>");
    } else {
      String k = key == null || key.toString().isEmpty() ? "OTHER" : key.toString();
      b.append("<td>").append(escape(k)).append("</td>");
      for (int i = 1; i < keyColumns; i++) b.append("<td></td>");
    }
    long trades = StatsMap.integer(r, "trades");
    numCell(b, String.valueOf(trades), trades, 0);
    double mean = StatsMap.num(r, "profit_mean_pct");
    numCell(b, fixed(mean, 2), mean, mean);
    double abs = StatsMap.num(r, "profit_total_abs");
    numCell(b, coinFixed(abs, cur), abs, abs);
    double total = StatsMap.num(r, "profit_total_pct");
    numCell(b, fixed(total, 2), total, total);
    String duration = String.valueOf(r.get("duration_avg"));
    numCell(b, duration, durationSeconds(duration), 0);
    long wins = StatsMap.integer(r, "wins"), draws = StatsMap.integer(r, "draws"), losses = StatsMap.integer(r, "losses");
    numCell(b, String.valueOf(wins), wins, 0);
    numCell(b, String.valueOf(draws), draws, 0);
    numCell(b, String.valueOf(losses), losses, 0);
    double rate = trades > 0 ? 100.0 * wins / trades : 0.0;
    numCell(b, fixed(rate, 1), rate, 0);
    b.append("</tr>\n");
  }

  private static void tradeTable(StringBuilder b, StatsMap s, String cur) {
    List<Map<String, Object>> rows = s.rows("trades");
    if (rows.isEmpty()) {
      b.append("<p class=\"note\">No trades made.</p>\n");
      return;
    }
    b.append("<div class=\"scroll\"><table class=\"sortable trades\">\n<thead><tr>");
    b.append("<th class=\"num\" data-type=\"num\">#</th><th>Pair</th><th>Side</th><th>Enter tag</th><th>Exit reason</th>");
    b.append("<th data-type=\"num\">Open (UTC)</th><th data-type=\"num\">Close (UTC)</th>");
    for (String h : List.of("Duration", "Open rate", "Close rate", "Stake " + cur, "Profit %", "Profit " + cur)) {
      b.append("<th class=\"num\" data-type=\"num\">").append(escape(h)).append("</th>");
    }
    b.append("</tr></thead>\n<tbody>\n");
    int n = 0;
    for (Map<String, Object> row : rows) {
      TradeResult t = TradeJson.fromJson(row);
      n++;
      b.append("<tr>");
      numCell(b, String.valueOf(n), n, 0);
      b.append("<td>").append(escape(t.pair())).append("</td>");
      b.append("<td>").append(t.isShort() ? "short" : "long").append("</td>");
      b.append("<td>").append(escape(t.enterTag())).append("</td>");
      b.append("<td>").append(escape(t.exitReason())).append("</td>");
      b.append("<td data-v=\"").append(t.openTime()).append("\">").append(PyFormat.printDate(t.openTime())).append("</td>");
      b.append("<td data-v=\"").append(t.closeTime()).append("\">").append(PyFormat.printDate(t.closeTime())).append("</td>");
      long seconds = Math.floorDiv(t.closeTime() - t.openTime(), 1000L);
      numCell(b, PyFormat.timedelta(seconds), seconds, 0);
      numCell(b, ReportFormat.pyFloat(t.openRate()), t.openRate(), 0);
      numCell(b, ReportFormat.pyFloat(t.closeRate()), t.closeRate(), 0);
      numCell(b, coinFixed(t.stakeAmount(), cur), t.stakeAmount(), 0);
      double ratioPct = t.profitRatio() * 100.0;
      numCell(b, fixed(ratioPct, 2), ratioPct, ratioPct);
      numCell(b, coinFixed(t.profitAbs(), cur), t.profitAbs(), t.profitAbs());
      b.append("</tr>\n");
    }
    b.append("</tbody>\n</table></div>\n");
  }

  /** A right-aligned cell sorted by {@code sortValue}, coloured by the sign of {@code sign}. */
  private static void numCell(StringBuilder b, String text, double sortValue, double sign) {
    String cls = sign > 0 ? "num pos" : sign < 0 ? "num neg" : "num";
    b.append("<td class=\"").append(cls).append('"');
    if (Double.isFinite(sortValue)) b.append(" data-v=\"").append(ReportFormat.pyFloat(sortValue)).append('"');
    b.append('>').append(escape(text)).append("</td>");
  }

  /** Seconds of a Python timedelta string ({@code 1 day, 5:57:00}; {@code 0:00} for an empty table line). */
  static long durationSeconds(String s) {
    Matcher m = DURATION.matcher(s == null ? "" : s.trim());
    if (!m.matches()) return 0;
    long days = m.group(1) == null ? 0 : Long.parseLong(m.group(1));
    long sec = m.group(4) == null ? 0 : Long.parseLong(m.group(4));
    return days * 86_400L + Long.parseLong(m.group(2)) * 3600L + Long.parseLong(m.group(3)) * 60L + sec;
  }

  private static String json(Object value) {
    try {
      return JSON.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialise the chart data", e);
    }
  }

  /** The CSP source for an inline script: {@code sha256-} and the base64 SHA-256 of its UTF-8 text. */
  static String sha256(String script) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(script.getBytes(StandardCharsets.UTF_8));
      return "sha256-" + Base64.getEncoder().encodeToString(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is a required JDK algorithm", e);
    }
  }

  private static String resource(String name) {
    try (InputStream in = HtmlReport.class.getResourceAsStream(name)) {
      if (in == null) throw new IllegalStateException("missing resource " + name + " beside " + HtmlReport.class.getName());
      return new String(in.readAllBytes(), StandardCharsets.UTF_8).replace("\r\n", "\n");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * JSON escapes for a {@code <script>} data block: {@code <} {@code >} {@code &} as {@code \u003c}-style escapes,
   * so no string value can form {@code </script} or {@code <!--}.
   */
  private static final class HtmlSafeEscapes extends CharacterEscapes {
    private final int[] codes;

    HtmlSafeEscapes() {
      codes = standardAsciiEscapesForJSON();
      codes['<'] = ESCAPE_STANDARD;
      codes['>'] = ESCAPE_STANDARD;
      codes['&'] = ESCAPE_STANDARD;
    }

    @Override
    public int[] getEscapeCodesForAscii() {
      return codes;
    }

    @Override
    public SerializableString getEscapeSequence(int ch) {
      return null;
    }
  }
}
