package io.agora.agents.readside;

import io.agora.agents.ProjectionTags;
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
import org.apache.pekko.projection.javadsl.ExactlyOnceProjection;
import org.apache.pekko.projection.javadsl.SourceProvider;
import org.apache.pekko.projection.jdbc.javadsl.JdbcHandler;
import org.apache.pekko.projection.jdbc.javadsl.JdbcProjection;

/**
 * One projection of the read side: the events of one tagged entity kind, read by tag from the JDBC journal and
 * written to tables by a {@link RowWriter}, exactly once (each event's table updates and its offset in one
 * transaction). It runs as one instance per tag; {@link ReadSide} starts the instances as a sharded daemon process.
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

  /** Instance {@code index}: the events of tag {@code index}, each in its own transaction with its offset. */
  ExactlyOnceProjection<Offset, EventEnvelope<E>> instance(ActorSystem<?> system, int index, DataSource dataSource) {
    SourceProvider<Offset, EventEnvelope<E>> source =
        EventSourcedProvider.eventsByTag(system, JdbcReadJournal.Identifier(), tags.tag(index));
    return JdbcProjection.exactlyOnce(id(index), source, () -> ConnectionSession.open(dataSource),
        () -> handler(writer.get()), system);
  }

  private static <E> JdbcHandler<EventEnvelope<E>, ConnectionSession> handler(RowWriter<E> writer) {
    return new JdbcHandler<>() {
      @Override
      public void process(ConnectionSession session, EventEnvelope<E> envelope) throws Exception {
        session.withConnection(c -> {
          writer.write(c, envelope);
          return null;
        });
      }
    };
  }
}
