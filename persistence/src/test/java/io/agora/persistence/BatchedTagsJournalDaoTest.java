package io.agora.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.agora.persistence.testing.TestDatabases;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.persistence.jdbc.query.javadsl.JdbcReadJournal;
import org.apache.pekko.persistence.query.EventEnvelope;
import org.apache.pekko.persistence.query.NoOffset;
import org.apache.pekko.persistence.query.PersistenceQuery;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.apache.pekko.persistence.typed.javadsl.CommandHandler;
import org.apache.pekko.persistence.typed.javadsl.EventHandler;
import org.apache.pekko.persistence.typed.javadsl.EventSourcedBehavior;
import org.apache.pekko.stream.javadsl.Sink;
import org.junit.jupiter.api.Test;

/**
 * The PostgreSQL journal's batched writes of tagged events: many entities persisting at once, so the journal's queue
 * mixes tagged and untagged rows of several entities in one batch. Every event must land once, with exactly its own
 * tags, in sequence order within its entity; events by tag and recovery must give them back.
 */
class BatchedTagsJournalDaoTest {

  private static final Duration TIMEOUT = Duration.ofSeconds(30);
  private static final int ENTITIES = 16;
  private static final int COMMANDS = 20;
  private static final int EVENTS_PER_COMMAND = 3;

  /** Event {@code n} of entity {@code e}: tagged "odd" when n is odd, also "e-<entity>" when n is a multiple of 3. */
  static Set<String> tagsOf(String entity, long n) {
    Set<String> tags = new java.util.TreeSet<>();
    if (n % 2 == 1) tags.add("odd");
    if (n % 3 == 0) tags.add("e-" + entity);
    return tags;
  }

  record Append(ActorRef<Long> replyTo) implements CborSerializable {}

  record Appended(long n) implements CborSerializable {}

  static final class Tagged extends EventSourcedBehavior<Append, Appended, Long> {
    private final String entity;

    Tagged(String entity) {
      super(PersistenceId.of("Tagged", entity));
      this.entity = entity;
    }

    static Behavior<Append> create(String entity) {
      return new Tagged(entity);
    }

    @Override
    public Long emptyState() {
      return 0L;
    }

    @Override
    public CommandHandler<Append, Appended, Long> commandHandler() {
      return newCommandHandlerBuilder().forAnyState().onCommand(Append.class, (s, c) -> {
        List<Appended> events = new ArrayList<>();
        for (int i = 1; i <= EVENTS_PER_COMMAND; i++) events.add(new Appended(s + i));
        return Effect().persist(events).thenReply(c.replyTo(), ns -> ns);
      }).build();
    }

    @Override
    public EventHandler<Long, Appended> eventHandler() {
      return newEventHandlerBuilder().forAnyState().onEvent(Appended.class, (s, e) -> e.n()).build();
    }

    @Override
    public Set<String> tagsFor(Appended event) {
      return tagsOf(entity, event.n());
    }
  }

  @Test
  void tagsOfConcurrentWritesLandWithTheirEvents() throws Exception {
    DbSettings db = TestDatabases.postgres();
    try {
      Migrations.migrate(db);
      Config config = db.toConfig().withFallback(ConfigFactory.load()).resolve();
      assertEquals(BatchedTagsJournalDao.class.getName(), config.getString("jdbc-journal.dao"));
      assertEquals(TagRangeReadJournalDao.class.getName(), config.getString("jdbc-read-journal.dao"));
      long total = ENTITIES * (long) COMMANDS * EVENTS_PER_COMMAND;

      ActorTestKit first = ActorTestKit.create("batched-tags", config);
      try {
        TestProbe<Long> replies = first.createTestProbe();
        List<ActorRef<Append>> refs = new ArrayList<>();
        for (int e = 0; e < ENTITIES; e++) refs.add(first.spawn(Tagged.create("x" + e)));
        // every entity has a command in flight at once: the journal batches them together
        for (int round = 0; round < COMMANDS; round++) {
          for (ActorRef<Append> ref : refs) ref.tell(new Append(replies.ref()));
          for (int e = 0; e < ENTITIES; e++) replies.expectMessageClass(Long.class, TIMEOUT);
        }

        try (Connection c = DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password())) {
          assertEquals(total, count(c, "SELECT COUNT(*) FROM event_journal WHERE persistence_id LIKE 'Tagged|%'"));
          // each tag row points at an event whose tags include it, and each event has all of its tags
          Map<String, Set<String>> found = new HashMap<>();
          try (ResultSet rs = c.createStatement().executeQuery("SELECT j.persistence_id, j.sequence_number, t.tag"
              + " FROM event_tag t JOIN event_journal j ON j.ordering = t.event_id")) {
            while (rs.next()) {
              found.computeIfAbsent(rs.getString(1) + "#" + rs.getLong(2), k -> new java.util.TreeSet<>())
                  .add(rs.getString(3));
            }
          }
          long taggedEvents = 0;
          for (int e = 0; e < ENTITIES; e++) {
            for (long n = 1; n <= COMMANDS * EVENTS_PER_COMMAND; n++) {
              Set<String> want = tagsOf("x" + e, n);
              if (!want.isEmpty()) taggedEvents++;
              assertEquals(want, found.getOrDefault("Tagged|x" + e + "#" + n, Set.of()), "tags of x" + e + " #" + n);
            }
          }
          assertEquals(taggedEvents, found.size());
          // within an entity, ordering grows with the sequence number (events by tag deliver an entity in order)
          assertEquals(0, count(c, "SELECT COUNT(*) FROM event_journal a JOIN event_journal b"
              + " ON a.persistence_id = b.persistence_id AND a.sequence_number < b.sequence_number"
              + " AND a.ordering > b.ordering"));
        }

        JdbcReadJournal journal = PersistenceQuery.get(first.system())
            .getReadJournalFor(JdbcReadJournal.class, JdbcReadJournal.Identifier());
        List<EventEnvelope> odd = journal.currentEventsByTag("odd", NoOffset.getInstance())
            .runWith(Sink.seq(), first.system()).toCompletableFuture().get(30, TimeUnit.SECONDS);
        assertEquals(total / 2, odd.size(), "half of the events are odd");
        for (EventEnvelope env : odd) assertEquals(1, ((Appended) env.event()).n() % 2);
        // from an offset: only the events after it, in order (TagRangeReadJournalDao puts the range on event_id)
        long middle = ((org.apache.pekko.persistence.query.Sequence) odd.get(odd.size() / 2).offset()).value();
        List<EventEnvelope> later = journal.currentEventsByTag("odd", org.apache.pekko.persistence.query.Offset
                .sequence(middle)).runWith(Sink.seq(), first.system()).toCompletableFuture().get(30, TimeUnit.SECONDS);
        assertEquals(odd.subList(odd.size() / 2 + 1, odd.size()).stream().map(EventEnvelope::offset).toList(),
            later.stream().map(EventEnvelope::offset).toList());
        List<EventEnvelope> own = journal.currentEventsByTag("e-x3", NoOffset.getInstance())
            .runWith(Sink.seq(), first.system()).toCompletableFuture().get(30, TimeUnit.SECONDS);
        assertEquals(COMMANDS * EVENTS_PER_COMMAND / 3, own.size());
        long last = 0;
        for (EventEnvelope env : own) {
          assertEquals("Tagged|x3", env.persistenceId());
          assertTrue(env.sequenceNr() > last, "in sequence order");
          last = env.sequenceNr();
        }
      } finally {
        first.shutdownTestKit();
      }

      ActorTestKit second = ActorTestKit.create("batched-tags-recovery", config);
      try {
        TestProbe<Long> replies = second.createTestProbe();
        ActorRef<Append> ref = second.spawn(Tagged.create("x7"));
        ref.tell(new Append(replies.ref()));
        replies.expectMessage(TIMEOUT, (long) (COMMANDS + 1) * EVENTS_PER_COMMAND);
      } finally {
        second.shutdownTestKit();
      }
    } finally {
      TestDatabases.close(db);
    }
  }

  @Test
  void otherTableNamesAreRefusedClearly() {
    Config config = ConfigFactory.parseString("jdbc-journal.tables.event_journal.tableName = journal_v2")
        .withFallback(ConfigFactory.load()).resolve();
    org.apache.pekko.persistence.jdbc.config.JournalConfig journal =
        new org.apache.pekko.persistence.jdbc.config.JournalConfig(config.getConfig("jdbc-journal"));
    IllegalStateException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
        () -> BatchedTagsJournalDao.requireDefaultNames(journal.eventJournalTableConfiguration(),
            journal.eventTagTableConfiguration(), TagRangeReadJournalDao.class));
    assertTrue(e.getMessage().contains("TagRangeReadJournalDao") && e.getMessage().contains("remove its 'dao'"),
        e.getMessage());
    // the defaults pass
    org.apache.pekko.persistence.jdbc.config.JournalConfig defaults =
        new org.apache.pekko.persistence.jdbc.config.JournalConfig(ConfigFactory.load().getConfig("jdbc-journal"));
    BatchedTagsJournalDao.requireDefaultNames(defaults.eventJournalTableConfiguration(),
        defaults.eventTagTableConfiguration(), BatchedTagsJournalDao.class);
  }

  private static long count(Connection c, String sql) throws SQLException {
    try (ResultSet rs = c.createStatement().executeQuery(sql)) {
      assertTrue(rs.next());
      return rs.getLong(1);
    }
  }
}
