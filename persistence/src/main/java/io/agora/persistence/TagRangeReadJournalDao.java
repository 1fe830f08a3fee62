package io.agora.persistence;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.apache.pekko.NotUsed;
import org.apache.pekko.persistence.PersistentRepr;
import org.apache.pekko.persistence.jdbc.PekkoSerialization;
import org.apache.pekko.persistence.jdbc.config.ReadJournalConfig;
import org.apache.pekko.persistence.jdbc.journal.dao.JournalTables.JournalPekkoSerializationRow;
import org.apache.pekko.persistence.jdbc.query.dao.DefaultReadJournalDao;
import org.apache.pekko.serialization.Serialization;
import org.apache.pekko.stream.Materializer;
import org.apache.pekko.stream.scaladsl.Source;
import scala.Option;
import scala.Tuple3;
import scala.concurrent.ExecutionContext;
import scala.concurrent.Future;
import scala.util.Try;
import slick.jdbc.JdbcBackend;
import slick.jdbc.JdbcProfile;
import slick.jdbc.SimpleJdbcAction;

/**
 * pekko-persistence-jdbc's read journal, with events by tag found through {@code event_tag (tag, event_id)}.
 *
 * <p>Why: the library's query puts the offset range on {@code event_journal.ordering} and joins {@code event_tag} on
 * {@code event_id = ordering}. PostgreSQL does not carry a range across a join's equality, so every poll of every
 * projection read all rows of its tag (a merge or hash join), a cost that grew with the journal: 3 ms per poll at
 * 6.8 k rows of a tag after a minute of load, and more each hour. Here the range is on {@code event_id} itself, so the
 * index (migration V4) gives the poll's new rows only. Rows, order ({@code ordering}), limit and deserialization are
 * the library's; tags are not filled in, as the library does not either.
 *
 * <p>Configured by {@link DbSettings#toConfig()} for PostgreSQL ({@code jdbc-read-journal.dao}).
 */
public class TagRangeReadJournalDao extends DefaultReadJournalDao {

  private static final String QUERY = "SELECT j.ordering, j.deleted, j.persistence_id, j.sequence_number, j.writer,"
      + " j.write_timestamp, j.adapter_manifest, j.event_payload, j.event_ser_id, j.event_ser_manifest,"
      + " j.meta_payload, j.meta_ser_id, j.meta_ser_manifest"
      + " FROM event_tag t JOIN event_journal j ON j.ordering = t.event_id"
      + " WHERE t.tag = ? AND t.event_id > ? AND t.event_id <= ? AND j.deleted = false"
      + " ORDER BY t.event_id LIMIT ?";

  private final JdbcBackend.JdbcDatabaseDef database;
  private final Serialization serialization;

  public TagRangeReadJournalDao(JdbcBackend.JdbcDatabaseDef db, JdbcProfile profile, ReadJournalConfig config,
      Serialization serialization, ExecutionContext ec, Materializer mat) {
    super(db, profile, config, serialization, ec, mat);
    this.database = db;
    this.serialization = serialization;
    BatchedTagsJournalDao.requireDefaultNames(config.eventJournalTableConfiguration(),
        config.eventTagTableConfiguration(), TagRangeReadJournalDao.class);
  }

  @Override
  public Source<Try<Tuple3<PersistentRepr, scala.collection.immutable.Set<String>, Object>>, NotUsed> eventsByTag(
      String tag, long offset, long maxOffset, long max) {
    SimpleJdbcAction<List<JournalPekkoSerializationRow>> action = new SimpleJdbcAction<>(ctx -> {
      try {
        return rows(ctx.connection(), tag, offset, maxOffset, max);
      } catch (SQLException e) {
        throw new IllegalStateException("events by tag " + tag + " after " + offset + ": " + e.getMessage(), e);
      }
    });
    @SuppressWarnings({"unchecked", "rawtypes"}) // Scala's effect type is contravariant; Java's generics cannot say so
    Future<List<JournalPekkoSerializationRow>> rows = database.run((slick.dbio.DBIOAction) action);
    scala.collection.immutable.Set<String> noTags = scala.collection.immutable.Set$.MODULE$.empty();
    return org.apache.pekko.stream.javadsl.Source.completionStage(scala.jdk.javaapi.FutureConverters.asJava(rows))
        .mapConcat(list -> list)
        .map(row -> PekkoSerialization.fromRow(serialization, row)
            .map(t -> new Tuple3<PersistentRepr, scala.collection.immutable.Set<String>, Object>(t._1(), noTags,
                t._2())))
        .asScala();
  }

  private static List<JournalPekkoSerializationRow> rows(Connection c, String tag, long offset, long maxOffset,
      long max) throws SQLException {
    List<JournalPekkoSerializationRow> out = new ArrayList<>();
    try (PreparedStatement st = c.prepareStatement(QUERY)) {
      st.setString(1, tag);
      st.setLong(2, offset);
      st.setLong(3, maxOffset);
      st.setLong(4, max);
      try (ResultSet rs = st.executeQuery()) {
        while (rs.next()) {
          byte[] meta = rs.getBytes(11);
          int metaSerId = rs.getInt(12);
          boolean noMetaSerId = rs.wasNull();
          out.add(new JournalPekkoSerializationRow(rs.getLong(1), rs.getBoolean(2), rs.getString(3), rs.getLong(4),
              rs.getString(5), rs.getLong(6), rs.getString(7), rs.getBytes(8), rs.getInt(9), rs.getString(10),
              Option.apply(meta), noMetaSerId ? Option.empty() : Option.apply((Object) metaSerId),
              Option.apply(rs.getString(13))));
        }
      }
    }
    return out;
  }

}
