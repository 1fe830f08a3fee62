package io.agora.core.report.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agora.core.metrics.Period;
import io.agora.core.report.ReportFixtures;
import io.agora.core.report.text.TextReport.Options;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The terminal report on result documents built by the metrics code. Expected cells are written out from the values
 * the metrics conformance tests pin (Freqtrade's own numbers for the 179-trade run) formatted by hand.
 */
class TextReportTest {
  private static final String REPORT_179 =
      TextReport.render(ReportFixtures.result179(), "StrategyTestV3", Options.defaults());

  /** The table titled {@code title}: its lines from the title to the closing border. */
  static List<String> table(String report, String title) {
    List<String> lines = Arrays.asList(report.split("\n", -1));
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).strip().equals(title)) {
        int end = i + 1;
        while (!lines.get(end).startsWith("└")) end++;
        return lines.subList(i, end + 1);
      }
    }
    throw new AssertionError("no table titled " + title + " in\n" + report);
  }

  /** The trimmed cells of the body rows of a table. */
  static List<List<String>> rows(List<String> table) {
    List<List<String>> out = new ArrayList<>();
    for (String line : table) {
      if (!line.startsWith("│")) continue;
      String[] parts = line.substring(1, line.length() - 1).split("│", -1);
      List<String> cells = new ArrayList<>();
      for (String p : parts) cells.add(p.strip());
      out.add(cells);
    }
    return out;
  }

  static List<String> row(List<String> table, String firstCell) {
    for (List<String> r : rows(table)) if (r.get(0).equals(firstCell)) return r;
    throw new AssertionError("no row " + firstCell + " in\n" + String.join("\n", table));
  }

  /** The SUMMARY METRICS block as name to value. */
  static Map<String, String> metrics(String report) {
    Map<String, String> m = new LinkedHashMap<>();
    for (List<String> r : rows(table(report, "SUMMARY METRICS"))) if (!r.get(0).isEmpty()) m.put(r.get(0), r.get(1));
    return m;
  }

  @Test
  void printsFreqtradesTablesInOrder() {
    List<String> titles =
        List.of(
            "Result for strategy StrategyTestV3", "BACKTESTING REPORT", "LEFT OPEN TRADES REPORT", "ENTER TAG STATS",
            "EXIT REASON STATS", "MIXED TAG STATS", "SUMMARY METRICS",
            "Backtested 2018-01-10 07:15:00 -> 2018-01-30 04:45:00 | Max open trades : 3", "STRATEGY SUMMARY");
    int at = -1;
    for (String t : titles) {
      int next = REPORT_179.indexOf(t);
      assertTrue(next > at, t + " missing or out of order");
      at = next;
    }
  }

  @Test
  void perPairTableHasEveryPairAndTheTotalLine() {
    List<String> t = table(REPORT_179, "BACKTESTING REPORT");
    assertEquals(
        List.of("Pair", "Trades", "Avg Profit %", "Tot Profit BTC", "Tot Profit %", "Avg Duration", "Win  Draw  Loss  Win%"),
        Arrays.stream(t.get(2).substring(1, t.get(2).length() - 1).split("┃")).map(String::strip).toList());
    List<List<String>> rows = rows(t);
    assertEquals(11, rows.size());
    for (String pair : ReportFixtures.PAIRS_179) row(t, pair);
    assertEquals(List.of("TOTAL", "179", "0.08", "0.00104190", "10.42", "3:40:00", "170     0     9  95.0"), rows.get(10));
    assertEquals(List.of("ADA/BTC", "29", "-0.12", "0.00011156", "1.12", "5:35:00", "27     0     2  93.1"), row(t, "ADA/BTC"));
    // Sorted by absolute profit, highest first, as Freqtrade sorts.
    assertEquals("XLM/BTC", rows.get(0).get(0));
    assertEquals("XMR/BTC", rows.get(9).get(0));
  }

  @Test
  void everyLineOfATableHasTheSameWidth() {
    for (String title : List.of("BACKTESTING REPORT", "LEFT OPEN TRADES REPORT", "EXIT REASON STATS", "SUMMARY METRICS", "STRATEGY SUMMARY")) {
      List<String> t = table(REPORT_179, title);
      int width = t.get(1).codePointCount(0, t.get(1).length());
      for (String line : t.subList(1, t.size())) assertEquals(width, line.codePointCount(0, line.length()), title + ": " + line);
      assertTrue(t.get(1).startsWith("┏") && t.get(3).startsWith("┡"), title);
    }
  }

  @Test
  void leftOpenAndExitReasonTables() {
    List<String> open = table(REPORT_179, "LEFT OPEN TRADES REPORT");
    assertEquals(List.of("TRX/BTC", "ZEC/BTC", "ADA/BTC", "TOTAL"), rows(open).stream().map(r -> r.get(0)).toList());
    assertEquals("2 days, 19:00:00", row(open, "ZEC/BTC").get(5));
    List<String> exits = table(REPORT_179, "EXIT REASON STATS");
    assertEquals(List.of("roi", "170", "0.54", "0.00177444", "17.74", "2:17:00", "170     0     0   100"), row(exits, "roi"));
    assertEquals(List.of("stop_loss", "6", "-10.45", "-0.00060000", "-6.00", "20:13:00", "0     0     6     0"), row(exits, "stop_loss"));
    assertTrue(exits.get(2).startsWith("┃ Exit Reason ┃ Exits ┃"), exits.get(2));
  }

  @Test
  void summaryMetricsCarryTheRunsValues() {
    Map<String, String> m = metrics(REPORT_179);
    assertEquals("2018-01-10 07:15:00", m.get("Backtesting from"));
    assertEquals("2018-01-30 04:45:00", m.get("Backtesting to"));
    assertEquals("3", m.get("Max open trades"));
    assertEquals("179 / 9.42", m.get("Total/Daily Avg Trades"));
    assertEquals("0.01 BTC", m.get("Starting balance"));
    assertEquals("0.0110419 BTC", m.get("Final balance"));
    assertEquals("0.0010419 BTC", m.get("Absolute profit"));
    assertEquals("10.42%", m.get("Total profit %"));
    assertEquals("571.27%", m.get("CAGR %"));
    assertEquals("2.42", m.get("Profit factor"));
    assertEquals("0.55%", m.get("Avg. daily profit %"));
    assertEquals("0.001 BTC", m.get("Avg. stake amount"));
    assertEquals("0.179 BTC", m.get("Total trade volume"));
    assertEquals("LTC/BTC 1.00%", m.get("Best Pair"));
    assertEquals("XMR/BTC 0.35%", m.get("Worst Pair"));
    assertEquals("XLM/BTC -10.45%", m.get("Worst trade"));
    assertEquals("0.00024561 BTC", m.get("Best day"));
    assertEquals("-0.00013253 BTC", m.get("Worst day"));
    assertEquals("19 / 0 / 2", m.get("Days win/draw/lose"));
    assertEquals("0:24:00", m.get("Avg. Duration Winners"));
    assertEquals("1 day, 5:57:00", m.get("Avg. Duration Loser"));
    assertEquals("0", m.get("Rejected Entry signals"));
    assertEquals("0.01004511 BTC", m.get("Min balance"));
    assertEquals("0.01106917 BTC", m.get("Max balance"));
    assertEquals("1.87%", m.get("Max % of account underwater"));
    assertEquals("1.87%", m.get("Absolute Drawdown (Account)"));
    assertEquals("0.0002 BTC", m.get("Absolute Drawdown"));
    assertEquals("0.00067218 BTC", m.get("Drawdown high"));
    assertEquals("0.00047218 BTC", m.get("Drawdown low"));
    assertEquals("2018-01-16 19:30:00", m.get("Drawdown Start"));
    assertEquals("2018-01-16 22:25:00", m.get("Drawdown End"));
    assertEquals("122.00%", m.get("Market change"));
    // No short trades: Freqtrade leaves the long/short block out.
    assertFalse(m.containsKey("Long / Short"));
  }

  @Test
  void strategySummaryRowHasTheDrawdownColumn() {
    List<String> t = table(REPORT_179, "STRATEGY SUMMARY");
    assertEquals(
        List.of("StrategyTestV3", "179", "0.08", "0.00104190", "10.42", "3:40:00", "170     0     9  95.0", "0.0002 BTC  1.87%"),
        row(t, "StrategyTestV3"));
  }

  @Test
  void shortsTagsCountersAndStakeCurrencyDecimals() {
    String r = TextReport.render(ReportFixtures.handMade(), "Hand", Options.defaults());
    Map<String, String> m = metrics(r);
    assertEquals("4 / 1", m.get("Long / Short"));
    assertEquals("0.60%", m.get("Total profit Long %"));
    assertEquals("2 USDT", m.get("Absolute profit Short"));
    assertEquals("4", m.get("Rejected Entry signals"));
    assertEquals("1 / 2", m.get("Entry/Exit Timeouts"));
    assertEquals("1000 USDT", m.get("Starting balance"));
    assertEquals("ADA/USDT -0.50%", m.get("Worst trade"));
    assertEquals("Spot", m.get("Trading Mode"));
    List<String> pairs = table(r, "BACKTESTING REPORT");
    assertEquals(List.of("TOTAL", "5", "0.16", "8.000", "0.80", "10:24:00", "3     1     1  60.0"), row(pairs, "TOTAL"));
    assertEquals(List.of("ADA/USDT", "2", "-0.20", "-4.000", "-0.40", "1:00:00", "1     0     1  50.0"), row(pairs, "ADA/USDT"));
    List<String> tags = table(r, "ENTER TAG STATS");
    assertTrue(tags.get(2).contains(" Enter Tag ┃ Entries ┃"), tags.get(2));
    assertEquals("1", row(tags, ReportFixtures.EVIL_TAG).get(1));
    List<String> mixed = table(r, "MIXED TAG STATS");
    assertEquals(List.of("t1", "roi", "2", "0.55", "11.000", "1.10", "0:45:00", "2     0     0   100"), rows(mixed).get(0));
    assertEquals(List.of("TOTAL", ""), row(mixed, "TOTAL").subList(0, 2));
  }

  @Test
  void breakdownTablesFromTheResultOrFromTheTrades() {
    Map<String, Object> result = ReportFixtures.handMade();
    String r = TextReport.render(result, "Hand", Options.defaults().withBreakdowns(Period.MONTH, Period.WEEK));
    List<String> month = table(r, "MONTH BREAKDOWN");
    assertEquals(
        List.of(List.of("31/01/2021", "7", "2", "0", "1"), List.of("28/02/2021", "1", "1", "1", "0")), rows(month));
    assertTrue(r.indexOf("MONTH BREAKDOWN") < r.indexOf("WEEK BREAKDOWN"));
    assertTrue(r.indexOf("WEEK BREAKDOWN") < r.indexOf("SUMMARY METRICS"));

    // An older result file without the stored breakdown: the table is computed from its trades.
    strategy(result, "Hand").remove("periodic_breakdown");
    String recomputed = TextReport.render(result, "Hand", Options.defaults().withBreakdowns(Period.MONTH));
    assertEquals(month, table(recomputed, "MONTH BREAKDOWN"));
  }

  @Test
  void zeroTradesPrintsTheTablesAndFreqtradesMessage() {
    Map<String, Object> result = ReportFixtures.noTrades();
    String r = TextReport.render(result, "Idle", Options.defaults().withBreakdowns(Period.DAY));
    assertTrue(r.contains("No trades made. Your starting balance was 1000 USDT, and your stake was 10 USDT.\n"), r);
    assertFalse(r.contains("SUMMARY METRICS"));
    List<String> pairs = table(r, "BACKTESTING REPORT");
    assertEquals(List.of("TOTAL", "0", "0.00", "0.000", "0.00", "0:00", "0     0     0     0"), row(pairs, "TOTAL"));
    assertEquals(List.of(), rows(table(r, "DAY BREAKDOWN")));
    assertEquals("0 USDT  0.00%", row(table(r, "STRATEGY SUMMARY"), "Idle").get(7));

    strategy(result, "Idle").put("stake_amount", "unlimited");
    String unlimited = TextReport.render(result, "Idle", Options.defaults());
    assertTrue(unlimited.contains("and your stake was unlimited."), unlimited);
  }

  @Test
  void renderAllPrintsEachStrategyThenOneSummary() {
    String r = TextReport.renderAll(ReportFixtures.twoStrategies(), Options.defaults());
    assertTrue(r.indexOf("Result for strategy Hand") < r.indexOf("Result for strategy Idle"));
    assertEquals(r.indexOf("STRATEGY SUMMARY"), r.lastIndexOf("STRATEGY SUMMARY"));
    assertEquals(List.of("Hand", "Idle"), rows(table(r, "STRATEGY SUMMARY")).stream().map(x -> x.get(0)).toList());
    // The drawdown column aligns the amounts and the percentages across strategies.
    assertEquals(List.of("5 USDT  0.50%", "0 USDT  0.00%"), rows(table(r, "STRATEGY SUMMARY")).stream().map(x -> x.get(7)).toList());
  }

  @Test
  void strategySummaryCanBeLeftOut() {
    String r = TextReport.render(ReportFixtures.handMade(), "Hand", Options.defaults().withStrategySummary(false));
    assertFalse(r.contains("STRATEGY SUMMARY"));
    assertFalse(r.contains("Backtested "));
  }

  @Test
  void unknownStrategyIsRefused() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> TextReport.render(ReportFixtures.handMade(), "Nope", Options.defaults()));
    assertTrue(e.getMessage().contains("Nope"));
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> strategy(Map<String, Object> result, String name) {
    return (Map<String, Object>) ((Map<String, Object>) result.get("strategy")).get(name);
  }
}
