package io.agora.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import io.agora.agents.capital.CapitalAgent;
import io.agora.agents.desk.AccountAudit;
import io.agora.agents.desk.TradingDesk;
import io.agora.agents.strategy.StrategyAgent;
import io.agora.agents.execution.ExecutionAgent;
import io.agora.cluster.DemoEnsemble;
import io.agora.cluster.Node;
import io.agora.cluster.NodeSettings;
import io.agora.persistence.DbSettings;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.typed.Cluster;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The crash test from outside: {@code agora node} (the CLI's own main, in its own JVM, on the embedded H2 database in
 * its data directory) runs the demo on paper and is killed with SIGKILL once orders are flowing; started again on the
 * same directory it resumes the demo and finishes it. Then the journal and the read-side tables are checked: no gap
 * in any journal, each client order id once (in the journal and in {@code orders}), every fill once in {@code trades},
 * and the capital agent's ledger equal to the deposit plus the venue's fills.
 */
class NodeCrashTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(120);
  private static final Pattern SETTLED = Pattern.compile("trade (intent|closed) ");

  @TempDir Path dir;

  private Process start(Path log) throws IOException {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add("-Dagora.node.demo-speed=0");
    cmd.add("-Dagora.node.demo-pairs=2");
    cmd.add("-Dagora.node.demo-days=4");
    cmd.add("io.agora.launcher.AgoraCli");
    cmd.add("node");
    cmd.add("--data-dir");
    cmd.add(dir.toString());
    cmd.add("--port");
    cmd.add("0");
    cmd.add("--http-port");
    cmd.add(String.valueOf(freePort()));
    return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  /** Waits (bounded) until {@code log} matches {@code pattern} at least {@code times} times. */
  private static void awaitLog(Path log, Pattern pattern, int times, Process p) throws Exception {
    long end = System.nanoTime() + TIMEOUT.toNanos();
    while (System.nanoTime() < end) {
      String text = Files.exists(log) ? Files.readString(log) : "";
      Matcher m = pattern.matcher(text);
      int n = 0;
      while (m.find()) n++;
      if (n >= times) return;
      if (!p.isAlive()) throw new AssertionError("the node exited (" + p.exitValue() + "):\n" + text);
      p.waitFor(100, TimeUnit.MILLISECONDS); // bounded poll of the log file, not a synchronisation sleep
    }
    throw new AssertionError("'" + pattern + "' not seen " + times + " times in " + log + ":\n" + Files.readString(log));
  }

  @Test
  void aNodeKilledWithSigkillResumesWithNoGapNoDoubleOrderAndMoneyConserved() throws Exception {
    Path log1 = dir.resolve("node-1.log");
    Process first = start(log1);
    try {
      awaitLog(log1, SETTLED, 8, first);
    } finally {
      first.destroyForcibly(); // SIGKILL: no shutdown hook, no leave, nothing flushed
      first.waitFor(30, TimeUnit.SECONDS);
    }

    Path log2 = dir.resolve("node-2.log");
    Process second = start(log2);
    try {
      awaitLog(log2, Pattern.compile("demo: the replay is complete"), 1, second);
    } finally {
      second.destroy(); // SIGTERM: a graceful stop, so that the checks below can open the database
      assertTrue(second.waitFor(60, TimeUnit.SECONDS), "the node stops on SIGTERM");
    }

    // the same directory, in this JVM, without the demo: the agents as the crashed and resumed runs left them
    DbSettings db = DbSettings.h2(dir);
    NodeSettings settings = new NodeSettings(dir, db, List.of("api", "worker"), "127.0.0.1", 0, List.of(),
        "127.0.0.1", 0);
    ActorSystem<Void> node = Node.start(settings,
        ConfigFactory.parseString("agora.node.demo = off").withFallback(ConfigFactory.load()));
    try {
      TestProbe<Object> probe = TestProbe.create(node);
      probe.awaitAssert(TIMEOUT, () -> {
        assertEquals(MemberStatus.up(), Cluster.get(node).selfMember().status());
        return null;
      });
      ClusterSharding sh = ClusterSharding.get(node);
      String account = DemoEnsemble.TENANT + "|" + DemoEnsemble.ACCOUNT;
      List<ExecutionAgent.OrderView> orders = probe.awaitAssert(TIMEOUT, Duration.ofMillis(200), () -> {
        TradingDesk.State desk = sh.entityRefFor(TradingDesk.ENTITY_KEY, account)
            .ask(TradingDesk.GetView::new, Duration.ofSeconds(10)).toCompletableFuture().get().state();
        assertTrue(desk.pending().isEmpty(), "desk idle");
        List<ExecutionAgent.OrderView> os = sh.entityRefFor(ExecutionAgent.ENTITY_KEY,
                ExecutionAgent.entityId(DemoEnsemble.TENANT, DemoEnsemble.ACCOUNT, "paper"))
            .ask(ExecutionAgent.GetOrders::new, Duration.ofSeconds(10)).toCompletableFuture().get().orders();
        CapitalAgent.AccountView capital = sh.entityRefFor(CapitalAgent.ENTITY_KEY, account)
            .<CapitalAgent.AccountView>ask(r -> new CapitalAgent.GetView("USDT", Map.of(), r), Duration.ofSeconds(10))
            .toCompletableFuture().get();
        AccountAudit.Result audit = AccountAudit.check(Map.of("USDT", new java.math.BigDecimal("10000")), capital, os);
        assertTrue(audit.ok(), "money: " + audit.problems());
        return os;
      });
      assertTrue(orders.size() >= 8, "orders before and after the crash: " + orders.size());
      long fills = orders.stream().mapToLong(o -> o.fills().size()).sum();

      // the read side: every order once, every fill once (the projection's offsets survived the kill)
      probe.awaitAssert(TIMEOUT, Duration.ofMillis(200), () -> {
        try (Connection c = DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password())) {
          assertEquals((long) orders.size(), single(c, "SELECT COUNT(*) FROM orders WHERE tenant = 'demo'"));
          assertEquals((long) orders.size(),
              single(c, "SELECT COUNT(DISTINCT client_order_id) FROM orders WHERE tenant = 'demo'"));
          assertEquals(fills, single(c, "SELECT COUNT(*) FROM trades WHERE tenant = 'demo'"));
        }
        return null;
      });
      try (Connection c = DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password())) {
        // no journal has a gap or a repeated sequence number
        Map<String, Long> gaps = counts(c, "SELECT \"persistence_id\", MAX(\"sequence_number\") - COUNT(*) "
            + "FROM \"event_journal\" GROUP BY \"persistence_id\"");
        assertTrue(gaps.size() > 10, gaps.toString());
        gaps.forEach((pid, n) -> assertEquals(0L, n, pid + " has a gap"));
        // each order placed once in the journal
        assertEquals((long) orders.size(), single(c, "SELECT COUNT(*) FROM \"event_journal\" WHERE "
            + "\"persistence_id\" LIKE 'ExecutionAgent|demo|%' AND \"event_ser_manifest\" LIKE '%OrderPlaced'"));
      }

      // the CLI registered the demo's agents with the API's existence index: an operator of tenant demo lists the
      // account and every strategy, and each listed id names the strategy agent that traded
      io.agora.http.HttpApi.initEntities(node, 100);
      var registry = sh.entityRefFor(io.agora.http.registry.AgentRegistry.ENTITY_KEY, DemoEnsemble.TENANT);
      List<io.agora.http.registry.AgentRegistry.Entry> strategies = registry
          .<io.agora.http.registry.AgentRegistry.Entries>ask(r -> new io.agora.http.registry.AgentRegistry.ListEntries(
              io.agora.http.registry.AgentRegistry.Kind.STRATEGY, r), Duration.ofSeconds(10))
          .toCompletableFuture().get().entries();
      assertEquals(2 * DemoEnsemble.STRATEGIES.size(), strategies.size(), strategies.toString());
      long traded = 0;
      for (io.agora.http.registry.AgentRegistry.Entry e : strategies) {
        StrategyAgent.StatusView v = sh.entityRefFor(StrategyAgent.ENTITY_KEY,
                StrategyAgent.entityId(DemoEnsemble.TENANT, e.id()))
            .ask(StrategyAgent.GetStatus::new, Duration.ofSeconds(10)).toCompletableFuture().get();
        assertTrue(v.candlesSeen() > 0, e.id() + " saw no candle: not the demo's agent");
        traded += v.state().tradesOpened();
      }
      assertTrue(traded > 0);
      assertEquals(1, registry.<io.agora.http.registry.AgentRegistry.Entries>ask(
              r -> new io.agora.http.registry.AgentRegistry.ListEntries(io.agora.http.registry.AgentRegistry.Kind.ACCOUNT, r),
              Duration.ofSeconds(10)).toCompletableFuture().get().entries().size());
    } finally {
      node.terminate();
      node.getWhenTerminated().toCompletableFuture().get(60, TimeUnit.SECONDS);
    }
  }

  private static long single(Connection c, String sql) throws java.sql.SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private static Map<String, Long> counts(Connection c, String sql) throws java.sql.SQLException {
    Map<String, Long> out = new HashMap<>();
    try (PreparedStatement ps = c.prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
      while (rs.next()) out.put(rs.getString(1), rs.getLong(2));
    }
    return out;
  }
}
