package io.agora.core.metrics;

import io.agora.core.backtest.TradeResult;
import java.util.List;
import java.util.Objects;

/** One strategy's backtest, as {@link BacktestStats#generate} reports it. */
public record StrategyRun(String strategyName, List<TradeResult> trades, BacktestRunInfo info, BacktestOutcome outcome) {
  public StrategyRun {
    Objects.requireNonNull(strategyName, "strategyName");
    trades = List.copyOf(trades);
    Objects.requireNonNull(info, "info");
    Objects.requireNonNull(outcome, "outcome");
  }
}
