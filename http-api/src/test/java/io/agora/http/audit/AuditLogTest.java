package io.agora.http.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.typesafe.config.ConfigFactory;
import io.agora.http.audit.AuditLog.AuditEntry;
import java.time.Instant;
import org.apache.pekko.Done;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.pattern.StatusReply;
import org.apache.pekko.persistence.testkit.javadsl.EventSourcedBehaviorTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

class AuditLogTest {
  static final ActorTestKit testKit = ActorTestKit.create(
      EventSourcedBehaviorTestKit.config().withFallback(ConfigFactory.load()).resolve());

  @AfterAll
  static void stop() {
    testKit.shutdownTestKit();
  }

  static AuditEntry entry(int i) {
    return new AuditEntry(0, Instant.ofEpochSecond(i), "ann", "admin", "acme", "accounts.create", "POST",
        "/api/v1/accounts", "{}", 201, "success");
  }

  @Test
  void recordsInOrderKeepsTheRecentOnesAndPages() {
    EventSourcedBehaviorTestKit<AuditLog.Command, AuditLog.Event, AuditLog.State> kit =
        EventSourcedBehaviorTestKit.create(testKit.system(), AuditLog.create("acme", 3));
    for (int i = 1; i <= 5; i++) {
      final int n = i;
      var r = kit.<StatusReply<Done>>runCommand(ref -> new AuditLog.Record(entry(n), ref));
      assertEquals(n, ((AuditLog.Recorded) r.event()).entry().seq());
    }
    AuditLog.Page page = kit.<AuditLog.Page>runCommand(r -> new AuditLog.Query(10, 0, r)).reply();
    assertEquals(5, page.total());
    assertEquals(3, page.entries().size(), "only the last 3 are kept in memory");
    assertEquals(5, page.entries().get(0).seq(), "newest first");
    assertEquals(4, kit.<AuditLog.Page>runCommand(r -> new AuditLog.Query(1, 5, r)).reply().entries().get(0).seq());
    kit.restart();
    assertEquals(5, kit.<AuditLog.Page>runCommand(r -> new AuditLog.Query(10, 0, r)).reply().total());
    assertEquals(6, ((AuditLog.Recorded) kit.<StatusReply<Done>>runCommand(ref -> new AuditLog.Record(entry(6), ref))
        .event()).entry().seq());
  }
}
