package io.agora.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.agora.agents.capital.CapitalAgent;
import io.agora.agents.desk.AccountAudit;
import io.agora.agents.desk.TradingDesk;
import io.agora.agents.execution.ExecutionAgent;
import io.agora.agents.strategy.StrategyAgent;
import io.agora.core.backtest.TradeResult;
import io.agora.persistence.DbSettings;
import io.agora.persistence.testing.TestDatabases;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The node's demo through the whole flow (strategy agents → desk → meta → capital → risk → paper execution), on H2
 * and on PostgreSQL: the node is stopped in the middle of the replay; started again without the demo, every agent
 * is back with identical state; started with the demo, the replay resumes where it stopped and finishes, with no
 * order placed twice, no gap in any journal, and the ledger equal to the deposits plus the venue's fills.
 */
class DemoNodeTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(90);

  @TempDir Path dir;

  private static final Config FAST = ConfigFactory.parseString("""
      agora.node.demo = on
      agora.node.demo-speed = 0
      agora.node.demo-pairs = 2
      agora.node.demo-days = 4
      """);

  private static final Config NO_DEMO = ConfigFactory.parseString("agora.node.demo = off");

  private record Snapshot(Map<String, List<TradeResult>> trades, Map<String, StrategyAgent.State> strategies,
      TradingDesk.State desk, CapitalAgent.AccountView capital, List<ExecutionAgent.OrderView> orders) {}

  @ParameterizedTest
  @ValueSource(strings = {"h2", "postgresql"})
  void demoTradesThroughTheWholeFlowAndResumesAfterARestart(String database) throws Exception {
    DbSettings db = database.equals("h2") ? TestDatabases.h2(dir) : TestDatabases.postgres();
    try {
      run(db);
    } finally {
      if (!database.equals("h2")) TestDatabases.close(db);
    }
  }

  private void run(DbSettings db) throws Exception {
    NodeSettings settings = new NodeSettings(dir, db, List.of("api", "worker"), "127.0.0.1", 0, List.of(),
        "127.0.0.1", 0);
    Config base = FAST.withFallback(ConfigFactory.load());
    DemoEnsemble.Settings demo = DemoEnsemble.Settings.fromConfig(Node.config(settings, base));
    List<String> ids = DemoEnsemble.routes(demo).stream().flatMap(r -> r.strategyEntityIds().stream()).toList();
    assertEquals(6, ids.size());

    // 1. the demo runs until the desk has settled a few orders, then the node stops mid-replay
    Snapshot before;
    ActorSystem<Void> first = Node.start(settings, base);
    try {
      NodeTest.awaitUp(first);
      TestProbe<Object> probe = TestProbe.create(first);
      probe.awaitAssert(TIMEOUT, Duration.ofMillis(200), () -> {
        assertTrue(desk(first).settled() >= 4, "orders settled by the desk");
        return null;
      });
    } finally {
      NodeTest.terminate(first);
    }
    try (var files = Files.list(dir.resolve("market-data"))) {
      assertEquals(2, files.count(), "one data file per pair");
    }

    // 2. without the demo: every agent comes back with the state it had
    ActorSystem<Void> second = Node.start(settings, NO_DEMO.withFallback(base));
    try {
      NodeTest.awaitUp(second);
      // a desk stopped in the middle of an order finishes it on recovery (every step is idempotent)
      TestProbe<Object> probe = TestProbe.create(second);
      probe.awaitAssert(TIMEOUT, Duration.ofMillis(200), () -> {
        assertTrue(desk(second).pending().isEmpty(), "desk idle after recovery");
        return null;
      });
      before = snapshot(second, ids);
      assertTrue(before.orders().size() >= 4, "orders reached the venue: " + before.orders().size());
      Snapshot again = snapshot(second, ids);
      assertEquals(before.trades(), again.trades(), "a second look: trades");
      assertEquals(before.strategies(), again.strategies(), "a second look: strategies");
      assertEquals(before.desk(), again.desk(), "a second look: desk");
      assertEquals(before.capital(), again.capital(), "a second look: capital");
      assertEquals(before.orders(), again.orders(), "a second look: orders");
    } finally {
      NodeTest.terminate(second);
    }

    long lastCandle = demo.spec().firstCandleMs() + (demo.days() * 288L - 1) * DemoEnsemble.TIMEFRAME.millis();
    ActorSystem<Void> third = Node.start(settings, base);
    try {
      NodeTest.awaitUp(third);
      Snapshot recovered = snapshot(third, ids);
      for (String id : ids) {
        assertEquals(StrategyAgent.Lifecycle.RUNNING, recovered.strategies().get(id).lifecycle(), id);
        List<TradeResult> now = recovered.trades().get(id);
        assertTrue(now.size() >= before.trades().get(id).size(), id);
        assertEquals(before.trades().get(id), now.subList(0, before.trades().get(id).size()), id + ": trades kept");
      }
      // 3. the replay continues to the end of the data, and the books agree with the venue once the desk is idle
      TestProbe<Object> probe = TestProbe.create(third);
      probe.awaitAssert(TIMEOUT, Duration.ofMillis(200), () -> {
        for (String id : ids) assertEquals(lastCandle, status(third, id).lastSeen(), id);
        return null;
      });
      AccountAudit.Result audit = probe.awaitAssert(TIMEOUT, Duration.ofMillis(200), () -> {
        assertTrue(desk(third).pending().isEmpty(), "desk idle");
        AccountAudit.Result r = AccountAudit.check(Map.of("USDT", DemoEnsemble.INITIAL_CAPITAL), capital(third),
            orders(third));
        assertTrue(r.ok(), r.problems().toString());
        return r;
      });
      assertTrue(orders(third).size() > before.orders().size(), "the resumed replay placed more orders");
      assertTrue(audit.actual().get("USDT").compareTo(BigDecimal.ZERO) > 0);
      // orders placed before the stop are unchanged (same ids, same fills)
      List<ExecutionAgent.OrderView> after = orders(third);
      assertEquals(before.orders(), after.subList(0, before.orders().size()));
      // the read side caught up: one row per order and per fill, an equity curve
      long fills = after.stream().mapToLong(o -> o.fills().size()).sum();
      probe.awaitAssert(TIMEOUT, Duration.ofMillis(200), () -> {
        try (Connection c = DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password())) {
          assertEquals((long) after.size(), single(c, "SELECT COUNT(*) FROM orders WHERE tenant = 'demo'"));
          assertEquals(fills, single(c, "SELECT COUNT(*) FROM trades WHERE tenant = 'demo'"));
          assertEquals(0L, single(c, "SELECT COUNT(*) FROM orders WHERE tenant = 'demo' AND status <> 'FILLED'"
              + " AND status <> 'CANCELED' AND status <> 'REJECTED'"));
          assertTrue(single(c, "SELECT COUNT(*) FROM equity WHERE tenant = 'demo'") > 0, "equity rows");
        }
        return null;
      });
    } finally {
      NodeTest.terminate(third);
    }

    try (Connection c = DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password())) {
      // one configuration per strategy agent over all runs
      Map<String, Long> configured = counts(c, "SELECT \"persistence_id\", COUNT(*) FROM \"event_journal\" "
          + "WHERE \"persistence_id\" LIKE 'StrategyAgent|demo|%' AND \"event_ser_manifest\" LIKE '%Configured' "
          + "GROUP BY \"persistence_id\"");
      assertEquals(6, configured.size(), configured.toString());
      configured.forEach((pid, n) -> assertEquals(1L, n, pid));
      // every journal complete: sequence numbers 1..n without gap or duplicate
      Map<String, Long> gaps = counts(c, "SELECT \"persistence_id\", MAX(\"sequence_number\") - COUNT(*) "
          + "FROM \"event_journal\" GROUP BY \"persistence_id\"");
      gaps.forEach((pid, n) -> assertEquals(0L, n, pid + " has a gap"));
      // each order placed once: as many OrderPlaced events as orders
      Map<String, Long> placed = counts(c, "SELECT \"persistence_id\", COUNT(*) FROM \"event_journal\" "
          + "WHERE \"persistence_id\" LIKE 'ExecutionAgent|demo|%' AND \"event_ser_manifest\" LIKE '%OrderPlaced' "
          + "GROUP BY \"persistence_id\"");
      assertEquals(1, placed.size(), placed.toString());
      ActorSystem<Void> fourth = Node.start(settings, NO_DEMO.withFallback(base));
      try {
        NodeTest.awaitUp(fourth);
        assertEquals(orders(fourth).size(), placed.values().iterator().next());
      } finally {
        NodeTest.terminate(fourth);
      }
    }
  }

  private static long single(Connection c, String sql) throws java.sql.SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private static Map<String, Long> counts(Connection c, String sql) throws Exception {
    Map<String, Long> out = new HashMap<>();
    try (PreparedStatement ps = c.prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
      while (rs.next()) out.put(rs.getString(1), rs.getLong(2));
    }
    return out;
  }

  private static Snapshot snapshot(ActorSystem<?> system, List<String> ids) {
    Map<String, List<TradeResult>> trades = new HashMap<>();
    Map<String, StrategyAgent.State> states = new HashMap<>();
    for (String id : ids) {
      trades.put(id, trades(system, id).closed());
      states.put(id, status(system, id).state());
    }
    return new Snapshot(trades, states, desk(system), capital(system), orders(system));
  }

  private static TradingDesk.State desk(ActorSystem<?> system) {
    return ask(ClusterSharding.get(system).entityRefFor(TradingDesk.ENTITY_KEY,
        TradingDesk.entityId(DemoEnsemble.TENANT, DemoEnsemble.ACCOUNT)).ask(TradingDesk.GetView::new,
        Duration.ofSeconds(10))).state();
  }

  private static CapitalAgent.AccountView capital(ActorSystem<?> system) {
    return ask(ClusterSharding.get(system).entityRefFor(CapitalAgent.ENTITY_KEY,
            DemoEnsemble.TENANT + "|" + DemoEnsemble.ACCOUNT)
        .ask(r -> new CapitalAgent.GetView("USDT", Map.of(), r), Duration.ofSeconds(10)));
  }

  private static List<ExecutionAgent.OrderView> orders(ActorSystem<?> system) {
    return ask(ClusterSharding.get(system).entityRefFor(ExecutionAgent.ENTITY_KEY,
            ExecutionAgent.entityId(DemoEnsemble.TENANT, DemoEnsemble.ACCOUNT, "paper"))
        .ask(ExecutionAgent.GetOrders::new, Duration.ofSeconds(10))).orders();
  }

  private static StrategyAgent.TradesView trades(ActorSystem<?> system, String id) {
    return ask(ClusterSharding.get(system).entityRefFor(StrategyAgent.ENTITY_KEY, id)
        .ask(StrategyAgent.GetTrades::new, Duration.ofSeconds(10)));
  }

  private static StrategyAgent.StatusView status(ActorSystem<?> system, String id) {
    return ask(ClusterSharding.get(system).entityRefFor(StrategyAgent.ENTITY_KEY, id)
        .ask(StrategyAgent.GetStatus::new, Duration.ofSeconds(10)));
  }

  private static <T> T ask(java.util.concurrent.CompletionStage<T> stage) {
    try {
      return stage.toCompletableFuture().get(15, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }
}
