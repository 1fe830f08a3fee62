package io.agora.core.backtest;

import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;

/**
 * Freqtrade's {@code minimal_roi}: after N minutes in a trade, exit once profit exceeds the ratio. Keys are sorted
 * once so the per-candle lookup is a short scan over primitives.
 */
public final class RoiTable {
  private static final RoiTable EMPTY = new RoiTable(new int[0], new double[0]);
  private final int[] minutes;
  private final double[] ratios;

  private RoiTable(int[] minutes, double[] ratios) {
    this.minutes = minutes;
    this.ratios = ratios;
  }

  public static RoiTable empty() {
    return EMPTY;
  }

  /** From {@code {"0": 0.1, "60": 0.05}}; keys must be non-negative whole minutes. */
  public static RoiTable of(Map<String, ? extends Number> table) {
    TreeMap<Integer, Double> sorted = new TreeMap<>();
    for (Map.Entry<String, ? extends Number> e : table.entrySet()) {
      int m;
      try {
        m = (int) Math.round(Double.parseDouble(e.getKey().trim()));
      } catch (NumberFormatException ex) {
        throw new IllegalArgumentException("minimal_roi key '" + e.getKey() + "' is not a number of minutes");
      }
      if (m < 0) throw new IllegalArgumentException("minimal_roi key '" + e.getKey() + "' must be >= 0 minutes");
      if (e.getValue() == null) throw new IllegalArgumentException("minimal_roi value for '" + e.getKey() + "' is missing");
      sorted.put(m, e.getValue().doubleValue());
    }
    int[] k = new int[sorted.size()];
    double[] v = new double[sorted.size()];
    int i = 0;
    for (Map.Entry<Integer, Double> e : sorted.entrySet()) {
      k[i] = e.getKey();
      v[i++] = e.getValue();
    }
    return new RoiTable(k, v);
  }

  /** Index of the entry in force after {@code tradeMinutes} (the largest key not above it), or -1. */
  public int entryIndex(long tradeMinutes) {
    int idx = -1;
    for (int i = 0; i < minutes.length && minutes[i] <= tradeMinutes; i++) idx = i;
    return idx;
  }

  public int minutesAt(int index) {
    return minutes[index];
  }

  public double ratioAt(int index) {
    return ratios[index];
  }

  public boolean isEmpty() {
    return minutes.length == 0;
  }

  /** As Freqtrade writes it: string keys in ascending minute order. */
  public Map<String, Double> asMap() {
    Map<String, Double> m = new java.util.LinkedHashMap<>();
    for (int i = 0; i < minutes.length; i++) m.put(Integer.toString(minutes[i]), ratios[i]);
    return m;
  }

  @Override
  public String toString() {
    return "RoiTable" + Arrays.toString(minutes) + Arrays.toString(ratios);
  }
}
