package io.agora.cluster;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agora.agents.capital.CapitalAgent;
import io.agora.persistence.DbSettings;
import io.agora.persistence.testing.TestDatabases;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityRef;
import org.apache.pekko.cluster.typed.Cluster;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A real node (config, migrations, jdbc journal, cluster, sharding) started twice on the same database. */
class NodeTest {
  /** The demo ensemble has its own test (DemoNodeTest); here it would only slow the node down. */
  private static final Config NO_DEMO = ConfigFactory.parseString("agora.node.demo = off").withFallback(ConfigFactory.load());


  private static final Duration TIMEOUT = Duration.ofSeconds(30);
  private static final String ACCOUNT = "t1|acc1";

  @TempDir Path dir;

  @Test
  void h2DepositSurvivesARestart() throws Exception {
    NodeSettings settings = settings(DbSettings.h2(dir));
    depositAndRecover(settings);
    assertTrue(Files.exists(dir.resolve("agora.mv.db")), "the H2 database lives in the data directory");
  }

  @Test
  void postgresDepositSurvivesARestart() throws Exception {
    DbSettings db = TestDatabases.postgres();
    try {
      depositAndRecover(settings(db));
    } finally {
      TestDatabases.close(db);
    }
  }

  @Test
  void settingsFromTheCommandLineStrings() throws Exception {
    NodeSettings settings = NodeSettings.of(dir.toString(), null, "worker", "127.0.0.1", 0, "", "127.0.0.1", 0,
        Map.of());
    ActorSystem<Void> system = Node.start(settings, NO_DEMO);
    try {
      awaitUp(system);
      assertEquals(java.util.Set.of("worker", "dc-default"), Cluster.get(system).selfMember().getRoles());
    } finally {
      terminate(system);
    }
  }

  private NodeSettings settings(DbSettings db) {
    return new NodeSettings(dir, db, List.of("api", "worker"), "127.0.0.1", 0, List.of(), "127.0.0.1", 0);
  }

  private static void depositAndRecover(NodeSettings settings) throws Exception {
    ActorSystem<Void> first = Node.start(settings, NO_DEMO);
    try {
      awaitUp(first);
      EntityRef<CapitalAgent.Command> capital = capital(first);
      capital.<org.apache.pekko.Done>askWithStatus(replyTo -> new CapitalAgent.Deposit("USDT",
              new BigDecimal("1250.50"), "dep-1", "tester", Instant.parse("2026-01-01T00:00:00Z"), replyTo), TIMEOUT)
          .toCompletableFuture().get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
      assertEquals(0, new BigDecimal("1250.50").compareTo(balance(capital)));
    } finally {
      terminate(first);
    }

    ActorSystem<Void> second = Node.start(settings, NO_DEMO);
    try {
      awaitUp(second);
      assertEquals(0, new BigDecimal("1250.50").compareTo(balance(capital(second))),
          "the balance is recovered from the journal");
    } finally {
      terminate(second);
    }
  }

  private static EntityRef<CapitalAgent.Command> capital(ActorSystem<?> system) {
    return ClusterSharding.get(system).entityRefFor(CapitalAgent.ENTITY_KEY, ACCOUNT);
  }

  private static BigDecimal balance(EntityRef<CapitalAgent.Command> capital) throws Exception {
    CapitalAgent.AccountView view = capital.<CapitalAgent.AccountView>ask(
            replyTo -> new CapitalAgent.GetView("USDT", Map.of(), replyTo), TIMEOUT)
        .toCompletableFuture().get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    return view.balances().getOrDefault("USDT", BigDecimal.ZERO);
  }

  static void awaitUp(ActorSystem<?> system) {
    TestProbe<Object> probe = TestProbe.create(system);
    probe.awaitAssert(TIMEOUT, () -> {
      assertEquals(MemberStatus.up(), Cluster.get(system).selfMember().status());
      return null;
    });
  }

  static void terminate(ActorSystem<?> system) throws Exception {
    system.terminate();
    system.getWhenTerminated().toCompletableFuture().get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
  }
}
