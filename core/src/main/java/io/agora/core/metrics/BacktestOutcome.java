package io.agora.core.metrics;

import java.util.List;

/**
 * What a backtest run produced besides its trades: the wallet at the end, Freqtrade's order counters, the locks,
 * and the run's identity and wall-clock times.
 *
 * @param finalBalance total wallet balance in stake currency at the end
 * @param runStartEpochSeconds wall-clock start of the run (Freqtrade's {@code backtest_start_time}), epoch seconds
 * @param runEndEpochSeconds wall-clock end of the run, epoch seconds
 */
public record BacktestOutcome(
    double finalBalance,
    int rejectedSignals,
    int timedoutEntryOrders,
    int timedoutExitOrders,
    int canceledTradeEntries,
    int canceledEntryOrders,
    int replacedEntryOrders,
    List<PairLockRecord> locks,
    String runId,
    long runStartEpochSeconds,
    long runEndEpochSeconds) {

  public BacktestOutcome {
    locks = List.copyOf(locks);
    runId = runId == null ? "" : runId;
  }

  /** An outcome with all counters 0 and no locks. */
  public static BacktestOutcome of(double finalBalance, String runId, long runStartEpochSeconds, long runEndEpochSeconds) {
    return new BacktestOutcome(finalBalance, 0, 0, 0, 0, 0, 0, List.of(), runId, runStartEpochSeconds, runEndEpochSeconds);
  }
}
