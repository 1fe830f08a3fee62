package io.agora.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DbSettingsTest {

  @TempDir Path dir;

  @Test
  void h2FileUnderTheDataDirectoryWithDurableCommits() {
    DbSettings db = DbSettings.h2(dir);
    assertEquals(DbSettings.Kind.H2, db.kind());
    String expectedPrefix = "jdbc:h2:file:" + dir.toAbsolutePath().toString().replace('\\', '/') + "/agora;";
    assertTrue(db.jdbcUrl().startsWith(expectedPrefix), db.jdbcUrl());
    assertTrue(db.jdbcUrl().contains(";DATABASE_TO_UPPER=false"), db.jdbcUrl());
    assertTrue(db.jdbcUrl().contains(";WRITE_DELAY=0"), db.jdbcUrl());
  }

  @Test
  void rendersTheJdbcPluginsOnOneSharedDatabase() {
    Config c = DbSettings.h2(dir).withPoolSize(3).toConfig();
    assertEquals("jdbc-journal", c.getString("pekko.persistence.journal.plugin"));
    assertEquals("jdbc-snapshot-store", c.getString("pekko.persistence.snapshot-store.plugin"));
    assertEquals("jdbc-durable-state-store", c.getString("pekko.persistence.state.plugin"));
    for (String plugin : new String[] {"jdbc-journal", "jdbc-journal-tagged", "jdbc-durable-state-store",
        "jdbc-read-journal"}) {
      assertEquals("slick", c.getString(plugin + ".use-shared-db"), plugin);
    }
    // the snapshot store on its own connections to the same database
    assertEquals(DbSettings.SNAPSHOT_DB, c.getString("jdbc-snapshot-store.use-shared-db"));
    Config snapshots = c.getConfig("pekko-persistence-jdbc.shared-databases." + DbSettings.SNAPSHOT_DB);
    assertEquals(DbSettings.h2(dir).jdbcUrl(), snapshots.getString("db.url"));
    assertEquals("slick.jdbc.H2Profile$", snapshots.getString("profile"));
    assertEquals(DbSettings.SNAPSHOT_POOL_SIZE, snapshots.getInt("db.maxConnections"));
    assertEquals(DbSettings.SNAPSHOT_POOL_SIZE, snapshots.getInt("db.numThreads"));
    Config slick = c.getConfig("pekko-persistence-jdbc.shared-databases.slick");
    assertEquals("slick.jdbc.H2Profile$", slick.getString("profile"));
    assertEquals(DbSettings.h2(dir).jdbcUrl(), slick.getString("db.url"));
    assertEquals("org.h2.Driver", slick.getString("db.driver"));
    assertEquals(3, slick.getInt("db.numThreads"));
    assertEquals(3, slick.getInt("db.maxConnections"));
    assertEquals(3, slick.getInt("db.minConnections"));
    assertEquals("h2-dialect", c.getString("pekko.projection.jdbc.dialect"));
    assertEquals(DbSettings.READ_SIDE_POOL_SIZE,
        c.getInt("pekko.projection.jdbc.blocking-jdbc-dispatcher.thread-pool-executor.fixed-pool-size"));
  }

  @Test
  void defaultPoolIsTwoConnectionsPerCore() {
    assertEquals(Math.max(2, 2 * Runtime.getRuntime().availableProcessors()), DbSettings.h2(dir).poolSize());
  }

  @Test
  void postgresJdbcUrlWithCredentialsInTheQuery() {
    DbSettings db = DbSettings.postgres("jdbc:postgresql://db.example:6543/agora?user=alice&password=s%3Dcret&ssl=true",
        null, null);
    assertEquals(DbSettings.Kind.POSTGRESQL, db.kind());
    assertEquals("jdbc:postgresql://db.example:6543/agora?ssl=true&reWriteBatchedInserts=true", db.jdbcUrl());
    assertEquals("alice", db.user());
    assertEquals("s=cret", db.password());
    Config slick = db.toConfig().getConfig("pekko-persistence-jdbc.shared-databases.slick");
    assertEquals("slick.jdbc.PostgresProfile$", slick.getString("profile"));
    assertEquals("org.postgresql.Driver", slick.getString("db.driver"));
    assertEquals("alice", slick.getString("db.user"));
    assertEquals("s=cret", slick.getString("db.password"));
    assertEquals("postgres-dialect", db.toConfig().getString("pekko.projection.jdbc.dialect"));
  }

  @Test
  void postgresLibpqStyleUrlWithUserInfoAndDefaultPort() {
    DbSettings db = DbSettings.postgres("postgresql://bob:p%40ss@localhost/trading", "ignored", "ignored");
    assertEquals("jdbc:postgresql://localhost:5432/trading?reWriteBatchedInserts=true", db.jdbcUrl());
    assertEquals("bob", db.user());
    assertEquals("p@ss", db.password());
    assertEquals(db, DbSettings.postgres("postgres://bob:p%40ss@localhost:5432/trading", null, null));
  }

  @Test
  void credentialsFromTheEnvironmentWhenTheUrlHasNone() {
    DbSettings db = DbSettings.resolve(null, dir, Map.of(DbSettings.ENV_URL, "jdbc:postgresql://pg:5432/agora",
        DbSettings.ENV_USER, "agora", DbSettings.ENV_PASSWORD, "secret"));
    assertEquals("agora", db.user());
    assertEquals("secret", db.password());
    assertEquals("jdbc:postgresql://pg:5432/agora?reWriteBatchedInserts=true", db.jdbcUrl());
  }

  @Test
  void commandLineUrlBeatsTheEnvironmentAndNoUrlMeansH2() {
    Map<String, String> env = Map.of(DbSettings.ENV_URL, "jdbc:postgresql://env-host/agora?user=x");
    assertTrue(DbSettings.resolve("jdbc:postgresql://flag-host/agora?user=x", dir, env).jdbcUrl()
        .contains("//flag-host:5432/"));
    assertTrue(DbSettings.resolve(null, dir, env).jdbcUrl().contains("//env-host:5432/"));
    assertEquals(DbSettings.h2(dir), DbSettings.resolve(null, dir, Map.of()));
    assertEquals(DbSettings.h2(dir), DbSettings.resolve(" ", dir, Map.of(DbSettings.ENV_URL, "")));
  }

  @Test
  void schemaGoesIntoTheUrl() {
    DbSettings db = DbSettings.postgres("jdbc:postgresql://pg/agora?user=u", null, null).withSchema("node_1");
    assertEquals("jdbc:postgresql://pg:5432/agora?reWriteBatchedInserts=true&currentSchema=node_1", db.jdbcUrl());
    assertEquals("node_1", db.schema().orElseThrow());
    assertThrows(IllegalArgumentException.class, () -> db.withSchema("Robert'); DROP TABLE x;--"));
    assertThrows(IllegalArgumentException.class, () -> DbSettings.h2(dir).withSchema("s"));
  }

  @Test
  void badUrlsAreRejectedWithAClearMessage() {
    assertMessage("unsupported database URL", "mysql://localhost/agora");
    assertMessage("unsupported database URL", "jdbc:h2:mem:x");
    assertMessage("database URL is empty", " ");
    assertMessage("no valid host", "jdbc:postgresql:///agora?user=u");
    assertMessage("names no database", "jdbc:postgresql://localhost:5432/?user=u");
    assertMessage("names no database", "jdbc:postgresql://localhost?user=u");
    assertMessage("malformed database URL", "jdbc:postgresql://local host/agora");
    assertMessage("no valid host", "jdbc:postgresql://localhost:notaport/agora?user=u");
    assertMessage("names no user", "jdbc:postgresql://localhost/agora");
  }

  @Test
  void passwordsStayOutOfMessagesAndToString() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> DbSettings.postgres("jdbc:postgresql://u:hunter2@/agora?password=hunter2", null, null));
    assertFalse(e.getMessage().contains("hunter2"), e.getMessage());
    DbSettings db = DbSettings.postgres("postgresql://u:hunter2@pg/agora", null, null);
    assertFalse(db.toString().contains("hunter2"), db.toString());
  }

  private static void assertMessage(String expected, String url) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> DbSettings.postgres(url, null, null), url);
    assertTrue(e.getMessage().contains(expected), "for " + url + ": " + e.getMessage());
  }
}
