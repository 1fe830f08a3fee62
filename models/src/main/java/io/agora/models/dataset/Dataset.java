package io.agora.models.dataset;

import io.agora.core.market.CandleSeries;
import io.agora.models.features.FeatureExtractor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Feature rows and labels of one or more pairs, in the flat primitive layout the trainers and ONNX take
 * ({@code x} row-major, {@code rows * features().size()} floats). Rows are built by streaming the candles through a
 * {@link FeatureExtractor}, the same code a live agent runs, so training and live inputs cannot differ.
 *
 * <p>Rows are in time order (pairs merged by open time), which makes a walk-forward window a contiguous row range.
 * Only candles with a complete feature row appear; rows whose label is not known yet (the last {@code horizon}
 * candles, or a horizon that spans a gap in the data) keep their features for prediction and carry {@code y = -1}.
 *
 * @param features    feature names, the columns of {@code x}
 * @param pairs       the pairs the rows come from; {@code pairIndex} points into it
 * @param timeframeMs candle length, to which the label's horizon refers
 * @param label       how {@code y} was computed
 * @param x           raw (not normalised) features, row-major
 * @param rows        number of rows
 * @param y           1, 0, or -1 where the label is not available
 * @param times       open time of each row's candle, epoch ms, non-decreasing
 * @param candleIndex index of each row's candle in its pair's series
 * @param pairIndex   each row's pair, an index into {@code pairs}
 */
public record Dataset(List<String> features, List<String> pairs, long timeframeMs, LabelSpec label, float[] x,
    int rows, int[] y, long[] times, int[] candleIndex, int[] pairIndex) {

  public Dataset {
    features = List.copyOf(features);
    pairs = List.copyOf(pairs);
    if (timeframeMs <= 0) {
      throw new IllegalArgumentException("timeframe must be positive, got " + timeframeMs + " ms");
    }
    if (x.length != (long) rows * features.size() || y.length != rows || times.length != rows
        || candleIndex.length != rows || pairIndex.length != rows) {
      throw new IllegalArgumentException("dataset arrays do not match " + rows + " rows of " + features.size());
    }
  }

  /** Rows of one pair's candles. */
  public static Dataset build(CandleSeries series, List<String> features, LabelSpec label) {
    return build(series.pair(), series.timeframe().millis(), series.openTime(), series.open(), series.high(),
        series.low(), series.close(), series.volume(), features, label);
  }

  /**
   * Rows of one pair's candles given as columns (open times ascending), in a single pass without per-candle
   * allocation.
   */
  public static Dataset build(String pair, long timeframeMs, long[] openTime, double[] open, double[] high,
      double[] low, double[] close, double[] volume, List<String> features, LabelSpec label) {
    int n = openTime.length;
    if (open.length != n || high.length != n || low.length != n || close.length != n || volume.length != n) {
      throw new IllegalArgumentException("OHLCV columns of " + pair + " differ in length");
    }
    if (timeframeMs <= 0) {
      throw new IllegalArgumentException("timeframe must be positive, got " + timeframeMs + " ms");
    }
    FeatureExtractor fx = FeatureExtractor.of(features);
    int f = fx.size();
    float[] x = new float[Math.multiplyExact(n, f)];
    int[] y = new int[n];
    long[] times = new long[n];
    int[] index = new int[n];
    int h = label.horizon();
    long span = h * timeframeMs;
    int rows = 0;
    for (int i = 0; i < n; i++) {
      if (!fx.update(openTime[i], open[i], high[i], low[i], close[i], volume[i], x, rows * f)) {
        continue;
      }
      times[rows] = openTime[i];
      index[rows] = i;
      int j = i + h;
      // A horizon that spans a gap would look further ahead than the purge in WalkForward assumes.
      boolean known = j < n && openTime[j] - openTime[i] == span && close[j] > 0.0 && Double.isFinite(close[j]);
      y[rows] = known ? label.label(close[i], close[j]) : -1;
      rows++;
    }
    return new Dataset(fx.names(), List.of(pair), timeframeMs, label, Arrays.copyOf(x, rows * f), rows,
        Arrays.copyOf(y, rows), Arrays.copyOf(times, rows), Arrays.copyOf(index, rows), new int[rows]);
  }

  /**
   * Several datasets as one, rows merged by open time (ties keep the order of {@code parts}), so that one model
   * trains on many pairs and a time window is still one row range.
   *
   * @throws IllegalArgumentException when the parts differ in features, label or timeframe
   */
  public static Dataset concat(List<Dataset> parts) {
    if (parts.isEmpty()) {
      throw new IllegalArgumentException("nothing to concatenate");
    }
    Dataset first = parts.get(0);
    int total = 0;
    List<String> pairs = new ArrayList<>();
    int[] pairOffset = new int[parts.size()];
    for (int p = 0; p < parts.size(); p++) {
      Dataset d = parts.get(p);
      if (!d.features.equals(first.features) || !d.label.equals(first.label) || d.timeframeMs != first.timeframeMs) {
        throw new IllegalArgumentException("cannot concatenate " + d.pairs + " with " + first.pairs
            + ": features, label and timeframe must be the same");
      }
      pairOffset[p] = pairs.size();
      pairs.addAll(d.pairs);
      total = Math.addExact(total, d.rows);
    }
    int f = first.features.size();
    float[] x = new float[Math.multiplyExact(total, f)];
    int[] y = new int[total];
    long[] times = new long[total];
    int[] index = new int[total];
    int[] pairIndex = new int[total];
    int[] cursor = new int[parts.size()];
    for (int r = 0; r < total; r++) {
      int best = -1;
      long bestTime = Long.MAX_VALUE;
      for (int p = 0; p < parts.size(); p++) {
        Dataset d = parts.get(p);
        if (cursor[p] < d.rows && (best < 0 || d.times[cursor[p]] < bestTime)) {
          best = p;
          bestTime = d.times[cursor[p]];
        }
      }
      Dataset d = parts.get(best);
      int s = cursor[best]++;
      System.arraycopy(d.x, s * f, x, r * f, f);
      y[r] = d.y[s];
      times[r] = d.times[s];
      index[r] = d.candleIndex[s];
      pairIndex[r] = pairOffset[best] + d.pairIndex[s];
    }
    return new Dataset(first.features, pairs, first.timeframeMs, first.label, x, total, y, times, index, pairIndex);
  }

  /** The rows in {@code [fromRow, toRow)} that have a label: what a trainer or an evaluation may use. */
  public Dataset labelled(int fromRow, int toRow) {
    if (fromRow < 0 || toRow > rows || fromRow > toRow) {
      throw new IndexOutOfBoundsException("rows [" + fromRow + ", " + toRow + ") of " + rows);
    }
    int f = features.size();
    int count = 0;
    for (int r = fromRow; r < toRow; r++) {
      if (y[r] >= 0) {
        count++;
      }
    }
    float[] nx = new float[count * f];
    int[] ny = new int[count];
    long[] nt = new long[count];
    int[] ni = new int[count];
    int[] np = new int[count];
    int k = 0;
    for (int r = fromRow; r < toRow; r++) {
      if (y[r] >= 0) {
        System.arraycopy(x, r * f, nx, k * f, f);
        ny[k] = y[r];
        nt[k] = times[r];
        ni[k] = candleIndex[r];
        np[k] = pairIndex[r];
        k++;
      }
    }
    return new Dataset(features, pairs, timeframeMs, label, nx, count, ny, nt, ni, np);
  }

  /** {@code features().size()}. */
  public int featureCount() {
    return features.size();
  }

  /** Rows labelled 1. */
  public int positives() {
    int p = 0;
    for (int r = 0; r < rows; r++) {
      if (y[r] == 1) {
        p++;
      }
    }
    return p;
  }

  @Override
  public String toString() {
    return "Dataset[" + rows + " rows x " + features.size() + " features, pairs " + pairs + ", " + label + "]";
  }
}
