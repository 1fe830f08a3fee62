package io.agora.agents.readside;

import io.agora.agents.ProjectionTags;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.persistence.jdbc.query.javadsl.JdbcReadJournal;
import org.apache.pekko.persistence.query.Offset;
import org.apache.pekko.projection.ProjectionId;
import org.apache.pekko.projection.eventsourced.EventEnvelope;
import org.apache.pekko.projection.eventsourced.javadsl.EventSourcedProvider;
import org.apache.pekko.projection.javadsl.GroupedProjection;
import org.apache.pekko.projection.javadsl.SourceProvider;
import org.apache.pekko.projection.jdbc.javadsl.JdbcHandler;
import org.apache.pekko.projection.jdbc.javadsl.JdbcProjection;

/**
 * One projection of the read side: the events of one tagged entity kind, read by tag from the JDBC journal and
 * written to tables by a {@link RowWriter}, exactly once (a group of events' table updates and the group's last
 * offset in one transaction). It runs as one instance per tag; {@link ReadSide} starts the instances as a sharded daemon process.
 *
 * <p>Adding a projection (the equity curve, say) is a writer, the entity's {@code tagsFor} with its own
 * {@link ProjectionTags}, and one entry in {@link ReadSide#PROJECTIONS}.
 *
 * @param name the projection's name: its offsets are stored under it (one row per tag), so it never changes
 * @param tags the entity kind's tags, one instance per tag
 * @param writer makes the writer of one instance (a fresh one per projection (re)start)
 * @param <E> the entity's event type
 */
public record ReadSideProjection<E>(String name, ProjectionTags tags, Supplier<RowWriter<E>> writer) {

  private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9-]{0,100}");

  public ReadSideProjection {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(tags, "tags");
    Objects.requireNonNull(writer, "writer");
    if (!NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("projection name must match " + NAME.pattern() + ", was '" + name + "'");
    }
  }

  /** The offsets of instance {@code index} are stored under this id. */
  public ProjectionId id(int index) {
    return ProjectionId.of(name, tags.tag(index));
  }

  /** Events written in one transaction (with their offset) at most, and the longest a group waits to fill. */
  static final int GROUP_SIZE = 100;
  static final Duration GROUP_WAIT = Duration.ofMillis(200);

  /**
   * Instance {@code index}: the events of tag {@code index}, written in groups (up to {@link #GROUP_SIZE} events or
   * {@link #GROUP_WAIT}), each group's rows and its last offset in one transaction: exactly once, with one commit per
   * group instead of per event (a commit is what an event cost on H2).
   */
  GroupedProjection<Offset, EventEnvelope<E>> instance(ActorSystem<?> system, int index, DataSource dataSource) {
    SourceProvider<Offset, EventEnvelope<E>> source =
        EventSourcedProvider.eventsByTag(system, JdbcReadJournal.Identifier(), tags.tag(index));
    return JdbcProjection.groupedWithin(id(index), source, () -> ConnectionSession.open(dataSource),
        () -> handler(writer.get()), system).withGroup(GROUP_SIZE, GROUP_WAIT);
  }

  private static <E> JdbcHandler<List<EventEnvelope<E>>, ConnectionSession> handler(RowWriter<E> writer) {
    return new JdbcHandler<>() {
      @Override
      public void process(ConnectionSession session, List<EventEnvelope<E>> envelopes) throws Exception {
        session.withConnection(c -> {
          writer.writeAll(c, envelopes);
          return null;
        });
      }
    };
  }
}
