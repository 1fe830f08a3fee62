package io.agora.core.metrics;

import io.agora.core.backtest.TradeResult;
import io.agora.core.market.CandleSeries;
import io.agora.core.report.json.TradeJson;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Freqtrade's {@code generate_strategy_stats}: the full result block of one strategy, with Freqtrade's key names,
 * order and value conventions, ready to be written as JSON.
 *
 * <p>Deviations, all for valid or simpler JSON: {@code drawdown_start_ts}/{@code drawdown_end_ts} are integers
 * (Freqtrade writes floats such as {@code 1516131000000.0}); non-finite numbers are left in the map and the writer
 * turns them into null. Values are boxed Java types, lists and {@link LinkedHashMap}s.
 */
public final class StrategyStats {
  /** Freqtrade's {@code DECIMALS_PER_COIN}, with 3 for any other currency. */
  private static final Map<String, Integer> DECIMALS_PER_COIN = Map.of("BTC", 8, "ETH", 5);

  private StrategyStats() {}

  /** As {@link #generate(String, List, BacktestRunInfo, BacktestOutcome, double)}, the market change taken from {@code data}. */
  public static LinkedHashMap<String, Object> generate(
      String strategyName,
      List<TradeResult> trades,
      BacktestRunInfo run,
      BacktestOutcome outcome,
      Map<String, CandleSeries> data) {
    return generate(strategyName, trades, run, outcome, MarketChange.calculateMarketChange(data));
  }

  /**
   * @param trades closed trades in the order the backtest closed them (streaks follow this order)
   * @param marketChange see {@link MarketChange#calculateMarketChange}
   */
  public static LinkedHashMap<String, Object> generate(
      String strategyName, List<TradeResult> trades, BacktestRunInfo run, BacktestOutcome outcome, double marketChange) {
    TradeColumns c = TradeColumns.of(trades);
    double startBalance = run.dryRunWallet();
    List<String> pairlist = run.pairlist();
    long minDate = run.backtestStart();
    long maxDate = run.backtestEnd();

    List<Map<String, Object>> pairResults = ResultTables.pairMetrics(pairlist, startBalance, c, i -> true, false);
    List<Map<String, Object>> enterTagStats = ResultTables.tagMetrics(startBalance, c, i -> c.enterTag[i]);
    List<Map<String, Object>> exitReasonStats = ResultTables.tagMetrics(startBalance, c, i -> c.exitReason[i]);
    List<Map<String, Object>> mixTagStats = ResultTables.mixTagMetrics(startBalance, c);
    List<Map<String, Object>> leftOpen =
        ResultTables.pairMetrics(pairlist, startBalance, c, i -> "force_exit".equals(c.exitReason[i]), true);

    DailyStats daily = DailyStats.of(c.closeTime, c.profitAbs, c.profitRatio);
    TradingStats trading = TradingStats.of(c.profitRatio, c.durationMinutes);

    List<Map<String, Object>> pairsOnly = pairResults.subList(0, pairResults.size() - 1);
    Map<String, Object> bestPair = pairsOnly.isEmpty() ? null : extreme(pairsOnly, true);
    Map<String, Object> worstPair = pairsOnly.isEmpty() ? null : extreme(pairsOnly, false);

    int[] longs = ResultTables.indices(c, i -> !c.isShort[i]);
    int[] shorts = ResultTables.indices(c, i -> c.isShort[i]);
    double profitTotalAbs = Sums.sum(c.profitAbs);
    double longAbs = Sums.sum(ResultTables.column(c.profitAbs, longs));
    double shortAbs = Sums.sum(ResultTables.column(c.profitAbs, shorts));
    Expectancy expectancy = RiskMetrics.calculateExpectancy(c.profitAbs);
    long backtestDays = Math.floorDiv(maxDate - minDate, 86_400_000L);
    if (backtestDays == 0) backtestDays = 1;
    boolean none = c.size == 0;
    int configuredMaxOpen = run.maxOpenTrades();

    LinkedHashMap<String, Object> s = new LinkedHashMap<>();
    s.put("trades", TradeJson.toJson(trades));
    List<Map<String, Object>> locks = new ArrayList<>();
    for (PairLockRecord l : outcome.locks()) locks.add(l.toJson());
    s.put("locks", locks);
    s.put("best_pair", bestPair);
    s.put("worst_pair", worstPair);
    s.put("results_per_pair", pairResults);
    s.put("results_per_enter_tag", enterTagStats);
    s.put("exit_reason_summary", exitReasonStats);
    s.put("mix_tag_stats", mixTagStats);
    s.put("left_open_trades", leftOpen);
    s.put("total_trades", c.size);
    s.put("trade_count_long", longs.length);
    s.put("trade_count_short", shorts.length);
    s.put("total_volume", Sums.sum(c.stakeAmount));
    s.put("avg_stake_amount", none ? (Object) 0 : Sums.mean(c.stakeAmount));
    s.put("profit_mean", none ? (Object) 0 : Sums.mean(c.profitRatio));
    s.put("profit_median", none ? (Object) 0 : Sums.median(c.profitRatio));
    s.put("profit_total", profitTotalAbs / startBalance);
    s.put("profit_total_long", longAbs / startBalance);
    s.put("profit_total_short", shortAbs / startBalance);
    s.put("profit_total_abs", profitTotalAbs);
    s.put("profit_total_long_abs", longAbs);
    s.put("profit_total_short_abs", shortAbs);
    s.put("cagr", RiskMetrics.calculateCagr(backtestDays, startBalance, outcome.finalBalance()));
    s.put("expectancy", expectancy.expectancy());
    s.put("expectancy_ratio", expectancy.ratio());
    s.put("sortino", RiskMetrics.calculateSortino(c.profitAbs, minDate, maxDate, startBalance));
    s.put("sharpe", RiskMetrics.calculateSharpe(c.profitAbs, minDate, maxDate, startBalance));
    s.put("calmar", RiskMetrics.calculateCalmar(c.profitAbs, c.closeTime, minDate, maxDate, startBalance));
    s.put("profit_factor", RiskMetrics.profitFactor(c.profitAbs));
    s.put("backtest_start", PyFormat.printDate(minDate));
    s.put("backtest_start_ts", minDate);
    s.put("backtest_end", PyFormat.printDate(maxDate));
    s.put("backtest_end_ts", maxDate);
    s.put("backtest_days", backtestDays);
    s.put("backtest_run_start_ts", outcome.runStartEpochSeconds());
    s.put("backtest_run_end_ts", outcome.runEndEpochSeconds());
    s.put("trades_per_day", PyFormat.roundPython((double) c.size / backtestDays, 2));
    s.put("market_change", marketChange);
    s.put("pairlist", pairlist);
    s.put("stake_amount", run.unlimitedStake() ? (Object) "unlimited" : run.stakeAmount());
    s.put("stake_currency", run.stakeCurrency());
    s.put("stake_currency_decimals", decimalsPerCoin(run.stakeCurrency()));
    s.put("starting_balance", startBalance);
    s.put("dry_run_wallet", startBalance);
    s.put("final_balance", outcome.finalBalance());
    s.put("rejected_signals", outcome.rejectedSignals());
    s.put("timedout_entry_orders", outcome.timedoutEntryOrders());
    s.put("timedout_exit_orders", outcome.timedoutExitOrders());
    s.put("canceled_trade_entries", outcome.canceledTradeEntries());
    s.put("canceled_entry_orders", outcome.canceledEntryOrders());
    s.put("replaced_entry_orders", outcome.replacedEntryOrders());
    s.put("max_open_trades", configuredMaxOpen < 0 ? pairlist.size() : Math.min(configuredMaxOpen, pairlist.size()));
    s.put("max_open_trades_setting", configuredMaxOpen);
    s.put("timeframe", run.timeframe());
    s.put("timeframe_detail", run.timeframeDetail() == null ? "" : run.timeframeDetail());
    s.put("timerange", run.timerange() == null ? "" : run.timerange());
    s.put("enable_protections", run.enableProtections());
    s.put("strategy_name", strategyName);
    s.put("stoploss", run.stoploss());
    s.put("trailing_stop", run.trailingStop());
    s.put("trailing_stop_positive", run.trailingStopPositive());
    s.put("trailing_stop_positive_offset", run.trailingStopPositiveOffset());
    s.put("trailing_only_offset_is_reached", run.trailingOnlyOffsetIsReached());
    s.put("use_custom_stoploss", run.useCustomStoploss());
    LinkedHashMap<String, Object> roi = new LinkedHashMap<>();
    run.minimalRoi().forEach((minutes, ratio) -> roi.put(String.valueOf(minutes), ratio));
    s.put("minimal_roi", roi);
    s.put("use_exit_signal", run.useExitSignal());
    s.put("exit_profit_only", run.exitProfitOnly());
    s.put("exit_profit_offset", run.exitProfitOffset());
    s.put("ignore_roi_if_entry_signal", run.ignoreRoiIfEntrySignal());
    s.put("trading_mode", run.tradingMode());
    s.put("margin_mode", run.marginMode());
    s.put("periodic_breakdown", PeriodicBreakdown.generateAll(c));
    s.putAll(daily.toMap());
    s.putAll(trading.toMap());
    putDrawdown(s, c, startBalance);
    return s;
  }

  /** The drawdown block; Freqtrade's fallback values (and key order) when there is no drawdown. */
  private static void putDrawdown(Map<String, Object> s, TradeColumns c, double startBalance) {
    Optional<DrawdownResult> dd = Drawdown.calculateMaxDrawdown(c.closeTime, c.profitAbs, startBalance, false);
    Optional<DrawdownResult> underwater = Drawdown.calculateMaxDrawdown(c.closeTime, c.profitAbs, startBalance, true);
    if (dd.isPresent() && underwater.isPresent()) {
      DrawdownResult d = dd.get();
      double[] csum = Drawdown.calculateCsum(c.profitAbs, startBalance).orElseThrow();
      s.put("max_drawdown_account", d.relativeAccountDrawdown());
      s.put("max_relative_drawdown", underwater.get().relativeAccountDrawdown());
      s.put("max_drawdown_abs", d.drawdownAbs());
      s.put("drawdown_start", PyFormat.printDate(d.highDate()));
      s.put("drawdown_start_ts", d.highDate());
      s.put("drawdown_end", PyFormat.printDate(d.lowDate()));
      s.put("drawdown_end_ts", d.lowDate());
      s.put("max_drawdown_low", d.lowValue());
      s.put("max_drawdown_high", d.highValue());
      s.put("csum_min", csum[0]);
      s.put("csum_max", csum[1]);
      return;
    }
    s.put("max_drawdown_account", 0.0);
    s.put("max_relative_drawdown", 0.0);
    s.put("max_drawdown_abs", 0.0);
    s.put("max_drawdown_low", 0.0);
    s.put("max_drawdown_high", 0.0);
    // Freqtrade puts a datetime here, which its JSON writer renders with str().
    s.put("drawdown_start", PyFormat.timestamp(0));
    s.put("drawdown_start_ts", 0);
    s.put("drawdown_end", PyFormat.timestamp(0));
    s.put("drawdown_end_ts", 0);
    s.put("csum_min", 0);
    s.put("csum_max", 0);
  }

  /** Python's max/min by {@code profit_sum}: the first line holding the extreme wins. */
  private static Map<String, Object> extreme(List<Map<String, Object>> lines, boolean max) {
    Map<String, Object> best = lines.get(0);
    for (Map<String, Object> l : lines) {
      double v = (Double) l.get("profit_sum");
      double b = (Double) best.get("profit_sum");
      if (max ? v > b : v < b) best = l;
    }
    return best;
  }

  /** Freqtrade's {@code decimals_per_coin}. */
  public static int decimalsPerCoin(String coin) {
    return DECIMALS_PER_COIN.getOrDefault(coin, 3);
  }
}
