package io.agora.core.metrics;

/**
 * The drawdown ("underwater") curve of Freqtrade's {@code calculate_underwater}: one row per trade, sorted by date.
 * The arrays are owned by this record and not copied; treat them as read-only.
 *
 * @param dates epoch ms of each row (ascending)
 * @param cumulative running sum of the values
 * @param highValue running maximum of {@code cumulative}
 * @param drawdown {@code cumulative - highValue} (zero or negative)
 * @param drawdownRelative fall relative to the peak balance (see {@link DrawdownResult#relativeAccountDrawdown()})
 */
public record DrawdownSeries(
    long[] dates, double[] cumulative, double[] highValue, double[] drawdown, double[] drawdownRelative) {

  public int size() {
    return dates.length;
  }
}
