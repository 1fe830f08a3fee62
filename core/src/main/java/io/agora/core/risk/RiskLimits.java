package io.agora.core.risk;

import java.math.BigDecimal;
import java.time.Duration;

/**
 * Risk limits of one account. A null decimal or duration, or a count of 0, means "no limit". Notionals and
 * exposures are in the account's reference (quote) currency.
 *
 * @param maxOpenTrades most assets held at once (an entry into a new asset beyond it is refused)
 * @param maxOrderNotional largest entry order, amount × price
 * @param maxAssetExposure largest exposure in one asset after an entry
 * @param maxTotalExposure largest exposure over all assets after an entry
 * @param dailyLossLimit entries stop once the realised PnL of the UTC day is at or below minus this (> 0)
 * @param maxDrawdown entries stop once equity is this fraction or more below its peak (0, 1]
 * @param maxOrdersPerMinute most orders (entries and exits) approved in any 60 s window
 * @param pairCooldown after a trade on a pair closes, entries on that pair wait this long (Freqtrade CooldownPeriod)
 * @param stoplossGuardTrades this many stop-loss exits within {@code stoplossGuardLookback} lock all entries for
 *     {@code stoplossGuardLock} (Freqtrade StoplossGuard)
 */
public record RiskLimits(
    int maxOpenTrades,
    BigDecimal maxOrderNotional,
    BigDecimal maxAssetExposure,
    BigDecimal maxTotalExposure,
    BigDecimal dailyLossLimit,
    BigDecimal maxDrawdown,
    int maxOrdersPerMinute,
    Duration pairCooldown,
    int stoplossGuardTrades,
    Duration stoplossGuardLookback,
    Duration stoplossGuardLock) {

  public RiskLimits {
    if (maxOpenTrades < 0 || maxOrdersPerMinute < 0 || stoplossGuardTrades < 0) {
      throw new IllegalArgumentException("counts must be >= 0 (0 = no limit)");
    }
    requirePositive("max order notional", maxOrderNotional);
    requirePositive("max asset exposure", maxAssetExposure);
    requirePositive("max total exposure", maxTotalExposure);
    requirePositive("daily loss limit", dailyLossLimit);
    requirePositive("max drawdown", maxDrawdown);
    if (maxDrawdown != null && maxDrawdown.compareTo(BigDecimal.ONE) > 0) {
      throw new IllegalArgumentException("max drawdown is a fraction in (0, 1]: " + maxDrawdown);
    }
    if (stoplossGuardTrades > 0 && (isOff(stoplossGuardLookback) || isOff(stoplossGuardLock))) {
      throw new IllegalArgumentException("stoploss guard needs a lookback and a lock duration");
    }
    if (pairCooldown != null && pairCooldown.isNegative()) throw new IllegalArgumentException("negative cooldown");
  }

  /** No limit at all: the state of a new account until someone sets limits. */
  public static RiskLimits none() {
    return new RiskLimits(0, null, null, null, null, null, 0, null, 0, null, null);
  }

  static boolean isOff(Duration d) {
    return d == null || d.isZero() || d.isNegative();
  }

  private static void requirePositive(String name, BigDecimal v) {
    if (v != null && v.signum() <= 0) throw new IllegalArgumentException(name + " must be > 0 (null = no limit): " + v);
  }
}
