package io.agora.agents;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agora.agents.execution.ExecutionAgent;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ProjectionTagsTest {

  @Test
  void oneTagPerEntityFromAFixedSet() {
    ProjectionTags tags = new ProjectionTags("execution", 4);
    assertEquals(List.of("execution-0", "execution-1", "execution-2", "execution-3"), tags.all());
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < 200; i++) {
      String id = ExecutionAgent.entityId("t", "acc" + i, "paper");
      String tag = tags.tagFor(id);
      assertTrue(tags.all().contains(tag), tag);
      assertEquals(Set.of(tag), tags.tagsFor(id));
      assertEquals(tag, tags.tagFor(id));
      seen.add(tag);
    }
    assertEquals(4, seen.size(), "200 entities use every tag");
  }

  @Test
  void tagsAreFixedFactsOfTheJournal() {
    // Pinned values: the tag is written with every event, so the same entity must get the same tag on every node and
    // JVM (String.hashCode is specified), and the set must not change under existing journals.
    assertEquals("execution-3", ExecutionAgent.TAGS.tagFor("acme|acc-1|paper"));
    assertEquals("execution-0", ExecutionAgent.TAGS.tagFor("demo|main|binance"));
    assertEquals(new ProjectionTags("execution", 4), ExecutionAgent.TAGS);
  }

  @Test
  void invalidTagSets() {
    assertThrows(IllegalArgumentException.class, () -> new ProjectionTags("Execution", 4));
    assertThrows(IllegalArgumentException.class, () -> new ProjectionTags("execution", 0));
    assertThrows(IndexOutOfBoundsException.class, () -> new ProjectionTags("execution", 4).tag(4));
  }
}
