package io.agora.core.strategy;

import io.agora.core.market.Instrument;
import io.agora.core.market.Timeframe;
import java.util.Map;

/**
 * A trading strategy: per-pair signals plus the callbacks Freqtrade's backtester honours. Defaults behave like
 * Freqtrade's {@code IStrategy} defaults, so a strategy overrides only what it changes.
 *
 * <p>Prices and ratios are doubles (Freqtrade computes in float); times are epoch milliseconds UTC.
 */
public interface Strategy {

  /** The strategy's name as given with {@code --strategy}. */
  String name();

  /** A fresh, stateful signal generator for one pair. */
  SignalGenerator newSignalGenerator(Instrument instrument, Timeframe timeframe);

  /** Names of the indicator columns the generator exposes through {@link SignalGenerator#indicator(int)}. */
  default java.util.List<String> indicatorColumns() {
    return java.util.List.of();
  }

  /** Candles needed before the first valid signal (Freqtrade's {@code startup_candle_count}). */
  default int startupCandleCount() {
    return 0;
  }

  /** Whether the strategy may open shorts (only honoured in margin and futures mode). */
  default boolean canShort() {
    return false;
  }

  /**
   * Settings the strategy carries, under Freqtrade's configuration keys ({@code minimal_roi}, {@code stoploss},
   * {@code trailing_stop}, {@code timeframe}, ...). The configuration file overrides them, as in Freqtrade.
   */
  default Map<String, Object> defaults() {
    return Map.of();
  }

  /**
   * Freqtrade's {@code custom_stoploss}: the new stop distance relative to {@code currentRate} (e.g. -0.05), only
   * called when {@code use_custom_stoploss} is on. NaN keeps the current stop. The default returns the configured
   * stoploss, as Freqtrade's does.
   */
  default double customStoploss(
      TradeView trade, long time, double currentRate, double currentProfit, boolean afterFill, double configuredStoploss) {
    return configuredStoploss;
  }

  /** Whether {@link #customStoploss} also wants to be called right after an order fills ({@code after_fill}). */
  default boolean customStoplossAfterFill() {
    return false;
  }

  /** Freqtrade's {@code custom_entry_price} for limit entries; {@code trade} is null for a new trade. */
  default double customEntryPrice(
      String pair, TradeView trade, long time, double proposedRate, String entryTag, boolean isShort) {
    return proposedRate;
  }

  /** Freqtrade's {@code custom_exit_price}, asked for limit exits on an exit signal only. */
  default double customExitPrice(TradeView trade, long time, double proposedRate, double currentProfit, String exitTag) {
    return proposedRate;
  }

  /**
   * Freqtrade's {@code adjust_entry_price}, asked on each new candle while an entry order is open: return
   * {@code currentOrderRate} to keep the order, another price to replace it, NaN to cancel it.
   */
  default double adjustEntryPrice(
      TradeView trade, long orderTime, long time, double proposedRate, double currentOrderRate, String entryTag, boolean isShort) {
    return currentOrderRate;
  }

  /** Freqtrade's {@code leverage} callback (margin and futures only); the result is capped to [1, maxLeverage]. */
  default double leverage(
      String pair, long time, double currentRate, double proposedLeverage, double maxLeverage, String entryTag, boolean isShort) {
    return 1.0;
  }

  /** Freqtrade's {@code custom_stake_amount}. */
  default double customStakeAmount(
      String pair, long time, double currentRate, double proposedStake, double minStake, double maxStake, double leverage, String entryTag, boolean isShort) {
    return proposedStake;
  }

  /**
   * Freqtrade's {@code custom_exit}, asked each candle when no exit signal fired (with {@code use_exit_signal}):
   * a non-null reason exits at the open with that reason.
   */
  default String customExit(TradeView trade, long time, double currentRate, double currentProfit) {
    return null;
  }

  /** Freqtrade's {@code confirm_trade_entry}. */
  default boolean confirmTradeEntry(String pair, double amount, double rate, long time, String entryTag, boolean isShort) {
    return true;
  }

  /** Freqtrade's {@code confirm_trade_exit}. */
  default boolean confirmTradeExit(TradeView trade, double amount, double rate, String exitReason, long time) {
    return true;
  }
}
