package io.agora.http.research;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.agora.agents.desk.TradingDesk;
import io.agora.agents.meta.MetaDecisionAgent;
import io.agora.core.backtesting.BacktestRunner;
import io.agora.core.config.FreqtradeConfig;
import io.agora.core.data.DataFormat;
import io.agora.core.data.synthetic.SyntheticData;
import io.agora.core.market.Timeframe;
import io.agora.core.strategy.StrategyRegistry;
import io.agora.http.ApiFixture;
import io.agora.http.ApiFixture.Response;
import io.agora.http.security.Role;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The researcher routes over HTTP on a single node (which is its own worker): backtest jobs to their result JSON and
 * HTML report, ensembles ranked by their objective (the best one equal to a direct core backtest), bad input as 400
 * with the field, another tenant's jobs as 404, paper ensembles and promotion as running strategy agents.
 */
class ResearchRoutesTest {
  private static final String TENANT = "lab";
  private static final String CONFIG = """
      {"stake_amount": 100, "dry_run_wallet": 1000, "max_open_trades": 1, "fee": 0.001,
       "minimal_roi": {"0": 0.02}, "stoploss": -0.03}""";
  private static final String TIMERANGE = "20240105-20240128";
  private static ApiFixture api;
  private static Path marketData;
  private static String researcher;

  @BeforeAll
  static void start() {
    api = ApiFixture.shared();
    marketData = ResearchRuntime.get(api.system).settings().marketData();
    SyntheticData.write(SyntheticData.Spec.of(2, 30 * 288, Timeframe.parse("5m"), Instant.parse("2024-01-01T00:00:00Z"),
        11), marketData, DataFormat.JSON);
    TradingDesk.init(api.system);
    MetaDecisionAgent.init(api.system);
    researcher = api.token(Role.RESEARCHER, TENANT);
  }

  /** Polls {@code path} until its status is finished (deadline 60 s); no sleeping as synchronisation. */
  private static JsonNode awaitFinished(String path, String token) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (true) {
      Response r = api.get(path, token);
      assertEquals(200, r.status(), r.toString());
      String status = r.json().get("status").asText();
      if (status.equals("succeeded") || status.equals("failed")) return r.json();
      assertTrue(System.nanoTime() < deadline, "still " + status + " after 60 s: " + r);
      Thread.onSpinWait();
      Thread.sleep(20); // poll interval, not synchronisation: the loop waits on the observed status
    }
  }

  private static BacktestRunner.Outcome direct(Map<String, String> params) {
    FreqtradeConfig cfg = FreqtradeConfig.parse(CONFIG, "test");
    cfg.set("stake_currency", "USDT");
    cfg.set("timeframe", "5m");
    cfg.set("timerange", TIMERANGE);
    cfg.set("dataformat_ohlcv", "json");
    cfg.setPairs(List.of("SYN0/USDT"));
    return new BacktestRunner(StrategyRegistry.builtin(), Clock.systemUTC())
        .run(new BacktestRunner.Request(cfg, "EmaCrossover", params, marketData, null));
  }

  @Test
  void aBacktestJobEndsWithItsResultJsonAndReport() throws Exception {
    Response r = api.post("/api/v1/backtests", researcher, """
        {"strategy": "EmaCrossover", "params": {"fast": "5", "slow": "20"}, "pairs": ["SYN0/USDT"],
         "timeframe": "5m", "timerange": "%s", "config": %s}""".formatted(TIMERANGE, CONFIG));
    assertEquals(202, r.status(), r.toString());
    String id = r.json().get("id").asText();
    assertEquals("/api/v1/backtests/" + id, r.header("Location"));
    JsonNode job = awaitFinished("/api/v1/backtests/" + id, researcher);
    assertEquals("succeeded", job.get("status").asText(), job.toString());
    Map<String, Object> stats = direct(Map.of("fast", "5", "slow", "20")).strategyStats();
    assertEquals(((Number) stats.get("total_trades")).intValue(), job.get("metrics").get("trades").asInt());
    assertEquals((Double) stats.get("profit_total_abs"), job.get("metrics").get("profitAbs").asDouble(), 1e-9);

    Response result = api.get("/api/v1/backtests/" + id + "/result", researcher);
    assertEquals(200, result.status(), result.toString());
    JsonNode s = result.json().get("strategy").get("EmaCrossover");
    assertEquals(((Number) stats.get("total_trades")).intValue(), s.get("total_trades").asInt());
    assertEquals((Double) stats.get("sharpe"), s.get("sharpe").asDouble(), 1e-12);
    Response report = api.get("/api/v1/backtests/" + id + "/report", api.token(Role.VIEWER, TENANT));
    assertEquals(200, report.status());
    assertTrue(report.header("Content-Type") == null || report.body().contains("<html"), report.headers().toString());
    assertTrue(report.body().contains("EmaCrossover"));
    Response list = api.get("/api/v1/backtests", api.token(Role.VIEWER, TENANT));
    assertTrue(list.body().contains(id), list.toString());
  }

  @Test
  void anEnsembleIsRankedByItsObjectiveAndItsBestEqualsADirectBacktest() throws Exception {
    Response r = api.post("/api/v1/ensembles", researcher, """
        {"mode": "backtest", "strategy": "EmaCrossover", "grid": {"fast": [5, 8, 12, 30], "slow": [20, 26, 40]},
         "pairs": ["SYN0/USDT"], "timeframe": "5m", "timerange": "%s", "objective": "sortino", "config": %s}"""
        .formatted(TIMERANGE, CONFIG));
    assertEquals(202, r.status(), r.toString());
    String id = r.json().get("id").asText();
    assertEquals(2, r.json().get("refused").asInt(), "fast 30 with slow 20 and 26: " + r);
    JsonNode job = awaitFinished("/api/v1/ensembles/" + id, api.token(Role.VIEWER, TENANT));
    assertEquals("succeeded", job.get("status").asText(), job.toString());
    assertEquals(10, job.get("total").asInt());
    assertEquals(10, job.get("done").asInt());

    Response res = api.get("/api/v1/ensembles/" + id + "/results", api.token(Role.VIEWER, TENANT));
    assertEquals(200, res.status(), res.toString());
    JsonNode rows = res.json().get("results");
    assertEquals(10, rows.size());
    for (int i = 0; i < rows.size(); i++) {
      JsonNode row = rows.get(i);
      assertEquals(i + 1, row.get("rank").asInt());
      assertEquals(row.get("metrics").get("sortino").asDouble(), row.get("score").asDouble(), 0.0);
      if (i > 0) assertTrue(rows.get(i - 1).get("score").asDouble() >= row.get("score").asDouble(), res.toString());
    }
    Map<String, String> best = new LinkedHashMap<>();
    rows.get(0).get("params").fields().forEachRemaining(e -> best.put(e.getKey(), e.getValue().asText()));
    Map<String, Object> stats = direct(best).strategyStats();
    JsonNode m = rows.get(0).get("metrics");
    assertEquals((Double) stats.get("sortino"), m.get("sortino").asDouble(), 1e-12, best.toString());
    assertEquals((Double) stats.get("sharpe"), m.get("sharpe").asDouble(), 1e-12);
    assertEquals((Double) stats.get("profit_total_abs"), m.get("profitAbs").asDouble(), 1e-9);
    assertEquals(((Number) stats.get("total_trades")).intValue(), m.get("trades").asInt());

    Response top = api.get("/api/v1/ensembles/" + id + "/results?top=3", researcher);
    assertEquals(3, top.json().get("results").size());
    assertEquals(rows.get(0), top.json().get("results").get(0));
  }

  @Test
  void randomSamplesOfTheDeclaredRanges() throws Exception {
    Response r = api.post("/api/v1/ensembles", researcher, """
        {"strategy": "RsiMeanReversion", "samples": 6, "seed": 7, "pairs": ["SYN0/USDT", "SYN1/USDT"],
         "timeframe": "5m", "objective": "profit_drawdown", "config": %s}""".formatted(CONFIG));
    assertEquals(202, r.status(), r.toString());
    JsonNode job = awaitFinished("/api/v1/ensembles/" + r.json().get("id").asText(), researcher);
    assertEquals("succeeded", job.get("status").asText(), job.toString());
    assertEquals(6, job.get("total").asInt());
    JsonNode rows = api.get("/api/v1/ensembles/" + job.get("id").asText() + "/results", researcher).json()
        .get("results");
    assertEquals(6, rows.size());
    for (JsonNode row : rows) {
      JsonNode m = row.get("metrics");
      double expected = m.get("profitAbs").asDouble()
          - m.get("profitAbs").asDouble() * m.get("maxDrawdownAccount").asDouble() * (1 - 0.055);
      assertEquals(expected, row.get("score").asDouble(), 1e-9);
    }
  }

  @Test
  void badInputIs400WithTheField() {
    String ok = "\"pairs\": [\"SYN0/USDT\"], \"timeframe\": \"5m\"";
    Map<String, String> ensembles = new LinkedHashMap<>();
    ensembles.put("{\"strategy\": \"Nope\", \"grid\": {\"fast\": [5]}, " + ok + "}", "strategy");
    ensembles.put("{\"strategy\": \"EmaCrossover\", \"grid\": {\"nope\": [5]}, " + ok + "}", "grid.nope");
    ensembles.put("{\"strategy\": \"EmaCrossover\", \"grid\": {\"fast\": [1]}, " + ok + "}", "grid.fast");
    ensembles.put("{\"strategy\": \"EmaCrossover\", \"grid\": {\"fast\": []}, " + ok + "}", "grid.fast");
    ensembles.put("{\"strategy\": \"EmaCrossover\", \"grid\": {}, " + ok + "}", "grid");
    ensembles.put("{\"strategy\": \"EmaCrossover\", " + ok + "}", "grid");
    ensembles.put("{\"strategy\": \"EmaCrossover\", \"grid\": {\"fast\": [5]}, \"samples\": 3, " + ok + "}", "grid");
    ensembles.put("{\"strategy\": \"EmaCrossover\", \"grid\": {\"fast\": [5]}, " + ok
        + ", \"timerange\": \"2024-01-01\"}", "timerange");
    ensembles.put("{\"strategy\": \"EmaCrossover\", \"grid\": {\"fast\": [5]}, " + ok
        + ", \"timerange\": \"20240201-20240101\"}", "timerange");
    ensembles.put("{\"strategy\": \"EmaCrossover\", \"grid\": {\"fast\": [5]}, " + ok + ", \"objective\": \"luck\"}",
        "objective");
    ensembles.put("{\"strategy\": \"EmaCrossover\", \"grid\": {\"fast\": [5]}, " + ok + ", \"mode\": \"live\"}", "mode");
    ensembles.put("{\"strategy\": \"EmaCrossover\", \"grid\": {\"fast\": [5]}, \"pairs\": [\"NOPE/USDT\"]}", "pairs");
    ensembles.put("{\"strategy\": \"EmaCrossover\", \"grid\": {\"fast\": [5]}, \"pairs\": []}", "pairs");
    ensembles.put("{\"strategy\": \"EmaCrossover\", \"grid\": {\"fast\": [5]}, " + ok
        + ", \"config\": {\"stake_amount\": -1}}", "config");
    ensembles.put("{\"strategy\": \"EmaCrossover\", \"grid\": {\"fast\": [40], \"slow\": [20, 30]}, " + ok + "}", "grid");
    ensembles.put("{\"strategy\": \"EmaCrossover\", \"samples\": 0, " + ok + "}", "samples");
    ensembles.put("{\"strategy\": \"EmaCrossover\", \"samples\": 100000, " + ok + "}", "samples");
    StringBuilder fast = new StringBuilder();
    for (int f = 2; f < 200; f++) fast.append(f == 2 ? "" : ",").append(f);
    StringBuilder slow = new StringBuilder();
    for (int s = 200; s < 300; s++) slow.append(s == 200 ? "" : ",").append(s);
    ensembles.put("{\"strategy\": \"EmaCrossover\", \"grid\": {\"fast\": [" + fast + "], \"slow\": [" + slow + "]}, "
        + ok + "}", "grid"); // 19,800 combinations > agora.research.max-combinations
    ensembles.put("{\"mode\": \"paper\", \"strategy\": \"EmaCrossover\", \"grid\": {\"fast\": [5]}, " + ok
        + ", \"account\": \"nope\"}", "account");
    for (Map.Entry<String, String> e : ensembles.entrySet()) {
      Response r = api.post("/api/v1/ensembles", researcher, e.getKey());
      assertEquals(400, r.status(), e.getKey() + " → " + r);
      assertEquals(e.getValue(), String.valueOf(r.json().get("field")).replace("\"", ""), e.getKey() + " → " + r);
    }
    Map<String, String> backtests = new LinkedHashMap<>();
    backtests.put("{\"strategy\": \"EmaCrossover\", \"params\": {\"fast\": \"1\"}, " + ok + "}", "params.fast");
    backtests.put("{\"strategy\": \"EmaCrossover\", \"params\": {\"nope\": \"1\"}, " + ok + "}", "params.nope");
    backtests.put("{\"strategy\": \"EmaCrossover\", \"params\": {\"fast\": \"30\", \"slow\": \"20\"}, " + ok + "}",
        "params");
    backtests.put("{\"strategy\": \"EmaCrossover\", \"pairs\": [\"SYN0/USDT\"], \"timeframe\": \"7q\"}", "timeframe");
    backtests.put("{\"params\": {}, " + ok + "}", "strategy");
    backtests.put("{\"strategy\": \"EmaCrossover\", " + ok + ", \"config\": [1]}", "config");
    for (Map.Entry<String, String> e : backtests.entrySet()) {
      Response r = api.post("/api/v1/backtests", researcher, e.getKey());
      assertEquals(400, r.status(), e.getKey() + " → " + r);
      assertEquals(e.getValue(), String.valueOf(r.json().get("field")).replace("\"", ""), e.getKey() + " → " + r);
    }
  }

  @Test
  void anotherTenantsJobsAre404() throws Exception {
    Response bt = api.post("/api/v1/backtests", researcher, """
        {"strategy": "EmaCrossover", "pairs": ["SYN1/USDT"], "timeframe": "5m", "timerange": "%s"}"""
        .formatted(TIMERANGE));
    assertEquals(202, bt.status(), bt.toString());
    String bid = bt.json().get("id").asText();
    Response en = api.post("/api/v1/ensembles", researcher, """
        {"strategy": "EmaCrossover", "grid": {"fast": [5, 6]}, "pairs": ["SYN1/USDT"], "timeframe": "5m",
         "timerange": "%s"}""".formatted(TIMERANGE));
    assertEquals(202, en.status(), en.toString());
    String eid = en.json().get("id").asText();
    awaitFinished("/api/v1/backtests/" + bid, researcher);
    awaitFinished("/api/v1/ensembles/" + eid, researcher);
    String other = api.token(Role.ADMIN, "other-lab");
    for (String p : List.of("/api/v1/backtests/" + bid, "/api/v1/backtests/" + bid + "/result",
        "/api/v1/backtests/" + bid + "/report", "/api/v1/ensembles/" + eid, "/api/v1/ensembles/" + eid + "/results",
        "/api/v1/ensembles/" + bid, "/api/v1/backtests/" + eid)) {
      Response r = api.get(p, p.contains(bid) && p.contains("ensembles") || p.contains(eid) && p.contains("backtests")
          ? researcher : other);
      assertEquals(404, r.status(), p + " → " + r);
      assertEquals("not_found", r.error());
    }
    Response promote = api.post("/api/v1/ensembles/" + eid + "/promote", other, "{\"top\": 1, \"account\": \"x\"}");
    assertEquals(404, promote.status(), promote.toString());
    assertTrue(!api.get("/api/v1/ensembles", other).body().contains(eid));
  }

  @Test
  void paperEnsemblesAndPromotionSpawnRunningStrategyAgents() throws Exception {
    String operator = api.token(Role.OPERATOR, TENANT);
    assertEquals(201, api.post("/api/v1/accounts", operator, "{\"account\": \"paper1\"}").status());
    assertEquals(201, api.post("/api/v1/accounts/paper1/deposits", operator,
        "{\"currency\": \"USDT\", \"amount\": 5000}").status());
    Response r = api.post("/api/v1/ensembles", researcher, """
        {"mode": "paper", "strategy": "EmaCrossover", "grid": {"fast": [5, 8]}, "pairs": ["SYN0/USDT", "SYN1/USDT"],
         "timeframe": "5m", "account": "paper1", "budget": 2000, "config": %s}""".formatted(CONFIG));
    assertEquals(202, r.status(), r.toString());
    assertEquals("paper", r.json().get("kind").asText());
    assertEquals("succeeded", r.json().get("status").asText(), r.toString());
    JsonNode agents = r.json().get("agents");
    assertEquals(4, agents.size(), r.toString());
    for (JsonNode a : agents) {
      Response s = api.get("/api/v1/agents/strategies/" + a.asText(), api.token(Role.VIEWER, TENANT));
      assertEquals(200, s.status(), s.toString());
      assertEquals("RUNNING", s.json().get("lifecycle").asText(), s.toString());
    }
    Response listed = api.get("/api/v1/agents?kind=strategy", api.token(Role.SRE, TENANT));
    for (JsonNode a : agents) assertTrue(listed.body().contains(a.asText()), listed.toString());
    assertEquals(200, api.get("/api/v1/ensembles/" + r.json().get("id").asText(), researcher).status());

    Response en = api.post("/api/v1/ensembles", researcher, """
        {"strategy": "EmaCrossover", "grid": {"fast": [5, 8, 12], "slow": [30]}, "pairs": ["SYN0/USDT"],
         "timeframe": "5m", "timerange": "%s", "objective": "profit", "config": %s}""".formatted(TIMERANGE, CONFIG));
    String eid = en.json().get("id").asText();
    awaitFinished("/api/v1/ensembles/" + eid, researcher);
    JsonNode ranked = api.get("/api/v1/ensembles/" + eid + "/results?top=2", researcher).json().get("results");
    Response p = api.post("/api/v1/ensembles/" + eid + "/promote", researcher, "{\"top\": 2, \"account\": \"paper1\"}");
    assertEquals(202, p.status(), p.toString());
    assertEquals(eid, p.json().get("promotedFrom").asText());
    assertEquals(2, p.json().get("agents").size());
    for (int i = 0; i < 2; i++) {
      Response s = api.get("/api/v1/agents/strategies/" + p.json().get("agents").get(i).asText(), researcher);
      assertEquals("RUNNING", s.json().get("lifecycle").asText(), s.toString());
      assertEquals(ranked.get(i).get("params").get("fast").asText(), s.json().get("params").get("fast").asText());
      assertNotNull(s.json().get("params").get("slow"));
    }
    assertEquals(400, api.post("/api/v1/ensembles/" + eid + "/promote", researcher, "{\"top\": 0, \"account\": \"paper1\"}")
        .status());
    assertEquals(400, api.post("/api/v1/ensembles/" + eid + "/promote", researcher, "{\"top\": 1, \"account\": \"nope\"}")
        .status());
  }
}
