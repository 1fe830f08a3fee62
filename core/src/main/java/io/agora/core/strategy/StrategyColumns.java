package io.agora.core.strategy;

import io.agora.core.market.CandleSeries;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A strategy's analysed frame for one series, like Freqtrade's populated dataframe: its indicator columns and its
 * signal columns, candle by candle (signals unshifted: as computed at each candle's close).
 */
public record StrategyColumns(CandleSeries candles, Map<String, double[]> indicators, byte[] signals, String[] enterTags, String[] exitTags) {

  /** Runs the strategy's generator over {@code series} once and keeps every column. */
  public static StrategyColumns compute(Strategy strategy, CandleSeries series) {
    SignalGenerator g = strategy.newSignalGenerator(series.instrument(), series.timeframe());
    List<String> names = strategy.indicatorColumns();
    int n = series.size();
    double[][] cols = new double[names.size()][n];
    byte[] sig = new byte[n];
    String[] et = new String[n];
    String[] xt = new String[n];
    long[] t = series.openTime();
    double[] o = series.open(), h = series.high(), l = series.low(), c = series.close(), v = series.volume();
    for (int i = 0; i < n; i++) {
      sig[i] = (byte) g.onCandle(t[i], o[i], h[i], l[i], c[i], v[i]);
      for (int k = 0; k < cols.length; k++) cols[k][i] = g.indicator(k);
      if (sig[i] != 0) {
        et[i] = g.enterTag();
        xt[i] = g.exitTag();
      }
    }
    g.onEnd();
    Map<String, double[]> out = new LinkedHashMap<>();
    for (int k = 0; k < cols.length; k++) out.put(names.get(k), cols[k]);
    return new StrategyColumns(series, out, sig, et, xt);
  }
}
