package io.agora.core.backtest;

import java.util.List;

/**
 * What one backtest run produced: closed trades in Freqtrade's order (by close, as {@code bt_trades}), the
 * counters Freqtrade reports, and the time span simulated.
 */
public record BacktestResult(
    String strategy,
    List<TradeResult> trades,
    long startTime,
    long endTime,
    double startingBalance,
    double finalBalance,
    int rejectedSignals,
    int timedoutEntryOrders,
    int timedoutExitOrders,
    int canceledTradeEntries,
    int canceledEntryOrders,
    int replacedEntryOrders,
    long candlesProcessed) {

  public BacktestResult {
    trades = List.copyOf(trades);
  }
}
