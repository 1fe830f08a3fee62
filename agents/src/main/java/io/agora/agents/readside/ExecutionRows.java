package io.agora.agents.readside;

import io.agora.agents.execution.ExecutionAgent;
import io.agora.agents.execution.ExecutionAgent.Event;
import io.agora.agents.execution.ExecutionAgent.OrderAccepted;
import io.agora.agents.execution.ExecutionAgent.OrderCanceled;
import io.agora.agents.execution.ExecutionAgent.OrderFilled;
import io.agora.agents.execution.ExecutionAgent.OrderPlaced;
import io.agora.agents.execution.ExecutionAgent.OrderRejected;
import io.agora.agents.execution.ExecutionAgent.OrderStatus;
import io.agora.core.market.Instrument;
import io.agora.core.market.Side;
import io.agora.core.paper.OrderType;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.apache.pekko.projection.eventsourced.EventEnvelope;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps {@code orders}, {@code trades} and {@code positions} from the {@link ExecutionAgent}'s events.
 *
 * <ul>
 *   <li>{@code OrderPlaced} inserts the order (status NEW, filled 0, {@code created_at} = {@code placedAt}, price null
 *       for a market order); {@code OrderAccepted}, {@code OrderRejected} and {@code OrderCanceled} set its status.
 *   <li>{@code OrderFilled} inserts one trade ({@code venue_trade_id} = the fill id, fee in the pair's quote currency,
 *       {@code executed_at} = the candle's open time), adds the amount to the order's {@code filled} (the whole amount
 *       on the completing fill, as the agent does) with status PARTIALLY_FILLED or FILLED, and moves the position
 *       ({@link Position} documents the convention).
 *   <li>{@code updated_at} is the journal's write time of the event that changed the row.
 * </ul>
 *
 * <p>Statuses, sides and order types are the enum names ({@code FILLED}, {@code BUY}, {@code LIMIT}).
 *
 * <p>Exactly-once comes from the projection (offset and rows in one transaction); the writer is idempotent as well, so
 * a re-run over old events (offsets reset to rebuild the tables) counts nothing twice: an order already present for
 * the same account is not inserted again, a status only moves forward along the agent's lifecycle, and a fill whose
 * trade row exists changes neither the order nor the position. {@code client_order_id} is unique in {@code orders}, while the agent only keeps it unique per account and
 * venue: an order whose id another account already uses is logged and left out, with its fills (their pair and side
 * come from the order row), rather than stopping the projection for every account of its tag.
 */
final class ExecutionRows implements RowWriter<Event> {

  /** Offsets under this name; the tables it writes are its output. */
  static final ReadSideProjection<Event> PROJECTION =
      new ReadSideProjection<>("execution-read-side", ExecutionAgent.TAGS, ExecutionRows::new);

  private static final Logger log = LoggerFactory.getLogger(ExecutionRows.class);

  @Override
  public void write(Connection c, EventEnvelope<Event> envelope) throws SQLException {
    writeAll(c, List.of(envelope));
  }

  /**
   * A group in three steps: read the rows the group touches (its orders, fills and positions: one query each), apply
   * the events to them in memory in journal order, write what changed as JDBC batches. The final rows are those of
   * applying the events one by one; the statements per group no longer grow with its events (they were up to ten per
   * order: the read side had cost a third of the agents' order capacity).
   */
  @Override
  public void writeAll(Connection c, List<EventEnvelope<Event>> envelopes) throws SQLException {
    if (envelopes.isEmpty()) return;
    Group g = new Group(c);
    g.load(envelopes);
    for (EventEnvelope<Event> envelope : envelopes) {
      Owner owner = Owner.of(envelope.persistenceId());
      Event event = envelope.event();
      long at = envelope.timestamp();
      if (event instanceof OrderPlaced e) {
        g.placed(owner, e);
      } else if (event instanceof OrderAccepted e) {
        g.status(owner, e.clientOrderId(), OrderStatus.ACCEPTED, at);
      } else if (event instanceof OrderRejected e) {
        g.status(owner, e.clientOrderId(), OrderStatus.REJECTED, at);
      } else if (event instanceof OrderCanceled e) {
        g.status(owner, e.clientOrderId(), OrderStatus.CANCELED, at);
      } else if (event instanceof OrderFilled e) {
        g.filled(owner, e, at);
      } else {
        // Sealed today; a new event type reaches here only if it was added without a case above.
        throw new IllegalStateException("no read-side rows for " + event.getClass().getName());
      }
    }
    g.flush();
  }

  /** An order row as the group sees it; {@code inserted}: new in this group; {@code changed}: to update. */
  private static final class OrderRow {
    final Owner owner;
    final String clientOrderId;
    final String pair;
    final Side side;
    final OrderType type;
    final BigDecimal price;
    final BigDecimal amount;
    final long createdAt;
    final boolean inserted;
    BigDecimal filled;
    OrderStatus status;
    long updatedAt;
    boolean changed;

    OrderRow(Owner owner, String clientOrderId, String pair, Side side, OrderType type, BigDecimal price,
        BigDecimal amount, BigDecimal filled, OrderStatus status, long createdAt, long updatedAt, boolean inserted) {
      this.owner = owner;
      this.clientOrderId = clientOrderId;
      this.pair = pair;
      this.side = side;
      this.type = type;
      this.price = price;
      this.amount = amount;
      this.filled = filled;
      this.status = status;
      this.createdAt = createdAt;
      this.updatedAt = updatedAt;
      this.inserted = inserted;
    }
  }

  private record PositionKey(Owner owner, String pair) {}

  private static final class PositionRow {
    Position position;
    long updatedAt;
    final boolean existed;
    boolean changed;

    PositionRow(Position position, long updatedAt, boolean existed) {
      this.position = position;
      this.updatedAt = updatedAt;
      this.existed = existed;
    }
  }

  private record TradeRow(Owner owner, String fillId, String clientOrderId, String pair, Side side, BigDecimal price,
      BigDecimal amount, BigDecimal fee, String feeCurrency, long executedAt) {}

  /** Rows are read in chunks of this many keys per query. */
  private static final int CHUNK = 200;

  private static final class Group {
    private final Connection c;
    /** By client order id (unique in the table, whatever the owner). */
    private final Map<String, OrderRow> orders = new HashMap<>();
    /** venue + '\u0000' + fill id of the trades already in the table or added by this group. */
    private final Set<String> trades = new HashSet<>();
    private final List<TradeRow> newTrades = new ArrayList<>();
    private final Map<PositionKey, PositionRow> positions = new LinkedHashMap<>();

    Group(Connection c) {
      this.c = c;
    }

    void load(List<EventEnvelope<Event>> envelopes) throws SQLException {
      Set<String> ids = new LinkedHashSet<>();
      // fill ids by venue: the trades' unique key is (venue, venue_trade_id), so each query names its venue
      Map<String, Set<String>> fills = new LinkedHashMap<>();
      for (EventEnvelope<Event> e : envelopes) {
        ids.add(e.event().clientOrderId());
        if (e.event() instanceof OrderFilled f) {
          fills.computeIfAbsent(Owner.of(e.persistenceId()).venue(), v -> new LinkedHashSet<>()).add(f.fillId());
        }
      }
      List<String> idList = new ArrayList<>(ids);
      for (int from = 0; from < idList.size(); from += CHUNK) {
        List<String> chunk = idList.subList(from, Math.min(idList.size(), from + CHUNK));
        try (PreparedStatement st = c.prepareStatement("SELECT client_order_id, tenant, account, venue, pair, side,"
            + " order_type, price, amount, filled, status, created_at, updated_at FROM orders WHERE client_order_id IN ("
            + marks(chunk.size()) + ")")) {
          for (int i = 0; i < chunk.size(); i++) st.setString(i + 1, chunk.get(i));
          try (ResultSet rs = st.executeQuery()) {
            while (rs.next()) {
              orders.put(rs.getString(1), new OrderRow(new Owner(rs.getString(2), rs.getString(3), rs.getString(4)),
                  rs.getString(1), rs.getString(5), Side.valueOf(rs.getString(6)), OrderType.valueOf(rs.getString(7)),
                  rs.getBigDecimal(8), rs.getBigDecimal(9), rs.getBigDecimal(10), OrderStatus.valueOf(rs.getString(11)),
                  rs.getLong(12), rs.getLong(13), false));
            }
          }
        }
      }
      for (Map.Entry<String, Set<String>> venue : fills.entrySet()) {
        List<String> fillList = new ArrayList<>(venue.getValue());
        for (int from = 0; from < fillList.size(); from += CHUNK) {
          List<String> chunk = fillList.subList(from, Math.min(fillList.size(), from + CHUNK));
          try (PreparedStatement st = c.prepareStatement("SELECT venue, venue_trade_id FROM trades WHERE venue = ?"
              + " AND venue_trade_id IN (" + marks(chunk.size()) + ")")) {
            st.setString(1, venue.getKey());
            for (int i = 0; i < chunk.size(); i++) st.setString(i + 2, chunk.get(i));
            try (ResultSet rs = st.executeQuery()) {
              while (rs.next()) trades.add(rs.getString(1) + '\u0000' + rs.getString(2));
            }
          }
        }
      }
      // the positions of the pairs the group's fills move (their orders are known now, or placed in the group)
      Map<String, String> placedPairs = new HashMap<>();
      for (EventEnvelope<Event> e : envelopes) {
        if (e.event() instanceof OrderPlaced p) placedPairs.putIfAbsent(p.clientOrderId(), p.pair());
      }
      Set<PositionKey> keys = new LinkedHashSet<>();
      for (EventEnvelope<Event> e : envelopes) {
        if (!(e.event() instanceof OrderFilled f)) continue;
        Owner owner = Owner.of(e.persistenceId());
        OrderRow o = orders.get(f.clientOrderId());
        String pair = o != null ? o.pair : placedPairs.get(f.clientOrderId());
        if (pair != null) keys.add(new PositionKey(owner, pair));
      }
      List<PositionKey> keyList = new ArrayList<>(keys);
      for (int from = 0; from < keyList.size(); from += CHUNK) {
        List<PositionKey> chunk = keyList.subList(from, Math.min(keyList.size(), from + CHUNK));
        StringBuilder where = new StringBuilder();
        for (int i = 0; i < chunk.size(); i++) {
          where.append(i == 0 ? "" : " OR ").append("(tenant = ? AND account = ? AND venue = ? AND pair = ?)");
        }
        try (PreparedStatement st = c.prepareStatement("SELECT tenant, account, venue, pair, quantity, average_price,"
            + " realized_pnl, updated_at FROM positions WHERE " + where)) {
          int p = 1;
          for (PositionKey k : chunk) {
            k.owner().bind(st, p);
            st.setString(p + 3, k.pair());
            p += 4;
          }
          try (ResultSet rs = st.executeQuery()) {
            while (rs.next()) {
              positions.put(new PositionKey(new Owner(rs.getString(1), rs.getString(2), rs.getString(3)),
                  rs.getString(4)), new PositionRow(new Position(rs.getBigDecimal(5), rs.getBigDecimal(6),
                  rs.getBigDecimal(7)), rs.getLong(8), true));
            }
          }
        }
      }
    }

    /** The order of {@code owner} with this id; null when absent or another owner's (left out when placed). */
    private OrderRow order(Owner owner, String clientOrderId) {
      OrderRow o = orders.get(clientOrderId);
      return o != null && o.owner.equals(owner) ? o : null;
    }

    void placed(Owner owner, OrderPlaced e) {
      OrderRow existing = orders.get(e.clientOrderId());
      if (existing != null) {
        if (!existing.owner.equals(owner)) {
          log.error("order {} of {} is left out of the read side: client_order_id {} is already used by {}",
              e.clientOrderId(), owner, e.clientOrderId(), existing.owner);
        }
        return;
      }
      orders.put(e.clientOrderId(), new OrderRow(owner, e.clientOrderId(), e.pair(), e.side(), e.type(),
          e.type() == OrderType.MARKET ? null : decimal(e.price()), decimal(e.amount()), BigDecimal.ZERO,
          OrderStatus.NEW, e.placedAt(), e.placedAt(), true));
    }

    /**
     * Moves the order to {@code status} only from a status that may become it: in the journal's order that is always
     * the case, while a re-run over old events finds the rows ahead and must not take them back (an old
     * {@code OrderAccepted} would turn a FILLED order into ACCEPTED, and its fills are not counted again).
     */
    void status(Owner owner, String clientOrderId, OrderStatus status, long at) {
      OrderRow o = order(owner, clientOrderId);
      if (o == null || !o.status.canBecome(status)) return; // a re-run, or an order left out at placement
      o.status = status;
      o.updatedAt = at;
      o.changed = true;
    }

    void filled(Owner owner, OrderFilled e, long at) {
      OrderRow o = order(owner, e.clientOrderId());
      if (o == null) {
        log.error("fill {} of {} is left out of the read side: its order is not in the orders table", e.fillId(),
            owner);
        return;
      }
      if (!trades.add(owner.venue() + '\u0000' + e.fillId())) return; // a re-run over an already projected fill
      BigDecimal amount = decimal(e.amount());
      BigDecimal price = decimal(e.price());
      newTrades.add(new TradeRow(owner, e.fillId(), e.clientOrderId(), o.pair, o.side, price, amount, decimal(e.fee()),
          Instrument.of(o.pair).quote(), e.candleTime()));
      o.filled = Position.scaled(e.completes() ? o.amount : o.filled.add(amount));
      o.status = e.completes() ? OrderStatus.FILLED : OrderStatus.PARTIALLY_FILLED;
      o.updatedAt = at;
      o.changed = true;
      PositionKey key = new PositionKey(owner, o.pair);
      PositionRow row = positions.computeIfAbsent(key, k -> new PositionRow(Position.FLAT, at, false));
      row.position = row.position.after(o.side, amount, price);
      row.updatedAt = at;
      row.changed = true;
    }

    void flush() throws SQLException {
      List<OrderRow> inserts = new ArrayList<>();
      List<OrderRow> updates = new ArrayList<>();
      for (OrderRow o : orders.values()) {
        if (o.inserted) inserts.add(o);
        else if (o.changed) updates.add(o);
      }
      if (!inserts.isEmpty()) {
        try (PreparedStatement st = c.prepareStatement("INSERT INTO orders (client_order_id, tenant, account, venue,"
            + " pair, side, order_type, price, amount, filled, status, created_at, updated_at)"
            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
          for (OrderRow o : inserts) {
            st.setString(1, o.clientOrderId);
            o.owner.bind(st, 2);
            st.setString(5, o.pair);
            st.setString(6, o.side.name());
            st.setString(7, o.type.name());
            if (o.price == null) st.setNull(8, Types.NUMERIC);
            else st.setBigDecimal(8, o.price);
            st.setBigDecimal(9, o.amount);
            st.setBigDecimal(10, o.filled);
            st.setString(11, o.status.name());
            st.setLong(12, o.createdAt);
            st.setLong(13, o.updatedAt);
            st.addBatch();
          }
          st.executeBatch();
        }
      }
      if (!updates.isEmpty()) {
        try (PreparedStatement st = c.prepareStatement("UPDATE orders SET filled = ?, status = ?, updated_at = ?"
            + " WHERE client_order_id = ? AND tenant = ? AND account = ? AND venue = ?")) {
          for (OrderRow o : updates) {
            st.setBigDecimal(1, o.filled);
            st.setString(2, o.status.name());
            st.setLong(3, o.updatedAt);
            st.setString(4, o.clientOrderId);
            o.owner.bind(st, 5);
            st.addBatch();
          }
          st.executeBatch();
        }
      }
      if (!newTrades.isEmpty()) {
        try (PreparedStatement st = c.prepareStatement("INSERT INTO trades (tenant, account, venue, venue_trade_id,"
            + " client_order_id, pair, side, price, amount, fee, fee_currency, executed_at)"
            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
          for (TradeRow t : newTrades) {
            t.owner().bind(st, 1);
            st.setString(4, t.fillId());
            st.setString(5, t.clientOrderId());
            st.setString(6, t.pair());
            st.setString(7, t.side().name());
            st.setBigDecimal(8, t.price());
            st.setBigDecimal(9, t.amount());
            st.setBigDecimal(10, t.fee());
            st.setString(11, t.feeCurrency());
            st.setLong(12, t.executedAt());
            st.addBatch();
          }
          st.executeBatch();
        }
      }
      writePositions(true);
      writePositions(false);
    }

    private void writePositions(boolean existing) throws SQLException {
      String sql = existing
          ? "UPDATE positions SET quantity = ?, average_price = ?, realized_pnl = ?, updated_at = ?"
              + " WHERE tenant = ? AND account = ? AND venue = ? AND pair = ?"
          : "INSERT INTO positions (quantity, average_price, realized_pnl, updated_at, tenant, account, venue, pair)"
              + " VALUES (?, ?, ?, ?, ?, ?, ?, ?)";
      boolean any = false;
      try (PreparedStatement st = c.prepareStatement(sql)) {
        for (Map.Entry<PositionKey, PositionRow> e : positions.entrySet()) {
          PositionRow r = e.getValue();
          if (!r.changed || r.existed != existing) continue;
          st.setBigDecimal(1, r.position.quantity());
          st.setBigDecimal(2, r.position.averagePrice());
          st.setBigDecimal(3, r.position.realizedPnl());
          st.setLong(4, r.updatedAt);
          e.getKey().owner().bind(st, 5);
          st.setString(8, e.getKey().pair());
          st.addBatch();
          any = true;
        }
        if (any) st.executeBatch();
      }
    }
  }

  private static String marks(int n) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < n; i++) sb.append(i == 0 ? "?" : ", ?");
    return sb.toString();
  }

  /** Exact decimal of a double as it prints (0.1 → 0.1, not 0.1000000000000000055…), at the tables' scale. */
  private static BigDecimal decimal(double v) {
    return Position.scaled(BigDecimal.valueOf(v));
  }

  /** The account and venue of an execution entity, from its persistence id {@code ExecutionAgent|tenant|account|venue}. */
  record Owner(String tenant, String account, String venue) {

    static Owner of(String persistenceId) {
      String[] parts = PersistenceId.extractEntityId(persistenceId).split("\\|", -1);
      if (parts.length != 3) {
        throw new IllegalArgumentException("not an execution entity's persistence id: " + persistenceId);
      }
      return new Owner(parts[0], parts[1], parts[2]);
    }

    void bind(PreparedStatement st, int first) throws SQLException {
      st.setString(first, tenant);
      st.setString(first + 1, account);
      st.setString(first + 2, venue);
    }

    @Override
    public String toString() {
      return ExecutionAgent.entityId(tenant, account, venue);
    }
  }
}
