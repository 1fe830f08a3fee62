package io.agora.core.metrics;

import io.agora.core.market.CandleSeries;
import java.util.Map;

/** Freqtrade's {@code calculate_market_change}: how much the pairs moved over the data, averaged over pairs. */
public final class MarketChange {
  private MarketChange() {}

  /**
   * Mean over pairs of {@code (last close - first close) / first close}, taking the first and last non-NaN close of
   * each series. NaN when there are no pairs (numpy's mean of nothing).
   *
   * @throws IllegalArgumentException when a pair has no non-NaN close (Freqtrade fails there as well)
   */
  public static double calculateMarketChange(Map<String, CandleSeries> data) {
    double[] changes = new double[data.size()];
    int i = 0;
    for (Map.Entry<String, CandleSeries> e : data.entrySet()) {
      changes[i++] = change(e.getKey(), e.getValue().close());
    }
    return changes.length == 0 ? Double.NaN : Sums.sum(changes) / changes.length;
  }

  /** The relative change of one column between its first and last non-NaN value. */
  public static double change(String pair, double[] column) {
    int first = 0;
    while (first < column.length && Double.isNaN(column[first])) first++;
    int last = column.length - 1;
    while (last >= 0 && Double.isNaN(column[last])) last--;
    if (first > last) throw new IllegalArgumentException("no close price for " + pair + ": cannot compute the market change");
    return (column[last] - column[first]) / column[first];
  }
}
