package io.agora.core.ensemble;

import io.agora.core.backtest.BacktestResult;
import io.agora.core.backtest.TradeResult;
import io.agora.core.metrics.Drawdown;
import io.agora.core.metrics.DrawdownResult;
import io.agora.core.metrics.RiskMetrics;
import java.util.List;

/**
 * The figures one backtest of an ensemble is ranked by, computed as Freqtrade's report computes them (same
 * functions, same start and end dates) without building the whole statistics document.
 *
 * @param trades closed trades
 * @param profitAbs total absolute profit in the stake currency ({@code profit_total_abs})
 * @param profitTotal total profit over the starting balance ({@code profit_total})
 * @param maxDrawdownAccount {@code max_drawdown_account} (0 when there is no drawdown)
 */
public record EnsembleMetrics(int trades, double profitAbs, double profitTotal, double sharpe, double sortino,
    double calmar, double maxDrawdownAccount, double finalBalance) {

  public static EnsembleMetrics of(BacktestResult r) {
    List<TradeResult> ts = r.trades();
    int n = ts.size();
    double[] profit = new double[n];
    long[] close = new long[n];
    for (int i = 0; i < n; i++) {
      TradeResult t = ts.get(i);
      profit[i] = t.profitAbs();
      close[i] = t.closeTime();
    }
    double start = r.startingBalance();
    long from = r.startTime();
    long to = r.endTime();
    double dd = Drawdown.calculateMaxDrawdown(close, profit, start, false)
        .map(DrawdownResult::relativeAccountDrawdown).orElse(0.0);
    double total = io.agora.core.metrics.Sums.sum(profit); // numpy's pairwise sum, as the report's profit_total_abs
    return new EnsembleMetrics(n, total, total / start,
        RiskMetrics.calculateSharpe(profit, from, to, start),
        RiskMetrics.calculateSortino(profit, from, to, start),
        RiskMetrics.calculateCalmar(profit, close, from, to, start), dd, r.finalBalance());
  }
}
