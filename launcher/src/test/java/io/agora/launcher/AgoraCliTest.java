package io.agora.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.agora.core.data.DataFormat;
import io.agora.core.data.synthetic.SyntheticData;
import io.agora.core.market.Timeframe;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Drives the real `agora` command line over synthetic data written in Freqtrade's formats. */
class AgoraCliTest {
  @TempDir static Path dir;
  static Path data;
  static Path config;

  record Run(int code, String out, String err) {}

  static Run run(String... args) {
    PrintStream oldOut = System.out, oldErr = System.err;
    ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
    try {
      System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
      System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
      int code = AgoraCli.commandLine().execute(args);
      return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(oldOut);
      System.setErr(oldErr);
    }
  }

  @BeforeAll
  static void data() throws Exception {
    data = dir.resolve("data");
    SyntheticData.write(SyntheticData.Spec.of(3, 20 * 288, Timeframe.parse("5m"), Instant.parse("2024-01-01T00:00:00Z"), 7)
        .withGapProbability(0.002), data, DataFormat.FEATHER);
    config = dir.resolve("config.json");
    Files.writeString(config, """
        {"stake_currency": "USDT", "stake_amount": 100, "max_open_trades": 2, "fee": 0.001, "dry_run_wallet": 1000,
         "timeframe": "5m", "minimal_roi": {"0": 0.02}, "stoploss": -0.02,
         "exchange": {"name": "synthetic", "pair_whitelist": ["SYN0/USDT", "SYN1/USDT", "SYN2/USDT"]},
         "telegram": {"enabled": false}, "max_open_tardes": 3}
        """);
  }

  @Test
  void helpListsTheCommands() {
    Run r = run("--help");
    assertEquals(0, r.code());
    for (String c : new String[] {"backtesting", "generate-data", "strategies", "demo", "train", "walk-forward"}) assertTrue(r.out().contains(c), c + " in " + r.out());
  }

  @Test
  void backtestingWritesFreqtradeResultsExactlyWhereAsked() throws Exception {
    Path export = dir.resolve("results/my-run.json");
    Run r = run("backtesting", "-c", config.toString(), "-s", "EmaCrossover", "--datadir", data.toString(),
        "--timerange", "20240103-20240118", "--export-filename", export.toString(), "--param", "fast=8", "--breakdown", "day");
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().contains("BACKTESTING REPORT") && r.out().contains("SUMMARY METRICS") && r.out().contains("DAY BREAKDOWN"), r.out());
    assertTrue(r.err().contains("max_open_tardes") && r.err().contains("did you mean 'max_open_trades'"), "typo warned: " + r.err());
    assertTrue(Files.isRegularFile(export), "no timestamp is added to the export name");
    assertTrue(Files.isRegularFile(dir.resolve("results/my-run.html")));
    JsonNode json = new ObjectMapper().readTree(export.toFile());
    JsonNode s = json.get("strategy").get("EmaCrossover");
    assertTrue(s.get("total_trades").asInt() > 0);
    assertEquals(s.get("total_trades").asInt(), s.get("trades").size());
    assertEquals("2024-01-03 00:00:00", s.get("backtest_start").asText().substring(0, 19));
    assertTrue(s.get("trades").get(0).get("open_date").asText().endsWith("+00:00"));
    assertEquals("EmaCrossover", json.get("strategy_comparison").get(0).get("key").asText());
  }

  @Test
  void strategyListComparesStrategiesInOneResult() throws Exception {
    Path export = dir.resolve("results/compare.json");
    Run r = run("backtesting", "-c", config.toString(), "--strategy-list", "EmaCrossover", "MacdTrend", "--datadir", data.toString(),
        "--export-filename", export.toString());
    assertEquals(0, r.code(), r.err());
    JsonNode json = new ObjectMapper().readTree(export.toFile());
    assertTrue(json.get("strategy").has("EmaCrossover") && json.get("strategy").has("MacdTrend"));
    assertEquals(2, json.get("strategy_comparison").size());
    assertTrue(Files.isRegularFile(dir.resolve("results/compare-MacdTrend.html")));
    assertTrue(r.out().contains("STRATEGY SUMMARY"));
  }

  @Test
  void badInputGetsAClearErrorAndExitCode2() throws Exception {
    Run r = run("backtesting", "-c", config.toString(), "-s", "NoSuchStrategy", "--datadir", data.toString(), "--export", "none");
    assertEquals(2, r.code());
    assertTrue(r.err().contains("unknown strategy 'NoSuchStrategy'"), r.err());

    r = run("backtesting", "-c", config.toString(), "-s", "EmaCrossover", "--datadir", data.toString(), "--export", "none", "--stake-amount", "lots");
    assertEquals(2, r.code());
    assertTrue(r.err().contains("--stake-amount"), r.err());

    r = run("backtesting", "-c", config.toString(), "-s", "EmaCrossover", "--datadir", dir.resolve("nothing").toString(), "--export", "none");
    assertEquals(2, r.code());
    assertTrue(r.err().contains("No data found"), r.err());

    Path bad = dir.resolve("bad.json");
    Files.writeString(bad, "{\"stake_currency\": \"USDT\", \"stake_amount\": 10, \"stoploss\": 0.5, \"timeframe\": \"5m\"}");
    r = run("backtesting", "-c", bad.toString(), "-s", "EmaCrossover", "--datadir", data.toString(), "--pairs", "SYN0/USDT", "--export", "none");
    assertEquals(2, r.code());
    assertTrue(r.err().contains("'stoploss'"), r.err());

    r = run("backtesting", "-c", config.toString(), "-s", "EmaCrossover", "--param", "fast=abc", "--datadir", data.toString(), "--export", "none");
    assertEquals(2, r.code());
    assertTrue(r.err().contains("'fast'"), r.err());
  }

  @Test
  void strategiesListsParametersWithRanges() {
    Run r = run("strategies");
    assertEquals(0, r.code());
    assertTrue(r.out().contains("EmaCrossover") && r.out().contains("--param fast=12") && r.out().contains("signals_dir"), r.out());
  }

  @Test
  void demoRunsOnAFreshFolder() {
    Run r = run("demo", "--datadir", dir.resolve("demo-data").toString(), "--results", dir.resolve("demo-results").toString(),
        "--pairs", "2", "--days", "10");
    assertEquals(0, r.code(), r.err());
    assertTrue(Files.isRegularFile(dir.resolve("demo-results/demo.json")));
    assertTrue(Files.isRegularFile(dir.resolve("demo-results/demo.html")));
  }
}
