package io.agora.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agora.persistence.testing.TestDatabases;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MigrationsTest {

  private static final List<String> TABLES =
      List.of("event_journal", "event_tag", "snapshot", "durable_state", "orders", "trades", "positions", "equity",
          "pekko_projection_offset_store", "pekko_projection_management");

  @TempDir Path dir;

  @Test
  void h2() throws SQLException {
    checkMigrations(TestDatabases.h2(dir));
  }

  @Test
  void postgres() throws SQLException {
    DbSettings db = TestDatabases.postgres();
    try {
      checkMigrations(db);
    } finally {
      TestDatabases.close(db);
    }
  }

  @Test
  void postgresInItsOwnSchema() throws SQLException {
    DbSettings db = TestDatabases.postgres();
    try {
      DbSettings inSchema = db.withSchema("node_a");
      checkMigrations(inSchema);
      try (Connection c = connect(db);
          PreparedStatement st = c.prepareStatement(
              "SELECT table_schema FROM information_schema.tables WHERE table_name = 'event_journal'");
          ResultSet rs = st.executeQuery()) {
        assertTrue(rs.next());
        assertEquals("node_a", rs.getString(1));
        assertTrue(!rs.next(), "event_journal exists outside the schema too");
      }
    } finally {
      TestDatabases.close(db);
    }
  }

  @Test
  void postgresWithoutAutovacuumIsWarnedAbout() throws SQLException {
    DbSettings db = TestDatabases.postgres();
    try (Connection c = connect(db); ResultSet rs = c.createStatement().executeQuery("SHOW autovacuum")) {
      assertTrue(rs.next());
      // the local server of the development machines runs without it, an embedded one with it: either way the
      // warning follows the server's setting
      assertEquals(rs.getString(1).equals("off"), Migrations.warnWithoutAutovacuum(db));
    } finally {
      TestDatabases.close(db);
    }
  }

  @Test
  void unreachableDatabaseIsAClearError() {
    DbSettings db = DbSettings.postgres("jdbc:postgresql://127.0.0.1:1/nothing?connectTimeout=1", "u", "");
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> Migrations.migrate(db));
    assertTrue(e.getMessage().contains("127.0.0.1:1/nothing"), e.getMessage());
  }

  private static void checkMigrations(DbSettings db) throws SQLException {
    assertEquals(4, Migrations.migrate(db), "first run applies every migration");
    assertEquals(0, Migrations.migrate(db), "second run is a no-op");
    try (Connection c = connect(db)) {
      for (String table : TABLES) {
        try (ResultSet rs = c.createStatement().executeQuery("SELECT COUNT(*) FROM " + table)) {
          assertTrue(rs.next(), table);
          assertEquals(0, rs.getLong(1), table);
        }
      }
      insertOrder(c, "cid-1");
      SQLException duplicate = assertThrows(SQLException.class, () -> insertOrder(c, "cid-1"));
      assertEquals("23505", duplicate.getSQLState(), "unique violation: " + duplicate.getMessage());
      insertOrder(c, "cid-2");
      try (ResultSet rs = c.createStatement().executeQuery("SELECT SUM(price * amount) FROM orders")) {
        assertTrue(rs.next());
        // Exact decimals: 2 × 0.1 × 3 would not be 0.6 in floating point.
        assertEquals(0, new java.math.BigDecimal("0.6").compareTo(rs.getBigDecimal(1)));
      }
    }
  }

  private static void insertOrder(Connection c, String clientOrderId) throws SQLException {
    try (PreparedStatement st = c.prepareStatement("INSERT INTO orders (client_order_id, tenant, account, venue, pair,"
        + " side, order_type, price, amount, filled, status, created_at, updated_at)"
        + " VALUES (?, 't1', 'a1', 'sim', 'BTC/USDT', 'buy', 'limit', 0.1, 3, 0, 'open', ?, ?)")) {
      st.setString(1, clientOrderId);
      st.setLong(2, 1_700_000_000_000L);
      st.setLong(3, 1_700_000_000_000L);
      st.executeUpdate();
    }
  }

  private static Connection connect(DbSettings db) throws SQLException {
    return DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password());
  }
}
