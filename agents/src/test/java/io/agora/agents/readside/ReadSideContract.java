package io.agora.agents.readside;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.agora.agents.execution.ExecutionAgent;
import io.agora.agents.execution.ExecutionAgent.CancelOrder;
import io.agora.agents.execution.ExecutionAgent.FillView;
import io.agora.agents.execution.ExecutionAgent.GetOrders;
import io.agora.agents.execution.ExecutionAgent.MarketDataApplied;
import io.agora.agents.execution.ExecutionAgent.OnMarketData;
import io.agora.agents.execution.ExecutionAgent.OrderStatus;
import io.agora.agents.execution.ExecutionAgent.OrderView;
import io.agora.agents.execution.ExecutionAgent.OrdersView;
import io.agora.agents.execution.ExecutionAgent.PlaceOrder;
import io.agora.agents.execution.ExecutionAgent.Settings;
import io.agora.agents.readside.ReadSideQueries.OrderRow;
import io.agora.agents.readside.ReadSideQueries.PositionRow;
import io.agora.agents.readside.ReadSideQueries.TradeRow;
import io.agora.core.market.Side;
import io.agora.core.paper.Candle;
import io.agora.core.paper.FillSettings;
import io.agora.core.paper.OrderType;
import io.agora.persistence.DbSettings;
import io.agora.persistence.Migrations;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Join;
import org.apache.pekko.pattern.StatusReply;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The read side against a real database: the real {@link ExecutionAgent} on the JDBC journal, the projections
 * started by {@link ReadSide#init} on a one-node cluster, and the rows read back through {@link ReadSideQueries}.
 * Subclasses give the database (H2, PostgreSQL), a fresh one per test.
 */
abstract class ReadSideContract {

  private static final Duration AWAIT = Duration.ofSeconds(30);
  private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-01-02T03:04:05Z"), ZoneOffset.UTC);
  private static final String TENANT = "acme";
  private static final String VENUE = "paper";
  private static final String ETH = "ETH/USDT";
  private static final String BTC = "BTC/USDT";
  /** Maker 0.1 %, taker 0.2 %, 10 bps slippage on market orders, at most 10 % of a candle's volume filled. */
  private static final Settings REALISTIC = new Settings(FillSettings.realistic(0.001, 0.002, 10, 0.1));
  /** Full fills, limit orders at their price, fee 0.1 %. */
  private static final Settings FREQTRADE = new Settings(FillSettings.freqtrade(0.001));

  private DbSettings db;
  private ActorTestKit kit;

  /** A new, empty database. */
  abstract DbSettings newDatabase();

  /** Gives the database back (the test's systems are stopped by then). */
  abstract void dropDatabase(DbSettings db);

  @BeforeEach
  void setUp() {
    db = newDatabase();
    Migrations.migrate(db);
    kit = start();
  }

  @AfterEach
  void tearDown() {
    try {
      if (kit != null) kit.shutdownTestKit();
    } finally {
      dropDatabase(db);
    }
  }

  @Test
  void ordersPlacedFilledCanceledAndRejectedAppearWithTheirStatus() throws Exception {
    ActorRef<ExecutionAgent.Command> agent = spawn("acc-1", REALISTIC);
    // 12 at 95: 5 (10 % of the candle's volume) fill on the first candle
    assertEquals(OrderStatus.ACCEPTED, place(agent, "o1-0", ETH, Side.BUY, OrderType.LIMIT, 95, 12).status());
    tick(agent, ETH, new Candle(60_000, 100, 110, 90, 105, 50));
    assertEquals(OrderStatus.ACCEPTED, place(agent, "o2-0", ETH, Side.SELL, OrderType.LIMIT, 200, 1).status());
    assertEquals(OrderStatus.CANCELED, cancel(agent, "o2-0").status());
    assertEquals(OrderStatus.REJECTED, place(agent, "o3-0", ETH, Side.BUY, OrderType.LIMIT, 95, 0).status());
    assertEquals(OrderStatus.ACCEPTED, place(agent, "o4-0", BTC, Side.BUY, OrderType.MARKET, 0, 0.5).status());
    tick(agent, BTC, new Candle(120_000, 40_000, 40_100, 39_900, 40_050, 100));

    ReadSideQueries queries = ReadSide.queries(kit.system());
    List<OrderRow> orders = await(() -> {
      List<OrderRow> rows = get(queries.ordersByAccount(TENANT, "acc-1", 100));
      assertEquals(4, rows.size(), rows.toString());
      assertEquals(OrderStatus.FILLED, byId(rows, "o4-0").status());
      return rows;
    });
    OrderRow o1 = byId(orders, "o1-0");
    assertEquals(OrderStatus.PARTIALLY_FILLED, o1.status());
    assertDecimal("5", o1.filled());
    assertDecimal("12", o1.amount());
    assertDecimal("95", o1.price());
    assertEquals(CLOCK.millis(), o1.createdAt());
    assertEquals(VENUE, o1.venue());
    assertEquals(Side.BUY, o1.side());
    assertEquals(OrderType.LIMIT, o1.type());
    assertEquals(OrderStatus.CANCELED, byId(orders, "o2-0").status());
    assertDecimal("0", byId(orders, "o2-0").filled());
    assertEquals(OrderStatus.REJECTED, byId(orders, "o3-0").status());
    OrderRow o4 = byId(orders, "o4-0");
    assertNull(o4.price(), "a market order has no price");
    assertDecimal("0.5", o4.filled());
    assertTrue(o4.updatedAt() >= o4.createdAt());

    // every fill is one trade, equal to the agent's own record of it
    OrdersView view = orders(agent);
    for (String id : List.of("o1-0", "o4-0")) {
      OrderView o = view.orders().stream().filter(x -> x.clientOrderId().equals(id)).findFirst().orElseThrow();
      List<TradeRow> trades = get(queries.tradesOfOrder(TENANT, id));
      assertEquals(o.fills().size(), trades.size(), id);
      for (int i = 0; i < trades.size(); i++) {
        FillView f = o.fills().get(i);
        TradeRow t = trades.get(i);
        assertEquals(f.fillId(), t.venueTradeId());
        assertDecimal(BigDecimal.valueOf(f.amount()), t.amount());
        assertDecimal(BigDecimal.valueOf(f.price()), t.price());
        assertDecimal(BigDecimal.valueOf(f.fee()), t.fee());
        assertEquals("USDT", t.feeCurrency());
        assertEquals(f.candleTime(), t.executedAt());
        assertEquals(o.side(), t.side());
      }
    }
    // the agent's double fee (5 × 95 × 0.1 % maker), as it prints: 0.47500000000000003
    assertDecimal(BigDecimal.valueOf(5 * 95 * 0.001), get(queries.tradesOfOrder(TENANT, "o1-0")).get(0).fee());

    List<PositionRow> positions = get(queries.positions(TENANT, "acc-1"));
    assertEquals(List.of(BTC, ETH), positions.stream().map(PositionRow::pair).toList());
    PositionRow eth = positions.get(1);
    assertDecimal("5", eth.quantity());
    assertDecimal("95", eth.averagePrice());
    assertDecimal("0", eth.realizedPnl());
    assertEquals(Optional.empty(), get(queries.orderByClientOrderId("other-tenant", "o1-0")));
    assertEquals(OrderStatus.CANCELED,
        get(queries.orderByClientOrderId(TENANT, "o2-0")).orElseThrow().status());
  }

  @Test
  void positionAfterBuysAndAPartialSell() throws Exception {
    ActorRef<ExecutionAgent.Command> agent = spawn("acc-pos", FREQTRADE);
    buyTwoSellOne(agent);
    ReadSideQueries queries = ReadSide.queries(kit.system());
    PositionRow eth = await(() -> {
      List<PositionRow> rows = get(queries.positions(TENANT, "acc-pos"));
      assertEquals(1, rows.size());
      assertDecimal("3", rows.get(0).quantity());
      return rows.get(0);
    });
    // 2 at 100 and 2 at 110 average 105; selling 1 at 120 realises 15 (fees apart) and leaves the average alone
    assertDecimal("105", eth.averagePrice());
    assertDecimal("15", eth.realizedPnl());
    List<TradeRow> trades = get(queries.trades(TENANT, "acc-pos", 10));
    assertEquals(List.of("s1-0#1", "b2-0#1", "b1-0#1"), trades.stream().map(TradeRow::venueTradeId).toList());
    assertEquals("USDT", trades.get(0).feeCurrency());
  }

  @Test
  void theEquityCurveOfAnAccountInARange() throws Exception {
    // the node's projections are running before the test ends (a system stopped while they start is slow to stop)
    ActorRef<ExecutionAgent.Command> agent = spawn("acc-e", FREQTRADE);
    place(agent, "eq-0", ETH, Side.BUY, OrderType.LIMIT, 50, 1);
    await(() -> get(ReadSide.queries(kit.system()).orderByClientOrderId(TENANT, "eq-0")).orElseThrow());
    try (java.sql.Connection c = java.sql.DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password());
        java.sql.PreparedStatement in = c.prepareStatement(
            "INSERT INTO equity (tenant, account, recorded_at, currency, cash, equity) VALUES (?, ?, ?, ?, ?, ?)")) {
      Object[][] rows = {{TENANT, "acc-e", 3000L, "1003"}, {TENANT, "acc-e", 1000L, "1001"},
          {TENANT, "acc-e", 2000L, "1002"}, {TENANT, "other", 2000L, "5"}, {"another-tenant", "acc-e", 2000L, "7"}};
      for (Object[] r : rows) {
        in.setString(1, (String) r[0]);
        in.setString(2, (String) r[1]);
        in.setLong(3, (Long) r[2]);
        in.setString(4, "USDT");
        in.setBigDecimal(5, BigDecimal.TEN);
        in.setBigDecimal(6, new BigDecimal((String) r[3]));
        in.executeUpdate();
      }
    }
    ReadSideQueries queries = ReadSide.queries(kit.system());
    List<ReadSideQueries.EquityRow> all = get(queries.equity(TENANT, "acc-e", Long.MIN_VALUE, Long.MAX_VALUE, 100));
    assertEquals(List.of(1000L, 2000L, 3000L), all.stream().map(ReadSideQueries.EquityRow::recordedAt).toList());
    assertDecimal(new BigDecimal("1002"), all.get(1).equity());
    assertEquals(List.of(2000L, 3000L), get(queries.equity(TENANT, "acc-e", 1500, 3000, 100)).stream()
        .map(ReadSideQueries.EquityRow::recordedAt).toList());
    assertEquals(1, get(queries.equity(TENANT, "acc-e", 0, Long.MAX_VALUE, 1)).size());
    assertEquals(List.of(), get(queries.equity("nobody", "acc-e", 0, Long.MAX_VALUE, 10)));
  }

  @Test
  void aRestartedProjectionDoesNotProjectAgain() throws Exception {
    restartAndCompare(false);
  }

  @Test
  void aRebuildFromNoOffsetsCountsNothingTwice() throws Exception {
    restartAndCompare(true);
  }

  @Test
  void aClientOrderIdStaysUniqueAcrossAccounts() throws Exception {
    ActorRef<ExecutionAgent.Command> a = spawn("acc-a", FREQTRADE);
    ActorRef<ExecutionAgent.Command> b = spawn("acc-b", FREQTRADE);
    ReadSideQueries queries = ReadSide.queries(kit.system());
    place(a, "dup-0", ETH, Side.BUY, OrderType.LIMIT, 50, 1);
    await(() -> get(queries.orderByClientOrderId(TENANT, "dup-0")).orElseThrow());
    // the agent keeps client order ids unique per account and venue only: b may use the same id
    assertEquals(OrderStatus.ACCEPTED, place(b, "dup-0", ETH, Side.BUY, OrderType.LIMIT, 60, 2).status());
    tick(b, ETH, new Candle(60_000, 61, 62, 59, 60, 1000));
    place(b, "mark-b-0", ETH, Side.SELL, OrderType.LIMIT, 500, 1);
    await(() -> get(queries.orderByClientOrderId(TENANT, "mark-b-0")).orElseThrow());

    OrderRow dup = get(queries.orderByClientOrderId(TENANT, "dup-0")).orElseThrow();
    assertEquals("acc-a", dup.account(), "the first order keeps the id");
    assertDecimal("50", dup.price());
    assertEquals(OrderStatus.ACCEPTED, dup.status(), "b's fill does not touch a's order");
    assertEquals(1, count("SELECT COUNT(*) FROM orders WHERE client_order_id = 'dup-0'"));
    assertEquals(List.of(), get(queries.trades(TENANT, "acc-b", 10)), "b's fill of the left-out order");
    assertEquals(List.of(), get(queries.positions(TENANT, "acc-b")));
    assertEquals(List.of("mark-b-0"),
        get(queries.ordersByAccount(TENANT, "acc-b", 10)).stream().map(OrderRow::clientOrderId).toList());
    // the agent itself never lets a retry with the same id become a second order
    place(a, "dup-0", ETH, Side.BUY, OrderType.LIMIT, 50, 1);
    assertEquals(1, orders(a).orders().size());
  }

  // --- scenarios ----------------------------------------------------------------------------------------------

  private void buyTwoSellOne(ActorRef<ExecutionAgent.Command> agent) {
    place(agent, "b1-0", ETH, Side.BUY, OrderType.LIMIT, 100, 2);
    tick(agent, ETH, new Candle(60_000, 101, 102, 99, 100, 1000));
    place(agent, "b2-0", ETH, Side.BUY, OrderType.LIMIT, 110, 2);
    tick(agent, ETH, new Candle(120_000, 110, 112, 108, 111, 1000));
    place(agent, "s1-0", ETH, Side.SELL, OrderType.LIMIT, 120, 1);
    tick(agent, ETH, new Candle(180_000, 119, 121, 118, 120, 1000));
  }

  /**
   * Projects a history, restarts the ActorSystem on the same database (with the stored offsets, or with none so that
   * the whole journal is projected again) and checks that the rows are the same once a new order made after the
   * restart has been projected: one entity's events are projected in order, so the old ones were handled by then.
   */
  private void restartAndCompare(boolean deleteOffsets) throws Exception {
    ActorRef<ExecutionAgent.Command> agent = spawn("acc-r", FREQTRADE);
    buyTwoSellOne(agent);
    place(agent, "open-0", ETH, Side.BUY, OrderType.LIMIT, 10, 1);
    ReadSideQueries queries = ReadSide.queries(kit.system());
    await(() -> {
      assertEquals(3, get(queries.trades(TENANT, "acc-r", 10)).size());
      assertEquals(4, get(queries.ordersByAccount(TENANT, "acc-r", 10)).size());
      return null;
    });
    List<OrderRow> orders = get(queries.ordersByAccount(TENANT, "acc-r", 10));
    List<TradeRow> trades = get(queries.trades(TENANT, "acc-r", 10));
    List<PositionRow> positions = get(queries.positions(TENANT, "acc-r"));
    assertTrue(count("SELECT COUNT(*) FROM pekko_projection_offset_store"
        + " WHERE projection_name = 'execution-read-side'") >= 1, "offsets are stored");

    kit.shutdownTestKit();
    kit = null;
    if (deleteOffsets) execute("DELETE FROM pekko_projection_offset_store");
    kit = start();
    agent = spawn("acc-r", FREQTRADE);
    place(agent, "after-0", ETH, Side.BUY, OrderType.LIMIT, 10, 1);
    ReadSideQueries after = ReadSide.queries(kit.system());
    await(() -> get(after.orderByClientOrderId(TENANT, "after-0")).orElseThrow());

    assertEquals(trades, get(after.trades(TENANT, "acc-r", 10)));
    assertEquals(positions, get(after.positions(TENANT, "acc-r")));
    assertEquals(orders, get(after.ordersByAccount(TENANT, "acc-r", 10)).stream()
        .filter(o -> !o.clientOrderId().equals("after-0")).toList());
    assertEquals(3, count("SELECT COUNT(*) FROM trades"));
  }

  // --- harness ------------------------------------------------------------------------------------------------

  private ActorTestKit start() {
    Config config = ConfigFactory.parseString("""
        pekko.actor.provider = cluster
        pekko.remote.artery.canonical.hostname = "127.0.0.1"
        pekko.remote.artery.canonical.port = 0
        pekko.cluster.jmx.multi-mbeans-in-same-jvm = on
        # the read journal looks for new events every second by default; tests need not wait that long
        jdbc-read-journal.refresh-interval = 100ms
        jdbc-read-journal.journal-sequence-retrieval.query-delay = 100ms
        """).withFallback(db.toConfig()).withFallback(ConfigFactory.load()).resolve();
    ActorTestKit k = ActorTestKit.create("readside", config);
    Cluster cluster = Cluster.get(k.system());
    cluster.manager().tell(Join.create(cluster.selfMember().address()));
    k.createTestProbe().awaitAssert(AWAIT, () -> {
      assertEquals(MemberStatus.up(), cluster.selfMember().status());
      return null;
    });
    ReadSide.init(k.system());
    return k;
  }

  private ActorRef<ExecutionAgent.Command> spawn(String account, Settings settings) {
    return kit.spawn(ExecutionAgent.create(ExecutionAgent.entityId(TENANT, account, VENUE), settings, CLOCK));
  }

  private OrderView place(ActorRef<ExecutionAgent.Command> agent, String id, String pair, Side side, OrderType type,
      double price, double amount) {
    TestProbe<StatusReply<OrderView>> probe = kit.createTestProbe();
    agent.tell(new PlaceOrder(id, pair, side, type, price, amount, "alice", probe.ref()));
    StatusReply<OrderView> reply = probe.receiveMessage(AWAIT);
    assertTrue(reply.isSuccess(), () -> String.valueOf(reply.getError()));
    return reply.getValue();
  }

  private OrderView cancel(ActorRef<ExecutionAgent.Command> agent, String id) {
    TestProbe<StatusReply<OrderView>> probe = kit.createTestProbe();
    agent.tell(new CancelOrder(id, "alice", probe.ref()));
    return probe.receiveMessage(AWAIT).getValue();
  }

  private void tick(ActorRef<ExecutionAgent.Command> agent, String pair, Candle candle) {
    TestProbe<MarketDataApplied> probe = kit.createTestProbe();
    agent.tell(new OnMarketData(pair, List.of(candle), probe.ref()));
    assertNotNull(probe.receiveMessage(AWAIT));
  }

  private OrdersView orders(ActorRef<ExecutionAgent.Command> agent) {
    TestProbe<OrdersView> probe = kit.createTestProbe();
    agent.tell(new GetOrders(probe.ref()));
    return probe.receiveMessage(AWAIT);
  }

  /** Polls {@code check} until it passes (the read side trails the journal), then returns its value. */
  private <T> T await(org.apache.pekko.japi.function.Creator<T> check) {
    return kit.createTestProbe().awaitAssert(AWAIT, Duration.ofMillis(100), check);
  }

  private static <T> T get(java.util.concurrent.CompletionStage<T> stage) throws Exception {
    return stage.toCompletableFuture().get(AWAIT.toSeconds(), TimeUnit.SECONDS);
  }

  private static OrderRow byId(List<OrderRow> rows, String id) {
    return rows.stream().filter(r -> r.clientOrderId().equals(id)).findFirst().orElseThrow(() ->
        new AssertionError("no order " + id + " in " + rows));
  }

  private static void assertDecimal(String expected, BigDecimal actual) {
    assertDecimal(new BigDecimal(expected), actual);
  }

  private static void assertDecimal(BigDecimal expected, BigDecimal actual) {
    assertNotNull(actual, "expected " + expected);
    assertEquals(0, expected.compareTo(actual), () -> "expected " + expected + ", was " + actual);
  }

  private long count(String sql) throws SQLException {
    try (Connection c = connect(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
      assertTrue(rs.next());
      return rs.getLong(1);
    }
  }

  private void execute(String sql) throws SQLException {
    try (Connection c = connect(); PreparedStatement st = c.prepareStatement(sql)) {
      st.executeUpdate();
    }
  }

  private Connection connect() throws SQLException {
    return DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password());
  }
}
