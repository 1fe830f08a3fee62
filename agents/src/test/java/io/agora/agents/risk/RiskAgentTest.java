package io.agora.agents.risk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agora.agents.AccountId;
import io.agora.agents.TestConfig;
import io.agora.agents.risk.RiskAgent.Decision;
import io.agora.agents.risk.RiskAgent.State;
import io.agora.core.market.Side;
import io.agora.core.risk.RiskLimits;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.pekko.Done;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.pattern.StatusReply;
import org.apache.pekko.persistence.testkit.javadsl.EventSourcedBehaviorTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RiskAgentTest {
  private static final AccountId ACCOUNT = new AccountId("acme", "main");
  private static final Instant T0 = Instant.parse("2026-11-05T10:00:00Z");
  private static final RiskLimits LIMITS = new RiskLimits(2, d("1000"), d("1500"), d("2500"), d("100"), d("0.2"), 3,
      Duration.ofMinutes(30), 2, Duration.ofHours(1), Duration.ofHours(2));
  private static ActorTestKit testKit;
  private EventSourcedBehaviorTestKit<RiskAgent.Command, RiskAgent.Event, State> kit;

  @BeforeAll
  static void start() {
    testKit = ActorTestKit.create("risk", TestConfig.config());
  }

  @AfterAll
  static void stop() {
    testKit.shutdownTestKit();
  }

  @BeforeEach
  void fresh() {
    kit = EventSourcedBehaviorTestKit.create(testKit.system(), RiskAgent.create(ACCOUNT.entityId()));
    kit.clear();
  }

  private static BigDecimal d(String s) {
    return new BigDecimal(s);
  }

  private Decision check(String coid, String pair, Side side, String amount, String price, Instant at) {
    var r = kit.<Decision>runCommand(rt -> new RiskAgent.CheckOrder(coid, pair, side, d(amount), d(price), at, rt));
    assertTrue(r.hasNoEvents(), "a check persists nothing");
    return r.reply();
  }

  private static void assertRejected(String fragment, Decision d) {
    assertInstanceOf(RiskAgent.Rejected.class, d, "expected a rejection containing '" + fragment + "'");
    assertTrue(((RiskAgent.Rejected) d).reason().contains(fragment), ((RiskAgent.Rejected) d).reason());
  }

  private StatusReply<Done> limits(RiskLimits l) {
    return kit.<StatusReply<Done>>runCommand(r -> new RiskAgent.UpdateLimits(l, "carol", T0, r)).reply();
  }

  private StatusReply<Done> recordFill(String coid, String fillId, String pair, Side side, String amount, String price) {
    return kit.<StatusReply<Done>>runCommand(r -> new RiskAgent.RecordFill(coid, fillId, pair, side, d(amount),
        d(price), T0, r)).reply();
  }

  private void closed(String tradeId, String pair, String profit, boolean stopLoss, Instant at) {
    assertTrue(kit.<StatusReply<Done>>runCommand(r -> new RiskAgent.RecordTradeClosed(tradeId, pair, d(profit),
        stopLoss, at, r)).reply().isSuccess());
  }

  @Test
  void limitsUpdateRecordsPrincipalAndUnchangedLimitsPersistNothing() {
    var r = kit.<StatusReply<Done>>runCommand(rt -> new RiskAgent.UpdateLimits(LIMITS, "carol", T0, rt));
    var e = r.eventOfType(RiskAgent.LimitsUpdated.class);
    assertEquals("carol", e.principal());
    assertEquals(ACCOUNT, e.account());
    assertEquals(LIMITS, r.state().limits());
    assertTrue(kit.<StatusReply<Done>>runCommand(rt -> new RiskAgent.UpdateLimits(LIMITS, "carol", T0, rt)).hasNoEvents());
  }

  @Test
  void approvesAndRejectsWithReasons() {
    limits(LIMITS);
    assertEquals(new RiskAgent.Approved("o1"), check("o1", "BTC/USDT", Side.BUY, "1", "900", T0));
    assertRejected("order notional 1001 above max 1000", check("o2", "BTC/USDT", Side.BUY, "1", "1001", T0));
    assertRejected("invalid order", check("o3", "BTCUSDT", Side.BUY, "1", "1", T0));
  }

  @Test
  void fillsDriveExposureAndOpenTradesIdempotently() {
    limits(LIMITS);
    assertTrue(recordFill("o1", "f1", "BTC/USDT", Side.BUY, "1", "1400").isSuccess());
    var retry = kit.<StatusReply<Done>>runCommand(r -> new RiskAgent.RecordFill("o1", "f1", "BTC/USDT", Side.BUY,
        d("1"), d("1400"), T0, r));
    assertTrue(retry.hasNoEvents());
    assertRejected("exposure in BTC would be 1501", check("o2", "BTC/USDT", Side.BUY, "1", "101", T0));
    recordFill("o3", "f1", "ETH/USDT", Side.BUY, "10", "100");
    assertRejected("max open trades reached: 2 of 2", check("o4", "SOL/USDT", Side.BUY, "1", "10", T0));
    assertInstanceOf(RiskAgent.Approved.class, check("o5", "ETH/USDT", Side.SELL, "10", "100", T0));
    recordFill("o5", "f1", "ETH/USDT", Side.SELL, "10", "100");
    assertInstanceOf(RiskAgent.Approved.class, check("o6", "SOL/USDT", Side.BUY, "1", "10", T0.plusSeconds(61)));
  }

  @Test
  void orderRateIsLimitedPerMinute() {
    limits(LIMITS);
    for (int i = 0; i < 3; i++) assertInstanceOf(RiskAgent.Approved.class, check("o" + i, "BTC/USDT", Side.BUY, "0.01", "100", T0.plusSeconds(i)));
    assertRejected("order rate limit", check("o9", "BTC/USDT", Side.SELL, "0.01", "100", T0.plusSeconds(30)));
    assertInstanceOf(RiskAgent.Approved.class, check("o10", "BTC/USDT", Side.BUY, "0.01", "100", T0.plusSeconds(60)));
  }

  @Test
  void killSwitchBlocksEveryOrderAndRequestsFlatten() {
    limits(LIMITS);
    recordFill("o1", "f1", "BTC/USDT", Side.BUY, "1", "100");
    var r = kit.<StatusReply<Done>>runCommand(rt -> new RiskAgent.EngageKillSwitch("venue outage", true, "dave", T0, rt));
    assertEquals(2, r.events().size());
    assertInstanceOf(RiskAgent.KillSwitchEngaged.class, r.events().get(0));
    var flatten = (RiskAgent.FlattenRequested) r.events().get(1);
    assertEquals(List.of("BTC"), flatten.assets());
    assertEquals("dave", flatten.principal());
    assertRejected("kill switch engaged", check("o2", "ETH/USDT", Side.BUY, "1", "1", T0));
    assertRejected("kill switch engaged", check("o3", "BTC/USDT", Side.SELL, "1", "1", T0));
    // engaging again without flatten changes nothing
    assertTrue(kit.<StatusReply<Done>>runCommand(rt -> new RiskAgent.EngageKillSwitch("again", false, "dave", T0, rt)).hasNoEvents());
    assertTrue(kit.restart().state().killSwitch(), "kill switch survives a restart");
    var released = kit.<StatusReply<Done>>runCommand(rt -> new RiskAgent.ReleaseKillSwitch("erin", T0, rt));
    assertEquals("erin", released.eventOfType(RiskAgent.KillSwitchReleased.class).principal());
    assertInstanceOf(RiskAgent.Approved.class, check("o4", "ETH/USDT", Side.BUY, "1", "1", T0));
  }

  @Test
  void cooldownLocksThePairAndUnlocksWithTime() {
    limits(LIMITS);
    closed("t1", "BTC/USDT", "5", false, T0);
    assertRejected("cooldown on BTC/USDT", check("o1", "BTC/USDT", Side.BUY, "1", "1", T0.plus(Duration.ofMinutes(29))));
    assertInstanceOf(RiskAgent.Approved.class, check("o2", "BTC/USDT", Side.BUY, "1", "1", T0.plus(Duration.ofMinutes(30))));
  }

  @Test
  void stoplossGuardLocksAllEntriesThenUnlocks() {
    limits(LIMITS);
    closed("t1", "BTC/USDT", "-10", true, T0);
    assertInstanceOf(RiskAgent.Approved.class, check("o1", "ETH/USDT", Side.BUY, "1", "1", T0.plusSeconds(1)));
    closed("t2", "SOL/USDT", "-10", true, T0.plus(Duration.ofMinutes(10)));
    closed("t2", "SOL/USDT", "-10", true, T0.plus(Duration.ofMinutes(10))); // retried: idempotent
    assertEquals(2, kit.getState().closedTrades().size());
    Instant until = T0.plus(Duration.ofMinutes(130));
    assertRejected("stoploss guard", check("o2", "ETH/USDT", Side.BUY, "1", "1", until.minusSeconds(1)));
    assertInstanceOf(RiskAgent.Approved.class, check("o3", "ETH/USDT", Side.SELL, "1", "1", until.minusSeconds(1)));
    assertInstanceOf(RiskAgent.Approved.class, check("o4", "ETH/USDT", Side.BUY, "1", "1", until));
  }

  @Test
  void dailyLossAndDrawdownStopEntries() {
    limits(LIMITS);
    closed("t1", "BTC/USDT", "-100", false, T0);
    assertRejected("daily loss limit", check("o1", "ETH/USDT", Side.BUY, "1", "1", T0.plusSeconds(60)));
    assertInstanceOf(RiskAgent.Approved.class, check("o2", "ETH/USDT", Side.BUY, "1", "1", Instant.parse("2026-11-06T00:00:01Z")));
    kit.<StatusReply<Done>>runCommand(r -> new RiskAgent.RecordEquity(d("1000"), T0, r));
    var same = kit.<StatusReply<Done>>runCommand(r -> new RiskAgent.RecordEquity(d("1000.00"), T0, r));
    assertTrue(same.hasNoEvents(), "unchanged equity persists nothing");
    kit.<StatusReply<Done>>runCommand(r -> new RiskAgent.RecordEquity(d("790"), T0, r));
    assertRejected("max drawdown", check("o3", "ETH/USDT", Side.BUY, "1", "1", Instant.parse("2026-11-06T00:02:00Z")));
  }

  @Test
  void restartRebuildsIdenticalStateAndForgetsTheRateWindow() {
    limits(LIMITS);
    recordFill("o1", "f1", "BTC/USDT", Side.BUY, "1", "100");
    closed("t1", "BTC/USDT", "-3", true, T0);
    kit.<StatusReply<Done>>runCommand(r -> new RiskAgent.RecordEquity(d("1000"), T0, r));
    for (int i = 0; i < 3; i++) check("s" + i, "ETH/USDT", Side.SELL, "1", "1", T0);
    assertEquals(3, kit.<RiskAgent.RiskView>runCommand(r -> new RiskAgent.GetStatus(T0, r)).reply().ordersInLastMinute());
    State before = kit.getState();
    assertEquals(before, kit.restart().state());
    RiskAgent.RiskView view = kit.<RiskAgent.RiskView>runCommand(r -> new RiskAgent.GetStatus(T0, r)).reply();
    assertEquals(0, view.ordersInLastMinute());
    assertEquals(1, view.openTrades());
    assertEquals(0, d("-3").compareTo(view.pnlToday()));
    assertNull(view.globalLockUntil());
  }

  @Test
  void recordExecutionWritesFillsTradeAndEquityOnceInOneCommand() {
    RiskAgent.RecordFill f = new RiskAgent.RecordFill("x-0", "x-0#1", "BTC/USDT", Side.BUY, d("0.5"), d("100"), T0,
        null);
    RiskAgent.RecordTradeClosed t = new RiskAgent.RecordTradeClosed("t1", "BTC/USDT", d("-5"), true, T0, null);
    var r = kit.<StatusReply<Done>>runCommand(x -> new RiskAgent.RecordExecution(List.of(f), t, d("995"), T0, x));
    assertTrue(r.reply().isSuccess());
    assertEquals(3, r.events().size(), r.events().toString());
    assertInstanceOf(RiskAgent.FillRecorded.class, r.events().get(0));
    assertInstanceOf(RiskAgent.TradeClosedRecorded.class, r.events().get(1));
    assertInstanceOf(RiskAgent.EquityRecorded.class, r.events().get(2));
    // a retry changes nothing
    var again = kit.<StatusReply<Done>>runCommand(x -> new RiskAgent.RecordExecution(List.of(f), t, d("995"), T0, x));
    assertTrue(again.reply().isSuccess());
    assertTrue(again.hasNoEvents());
    // an invalid fill refuses the whole command
    RiskAgent.RecordFill bad = new RiskAgent.RecordFill("y-0", "y-0#1", "nonsense", Side.BUY, d("1"), d("1"), T0,
        null);
    var refused = kit.<StatusReply<Done>>runCommand(x -> new RiskAgent.RecordExecution(List.of(bad), null, null, T0,
        x));
    assertTrue(refused.reply().isError());
    assertTrue(refused.hasNoEvents());
  }
}
