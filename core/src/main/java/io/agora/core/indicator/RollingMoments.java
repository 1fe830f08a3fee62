package io.agora.core.indicator;

/**
 * Mean and sum of squared deviations over the last {@code capacity} values, in amortized O(1).
 *
 * <p>The sums are kept for deviations from a shift {@code K} with compensated summation. Every {@code capacity}
 * updates the shift moves to the newest value and the sums are rebuilt from the ring buffer (O(capacity) once per
 * capacity updates). Two things follow. The shift is always one of the values in the window, so the
 * {@code Σd² - (Σd)²/n} cancellation is no worse than the window's own spread (no drift from prices that were far
 * away long ago). And a window of identical values has all deviations exactly zero, which the non-zero count
 * detects, so its variance is exactly 0 and not rounding noise.
 */
final class RollingMoments {
  private final double[] values;
  private final CompensatedSum deviations = new CompensatedSum();
  private final CompensatedSum squares = new CompensatedSum();
  private double shift;
  private int next;
  private int size;
  private int nonZero;
  private int sinceRebase;

  RollingMoments(int capacity) {
    values = new double[Checks.period(capacity, "capacity")];
  }

  void add(double x) {
    if (size == 0) {
      shift = x;
    }
    if (size == values.length) {
      double d = values[next] - shift;
      deviations.add(-d);
      squares.add(-(d * d));
      if (d != 0.0) {
        nonZero--;
      }
    } else {
      size++;
    }
    values[next] = x;
    next = next + 1 == values.length ? 0 : next + 1;
    double d = x - shift;
    deviations.add(d);
    squares.add(d * d);
    if (d != 0.0) {
      nonZero++;
    }
    if (nonZero == 0) {
      deviations.reset();
      squares.reset();
    }
    if (++sinceRebase == values.length) {
      rebase(x);
    }
  }

  private void rebase(double newShift) {
    shift = newShift;
    deviations.reset();
    squares.reset();
    nonZero = 0;
    for (int i = 0; i < size; i++) {
      double d = values[i] - shift;
      deviations.add(d);
      squares.add(d * d);
      if (d != 0.0) {
        nonZero++;
      }
    }
    sinceRebase = 0;
  }

  boolean isFull() {
    return size == values.length;
  }

  int size() {
    return size;
  }

  double mean() {
    return shift + deviations.value() / size;
  }

  /** {@code x - mean()}, computed from the shifted sums so that no precision is lost to the price level. */
  double deviation(double x) {
    return (x - shift) - deviations.value() / size;
  }

  /** Sum of squared deviations from the mean, never negative. */
  double sumOfSquares() {
    double s = deviations.value();
    double m2 = squares.value() - s * s / size;
    // Rounding can leave a tiny negative where the true value is 0.
    return m2 > 0.0 ? m2 : 0.0;
  }

  void reset() {
    deviations.reset();
    squares.reset();
    shift = 0.0;
    next = 0;
    size = 0;
    nonZero = 0;
    sinceRebase = 0;
  }
}
