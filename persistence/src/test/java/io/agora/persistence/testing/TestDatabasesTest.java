package io.agora.persistence.testing;

import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agora.persistence.DbSettings;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;

class TestDatabasesTest {

  @Test
  void everyCallGetsItsOwnDatabaseAndCloseDropsIt() throws SQLException {
    String mode = System.getProperty(TestDatabases.MODE_PROPERTY, "auto");
    String server = TestDatabases.postgresServer();
    System.out.println("TestDatabases uses the " + server);
    if (!mode.equals("auto")) {
      assertTrue(server.startsWith(mode), mode + " asked, got " + server);
    }

    DbSettings a = TestDatabases.postgres();
    DbSettings b = TestDatabases.postgres();
    assertNotEquals(a.jdbcUrl(), b.jdbcUrl());
    try (Connection c = DriverManager.getConnection(a.jdbcUrl(), a.user(), a.password())) {
      assertTrue(c.isValid(2));
    }
    TestDatabases.close(a);
    TestDatabases.close(b);
    SQLException gone = assertThrows(SQLException.class,
        () -> DriverManager.getConnection(a.jdbcUrl(), a.user(), a.password()).close());
    assertTrue(gone.getMessage().contains("does not exist"), gone.getMessage());
  }
}
