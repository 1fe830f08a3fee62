package io.agora.core.risk;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * The pre-trade checks, pure: the same inputs give the same decision, at the instant given (no clock is read).
 * Order of the checks: kill switch, order rate (both for every order), then for entries only: stoploss guard, pair
 * cooldown, daily loss, drawdown, order size, open trades, asset exposure, total exposure.
 */
public final class RiskRules {
  private RiskRules() {}

  public static RiskDecision check(
      RiskLimits limits, RiskBook book, boolean killSwitch, OrderIntent order, Instant now, int ordersInLastMinute) {
    if (killSwitch) return RiskDecision.rejected("kill switch engaged");
    if (limits.maxOrdersPerMinute() > 0 && ordersInLastMinute >= limits.maxOrdersPerMinute()) {
      return RiskDecision.rejected(
          "order rate limit: " + ordersInLastMinute + " orders in the last minute, max " + limits.maxOrdersPerMinute());
    }
    if (!order.isEntry()) return RiskDecision.APPROVED;

    if (book.globalLockUntil() != null && now.isBefore(book.globalLockUntil())) {
      return RiskDecision.rejected("stoploss guard: entries locked until " + book.globalLockUntil());
    }
    Instant pairLock = book.pairLocks().get(order.pair());
    if (pairLock != null && now.isBefore(pairLock)) {
      return RiskDecision.rejected("cooldown on " + order.pair() + " until " + pairLock);
    }
    if (limits.dailyLossLimit() != null && book.pnlOn(now).compareTo(limits.dailyLossLimit().negate()) <= 0) {
      return RiskDecision.rejected("daily loss limit reached: " + plain(book.pnlOn(now)) + " today, limit -"
          + plain(limits.dailyLossLimit()));
    }
    if (limits.maxDrawdown() != null && book.drawdown().compareTo(limits.maxDrawdown()) >= 0) {
      return RiskDecision.rejected("max drawdown reached: " + plain(book.drawdown()) + " >= " + plain(limits.maxDrawdown()));
    }
    BigDecimal notional = order.notional();
    if (limits.maxOrderNotional() != null && notional.compareTo(limits.maxOrderNotional()) > 0) {
      return RiskDecision.rejected("order notional " + plain(notional) + " above max " + plain(limits.maxOrderNotional()));
    }
    boolean newTrade = book.holdings().getOrDefault(order.asset(), BigDecimal.ZERO).signum() <= 0;
    if (limits.maxOpenTrades() > 0 && newTrade && book.openTrades() >= limits.maxOpenTrades()) {
      return RiskDecision.rejected("max open trades reached: " + book.openTrades() + " of " + limits.maxOpenTrades());
    }
    BigDecimal assetAfter = book.exposure(order.asset()).add(notional);
    if (limits.maxAssetExposure() != null && assetAfter.compareTo(limits.maxAssetExposure()) > 0) {
      return RiskDecision.rejected("exposure in " + order.asset() + " would be " + plain(assetAfter) + ", max "
          + plain(limits.maxAssetExposure()));
    }
    BigDecimal totalAfter = book.totalExposure().add(notional);
    if (limits.maxTotalExposure() != null && totalAfter.compareTo(limits.maxTotalExposure()) > 0) {
      return RiskDecision.rejected("total exposure would be " + plain(totalAfter) + ", max "
          + plain(limits.maxTotalExposure()));
    }
    return RiskDecision.APPROVED;
  }

  private static String plain(BigDecimal v) {
    return v.stripTrailingZeros().toPlainString();
  }
}
