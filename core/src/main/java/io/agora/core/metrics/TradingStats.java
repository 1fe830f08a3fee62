package io.agora.core.metrics;

import io.agora.core.backtest.TradeResult;
import java.util.LinkedHashMap;
import java.util.List;

/**
 * Win/draw/loss counts, holding times and streaks: Freqtrade's {@code generate_trading_stats} and
 * {@code calc_streak}. Wins, draws and losses are by {@code profit_ratio} (greater, equal, less than 0); holding
 * times are in seconds, averages rounded to whole minutes as Freqtrade does. Minimum and maximum holding times are
 * extras that Freqtrade does not report; {@link #toMap()} leaves them out.
 */
public record TradingStats(
    int trades,
    int wins,
    int losses,
    int draws,
    double winrate,
    long holdingAvgS,
    long holdingMinS,
    long holdingMaxS,
    long winnerHoldingAvgS,
    long winnerHoldingMinS,
    long winnerHoldingMaxS,
    long loserHoldingAvgS,
    long loserHoldingMinS,
    long loserHoldingMaxS,
    Streaks streaks) {

  public static TradingStats of(List<TradeResult> trades) {
    TradeColumns c = TradeColumns.of(trades);
    return of(c.profitRatio, c.durationMinutes);
  }

  /**
   * @param profitRatio per-trade profit ratios, in trade (close) order
   * @param durationMinutes per-trade durations in whole minutes, parallel
   */
  public static TradingStats of(double[] profitRatio, double[] durationMinutes) {
    int n = profitRatio.length;
    int wins = 0, losses = 0, draws = 0;
    for (double p : profitRatio) {
      if (p > 0) wins++;
      else if (p < 0) losses++;
      else if (p == 0) draws++;
    }
    double[] all = durationMinutes;
    double[] win = durationsWhere(profitRatio, durationMinutes, 1);
    double[] loss = durationsWhere(profitRatio, durationMinutes, -1);
    return new TradingStats(
        n,
        wins,
        losses,
        draws,
        n > 0 ? (double) wins / n : 0.0,
        avgSeconds(all),
        extremeSeconds(all, false),
        extremeSeconds(all, true),
        avgSeconds(win),
        extremeSeconds(win, false),
        extremeSeconds(win, true),
        avgSeconds(loss),
        extremeSeconds(loss, false),
        extremeSeconds(loss, true),
        calcStreak(profitRatio));
  }

  /**
   * {@code calc_streak}: a trade with {@code profit_ratio > 0} is a win, any other (draws included) a loss; the
   * longest run of each, in the given order.
   */
  public static Streaks calcStreak(double[] profitRatio) {
    int bestWin = 0, bestLoss = 0, run = 0;
    boolean prevWin = false;
    for (int i = 0; i < profitRatio.length; i++) {
      boolean win = profitRatio[i] > 0;
      run = i > 0 && win == prevWin ? run + 1 : 1;
      prevWin = win;
      if (win) bestWin = Math.max(bestWin, run);
      else bestLoss = Math.max(bestLoss, run);
    }
    return new Streaks(bestWin, bestLoss);
  }

  public static Streaks calcStreak(List<TradeResult> trades) {
    return calcStreak(TradeColumns.of(trades).profitRatio);
  }

  /**
   * The entries {@code generate_trading_stats} adds to the strategy stats, in Freqtrade's order. Holding averages are
   * Python {@code timedelta} strings ({@code 3:40:00}, {@code 1 day, 5:57:00}) as Freqtrade's JSON writer renders
   * them; with no trades Freqtrade writes neither the {@code _s} keys nor a win rate as a float.
   */
  public LinkedHashMap<String, Object> toMap() {
    LinkedHashMap<String, Object> m = new LinkedHashMap<>();
    m.put("wins", wins);
    m.put("losses", losses);
    m.put("draws", draws);
    if (trades == 0) {
      m.put("winrate", 0);
      m.put("holding_avg", PyFormat.timedelta(0));
      m.put("winner_holding_avg", PyFormat.timedelta(0));
      m.put("loser_holding_avg", PyFormat.timedelta(0));
      m.put("max_consecutive_wins", 0);
      m.put("max_consecutive_losses", 0);
      return m;
    }
    m.put("winrate", winrate);
    m.put("holding_avg", PyFormat.timedelta(holdingAvgS));
    m.put("holding_avg_s", (double) holdingAvgS);
    m.put("winner_holding_avg", PyFormat.timedelta(winnerHoldingAvgS));
    m.put("winner_holding_avg_s", (double) winnerHoldingAvgS);
    m.put("loser_holding_avg", PyFormat.timedelta(loserHoldingAvgS));
    m.put("loser_holding_avg_s", (double) loserHoldingAvgS);
    m.put("max_consecutive_wins", streaks.maxConsecutiveWins());
    m.put("max_consecutive_losses", streaks.maxConsecutiveLosses());
    return m;
  }

  /** {@code timedelta(minutes=round(mean))} in seconds; 0 when there is nothing to average. */
  static long avgSeconds(double[] minutes) {
    if (minutes.length == 0) return 0;
    return PyFormat.roundHalfEven(Sums.mean(minutes)) * 60L;
  }

  private static long extremeSeconds(double[] minutes, boolean max) {
    if (minutes.length == 0) return 0;
    double e = minutes[0];
    for (double m : minutes) e = max ? Math.max(e, m) : Math.min(e, m);
    return (long) e * 60L;
  }

  private static double[] durationsWhere(double[] profitRatio, double[] durations, int sign) {
    int n = 0;
    for (double p : profitRatio) if (sign > 0 ? p > 0 : p < 0) n++;
    double[] out = new double[n];
    int j = 0;
    for (int i = 0; i < profitRatio.length; i++) {
      double p = profitRatio[i];
      if (sign > 0 ? p > 0 : p < 0) out[j++] = durations[i];
    }
    return out;
  }
}
