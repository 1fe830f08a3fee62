package io.agora.http.routes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.agora.http.ApiFixture;
import io.agora.http.ApiFixture.Response;
import io.agora.http.security.Role;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The first slice of routes against real (sharded, in-memory journal) agents. */
class ApiRoutesTest {
  private static ApiFixture api;

  @BeforeAll
  static void start() {
    api = ApiFixture.shared();
  }

  private static String strategyBody(String id) {
    return "{\"id\": \"" + id + "\", \"strategy\": \"EmaCrossover\", \"params\": {\"fast\": \"5\", \"slow\": 13},"
        + " \"pair\": \"BTC/USDT\", \"config\": " + ApiFixture.STRATEGY_CONFIG + "}";
  }

  @Test
  void strategyLifecycle() {
    String op = api.token(Role.OPERATOR, "acme", "olga");
    Response created = api.post("/api/v1/agents/strategies", op, strategyBody("ema1"));
    assertEquals(201, created.status(), created.toString());
    assertEquals("/api/v1/agents/strategies/ema1", created.header("Location"));
    assertEquals("IDLE", created.json().get("lifecycle").asText());
    assertEquals("EmaCrossover", created.json().get("strategy").asText());
    assertEquals("13", created.json().get("params").get("slow").asText());

    Response again = api.post("/api/v1/agents/strategies", op, strategyBody("ema1"));
    assertEquals(409, again.status(), again.toString());

    Response got = api.get("/api/v1/agents/strategies/ema1", op);
    assertEquals(200, got.status(), got.toString());
    assertEquals("olga", got.json().get("createdBy").asText());
    assertEquals(100, got.json().get("config").get("stake_amount").asInt());

    assertEquals(409, api.post("/api/v1/agents/strategies/ema1/pause", op, null).status());
    Response started = api.post("/api/v1/agents/strategies/ema1/start", op, null);
    assertEquals(200, started.status(), started.toString());
    assertEquals("RUNNING", started.json().get("lifecycle").asText());
    assertEquals("PAUSED", api.post("/api/v1/agents/strategies/ema1/pause", op, null).json().get("lifecycle").asText());
    assertEquals("RUNNING", api.post("/api/v1/agents/strategies/ema1/resume", op, null).json().get("lifecycle").asText());
    assertEquals("STOPPED", api.post("/api/v1/agents/strategies/ema1/stop", op, null).json().get("lifecycle").asText());
    Response illegal = api.post("/api/v1/agents/strategies/ema1/start", op, null);
    assertEquals(409, illegal.status(), illegal.toString());
    assertEquals("conflict", illegal.error());
    assertTrue(illegal.json().get("message").asText().contains("STOPPED"), illegal.toString());

    Response list = api.get("/api/v1/agents", api.token(Role.VIEWER, "acme"));
    assertEquals(200, list.status());
    assertTrue(ids(list.json().get("agents")).contains("ema1"), list.toString());
  }

  @Test
  void theReadmeExampleWorks() {
    String op = api.token(Role.OPERATOR, "readme");
    Response r = api.post("/api/v1/agents/strategies", op, """
        {"id": "ema1", "strategy": "EmaCrossover", "pair": "BTC/USDT", "params": {"fast": "5", "slow": "13"},
         "config": {"timeframe": "5m", "stake_currency": "USDT", "stake_amount": 100, "dry_run_wallet": 1000}}""");
    assertEquals(201, r.status(), r.toString());
    assertEquals(200, api.post("/api/v1/agents/strategies/ema1/start", op, null).status());
  }

  @Test
  void aConfigurationTheAgentRefusesIs400AndLeavesNothingBehind() {
    String op = api.token(Role.RESEARCHER, "acme");
    Response bad = api.post("/api/v1/agents/strategies", op,
        strategyBody("bad1").replace("EmaCrossover", "NoSuchStrategy"));
    assertEquals(400, bad.status(), bad.toString());
    assertEquals(404, api.get("/api/v1/agents/strategies/bad1", op).status());
    // the id is free again
    assertEquals(201, api.post("/api/v1/agents/strategies", op, strategyBody("bad1")).status());
  }

  @Test
  void unknownIdsAre404WithoutTouchingAnAgent() {
    String viewer = api.token(Role.VIEWER, "acme");
    Response r = api.get("/api/v1/agents/strategies/never-created", viewer);
    assertEquals(404, r.status());
    assertEquals("not_found", r.error());
    assertEquals(404, api.get("/api/v1/accounts/nope/balances", viewer).status());
    assertEquals(404, api.get("/api/v1/accounts/nope/orders", viewer).status());
    assertEquals(404, api.get("/api/v1/accounts/nope/risk/limits", viewer).status());
    assertEquals(404, api.post("/api/v1/agents/strategies/never-created/start", api.token(Role.ADMIN, "acme"), null)
        .status());
  }

  @Test
  void accountsBalancesRiskAndOrders() {
    String op = api.token(Role.OPERATOR, "acme", "olga");
    Response created = api.post("/api/v1/accounts", op, "{\"account\": \"main\"}");
    assertEquals(201, created.status(), created.toString());
    assertEquals(409, api.post("/api/v1/accounts", op, "{\"account\": \"main\"}").status());

    Response dep = api.post("/api/v1/accounts/main/deposits", op,
        "{\"currency\": \"usdt\", \"amount\": \"1000.50\", \"reference\": \"wire-1\"}");
    assertEquals(201, dep.status(), dep.toString());
    Response bal = api.get("/api/v1/accounts/main/balances?reference=USDT", op);
    assertEquals(200, bal.status(), bal.toString());
    assertEquals(0, new java.math.BigDecimal("1000.50").compareTo(bal.json().get("balances").get("USDT").decimalValue()));
    assertEquals(0, new java.math.BigDecimal("1000.50").compareTo(bal.json().get("equity").decimalValue()));

    Response limits = api.send("PUT", "/api/v1/accounts/main/risk/limits", op,
        "{\"maxOpenTrades\": 3, \"maxOrderNotional\": 500, \"pairCooldown\": \"PT30M\"}");
    assertEquals(200, limits.status(), limits.toString());
    assertEquals(3, limits.json().get("maxOpenTrades").asInt());
    Response read = api.get("/api/v1/accounts/main/risk/limits", op);
    assertEquals("PT30M", read.json().get("pairCooldown").asText());
    assertEquals(500, read.json().get("maxOrderNotional").asInt());
    Response invalid = api.send("PUT", "/api/v1/accounts/main/risk/limits", op, "{\"maxDrawdown\": 2}");
    assertEquals(400, invalid.status(), invalid.toString());

    Response engaged = api.post("/api/v1/accounts/main/kill-switch", api.token(Role.SRE, "acme"),
        "{\"reason\": \"incident 42\"}");
    assertEquals(200, engaged.status(), engaged.toString());
    assertTrue(engaged.json().get("killSwitch").asBoolean());
    assertEquals("incident 42", engaged.json().get("killSwitchReason").asText());
    Response released = api.send("DELETE", "/api/v1/accounts/main/kill-switch", op, null);
    assertEquals(200, released.status(), released.toString());
    assertTrue(!released.json().get("killSwitch").asBoolean());

    Response orders = api.get("/api/v1/accounts/main/orders", op);
    assertEquals(200, orders.status(), orders.toString());
    assertEquals("paper", orders.json().get("venue").asText());
    assertEquals(0, orders.json().get("orders").size());
    Response cancel = api.post("/api/v1/accounts/main/orders/o-1/cancel", op, null);
    assertEquals(404, cancel.status(), cancel.toString());

    Response accounts = api.get("/api/v1/accounts", op);
    assertTrue(ids(accounts.json().get("accounts")).contains("main"));
  }

  @Test
  void everyStateChangingRequestIsAudited() {
    String admin = api.token(Role.ADMIN, "audited", "root");
    api.post("/api/v1/accounts", admin, "{\"account\": \"a1\"}");
    api.post("/api/v1/accounts/a1/kill-switch", admin, "{\"reason\": \"drill\", \"apiKey\": \"hunter2\"}");
    api.post("/api/v1/accounts", api.token(Role.VIEWER, "audited", "vic"), "{\"account\": \"a2\"}"); // 403
    api.get("/api/v1/accounts", admin); // a read: not audited
    Response audit = api.get("/api/v1/audit?limit=10", admin);
    assertEquals(200, audit.status(), audit.toString());
    JsonNode entries = audit.json().get("entries");
    assertEquals(3, entries.size(), audit.toString());
    assertEquals(3, audit.json().get("total").asInt());
    JsonNode denied = entries.get(0); // newest first
    assertEquals("vic", denied.get("principal").asText());
    assertEquals(403, denied.get("status").asInt());
    assertEquals("denied", denied.get("outcome").asText());
    JsonNode kill = entries.get(1);
    assertEquals("accounts.kill-switch.engage", kill.get("action").asText());
    assertEquals("/api/v1/accounts/a1/kill-switch", kill.get("target").asText());
    assertEquals("audited", kill.get("tenant").asText());
    assertTrue(kill.get("parameters").asText().contains("drill"), kill.toString());
    assertTrue(!kill.get("parameters").asText().contains("hunter2"), "secrets never reach the audit log");
    assertEquals("success", entries.get(2).get("outcome").asText());
    assertEquals(201, entries.get(2).get("status").asInt());
    assertNotNull(entries.get(2).get("time").asText());
    // another tenant's audit log is its own
    assertEquals(0, api.get("/api/v1/audit", api.token(Role.ADMIN, "quiet")).json().get("entries").size());
  }

  @Test
  void tenantsAreIsolated() {
    String acme = api.token(Role.ADMIN, "t-one");
    String other = api.token(Role.ADMIN, "t-two");
    assertEquals(201, api.post("/api/v1/accounts", acme, "{\"account\": \"shared-name\"}").status());
    assertEquals(201, api.post("/api/v1/agents/strategies", acme, strategyBody("s1")).status());
    assertEquals(201, api.post("/api/v1/accounts/shared-name/deposits", acme,
        "{\"currency\": \"USDT\", \"amount\": 5}").status());

    Response r = api.get("/api/v1/agents/strategies/s1", other);
    assertEquals(404, r.status());
    assertTrue(!r.body().contains("EmaCrossover"), "never another tenant's data");
    assertEquals(404, api.post("/api/v1/agents/strategies/s1/start", other, null).status());
    assertEquals(404, api.get("/api/v1/accounts/shared-name/balances", other).status());
    assertEquals(404, api.post("/api/v1/accounts/shared-name/kill-switch", other, "{}").status());
    assertEquals(0, api.get("/api/v1/agents", other).json().get("agents").size());

    // the same names in the other tenant are other resources
    assertEquals(201, api.post("/api/v1/accounts", other, "{\"account\": \"shared-name\"}").status());
    Response empty = api.get("/api/v1/accounts/shared-name/balances", other);
    assertEquals(200, empty.status());
    assertEquals(0, empty.json().get("balances").size(), empty.toString());
    assertEquals("IDLE", api.get("/api/v1/agents/strategies/s1", acme).json().get("lifecycle").asText());
  }

  private static List<String> ids(JsonNode array) {
    List<String> out = new ArrayList<>();
    for (JsonNode n : array) out.add(n.get("id").asText());
    return out;
  }
}
