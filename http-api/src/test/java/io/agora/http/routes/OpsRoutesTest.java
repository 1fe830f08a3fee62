package io.agora.http.routes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.typesafe.config.ConfigFactory;
import io.agora.agents.marketdata.Candle;
import io.agora.agents.readside.ReadSideQueries.EquityRow;
import io.agora.agents.readside.ReadSideQueries.PositionRow;
import io.agora.agents.readside.ReadSideQueries.TradeRow;
import io.agora.agents.strategy.StrategyAgent;
import io.agora.core.data.synthetic.SyntheticData;
import io.agora.core.market.CandleSeries;
import io.agora.core.market.Side;
import io.agora.core.market.Timeframe;
import io.agora.core.strategy.SignalGenerator;
import io.agora.core.strategy.Strategy;
import io.agora.core.strategy.StrategyRegistry;
import io.agora.http.ApiFixture;
import io.agora.http.ApiFixture.Response;
import io.agora.http.keys.ExchangeKeys;
import io.agora.http.security.Role;
import java.math.BigDecimal;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Join;
import org.apache.pekko.persistence.testkit.javadsl.PersistenceTestKit;
import org.apache.pekko.serialization.SerializationExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The operator and SRE routes against real (sharded, in-memory journal) agents and an in-memory read side. */
class OpsRoutesTest {
  private static ApiFixture api;

  @BeforeAll
  static void start() {
    api = ApiFixture.shared();
  }

  private static String account(String tenant, String name) {
    Response r = api.post("/api/v1/accounts", api.token(Role.OPERATOR, tenant), "{\"account\": \"" + name + "\"}");
    assertEquals(201, r.status(), r.toString());
    return name;
  }

  @Test
  void portfolioViewsFromTheReadSideOfTheTokensTenant() {
    account("pf", "main");
    account("pf-other", "main");
    api.portfolio.positions.add(new PositionRow("pf", "main", "paper", "BTC/USDT", new BigDecimal("0.5"),
        new BigDecimal("40000"), BigDecimal.ZERO, 1_000));
    api.portfolio.positions.add(new PositionRow("pf-other", "main", "paper", "ETH/USDT", BigDecimal.ONE,
        BigDecimal.TEN, BigDecimal.ZERO, 1_000));
    for (int i = 1; i <= 3; i++) {
      api.portfolio.trades.add(new TradeRow("f" + i, "o" + i, "pf", "main", "paper", "BTC/USDT", Side.BUY,
          new BigDecimal("40000"), new BigDecimal("0.1"), new BigDecimal("4"), "USDT", i * 1000L));
      api.portfolio.equity.add(new EquityRow("pf", "main", i * 60_000L, "USDT", new BigDecimal("1000"),
          new BigDecimal(1000 + i)));
    }
    api.portfolio.equity.add(new EquityRow("pf-other", "main", 60_000L, "USDT", BigDecimal.ONE, BigDecimal.ONE));
    String viewer = api.token(Role.VIEWER, "pf");

    Response pos = api.get("/api/v1/accounts/main/positions", viewer);
    assertEquals(200, pos.status(), pos.toString());
    assertEquals(1, pos.json().get("positions").size(), pos.toString());
    assertEquals("BTC/USDT", pos.json().get("positions").get(0).get("pair").asText());

    Response trades = api.get("/api/v1/accounts/main/trades?limit=2", viewer);
    assertEquals(200, trades.status(), trades.toString());
    assertEquals(2, trades.json().get("trades").size());
    assertEquals("f3", trades.json().get("trades").get(0).get("venueTradeId").asText(), "newest first");
    assertEquals(400, api.get("/api/v1/accounts/main/trades?limit=0", viewer).status());

    Response curve = api.get("/api/v1/accounts/main/equity", viewer);
    assertEquals(200, curve.status(), curve.toString());
    assertEquals(3, curve.json().get("points").size());
    assertEquals(1001, curve.json().get("points").get(0).get("equity").asInt());
    Response range = api.get("/api/v1/accounts/main/equity?from=1970-01-01T00:02:00Z&to=180000", viewer);
    assertEquals(200, range.status(), range.toString());
    assertEquals(2, range.json().get("points").size(), range.toString());
    assertEquals(400, api.get("/api/v1/accounts/main/equity?from=yesterday", viewer).status());
    assertEquals(400, api.get("/api/v1/accounts/main/equity?from=3000&to=2000", viewer).status());

    // another tenant: its own rows; an account never created there is 404
    Response other = api.get("/api/v1/accounts/main/positions", api.token(Role.VIEWER, "pf-other"));
    assertEquals("ETH/USDT", other.json().get("positions").get(0).get("pair").asText());
    assertEquals(404, api.get("/api/v1/accounts/main/equity", api.token(Role.VIEWER, "pf-nobody")).status());
  }

  @Test
  void openOrdersOnly() {
    account("oo", "main");
    String viewer = api.token(Role.VIEWER, "oo");
    Response all = api.get("/api/v1/accounts/main/orders?status=open", viewer);
    assertEquals(200, all.status(), all.toString());
    assertEquals(0, all.json().get("orders").size());
    assertEquals(400, api.get("/api/v1/accounts/main/orders?status=weird", viewer).status());
  }

  @Test
  void tenantAndPlatformKillSwitches() {
    String op = api.token(Role.OPERATOR, "ks");
    assertFalse(api.get("/api/v1/tenant/kill-switch", api.token(Role.VIEWER, "ks")).json().get("engaged").asBoolean());
    Response engaged = api.post("/api/v1/tenant/kill-switch", op, "{\"reason\": \"drill\"}");
    assertEquals(200, engaged.status(), engaged.toString());
    assertTrue(engaged.json().get("engaged").asBoolean());
    assertEquals("drill", engaged.json().get("reason").asText());
    assertEquals("operator-user", engaged.json().get("engagedBy").asText());
    assertTrue(api.get("/api/v1/tenant/kill-switch", op).json().get("engaged").asBoolean());
    // per tenant: another tenant's is not engaged
    assertFalse(api.get("/api/v1/tenant/kill-switch", api.token(Role.OPERATOR, "ks-2")).json().get("engaged")
        .asBoolean());
    assertEquals(403, api.send("DELETE", "/api/v1/tenant/kill-switch", api.token(Role.VIEWER, "ks"), null).status());
    assertFalse(api.send("DELETE", "/api/v1/tenant/kill-switch", api.token(Role.SRE, "ks"), null).json()
        .get("engaged").asBoolean());

    // the platform's: admin only
    assertEquals(403, api.post("/api/v1/platform/kill-switch", op, "{}").status());
    assertEquals(403, api.post("/api/v1/platform/kill-switch", api.token(Role.SRE, "ks"), null).status());
    String admin = api.token(Role.ADMIN, "ks");
    Response platform = api.post("/api/v1/platform/kill-switch", admin, null);
    assertEquals(200, platform.status(), platform.toString());
    assertTrue(platform.json().get("engaged").asBoolean());
    assertEquals("platform", platform.json().get("scope").asText());
    assertTrue(api.get("/api/v1/platform/kill-switch", api.token(Role.VIEWER, "ks-2")).json().get("engaged")
        .asBoolean(), "every tenant sees it");
    assertFalse(api.send("DELETE", "/api/v1/platform/kill-switch", admin, null).json().get("engaged").asBoolean());
  }

  @Test
  void agentsOfEveryKindDesksAndMetaAgents() {
    String op = api.token(Role.OPERATOR, "kinds");
    account("kinds", "acct1");
    Response s = api.post("/api/v1/agents/strategies", op, "{\"id\": \"s1\", \"strategy\": \"EmaCrossover\","
        + " \"pair\": \"BTC/USDT\", \"config\": " + ApiFixture.STRATEGY_CONFIG + "}");
    assertEquals(201, s.status(), s.toString());
    Response all = api.get("/api/v1/agents", op);
    assertEquals(200, all.status());
    List<String> kinds = new ArrayList<>();
    for (JsonNode n : all.json().get("agents")) kinds.add(n.get("kind").asText() + ":" + n.get("id").asText());
    assertEquals(List.of("strategy:s1", "account:acct1", "signal:BTC/USDT|5m|EmaCrossover", "meta:acct1",
        "desk:acct1", "capital:acct1", "risk:acct1", "execution:acct1|paper"), kinds);
    Response risk = api.get("/api/v1/agents?kind=risk", op);
    assertEquals(1, risk.json().get("agents").size());
    assertEquals("kinds|acct1", risk.json().get("agents").get(0).get("attributes").get("entityId").asText());
    assertEquals(400, api.get("/api/v1/agents?kind=robot", op).status());

    Response desk = api.get("/api/v1/agents/desks/acct1", op);
    assertEquals(200, desk.status(), desk.toString());
    assertEquals("acct1", desk.json().get("account").asText());
    assertFalse(desk.json().get("configured").asBoolean());
    Response meta = api.get("/api/v1/agents/meta/acct1", op);
    assertEquals(200, meta.status(), meta.toString());
    assertFalse(meta.json().get("configured").asBoolean());
    assertEquals(404, api.get("/api/v1/agents/desks/nope", op).status());
    assertEquals(404, api.get("/api/v1/agents/meta/acct1", api.token(Role.OPERATOR, "kinds-other")).status());
  }

  @Test
  void forceExitClosesTheOpenTradeOnTheNextCandle() {
    String op = api.token(Role.OPERATOR, "fx");
    Response created = api.post("/api/v1/agents/strategies", op, "{\"id\": \"ema\", \"strategy\": \"EmaCrossover\","
        + " \"pair\": \"SYN0/USDT\", \"params\": {\"fast\": \"5\", \"slow\": \"13\"}, \"config\": "
        + ApiFixture.STRATEGY_CONFIG + "}");
    assertEquals(201, created.status(), created.toString());
    assertEquals(409, api.post("/api/v1/agents/strategies/ema/trades/force-exit", op, null).status(), "IDLE");
    assertEquals(200, api.post("/api/v1/agents/strategies/ema/start", op, null).status());
    Response none = api.post("/api/v1/agents/strategies/ema/trades/force-exit", op, null);
    assertEquals(409, none.status(), none.toString());
    assertTrue(none.json().get("message").asText().contains("no open trade"), none.toString());
    assertEquals(403, api.post("/api/v1/agents/strategies/ema/trades/force-exit", api.token(Role.RESEARCHER, "fx"),
        null).status());

    var strategy = ClusterSharding.get(api.system).entityRefFor(StrategyAgent.ENTITY_KEY,
        StrategyAgent.entityId("fx", "ema"));
    List<StrategyAgent.CandleSignal> candles = signals();
    int i = 0;
    while (api.get("/api/v1/agents/strategies/ema", op).json().get("openTrades").asInt() == 0) {
      StrategyAgent.CandleSignal cs = candles.get(i++);
      strategy.<StrategyAgent.CandleAcks>ask(r -> new StrategyAgent.OnCandles(List.of(cs), r), Duration.ofSeconds(10))
          .toCompletableFuture().join();
    }
    Response forced = api.post("/api/v1/agents/strategies/ema/trades/force-exit", op, null);
    assertEquals(202, forced.status(), forced.toString());
    assertEquals(1, forced.json().get("openTrades").asInt());
    StrategyAgent.CandleSignal next = candles.get(i);
    strategy.<StrategyAgent.CandleAcks>ask(r -> new StrategyAgent.OnCandles(List.of(next), r), Duration.ofSeconds(10))
        .toCompletableFuture().join();
    JsonNode after = api.get("/api/v1/agents/strategies/ema", op).json();
    assertEquals(0, after.get("openTrades").asInt(), after.toString());
    assertEquals(1, after.get("tradesClosed").asInt(), after.toString());
  }

  /** Synthetic 5m candles of SYN0/USDT with the EmaCrossover(5, 13) signal computed at each close. */
  private static List<StrategyAgent.CandleSignal> signals() {
    Timeframe m5 = Timeframe.parse("5m");
    CandleSeries series = SyntheticData.generate(SyntheticData.Spec.of(1, 1500, m5,
        Instant.parse("2024-01-01T00:00:00Z"), 11), 0);
    Strategy st = StrategyRegistry.builtin().create("EmaCrossover", Map.of("fast", "5", "slow", "13"));
    SignalGenerator gen = st.newSignalGenerator(series.instrument(), m5);
    List<StrategyAgent.CandleSignal> out = new ArrayList<>();
    for (int i = 0; i < series.size(); i++) {
      Candle k = Candle.of(series, i);
      int sig = gen.onCandle(k.openTime(), k.open(), k.high(), k.low(), k.close(), k.volume());
      if (i < st.startupCandleCount()) continue;
      out.add(new StrategyAgent.CandleSignal(k, sig, sig != 0 ? gen.enterTag() : null,
          sig != 0 ? gen.exitTag() : null));
    }
    return out;
  }

  @Test
  void clusterMembersShardsAndAGracefulLeave() throws Exception {
    String sre = api.token(Role.SRE, "ops");
    Response members = api.get("/api/v1/cluster/members", sre);
    assertEquals(200, members.status(), members.toString());
    JsonNode self = members.json().get("members").get(0);
    assertEquals("Up", self.get("status").asText());
    assertTrue(self.get("self").asBoolean() && self.get("leader").asBoolean() && self.get("reachable").asBoolean());
    assertEquals(403, api.get("/api/v1/cluster/members", api.token(Role.OPERATOR, "ops")).status());

    api.get("/api/v1/accounts", api.token(Role.VIEWER, "ops")); // wakes the tenant's registry entity
    Response shards = api.get("/api/v1/cluster/shards", sre);
    assertEquals(200, shards.status(), shards.toString());
    JsonNode registry = null;
    for (JsonNode t : shards.json().get("types")) if (t.get("entityType").asText().equals("AgentRegistry")) registry = t;
    assertNotNull(registry, shards.toString());
    assertTrue(registry.get("entities").asInt() >= 1 && registry.get("shards").asInt() >= 1, registry.toString());
    assertEquals(members.json().get("self").asText(), registry.get("nodes").get(0).get("address").asText());

    assertEquals(404, api.post("/api/v1/cluster/members/127.0.0.1:1/leave", sre, null).status());
    // a second node joins, and leaves when told
    ActorSystem<Void> second = ActorSystem.create(Behaviors.empty(), "api-test", ConfigFactory.parseString(
        "pekko.coordinated-shutdown.exit-jvm = off").withFallback(api.system.settings().config()));
    try {
      Cluster c2 = Cluster.get(second);
      c2.manager().tell(Join.create(Cluster.get(api.system).selfMember().address()));
      String address = c2.selfMember().address().toString();
      org.apache.pekko.actor.testkit.typed.javadsl.TestProbe<Object> probe =
          org.apache.pekko.actor.testkit.typed.javadsl.TestProbe.create(api.system);
      probe.awaitAssert(Duration.ofSeconds(20), () -> {
        assertEquals(MemberStatus.up(), c2.selfMember().status());
        return null;
      });
      assertEquals(403, api.post("/api/v1/cluster/members/" + enc(address) + "/leave", api.token(Role.VIEWER, "ops"),
          null).status());
      Response leave = api.post("/api/v1/cluster/members/" + enc(address) + "/leave", sre, null);
      assertEquals(202, leave.status(), leave.toString());
      assertEquals(address, leave.json().get("address").asText());
      second.getWhenTerminated().toCompletableFuture().get(30, TimeUnit.SECONDS); // left, removed, shut down
    } finally {
      second.terminate();
    }
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  @Test
  void exchangeKeysAreStoredEncryptedAndNeverShown() throws Exception {
    account("keys", "main");
    String op = api.token(Role.OPERATOR, "keys");
    String secret = "s3cr3t-VALUE-never-shown-0123456789";
    String apiKey = "AKIA-key-VALUE-never-shown";
    Response stored = api.post("/api/v1/accounts/main/exchange-keys", op,
        "{\"venue\": \"binance\", \"apiKey\": \"" + apiKey + "\", \"secret\": \"" + secret + "\"}");
    assertEquals(201, stored.status(), stored.toString());
    assertFalse(stored.body().contains(secret) || stored.body().contains(apiKey));
    assertEquals(400, api.post("/api/v1/accounts/main/exchange-keys", op,
        "{\"venue\": \"Bin ance\", \"apiKey\": \"a\", \"secret\": \"b\"}").status());
    assertEquals(400, api.post("/api/v1/accounts/main/exchange-keys", op,
        "{\"venue\": \"kraken\", \"apiKey\": \"a\"}").status());
    assertEquals(403, api.post("/api/v1/accounts/main/exchange-keys", api.token(Role.SRE, "keys"),
        "{\"venue\": \"kraken\", \"apiKey\": \"a\", \"secret\": \"b\"}").status());

    Response list = api.get("/api/v1/accounts/main/exchange-keys", api.token(Role.VIEWER, "keys"));
    assertEquals(200, list.status(), list.toString());
    assertEquals("binance", list.json().get("venues").get(0).get("venue").asText());
    assertFalse(list.body().contains(secret) || list.body().contains(apiKey), list.body());
    assertEquals(404, api.get("/api/v1/accounts/main/exchange-keys", api.token(Role.VIEWER, "keys-2")).status());

    // the journal holds sealed bytes only, and they open with the node's key for this place only
    String id = "keys|main";
    List<Object> events = PersistenceTestKit.create(api.system).persistedInStorage(ExchangeKeys.ENTITY_KEY.name() + "|"
        + id);
    assertEquals(1, events.size());
    ExchangeKeys.KeyStored e = (ExchangeKeys.KeyStored) events.get(0);
    byte[] bytes = SerializationExtension.get(org.apache.pekko.actor.typed.javadsl.Adapter.toClassic(api.system))
        .serialize(e).get();
    String text = new String(bytes, StandardCharsets.ISO_8859_1);
    assertFalse(text.contains(secret) || text.contains(apiKey) || text.contains("s3cr3t"), "no clear text stored");
    assertEquals(secret, api.cipher.open(e.sealedSecret(), ExchangeKeys.where(id, "binance", "secret")));
    assertEquals(apiKey, api.cipher.open(e.sealedApiKey(), ExchangeKeys.where(id, "binance", "apiKey")));
    assertThrowsIllegal(() -> api.cipher.open(e.sealedSecret(), ExchangeKeys.where("other|main", "binance", "secret")));
    assertTrue(api.warnings.stream().anyMatch(w -> w.contains("AGORA_KEYS_KEY")), api.warnings.toString());

    // the audit log has the request without the key or the secret
    Response audit = api.get("/api/v1/audit", api.token(Role.ADMIN, "keys"));
    String params = null;
    for (JsonNode n : audit.json().get("entries")) {
      if (n.get("action").asText().equals("accounts.exchange-keys.store") && n.get("status").asInt() == 201) {
        params = n.get("parameters").asText();
      }
    }
    assertNotNull(params, audit.toString());
    assertTrue(params.contains("binance"), params);
    assertFalse(params.contains(secret) || params.contains(apiKey), params);

    Response deleted = api.send("DELETE", "/api/v1/accounts/main/exchange-keys/binance", op, null);
    assertEquals(200, deleted.status(), deleted.toString());
    assertEquals(0, deleted.json().get("venues").size());
    assertEquals(404, api.send("DELETE", "/api/v1/accounts/main/exchange-keys/binance", op, null).status());
  }

  private static void assertThrowsIllegal(Runnable r) {
    try {
      r.run();
    } catch (IllegalArgumentException expected) {
      return;
    }
    throw new AssertionError("expected the sealed value not to open");
  }
}
