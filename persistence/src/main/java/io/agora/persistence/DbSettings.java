package io.agora.persistence;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The database of one node: an embedded H2 file under the node's data directory, or a PostgreSQL server. Renders the
 * Pekko configuration of the JDBC journal, snapshot store and durable-state store, which all share one connection
 * pool.
 */
public final class DbSettings {

  public enum Kind {
    H2,
    POSTGRESQL
  }

  public static final String ENV_URL = "AGORA_DB_URL";
  public static final String ENV_USER = "AGORA_DB_USER";
  public static final String ENV_PASSWORD = "AGORA_DB_PASSWORD";

  /** Name of the shared slick database of the journals, the read journal and durable state. */
  public static final String SHARED_DB = "slick";

  /**
   * The snapshot store's own slick database (same database, its own connections). Agents that trade in step snapshot
   * together: 48 accounts' ~64 KB snapshots, each an insert and a delete of older ones, queued ahead of the journal
   * writes on the shared pool (a 105 ms latency spike of the load run lined up with such a burst).
   */
  public static final String SNAPSHOT_DB = "slick-snapshots";

  /** Connections of the snapshot store: saves are rare, and two let a recovery's load pass a save. */
  public static final int SNAPSHOT_POOL_SIZE = 2;

  /**
   * Connections of the read side's own pool, and threads of the projections' blocking JDBC dispatcher (one thread per
   * connection, so no thread waits for one).
   */
  public static final int READ_SIDE_POOL_SIZE = 2;

  private static final int DEFAULT_POSTGRES_PORT = 5432;
  private static final Pattern IDENTIFIER = Pattern.compile("[a-z_][a-z0-9_]{0,62}");
  private static final Pattern DATABASE_NAME = Pattern.compile("[A-Za-z0-9_.\\-]+");

  /*
   * H2 options, and why:
   * - DATABASE_TO_UPPER=false: the durable-state store issues unquoted lower-case names that must match the quoted
   *   lower-case tables of the shipped DDL.
   * - WRITE_DELAY=0: H2's default (500 ms) acknowledges a commit before the MVStore chunk reaches the file, so a
   *   SIGKILL could lose persisted-and-acknowledged events. With 0, every commit writes its chunk before returning.
   * - DB_CLOSE_ON_EXIT=FALSE: H2's own shutdown hook would otherwise close the database while Pekko's coordinated
   *   shutdown is still writing; the pool closes it when the ActorSystem terminates.
   */
  private static final String H2_OPTIONS = ";DATABASE_TO_UPPER=false;WRITE_DELAY=0;DB_CLOSE_ON_EXIT=FALSE";

  private final Kind kind;
  private final String jdbcUrl;
  private final String user;
  private final String password;
  private final String schema;
  private final int poolSize;

  private DbSettings(Kind kind, String jdbcUrl, String user, String password, String schema, int poolSize) {
    this.kind = kind;
    this.jdbcUrl = jdbcUrl;
    this.user = user;
    this.password = password;
    this.schema = schema;
    this.poolSize = poolSize;
  }

  /** The default: an H2 database file {@code <dataDir>/agora.mv.db}. */
  public static DbSettings h2(Path dataDir) {
    Objects.requireNonNull(dataDir, "dataDir");
    String dir = dataDir.toAbsolutePath().normalize().toString().replace('\\', '/');
    if (dir.contains(";")) {
      throw new IllegalArgumentException("data directory must not contain ';' (H2 reads it as an option): " + dir);
    }
    return new DbSettings(Kind.H2, "jdbc:h2:file:" + dir + "/agora" + H2_OPTIONS, "sa", "", null, defaultPoolSize());
  }

  /**
   * A PostgreSQL database from {@code jdbc:postgresql://host[:port]/db[?params]} or
   * {@code postgres[ql]://[user[:password]@]host[:port]/db[?params]}. User and password come from the URL
   * ({@code user}/{@code password} parameters or the user-info part), else from the arguments given here.
   *
   * @throws IllegalArgumentException naming what is wrong with the URL
   */
  public static DbSettings postgres(String url, String fallbackUser, String fallbackPassword) {
    if (url == null || url.isBlank()) {
      throw new IllegalArgumentException("database URL is empty");
    }
    String trimmed = url.trim();
    String rest;
    if (trimmed.startsWith("jdbc:postgresql:")) {
      rest = trimmed.substring("jdbc:postgresql:".length());
    } else if (trimmed.startsWith("postgresql:")) {
      rest = trimmed.substring("postgresql:".length());
    } else if (trimmed.startsWith("postgres:")) {
      rest = trimmed.substring("postgres:".length());
    } else {
      throw new IllegalArgumentException(
          "unsupported database URL '" + redact(trimmed) + "': expected jdbc:postgresql://host[:port]/database or"
              + " postgresql://[user[:password]@]host[:port]/database (leave it unset for the embedded H2 database)");
    }
    URI uri;
    try {
      uri = new URI("postgresql:" + rest);
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("malformed database URL '" + redact(trimmed) + "': " + e.getReason(), e);
    }
    if (uri.getHost() == null || uri.getHost().isEmpty()) {
      throw new IllegalArgumentException(
          "database URL '" + redact(trimmed) + "' has no valid host[:port] (one host, numeric port): expected"
              + " //host[:port]/database");
    }
    int port = uri.getPort() == -1 ? DEFAULT_POSTGRES_PORT : uri.getPort();
    String path = uri.getPath() == null ? "" : uri.getPath();
    String database = path.startsWith("/") ? path.substring(1) : path;
    if (database.isEmpty()) {
      throw new IllegalArgumentException("database URL '" + redact(trimmed) + "' names no database: expected"
          + " //host[:port]/database");
    }
    if (!DATABASE_NAME.matcher(database).matches()) {
      throw new IllegalArgumentException("database URL '" + redact(trimmed) + "': invalid database name '"
          + database + "'");
    }

    String user = null;
    String password = null;
    if (uri.getRawUserInfo() != null) {
      String[] parts = uri.getRawUserInfo().split(":", 2);
      user = decode(parts[0]);
      password = parts.length > 1 ? decode(parts[1]) : null;
    }
    Map<String, String> params = new LinkedHashMap<>();
    if (uri.getRawQuery() != null && !uri.getRawQuery().isEmpty()) {
      for (String pair : uri.getRawQuery().split("&")) {
        if (pair.isEmpty()) continue;
        String[] kv = pair.split("=", 2);
        String key = decode(kv[0]);
        String value = kv.length > 1 ? decode(kv[1]) : "";
        if (key.equals("user")) {
          user = value;
        } else if (key.equals("password")) {
          password = value;
        } else {
          params.put(key, value);
        }
      }
    }
    if (user == null || user.isEmpty()) user = fallbackUser;
    if (password == null) password = fallbackPassword;
    if (user == null || user.isEmpty()) {
      throw new IllegalArgumentException("database URL '" + redact(trimmed) + "' names no user: put it in the URL"
          + " (postgresql://user:password@host/db or ?user=...) or set " + ENV_USER);
    }
    // Batches of journal rows go to the server as one multi-row INSERT instead of one round trip per row.
    params.putIfAbsent("reWriteBatchedInserts", "true");

    String host = uri.getHost().contains(":") && !uri.getHost().startsWith("[") ? "[" + uri.getHost() + "]"
        : uri.getHost();
    String jdbc = "jdbc:postgresql://" + host + ":" + port + "/" + database + query(params);
    return new DbSettings(Kind.POSTGRESQL, jdbc, user, password == null ? "" : password, null, defaultPoolSize());
  }

  /**
   * The node's database as chosen on the command line or in the environment: {@code dbUrl} (the {@code --db-url}
   * option, may be null), else {@code AGORA_DB_URL}, else H2 under {@code dataDir}.
   */
  public static DbSettings resolve(String dbUrl, Path dataDir, Map<String, String> env) {
    String url = dbUrl != null && !dbUrl.isBlank() ? dbUrl : env.get(ENV_URL);
    if (url == null || url.isBlank()) {
      return h2(dataDir);
    }
    return postgres(url, env.get(ENV_USER), env.get(ENV_PASSWORD));
  }

  /**
   * The same PostgreSQL database, with every table in {@code schema} (created by {@link Migrations} if missing).
   */
  public DbSettings withSchema(String schema) {
    if (kind != Kind.POSTGRESQL) {
      throw new IllegalArgumentException("a schema can only be chosen for PostgreSQL, not " + kind);
    }
    if (schema == null || !IDENTIFIER.matcher(schema).matches()) {
      throw new IllegalArgumentException("invalid schema name '" + schema + "': lower-case letters, digits and '_'");
    }
    return new DbSettings(kind, jdbcUrl, user, password, schema, poolSize);
  }

  /** The same database with {@code size} connections (and as many slick threads). */
  public DbSettings withPoolSize(int size) {
    if (size < 1) {
      throw new IllegalArgumentException("pool size must be at least 1, was " + size);
    }
    return new DbSettings(kind, jdbcUrl, user, password, schema, size);
  }

  public Kind kind() {
    return kind;
  }

  /** The JDBC URL as handed to the driver (for PostgreSQL with a schema, {@code currentSchema} included). */
  public String jdbcUrl() {
    if (schema == null) {
      return jdbcUrl;
    }
    return jdbcUrl + (jdbcUrl.contains("?") ? "&" : "?") + "currentSchema=" + schema;
  }

  public String user() {
    return user;
  }

  public String password() {
    return password;
  }

  public Optional<String> schema() {
    return Optional.ofNullable(schema);
  }

  public int poolSize() {
    return poolSize;
  }

  public String driverClassName() {
    return kind == Kind.H2 ? "org.h2.Driver" : "org.postgresql.Driver";
  }

  /**
   * The Pekko configuration for this database: the journal, snapshot-store and durable-state plugins, and the read
   * journal, on one shared slick database; and the projections' offset-store dialect and JDBC dispatcher. Use it in front of the application's config:
   * {@code settings.toConfig().withFallback(ConfigFactory.load())}.
   */
  public Config toConfig() {
    Map<String, Object> c = new LinkedHashMap<>();
    c.put("pekko.persistence.journal.plugin", "jdbc-journal");
    c.put("pekko.persistence.snapshot-store.plugin", "jdbc-snapshot-store");
    c.put("pekko.persistence.state.plugin", "jdbc-durable-state-store");
    for (String plugin : new String[] {"jdbc-journal", "jdbc-journal-tagged", "jdbc-durable-state-store",
        "jdbc-read-journal"}) {
      c.put(plugin + ".use-shared-db", SHARED_DB);
    }
    c.put("jdbc-snapshot-store.use-shared-db", SNAPSHOT_DB);
    if (kind == Kind.POSTGRESQL) {
      // tagged events in multi-row statements instead of one round trip per row (see BatchedTagsJournalDao)
      c.put("jdbc-journal.dao", BatchedTagsJournalDao.class.getName());
      c.put("jdbc-journal-tagged.dao", BatchedTagsJournalDao.class.getName());
      // events by tag through event_tag's (tag, event_id) index: a poll reads its new rows only
      c.put("jdbc-read-journal.dao", TagRangeReadJournalDao.class.getName());
    }
    sharedDatabase(c, SHARED_DB, poolSize);
    sharedDatabase(c, SNAPSHOT_DB, SNAPSHOT_POOL_SIZE);
    // The read side's projections (pekko-projection-jdbc) keep their offsets in this database too; their tables come
    // from Migrations (V3__projection_offsets.sql).
    c.put("pekko.projection.jdbc.dialect", projectionDialect());
    // Rendered here, not in the agents' reference.conf: the launcher's shaded jar concatenates every reference.conf,
    // and pekko-projection-jdbc's own empty default, coming later, would win there.
    c.put("pekko.projection.jdbc.blocking-jdbc-dispatcher.thread-pool-executor.fixed-pool-size", READ_SIDE_POOL_SIZE);
    return ConfigFactory.parseMap(c, "io.agora.persistence.DbSettings(" + kind + ")");
  }

  private void sharedDatabase(Map<String, Object> c, String name, int connections) {
    String base = "pekko-persistence-jdbc.shared-databases." + name;
    c.put(base + ".profile", kind == Kind.H2 ? "slick.jdbc.H2Profile$" : "slick.jdbc.PostgresProfile$");
    c.put(base + ".db.url", jdbcUrl());
    c.put(base + ".db.user", user);
    c.put(base + ".db.password", password);
    c.put(base + ".db.driver", driverClassName());
    // Slick warns (and can deadlock) when it has more threads than connections: keep them equal.
    c.put(base + ".db.numThreads", connections);
    c.put(base + ".db.maxConnections", connections);
    c.put(base + ".db.minConnections", connections);
  }

  /** The pekko-projection-jdbc dialect of this database. */
  public String projectionDialect() {
    return kind == Kind.H2 ? "h2-dialect" : "postgres-dialect";
  }

  /** About 2 connections per core was the sweet spot measured for the journal on this kind of machine. */
  private static int defaultPoolSize() {
    String given = System.getProperty("agora.db.pool-size");
    if (given != null) return Integer.parseInt(given);
    return Math.max(2, 2 * Runtime.getRuntime().availableProcessors());
  }

  private static String query(Map<String, String> params) {
    StringBuilder sb = new StringBuilder();
    for (Map.Entry<String, String> e : params.entrySet()) {
      sb.append(sb.length() == 0 ? '?' : '&').append(encode(e.getKey())).append('=')
          .append(encode(e.getValue()));
    }
    return sb.toString();
  }

  private static String encode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  private static String decode(String s) {
    return URLDecoder.decode(s, StandardCharsets.UTF_8);
  }

  /** Error messages repeat the URL; passwords in it must not reach the logs. */
  private static String redact(String url) {
    return url.replaceAll("(//[^:/@?]*:)[^@/?]*@", "$1***@").replaceAll("(?i)(password=)[^&]*", "$1***");
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) return true;
    if (!(o instanceof DbSettings)) return false;
    DbSettings other = (DbSettings) o;
    return kind == other.kind && jdbcUrl.equals(other.jdbcUrl) && user.equals(other.user)
        && password.equals(other.password) && Objects.equals(schema, other.schema) && poolSize == other.poolSize;
  }

  @Override
  public int hashCode() {
    return Objects.hash(kind, jdbcUrl, user, password, schema, poolSize);
  }

  @Override
  public String toString() {
    return "DbSettings[" + kind + " " + jdbcUrl() + " user=" + user + " pool=" + poolSize + "]";
  }
}
