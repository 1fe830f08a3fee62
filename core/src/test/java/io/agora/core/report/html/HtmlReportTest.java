package io.agora.core.report.html;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.agora.core.report.ReportFixtures;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The HTML report: a self-contained page whose data, scripts and escaping can be checked without a browser. */
class HtmlReportTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern DATA = Pattern.compile("<script type=\"application/json\" id=\"report-data\">(.*?)</script>", Pattern.DOTALL);
  private static final Pattern SCRIPT = Pattern.compile("<script>(.*?)</script>", Pattern.DOTALL);

  /** Chart.js as the WebJar ships it, read here independently of the report code. */
  private static String chartJsFromJar() throws IOException {
    Properties p = new Properties();
    try (InputStream in = HtmlReportTest.class.getResourceAsStream("/META-INF/maven/org.webjars.npm/chart.js/pom.properties")) {
      assertNotNull(in, "Chart.js WebJar missing from the test classpath");
      p.load(in);
    }
    String path = "/META-INF/resources/webjars/chart.js/" + p.getProperty("version") + "/dist/chart.umd.min.js";
    try (InputStream in = HtmlReportTest.class.getResourceAsStream(path)) {
      assertNotNull(in, path);
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  private static JsonNode data(String html) throws IOException {
    Matcher m = DATA.matcher(html);
    assertTrue(m.find(), "no data block");
    return JSON.readTree(m.group(1));
  }

  private static List<String> inlineScripts(String html) {
    List<String> out = new ArrayList<>();
    Matcher m = SCRIPT.matcher(html);
    while (m.find()) out.add(m.group(1));
    return out;
  }

  @Test
  void writesTheRenderedPage(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("reports/nested/hand.html");
    HtmlReport.write(file, ReportFixtures.handMade(), "Hand");
    String html = Files.readString(file);
    assertEquals(HtmlReport.render(ReportFixtures.handMade(), "Hand"), html);
    assertTrue(html.startsWith("<!DOCTYPE html>"));
    assertTrue(html.endsWith("</html>\n"));
    try (var files = Files.list(file.getParent())) {
      assertEquals(List.of(file), files.toList(), "no temporary file is left behind");
    }
  }

  @Test
  void isSelfContained() throws IOException {
    String html = HtmlReport.render(ReportFixtures.result179(), "StrategyTestV3");
    String chartJs = chartJsFromJar();
    assertTrue(chartJs.length() > 100_000, "the real library, not a stub");
    assertEquals(chartJs, inlineScripts(html).get(0), "Chart.js is inlined unchanged");
    assertFalse(Pattern.compile("<script[^>]*\\bsrc\\s*=", Pattern.CASE_INSENSITIVE).matcher(html).find());
    assertFalse(Pattern.compile("<link\\b", Pattern.CASE_INSENSITIVE).matcher(html).find());
    // Chart.js's licence banner names its web site; nothing else in the page may point anywhere.
    String rest = html.replace(chartJs, "");
    assertFalse(rest.contains("http://") || rest.contains("https://"), "the page refers to the network");
    assertTrue(html.contains("default-src 'none'"), "the page forbids network access");
  }

  @Test
  void contentSecurityPolicyAllowsExactlyTheInlineScripts() throws Exception {
    String html = HtmlReport.render(ReportFixtures.handMade(), "Hand");
    Matcher csp = Pattern.compile("script-src ((?:'sha256-[A-Za-z0-9+/=]+' ?)+);").matcher(html);
    assertTrue(csp.find(), "CSP with script hashes");
    List<String> expected = new ArrayList<>();
    for (String script : inlineScripts(html)) {
      byte[] d = MessageDigest.getInstance("SHA-256").digest(script.getBytes(StandardCharsets.UTF_8));
      expected.add("'sha256-" + Base64.getEncoder().encodeToString(d) + "'");
    }
    assertEquals(2, expected.size(), "Chart.js and the report script");
    assertEquals(String.join(" ", expected), csp.group(1).strip());
  }

  @Test
  void carriesTheChartSeries() throws IOException {
    JsonNode d = data(HtmlReport.render(ReportFixtures.handMade(), "Hand"));
    assertEquals("USDT", d.get("currency").asText());
    assertEquals(3, d.get("decimals").asInt());
    long start = ReportFixtures.t("2021-01-04 00:00:00");
    long end = ReportFixtures.t("2021-02-03 00:00:00");
    String equity =
        "[[" + start + ",1000.0],[" + ReportFixtures.t("2021-01-04 11:00:00") + ",1010.0],["
            + ReportFixtures.t("2021-01-05 09:30:00") + ",1005.0],[" + ReportFixtures.t("2021-01-12 01:00:00") + ",1007.0],["
            + ReportFixtures.t("2021-02-01 00:00:00") + ",1007.0],[" + ReportFixtures.t("2021-02-02 00:30:00") + ",1008.0],["
            + end + ",1008.0]]";
    assertEquals(JSON.readTree(equity), d.get("equity"));
    // 1005 is 5 below the 1010 peak.
    assertEquals(-500.0 / 1010.0, d.get("drawdown").get(2).get(1).asDouble(), 1e-9);
    assertEquals(0.0, d.get("drawdown").get(1).get(1).asDouble());
    assertEquals(JSON.readTree("[\"ETH/USDT\",\"XRP/USDT\",\"ADA/USDT\"]"), d.get("pairProfit").get("pairs"));
    assertEquals(JSON.readTree("[12.0,0.0,-4.0]"), d.get("pairProfit").get("profit"));
    JsonNode ada = d.get("pairCurves").get(2);
    assertEquals("ADA/USDT", ada.get("pair").asText());
    assertEquals(
        JSON.readTree("[[" + start + ",0.0],[" + ReportFixtures.t("2021-01-05 09:30:00") + ",-5.0],["
            + ReportFixtures.t("2021-02-02 00:30:00") + ",-4.0],[" + end + ",-4.0]]"),
        ada.get("points"));
  }

  @Test
  void equityAndDrawdownAgreeWithTheMetricsOn179Trades() throws IOException {
    Map<String, Object> result = ReportFixtures.result179();
    JsonNode d = data(HtmlReport.render(result, "StrategyTestV3"));
    JsonNode equity = d.get("equity");
    assertEquals(0.01, equity.get(0).get(1).asDouble());
    assertEquals(0.011041902985696884, equity.get(equity.size() - 1).get(1).asDouble(), 1e-10);
    double deepest = 0;
    for (JsonNode p : d.get("drawdown")) deepest = Math.min(deepest, p.get(1).asDouble());
    // Freqtrade's account drawdown is the same fall measured from the same peak balance.
    assertEquals(-1.8740312808228732, deepest, 1e-6);
    assertEquals(10, d.get("pairCurves").size());
    assertEquals(10, d.get("pairProfit").get("pairs").size());
  }

  @Test
  void showsTablesAndSummaryMetrics() {
    String html = HtmlReport.render(ReportFixtures.result179(), "StrategyTestV3");
    for (String section : List.of("Equity", "Drawdown", "Profit per pair", "Cumulative profit per pair", "Summary metrics", "Results per pair", "Exit reasons", "Trades")) {
      assertTrue(html.contains("<h2>" + section + "</h2>"), section);
    }
    for (String canvas : List.of("chart-equity", "chart-drawdown", "chart-pair-profit", "chart-pair-curves")) {
      assertTrue(html.contains("<canvas id=\"" + canvas + "\""), canvas);
    }
    assertTrue(html.contains("<tr><td>Absolute Drawdown (Account)</td><td>1.87%</td></tr>"));
    assertTrue(html.contains("<tr><td>Final balance</td><td>0.0110419 BTC</td></tr>"));
    assertTrue(html.contains("<tfoot>\n<tr><td>TOTAL</td><td class=\"num\" data-v=\"179.0\">179</td>"), "TOTAL line in the footer");
    assertTrue(html.contains("<td>stop_loss</td><td class=\"num\" data-v=\"6.0\">6</td>"), "exit reason table");
    assertTrue(html.contains("<table class=\"sortable trades\">"));
    Matcher rows = Pattern.compile("<tr><td class=\"num\" data-v=\"\\d+\\.0\">\\d+</td><td>[A-Z]+/BTC</td>").matcher(html);
    int n = 0;
    while (rows.find()) n++;
    assertEquals(179, n, "one trade list row per trade");
  }

  @Test
  void escapesTagsAndPairNames() throws IOException {
    String html = HtmlReport.render(ReportFixtures.evilPair(), "Hand");
    assertFalse(html.contains(ReportFixtures.EVIL_TAG));
    assertFalse(html.contains(ReportFixtures.EVIL_PAIR));
    assertFalse(html.contains("<img"));
    assertFalse(html.contains("alert(1)>") || html.contains("<script>alert(2)"));
    assertTrue(html.contains("<td>&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;</td>"), "tag shown as text");
    assertTrue(html.contains("<td>&lt;!--&lt;/script&gt;&lt;script&gt;alert(2)&lt;/script&gt;/USDT</td>"), "pair shown as text");
    // Only the page's own three script elements end.
    assertEquals(3, html.split("</script>", -1).length - 1);
    Matcher m = DATA.matcher(html);
    assertTrue(m.find());
    assertFalse(m.group(1).contains("<"), "the data block holds no '<' at all");
    assertEquals(ReportFixtures.EVIL_PAIR, data(html).get("pairProfit").get("pairs").get(0).asText(), "the chart still gets the real name");
  }

  @Test
  void zeroTradesRendersWithoutCharts(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("idle.html");
    HtmlReport.write(file, ReportFixtures.noTrades(), "Idle");
    String html = Files.readString(file);
    assertTrue(html.contains("No trades made. Your starting balance was 1000 USDT, and your stake was 10 USDT."));
    assertFalse(html.contains("<canvas"));
    JsonNode d = data(html);
    assertEquals(0, d.get("pairCurves").size());
    assertEquals(2, d.get("equity").size(), "the flat line from start to end");
  }

  @Test
  void unknownStrategyIsRefused() {
    assertThrows(IllegalArgumentException.class, () -> HtmlReport.render(ReportFixtures.handMade(), "Nope"));
  }

  @Test
  void durationsSortBySeconds() {
    assertEquals(107_820, HtmlReport.durationSeconds("1 day, 5:57:00"));
    assertEquals(241_200, HtmlReport.durationSeconds("2 days, 19:00:00"));
    assertEquals(13_200, HtmlReport.durationSeconds("3:40:00"));
    assertEquals(0, HtmlReport.durationSeconds("0:00"));
  }
}
