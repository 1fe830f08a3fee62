package io.agora.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.agora.agents.strategy.StrategyAgent;
import io.agora.core.backtest.TradeResult;
import io.agora.persistence.DbSettings;
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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The node's demo on H2: synthetic data written, strategy agents trade, a restart resumes the same demo. */
class DemoNodeTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(60);

  @TempDir Path dir;

  private static final Config FAST = ConfigFactory.parseString("""
      agora.node.demo = on
      agora.node.demo-speed = 0
      agora.node.demo-pairs = 2
      agora.node.demo-days = 4
      """);

  @Test
  void demoTradesAndResumesAfterARestart() throws Exception {
    NodeSettings settings = new NodeSettings(dir, DbSettings.h2(dir), List.of("api", "worker"), "127.0.0.1", 0,
        List.of(), "127.0.0.1", 0);
    Config base = FAST.withFallback(ConfigFactory.load());
    DemoEnsemble.Settings demo = DemoEnsemble.Settings.fromConfig(Node.config(settings, base));
    List<String> ids = DemoEnsemble.routes(demo).stream().flatMap(r -> r.strategyEntityIds().stream()).toList();
    assertEquals(6, ids.size());

    Map<String, List<TradeResult>> before = new HashMap<>();
    ActorSystem<Void> first = Node.start(settings, base);
    try {
      NodeTest.awaitUp(first);
      TestProbe<Object> probe = TestProbe.create(first);
      probe.awaitAssert(TIMEOUT, () -> {
        assertTrue(ids.stream().anyMatch(id -> !trades(first, id).closed().isEmpty()), "some closed trades");
        return null;
      });
      for (String id : ids) before.put(id, trades(first, id).closed());
    } finally {
      NodeTest.terminate(first);
    }
    try (var files = Files.list(dir.resolve("market-data"))) {
      assertEquals(2, files.count(), "one data file per pair");
    }

    long lastCandle = DemoEnsemble.Settings.fromConfig(Node.config(settings, base)).spec().firstCandleMs()
        + (demo.days() * 288L - 1) * DemoEnsemble.TIMEFRAME.millis();
    ActorSystem<Void> second = Node.start(settings, base);
    try {
      NodeTest.awaitUp(second);
      TestProbe<Object> probe = TestProbe.create(second);
      for (String id : ids) {
        StrategyAgent.StatusView v = status(second, id);
        assertEquals(StrategyAgent.Lifecycle.RUNNING, v.state().lifecycle(), id);
        List<TradeResult> now = trades(second, id).closed();
        assertTrue(now.size() >= before.get(id).size(), id);
        assertEquals(before.get(id), now.subList(0, before.get(id).size()), id + ": earlier trades kept");
      }
      // the replay continues to the end of the data
      probe.awaitAssert(TIMEOUT, () -> {
        for (String id : ids) assertEquals(lastCandle, status(second, id).lastSeen(), id);
        return null;
      });
      assertTrue(ids.stream().mapToInt(id -> trades(second, id).closed().size()).sum()
          > before.values().stream().mapToInt(List::size).sum() - 1);
    } finally {
      NodeTest.terminate(second);
    }

    // one configuration per agent, over both runs
    try (Connection c = DriverManager.getConnection(settings.db().jdbcUrl(), settings.db().user(),
        settings.db().password());
        PreparedStatement ps = c.prepareStatement("SELECT \"persistence_id\", COUNT(*) FROM \"event_journal\" "
            + "WHERE \"persistence_id\" LIKE 'StrategyAgent|demo|%' AND \"event_ser_manifest\" LIKE '%Configured' "
            + "GROUP BY \"persistence_id\"")) {
      Map<String, Long> counts = new HashMap<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) counts.put(rs.getString(1), rs.getLong(2));
      }
      assertEquals(6, counts.size(), counts.toString());
      counts.forEach((pid, n) -> assertEquals(1L, n, pid));
    }
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
