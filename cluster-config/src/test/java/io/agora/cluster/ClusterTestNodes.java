package io.agora.cluster;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.agora.persistence.DbSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.cluster.typed.Cluster;

/**
 * Nodes of a test cluster, started through {@link Node#start} so that the production configuration (split-brain
 * resolver, sharding, JDBC journal) is what runs; the test only shortens the timings ({@link #TEST_OVERRIDES}).
 * A node runs in this JVM ({@link #startInJvm}) or in a JVM of its own ({@link ForkedNode}, killable with SIGKILL).
 */
final class ClusterTestNodes {

  /**
   * What the cluster tests change over {@code application.conf}: timings only (and no demo). The split-brain
   * resolver, its strategy, sharding and the journal stay as configured for production.
   *
   * <ul>
   *   <li>failure detector: a crashed node is unreachable after about 3 s (production: about 4.6 s);</li>
   *   <li>{@code stable-after = 3s} (production: 20 s): the resolver downs the unreachable node 3 s after the
   *       membership stops changing; sharding then waits the same margin before it allocates the node's shards
   *       elsewhere (the resolver's down-removal margin);</li>
   *   <li>the paper venue fills at most a quarter of a candle's volume: with volumes of 1.0 and amounts in eighths
   *       every partial fill is an exact binary fraction, so sums of fills equal the orders' amounts exactly.</li>
   * </ul>
   */
  static final String TEST_OVERRIDES = """
      agora.node.demo = off
      pekko.cluster.failure-detector.heartbeat-interval = 1s
      pekko.cluster.failure-detector.acceptable-heartbeat-pause = 2s
      pekko.cluster.split-brain-resolver.stable-after = 3s
      agora.execution.paper.max-volume-fraction = 0.25
      """;

  private ClusterTestNodes() {}

  /** {@code application.conf} with {@link #TEST_OVERRIDES}: the base every test node starts on. */
  static Config baseConfig() {
    return ConfigFactory.parseString(TEST_OVERRIDES).withFallback(ConfigFactory.load());
  }

  /** The settings of one node: roles api and worker, loopback, a free port, the given seeds. */
  static NodeSettings settings(Path dataDir, DbSettings db, List<NodeSettings.SeedNode> seeds) {
    return new NodeSettings(dataDir, db, List.of("api", "worker"), "127.0.0.1", 0, seeds, "127.0.0.1", 0);
  }

  /** Starts a node in this JVM (several ActorSystems share it: {@code jmx.multi-mbeans-in-same-jvm} is on). */
  static ActorSystem<Void> startInJvm(Path dataDir, DbSettings db, List<NodeSettings.SeedNode> seeds) {
    return Node.start(settings(dataDir, db, seeds), baseConfig());
  }

  /** The remoting address of {@code system} as a seed node for the others. */
  static NodeSettings.SeedNode seedOf(ActorSystem<?> system) {
    var address = Cluster.get(system).selfMember().address();
    return new NodeSettings.SeedNode(address.getHost().get(), address.getPort().get());
  }

  /**
   * A node in a JVM of its own ({@link ForkedNodeMain}), started with this JVM's test classpath. {@link #kill()} is
   * SIGKILL: no shutdown hook, no coordinated shutdown, no cluster leave, no shard hand-off.
   */
  static final class ForkedNode {
    private final Process process;
    private final Path log;

    private ForkedNode(Process process, Path log) {
      this.process = process;
      this.log = log;
    }

    static ForkedNode start(Path dataDir, DbSettings db, NodeSettings.SeedNode seed, Path log) {
      String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
      // Surefire runs tests from a manifest-only jar; its property holds the real test classpath.
      String classpath = System.getProperty("surefire.test.class.path");
      if (classpath == null || classpath.isBlank()) classpath = System.getProperty("java.class.path");
      List<String> command = new ArrayList<>(List.of(java, "-Xmx384m", "-XX:TieredStopAtLevel=1",
          "-Dagora.forked.data-dir=" + dataDir,
          "-Dagora.forked.db-url=" + db.jdbcUrl(),
          "-Dagora.forked.db-user=" + db.user(),
          "-Dagora.forked.db-password=" + db.password(),
          "-Dagora.forked.seed=" + seed,
          "-cp", classpath, ForkedNodeMain.class.getName()));
      try {
        Files.createDirectories(log.getParent());
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        ForkedNode node = new ForkedNode(p, log);
        // Should this JVM die first, the child sees its stdin close and halts (ForkedNodeMain); this hook covers
        // an orderly exit of this JVM as well.
        Runtime.getRuntime().addShutdownHook(new Thread(p::destroyForcibly, "forked-node-reaper"));
        return node;
      } catch (IOException e) {
        throw new UncheckedIOException("cannot start the forked node", e);
      }
    }

    boolean isAlive() {
      return process.isAlive();
    }

    /** SIGKILL, and waits until the process is gone. */
    void kill() throws InterruptedException {
      process.destroyForcibly();
      process.waitFor();
    }

    /** The last lines of the node's output, for failure messages. */
    String logTail() {
      try {
        List<String> lines = Files.readAllLines(log);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
      } catch (IOException e) {
        return "(no log: " + e.getMessage() + ")";
      }
    }

    Path log() {
      return log;
    }
  }
}
