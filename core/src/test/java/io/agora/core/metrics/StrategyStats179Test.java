package io.agora.core.metrics;

import static io.agora.core.metrics.FreqtradeMetricsConformanceTest.near;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.agora.core.backtest.TradeResult;
import io.agora.core.report.json.TradeJson;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The full strategy stats over the 179 trades of Freqtrade's {@code tests/testdata/backtest_results/backtest-result.json},
 * compared with the values Freqtrade itself stored in that file's strategy block (run configuration: 10 BTC pairs,
 * 5m, stake 0.001 BTC, wallet 0.01 BTC, max_open_trades 3). Only fields whose formula is unchanged at the reference
 * commit are compared; floats to 1e-12 relative.
 */
class StrategyStats179Test {
  private static final double REL = 1e-12;
  private static final List<String> PAIRS =
      List.of("TRX/BTC", "ADA/BTC", "XLM/BTC", "ETH/BTC", "XMR/BTC", "ZEC/BTC", "NXT/BTC", "LTC/BTC", "ETC/BTC", "DASH/BTC");
  private static Map<String, Object> stats;

  @BeforeAll
  static void generate() {
    // The backtester hands trades over in the order it closed them, which is the file's order.
    List<TradeResult> trades = MetricsFixtures.trades179FileOrder();
    BacktestRunInfo info =
        BacktestRunInfo.builder()
            .pairlist(PAIRS)
            .stakeCurrency("BTC")
            .stakeAmount(0.001)
            .maxOpenTrades(3)
            .dryRunWallet(0.01)
            .timeframe("5m")
            .backtestStart(TradeJson.parseDate("2018-01-10 07:15:00"))
            .backtestEnd(TradeJson.parseDate("2018-01-30 04:45:00"))
            .build();
    BacktestOutcome outcome = BacktestOutcome.of(0.011041902985696884, "asdf", 1601575200L, 1601575260L);
    stats = BacktestStats.generate(List.of(new StrategyRun("StrategyTestV3", trades, info, outcome)), 1.22);
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> strat() {
    return (Map<String, Object>) ((Map<String, Object>) stats.get("strategy")).get("StrategyTestV3");
  }

  private static double d(String key) {
    return ((Number) strat().get(key)).doubleValue();
  }

  @Test
  void totalsAndRatios() {
    assertEquals(179, strat().get("total_trades"));
    near(0.0010419029856968845, d("profit_total_abs"), REL, "profit_total_abs");
    near(0.10419029856968845, d("profit_total"), REL, "profit_total");
    near(0.0008041243575418989, d("profit_mean"), REL, "profit_mean");
    assertEquals(0.0, d("profit_median"));
    near(0.17900000000000005, d("total_volume"), REL, "total_volume");
    near(0.0010000000000000002, d("avg_stake_amount"), REL, "avg_stake_amount");
    near(5.712688499973264, d("cagr"), REL, "cagr");
    near(2.4223288739520954, d("profit_factor"), REL, "profit_factor");
    assertEquals(19L, strat().get("backtest_days"));
    assertEquals(9.42, strat().get("trades_per_day"));
    assertEquals("2018-01-10 07:15:00", strat().get("backtest_start"));
    assertEquals(1515568500000L, strat().get("backtest_start_ts"));
    assertEquals(1517287500000L, strat().get("backtest_end_ts"));
    assertEquals(3, strat().get("max_open_trades"));
    assertEquals(8, strat().get("stake_currency_decimals"));
  }

  @Test
  void drawdownBlock() {
    near(0.018740312808228732, d("max_drawdown_account"), REL, "max_drawdown_account");
    near(0.018740312808228732, d("max_relative_drawdown"), REL, "max_relative_drawdown");
    near(0.0002000000000000001, d("max_drawdown_abs"), REL, "max_drawdown_abs");
    assertEquals("2018-01-16 19:30:00", strat().get("drawdown_start"));
    assertEquals(1516131000000L, strat().get("drawdown_start_ts"));
    assertEquals("2018-01-16 22:25:00", strat().get("drawdown_end"));
    assertEquals(1516141500000L, strat().get("drawdown_end_ts"));
    near(0.0004721804511278108, d("max_drawdown_low"), REL, "max_drawdown_low");
    near(0.0006721804511278109, d("max_drawdown_high"), REL, "max_drawdown_high");
    near(0.010045112781954888, d("csum_min"), REL, "csum_min");
    near(0.011069172932330812, d("csum_max"), REL, "csum_max");
  }

  @Test
  void tradingAndDailyStats() {
    assertEquals(48, strat().get("wins"));
    assertEquals(9, strat().get("losses"));
    assertEquals(122, strat().get("draws"));
    assertEquals("3:40:00", strat().get("holding_avg"));
    assertEquals("0:24:00", strat().get("winner_holding_avg"));
    assertEquals("1 day, 5:57:00", strat().get("loser_holding_avg"));
    assertEquals(19, strat().get("winning_days"));
    assertEquals(2, strat().get("losing_days"));
    near(0.17955111999999998, d("backtest_best_day"), REL, "best day");
    near(-0.0001325331, d("backtest_worst_day_abs"), REL, "worst day abs");
    List<?> daily = (List<?>) strat().get("daily_profit");
    assertEquals(21, daily.size());
    assertEquals(List.of("2018-01-10", 0.000245614), daily.get(0));
    assertEquals(List.of("2018-01-25", -4.48622e-05), daily.get(15));
    assertEquals(List.of("2018-01-30", -0.0001325331), daily.get(20));
  }

  @Test
  @SuppressWarnings("unchecked")
  void perPairTableBestAndWorstPair() {
    List<Map<String, Object>> rows = (List<Map<String, Object>>) strat().get("results_per_pair");
    assertEquals(
        List.of("XLM/BTC", "ETC/BTC", "ETH/BTC", "ADA/BTC", "TRX/BTC", "DASH/BTC", "LTC/BTC", "ZEC/BTC", "NXT/BTC", "XMR/BTC", "TOTAL"),
        rows.stream().map(r -> r.get("key")).toList());
    Map<String, Object> ada = rows.get(3);
    assertEquals(29, ada.get("trades"));
    near(-0.03363461000000002, (Double) ada.get("profit_sum"), REL, "ADA profit_sum");
    assertEquals(-3.36, ada.get("profit_sum_pct"));
    near(0.00011156021803969656, (Double) ada.get("profit_total_abs"), REL, "ADA profit_total_abs");
    assertEquals(1.12, ada.get("profit_total_pct"));
    assertEquals("5:35:00", ada.get("duration_avg"));
    assertEquals(27, ada.get("wins"));
    assertEquals(2, ada.get("losses"));
    Map<String, Object> total = rows.get(10);
    assertEquals(179, total.get("trades"));
    near(0.1439382599999999, (Double) total.get("profit_sum"), REL, "TOTAL profit_sum");
    assertEquals(14.39, total.get("profit_sum_pct"));
    assertEquals(10.42, total.get("profit_total_pct"));
    assertEquals("3:40:00", total.get("duration_avg"));
    assertEquals(170, total.get("wins"));
    // Best and worst by profit_sum, not by absolute profit: XMR/BTC made money in BTC but has the lowest ratio sum.
    assertEquals("LTC/BTC", ((Map<String, Object>) strat().get("best_pair")).get("key"));
    assertEquals("XMR/BTC", ((Map<String, Object>) strat().get("worst_pair")).get("key"));
  }

  @Test
  @SuppressWarnings("unchecked")
  void leftOpenTradesAndComparison() {
    List<Map<String, Object>> open = (List<Map<String, Object>>) strat().get("left_open_trades");
    assertEquals(List.of("TRX/BTC", "ZEC/BTC", "ADA/BTC", "TOTAL"), open.stream().map(r -> r.get("key")).toList());
    assertEquals("2 days, 19:00:00", open.get(1).get("duration_avg"));
    assertEquals("2 days, 1:25:00", open.get(3).get("duration_avg"));
    near(-0.00013253310452866177, (Double) open.get(3).get("profit_total_abs"), REL, "left open total");
    List<Map<String, Object>> cmp = (List<Map<String, Object>>) stats.get("strategy_comparison");
    assertEquals(1, cmp.size());
    assertEquals("StrategyTestV3", cmp.get(0).get("key"));
    assertEquals("0.0002", cmp.get(0).get("max_drawdown_abs"));
    near(0.018740312808228732, (Double) cmp.get(0).get("max_drawdown_account"), REL, "comparison drawdown");
  }
}
