package io.agora.cluster;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.agora.persistence.Migrations;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Join;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts one Agora node: brings the database schema up to date, builds the configuration, starts the ActorSystem
 * with the {@link Guardian}, and joins the cluster. SIGTERM (a JVM shutdown hook) runs Pekko's CoordinatedShutdown:
 * the node leaves the cluster, hands its shards over and closes the journal before the JVM exits.
 */
public final class Node {

  /** The ActorSystem's name; every node of one cluster must use the same. */
  public static final String SYSTEM_NAME = "agora";

  private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(60);

  private static final Logger log = LoggerFactory.getLogger(Node.class);

  private Node() {}

  /** Starts a node on {@code application.conf} (or {@code -Dconfig.resource=local1.conf}) and {@code settings}. */
  public static ActorSystem<Void> start(NodeSettings settings) {
    return start(settings, ConfigFactory.load());
  }

  /**
   * Starts a node on {@code base} (usually {@code ConfigFactory.load()}) with the database and the node's own
   * settings laid over it. Returns once the system runs and its agents are registered; the node becomes Up shortly after.
   *
   * @throws IllegalStateException when the database cannot be migrated
   */
  public static ActorSystem<Void> start(NodeSettings settings, Config base) {
    try {
      Files.createDirectories(settings.dataDir());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create the data directory " + settings.dataDir(), e);
    }
    // Schema first: the journal must never see a database without its tables.
    int applied = Migrations.migrate(settings.db());
    log.info("Database {}: {} migration(s) applied", settings.db(), applied);

    Config config = config(settings, base);
    Path models = modelsDir(settings, config);
    // ML strategies created by name (agents, API, commands) find their models here too, unless given models_dir
    if (System.getProperty("agora.models.dir") == null) System.setProperty("agora.models.dir", models.toString());
    CompletableFuture<Void> agentsStarted = new CompletableFuture<>();
    ActorSystem<Void> system = ActorSystem.create(
        Guardian.create(settings.dataDir().resolve("market-data"), models, () -> agentsStarted.complete(null)),
        SYSTEM_NAME, config);
    system.getWhenTerminated().thenRun(() -> agentsStarted.completeExceptionally(
        new IllegalStateException("the node stopped before its agents were started (see the log)")));
    // The guardian registers the agents asynchronously: once this returns, entityRefFor works on the system.
    try {
      agentsStarted.get(STARTUP_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      system.terminate();
      throw new IllegalStateException("interrupted while the node was starting", e);
    } catch (ExecutionException | TimeoutException e) {
      system.terminate();
      throw new IllegalStateException("the node did not start its agents: " + e.getMessage(), e);
    }
    Cluster cluster = Cluster.get(system);
    if (settings.seedNodes().isEmpty()) {
      // No seeds: this node is a cluster of its own.
      cluster.manager().tell(Join.create(cluster.selfMember().address()));
    }
    // With seed nodes, Pekko joins them itself (pekko.cluster.seed-nodes).
    log.info("Agora node starting at {} with roles {}, seed nodes {}", cluster.selfMember().address(),
        settings.roles(), settings.seedNodes().isEmpty() ? "none (self-join)" : settings.seedNodes());
    return system;
  }

  /** {@code agora.models.dir}, else {@code <data-dir>/models}. */
  public static Path modelsDir(NodeSettings settings, Config config) {
    String dir = config.getString("agora.models.dir");
    return dir.isBlank() ? settings.dataDir().resolve("models") : Path.of(dir);
  }

  /** The node's configuration: its own settings, over the database's, over {@code base}. */
  public static Config config(NodeSettings settings, Config base) {
    return settings.toConfig(SYSTEM_NAME).withFallback(settings.db().toConfig()).withFallback(base).resolve();
  }
}
