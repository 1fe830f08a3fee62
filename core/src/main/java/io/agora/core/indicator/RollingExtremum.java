package io.agora.core.indicator;

/**
 * Highest (or lowest) of the last {@code capacity} values: a monotonic deque in preallocated ring arrays, amortized
 * O(1) per update (each value enters and leaves the deque once).
 */
final class RollingExtremum {
  private final boolean highest;
  private final int capacity;
  private final double[] values;
  private final long[] ticks;
  private int head;
  private int length;
  private long tick;

  RollingExtremum(int capacity, boolean highest) {
    this.capacity = Checks.period(capacity, "capacity");
    this.highest = highest;
    this.values = new double[capacity];
    this.ticks = new long[capacity];
  }

  void add(double x) {
    tick++;
    // Drop the front if it has left the window; at most one can, since one value enters per update.
    if (length > 0 && ticks[head] <= tick - capacity) {
      head = head + 1 == capacity ? 0 : head + 1;
      length--;
    }
    // Values at the back that x dominates can never be the extremum again.
    while (length > 0) {
      int back = (head + length - 1) % capacity;
      if (highest ? values[back] <= x : values[back] >= x) {
        length--;
      } else {
        break;
      }
    }
    int slot = (head + length) % capacity;
    values[slot] = x;
    ticks[slot] = tick;
    length++;
  }

  /** The extremum of the window; {@code NaN} before the first value. */
  double value() {
    return length == 0 ? Double.NaN : values[head];
  }

  boolean isFull() {
    return tick >= capacity;
  }

  void reset() {
    head = 0;
    length = 0;
    tick = 0;
  }
}
