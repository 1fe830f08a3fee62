package io.agora.core.metrics;

import io.agora.core.backtest.TradeResult;
import java.util.List;

/**
 * The columns of Freqtrade's results DataFrame that the reports read, taken once from a trade list so that the
 * metric kernels run over primitive arrays. Row order is the list's order.
 */
final class TradeColumns {
  final int size;
  final String[] pair;
  final String[] enterTag;
  final String[] exitReason;
  final boolean[] isShort;
  final long[] openTime;
  final long[] closeTime;
  final double[] profitAbs;
  final double[] profitRatio;
  final double[] stakeAmount;
  /** {@code trade_duration}: whole minutes. */
  final double[] durationMinutes;

  private TradeColumns(int n) {
    size = n;
    pair = new String[n];
    enterTag = new String[n];
    exitReason = new String[n];
    isShort = new boolean[n];
    openTime = new long[n];
    closeTime = new long[n];
    profitAbs = new double[n];
    profitRatio = new double[n];
    stakeAmount = new double[n];
    durationMinutes = new double[n];
  }

  static TradeColumns of(List<TradeResult> trades) {
    TradeColumns c = new TradeColumns(trades.size());
    for (int i = 0; i < c.size; i++) {
      TradeResult t = trades.get(i);
      c.pair[i] = t.pair();
      c.enterTag[i] = t.enterTag();
      c.exitReason[i] = t.exitReason();
      c.isShort[i] = t.isShort();
      c.openTime[i] = t.openTime();
      c.closeTime[i] = t.closeTime();
      c.profitAbs[i] = t.profitAbs();
      c.profitRatio[i] = t.profitRatio();
      c.stakeAmount[i] = t.stakeAmount();
      c.durationMinutes[i] = t.durationMinutes();
    }
    return c;
  }
}
