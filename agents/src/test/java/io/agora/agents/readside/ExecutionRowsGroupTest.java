package io.agora.agents.readside;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.agora.agents.execution.ExecutionAgent;
import io.agora.agents.execution.ExecutionAgent.Event;
import io.agora.agents.execution.ExecutionAgent.OrderAccepted;
import io.agora.agents.execution.ExecutionAgent.OrderCanceled;
import io.agora.agents.execution.ExecutionAgent.OrderFilled;
import io.agora.agents.execution.ExecutionAgent.OrderPlaced;
import io.agora.agents.execution.ExecutionAgent.OrderRejected;
import io.agora.core.market.Side;
import io.agora.core.paper.Liquidity;
import io.agora.core.paper.OrderType;
import io.agora.persistence.DbSettings;
import io.agora.persistence.Migrations;
import io.agora.persistence.testing.TestDatabases;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.apache.pekko.persistence.query.Offset;
import org.apache.pekko.projection.eventsourced.EventEnvelope;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The execution read side writes a group of events at once (read the rows, apply in memory, write batches): the rows
 * must be those of writing the events one at a time, whatever falls into one group — an order placed, accepted and
 * filled in two parts, a canceled and a rejected one, a fill of an unknown order, a client order id reused by another
 * account, a fill seen twice — and a second pass over the same events must change nothing.
 */
class ExecutionRowsGroupTest {

  @TempDir Path dir;

  private static final String A = "ExecutionAgent|acme|main|paper";
  private static final String B = "ExecutionAgent|acme|other|paper";

  private static List<EventEnvelope<Event>> events() {
    List<Event> a = List.of(
        new OrderPlaced("acme", "o1-0", "BTC/USDT", Side.BUY, OrderType.LIMIT, 100, 2, null, 1_000),
        new OrderAccepted("acme", "o1-0"),
        new OrderFilled("acme", "o1-0", "o1-0#1", 0.5, 100, 0.05, 0.001, Liquidity.MAKER, 60_000, false),
        new OrderPlaced("acme", "o2-0", "ETH/USDT", Side.BUY, OrderType.MARKET, 0, 1, "alice", 2_000),
        new OrderRejected("acme", "o2-0", "no"),
        new OrderFilled("acme", "o1-0", "o1-0#2", 1.5, 101, 0.15, 0.001, Liquidity.MAKER, 120_000, true),
        new OrderFilled("acme", "o1-0", "o1-0#2", 1.5, 101, 0.15, 0.001, Liquidity.MAKER, 120_000, true),
        new OrderFilled("acme", "zz-0", "zz-0#1", 1, 1, 0, 0, Liquidity.TAKER, 60_000, true),
        new OrderPlaced("acme", "o3-0", "BTC/USDT", Side.SELL, OrderType.LIMIT, 110, 1, null, 3_000),
        new OrderAccepted("acme", "o3-0"),
        new OrderFilled("acme", "o3-0", "o3-0#1", 1, 110, 0.11, 0.001, Liquidity.TAKER, 180_000, true),
        new OrderPlaced("acme", "o4-0", "BTC/USDT", Side.BUY, OrderType.LIMIT, 90, 1, null, 4_000),
        new OrderAccepted("acme", "o4-0"),
        new OrderCanceled("acme", "o4-0", "bob", 5_000));
    List<EventEnvelope<Event>> out = new ArrayList<>();
    long t = 10_000;
    for (int i = 0; i < a.size(); i++) {
      out.add(EventEnvelope.create(Offset.sequence(i + 1), A, i + 1, a.get(i), t + i));
      if (i == 3) {
        // another account reuses o1-0 (left out) and trades on its own order
        out.add(EventEnvelope.create(Offset.sequence(100), B, 1,
            new OrderPlaced("acme", "o1-0", "BTC/USDT", Side.SELL, OrderType.LIMIT, 1, 1, null, 1_500), t + 50));
        out.add(EventEnvelope.create(Offset.sequence(101), B, 2,
            new OrderFilled("acme", "o1-0", "o1-0#9", 1, 1, 0, 0, Liquidity.TAKER, 60_000, true), t + 51));
        out.add(EventEnvelope.create(Offset.sequence(102), B, 3,
            new OrderPlaced("acme", "b1-0", "BTC/USDT", Side.BUY, OrderType.LIMIT, 99, 3, null, 1_600), t + 52));
        out.add(EventEnvelope.create(Offset.sequence(103), B, 4, new OrderAccepted("acme", "b1-0"), t + 53));
        out.add(EventEnvelope.create(Offset.sequence(104), B, 5,
            new OrderFilled("acme", "b1-0", "b1-0#1", 3, 99, 0.3, 0.001, Liquidity.MAKER, 60_000, true), t + 54));
      }
    }
    return out;
  }

  @Test
  void oneGroupGivesTheRowsOfOneEventAtATime() throws Exception {
    List<EventEnvelope<Event>> events = events();
    String one = tables("one", c -> {
      for (EventEnvelope<Event> e : events) new ExecutionRows().writeAll(c, List.of(e));
    });
    String group = tables("group", c -> new ExecutionRows().writeAll(c, events));
    assertEquals(one, group);
    String twice = tables("twice", c -> {
      new ExecutionRows().writeAll(c, events.subList(0, 7));
      new ExecutionRows().writeAll(c, events.subList(7, events.size()));
      new ExecutionRows().writeAll(c, events); // a rebuild over the same events counts nothing twice
    });
    assertEquals(one, twice);
    // the figures themselves, so that both paths being wrong the same way fails too
    assertEquals(true, one.contains("o1-0|acme|main|paper|BTC/USDT|BUY|LIMIT|2.000000000000000000|FILLED"), one);
    assertEquals(true, one.contains("acme|main|paper|BTC/USDT|1.000000000000000000|100.750000000000000000"), one);
  }

  interface Work {
    void run(Connection c) throws SQLException;
  }

  /** Runs {@code work} on a fresh database and renders the tables it writes. */
  private String tables(String name, Work work) throws SQLException {
    DbSettings db = TestDatabases.h2(dir.resolve(name));
    Migrations.migrate(db);
    try (Connection c = DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password())) {
      c.setAutoCommit(false);
      work.run(c);
      c.commit();
      return dump(c, "SELECT client_order_id, tenant, account, venue, pair, side, order_type, amount, status, price,"
          + " filled, created_at, updated_at FROM orders ORDER BY client_order_id")
          + dump(c, "SELECT tenant, account, venue, venue_trade_id, client_order_id, pair, side, price, amount, fee,"
          + " fee_currency, executed_at FROM trades ORDER BY venue_trade_id")
          + dump(c, "SELECT tenant, account, venue, pair, quantity, average_price, realized_pnl, updated_at"
          + " FROM positions ORDER BY account, pair");
    }
  }

  private static String dump(Connection c, String sql) throws SQLException {
    StringBuilder sb = new StringBuilder();
    try (ResultSet rs = c.createStatement().executeQuery(sql)) {
      ResultSetMetaData md = rs.getMetaData();
      while (rs.next()) {
        for (int i = 1; i <= md.getColumnCount(); i++) sb.append(i == 1 ? "" : "|").append(rs.getString(i));
        sb.append('\n');
      }
    }
    return sb.append("--\n").toString();
  }
}
