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
import java.util.List;
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
    Owner owner = Owner.of(envelope.persistenceId());
    Event event = envelope.event();
    long at = envelope.timestamp();
    if (event instanceof OrderPlaced e) {
      placed(c, owner, e);
    } else if (event instanceof OrderAccepted e) {
      status(c, owner, e.clientOrderId(), OrderStatus.ACCEPTED, at);
    } else if (event instanceof OrderRejected e) {
      status(c, owner, e.clientOrderId(), OrderStatus.REJECTED, at);
    } else if (event instanceof OrderCanceled e) {
      status(c, owner, e.clientOrderId(), OrderStatus.CANCELED, at);
    } else if (event instanceof OrderFilled e) {
      filled(c, owner, e, at);
    } else {
      // Sealed today; a new event type reaches here only if it was added without a case above.
      throw new IllegalStateException("no read-side rows for " + event.getClass().getName());
    }
  }

  private static void placed(Connection c, Owner owner, OrderPlaced e) throws SQLException {
    Owner existing = orderOwner(c, e.clientOrderId());
    if (existing != null) {
      if (!existing.equals(owner)) {
        log.error("order {} of {} is left out of the read side: client_order_id {} is already used by {}",
            e.clientOrderId(), owner, e.clientOrderId(), existing);
      }
      return;
    }
    try (PreparedStatement st = c.prepareStatement("INSERT INTO orders (client_order_id, tenant, account, venue,"
        + " pair, side, order_type, price, amount, filled, status, created_at, updated_at)"
        + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?, ?)")) {
      st.setString(1, e.clientOrderId());
      st.setString(2, owner.tenant());
      st.setString(3, owner.account());
      st.setString(4, owner.venue());
      st.setString(5, e.pair());
      st.setString(6, e.side().name());
      st.setString(7, e.type().name());
      if (e.type() == OrderType.MARKET) {
        st.setNull(8, Types.NUMERIC);
      } else {
        st.setBigDecimal(8, decimal(e.price()));
      }
      st.setBigDecimal(9, decimal(e.amount()));
      st.setString(10, OrderStatus.NEW.name());
      st.setLong(11, e.placedAt());
      st.setLong(12, e.placedAt());
      st.executeUpdate();
    }
  }

  /**
   * Moves the order to {@code status} only from a status that may become it: in the journal's order that is always
   * the case, while a re-run over old events finds the rows ahead and must not take them back (an old
   * {@code OrderAccepted} would turn a FILLED order into ACCEPTED, and its fills are not counted again).
   */
  private static void status(Connection c, Owner owner, String clientOrderId, OrderStatus status, long at)
      throws SQLException {
    List<String> from = new ArrayList<>();
    for (OrderStatus s : OrderStatus.values()) {
      if (s.canBecome(status)) from.add("'" + s.name() + "'");
    }
    try (PreparedStatement st = c.prepareStatement("UPDATE orders SET status = ?, updated_at = ?"
        + " WHERE client_order_id = ? AND tenant = ? AND account = ? AND venue = ?"
        + " AND status IN (" + String.join(", ", from) + ")")) {
      st.setString(1, status.name());
      st.setLong(2, at);
      st.setString(3, clientOrderId);
      owner.bind(st, 4);
      st.executeUpdate(); // 0 rows: a re-run, or an order left out at placement (logged there)
    }
  }

  private static void filled(Connection c, Owner owner, OrderFilled e, long at) throws SQLException {
    Order order = order(c, owner, e.clientOrderId());
    if (order == null) {
      log.error("fill {} of {} is left out of the read side: its order is not in the orders table", e.fillId(), owner);
      return;
    }
    if (tradeExists(c, owner, e.fillId())) return; // a re-run over an already projected fill
    BigDecimal amount = decimal(e.amount());
    BigDecimal price = decimal(e.price());
    try (PreparedStatement st = c.prepareStatement("INSERT INTO trades (tenant, account, venue, venue_trade_id,"
        + " client_order_id, pair, side, price, amount, fee, fee_currency, executed_at)"
        + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
      owner.bind(st, 1);
      st.setString(4, e.fillId());
      st.setString(5, e.clientOrderId());
      st.setString(6, order.pair());
      st.setString(7, order.side().name());
      st.setBigDecimal(8, price);
      st.setBigDecimal(9, amount);
      st.setBigDecimal(10, decimal(e.fee()));
      st.setString(11, Instrument.of(order.pair()).quote());
      st.setLong(12, e.candleTime());
      st.executeUpdate();
    }
    BigDecimal filled = e.completes() ? order.amount() : order.filled().add(amount);
    try (PreparedStatement st = c.prepareStatement("UPDATE orders SET filled = ?, status = ?, updated_at = ?"
        + " WHERE client_order_id = ? AND tenant = ? AND account = ? AND venue = ?")) {
      st.setBigDecimal(1, Position.scaled(filled));
      st.setString(2, (e.completes() ? OrderStatus.FILLED : OrderStatus.PARTIALLY_FILLED).name());
      st.setLong(3, at);
      st.setString(4, e.clientOrderId());
      owner.bind(st, 5);
      st.executeUpdate();
    }
    position(c, owner, order.pair(), order.side(), amount, price, at);
  }

  private static void position(Connection c, Owner owner, String pair, Side side, BigDecimal amount,
      BigDecimal price, long at) throws SQLException {
    Position before = null;
    try (PreparedStatement st = c.prepareStatement("SELECT quantity, average_price, realized_pnl FROM positions"
        + " WHERE tenant = ? AND account = ? AND venue = ? AND pair = ?")) {
      owner.bind(st, 1);
      st.setString(4, pair);
      try (ResultSet rs = st.executeQuery()) {
        if (rs.next()) before = new Position(rs.getBigDecimal(1), rs.getBigDecimal(2), rs.getBigDecimal(3));
      }
    }
    Position after = (before == null ? Position.FLAT : before).after(side, amount, price);
    String sql = before == null
        ? "INSERT INTO positions (quantity, average_price, realized_pnl, updated_at, tenant, account, venue, pair)"
            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
        : "UPDATE positions SET quantity = ?, average_price = ?, realized_pnl = ?, updated_at = ?"
            + " WHERE tenant = ? AND account = ? AND venue = ? AND pair = ?";
    try (PreparedStatement st = c.prepareStatement(sql)) {
      st.setBigDecimal(1, after.quantity());
      st.setBigDecimal(2, after.averagePrice());
      st.setBigDecimal(3, after.realizedPnl());
      st.setLong(4, at);
      owner.bind(st, 5);
      st.setString(8, pair);
      st.executeUpdate();
    }
  }

  private static Owner orderOwner(Connection c, String clientOrderId) throws SQLException {
    try (PreparedStatement st =
        c.prepareStatement("SELECT tenant, account, venue FROM orders WHERE client_order_id = ?")) {
      st.setString(1, clientOrderId);
      try (ResultSet rs = st.executeQuery()) {
        return rs.next() ? new Owner(rs.getString(1), rs.getString(2), rs.getString(3)) : null;
      }
    }
  }

  private static Order order(Connection c, Owner owner, String clientOrderId) throws SQLException {
    try (PreparedStatement st = c.prepareStatement("SELECT pair, side, amount, filled FROM orders"
        + " WHERE client_order_id = ? AND tenant = ? AND account = ? AND venue = ?")) {
      st.setString(1, clientOrderId);
      owner.bind(st, 2);
      try (ResultSet rs = st.executeQuery()) {
        return rs.next()
            ? new Order(rs.getString(1), Side.valueOf(rs.getString(2)), rs.getBigDecimal(3), rs.getBigDecimal(4))
            : null;
      }
    }
  }

  private static boolean tradeExists(Connection c, Owner owner, String fillId) throws SQLException {
    try (PreparedStatement st =
        c.prepareStatement("SELECT 1 FROM trades WHERE venue = ? AND venue_trade_id = ?")) {
      st.setString(1, owner.venue());
      st.setString(2, fillId);
      try (ResultSet rs = st.executeQuery()) {
        return rs.next();
      }
    }
  }

  /** Exact decimal of a double as it prints (0.1 → 0.1, not 0.1000000000000000055…), at the tables' scale. */
  private static BigDecimal decimal(double v) {
    return Position.scaled(BigDecimal.valueOf(v));
  }

  private record Order(String pair, Side side, BigDecimal amount, BigDecimal filled) {}

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
