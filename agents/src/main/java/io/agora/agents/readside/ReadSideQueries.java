package io.agora.agents.readside;

import io.agora.agents.execution.ExecutionAgent.OrderStatus;
import io.agora.core.market.Side;
import io.agora.core.paper.OrderType;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import javax.sql.DataSource;

/**
 * Reads of the read-side tables for the HTTP API and tools. Every query is scoped to a tenant, runs on the read side's
 * blocking dispatcher (never on the caller's thread) and completes with what the projections have written so far:
 * the tables trail the journal by the projection lag (see docs/architecture.md, "Read side"). A database error fails
 * the stage with a {@link CompletionException} around the {@link SQLException}.
 */
public final class ReadSideQueries {

  /** Most rows one list query returns. */
  public static final int MAX_LIMIT = 1000;

  public record OrderRow(String clientOrderId, String tenant, String account, String venue, String venueOrderId,
      String pair, Side side, OrderType type, BigDecimal price, BigDecimal amount, BigDecimal filled,
      OrderStatus status, long createdAt, long updatedAt) {}

  public record TradeRow(String venueTradeId, String clientOrderId, String tenant, String account, String venue,
      String pair, Side side, BigDecimal price, BigDecimal amount, BigDecimal fee, String feeCurrency,
      long executedAt) {}

  /** A position; {@code Position}'s Javadoc in this package gives the sign and P&L convention. */
  public record PositionRow(String tenant, String account, String venue, String pair, BigDecimal quantity,
      BigDecimal averagePrice, BigDecimal realizedPnl, long updatedAt) {}

  /** One valuation of an account ({@code TradingDesk.EquityMarked}): a point of its equity curve. */
  public record EquityRow(String tenant, String account, long recordedAt, String currency, BigDecimal cash,
      BigDecimal equity) {}

  private static final String ORDER_COLUMNS = "client_order_id, tenant, account, venue, venue_order_id, pair, side,"
      + " order_type, price, amount, filled, status, created_at, updated_at";
  private static final String TRADE_COLUMNS = "venue_trade_id, client_order_id, tenant, account, venue, pair, side,"
      + " price, amount, fee, fee_currency, executed_at";

  private final DataSource dataSource;
  private final Executor blocking;

  ReadSideQueries(DataSource dataSource, Executor blocking) {
    this.dataSource = dataSource;
    this.blocking = blocking;
  }

  /** The account's orders on every venue, newest first, at most {@code limit} (1..{@value #MAX_LIMIT}). */
  public CompletionStage<List<OrderRow>> ordersByAccount(String tenant, String account, int limit) {
    checkLimit(limit);
    return list("SELECT " + ORDER_COLUMNS + " FROM orders WHERE tenant = ? AND account = ?"
        + " ORDER BY created_at DESC, id DESC LIMIT ?", ReadSideQueries::order, tenant, account, limit);
  }

  /** The tenant's order with this client order id, if the projection has seen it. */
  public CompletionStage<Optional<OrderRow>> orderByClientOrderId(String tenant, String clientOrderId) {
    return list("SELECT " + ORDER_COLUMNS + " FROM orders WHERE tenant = ? AND client_order_id = ?",
        ReadSideQueries::order, tenant, clientOrderId)
        .thenApply(rows -> rows.stream().findFirst());
  }

  /** The account's trades on every venue, newest first, at most {@code limit} (1..{@value #MAX_LIMIT}). */
  public CompletionStage<List<TradeRow>> trades(String tenant, String account, int limit) {
    checkLimit(limit);
    return list("SELECT " + TRADE_COLUMNS + " FROM trades WHERE tenant = ? AND account = ?"
        + " ORDER BY executed_at DESC, id DESC LIMIT ?", ReadSideQueries::trade, tenant, account, limit);
  }

  /** The fills of one order of the tenant, oldest first. */
  public CompletionStage<List<TradeRow>> tradesOfOrder(String tenant, String clientOrderId) {
    return list("SELECT " + TRADE_COLUMNS + " FROM trades WHERE tenant = ? AND client_order_id = ?"
        + " ORDER BY executed_at, id", ReadSideQueries::trade, tenant, clientOrderId);
  }

  /** The account's positions on every venue and pair, flat ones included (they carry the realised P&L). */
  public CompletionStage<List<PositionRow>> positions(String tenant, String account) {
    return list("SELECT tenant, account, venue, pair, quantity, average_price, realized_pnl, updated_at"
        + " FROM positions WHERE tenant = ? AND account = ? ORDER BY venue, pair",
        rs -> new PositionRow(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
            rs.getBigDecimal(5), rs.getBigDecimal(6), rs.getBigDecimal(7), rs.getLong(8)),
        tenant, account);
  }

  /**
   * The account's equity curve: valuations with {@code from <= recorded_at <= to} (epoch millis), oldest first, at
   * most {@code limit} (1..{@value #MAX_LIMIT}; the oldest ones of the range when there are more).
   */
  public CompletionStage<List<EquityRow>> equity(String tenant, String account, long from, long to, int limit) {
    checkLimit(limit);
    return list("SELECT tenant, account, recorded_at, currency, cash, equity FROM equity"
        + " WHERE tenant = ? AND account = ? AND recorded_at >= ? AND recorded_at <= ? ORDER BY recorded_at LIMIT ?",
        rs -> new EquityRow(rs.getString(1), rs.getString(2), rs.getLong(3), rs.getString(4), rs.getBigDecimal(5),
            rs.getBigDecimal(6)),
        tenant, account, from, to, limit);
  }

  private interface RowMapper<T> {
    T map(ResultSet rs) throws SQLException;
  }

  /** {@code params} are Strings, Integers and Longs, bound in order. */
  private <T> CompletionStage<List<T>> list(String sql, RowMapper<T> mapper, Object... params) {
    return CompletableFuture.supplyAsync(() -> {
      try (Connection c = dataSource.getConnection(); PreparedStatement st = c.prepareStatement(sql)) {
        for (int i = 0; i < params.length; i++) st.setObject(i + 1, params[i]);
        List<T> rows = new ArrayList<>();
        try (ResultSet rs = st.executeQuery()) {
          while (rs.next()) rows.add(mapper.map(rs));
        }
        return List.copyOf(rows);
      } catch (SQLException e) {
        throw new CompletionException(e);
      }
    }, blocking);
  }

  private static OrderRow order(ResultSet rs) throws SQLException {
    return new OrderRow(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
        rs.getString(6), Side.valueOf(rs.getString(7)), OrderType.valueOf(rs.getString(8)), rs.getBigDecimal(9),
        rs.getBigDecimal(10), rs.getBigDecimal(11), OrderStatus.valueOf(rs.getString(12)), rs.getLong(13),
        rs.getLong(14));
  }

  private static TradeRow trade(ResultSet rs) throws SQLException {
    return new TradeRow(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
        rs.getString(6), Side.valueOf(rs.getString(7)), rs.getBigDecimal(8), rs.getBigDecimal(9),
        rs.getBigDecimal(10), rs.getString(11), rs.getLong(12));
  }

  private static void checkLimit(int limit) {
    if (limit < 1 || limit > MAX_LIMIT) {
      throw new IllegalArgumentException("limit must be 1.." + MAX_LIMIT + ", was " + limit);
    }
  }
}
