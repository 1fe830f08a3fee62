package io.agora.core.backtest;

import java.util.List;

/**
 * One closed trade of a backtest, with Freqtrade's fields (see {@code LocalTrade.to_json}). Times are epoch
 * milliseconds UTC; ratios are ratios (0.01 = 1 %). {@code profitAbs} is rounded to 8 decimals as Freqtrade does.
 */
public record TradeResult(
    String pair,
    boolean isShort,
    String enterTag,
    String exitReason,
    long openTime,
    long closeTime,
    double openRate,
    double closeRate,
    double amount,
    double stakeAmount,
    double leverage,
    double feeOpen,
    double feeClose,
    double profitAbs,
    double profitRatio,
    double minRate,
    double maxRate,
    double stopLossAbs,
    double stopLossRatio,
    double initialStopLossAbs,
    double initialStopLossRatio,
    List<OrderResult> orders) {

  public TradeResult {
    orders = orders == null ? List.of() : List.copyOf(orders);
  }

  /** Trade duration in whole minutes, as Freqtrade's {@code trade_duration}. */
  public long durationMinutes() {
    return (closeTime - openTime) / 60_000L;
  }

  /** One order of a trade: entry or exit, with its fill. */
  public record OrderResult(
      boolean isEntry,
      String side,
      String orderType,
      long placedTime,
      long filledTime,
      double price,
      double amount,
      double filled,
      double cost,
      String tag) {}
}
