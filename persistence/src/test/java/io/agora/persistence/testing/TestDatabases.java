package io.agora.persistence.testing;

import io.agora.persistence.DbSettings;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;

/**
 * Databases for tests, each one fresh. PostgreSQL is the local server at 127.0.0.1:5432 (user {@code postgres},
 * trust authentication) when it answers, else an embedded PostgreSQL started once per JVM. The choice can be forced
 * with the system property {@value #MODE_PROPERTY} = {@code local} | {@code embedded} (default {@code auto}).
 *
 * <p>Every {@link #postgres()} creates its own {@code agora_test_<random>} database, so tests never see each other's
 * rows; {@link #close(DbSettings)} drops one, and whatever is left is dropped when the JVM exits.
 */
public final class TestDatabases {

  public static final String MODE_PROPERTY = "agora.test.postgres";

  private static final String LOCAL_HOST = "127.0.0.1";
  private static final int LOCAL_PORT = 5432;
  private static final String ADMIN_USER = "postgres";
  /** Short: a missing local server must not slow every test run down. */
  private static final int PROBE_TIMEOUT_MS = 300;

  private static Server server;
  private static final Set<String> created = new LinkedHashSet<>();

  private TestDatabases() {}

  /** An H2 file database under {@code dir} (give each test its own directory, e.g. JUnit's {@code @TempDir}). */
  public static DbSettings h2(Path dir) {
    return DbSettings.h2(dir);
  }

  /** A new, empty PostgreSQL database; its tables still have to be created with {@code Migrations.migrate}. */
  public static synchronized DbSettings postgres() {
    Server s = server();
    String name = "agora_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
    s.execute("CREATE DATABASE " + name);
    created.add(name);
    return DbSettings.postgres(s.url(name), s.user, s.password);
  }

  /** Which PostgreSQL server {@link #postgres()} uses, e.g. for test reports: "local ..." or "embedded ...". */
  public static synchronized String postgresServer() {
    return server().description;
  }

  /** Drops a database made by {@link #postgres()}, closing whatever connections still use it. */
  public static synchronized void close(DbSettings db) {
    String name = databaseName(db);
    if (created.remove(name)) {
      server().execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
    }
  }

  private static String databaseName(DbSettings db) {
    String url = db.jdbcUrl();
    int start = url.indexOf('/', "jdbc:postgresql://".length()) + 1;
    int end = url.indexOf('?', start);
    return url.substring(start, end < 0 ? url.length() : end);
  }

  private static Server server() {
    if (server == null) {
      String mode = System.getProperty(MODE_PROPERTY, "auto").toLowerCase(Locale.ROOT);
      switch (mode) {
        case "local":
          server = localServer();
          if (server == null) {
            throw new IllegalStateException("no PostgreSQL answers at " + LOCAL_HOST + ":" + LOCAL_PORT + " as user "
                + ADMIN_USER + " (" + MODE_PROPERTY + "=local)");
          }
          break;
        case "embedded":
          server = embeddedServer();
          break;
        case "auto":
          server = localServer();
          if (server == null) server = embeddedServer();
          break;
        default:
          throw new IllegalArgumentException(MODE_PROPERTY + " must be auto, local or embedded, was '" + mode + "'");
      }
      Runtime.getRuntime().addShutdownHook(new Thread(TestDatabases::dropAll, "agora-test-databases"));
    }
    return server;
  }

  private static Server localServer() {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(LOCAL_HOST, LOCAL_PORT), PROBE_TIMEOUT_MS);
    } catch (IOException e) {
      return null;
    }
    Server local = new Server(LOCAL_HOST, LOCAL_PORT, ADMIN_USER, "", null,
        "local PostgreSQL at " + LOCAL_HOST + ":" + LOCAL_PORT);
    try (Connection c = local.admin()) {
      return c.isValid(2) ? local : null;
    } catch (SQLException e) {
      // Something listens but will not let us in as postgres (password required, not PostgreSQL): use our own.
      return null;
    }
  }

  private static Server embeddedServer() {
    try {
      EmbeddedPostgres pg = EmbeddedPostgres.builder().start();
      return new Server("localhost", pg.getPort(), ADMIN_USER, "", pg,
          "embedded PostgreSQL (zonky) on port " + pg.getPort());
    } catch (IOException e) {
      throw new UncheckedIOException("starting an embedded PostgreSQL failed (no local server at " + LOCAL_HOST + ":"
          + LOCAL_PORT + " either)", e);
    }
  }

  private static synchronized void dropAll() {
    List<String> names = new ArrayList<>(created);
    created.clear();
    for (String name : names) {
      try {
        server.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
      } catch (RuntimeException e) {
        System.err.println("could not drop test database " + name + ": " + e.getMessage());
      }
    }
    if (server.embedded != null) {
      try {
        server.embedded.close();
      } catch (IOException e) {
        System.err.println("could not stop the embedded PostgreSQL: " + e.getMessage());
      }
    }
  }

  private static final class Server {
    final String host;
    final int port;
    final String user;
    final String password;
    final EmbeddedPostgres embedded;
    final String description;

    Server(String host, int port, String user, String password, EmbeddedPostgres embedded, String description) {
      this.host = host;
      this.port = port;
      this.user = user;
      this.password = password;
      this.embedded = embedded;
      this.description = description;
    }

    String url(String database) {
      return "jdbc:postgresql://" + host + ":" + port + "/" + database;
    }

    Connection admin() throws SQLException {
      return DriverManager.getConnection(url("postgres") + "?connectTimeout=2&loginTimeout=2", user, password);
    }

    void execute(String sql) {
      try (Connection c = admin(); Statement st = c.createStatement()) {
        st.execute(sql);
      } catch (SQLException e) {
        throw new IllegalStateException(sql + " failed on " + description + ": " + e.getMessage(), e);
      }
    }
  }
}
