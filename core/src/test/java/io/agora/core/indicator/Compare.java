package io.agora.core.indicator;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/** The agreed tolerance: {@code |a - b| <= max(1e-12, 1e-9 * max(|a|, |b|))}. */
final class Compare {
  static final double RELATIVE = 1e-9;
  static final double ABSOLUTE = 1e-12;

  private Compare() {}

  static boolean close(double a, double b) {
    return Math.abs(a - b) <= Math.max(ABSOLUTE, RELATIVE * Math.max(Math.abs(a), Math.abs(b)));
  }

  /**
   * Asserts that {@code actual} matches {@code expected} on {@code [from, expected.length)}: both finite and close,
   * or both NaN. Returns the number of finite values compared, so callers can check the comparison was not vacuous.
   */
  static int assertClose(String what, double[] expected, double[] actual, int from) {
    int compared = 0;
    for (int i = from; i < expected.length; i++) {
      double e = expected[i];
      double a = actual[i];
      if (Double.isNaN(e) && Double.isNaN(a)) {
        continue;
      }
      if (!Double.isFinite(e) || !Double.isFinite(a) || !close(e, a)) {
        fail(what + ": at index " + i + " expected " + e + " but got " + a + " (diff " + (a - e) + ")");
      }
      compared++;
    }
    return compared;
  }

  /** As {@link #assertClose}, and at least {@code minimum} finite values were compared. */
  static void assertClose(String what, double[] expected, double[] actual, int from, int minimum) {
    int compared = assertClose(what, expected, actual, from);
    assertTrue(compared >= minimum, what + ": only " + compared + " values compared, expected at least " + minimum);
  }

  /** {@code values[i]} is NaN before {@code first} and finite from there on. */
  static void assertWarmUp(String what, double[] values, int first) {
    for (int i = 0; i < values.length; i++) {
      if (i < first && !Double.isNaN(values[i])) {
        fail(what + ": expected NaN during warm-up at index " + i + ", got " + values[i]);
      }
      if (i >= first && !Double.isFinite(values[i])) {
        fail(what + ": expected a finite value from index " + first + ", got " + values[i] + " at " + i);
      }
    }
  }
}
