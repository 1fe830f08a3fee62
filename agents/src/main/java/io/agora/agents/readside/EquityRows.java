package io.agora.agents.readside;

import io.agora.agents.desk.TradingDesk;
import io.agora.agents.desk.TradingDesk.EquityMarked;
import io.agora.agents.desk.TradingDesk.Event;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.pekko.projection.eventsourced.EventEnvelope;

/**
 * Keeps {@code equity} from the {@link TradingDesk}'s {@link EquityMarked} events (the only desk events tagged): one
 * row per account and valuation time, so an account's rows are its equity curve. Two valuations at the same time (an
 * entry and an exit on one candle) keep the later one: the row is updated, or inserted when absent, which also makes
 * a re-run over old events harmless.
 */
final class EquityRows implements RowWriter<Event> {

  static final ReadSideProjection<Event> PROJECTION =
      new ReadSideProjection<>("equity-read-side", TradingDesk.TAGS, EquityRows::new);

  @Override
  public void write(Connection c, EventEnvelope<Event> envelope) throws SQLException {
    writeAll(c, List.of(envelope));
  }

  private record Key(String tenant, String account, long at) {}

  /** A group: the last valuation per row key, one query for the keys already present, then two batches. */
  @Override
  public void writeAll(Connection c, List<EventEnvelope<Event>> envelopes) throws SQLException {
    Map<Key, EquityMarked> rows = new LinkedHashMap<>();
    for (EventEnvelope<Event> envelope : envelopes) {
      if (envelope.event() instanceof EquityMarked e) {
        rows.put(new Key(e.account().tenant(), e.account().account(), e.at()), e);
      }
    }
    if (rows.isEmpty()) return;
    Set<Key> present = new HashSet<>();
    List<Key> keys = new ArrayList<>(rows.keySet());
    for (int from = 0; from < keys.size(); from += 200) {
      List<Key> chunk = keys.subList(from, Math.min(keys.size(), from + 200));
      StringBuilder where = new StringBuilder();
      for (int i = 0; i < chunk.size(); i++) {
        where.append(i == 0 ? "" : " OR ").append("(tenant = ? AND account = ? AND recorded_at = ?)");
      }
      try (PreparedStatement st = c.prepareStatement("SELECT tenant, account, recorded_at FROM equity WHERE " + where)) {
        int p = 1;
        for (Key k : chunk) {
          st.setString(p++, k.tenant());
          st.setString(p++, k.account());
          st.setLong(p++, k.at());
        }
        try (ResultSet rs = st.executeQuery()) {
          while (rs.next()) present.add(new Key(rs.getString(1), rs.getString(2), rs.getLong(3)));
        }
      }
    }
    try (PreparedStatement up = c.prepareStatement(
            "UPDATE equity SET currency = ?, cash = ?, equity = ? WHERE tenant = ? AND account = ? AND recorded_at = ?");
        PreparedStatement in = c.prepareStatement(
            "INSERT INTO equity (currency, cash, equity, tenant, account, recorded_at) VALUES (?, ?, ?, ?, ?, ?)")) {
      int updates = 0;
      int inserts = 0;
      for (Map.Entry<Key, EquityMarked> r : rows.entrySet()) {
        PreparedStatement st = present.contains(r.getKey()) ? up : in;
        EquityMarked e = r.getValue();
        st.setString(1, e.currency());
        st.setBigDecimal(2, e.cash());
        st.setBigDecimal(3, e.equity());
        st.setString(4, r.getKey().tenant());
        st.setString(5, r.getKey().account());
        st.setLong(6, r.getKey().at());
        st.addBatch();
        if (st == up) updates++;
        else inserts++;
      }
      if (updates > 0) up.executeBatch();
      if (inserts > 0) in.executeBatch();
    }
  }
}
