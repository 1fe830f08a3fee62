package io.agora.core.report.text;

import static io.agora.core.report.text.ReportFormat.coin;
import static io.agora.core.report.text.ReportFormat.fixed;
import static io.agora.core.report.text.ReportFormat.pct;
import static io.agora.core.report.text.ReportFormat.py;

import io.agora.core.report.StatsMap;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The lines of Freqtrade's "SUMMARY METRICS" block ({@code text_table_add_metrics}), in its order and formats, as
 * name/value pairs that the text and the HTML report both lay out. A metric whose key an older result lacks shows
 * {@code N/A}, as in Freqtrade.
 */
public final class SummaryMetrics {
  /** One line; a line with empty name and value separates groups. */
  public record Metric(String name, String value) {
    public boolean isSeparator() {
      return name.isEmpty() && value.isEmpty();
    }
  }

  private static final Metric SEPARATOR = new Metric("", "");

  private SummaryMetrics() {}

  /** The metric lines of a run with trades; empty when the run made none (see {@link #noTradesMessage}). */
  public static List<Metric> of(StatsMap s) {
    List<Map<String, Object>> trades = s.rows("trades");
    if (trades.isEmpty()) return List.of();
    String cur = s.stakeCurrency();
    List<Metric> m = new ArrayList<>();
    m.add(new Metric("Backtesting from", s.str("backtest_start", "N/A")));
    m.add(new Metric("Backtesting to", s.str("backtest_end", "N/A")));
    if (s.has("trading_mode")) m.add(new Metric("Trading Mode", tradingMode(s)));
    m.add(new Metric("Max open trades", py(s.get("max_open_trades"))));
    m.add(SEPARATOR);
    m.add(new Metric("Total/Daily Avg Trades", py(s.get("total_trades")) + " / " + py(s.get("trades_per_day"))));
    m.add(new Metric("Starting balance", coin(s.num("starting_balance"), cur)));
    m.add(new Metric("Final balance", coin(s.num("final_balance"), cur)));
    m.add(new Metric("Absolute profit", coin(s.num("profit_total_abs"), cur)));
    m.add(new Metric("Total profit %", pct(s.num("profit_total"))));
    m.add(new Metric("CAGR %", s.has("cagr") ? pct(s.num("cagr")) : "N/A"));
    m.add(new Metric("Sortino", fixedOrNa(s, "sortino")));
    m.add(new Metric("Sharpe", fixedOrNa(s, "sharpe")));
    m.add(new Metric("Calmar", fixedOrNa(s, "calmar")));
    m.add(new Metric("Profit factor", fixedOrNa(s, "profit_factor")));
    m.add(
        new Metric(
            "Expectancy (Ratio)",
            s.has("expectancy_ratio")
                ? fixed(s.num("expectancy"), 2) + " (" + fixed(s.num("expectancy_ratio"), 2) + ")"
                : "N/A"));
    m.add(new Metric("Avg. daily profit %", pct(s.num("profit_total") / s.num("backtest_days"))));
    m.add(new Metric("Avg. stake amount", coin(s.num("avg_stake_amount"), cur)));
    m.add(new Metric("Total trade volume", coin(s.num("total_volume"), cur)));
    if (s.integer("trade_count_short", 0) > 0) {
      m.add(SEPARATOR);
      m.add(new Metric("Long / Short", py(s.get("trade_count_long")) + " / " + py(s.get("trade_count_short"))));
      m.add(new Metric("Total profit Long %", pct(s.num("profit_total_long"))));
      m.add(new Metric("Total profit Short %", pct(s.num("profit_total_short"))));
      m.add(new Metric("Absolute profit Long", coin(s.num("profit_total_long_abs"), cur)));
      m.add(new Metric("Absolute profit Short", coin(s.num("profit_total_short_abs"), cur)));
    }
    m.add(SEPARATOR);
    m.add(new Metric("Best Pair", pairLine(s.child("best_pair"))));
    m.add(new Metric("Worst Pair", pairLine(s.child("worst_pair"))));
    m.add(new Metric("Best trade", tradeLine(extremeTrade(trades, true))));
    m.add(new Metric("Worst trade", tradeLine(extremeTrade(trades, false))));
    m.add(new Metric("Best day", coin(s.num("backtest_best_day_abs"), cur)));
    m.add(new Metric("Worst day", coin(s.num("backtest_worst_day_abs"), cur)));
    m.add(
        new Metric(
            "Days win/draw/lose",
            py(s.get("winning_days")) + " / " + py(s.get("draw_days")) + " / " + py(s.get("losing_days"))));
    m.add(new Metric("Avg. Duration Winners", py(s.get("winner_holding_avg"))));
    m.add(new Metric("Avg. Duration Loser", py(s.get("loser_holding_avg"))));
    m.add(
        new Metric(
            "Max Consecutive Wins / Loss",
            s.has("max_consecutive_losses")
                ? py(s.get("max_consecutive_wins")) + " / " + py(s.get("max_consecutive_losses"))
                : "N/A"));
    m.add(new Metric("Rejected Entry signals", s.str("rejected_signals", "N/A")));
    m.add(
        new Metric(
            "Entry/Exit Timeouts", s.str("timedout_entry_orders", "N/A") + " / " + s.str("timedout_exit_orders", "N/A")));
    if (s.integer("canceled_entry_orders", 0) > 0) {
      m.add(new Metric("Canceled Trade Entries", s.str("canceled_trade_entries", "N/A")));
      m.add(new Metric("Canceled Entry Orders", s.str("canceled_entry_orders", "N/A")));
      m.add(new Metric("Replaced Entry Orders", s.str("replaced_entry_orders", "N/A")));
    }
    m.add(SEPARATOR);
    m.add(new Metric("Min balance", coin(s.num("csum_min"), cur)));
    m.add(new Metric("Max balance", coin(s.num("csum_max"), cur)));
    if (s.has("max_relative_drawdown")) {
      m.add(new Metric("Max % of account underwater", pct(s.num("max_relative_drawdown"))));
    }
    m.add(
        s.has("max_drawdown_account")
            ? new Metric("Absolute Drawdown (Account)", pct(s.num("max_drawdown_account")))
            : new Metric("Drawdown", pct(s.num("max_drawdown"))));
    m.add(new Metric("Absolute Drawdown", coin(s.num("max_drawdown_abs"), cur)));
    m.add(new Metric("Drawdown high", coin(s.num("max_drawdown_high"), cur)));
    m.add(new Metric("Drawdown low", coin(s.num("max_drawdown_low"), cur)));
    m.add(new Metric("Drawdown Start", s.str("drawdown_start", "N/A")));
    m.add(new Metric("Drawdown End", s.str("drawdown_end", "N/A")));
    m.add(new Metric("Market change", pct(s.num("market_change"))));
    return m;
  }

  /** Freqtrade's line for a run without trades: the starting balance and the stake. */
  public static String noTradesMessage(StatsMap s) {
    String cur = s.stakeCurrency();
    Object stake = s.get("stake_amount");
    String stakeText = stake instanceof Number n ? coin(n.doubleValue(), cur) : String.valueOf(stake);
    return "No trades made. Your starting balance was "
        + coin(s.num("starting_balance"), cur)
        + ", and your stake was "
        + stakeText
        + ".";
  }

  /**
   * Python's {@code max}/{@code min} over the trades by {@code profit_ratio}: the first trade holding the extreme.
   * Trades without a ratio are passed over; null when none has one.
   */
  static Map<String, Object> extremeTrade(List<Map<String, Object>> trades, boolean max) {
    Map<String, Object> best = null;
    double bestRatio = Double.NaN;
    for (Map<String, Object> t : trades) {
      double r = StatsMap.num(t, "profit_ratio");
      if (Double.isNaN(r)) continue;
      if (best == null || (max ? r > bestRatio : r < bestRatio)) {
        best = t;
        bestRatio = r;
      }
    }
    return best;
  }

  private static String tradingMode(StatsMap s) {
    String mode = s.str("trading_mode", "spot");
    String margin = s.str("margin_mode", "");
    String prefix = margin.isEmpty() || mode.equals("spot") ? "" : capitalize(margin) + " ";
    return prefix + capitalize(mode);
  }

  /** Python's {@code str.capitalize}: first letter upper case, the rest lower case. */
  private static String capitalize(String s) {
    if (s.isEmpty()) return s;
    return s.substring(0, 1).toUpperCase(java.util.Locale.ROOT) + s.substring(1).toLowerCase(java.util.Locale.ROOT);
  }

  private static String fixedOrNa(StatsMap s, String key) {
    return s.has(key) ? fixed(s.num(key), 2) : "N/A";
  }

  private static String pairLine(StatsMap pair) {
    if (pair == null) return "N/A";
    return pair.str("key", "") + " " + pct(pair.num("profit_total"));
  }

  private static String tradeLine(Map<String, Object> trade) {
    if (trade == null) return "N/A";
    return trade.get("pair") + " " + pct(StatsMap.num(trade, "profit_ratio"));
  }
}
