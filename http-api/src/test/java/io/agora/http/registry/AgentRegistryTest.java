package io.agora.http.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import io.agora.http.registry.AgentRegistry.Kind;
import java.time.Instant;
import java.util.Map;
import org.apache.pekko.Done;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.pattern.StatusReply;
import org.apache.pekko.persistence.testkit.javadsl.EventSourcedBehaviorTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

class AgentRegistryTest {
  static final ActorTestKit testKit = ActorTestKit.create(
      EventSourcedBehaviorTestKit.config().withFallback(ConfigFactory.load()).resolve());
  static final Instant T = Instant.parse("2026-01-01T00:00:00Z");

  @AfterAll
  static void stop() {
    testKit.shutdownTestKit();
  }

  @Test
  void registersOnceListsAndSurvivesARestart() {
    EventSourcedBehaviorTestKit<AgentRegistry.Command, AgentRegistry.Event, AgentRegistry.State> kit =
        EventSourcedBehaviorTestKit.create(testKit.system(), AgentRegistry.create("acme"));
    var first = kit.<StatusReply<AgentRegistry.Entry>>runCommand(r -> new AgentRegistry.Register(Kind.STRATEGY, "s1",
        Map.of("strategy", "EmaCrossover"), "ann", T, r));
    assertTrue(first.reply().isSuccess());
    assertEquals(new AgentRegistry.Registered("acme", first.reply().getValue()), first.event());
    var again = kit.<StatusReply<AgentRegistry.Entry>>runCommand(r -> new AgentRegistry.Register(Kind.STRATEGY, "s1",
        Map.of(), "bob", T, r));
    assertTrue(again.reply().isError());
    assertTrue(again.reply().getError().getMessage().contains(AgentRegistry.ALREADY_EXISTS));
    assertTrue(again.hasNoEvents());
    // an account may share the name: kinds are separate
    assertTrue(kit.<StatusReply<AgentRegistry.Entry>>runCommand(r -> new AgentRegistry.Register(Kind.ACCOUNT, "s1",
        Map.of(), "ann", T, r)).reply().isSuccess());
    kit.restart();
    assertEquals("ann", kit.<AgentRegistry.Found>runCommand(r -> new AgentRegistry.Lookup(Kind.STRATEGY, "s1", r))
        .reply().entry().createdBy());
    assertEquals(2, kit.<AgentRegistry.Entries>runCommand(r -> new AgentRegistry.ListEntries(null, r))
        .reply().entries().size());
    var gone = kit.<StatusReply<Done>>runCommand(r -> new AgentRegistry.Unregister(Kind.STRATEGY, "s1", "refused",
        "ann", T, r));
    assertTrue(gone.reply().isSuccess());
    assertNull(kit.<AgentRegistry.Found>runCommand(r -> new AgentRegistry.Lookup(Kind.STRATEGY, "s1", r))
        .reply().entry());
    assertEquals(1, kit.<AgentRegistry.Entries>runCommand(r -> new AgentRegistry.ListEntries(Kind.ACCOUNT, r))
        .reply().entries().size());
  }
}
