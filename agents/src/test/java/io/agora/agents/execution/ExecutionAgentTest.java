package io.agora.agents.execution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import io.agora.agents.execution.ExecutionAgent.CancelOrder;
import io.agora.agents.execution.ExecutionAgent.Command;
import io.agora.agents.execution.ExecutionAgent.Event;
import io.agora.agents.execution.ExecutionAgent.FillNotice;
import io.agora.agents.execution.ExecutionAgent.GetOrders;
import io.agora.agents.execution.ExecutionAgent.MarketDataApplied;
import io.agora.agents.execution.ExecutionAgent.OnMarketData;
import io.agora.agents.execution.ExecutionAgent.OrderAccepted;
import io.agora.agents.execution.ExecutionAgent.OrderCanceled;
import io.agora.agents.execution.ExecutionAgent.OrderFilled;
import io.agora.agents.execution.ExecutionAgent.OrderPlaced;
import io.agora.agents.execution.ExecutionAgent.OrderStatus;
import io.agora.agents.execution.ExecutionAgent.OrderView;
import io.agora.agents.execution.ExecutionAgent.OrdersView;
import io.agora.agents.execution.ExecutionAgent.PlaceOrder;
import io.agora.agents.execution.ExecutionAgent.Settings;
import io.agora.agents.execution.ExecutionAgent.State;
import io.agora.agents.execution.ExecutionAgent.Subscribe;
import io.agora.core.paper.Candle;
import io.agora.core.paper.FillSettings;
import io.agora.core.paper.Liquidity;
import io.agora.core.paper.OrderType;
import io.agora.core.market.Side;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.pekko.Done;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.pattern.StatusReply;
import org.apache.pekko.persistence.testkit.javadsl.EventSourcedBehaviorTestKit;
import org.apache.pekko.persistence.testkit.javadsl.EventSourcedBehaviorTestKit.CommandResultWithReply;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ExecutionAgentTest {
  private static final double EPS = 1e-9;
  private static final String PAIR = "ETH/USDT";
  private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-01-02T03:04:05Z"), ZoneOffset.UTC);
  private static final Settings REALISTIC = new Settings(FillSettings.realistic(0.001, 0.002, 10, 0.1));
  private static final Settings FREQTRADE = new Settings(FillSettings.freqtrade(0.001));
  private static final AtomicInteger IDS = new AtomicInteger();

  private static ActorTestKit testKit;

  @BeforeAll
  static void start() {
    // the persistence module's reference.conf binds CborSerializable to jackson-cbor and turns Java serialization
    // off: the kit's serialization checks of commands, events and state then go through CBOR
    testKit = ActorTestKit.create(EventSourcedBehaviorTestKit.config().withFallback(ConfigFactory.load()));
  }

  @AfterAll
  static void stop() {
    testKit.shutdownTestKit();
  }

  private static EventSourcedBehaviorTestKit<Command, Event, State> kit(Settings settings) {
    String id = ExecutionAgent.entityId("acme", "acc" + IDS.incrementAndGet(), "paper");
    return EventSourcedBehaviorTestKit.create(testKit.system(), ExecutionAgent.create(id, settings, CLOCK));
  }

  private static Candle candle(long t, double o, double h, double l, double c, double v) {
    return new Candle(t, o, h, l, c, v);
  }

  private static final Candle C1 = candle(60_000, 100, 110, 90, 105, 50);
  private static final Candle C2 = candle(120_000, 105, 108, 94, 100, 50);
  private static final Candle C3 = candle(180_000, 100, 101, 92, 95, 50);

  private static CommandResultWithReply<Command, Event, State, StatusReply<OrderView>> place(
      EventSourcedBehaviorTestKit<Command, Event, State> kit, String id, Side side, OrderType type, double price,
      double amount) {
    return kit.runCommand(r -> new PlaceOrder(id, PAIR, side, type, price, amount, "alice", r));
  }

  private static CommandResultWithReply<Command, Event, State, MarketDataApplied> tick(
      EventSourcedBehaviorTestKit<Command, Event, State> kit, Candle... candles) {
    return kit.runCommand(r -> new OnMarketData(PAIR, List.of(candles), r));
  }

  @Test
  void placeAcceptPartialFill() {
    var kit = kit(REALISTIC);
    var placed = place(kit, "i1-0", Side.BUY, OrderType.LIMIT, 95, 12);
    assertEquals(List.of(
        new OrderPlaced("acme", "i1-0", PAIR, Side.BUY, OrderType.LIMIT, 95, 12, "alice", CLOCK.millis()),
        new OrderAccepted("acme", "i1-0")), placed.events());
    assertEquals(OrderStatus.ACCEPTED, placed.reply().getValue().status());

    // 10 % of a 50 volume candle: 5 per candle
    var first = tick(kit, C1);
    assertEquals(List.of("i1-0#1"), first.reply().fillIds());
    assertEquals(new OrderFilled("acme", "i1-0", "i1-0#1", 5, 95, 5 * 95 * 0.001, 0.001, Liquidity.MAKER, 60_000,
        false), first.event());
    OrderView o = first.state().order("i1-0");
    assertEquals(OrderStatus.PARTIALLY_FILLED, o.status());
    assertEquals(5, o.filled(), EPS);
    assertEquals(7, o.remaining(), EPS);

    // two candles in one command: one persistAll with both fills
    var rest = tick(kit, C2, C3);
    assertEquals(List.of("i1-0#2", "i1-0#3"), rest.reply().fillIds());
    List<Event> events = rest.events();
    assertEquals(2, events.size());
    OrderFilled f2 = (OrderFilled) events.get(0);
    OrderFilled f3 = (OrderFilled) events.get(1);
    assertEquals(5, f2.amount(), EPS);
    assertFalse(f2.completes());
    assertEquals(2, f3.amount(), EPS);
    assertTrue(f3.completes());
    assertEquals(2 * 95 * 0.001, f3.fee(), EPS);
    o = rest.state().order("i1-0");
    assertEquals(OrderStatus.FILLED, o.status());
    assertEquals(12, o.filled(), 0);
    assertEquals(12 * 95 * 0.001, o.totalFee(), EPS);
    assertEquals(3, o.fills().size());

    // a filled order takes no more fills
    assertTrue(tick(kit, candle(240_000, 95, 96, 94, 95, 50)).hasNoEvents());
  }

  @Test
  void marketOrderSlipsAndPaysTaker() {
    var kit = kit(REALISTIC);
    place(kit, "m-0", Side.SELL, OrderType.MARKET, 0, 1);
    OrderFilled f = (OrderFilled) tick(kit, C1).event();
    assertEquals(100 * (1 - 0.001), f.price(), EPS);
    assertEquals(Liquidity.TAKER, f.liquidity());
    assertEquals(f.price() * 0.002, f.fee(), EPS);
    assertTrue(f.completes());
  }

  @Test
  void ordersOnOneCandleShareItsVolume() {
    var kit = kit(REALISTIC);
    place(kit, "a-0", Side.BUY, OrderType.LIMIT, 95, 4);
    place(kit, "b-0", Side.BUY, OrderType.LIMIT, 96, 4);
    var r = tick(kit, C1); // budget 5: a takes 4, b takes 1
    assertEquals(List.of("a-0#1", "b-0#1"), r.reply().fillIds());
    assertEquals(OrderStatus.FILLED, r.state().order("a-0").status());
    assertEquals(1, r.state().order("b-0").filled(), EPS);
  }

  @Test
  void duplicatePlaceOrderIsANoOp() {
    var kit = kit(REALISTIC);
    var first = place(kit, "dup-0", Side.BUY, OrderType.LIMIT, 95, 12);
    tick(kit, C1);
    var again = place(kit, "dup-0", Side.BUY, OrderType.LIMIT, 95, 12);
    assertTrue(again.hasNoEvents());
    assertTrue(again.reply().isSuccess());
    assertEquals("dup-0", again.reply().getValue().clientOrderId());
    assertEquals(first.reply().getValue().placedAt(), again.reply().getValue().placedAt());
    assertEquals(OrderStatus.PARTIALLY_FILLED, again.reply().getValue().status()); // the existing order's view
    assertEquals(1, again.state().orders().size());

    var conflicting = place(kit, "dup-0", Side.SELL, OrderType.LIMIT, 95, 12);
    assertTrue(conflicting.hasNoEvents());
    assertTrue(conflicting.reply().isError());
  }

  @Test
  void cancelOpenOrder() {
    var kit = kit(REALISTIC);
    place(kit, "c-0", Side.BUY, OrderType.LIMIT, 95, 12);
    tick(kit, C1);
    var r = kit.<StatusReply<OrderView>>runCommand(rt -> new CancelOrder("c-0", "bob", rt));
    assertEquals(new OrderCanceled("acme", "c-0", "bob", CLOCK.millis()), r.event());
    assertEquals(OrderStatus.CANCELED, r.reply().getValue().status());
    assertEquals(5, r.reply().getValue().filled(), EPS);
    // a canceled order is no longer matched; a repeated cancel answers the same view without an event
    assertTrue(tick(kit, C2).hasNoEvents());
    var again = kit.<StatusReply<OrderView>>runCommand(rt -> new CancelOrder("c-0", "bob", rt));
    assertTrue(again.hasNoEvents());
    assertEquals(OrderStatus.CANCELED, again.reply().getValue().status());
  }

  @Test
  void cancelOfFilledOrderIsRejected() {
    var kit = kit(FREQTRADE);
    place(kit, "f-0", Side.BUY, OrderType.LIMIT, 95, 12);
    tick(kit, C1);
    var r = kit.<StatusReply<OrderView>>runCommand(rt -> new CancelOrder("f-0", "bob", rt));
    assertTrue(r.hasNoEvents());
    assertTrue(r.reply().isError());
    assertTrue(r.reply().getError().getMessage().contains("FILLED"), r.reply().getError().getMessage());
    assertEquals(OrderStatus.FILLED, r.state().order("f-0").status());

    var unknown = kit.<StatusReply<OrderView>>runCommand(rt -> new CancelOrder("nope-0", null, rt));
    assertTrue(unknown.reply().isError());
  }

  @Test
  void invalidOrderIsRejectedAndStaysRejected() {
    var kit = kit(REALISTIC);
    var r = place(kit, "bad-0", Side.BUY, OrderType.LIMIT, 95, 0);
    assertEquals(2, r.events().size());
    assertEquals(OrderStatus.REJECTED, r.reply().getValue().status());
    assertTrue(r.reply().getValue().rejectReason().contains("amount"));
    assertTrue(place(kit, "bad-0", Side.BUY, OrderType.LIMIT, 95, 0).hasNoEvents());
    assertTrue(kit.<StatusReply<OrderView>>runCommand(rt -> new CancelOrder("bad-0", null, rt)).reply().isError());
    assertTrue(tick(kit, C1).hasNoEvents());
    var badId = kit.<StatusReply<OrderView>>runCommand(
        rt -> new PlaceOrder("has space", PAIR, Side.BUY, OrderType.MARKET, 0, 1, null, rt));
    assertTrue(badId.hasNoEvents());
    assertTrue(badId.reply().isError());
  }

  @Test
  void limitOutsideTheRangeStaysOpen() {
    var kit = kit(REALISTIC);
    place(kit, "o-0", Side.BUY, OrderType.LIMIT, 89.5, 1);
    place(kit, "o-1", Side.SELL, OrderType.LIMIT, 110.5, 1);
    var r = tick(kit, C1);
    assertTrue(r.hasNoEvents());
    assertTrue(r.reply().fillIds().isEmpty());
    assertEquals(OrderStatus.ACCEPTED, r.state().order("o-0").status());
    assertEquals(OrderStatus.ACCEPTED, r.state().order("o-1").status());
    // other pairs' candles do not touch it
    var other = kit.<MarketDataApplied>runCommand(
        rt -> new OnMarketData("BTC/USDT", List.of(candle(60_000, 89, 89, 80, 85, 100)), rt));
    assertTrue(other.hasNoEvents());
  }

  @Test
  void redeliveredCandleFillsNothing() {
    var kit = kit(REALISTIC);
    place(kit, "r-0", Side.BUY, OrderType.LIMIT, 95, 12);
    tick(kit, C1);
    assertTrue(tick(kit, C1).hasNoEvents());
    assertEquals(5, kit.getState().order("r-0").filled(), EPS);
  }

  @Test
  void restartRebuildsIdenticalState() {
    var kit = kit(REALISTIC);
    place(kit, "x-0", Side.BUY, OrderType.LIMIT, 95, 12);
    place(kit, "x-1", Side.SELL, OrderType.MARKET, 0, 3);
    place(kit, "x-2", Side.BUY, OrderType.LIMIT, 50, 1);
    place(kit, "x-3", Side.BUY, OrderType.LIMIT, 0, 1);
    tick(kit, C1, C2);
    kit.<StatusReply<OrderView>>runCommand(rt -> new CancelOrder("x-2", "bob", rt));
    State before = kit.getState();
    assertEquals(4, before.orders().size());
    assertFalse(before.order("x-0").fills().isEmpty());
    State after = kit.restart().state();
    assertEquals(before, after);
    assertEquals(List.copyOf(before.orders().keySet()), List.copyOf(after.orders().keySet()));
    OrdersView view = kit.<OrdersView>runCommand(GetOrders::new).reply();
    assertEquals(List.copyOf(before.orders().values()), view.orders());
    assertEquals("acme", view.tenant());
    assertEquals("paper", view.venue());
  }

  @Test
  void restartAfterSnapshotRebuildsIdenticalState() {
    var kit = kit(FREQTRADE);
    int n = io.agora.agents.Snapshots.LARGE_STATE_EVERY / 2 + 5; // two events each: past the first snapshot
    for (int i = 0; i < n; i++) place(kit, "s-" + i, Side.BUY, OrderType.LIMIT, 95 + (i % 3), 1);
    tick(kit, C1);
    State before = kit.getState();
    assertEquals(before, kit.restart().state());
    assertEquals(OrderStatus.FILLED, before.order("s-" + (n - 1)).status());
  }

  @Test
  void fillsArePublishedOncePerFill() {
    var kit = kit(REALISTIC);
    TestProbe<FillNotice> sub = testKit.createTestProbe(FillNotice.class);
    assertEquals(Done.getInstance(), kit.<Done>runCommand(r -> new Subscribe(sub.ref(), r)).reply());
    kit.<Done>runCommand(r -> new Subscribe(sub.ref(), r)); // subscribing twice does not double the notices
    place(kit, "p-0", Side.BUY, OrderType.LIMIT, 95, 12);
    tick(kit, C1, C2, C3);
    FillNotice n1 = sub.receiveMessage();
    FillNotice n2 = sub.receiveMessage();
    FillNotice n3 = sub.receiveMessage();
    assertEquals(List.of("p-0#1", "p-0#2", "p-0#3"), List.of(n1.fillId(), n2.fillId(), n3.fillId()));
    assertEquals(OrderStatus.PARTIALLY_FILLED, n1.status());
    assertEquals(5, n1.filled(), EPS);
    assertEquals(10, n2.filled(), EPS);
    assertEquals(OrderStatus.FILLED, n3.status());
    assertEquals(12, n3.filled(), 0);
    assertEquals("acme", n1.tenant());
    assertEquals("paper", n1.venue());
    testKit.serializationTestKit().verifySerialization(n1, true);

    // nothing is re-published on a no-op tick or on recovery; the next message is the next fill, not a duplicate
    tick(kit, C3);
    kit.restart();
    kit.<Done>runCommand(r -> new Subscribe(sub.ref(), r)); // subscribers are in memory: subscribe again
    place(kit, "p-1", Side.SELL, OrderType.MARKET, 0, 1);
    tick(kit, candle(240_000, 95, 96, 94, 95, 50));
    assertEquals("p-1#1", sub.receiveMessage().fillId());
  }

  @Test
  void freqtradeModeMatchesBacktesterRules() {
    var kit = kit(FREQTRADE);
    place(kit, "ft-0", Side.BUY, OrderType.LIMIT, 93.5, 1_000); // far beyond 10 % of the volume
    place(kit, "ft-1", Side.SELL, OrderType.LIMIT, 110, 2); // on the high: inside
    place(kit, "ft-2", Side.BUY, OrderType.LIMIT, 89.99, 2); // below the low: stays open
    place(kit, "ft-3", Side.BUY, OrderType.MARKET, 0, 3); // at the open, no slippage
    var r = tick(kit, C1);
    assertEquals(List.of("ft-0#1", "ft-1#1", "ft-3#1"), r.reply().fillIds());
    OrderFilled f0 = (OrderFilled) r.events().get(0);
    assertEquals(93.5, f0.price(), 0);
    assertEquals(1_000, f0.amount(), 0);
    assertEquals(1_000 * 93.5 * 0.001, f0.fee(), EPS);
    assertTrue(f0.completes());
    assertEquals(110, ((OrderFilled) r.events().get(1)).price(), 0);
    assertEquals(100, ((OrderFilled) r.events().get(2)).price(), 0);
    assertEquals(OrderStatus.ACCEPTED, r.state().order("ft-2").status());
    assertNull(r.state().order("ft-2").rejectReason());
  }

  @Test
  void placeAndMatchPlacesAndFillsInOneWriteAndIsIdempotent() {
    var kit = kit(REALISTIC);
    var r = kit.<StatusReply<OrderView>>runCommand(x -> new ExecutionAgent.PlaceAndMatch("pm-0", PAIR, Side.BUY,
        OrderType.LIMIT, 95, 12, null, C1, x));
    // placed, accepted and the candle's fill (10 % of 50 = 5) in one command's events
    assertEquals(3, r.events().size());
    assertEquals(new OrderFilled("acme", "pm-0", "pm-0#1", 5, 95, 5 * 95 * 0.001, 0.001, Liquidity.MAKER, 60_000,
        false), r.events().get(2));
    OrderView o = r.reply().getValue();
    assertEquals(OrderStatus.PARTIALLY_FILLED, o.status());
    assertEquals(5, o.filled(), EPS);
    // a retry answers the order as it is and writes nothing
    var again = kit.<StatusReply<OrderView>>runCommand(x -> new ExecutionAgent.PlaceAndMatch("pm-0", PAIR, Side.BUY,
        OrderType.LIMIT, 95, 12, null, C1, x));
    assertTrue(again.events().isEmpty());
    assertEquals(o, again.reply().getValue());
    // a price outside the candle's range: placed and accepted, nothing filled
    var miss = kit.<StatusReply<OrderView>>runCommand(x -> new ExecutionAgent.PlaceAndMatch("pm-1", PAIR, Side.BUY,
        OrderType.LIMIT, 80, 1, null, C1, x));
    assertEquals(2, miss.events().size());
    assertEquals(OrderStatus.ACCEPTED, miss.reply().getValue().status());
    // an invalid amount is rejected, as a plain placement
    var bad = kit.<StatusReply<OrderView>>runCommand(x -> new ExecutionAgent.PlaceAndMatch("pm-2", PAIR, Side.BUY,
        OrderType.LIMIT, 95, -1, null, C1, x));
    assertEquals(OrderStatus.REJECTED, bad.reply().getValue().status());
    // the lookup
    var found = kit.<ExecutionAgent.OrderLookup>runCommand(x -> new ExecutionAgent.GetOrder("pm-0", x)).reply();
    assertEquals(o, found.order());
    assertEquals(null, kit.<ExecutionAgent.OrderLookup>runCommand(x -> new ExecutionAgent.GetOrder("nope", x))
        .reply().order());
  }

  private static CommandResultWithReply<Command, Event, State, StatusReply<OrderView>> placeAndMatch(
      EventSourcedBehaviorTestKit<Command, Event, State> kit, String id, double price) {
    return kit.runCommand(x -> new ExecutionAgent.PlaceAndMatch(id, PAIR, Side.BUY, OrderType.LIMIT, price, 1, null,
        C1, x));
  }

  @Test
  void closedOrdersBeyondTheLimitAreRetiredAndTheirIdsStayRefused() {
    var kit = kit(new Settings(FillSettings.freqtrade(0.001), 2));
    assertEquals(OrderStatus.ACCEPTED, placeAndMatch(kit, "open-0", 50).reply().getValue().status()); // below the low
    for (int i = 1; i <= 4; i++) {
      assertEquals(OrderStatus.FILLED, placeAndMatch(kit, "f-" + i, 100).reply().getValue().status());
    }
    // the open order stays however old; of the four closed, the two most recent
    State s = kit.getState();
    assertEquals(List.of("open-0", "f-3", "f-4"), List.copyOf(s.orders().keySet()));
    assertEquals(2, s.closedHeld());
    assertEquals(List.of("open-0", "f-3", "f-4"),
        kit.<OrdersView>runCommand(GetOrders::new).reply().orders().stream().map(OrderView::clientOrderId).toList());
    assertTrue(s.retired("f-1"));
    assertTrue(s.retired("f-2"));
    assertFalse(s.retired("f-3"));

    // a retired id is refused by either placement, never placed a second time
    var again = place(kit, "f-1", Side.BUY, OrderType.LIMIT, 100, 1);
    assertTrue(again.hasNoEvents());
    String refused = again.reply().getError().getMessage();
    assertTrue(refused.contains("never used twice"), refused);
    var againMatched = placeAndMatch(kit, "f-2", 100);
    assertTrue(againMatched.hasNoEvents());
    assertTrue(againMatched.reply().isError());
    var cancel = kit.<StatusReply<OrderView>>runCommand(r -> new CancelOrder("f-1", "bob", r));
    String notCanceled = cancel.reply().getError().getMessage();
    assertTrue(notCanceled.contains("no longer held"), notCanceled);
    assertNull(kit.<ExecutionAgent.OrderLookup>runCommand(x -> new ExecutionAgent.GetOrder("f-1", x)).reply().order());

    // the open order's later fill, and a recovery from the journal, keep the same orders and retired ids
    tick(kit, candle(120_000, 60, 70, 40, 55, 50));
    assertEquals(OrderStatus.FILLED, kit.getState().order("open-0").status());
    assertEquals(3, kit.getState().closedHeld()); // closed by a fill: retired at the next placement
    placeAndMatch(kit, "f-5", 100);
    assertEquals(List.of("f-4", "f-5"), List.copyOf(kit.getState().orders().keySet()));
    assertTrue(kit.getState().retired("open-0"));
    State before = kit.getState();
    assertEquals(before, kit.restart().state());
  }

  @Test
  void closedOrdersKeptBelowOneIsRefusedNamingTheSetting() {
    IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
        () -> Settings.fromConfig(ConfigFactory.parseString("agora.execution.closed-orders-kept = 0")
            .withFallback(ConfigFactory.load())));
    assertTrue(e.getMessage().contains("agora.execution.closed-orders-kept must be at least 1"), e.getMessage());
    assertEquals(Settings.DEFAULT_CLOSED_ORDERS_KEPT, Settings.fromConfig(ConfigFactory.load()).closedOrdersKept());
  }

  @Test
  void aSnapshotWithoutCountsCountsItsClosedOrders() {
    OrderView open = new OrderView("a-0", PAIR, Side.BUY, OrderType.LIMIT, 90, 1, 0, OrderStatus.ACCEPTED, null, null,
        0, List.of());
    OrderView done = new OrderView("a-1", PAIR, Side.BUY, OrderType.LIMIT, 90, 1, 0, OrderStatus.CANCELED, null, null,
        0, List.of());
    State legacy = new State(new java.util.LinkedHashMap<>(java.util.Map.of("a-0", open, "a-1", done)), null, null);
    assertEquals(1, legacy.closedHeld());
    assertTrue(legacy.retiredIds().isEmpty());
  }

  @Test
  void aSnapshotWrittenBeforeRetirementReadsThroughTheSerializer() throws Exception {
    // the shape of State's snapshots before closedHeld and retiredIds existed: {"orders": {...}}
    OrderView done = new OrderView("b-1", PAIR, Side.SELL, OrderType.MARKET, 0, 2, 2, OrderStatus.FILLED, null, null,
        0, List.of(new ExecutionAgent.FillView("b-1#1", 2, 100, 0.2, Liquidity.TAKER, 60_000)));
    var classic = org.apache.pekko.actor.typed.javadsl.Adapter.toClassic(testKit.system());
    var mapper = org.apache.pekko.serialization.jackson.JacksonObjectMapperProvider.get(classic)
        .getOrCreate("jackson-cbor", java.util.Optional.empty());
    byte[] legacy = mapper.writeValueAsBytes(java.util.Map.of("orders", java.util.Map.of("b-1", done)));
    var serialization = org.apache.pekko.serialization.SerializationExtension.get(classic);
    int serializerId = serialization.serializerFor(State.class).identifier();
    State read = (State) serialization.deserialize(legacy, serializerId, State.class.getName()).get();
    assertEquals(done, read.order("b-1"));
    assertEquals(1, read.closedHeld());
    assertTrue(read.retiredIds().isEmpty());
  }

  @Test
  void retiredIdHashesAreFnv1a64() {
    // pinned: the hashes are in snapshots, so they must not change between versions or JVMs
    assertEquals(0xaf63dc4c8601ec8cL, State.idHash("a"));
    assertEquals(0xcbf29ce484222325L, State.idHash(""));
  }
}
