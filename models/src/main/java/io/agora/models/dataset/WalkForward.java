package io.agora.models.dataset;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Rolling train/test windows in days, as FreqAI's {@code train_period_days} / {@code backtest_period_days}: train on
 * a window, test on the period right after it, move both forward by the test period, repeat. Every test row is then
 * predicted by a model that saw only earlier candles, which is how the model would have been used live.
 *
 * <p>Time windows alone still leak: a training row's label reads the close {@code horizon} candles later, which for
 * the last training rows lies in the test window. {@link #rows} purges those rows.
 */
public final class WalkForward {
  static final long DAY_MS = 86_400_000L;

  private WalkForward() {}

  /**
   * One walk-forward step, epoch ms, half-open: train on open times in {@code [trainFrom, trainTo)}, test on
   * {@code [testFrom, testTo)}; {@code trainTo == testFrom}.
   */
  public record Split(long trainFrom, long trainTo, long testFrom, long testTo) {
    public Split {
      if (!(trainFrom < trainTo && trainTo <= testFrom && testFrom < testTo)) {
        throw new IllegalArgumentException("split windows out of order: " + trainFrom + ", " + trainTo + ", "
            + testFrom + ", " + testTo);
      }
    }

    @Override
    public String toString() {
      return "Split[train " + Instant.ofEpochMilli(trainFrom) + " .. " + Instant.ofEpochMilli(trainTo) + ", test "
          + Instant.ofEpochMilli(testFrom) + " .. " + Instant.ofEpochMilli(testTo) + ")";
    }
  }

  /**
   * Row index ranges of a split, half-open: train rows {@code [trainFrom, trainTo)} (purged), test rows
   * {@code [testFrom, testTo)}. Rows without a label inside them still need filtering ({@link Dataset#labelled}).
   */
  public record Rows(int trainFrom, int trainTo, int testFrom, int testTo) {
    public int trainRows() {
      return trainTo - trainFrom;
    }

    public int testRows() {
      return testTo - testFrom;
    }
  }

  /** Splits covering the span of {@code times} (ascending open times): from the first to just after the last. */
  public static List<Split> splits(long[] times, int trainDays, int testDays) {
    if (times.length == 0) {
      throw new IllegalArgumentException("no data to split");
    }
    return splits(times[0], times[times.length - 1] + 1, trainDays, testDays);
  }

  /**
   * Splits of {@code [fromMs, toMs)}: the first trains on {@code [fromMs, fromMs + trainDays)}; each test window is
   * {@code testDays} long, and the last one is cut at {@code toMs} (FreqAI likewise backtests the remainder).
   *
   * @throws IllegalArgumentException for non-positive periods, or a span too short for one training window and
   *     some test data
   */
  public static List<Split> splits(long fromMs, long toMs, int trainDays, int testDays) {
    if (trainDays < 1 || testDays < 1) {
      throw new IllegalArgumentException(
          "train and test periods must be at least 1 day, got " + trainDays + " and " + testDays);
    }
    long train = trainDays * DAY_MS;
    long test = testDays * DAY_MS;
    if (toMs - fromMs <= train) {
      throw new IllegalArgumentException(String.format(
          "data from %s to %s spans %.2f days: too short for %d training days followed by a test period",
          Instant.ofEpochMilli(fromMs), Instant.ofEpochMilli(toMs), (toMs - fromMs) / (double) DAY_MS, trainDays));
    }
    List<Split> out = new ArrayList<>();
    for (long testFrom = fromMs + train; testFrom < toMs; testFrom += test) {
      out.add(new Split(testFrom - train, testFrom, testFrom, Math.min(testFrom + test, toMs)));
    }
    return out;
  }

  /** {@link #rows(long[], Split, LabelSpec, long)} with the dataset's own times, label and timeframe. */
  public static Rows rows(Dataset data, Split split) {
    return rows(data.times(), split, data.label(), data.timeframeMs());
  }

  /**
   * The rows of a split in {@code times} (non-decreasing open times, as a {@link Dataset} keeps them). A training
   * row at {@code t} is kept only if its label candle opens before the test window,
   * {@code t + horizon * timeframe < testFrom}: its close, the last price the label reads, is then known when
   * testing starts.
   *
   * @throws IllegalArgumentException when {@code times} is not sorted, or when no training row is left
   */
  public static Rows rows(long[] times, Split split, LabelSpec label, long timeframeMs) {
    if (timeframeMs <= 0) {
      throw new IllegalArgumentException("timeframe must be positive, got " + timeframeMs + " ms");
    }
    for (int i = 1; i < times.length; i++) {
      if (times[i] < times[i - 1]) {
        throw new IllegalArgumentException("row times must be in order; row " + i + " is earlier than row " + (i - 1));
      }
    }
    long reach = label.horizon() * timeframeMs;
    // t + reach < testFrom  <=>  t < testFrom - reach
    long trainEnd = Math.min(split.trainTo(), split.testFrom() - reach);
    int a = firstAtOrAfter(times, split.trainFrom());
    int b = Math.max(a, firstAtOrAfter(times, trainEnd));
    if (b == a) {
      throw new IllegalArgumentException(split + ": no training rows left once rows whose " + label.horizon()
          + "-candle label reaches into the test window are purged (" + (firstAtOrAfter(times, split.trainTo()) - a)
          + " rows in the training window before purging)");
    }
    return new Rows(a, b, firstAtOrAfter(times, split.testFrom()), firstAtOrAfter(times, split.testTo()));
  }

  /** First index with {@code times[i] >= t} in ascending {@code times} ({@code times.length} when none). */
  public static int firstAtOrAfter(long[] times, long t) {
    int lo = 0;
    int hi = times.length;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (times[mid] < t) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }
}
