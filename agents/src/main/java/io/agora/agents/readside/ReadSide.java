package io.agora.agents.readside;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.actor.typed.Extension;
import org.apache.pekko.actor.typed.ExtensionId;
import org.apache.pekko.cluster.sharding.typed.ShardedDaemonProcessSettings;
import org.apache.pekko.cluster.sharding.typed.javadsl.ShardedDaemonProcess;
import org.apache.pekko.projection.ProjectionBehavior;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The read side of a node: projections that keep SQL tables ({@code orders}, {@code trades}, {@code positions}) up to
 * date from the agents' journals, and {@link ReadSideQueries} over those tables.
 *
 * <p>Each projection ({@link ReadSideProjection}) runs as a sharded daemon process with one instance per tag of its
 * entity kind, spread over the nodes with the sharding role; each instance reads its tag from the JDBC read journal
 * and writes every event's rows and its offset in one transaction (pekko-projection-jdbc's exactly-once projection).
 * The tables and the offset tables are created by {@code io.agora.persistence.Migrations}.
 *
 * <p>The read side uses the node's database (the shared database of the JDBC plugins, rendered by
 * {@code DbSettings.toConfig()}) through a small pool of its own, as large as the projections' blocking dispatcher
 * ({@code pekko.projection.jdbc.blocking-jdbc-dispatcher}, both {@code DbSettings.READ_SIDE_POOL_SIZE}) so that no
 * thread ever waits for a connection. It does not
 * borrow connections from the journal's pool: Slick sizes its threads to that pool and counts its connections itself,
 * so connections taken behind its back would make journal writes wait and time out.
 */
public final class ReadSide implements Extension {

  /** Every projection a node runs. Another one (equity) is one more entry, see {@link ReadSideProjection}. */
  static final List<ReadSideProjection<?>> PROJECTIONS = List.of(ExecutionRows.PROJECTION, EquityRows.PROJECTION);

  /** The extension's id: one read side (and one pool) per ActorSystem. */
  public static final class Id extends ExtensionId<ReadSide> {
    private static final Id INSTANCE = new Id();

    private Id() {}

    @Override
    public ReadSide createExtension(ActorSystem<?> system) {
      return new ReadSide(system);
    }

    public static ReadSide get(ActorSystem<?> system) {
      return INSTANCE.apply(system);
    }
  }

  /** What {@link ReadSide} reads once from the node's configuration. */
  public record Settings(String url, String user, String password, String driver, String dialect, String dispatcher,
      int poolSize, Optional<String> role) {

    public static Settings fromConfig(Config root) {
      String shared = root.hasPath("jdbc-read-journal.use-shared-db")
          ? root.getString("jdbc-read-journal.use-shared-db") : "";
      String dbPath = "pekko-persistence-jdbc.shared-databases." + shared + ".db";
      if (shared.isBlank() || !root.hasPath(dbPath)) {
        throw new IllegalStateException("the read side needs the JDBC journal on a shared database"
            + " (io.agora.persistence.DbSettings.toConfig()): jdbc-read-journal.use-shared-db names none");
      }
      Config db = root.getConfig(dbPath);
      String url = db.getString("url");
      String dialect = root.getString("pekko.projection.jdbc.dialect");
      String expected = url.startsWith("jdbc:h2:") ? "h2-dialect"
          : url.startsWith("jdbc:postgresql:") ? "postgres-dialect"
          : null;
      if (expected == null) {
        throw new IllegalStateException("the read side supports H2 and PostgreSQL, not " + url.split(";|\\?")[0]);
      }
      if (!expected.equals(dialect)) {
        throw new IllegalStateException("pekko.projection.jdbc.dialect is '" + dialect + "' but the database needs '"
            + expected + "' (DbSettings.toConfig() sets it)");
      }
      String dispatcher = root.getString("pekko.projection.jdbc.use-dispatcher");
      String poolPath = dispatcher + ".thread-pool-executor.fixed-pool-size";
      int poolSize;
      try {
        poolSize = root.getInt(poolPath);
      } catch (ConfigException e) {
        throw new IllegalStateException(poolPath + " must be the read side's pool size (DbSettings.toConfig() sets"
            + " it): " + e.getMessage(), e);
      }
      String role = root.getString("pekko.cluster.sharding.role");
      return new Settings(url, db.getString("user"), db.getString("password"), db.getString("driver"), dialect,
          dispatcher, poolSize, role.isBlank() ? Optional.empty() : Optional.of(role));
    }

    @Override
    public String toString() {
      return "ReadSide.Settings[" + url + " user=" + user + " pool=" + poolSize + " role=" + role.orElse("any") + "]";
    }
  }

  private static final Logger log = LoggerFactory.getLogger(ReadSide.class);

  private final ActorSystem<?> system;
  private final Settings settings;
  private final HikariDataSource pool;
  private final ReadSideQueries queries;
  private final AtomicBoolean started = new AtomicBoolean();

  private ReadSide(ActorSystem<?> system) {
    this.system = system;
    this.settings = Settings.fromConfig(system.settings().config());
    HikariConfig hc = new HikariConfig();
    hc.setPoolName("agora-read-side");
    hc.setJdbcUrl(settings.url());
    hc.setUsername(settings.user());
    hc.setPassword(settings.password());
    hc.setDriverClassName(settings.driver());
    hc.setMaximumPoolSize(settings.poolSize());
    hc.setMinimumIdle(1);
    // The node may start before the database answers: the projections retry with backoff instead.
    hc.setInitializationFailTimeout(-1);
    this.pool = new HikariDataSource(hc);
    system.getWhenTerminated().thenRun(pool::close);
    Executor blocking = system.dispatchers().lookup(DispatcherSelector.fromConfig(settings.dispatcher()));
    this.queries = new ReadSideQueries(pool, blocking);
  }

  /**
   * Starts the node's share of the projections (once; later calls do nothing). Call it after the agents are
   * registered, on every node: instances run on the nodes with the sharding role.
   */
  public static void init(ActorSystem<?> system) {
    Id.get(system).start();
  }

  /** The queries over the read-side tables, on the read side's pool and dispatcher. */
  public static ReadSideQueries queries(ActorSystem<?> system) {
    return Id.get(system).queries;
  }

  public Settings settings() {
    return settings;
  }

  private void start() {
    if (!started.compareAndSet(false, true)) return;
    ShardedDaemonProcessSettings daemons = ShardedDaemonProcessSettings.create(system);
    if (settings.role().isPresent()) daemons = daemons.withRole(settings.role().get());
    for (ReadSideProjection<?> p : PROJECTIONS) start(p, daemons);
    log.info("Read side started: {} over {}", PROJECTIONS.stream()
        .map(p -> p.name() + " × " + p.tags().count()).toList(), settings);
  }

  private <E> void start(ReadSideProjection<E> p, ShardedDaemonProcessSettings daemons) {
    ShardedDaemonProcess.get(system).init(ProjectionBehavior.Command.class, p.name(), p.tags().count(),
        i -> ProjectionBehavior.create(p.instance(system, i, pool)), daemons,
        Optional.of(ProjectionBehavior.stopMessage()));
  }
}
