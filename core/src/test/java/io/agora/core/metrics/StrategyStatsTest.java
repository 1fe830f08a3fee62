package io.agora.core.metrics;

import static io.agora.core.metrics.MetricsFixtures.trade;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agora.core.backtest.TradeResult;
import io.agora.core.report.json.TradeJson;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@link StrategyStats} on a small hand-built trade list whose numbers can be worked out by hand. */
class StrategyStatsTest {
  private static final double EPS = 1e-12;

  /** Key order of Freqtrade's generate_strategy_stats (c9ae5e1) for a run with trades and a drawdown. */
  static final List<String> KEYS =
      List.of(
          "trades", "locks", "best_pair", "worst_pair", "results_per_pair", "results_per_enter_tag", "exit_reason_summary",
          "mix_tag_stats", "left_open_trades", "total_trades", "trade_count_long", "trade_count_short", "total_volume",
          "avg_stake_amount", "profit_mean", "profit_median", "profit_total", "profit_total_long", "profit_total_short",
          "profit_total_abs", "profit_total_long_abs", "profit_total_short_abs", "cagr", "expectancy", "expectancy_ratio",
          "sortino", "sharpe", "calmar", "profit_factor", "backtest_start", "backtest_start_ts", "backtest_end",
          "backtest_end_ts", "backtest_days", "backtest_run_start_ts", "backtest_run_end_ts", "trades_per_day",
          "market_change", "pairlist", "stake_amount", "stake_currency", "stake_currency_decimals", "starting_balance",
          "dry_run_wallet", "final_balance", "rejected_signals", "timedout_entry_orders", "timedout_exit_orders",
          "canceled_trade_entries", "canceled_entry_orders", "replaced_entry_orders", "max_open_trades",
          "max_open_trades_setting", "timeframe", "timeframe_detail", "timerange", "enable_protections", "strategy_name",
          "stoploss", "trailing_stop", "trailing_stop_positive", "trailing_stop_positive_offset",
          "trailing_only_offset_is_reached", "use_custom_stoploss", "minimal_roi", "use_exit_signal", "exit_profit_only",
          "exit_profit_offset", "ignore_roi_if_entry_signal", "trading_mode", "margin_mode", "periodic_breakdown",
          "backtest_best_day", "backtest_worst_day", "backtest_best_day_abs", "backtest_worst_day_abs", "winning_days",
          "draw_days", "losing_days", "daily_profit", "wins", "losses", "draws", "winrate", "holding_avg", "holding_avg_s",
          "winner_holding_avg", "winner_holding_avg_s", "loser_holding_avg", "loser_holding_avg_s", "max_consecutive_wins",
          "max_consecutive_losses", "max_drawdown_account", "max_relative_drawdown", "max_drawdown_abs", "drawdown_start",
          "drawdown_start_ts", "drawdown_end", "drawdown_end_ts", "max_drawdown_low", "max_drawdown_high", "csum_min",
          "csum_max");

  static final List<String> PAIRS = List.of("ETH/BTC", "ADA/BTC", "XRP/BTC", "LTC/BTC");

  static long t(String date) {
    return TradeJson.parseDate(date);
  }

  /** Five trades in close order; wallet 1000. */
  static List<TradeResult> trades() {
    return List.of(
        trade("ETH/BTC", false, "t1", "roi", t("2021-01-04 10:00:00"), t("2021-01-04 11:00:00"), 10, 0.01),
        trade("ADA/BTC", false, null, "stop_loss", t("2021-01-05 08:00:00"), t("2021-01-05 09:30:00"), -5, -0.005),
        trade("ETH/BTC", true, "t2", "exit_signal", t("2021-01-12 00:00:00"), t("2021-01-12 01:00:00"), 2, 0.002),
        trade("XRP/BTC", false, "t1", "force_exit", t("2021-01-30 00:00:00"), t("2021-02-01 00:00:00"), 0, 0.0),
        trade("ADA/BTC", false, "t1", "roi", t("2021-02-02 00:00:00"), t("2021-02-02 00:30:00"), 1, 0.001));
  }

  static BacktestRunInfo.Builder info() {
    return BacktestRunInfo.builder()
        .pairlist(PAIRS)
        .stakeCurrency("BTC")
        .stakeAmount(10)
        .maxOpenTrades(3)
        .dryRunWallet(1000)
        .timeframe("1h")
        .timerange("20210104-20210203")
        .backtestStart(t("2021-01-04 00:00:00"))
        .backtestEnd(t("2021-02-03 00:00:00"))
        .minimalRoi(Map.of(60, 0.01, 0, 0.04, 30, 0.02))
        .stoploss(-0.1);
  }

  static Map<String, Object> stats(List<TradeResult> trades, BacktestRunInfo info) {
    BacktestOutcome outcome =
        new BacktestOutcome(1008, 4, 1, 2, 3, 5, 6, List.of(new PairLockRecord(1, "ADA/BTC", t("2021-01-05 09:30:00"), t("2021-01-05 10:30:00"), "cooldown", "*", false)), "r1", 100, 160);
    return StrategyStats.generate("Hand", trades, info, outcome, 0.25);
  }

  @SuppressWarnings("unchecked")
  static List<Map<String, Object>> table(Map<String, Object> s, String key) {
    return (List<Map<String, Object>>) s.get(key);
  }

  static List<Object> keys(List<Map<String, Object>> rows) {
    return new ArrayList<>(rows.stream().map(r -> r.get("key")).toList());
  }

  @Test
  void keysComeInFreqtradesOrder() {
    assertEquals(KEYS, new ArrayList<>(stats(trades(), info().build()).keySet()));
  }

  @Test
  void totalsWinrateAndCounters() {
    Map<String, Object> s = stats(trades(), info().build());
    assertEquals(5, s.get("total_trades"));
    assertEquals(4, s.get("trade_count_long"));
    assertEquals(1, s.get("trade_count_short"));
    assertEquals(3, s.get("wins"));
    assertEquals(1, s.get("losses"));
    assertEquals(1, s.get("draws"));
    assertEquals(0.6, (Double) s.get("winrate"), EPS);
    assertEquals(8.0, (Double) s.get("profit_total_abs"), EPS);
    assertEquals(0.008, (Double) s.get("profit_total"), EPS);
    assertEquals(2.0, (Double) s.get("profit_total_short_abs"), EPS);
    assertEquals(6.0, (Double) s.get("profit_total_long_abs"), EPS);
    assertEquals(1.6, (Double) s.get("expectancy"), EPS);
    assertEquals(0.12, (Double) s.get("expectancy_ratio"), EPS);
    assertEquals(2.6, (Double) s.get("profit_factor"), EPS);
    assertEquals(0.001, (Double) s.get("profit_median"), EPS);
    assertEquals(30L, s.get("backtest_days"));
    assertEquals(0.17, s.get("trades_per_day"));
    assertEquals(3, s.get("max_open_trades"));
    assertEquals(3, s.get("max_open_trades_setting"));
    assertEquals(10.0, s.get("stake_amount"));
    assertEquals(4, s.get("rejected_signals"));
    assertEquals(6, s.get("replaced_entry_orders"));
    assertEquals(100L, s.get("backtest_run_start_ts"));
    assertEquals("2021-01-04 00:00:00", s.get("backtest_start"));
    assertEquals("20210104-20210203", s.get("timerange"));
    assertEquals("", s.get("timeframe_detail"));
    assertNull(s.get("trailing_stop_positive"));
    assertEquals(List.of("0", "30", "60"), new ArrayList<>(((Map<?, ?>) s.get("minimal_roi")).keySet()));
    assertEquals("10:24:00", s.get("holding_avg"));
    assertEquals(37440.0, s.get("holding_avg_s"));
    assertEquals("0:50:00", s.get("winner_holding_avg"));
    assertEquals("1:30:00", s.get("loser_holding_avg"));
    Map<?, ?> lock = (Map<?, ?>) ((List<?>) s.get("locks")).get(0);
    assertEquals("2021-01-05 09:30:00", lock.get("lock_time"));
    assertEquals("cooldown", lock.get("reason"));
  }

  @Test
  void pairTableSortsByAbsoluteProfitAndPicksBestAndWorstByRatioSum() {
    Map<String, Object> s = stats(trades(), info().build());
    List<Map<String, Object>> pairs = table(s, "results_per_pair");
    // Ties (XRP and LTC at 0) keep the pair list order.
    assertEquals(List.of("ETH/BTC", "XRP/BTC", "LTC/BTC", "ADA/BTC", "TOTAL"), keys(pairs));
    Map<String, Object> eth = pairs.get(0);
    assertEquals(
        List.of("key", "trades", "profit_mean", "profit_mean_pct", "profit_sum", "profit_sum_pct", "profit_total_abs",
            "profit_total", "profit_total_pct", "duration_avg", "wins", "draws", "losses", "winrate"),
        new ArrayList<>(eth.keySet()));
    assertEquals(2, eth.get("trades"));
    assertEquals(0.006, (Double) eth.get("profit_mean"), EPS);
    assertEquals(0.6, eth.get("profit_mean_pct"));
    assertEquals(1.2, eth.get("profit_total_pct"));
    assertEquals("1:00:00", eth.get("duration_avg"));
    Map<String, Object> ltc = pairs.get(2);
    assertEquals(0, ltc.get("trades"));
    assertEquals("0:00", ltc.get("duration_avg"));
    assertEquals(0.0, ltc.get("winrate"));
    assertEquals(5, pairs.get(4).get("trades"));
    assertEquals("ETH/BTC", ((Map<?, ?>) s.get("best_pair")).get("key"));
    assertEquals("ADA/BTC", ((Map<?, ?>) s.get("worst_pair")).get("key"));
  }

  @Test
  void exitReasonEnterTagAndMixTables() {
    Map<String, Object> s = stats(trades(), info().build());
    List<Map<String, Object>> exits = table(s, "exit_reason_summary");
    assertEquals(List.of("roi", "exit_signal", "force_exit", "stop_loss", "TOTAL"), keys(exits));
    Map<String, Object> roi = exits.get(0);
    assertEquals(2, roi.get("trades"));
    assertEquals(11.0, (Double) roi.get("profit_total_abs"), EPS);
    assertEquals(0.0055, (Double) roi.get("profit_mean"), EPS);
    assertEquals(0.55, roi.get("profit_mean_pct"));
    assertEquals("0:45:00", roi.get("duration_avg"));
    assertEquals(1.0, roi.get("winrate"));
    Map<String, Object> stop = exits.get(3);
    assertEquals(1, stop.get("losses"));
    assertEquals(-0.5, stop.get("profit_total_pct"));
    // A trade without entry tag only counts in TOTAL.
    List<Map<String, Object>> tags = table(s, "results_per_enter_tag");
    assertEquals(List.of("t1", "t2", "TOTAL"), keys(tags));
    assertEquals(3, tags.get(0).get("trades"));
    assertEquals(5, tags.get(2).get("trades"));
    assertEquals(
        List.of(List.of("t1", "roi"), List.of("t2", "exit_signal"), List.of("t1", "force_exit"), "TOTAL"),
        keys(table(s, "mix_tag_stats")));
    List<Map<String, Object>> open = table(s, "left_open_trades");
    assertEquals(List.of("XRP/BTC", "TOTAL"), keys(open));
    assertEquals(1, open.get(1).get("trades"));
  }

  @Test
  @SuppressWarnings("unchecked")
  void dailyAndPeriodicBreakdown() {
    Map<String, Object> s = stats(trades(), info().build());
    assertEquals(3, s.get("winning_days"));
    assertEquals(1, s.get("losing_days"));
    assertEquals(26, s.get("draw_days"));
    assertEquals(10.0, s.get("backtest_best_day_abs"));
    assertEquals(-0.005, (Double) s.get("backtest_worst_day"), EPS);
    assertEquals(30, ((List<?>) s.get("daily_profit")).size());
    Map<String, List<Map<String, Object>>> p = (Map<String, List<Map<String, Object>>>) s.get("periodic_breakdown");
    assertEquals(List.of("day", "week", "month"), new ArrayList<>(p.keySet()));
    assertEquals(30, p.get("day").size());
    List<Map<String, Object>> weeks = p.get("week");
    // A week runs Tuesday to Monday and is named by its Monday: Monday 4 Jan closes in the week of 04/01.
    assertEquals(
        List.of("04/01/2021", "11/01/2021", "18/01/2021", "25/01/2021", "01/02/2021", "08/02/2021"),
        weeks.stream().map(w -> w.get("date")).toList());
    assertEquals(List.of(1, 1, 1, 0, 1, 1), weeks.stream().map(w -> (Integer) w.get("wins") + (Integer) w.get("draws") + (Integer) w.get("loses")).toList());
    assertEquals(t("2021-01-11 00:00:00"), weeks.get(1).get("date_ts"));
    assertEquals(-5.0, weeks.get(1).get("profit_abs"));
    assertEquals(0.0, weeks.get(3).get("winrate"));
    List<Map<String, Object>> months = p.get("month");
    assertEquals(List.of("31/01/2021", "28/02/2021"), months.stream().map(m -> m.get("date")).toList());
    assertEquals(7.0, months.get(0).get("profit_abs"));
    assertEquals(0.5, months.get(1).get("winrate"));
  }

  @Test
  void drawdownBlock() {
    Map<String, Object> s = stats(trades(), info().build());
    assertEquals(5.0, (Double) s.get("max_drawdown_abs"), EPS);
    assertEquals(5.0 / 1010.0, (Double) s.get("max_drawdown_account"), EPS);
    assertEquals(5.0 / 1010.0, (Double) s.get("max_relative_drawdown"), EPS);
    assertEquals("2021-01-04 11:00:00", s.get("drawdown_start"));
    assertEquals(t("2021-01-04 11:00:00"), s.get("drawdown_start_ts"));
    assertEquals("2021-01-05 09:30:00", s.get("drawdown_end"));
    assertEquals(10.0, s.get("max_drawdown_high"));
    assertEquals(5.0, s.get("max_drawdown_low"));
    assertEquals(1005.0, s.get("csum_min"));
    assertEquals(1010.0, s.get("csum_max"));
  }

  @Test
  void unlimitedStakeAndMaxOpenTrades() {
    Map<String, Object> s = stats(trades(), info().unlimitedStake().maxOpenTrades(-1).build());
    assertEquals("unlimited", s.get("stake_amount"));
    assertEquals(4, s.get("max_open_trades"));
    assertEquals(-1, s.get("max_open_trades_setting"));
  }

  @Test
  void noTradesGivesFreqtradesEmptyShapes() {
    Map<String, Object> s = stats(List.of(), info().build());
    List<String> keys = new ArrayList<>(s.keySet());
    assertTrue(keys.contains("daily_profit_list"));
    assertFalse(keys.contains("daily_profit"));
    assertFalse(keys.contains("holding_avg_s"));
    assertEquals(0, s.get("total_trades"));
    assertEquals("0:00:00", s.get("holding_avg"));
    assertEquals("1970-01-01 00:00:00+00:00", s.get("drawdown_start"));
    assertEquals(0, s.get("drawdown_start_ts"));
    assertEquals(0.0, s.get("max_drawdown_account"));
    assertEquals(0.0, s.get("profit_factor"));
    assertEquals(100.0, s.get("expectancy_ratio"));
    // All pairs tie at 0: Python's max/min return the first.
    assertEquals("ETH/BTC", ((Map<?, ?>) s.get("best_pair")).get("key"));
    assertEquals("ETH/BTC", ((Map<?, ?>) s.get("worst_pair")).get("key"));
    assertEquals(List.of("TOTAL"), keys(table(s, "left_open_trades")));
    assertEquals(List.of("TOTAL"), keys(table(s, "exit_reason_summary")));
    assertEquals(List.of(), ((Map<?, ?>) s.get("periodic_breakdown")).get("day"));
  }

  @Test
  void noLosingTradeFallsBackToZeroDrawdown() {
    List<TradeResult> winners = trades().stream().filter(tr -> tr.profitAbs() > 0).toList();
    Map<String, Object> s = stats(winners, info().build());
    assertEquals(0.0, s.get("max_drawdown_abs"));
    assertEquals(0, s.get("csum_min"));
    assertEquals(-100.0, s.get("sortino"));
    assertEquals(-100.0, s.get("calmar"));
  }
}
