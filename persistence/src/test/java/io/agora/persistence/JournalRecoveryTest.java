package io.agora.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import io.agora.persistence.testing.TestDatabases;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Events go through the real jdbc journal; a second ActorSystem on the same database recovers the same state. */
class JournalRecoveryTest {

  private static final Duration TIMEOUT = Duration.ofSeconds(20);
  private static final int EVENTS = 12;

  @TempDir Path dir;

  @Test
  void h2FromEvents() throws SQLException {
    recover(TestDatabases.h2(dir), 0);
  }

  @Test
  void h2FromSnapshot() throws SQLException {
    recover(TestDatabases.h2(dir), 5);
  }

  @Test
  void postgresFromEvents() throws SQLException {
    DbSettings db = TestDatabases.postgres();
    try {
      recover(db, 0);
    } finally {
      TestDatabases.close(db);
    }
  }

  @Test
  void postgresFromSnapshot() throws SQLException {
    DbSettings db = TestDatabases.postgres();
    try {
      recover(db, 5);
    } finally {
      TestDatabases.close(db);
    }
  }

  private static void recover(DbSettings db, int snapshotEvery) throws SQLException {
    Migrations.migrate(db);
    Config config = db.toConfig();
    Counter.State expected = new Counter.State(0, 0);

    ActorTestKit first = ActorTestKit.create("journal-first", config);
    try {
      TestProbe<Counter.State> replies = first.createTestProbe();
      TestProbe<Long> snapshots = first.createTestProbe();
      ActorRef<Counter.Command> counter = first.spawn(Counter.create("c-1", snapshotEvery, snapshots.ref()));
      for (int i = 1; i <= EVENTS; i++) {
        counter.tell(new Counter.Add(i, replies.ref()));
        expected = expected.add(i);
        replies.expectMessage(TIMEOUT, expected);
      }
      if (snapshotEvery > 0) {
        // Snapshots are written after the reply: wait for them before the system goes away.
        for (long seqNr = snapshotEvery; seqNr <= EVENTS; seqNr += snapshotEvery) {
          snapshots.expectMessage(TIMEOUT, seqNr);
        }
      }
    } finally {
      first.shutdownTestKit();
    }

    long lastSnapshot = snapshotEvery > 0 ? (EVENTS / snapshotEvery) * snapshotEvery : 0;
    try (Connection c = DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password())) {
      assertEquals(EVENTS, count(c, "SELECT COUNT(*) FROM event_journal WHERE persistence_id = 'Counter|c-1'"));
      if (snapshotEvery > 0) {
        assertEquals(lastSnapshot, count(c,
            "SELECT MAX(sequence_number) FROM snapshot WHERE persistence_id = 'Counter|c-1'"));
        // Without the snapshotted events, only the snapshot can give the right state back.
        try (PreparedStatement st = c.prepareStatement(
            "DELETE FROM event_journal WHERE persistence_id = 'Counter|c-1' AND sequence_number <= ?")) {
          st.setLong(1, lastSnapshot);
          assertEquals(lastSnapshot, st.executeUpdate());
        }
      }
    }

    ActorTestKit second = ActorTestKit.create("journal-second", config);
    try {
      TestProbe<Counter.State> replies = second.createTestProbe();
      TestProbe<Long> snapshots = second.createTestProbe();
      ActorRef<Counter.Command> counter = second.spawn(Counter.create("c-1", snapshotEvery, snapshots.ref()));
      counter.tell(new Counter.Get(replies.ref()));
      replies.expectMessage(TIMEOUT, expected);
      // Sequence numbers continue after recovery: a clash with a stored event would fail this persist.
      counter.tell(new Counter.Add(100, replies.ref()));
      replies.expectMessage(TIMEOUT, expected.add(100));
    } finally {
      second.shutdownTestKit();
    }
  }

  private static long count(Connection c, String sql) throws SQLException {
    try (ResultSet rs = c.createStatement().executeQuery(sql)) {
      assertTrue(rs.next());
      return rs.getLong(1);
    }
  }
}
