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

  /** Every tag, in index order: the instances of the projection. */
  public List<String> all() {
    List<String> tags = new ArrayList<>(count);
    for (int i = 0; i < count; i++) tags.add(tag(i));
    return List.copyOf(tags);
  }
}
