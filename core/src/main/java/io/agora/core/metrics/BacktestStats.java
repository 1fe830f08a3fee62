package io.agora.core.metrics;

import io.agora.core.market.CandleSeries;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Freqtrade's {@code generate_backtest_stats} and {@code generate_strategy_comparison}: the whole result document
 * {@code {"strategy": {name: stats}, "strategy_comparison": [...], "metadata": {name: {...}}}}, the layout of
 * Freqtrade's result file with its {@code .meta.json} companion folded in.
 */
public final class BacktestStats {
  private BacktestStats() {}

  /** With the market change computed from the backtest's candles (all strategies share it, as in Freqtrade). */
  public static LinkedHashMap<String, Object> generate(List<StrategyRun> runs, Map<String, CandleSeries> data) {
    return generate(runs, MarketChange.calculateMarketChange(data));
  }

  public static LinkedHashMap<String, Object> generate(List<StrategyRun> runs, double marketChange) {
    LinkedHashMap<String, Object> strategies = new LinkedHashMap<>();
    LinkedHashMap<String, Object> metadata = new LinkedHashMap<>();
    for (StrategyRun r : runs) {
      if (strategies.containsKey(r.strategyName())) {
        throw new IllegalArgumentException("strategy " + r.strategyName() + " appears twice in one backtest result");
      }
      strategies.put(r.strategyName(), StrategyStats.generate(r.strategyName(), r.trades(), r.info(), r.outcome(), marketChange));
      metadata.put(r.strategyName(), metadata(r));
    }
    LinkedHashMap<String, Object> result = new LinkedHashMap<>();
    result.put("strategy", strategies);
    result.put("strategy_comparison", strategyComparison(strategies));
    result.put("metadata", metadata);
    return result;
  }

  /**
   * {@code generate_strategy_comparison}: each strategy's TOTAL line of {@code results_per_pair}, keyed by the strategy
   * name, with its account drawdown and the absolute drawdown as a coin-formatted string ({@code "0.0002"}).
   */
  @SuppressWarnings("unchecked")
  public static List<Map<String, Object>> strategyComparison(Map<String, Object> strategyStats) {
    List<Map<String, Object>> rows = new ArrayList<>();
    for (Map.Entry<String, Object> e : strategyStats.entrySet()) {
      Map<String, Object> stats = (Map<String, Object>) e.getValue();
      List<Map<String, Object>> perPair = (List<Map<String, Object>>) stats.get("results_per_pair");
      Map<String, Object> row = new LinkedHashMap<>(perPair.get(perPair.size() - 1));
      row.put("key", e.getKey());
      row.put("max_drawdown_account", stats.get("max_drawdown_account"));
      double ddAbs = ((Number) stats.get("max_drawdown_abs")).doubleValue();
      row.put("max_drawdown_abs", PyFormat.fmtCoin(ddAbs, StrategyStats.decimalsPerCoin((String) stats.get("stake_currency"))));
      rows.add(row);
    }
    return rows;
  }

  /** The per-strategy metadata Freqtrade stores beside the result (times in epoch seconds). */
  private static Map<String, Object> metadata(StrategyRun r) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("run_id", r.outcome().runId());
    m.put("backtest_start_time", r.outcome().runStartEpochSeconds());
    m.put("timeframe", r.info().timeframe());
    m.put("timeframe_detail", r.info().timeframeDetail());
    m.put("backtest_start_ts", Math.floorDiv(r.info().backtestStart(), 1000L));
    m.put("backtest_end_ts", Math.floorDiv(r.info().backtestEnd(), 1000L));
    return m;
  }
}
