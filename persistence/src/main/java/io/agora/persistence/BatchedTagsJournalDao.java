package io.agora.persistence;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.pekko.persistence.jdbc.config.EventJournalTableConfiguration;
import org.apache.pekko.persistence.jdbc.config.EventTagTableConfiguration;
import org.apache.pekko.persistence.jdbc.config.JournalConfig;
import org.apache.pekko.persistence.jdbc.journal.dao.DefaultJournalDao;
import org.apache.pekko.persistence.jdbc.journal.dao.JournalTables.JournalPekkoSerializationRow;
import org.apache.pekko.serialization.Serialization;
import org.apache.pekko.stream.Materializer;
import scala.Tuple2;
import scala.collection.immutable.Seq;
import scala.collection.immutable.Set;
import scala.concurrent.ExecutionContext;
import scala.concurrent.Future;
import scala.runtime.BoxedUnit;
import slick.jdbc.JdbcBackend;
import slick.jdbc.JdbcProfile;
import slick.jdbc.SimpleJdbcAction;

/**
 * pekko-persistence-jdbc's journal, with tagged events written in batches on PostgreSQL.
 *
 * <p>Why: the library writes a batch that holds any tagged event with one {@code INSERT ... RETURNING ordering} per
 * row (Slick cannot batch a returning insert), because each {@code event_tag} row needs its event's {@code ordering}.
 * Its write queue gathers the writes of many entities into one batch, so a single tagged event made every row of the
 * batch a separate round trip: with the read side's tagged entity kinds that was about 40 % of the agents' order
 * capacity on 2 cores. Here a batch with tags is one multi-row {@code INSERT ... RETURNING ordering, persistence_id,
 * sequence_number} and one multi-row {@code INSERT} into {@code event_tag}, in one transaction on a connection of
 * Slick's pool (through {@code db.run}, so the pool's accounting holds). Rows without tags anywhere in the batch keep
 * the library's own path. The rows, their columns, their order (sorted by sequence number, as the library does, so an
 * entity's events get increasing {@code ordering}) and the all-or-nothing transaction are the library's; only the
 * number of statements changes. Returned orderings are matched to rows by persistence id and sequence number, not by
 * position.
 *
 * <p>Configured by {@link DbSettings#toConfig()} for PostgreSQL ({@code jdbc-journal.dao}); H2 keeps the library's DAO.
 * It expects the default table and column names, which the migrations create, and refuses others when it starts.
 */
public class BatchedTagsJournalDao extends DefaultJournalDao {

  /** Rows per statement: 12 parameters each, well under PostgreSQL's 65,535 bind parameters. */
  private static final int CHUNK = 500;
  private static final String COLUMNS = "deleted, persistence_id, sequence_number, writer, write_timestamp,"
      + " adapter_manifest, event_ser_id, event_ser_manifest, event_payload, meta_ser_id, meta_ser_manifest, meta_payload";
  private static final String ROW = "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

  private final JdbcBackend.JdbcDatabaseDef database;

  public BatchedTagsJournalDao(JdbcBackend.JdbcDatabaseDef db, JdbcProfile profile, JournalConfig journalConfig,
      Serialization serialization, ExecutionContext ec, Materializer mat) {
    super(db, profile, journalConfig, serialization, ec, mat);
    this.database = db;
    requireDefaultNames(journalConfig.eventJournalTableConfiguration(), journalConfig.eventTagTableConfiguration(),
        BatchedTagsJournalDao.class);
  }

  /** The DAOs here write and read the default tables, as the migrations create them. */
  static void requireDefaultNames(EventJournalTableConfiguration j, EventTagTableConfiguration t, Class<?> dao) {
    boolean defaults = j.tableName().equals("event_journal") && j.schemaName().isEmpty()
        && j.columnNames().ordering().equals("ordering") && j.columnNames().persistenceId().equals("persistence_id")
        && j.columnNames().sequenceNumber().equals("sequence_number") && t.tableName().equals("event_tag")
        && t.schemaName().isEmpty() && t.columnNames().eventId().equals("event_id")
        && t.columnNames().tag().equals("tag");
    if (!defaults) {
      throw new IllegalStateException(dao.getName() + " uses the default tables event_journal and event_tag (as the"
          + " migrations create them); this plugin is configured with other table or column names: remove its 'dao'"
          + " setting to use the library's DAO");
    }
  }

  @Override
  public Future<BoxedUnit> writeJournalRows(Seq<Tuple2<JournalPekkoSerializationRow, Set<String>>> xs) {
    if (!xs.exists(t -> t._2().nonEmpty())) return super.writeJournalRows(xs);
    List<Tuple2<JournalPekkoSerializationRow, Set<String>>> sorted = new ArrayList<>(xs.size());
    xs.foreach(t -> sorted.add(t));
    sorted.sort(Comparator.comparingLong(t -> t._1().sequenceNumber())); // stable, as the library's sortBy
    List<JournalPekkoSerializationRow> rows = new ArrayList<>(sorted.size());
    List<Set<String>> tags = new ArrayList<>(sorted.size());
    for (Tuple2<JournalPekkoSerializationRow, Set<String>> t : sorted) {
      rows.add(t._1());
      tags.add(t._2());
    }
    SimpleJdbcAction<BoxedUnit> action = new SimpleJdbcAction<>(ctx -> {
      try {
        inTransaction(ctx.connection(), rows, tags);
      } catch (SQLException e) {
        throw new JournalWriteException(e);
      }
      return BoxedUnit.UNIT;
    });
    // Scala's run takes any effect (its effect type is contravariant); Java's generics cannot say so
    @SuppressWarnings({"unchecked", "rawtypes"})
    Future<BoxedUnit> written = database.run((slick.dbio.DBIOAction) action);
    return written;
  }

  private static void inTransaction(Connection c, List<JournalPekkoSerializationRow> rows, List<Set<String>> tags)
      throws SQLException {
    boolean auto = c.getAutoCommit();
    c.setAutoCommit(false);
    try {
      for (int from = 0; from < rows.size(); from += CHUNK) {
        int to = Math.min(rows.size(), from + CHUNK);
        write(c, rows.subList(from, to), tags.subList(from, to));
      }
      c.commit();
    } catch (SQLException | RuntimeException e) {
      c.rollback();
      throw e;
    } finally {
      c.setAutoCommit(auto);
    }
  }

  private static void write(Connection c, List<JournalPekkoSerializationRow> rows, List<Set<String>> tags)
      throws SQLException {
    StringBuilder sql = new StringBuilder("INSERT INTO event_journal (").append(COLUMNS).append(") VALUES ");
    for (int i = 0; i < rows.size(); i++) sql.append(i == 0 ? "" : ", ").append(ROW);
    sql.append(" RETURNING ordering, persistence_id, sequence_number");
    Map<String, Long> orderings = new HashMap<>(rows.size() * 2);
    try (PreparedStatement st = c.prepareStatement(sql.toString())) {
      int p = 1;
      for (JournalPekkoSerializationRow r : rows) {
        st.setBoolean(p++, r.deleted());
        st.setString(p++, r.persistenceId());
        st.setLong(p++, r.sequenceNumber());
        st.setString(p++, r.writer());
        st.setLong(p++, r.writeTimestamp());
        st.setString(p++, r.adapterManifest());
        st.setInt(p++, r.eventSerId());
        st.setString(p++, r.eventSerManifest());
        st.setBytes(p++, r.eventPayload());
        if (r.metaSerId().isDefined()) st.setInt(p++, (Integer) r.metaSerId().get());
        else st.setNull(p++, Types.INTEGER);
        st.setString(p++, r.metaSerManifest().isDefined() ? r.metaSerManifest().get() : null);
        if (r.metaPayload().isDefined()) st.setBytes(p++, r.metaPayload().get());
        else st.setNull(p++, Types.BINARY);
      }
      try (ResultSet rs = st.executeQuery()) {
        while (rs.next()) orderings.put(key(rs.getString(2), rs.getLong(3)), rs.getLong(1));
      }
    }
    StringBuilder tagSql = new StringBuilder("INSERT INTO event_tag (event_id, tag) VALUES ");
    List<Object[]> tagRows = new ArrayList<>();
    for (int i = 0; i < rows.size(); i++) {
      JournalPekkoSerializationRow r = rows.get(i);
      Long ordering = orderings.get(key(r.persistenceId(), r.sequenceNumber()));
      if (ordering == null) {
        throw new SQLException("the journal insert returned no ordering for " + r.persistenceId() + " #"
            + r.sequenceNumber());
      }
      tags.get(i).foreach(tag -> tagRows.add(new Object[] {ordering, tag}));
    }
    if (tagRows.isEmpty()) return;
    for (int i = 0; i < tagRows.size(); i++) tagSql.append(i == 0 ? "" : ", ").append("(?, ?)");
    try (PreparedStatement st = c.prepareStatement(tagSql.toString())) {
      int p = 1;
      for (Object[] t : tagRows) {
        st.setLong(p++, (Long) t[0]);
        st.setString(p++, (String) t[1]);
      }
      st.executeUpdate();
    }
  }

  private static String key(String persistenceId, long sequenceNumber) {
    return persistenceId + '\u0000' + sequenceNumber;
  }

  /** A failed batch: the journal fails every write of it, as it does for the library's own DAO. */
  static final class JournalWriteException extends RuntimeException {
    JournalWriteException(SQLException cause) {
      super("journal batch write failed: " + cause.getMessage(), cause);
    }
  }
}
