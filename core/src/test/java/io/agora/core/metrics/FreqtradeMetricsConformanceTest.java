package io.agora.core.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import io.agora.core.backtest.TradeResult;
import io.agora.core.market.CandleSeries;
import io.agora.core.report.json.TradeJson;
import io.agora.core.testing.SharedData;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Every case of {@code metrics_cases.json}: Freqtrade's metric tests at commit c9ae5e1 ({@code expected}, checked to
 * 1e-6 relative as pytest.approx does) and the values the real Freqtrade functions produced on the same input
 * ({@code observed}, checked to 1e-9 relative). A case whose {@code fn} this test does not know fails, so new cases
 * cannot be skipped silently.
 */
class FreqtradeMetricsConformanceTest {
  private static final double EXPECTED_REL = 1e-6;
  private static final double OBSERVED_REL = 1e-9;
  private static final long DAY_MS = 86_400_000L;
  private static final long JAN_1_2020 = TradeJson.parseDate("2020-01-01 00:00:00+00:00");

  @Test
  void fixtureHasTheCasesThisTestWasWrittenFor() {
    assertEquals(10, MetricsFixtures.root().path("backtest_result_json").path("cases").size());
    assertEquals(17, MetricsFixtures.root().path("literal_cases").size());
  }

  @TestFactory
  Stream<DynamicTest> backtestResultCases() {
    List<TradeResult> trades = MetricsFixtures.trades179();
    List<DynamicTest> tests = new ArrayList<>();
    int i = 0;
    for (JsonNode c : MetricsFixtures.root().path("backtest_result_json").path("cases")) {
      String fn = c.path("fn").asText();
      tests.add(DynamicTest.dynamicTest("bt[" + i++ + "] " + fn, () -> checkBacktestCase(fn, c, trades)));
    }
    return tests.stream();
  }

  @TestFactory
  Stream<DynamicTest> literalCases() {
    List<DynamicTest> tests = new ArrayList<>();
    int i = 0;
    for (JsonNode c : MetricsFixtures.root().path("literal_cases")) {
      String fn = c.path("fn").asText();
      tests.add(DynamicTest.dynamicTest("lit[" + i++ + "] " + fn, () -> checkLiteralCase(fn, c)));
    }
    return tests.stream();
  }

  // ---- the 179-trade cases ----

  private static void checkBacktestCase(String fn, JsonNode c, List<TradeResult> trades) {
    long minOpen = trades.stream().mapToLong(TradeResult::openTime).min().orElseThrow();
    long maxClose = trades.stream().mapToLong(TradeResult::closeTime).max().orElseThrow();
    JsonNode exp = c.path("expected");
    JsonNode obs = c.path("observed");
    if (fn.startsWith("calculate_max_drawdown(trades")) {
      DrawdownResult d = Drawdown.calculateMaxDrawdown(trades, 0, false).orElseThrow();
      near(exp.path("relative_account_drawdown").asDouble(), d.relativeAccountDrawdown(), EXPECTED_REL, "relative");
      assertEquals(exp.path("high_date").asText(), PyFormat.timestamp(d.highDate()));
      assertEquals(exp.path("low_date").asText(), PyFormat.timestamp(d.lowDate()));
      near(obs.path("drawdown_abs").asDouble(), d.drawdownAbs(), OBSERVED_REL, "drawdown_abs");
      near(obs.path("relative_account_drawdown").asDouble(), d.relativeAccountDrawdown(), OBSERVED_REL, "relative");
      near(obs.path("high_value").asDouble(), d.highValue(), OBSERVED_REL, "high_value");
      near(obs.path("low_value").asDouble(), d.lowValue(), OBSERVED_REL, "low_value");
    } else if (fn.equals("calculate_expectancy(trades)")) {
      Expectancy e = RiskMetrics.calculateExpectancy(trades);
      near(exp.path("expectancy").asDouble(), e.expectancy(), EXPECTED_REL, "expectancy");
      near(exp.path("expectancy_ratio").asDouble(), e.ratio(), EXPECTED_REL, "expectancy_ratio");
      near(obs.path("expectancy").asDouble(), e.expectancy(), OBSERVED_REL, "expectancy");
      near(obs.path("expectancy_ratio").asDouble(), e.ratio(), OBSERVED_REL, "expectancy_ratio");
    } else if (fn.startsWith("calculate_sortino(") || fn.startsWith("calculate_sharpe(") || fn.startsWith("calculate_calmar(")) {
      assertTrue(fn.contains("starting_balance=0.01"), fn);
      if (c.has("min_date")) {
        assertEquals(c.path("min_date").asText(), PyFormat.timestamp(minOpen));
        assertEquals(c.path("max_date").asText(), PyFormat.timestamp(maxClose));
      }
      double v =
          fn.startsWith("calculate_sortino(")
              ? RiskMetrics.calculateSortino(trades, minOpen, maxClose, 0.01)
              : fn.startsWith("calculate_sharpe(")
                  ? RiskMetrics.calculateSharpe(trades, minOpen, maxClose, 0.01)
                  : RiskMetrics.calculateCalmar(trades, minOpen, maxClose, 0.01);
      near(exp.asDouble(), v, EXPECTED_REL, fn);
      near(obs.asDouble(), v, OBSERVED_REL, fn);
    } else if (fn.startsWith("calculate_csum(")) {
      double[] profits = trades.stream().mapToDouble(TradeResult::profitAbs).toArray();
      double[] csum = Drawdown.calculateCsum(profits, 0).orElseThrow();
      double[] csum5 = Drawdown.calculateCsum(profits, 5).orElseThrow();
      assertTrue(csum[0] < 0.0001, "csum_min < 0.0001");
      assertTrue(csum[1] > 0.0002, "csum_max > 0.0002");
      assertEquals(csum[0] + 5, csum5[0]);
      assertEquals(csum[1] + 5, csum5[1]);
      near(obs.get(0).asDouble(), csum[0], OBSERVED_REL, "csum_min");
      near(obs.get(1).asDouble(), csum[1], OBSERVED_REL, "csum_max");
    } else if (fn.equals("generate_daily_stats(trades)")) {
      DailyStats d = DailyStats.of(trades);
      assertEquals(exp.path("round(backtest_best_day,4)").asDouble(), PyFormat.roundPython(d.bestDay(), 4));
      assertEquals(exp.path("round(backtest_worst_day,4)").asDouble(), PyFormat.roundPython(d.worstDay(), 4));
      assertEquals(exp.path("winning_days").asInt(), d.winningDays());
      assertEquals(exp.path("draw_days").asInt(), d.drawDays());
      assertEquals(exp.path("losing_days").asInt(), d.losingDays());
      near(obs.path("backtest_best_day").asDouble(), d.bestDay(), OBSERVED_REL, "best day");
      near(obs.path("backtest_worst_day").asDouble(), d.worstDay(), OBSERVED_REL, "worst day");
      near(obs.path("backtest_best_day_abs").asDouble(), d.bestDayAbs(), OBSERVED_REL, "best day abs");
      near(obs.path("backtest_worst_day_abs").asDouble(), d.worstDayAbs(), OBSERVED_REL, "worst day abs");
      assertEquals(obs.path("winning_days").asDouble(), d.winningDays());
      assertEquals(obs.path("draw_days").asDouble(), d.drawDays());
      assertEquals(obs.path("losing_days").asDouble(), d.losingDays());
    } else if (fn.equals("generate_trading_stats(trades)")) {
      TradingStats s = TradingStats.of(trades);
      assertEquals(exp.path("winner_holding_avg_s").asLong(), s.winnerHoldingAvgS());
      assertEquals(exp.path("loser_holding_avg_s").asLong(), s.loserHoldingAvgS());
      assertEquals(obs.path("wins").asInt(), s.wins());
      assertEquals(obs.path("losses").asInt(), s.losses());
      assertEquals(obs.path("draws").asInt(), s.draws());
      near(obs.path("winrate").asDouble(), s.winrate(), OBSERVED_REL, "winrate");
      assertEquals(obs.path("holding_avg_s").asDouble(), s.holdingAvgS());
      assertEquals(obs.path("max_consecutive_wins").asInt(), s.streaks().maxConsecutiveWins());
      assertEquals(obs.path("max_consecutive_losses").asInt(), s.streaks().maxConsecutiveLosses());
      Map<String, Object> m = s.toMap();
      assertEquals(obs.path("holding_avg").asDouble(), (Double) m.get("holding_avg_s"));
      assertEquals(obs.path("winner_holding_avg").asDouble(), (Double) m.get("winner_holding_avg_s"));
      assertEquals(obs.path("loser_holding_avg").asDouble(), (Double) m.get("loser_holding_avg_s"));
      assertEquals("0:24:00", m.get("winner_holding_avg"));
      assertEquals("1 day, 5:57:00", m.get("loser_holding_avg"));
    } else if (fn.equals("calc_streak(trades)")) {
      Streaks s = TradingStats.calcStreak(trades);
      assertEquals(exp.get(0).asInt(), s.maxConsecutiveWins());
      assertEquals(exp.get(1).asInt(), s.maxConsecutiveLosses());
      assertEquals(obs.get(0).asInt(), s.maxConsecutiveWins());
      assertEquals(obs.get(1).asInt(), s.maxConsecutiveLosses());
    } else if (fn.startsWith("generate_periodic_breakdown_stats(trades, 'day')")) {
      List<LinkedHashMap<String, Object>> rows = PeriodicBreakdown.generate(trades, Period.DAY);
      assertEquals(exp.asInt(), rows.size());
      assertEquals(obs.asInt(), rows.size());
      assertEquals(List.of("date", "date_ts", "profit_abs", "wins", "draws", "loses", "winrate"), new ArrayList<>(rows.get(0).keySet()));
      assertEquals("10/01/2018", rows.get(0).get("date"));
      assertEquals("30/01/2018", rows.get(rows.size() - 1).get("date"));
    } else {
      fail("no check for backtest_result_json case: " + fn);
    }
  }

  // ---- the literal cases ----

  private static void checkLiteralCase(String fn, JsonNode c) throws Exception {
    JsonNode in = c.path("input");
    JsonNode exp = c.path("expected");
    JsonNode obs = c.path("observed");
    if (fn.equals("calculate_expectancy")) {
      Expectancy e = RiskMetrics.calculateExpectancy(doubles(in.path("profit_abs")));
      near(exp.path("expectancy").asDouble(), e.expectancy(), EXPECTED_REL, "expectancy");
      near(exp.path("expectancy_ratio").asDouble(), e.ratio(), EXPECTED_REL, "expectancy_ratio");
      if (!obs.isMissingNode()) {
        near(obs.path("expectancy").asDouble(), e.expectancy(), OBSERVED_REL, "expectancy");
        near(obs.path("expectancy_ratio").asDouble(), e.ratio(), OBSERVED_REL, "expectancy_ratio");
      }
    } else if (fn.startsWith("calculate_cagr(")) {
      double v =
          RiskMetrics.calculateCagr(
              in.path("days_passed").asDouble(), in.path("starting_balance").asDouble(), in.path("final_balance").asDouble());
      assertEquals(c.path("expected_rounded_4").asDouble(), PyFormat.roundPython(v, 4), fn);
      near(obs.asDouble(), v, OBSERVED_REL, fn);
    } else if (fn.startsWith("calculate_max_drawdown(")) {
      checkDrawdownLiteral(fn, in, exp, obs);
    } else if (fn.startsWith("calc_streak")) {
      Streaks s = TradingStats.calcStreak(doubles(in.path("profit_ratio")));
      if (fn.contains("(negated)")) {
        // Freqtrade's test negates the first case's input; so do we, checking the fixture's own input too.
        double[] base = doubles(MetricsFixtures.root().path("literal_cases").get(indexOf("calc_streak")).path("input").path("profit_ratio"));
        double[] negated = new double[base.length];
        for (int k = 0; k < base.length; k++) negated[k] = -base[k];
        assertEquals(s, TradingStats.calcStreak(negated));
      }
      assertEquals(exp.get(0).asInt(), s.maxConsecutiveWins());
      assertEquals(exp.get(1).asInt(), s.maxConsecutiveLosses());
      if (!obs.isMissingNode()) assertEquals(List.of(obs.get(0).asInt(), obs.get(1).asInt()), List.of(s.maxConsecutiveWins(), s.maxConsecutiveLosses()));
    } else if (fn.startsWith("calculate_market_change(")) {
      Path dir = SharedData.testdata();
      Map<String, CandleSeries> data = new LinkedHashMap<>();
      // Gap filling inserts candles between existing ones only, so the first and last close it sees are the file's.
      data.put("ETH/BTC", FeatherCandles.read(dir.resolve("ETH_BTC-5m.feather"), "ETH/BTC", "5m"));
      data.put("ADA/BTC", FeatherCandles.read(dir.resolve("ADA_BTC-5m.feather"), "ADA/BTC", "5m"));
      double v = MarketChange.calculateMarketChange(data);
      near(exp.asDouble(), v, EXPECTED_REL, fn);
      near(obs.asDouble(), v, OBSERVED_REL, fn);
    } else if (fn.startsWith("generate_backtest_stats (")) {
      checkBacktestStatsLiteral(exp);
    } else {
      fail("no check for literal case: " + fn);
    }
  }

  private static void checkDrawdownLiteral(String fn, JsonNode in, JsonNode exp, JsonNode obs) {
    String column = in.has("profit_abs") ? "profit_abs" : "profit";
    double[] values = doubles(in.path(column));
    long[] dates = new long[values.length];
    for (int k = 0; k < dates.length; k++) dates[k] = JAN_1_2020 + k * DAY_MS;
    double startingBalance = param(fn, "starting_balance", 0);
    boolean relative = fn.contains("relative=True");
    Optional<DrawdownResult> r = Drawdown.calculateMaxDrawdown(dates, values, startingBalance, relative);
    if (exp.isTextual()) {
      assertTrue(exp.asText().contains("No losing trade"), exp.asText());
      assertTrue(r.isEmpty(), "Freqtrade raises 'No losing trade' here; we must return empty");
      return;
    }
    DrawdownResult d = r.orElseThrow();
    near(exp.path("drawdown_abs").asDouble(), d.drawdownAbs(), EXPECTED_REL, "drawdown_abs");
    if (exp.has("relative_account_drawdown")) {
      near(exp.path("relative_account_drawdown").asDouble(), d.relativeAccountDrawdown(), EXPECTED_REL, "relative");
    }
    if (exp.has("high_date")) assertEquals(exp.path("high_date").asText(), PyFormat.timestamp(d.highDate()));
    if (exp.has("low_date")) assertEquals(exp.path("low_date").asText(), PyFormat.timestamp(d.lowDate()));
    near(obs.path("drawdown_abs").asDouble(), d.drawdownAbs(), OBSERVED_REL, "drawdown_abs");
    near(obs.path("relative_account_drawdown").asDouble(), d.relativeAccountDrawdown(), OBSERVED_REL, "relative");
    if (obs.has("high_date")) assertEquals(obs.path("high_date").asText(), PyFormat.timestamp(d.highDate()));
    if (obs.has("low_date")) assertEquals(obs.path("low_date").asText(), PyFormat.timestamp(d.lowDate()));
  }

  /** Freqtrade's test_generate_backtest_stats, second results table (one losing trade), dry_run_wallet 1000. */
  private static void checkBacktestStatsLiteral(JsonNode exp) {
    double[] profitAbs = {0.000003, 0.000011, -0.000014, 0.000003};
    double[] profitRatio = {0.003312, 0.010801, -0.013803, 0.002780};
    String[] open = {"2017-11-14 19:32:00", "2017-11-14 21:36:00", "2017-11-14 22:12:00", "2017-11-14 22:44:00"};
    String[] close = {"2017-11-14 21:35:00", "2017-11-14 22:10:00", "2017-11-14 22:43:00", "2017-11-14 22:58:00"};
    String[] reasons = {"roi", "roi", "stop_loss", "force_exit"};
    List<TradeResult> trades = new ArrayList<>();
    for (int k = 0; k < 4; k++) {
      trades.add(
          MetricsFixtures.trade(
              "UNITTEST/BTC", false, null, reasons[k], TradeJson.parseDate(open[k]), TradeJson.parseDate(close[k]), profitAbs[k], profitRatio[k]));
    }
    BacktestRunInfo info =
        BacktestRunInfo.builder()
            .pairlist(List.of("UNITTEST/BTC"))
            .stakeCurrency("BTC")
            .stakeAmount(0.001)
            .maxOpenTrades(1)
            .dryRunWallet(1000)
            .timeframe("5m")
            .backtestStart(1510688220_000L)
            .backtestEnd(1510700340_000L)
            .build();
    Map<String, Object> s =
        StrategyStats.generate("DefStrat", trades, info, new BacktestOutcome(1000.02, 20, 0, 0, 0, 0, 0, List.of(), "124", 0, 0), 0.0);
    near(exp.path("max_drawdown_account").asDouble(), (Double) s.get("max_drawdown_account"), EXPECTED_REL, "max_drawdown_account");
    assertEquals(exp.path("drawdown_start").asText(), s.get("drawdown_start"));
    assertEquals(exp.path("drawdown_end").asText(), s.get("drawdown_end"));
    assertEquals(exp.path("drawdown_start_ts").asLong(), s.get("drawdown_start_ts"));
    assertEquals(exp.path("drawdown_end_ts").asLong(), s.get("drawdown_end_ts"));
    assertEquals(List.of("UNITTEST/BTC"), s.get("pairlist"));
    assertEquals("2017-11-14 19:37:00", s.get("backtest_start"));
    assertEquals(4, s.get("total_trades"));
  }

  // ---- helpers ----

  private static int indexOf(String fn) {
    int i = 0;
    for (JsonNode c : MetricsFixtures.root().path("literal_cases")) {
      if (c.path("fn").asText().equals(fn)) return i;
      i++;
    }
    throw new AssertionError("no literal case " + fn);
  }

  private static double param(String fn, String name, double absent) {
    Matcher m = Pattern.compile(name + "=([0-9.]+)").matcher(fn);
    return m.find() ? Double.parseDouble(m.group(1)) : absent;
  }

  private static double[] doubles(JsonNode arr) {
    double[] out = new double[arr.size()];
    for (int k = 0; k < out.length; k++) out[k] = arr.get(k).asDouble();
    return out;
  }

  static void near(double expected, double actual, double rel, String what) {
    double tol = rel * Math.max(Math.abs(expected), Math.abs(actual));
    if (!(Math.abs(expected - actual) <= tol)) {
      fail(what + ": expected " + expected + " but was " + actual + " (relative tolerance " + rel + ")");
    }
  }
}
