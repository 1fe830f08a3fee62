package io.agora.agents;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The tags of one entity kind's events, {@code <prefix>-0} to {@code <prefix>-(count-1)}: each event gets exactly one,
 * chosen by the hash of its entity id, so an events-by-tag projection over that kind runs as {@code count} instances
 * (a sharded daemon process, one instance per tag) and all events of one entity stay in one instance, in order.
 *
 * <p>The tag is written into the journal with every event, so {@code count} is a constant of the entity kind, not a
 * setting: changing it later would split an entity's history over two tags and two instances. Each tag costs a row
 * in {@code event_tag} per event (about 4.5× on batched writes), so only entity kinds a projection reads get tags.
 */
public record ProjectionTags(String prefix, int count) {

  private static final Pattern PREFIX = Pattern.compile("[a-z][a-z0-9-]{0,60}");

  public ProjectionTags {
    Objects.requireNonNull(prefix, "prefix");
    if (!PREFIX.matcher(prefix).matches()) {
      throw new IllegalArgumentException("tag prefix must match " + PREFIX.pattern() + ", was '" + prefix + "'");
    }
    if (count < 1 || count > 256) throw new IllegalArgumentException("tag count must be 1..256, was " + count);
  }

  /** The one tag of every event of {@code entityId}. */
  public String tagFor(String entityId) {
    // String.hashCode is specified by the Java API, so every node and every JVM version picks the same tag.
    return tag(Math.floorMod(entityId.hashCode(), count));
  }

  /** {@link #tagFor} as the set {@code EventSourcedBehavior.tagsFor} returns. */
  public Set<String> tagsFor(String entityId) {
    return Set.of(tagFor(entityId));
  }

  public String tag(int index) {
    if (index < 0 || index >= count) throw new IndexOutOfBoundsException("tag index " + index + " of " + count);
    return prefix + "-" + index;
  }

  /**
   * The journal plugin of entity kinds whose events carry projection tags ({@code agora.persistence.tagged-journal};
   * empty: the default journal).
   *
   * <p>Why a journal of their own: pekko-persistence-jdbc writes a batch that holds any tagged event row by row,
   * reading each row's {@code ordering} back for its {@code event_tag} row, and its write queue batches the writes
   * of all entities together. Sharing that queue, one tagged event made every untagged write beside it a separate
   * round trip to the database. A second plugin instance on the same tables and connection pool keeps the untagged
   * kinds' writes in multi-row batches. A persistence id must always be written through the same plugin: entity kinds
   * do not move between the two once they have events (both read the same tables, so recovery does not care).
   */
  public static String journalPluginId(org.apache.pekko.actor.typed.ActorSystem<?> system) {
    return system.settings().config().getString("agora.persistence.tagged-journal");
  }

  /** Every tag, in index order: the instances of the projection. */
  public List<String> all() {
    List<String> tags = new ArrayList<>(count);
    for (int i = 0; i < count; i++) tags.add(tag(i));
    return List.copyOf(tags);
  }
}
