package io.agora.agents.readside;

import java.sql.Connection;
import java.sql.SQLException;
import org.apache.pekko.projection.eventsourced.EventEnvelope;

/**
 * Writes the effect of one event on read-side tables. It runs inside the projection's transaction, which also stores
 * the event's offset and is committed by the projection: a writer never commits, rolls back or closes the connection,
 * and a thrown exception rolls the event back and restarts the projection (with backoff) from the last stored offset.
 *
 * <p>One projection instance reads one tag, so one writer sees all events of an entity in order, and no other writer
 * touches that entity's rows concurrently.
 *
 * @param <E> the entity's event type
 */
@FunctionalInterface
public interface RowWriter<E> {

  void write(Connection connection, EventEnvelope<E> envelope) throws SQLException;

  /**
   * The effect of a group of events, in order, in the same transaction. By default one {@link #write} per event; a
   * writer may read and write the group's rows at once instead (fewer statements), with the same final rows.
   */
  default void writeAll(Connection connection, java.util.List<EventEnvelope<E>> envelopes) throws SQLException {
    for (EventEnvelope<E> envelope : envelopes) write(connection, envelope);
  }
}
