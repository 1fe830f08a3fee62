package io.agora.core.risk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agora.core.market.Side;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class RiskRulesTest {
  private static final Instant T0 = Instant.parse("2026-11-05T10:00:00Z");
  private static final RiskLimits LIMITS = new RiskLimits(2, d("1000"), d("1500"), d("2500"), d("100"), d("0.2"), 3,
      Duration.ofMinutes(30), 2, Duration.ofHours(1), Duration.ofHours(2));

  private static BigDecimal d(String s) {
    return new BigDecimal(s);
  }

  private static OrderIntent buy(String asset, String amount, String price) {
    return new OrderIntent(asset + "/USDT", asset, Side.BUY, d(amount), d(price));
  }

  private static void assertRejected(String fragment, RiskDecision d) {
    assertFalse(d.approved(), "expected a rejection containing '" + fragment + "'");
    assertTrue(d.reason().contains(fragment), d.reason());
  }

  @Test
  void approvesWithinLimits() {
    assertTrue(RiskRules.check(LIMITS, RiskBook.empty(), false, buy("BTC", "1", "1000"), T0, 0).approved());
  }

  @Test
  void killSwitchBlocksEntriesAndExits() {
    assertRejected("kill switch", RiskRules.check(LIMITS, RiskBook.empty(), true, buy("BTC", "1", "1"), T0, 0));
    OrderIntent sell = new OrderIntent("BTC/USDT", "BTC", Side.SELL, d("1"), d("1"));
    assertRejected("kill switch", RiskRules.check(LIMITS, RiskBook.empty(), true, sell, T0, 0));
  }

  @Test
  void orderRateAppliesToEveryOrder() {
    OrderIntent sell = new OrderIntent("BTC/USDT", "BTC", Side.SELL, d("1"), d("1"));
    assertRejected("order rate", RiskRules.check(LIMITS, RiskBook.empty(), false, sell, T0, 3));
    assertTrue(RiskRules.check(LIMITS, RiskBook.empty(), false, sell, T0, 2).approved());
  }

  @Test
  void sizeExposureAndOpenTrades() {
    assertRejected("order notional 1001", RiskRules.check(LIMITS, RiskBook.empty(), false, buy("BTC", "1", "1001"), T0, 0));
    RiskBook book = RiskBook.empty().withFill("BTC", Side.BUY, d("1"), d("1400")).withFill("ETH", Side.BUY, d("10"), d("100"));
    assertEquals(2, book.openTrades());
    assertRejected("max open trades", RiskRules.check(LIMITS, book, false, buy("SOL", "1", "10"), T0, 0));
    assertRejected("exposure in BTC", RiskRules.check(LIMITS, book, false, buy("BTC", "1", "101"), T0, 0));
    assertRejected("total exposure", RiskRules.check(LIMITS, book, false, buy("ETH", "1", "101"), T0, 0));
    assertTrue(RiskRules.check(LIMITS, book, false, buy("ETH", "1", "100"), T0, 0).approved());
    // exits are not entry-checked
    assertTrue(RiskRules.check(LIMITS, book, false,
        new OrderIntent("SOL/USDT", "SOL", Side.SELL, d("1000"), d("1000")), T0, 0).approved());
  }

  @Test
  void dailyLossLimitResetsNextUtcDay() {
    RiskBook book = RiskBook.empty().withTradeClosed(LIMITS, "ETH/USDT", d("-100"), false, T0);
    assertRejected("daily loss limit", RiskRules.check(LIMITS, book, false, buy("BTC", "1", "1"), T0.plus(Duration.ofHours(1)), 0));
    assertTrue(RiskRules.check(LIMITS, book, false, buy("BTC", "1", "1"), Instant.parse("2026-11-06T00:00:00Z"), 0).approved());
  }

  @Test
  void drawdown() {
    RiskBook book = RiskBook.empty().withEquity(d("1000")).withEquity(d("801"));
    assertTrue(RiskRules.check(LIMITS, book, false, buy("BTC", "1", "1"), T0, 0).approved());
    assertRejected("max drawdown", RiskRules.check(LIMITS, book.withEquity(d("800")), false, buy("BTC", "1", "1"), T0, 0));
    assertEquals(0, book.withEquity(d("800")).withEquity(d("1200")).drawdown().signum());
  }

  @Test
  void cooldownLocksOnlyThatPairUntilItExpires() {
    RiskBook book = RiskBook.empty().withTradeClosed(LIMITS, "BTC/USDT", d("5"), false, T0);
    assertRejected("cooldown on BTC/USDT", RiskRules.check(LIMITS, book, false, buy("BTC", "1", "1"), T0.plusSeconds(1799), 0));
    assertTrue(RiskRules.check(LIMITS, book, false, buy("ETH", "1", "1"), T0.plusSeconds(1), 0).approved());
    assertTrue(RiskRules.check(LIMITS, book, false, buy("BTC", "1", "1"), T0.plusSeconds(1800), 0).approved());
  }

  @Test
  void stoplossGuardNeedsNExitsInsideTheLookback() {
    RiskLimits noCooldown = new RiskLimits(0, null, null, null, null, null, 0, null, 2, Duration.ofHours(1), Duration.ofHours(2));
    RiskBook spread = RiskBook.empty()
        .withTradeClosed(noCooldown, "A/USDT", d("-1"), true, T0)
        .withTradeClosed(noCooldown, "B/USDT", d("-1"), true, T0.plus(Duration.ofMinutes(61)));
    assertTrue(RiskRules.check(noCooldown, spread, false, buy("C", "1", "1"), T0.plus(Duration.ofMinutes(62)), 0).approved());
    RiskBook tripped = spread.withTradeClosed(noCooldown, "C/USDT", d("-1"), true, T0.plus(Duration.ofMinutes(90)));
    Instant until = T0.plus(Duration.ofMinutes(210));
    assertEquals(until, tripped.globalLockUntil());
    assertRejected("stoploss guard", RiskRules.check(noCooldown, tripped, false, buy("D", "1", "1"), until.minusSeconds(1), 0));
    assertTrue(RiskRules.check(noCooldown, tripped, false, buy("D", "1", "1"), until, 0).approved());
    // a profitable non-stop-loss exit does not trip the guard
    RiskBook other = RiskBook.empty().withTradeClosed(noCooldown, "A/USDT", d("1"), false, T0)
        .withTradeClosed(noCooldown, "A/USDT", d("1"), false, T0.plusSeconds(1));
    assertEquals(null, other.globalLockUntil());
  }
}
