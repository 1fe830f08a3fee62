package io.agora.agents.capital;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agora.agents.AccountId;
import io.agora.agents.TestConfig;
import io.agora.agents.capital.CapitalAgent.AccountView;
import io.agora.agents.capital.CapitalAgent.State;
import io.agora.core.capital.PositionSizing;
import io.agora.core.market.Side;
import io.agora.core.market.Instrument;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.pekko.Done;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.pattern.StatusReply;
import org.apache.pekko.persistence.testkit.javadsl.EventSourcedBehaviorTestKit;
import org.apache.pekko.persistence.testkit.javadsl.EventSourcedBehaviorTestKit.CommandResultWithReply;
import org.apache.pekko.serialization.SerializationExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class CapitalAgentTest {
  private static final AccountId ACCOUNT = new AccountId("acme", "main");
  private static final Instant T = Instant.parse("2026-11-05T10:00:00Z");
  private static ActorTestKit testKit;
  private EventSourcedBehaviorTestKit<CapitalAgent.Command, CapitalAgent.Event, State> kit;

  @BeforeAll
  static void start() {
    testKit = ActorTestKit.create("capital", TestConfig.config());
  }

  @AfterAll
  static void stop() {
    testKit.shutdownTestKit();
  }

  @BeforeEach
  void fresh() {
    kit = EventSourcedBehaviorTestKit.create(testKit.system(), CapitalAgent.create(ACCOUNT.entityId()));
    kit.clear();
  }

  private static BigDecimal d(String s) {
    return new BigDecimal(s);
  }

  private CommandResultWithReply<CapitalAgent.Command, CapitalAgent.Event, State, StatusReply<Done>> deposit(String cur, String amt) {
    return kit.runCommand(r -> new CapitalAgent.Deposit(cur, d(amt), "wire-1", "alice", T, r));
  }

  private StatusReply<Done> allocate(String strategy, String cap) {
    return kit.<StatusReply<Done>>runCommand(r -> new CapitalAgent.SetAllocation(strategy, "USDT", d(cap), "alice", T, r)).reply();
  }

  private StatusReply<Done> reserve(String coid, String strategy, Side side, String cur, String amt) {
    return kit.<StatusReply<Done>>runCommand(r -> new CapitalAgent.Reserve(coid, strategy, side, cur, d(amt), null, T, r)).reply();
  }

  private CommandResultWithReply<CapitalAgent.Command, CapitalAgent.Event, State, StatusReply<Done>> fill(
      String coid, String fillId, Side side, String amount, String price, String fee, String feeCur, boolean complete) {
    return kit.runCommand(r -> new CapitalAgent.ApplyFill(coid, fillId, "BTC/USDT", side, d(amount), d(price),
        fee == null ? null : d(fee), feeCur, complete, T, r));
  }

  private AccountView view(Map<String, BigDecimal> prices) {
    return kit.<AccountView>runCommand(r -> new CapitalAgent.GetView("USDT", prices, r)).reply();
  }

  private static void assertError(String fragment, StatusReply<?> reply) {
    assertTrue(reply.isError(), "expected an error containing '" + fragment + "'");
    assertTrue(reply.getError().getMessage().contains(fragment), reply.getError().getMessage());
  }

  private static void assertAmount(String expected, BigDecimal actual) {
    assertEquals(0, d(expected).compareTo(actual), "expected " + expected + " got " + actual);
  }

  @Test
  void protocolIsBoundToCborNotJava() {
    var ser = SerializationExtension.get(testKit.system().classicSystem())
        .findSerializerFor(new CapitalAgent.FundsDeposited(ACCOUNT, "USDT", d("1"), null, null, T));
    assertEquals("org.apache.pekko.serialization.jackson.JacksonCborSerializer", ser.getClass().getName());
  }

  @Test
  void depositRecordsTenantAndPrincipal() {
    var result = deposit("USDT", "1000.50");
    assertTrue(result.reply().isSuccess());
    var e = result.eventOfType(CapitalAgent.FundsDeposited.class);
    assertEquals(ACCOUNT, e.account());
    assertEquals("alice", e.principal());
    assertAmount("1000.50", result.state().ledger().balance("USDT"));
  }

  @Test
  void invalidDepositIsRejectedWithoutEvent() {
    var result = kit.<StatusReply<Done>>runCommand(r -> new CapitalAgent.Deposit("USDT", d("-1"), null, "alice", T, r));
    assertError("deposit amount must be > 0", result.reply());
    assertTrue(result.hasNoEvents());
  }

  @Test
  void withdrawalBeyondAvailableIsRejected() {
    deposit("USDT", "100");
    allocate("s1", "100");
    assertTrue(reserve("o1", "s1", Side.BUY, "USDT", "60").isSuccess());
    var r = kit.<StatusReply<Done>>runCommand(rt -> new CapitalAgent.Withdraw("USDT", d("41"), null, "bob", T, rt));
    assertError("insufficient available USDT: 40 < 41", r.reply());
    assertTrue(r.hasNoEvents());
    var ok = kit.<StatusReply<Done>>runCommand(rt -> new CapitalAgent.Withdraw("USDT", d("40"), "out", "bob", T, rt));
    assertEquals("bob", ok.eventOfType(CapitalAgent.FundsWithdrawn.class).principal());
    assertAmount("60", ok.state().ledger().balance("USDT"));
  }

  @Test
  void reservationRespectsBudgetAndAvailability() {
    deposit("USDT", "1000");
    assertError("has no allocation", reserve("o1", "s1", Side.BUY, "USDT", "10"));
    allocate("s1", "300");
    assertTrue(reserve("o1", "s1", Side.BUY, "USDT", "200").isSuccess());
    assertError("budget of s1 exceeded: 301 > cap 300", reserve("o2", "s1", Side.BUY, "USDT", "101"));
    allocate("s2", "5000");
    assertError("insufficient available USDT: 800 < 801", reserve("o3", "s2", Side.BUY, "USDT", "801"));
    assertError("allocated USDT, not BTC", reserve("o4", "s1", Side.BUY, "BTC", "1"));
    // retry of the same reservation is acknowledged without a second event; a conflicting one is refused
    var retry = kit.<StatusReply<Done>>runCommand(r -> new CapitalAgent.Reserve("o1", "s1", Side.BUY, "USDT", d("200"), null, T, r));
    assertTrue(retry.reply().isSuccess());
    assertTrue(retry.hasNoEvents());
    assertError("different reservation", reserve("o1", "s1", Side.BUY, "USDT", "201"));
    assertAmount("800", view(Map.of()).available().get("USDT"));
  }

  @Test
  void releaseFreesTheReservation() {
    deposit("USDT", "1000");
    allocate("s1", "1000");
    reserve("o1", "s1", Side.BUY, "USDT", "400");
    var r = kit.<StatusReply<Done>>runCommand(rt -> new CapitalAgent.Release("o1", "cancelled", null, T, rt));
    assertInstanceOf(CapitalAgent.ReservationReleased.class, r.event());
    assertTrue(r.state().reservations().isEmpty());
    var again = kit.<StatusReply<Done>>runCommand(rt -> new CapitalAgent.Release("o1", "cancelled", null, T, rt));
    assertTrue(again.reply().isSuccess());
    assertTrue(again.hasNoEvents());
  }

  @Test
  void fillsConsumeTheReservationAndMoveBalances() {
    deposit("USDT", "1000");
    allocate("s1", "1000");
    reserve("o1", "s1", Side.BUY, "USDT", "510");
    var f1 = fill("o1", "f1", Side.BUY, "0.002", "100000", "0.2", "USDT", false);
    assertEquals("s1", f1.eventOfType(CapitalAgent.FillApplied.class).strategy());
    State s = f1.state();
    assertAmount("799.8", s.ledger().balance("USDT"));
    assertAmount("0.002", s.ledger().balance("BTC"));
    assertAmount("309.8", s.reservations().get("o1").amount());
    assertAmount("490", s.available("USDT")); // available unchanged by consuming a reservation
    s = fill("o1", "f2", Side.BUY, "0.001", "100000", "0.1", "USDT", true).state();
    assertTrue(s.reservations().isEmpty(), "complete order releases the rest");
    assertAmount("699.7", s.available("USDT"));
    assertAmount("300", s.deployed().get("s1"));
    assertAmount("700", s.allocations().get("s1").cap().subtract(s.budgetUsed("s1")));
  }

  @Test
  void retriedFillIsAcknowledgedWithoutSecondEvent() {
    deposit("USDT", "1000");
    fill("o1", "f1", Side.BUY, "0.001", "100000", "0.1", "USDT", false);
    var retry = fill("o1", "f1", Side.BUY, "0.001", "100000", "0.1", "USDT", false);
    assertTrue(retry.reply().isSuccess());
    assertTrue(retry.hasNoEvents());
    assertAmount("899.9", retry.state().ledger().balance("USDT"));
    // same fill id on another order is a different fill
    assertTrue(fill("o2", "f1", Side.SELL, "0.001", "100000", null, null, true).hasNoEvents() == false);
  }

  @Test
  void invalidFillIsRejected() {
    var r = kit.<StatusReply<Done>>runCommand(rt -> new CapitalAgent.ApplyFill("o1", "f1", "BTCUSDT", Side.BUY,
        d("1"), d("1"), null, null, true, T, rt));
    assertError("invalid fill", r.reply());
    assertTrue(r.hasNoEvents());
  }

  @Test
  void viewValuesEquityAndListsUnpricedCurrencies() {
    deposit("USDT", "1000");
    fill("o1", "f1", Side.BUY, "0.01", "50000", "0.0001", "BNB", true);
    AccountView v = view(Map.of("BTC", d("60000")));
    assertAmount("1100", v.equity()); // 500 USDT + 0.01 BTC at 60000
    assertEquals(List.of("BNB"), v.unpriced());
    assertAmount("0.0001", v.feesPaid().get("BNB"));
    assertEquals(ACCOUNT, v.account());
  }

  @Test
  void sizingUsesTheStrategyBudgetAndInstrumentSteps() {
    deposit("USDT", "10000");
    allocate("s1", "1000");
    Instrument btc = Instrument.of("BTC/USDT").withConstraints(0.01, 0.001, 10);
    var sized = kit.<StatusReply<CapitalAgent.SizeView>>runCommand(r -> new CapitalAgent.SizePosition("s1", btc,
        new PositionSizing.FractionOfEquity(d("0.5")), d("30000"), null, r));
    assertTrue(sized.hasNoEvents());
    assertAmount("0.016", sized.reply().getValue().amount()); // 500 / 30000 = 0.01666 -> 0.016
    reserve("o1", "s1", Side.BUY, "USDT", "995");
    var refused = kit.<StatusReply<CapitalAgent.SizeView>>runCommand(r -> new CapitalAgent.SizePosition("s1", btc,
        new PositionSizing.FixedStake(d("100")), d("30000"), null, r));
    assertError("step size", refused.reply());
  }

  @Test
  void restartRebuildsIdenticalState() {
    deposit("USDT", "1000");
    allocate("s1", "800");
    reserve("o1", "s1", Side.BUY, "USDT", "300");
    fill("o1", "f1", Side.BUY, "0.002", "100000", "0.2", "USDT", false);
    fill("o2", "f1", Side.SELL, "0.001", "110000", "0.11", "USDT", true);
    State before = kit.getState();
    State after = kit.restart().state();
    assertEquals(before, after);
  }

  /** Property: random sequences of commands never create or lose money, and replay rebuilds the same state. */
  @Test
  void moneyIsConservedAndReplayIsExactOverRandomSequences() {
    for (long seed = 1; seed <= 5; seed++) {
      kit.clear();
      Random rnd = new Random(seed);
      deposit("USDT", "100000");
      allocate("s1", "50000");
      for (int i = 0; i < 40; i++) {
        String coid = "o" + rnd.nextInt(8);
        String amt = BigDecimal.valueOf(1 + rnd.nextInt(50_000), 6).toPlainString();
        String px = BigDecimal.valueOf(1 + rnd.nextInt(5_000_000), 2).toPlainString();
        switch (rnd.nextInt(5)) {
          case 0 -> reserve(coid, "s1", Side.BUY, "USDT", BigDecimal.valueOf(1 + rnd.nextInt(1000)).toPlainString());
          case 1 -> kit.<StatusReply<Done>>runCommand(r -> new CapitalAgent.Release(coid, "cancel", null, T, r));
          case 2 -> kit.<StatusReply<Done>>runCommand(r -> new CapitalAgent.Withdraw("USDT", d("7.5"), null, "bob", T, r));
          default -> fill(coid, "f" + rnd.nextInt(3), rnd.nextBoolean() ? Side.BUY : Side.SELL, amt, px,
              rnd.nextBoolean() ? "0.01" : null, rnd.nextBoolean() ? "USDT" : "BTC", rnd.nextBoolean());
        }
        State s = kit.getState();
        for (String c : s.ledger().currencies()) {
          assertEquals(0, s.ledger().conservationResidual(c).signum(), "seed " + seed + " step " + i + " " + c);
        }
      }
      assertEquals(kit.getState(), kit.restart().state(), "replay of seed " + seed);
    }
  }

  @Test
  void aRetriedDepositWithTheSameReferenceIsBookedOnce() {
    assertTrue(deposit("USDT", "100").reply().isSuccess());
    var retry = deposit("USDT", "100"); // same reference "wire-1": the first reply was lost
    assertTrue(retry.reply().isSuccess());
    assertTrue(retry.hasNoEvents());
    assertAmount("100", view(Map.of()).balances().get("USDT"));
    var other = kit.<StatusReply<Done>>runCommand(r -> new CapitalAgent.Deposit("USDT", d("5"), "wire-2", "alice", T, r));
    assertTrue(other.reply().isSuccess());
    assertAmount("105", view(Map.of()).balances().get("USDT"));
  }
}
