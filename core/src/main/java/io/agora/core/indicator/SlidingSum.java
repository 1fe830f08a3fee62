package io.agora.core.indicator;

/**
 * Sum of the last {@code capacity} values, kept in a ring buffer with a compensated running sum. While the window
 * holds only zeros the sum is exactly zero, so ratios such as a VWAP over volume-less candles come out as 0/0 and
 * not as rounding noise over rounding noise.
 */
final class SlidingSum {
  private final double[] values;
  private final CompensatedSum sum = new CompensatedSum();
  private int next;
  private int size;
  private int nonZero;

  SlidingSum(int capacity) {
    values = new double[Checks.period(capacity, "capacity")];
  }

  void add(double x) {
    if (size == values.length) {
      double old = values[next];
      sum.add(-old);
      if (old != 0.0) {
        nonZero--;
      }
    } else {
      size++;
    }
    values[next] = x;
    next = next + 1 == values.length ? 0 : next + 1;
    sum.add(x);
    if (x != 0.0) {
      nonZero++;
    }
    if (nonZero == 0) {
      sum.reset();
    }
  }

  double sum() {
    return sum.value();
  }

  boolean isFull() {
    return size == values.length;
  }

  void reset() {
    sum.reset();
    next = 0;
    size = 0;
    nonZero = 0;
  }
}
