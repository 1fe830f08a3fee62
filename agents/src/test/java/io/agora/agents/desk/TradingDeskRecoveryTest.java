package io.agora.agents.desk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agora.agents.AccountId;
import io.agora.agents.TestConfig;
import io.agora.agents.capital.CapitalAgent;
import io.agora.agents.execution.ExecutionAgent;
import io.agora.agents.execution.ExecutionAgent.OrderStatus;
import io.agora.agents.execution.ExecutionAgent.OrderView;
import io.agora.agents.marketdata.Candle;
import io.agora.agents.meta.MetaDecisionAgent;
import io.agora.agents.risk.RiskAgent;
import io.agora.agents.strategy.StrategyAgent;
import io.agora.core.market.Side;
import io.agora.core.market.Timeframe;
import io.agora.core.meta.Decision;
import io.agora.core.meta.Direction;
import io.agora.core.paper.Liquidity;
import io.agora.core.paper.OrderType;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.RecipientRef;
import org.apache.pekko.pattern.StatusReply;
import org.apache.pekko.persistence.testkit.javadsl.PersistenceTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * A desk that dies in the middle of an intent, after its order was filled and the fill applied to capital but
 * before the intent was settled, and recovers: the peers are probes, so the test plays each agent's answers and
 * sees every ask the desk makes.
 */
class TradingDeskRecoveryTest {
  private static final ActorTestKit testKit = ActorTestKit.create(TestConfig.config());
  private static final String PAIR = "BTC/USDT";
  private static final long T0 = 1_704_067_200_000L;

  @AfterAll
  static void stop() {
    testKit.shutdownTestKit();
  }

  private final TestProbe<MetaDecisionAgent.Command> meta = testKit.createTestProbe();
  private final TestProbe<CapitalAgent.Command> capital = testKit.createTestProbe();
  private final TestProbe<RiskAgent.Command> risk = testKit.createTestProbe();
  private final TestProbe<ExecutionAgent.Command> execution = testKit.createTestProbe();
  private final TestProbe<StrategyAgent.Command> strategy = testKit.createTestProbe();

  private final TradingDesk.Peers peers = new TradingDesk.Peers() {
    @Override
    public RecipientRef<MetaDecisionAgent.Command> meta(String entityId) {
      return meta.getRef();
    }

    @Override
    public RecipientRef<CapitalAgent.Command> capital(String entityId) {
      return capital.getRef();
    }

    @Override
    public RecipientRef<RiskAgent.Command> risk(String entityId) {
      return risk.getRef();
    }

    @Override
    public RecipientRef<ExecutionAgent.Command> execution(String entityId) {
      return execution.getRef();
    }

    @Override
    public RecipientRef<StrategyAgent.Command> strategy(String entityId) {
      return strategy.getRef();
    }
  };

  private static final Candle CANDLE = new Candle(PAIR, Timeframe.parse("5m"), T0, 100, 101, 99, 100.5, 1000);
  private static final MetaDecisionAgent.IntentOutcome LONG_DECISION = new MetaDecisionAgent.IntentOutcome(PAIR, true,
      true, new Decision(PAIR, Direction.LONG, 1.0, List.of("acme|ema"), "unanimous"), "decided");

  private ActorRef<TradingDesk.Command> spawnDesk(String entityId) {
    return testKit.spawn(TradingDesk.create(entityId, peers, Duration.ofSeconds(3)));
  }

  /** A desk of account {@code tenant|account}, configured for paper trading. */
  private ActorRef<TradingDesk.Command> configuredDesk(String entityId) {
    ActorRef<TradingDesk.Command> desk = spawnDesk(entityId);
    TestProbe<StatusReply<TradingDesk.DeskView>> configured = testKit.createTestProbe();
    desk.tell(new TradingDesk.Configure(TradingDesk.DeskConfig.paper("USDT", "desk",
        AccountId.parse(entityId).account()), "alice", configured.getRef()));
    assertTrue(configured.receiveMessage().isSuccess());
    return desk;
  }

  private static TradingDesk.StrategyFact entry(long time) {
    return new TradingDesk.StrategyFact("acme|ema", "EmaCrossover", PAIR, Direction.LONG, 100, 50, CANDLE, time,
        "entry");
  }

  /**
   * The start of the first intent after a (re)start, a retry: the order is looked up (not found) and any reservation
   * under its id released. Returns its client order id.
   */
  private String expectRetryStart() {
    ExecutionAgent.GetOrder lookup = execution.expectMessageClass(ExecutionAgent.GetOrder.class);
    lookup.replyTo().tell(new ExecutionAgent.OrderLookup(lookup.clientOrderId(), null));
    CapitalAgent.Release release = capital.expectMessageClass(CapitalAgent.Release.class);
    assertEquals(lookup.clientOrderId(), release.clientOrderId());
    release.replyTo().tell(StatusReply.ack());
    return lookup.clientOrderId();
  }

  /** Sizing, reservation and risk's approval of {@code cid}, all granted. */
  private void grantSizeReserveAndRisk(String cid) {
    capital.expectMessageClass(CapitalAgent.SizePosition.class).replyTo()
        .tell(StatusReply.success(new CapitalAgent.SizeView(new BigDecimal("0.5"), new BigDecimal("50"))));
    CapitalAgent.Reserve reserve = capital.expectMessageClass(CapitalAgent.Reserve.class);
    assertEquals(cid, reserve.clientOrderId());
    reserve.replyTo().tell(StatusReply.ack());
    risk.expectMessageClass(RiskAgent.CheckOrder.class).replyTo().tell(new RiskAgent.Approved(cid));
  }

  @Test
  void aRecoveredIntentIsLookedUpAtTheVenueBeforeItsFundsAreReservedAgain() {
    String id = "acme|recovers";
    ActorRef<TradingDesk.Command> desk = configuredDesk(id);
    TestProbe<StatusReply<TradingDesk.FactOutcome>> answered = testKit.createTestProbe();
    desk.tell(new TradingDesk.OnStrategyFact(entry(T0), answered.getRef()));
    meta.expectMessageClass(MetaDecisionAgent.SubmitIntent.class).replyTo().tell(StatusReply.success(LONG_DECISION));
    String cid = ExecutionAgent.clientOrderId(answered.receiveMessage().getValue().intentId(), 0);

    // the first intent after a (re)start is a retry: nothing at the venue, no reservation left behind
    assertEquals(cid, expectRetryStart());
    // the first drive: sized, reserved, approved, placed and filled, the fill applied to capital
    grantSizeReserveAndRisk(cid);
    OrderView filled = new OrderView(cid, PAIR, Side.BUY, OrderType.LIMIT, 100, 0.5, 0.5, OrderStatus.FILLED, null,
        null, T0, List.of(new ExecutionAgent.FillView(cid + "#1", 0.5, 100, 0.05, Liquidity.MAKER, T0)));
    execution.expectMessageClass(ExecutionAgent.PlaceAndMatch.class).replyTo().tell(StatusReply.success(filled));
    capital.expectMessageClass(CapitalAgent.ApplyFill.class).replyTo().tell(StatusReply.ack());
    // ... and the desk dies while it values the account, before the intent is settled
    capital.expectMessageClass(CapitalAgent.GetView.class);
    testKit.stop(desk);

    ActorRef<TradingDesk.Command> recovered = spawnDesk(id);
    // a first attempt would size and reserve again: a reservation no fill would ever consume (the order is filled)
    ExecutionAgent.GetOrder lookup = execution.expectMessageClass(ExecutionAgent.GetOrder.class);
    assertEquals(cid, lookup.clientOrderId());
    capital.expectNoMessage(Duration.ofMillis(100));
    lookup.replyTo().tell(new ExecutionAgent.OrderLookup(cid, filled));
    capital.expectMessageClass(CapitalAgent.ApplyFill.class).replyTo().tell(StatusReply.ack()); // ignored there
    capital.expectMessageClass(CapitalAgent.GetView.class).replyTo().tell(new CapitalAgent.AccountView(
        AccountId.parse(id), Map.of("USDT", new BigDecimal("949.95"), "BTC", new BigDecimal("0.5")), Map.of(),
        Map.of(), Map.of("USDT", new BigDecimal("0.05")), Map.of(), "USDT", new BigDecimal("1000.2"), List.of()));
    risk.expectMessageClass(RiskAgent.RecordExecution.class).replyTo().tell(StatusReply.ack());
    strategy.expectMessageClass(StrategyAgent.OnOrderUpdate.class);

    TestProbe<TradingDesk.DeskView> view = testKit.createTestProbe();
    TradingDesk.State s = view.awaitAssert(() -> {
      recovered.tell(new TradingDesk.GetView(view.getRef()));
      TradingDesk.State st = view.receiveMessage().state();
      assertTrue(st.pending().isEmpty(), "settled");
      return st;
    });
    assertEquals(1, s.filled());
    assertEquals(0, new BigDecimal("0.5").compareTo(s.book(PAIR).held()));
    capital.expectNoMessage(Duration.ofMillis(100));
  }

  @Test
  void anIntentWhoseWriteFailedIsNeverPlacedAndItsReservationIsReleasedBeforeTheNextIntentReserves() {
    PersistenceTestKit journal = PersistenceTestKit.create(testKit.system());
    String id = "acme|orphan";
    ActorRef<TradingDesk.Command> desk = configuredDesk(id);
    TradingDesk.StrategyFact fact = entry(T0);
    TestProbe<StatusReply<TradingDesk.FactOutcome>> answered = testKit.createTestProbe();

    // the intent's write fails, while its drive (started during the write) reserves funds and gets risk's approval
    journal.failNextPersisted("TradingDesk|" + id);
    desk.tell(new TradingDesk.OnStrategyFact(fact, answered.getRef()));
    meta.expectMessageClass(MetaDecisionAgent.SubmitIntent.class).replyTo().tell(StatusReply.success(LONG_DECISION));
    String cid = expectRetryStart();
    grantSizeReserveAndRisk(cid);
    // never placed: its client order id was never durable
    execution.expectNoMessage(Duration.ofMillis(500));
    answered.expectNoMessage(Duration.ofMillis(10));

    // the desk restarted with nothing of that intent; the strategy delivers the fact again
    TestProbe<TradingDesk.DeskView> view = testKit.createTestProbe();
    view.awaitAssert(() -> {
      desk.tell(new TradingDesk.GetView(view.getRef()));
      TradingDesk.State st = view.receiveMessage(Duration.ofMillis(200)).state();
      assertTrue(st.pending().isEmpty() && st.seq() == 0, "recovered without the intent");
      return st;
    });
    desk.tell(new TradingDesk.OnStrategyFact(fact, answered.getRef()));
    meta.expectMessageClass(MetaDecisionAgent.SubmitIntent.class).replyTo().tell(StatusReply.success(LONG_DECISION));
    // the next intent has the same number, so the same client order id, and the reservation the failed intent left
    // is released before anything is reserved under that id again
    assertEquals(cid, expectRetryStart());
    grantSizeReserveAndRisk(cid);
    assertEquals(cid, execution.expectMessageClass(ExecutionAgent.PlaceAndMatch.class).clientOrderId());
    assertEquals(cid, ExecutionAgent.clientOrderId(answered.receiveMessage().getValue().intentId(), 0));
  }

  @Test
  void theDeskDrivesOnTheMetaAgentsTentativeAnswerAndAcknowledgesTheFactOnlyAfterItsWrite() {
    ActorRef<TradingDesk.Command> desk = configuredDesk("acme|tentative");
    TestProbe<StatusReply<TradingDesk.FactOutcome>> answered = testKit.createTestProbe();

    desk.tell(new TradingDesk.OnStrategyFact(entry(T0), answered.getRef()));
    MetaDecisionAgent.SubmitIntent submitted = meta.expectMessageClass(MetaDecisionAgent.SubmitIntent.class);
    submitted.tentative().tell(new MetaDecisionAgent.Tentative(submitted.intent(), LONG_DECISION));
    // the intent is driven while the meta agent still writes its vote ...
    String cid = expectRetryStart();
    capital.expectMessageClass(CapitalAgent.SizePosition.class);
    // ... but the strategy hears of it only once that vote is durable
    answered.expectNoMessage(Duration.ofMillis(200));
    submitted.replyTo().tell(StatusReply.success(LONG_DECISION));
    TradingDesk.FactOutcome outcome = answered.receiveMessage().getValue();
    assertEquals(cid, ExecutionAgent.clientOrderId(outcome.intentId(), 0));

    // the next fact: the meta agent's write fails after its tentative answer; the strategy is told to deliver again
    desk.tell(new TradingDesk.OnStrategyFact(entry(T0 + 1), answered.getRef()));
    MetaDecisionAgent.SubmitIntent second = meta.expectMessageClass(MetaDecisionAgent.SubmitIntent.class);
    second.tentative().tell(new MetaDecisionAgent.Tentative(second.intent(), LONG_DECISION));
    // a late tentative answer for another intent is ignored
    second.tentative().tell(new MetaDecisionAgent.Tentative(submitted.intent(), LONG_DECISION));
    second.replyTo().tell(StatusReply.error("journal down"));
    assertTrue(answered.receiveMessage().isError(), "the fact is not acknowledged: the vote may be lost");
    TestProbe<TradingDesk.DeskView> view = testKit.createTestProbe();
    desk.tell(new TradingDesk.GetView(view.getRef()));
    TradingDesk.State st = view.receiveMessage().state();
    assertEquals(1, st.seq(), "the repeated LONG made no second intent");
    assertEquals(Direction.LONG, st.book(PAIR).ordered());
  }

  @Test
  void anIntentDecidedOnATentativeAnswerWhoseWriteFailedIsDecidedAgainOnTheDurableAnswer() {
    PersistenceTestKit journal = PersistenceTestKit.create(testKit.system());
    String id = "acme|redecides";
    ActorRef<TradingDesk.Command> desk = configuredDesk(id);
    TestProbe<StatusReply<TradingDesk.FactOutcome>> answered = testKit.createTestProbe();

    journal.failNextPersisted("TradingDesk|" + id);
    desk.tell(new TradingDesk.OnStrategyFact(entry(T0), answered.getRef()));
    MetaDecisionAgent.SubmitIntent submitted = meta.expectMessageClass(MetaDecisionAgent.SubmitIntent.class);
    submitted.tentative().tell(new MetaDecisionAgent.Tentative(submitted.intent(), LONG_DECISION));
    String cid = expectRetryStart(); // the drive of the intent whose write fails
    capital.expectMessageClass(CapitalAgent.SizePosition.class);
    TestProbe<TradingDesk.DeskView> view = testKit.createTestProbe();
    view.awaitAssert(() -> {
      desk.tell(new TradingDesk.GetView(view.getRef()));
      assertEquals(0, view.receiveMessage(Duration.ofMillis(200)).state().seq(), "restarted without the intent");
      return null;
    });

    // the durable answer reaches the restarted desk: the decision taken before is gone with the write, so the fact
    // is decided again and the strategy is answered with an intent that exists
    submitted.replyTo().tell(StatusReply.success(LONG_DECISION));
    TradingDesk.FactOutcome outcome = answered.receiveMessage().getValue();
    assertEquals(cid, ExecutionAgent.clientOrderId(outcome.intentId(), 0));
    TestProbe<TradingDesk.DeskView> after = testKit.createTestProbe(); // the other may hold late answers
    desk.tell(new TradingDesk.GetView(after.getRef()));
    TradingDesk.State st = after.receiveMessage().state();
    assertEquals(1, st.seq());
    assertTrue(st.pending().containsKey(outcome.intentId()), "the intent the strategy was told of is written");
    assertEquals(cid, expectRetryStart(), "its drive starts as a retry, releasing what the failed one reserved");
  }
}
