package io.agora.core.indicator;

/** Argument checks shared by the kernels. */
final class Checks {
  private Checks() {}

  static int period(int period, String name) {
    if (period < 1) {
      throw new IllegalArgumentException(name + " must be at least 1, got " + period);
    }
    return period;
  }

  static <T> T notNull(T value, String name) {
    if (value == null) {
      throw new NullPointerException(name);
    }
    return value;
  }

  /** Length of the inputs, after checking that they agree. */
  static int sameLength(double[]... inputs) {
    int n = inputs[0].length;
    for (double[] in : inputs) {
      if (in.length != n) {
        throw new IllegalArgumentException("input arrays differ in length: " + n + " and " + in.length);
      }
    }
    return n;
  }

  /** A required output must be at least as long as the input. */
  static void required(double[] out, int n, String name) {
    output(notNull(out, name), n, name);
  }

  /** An optional output may be null (not wanted) or else at least as long as the input. */
  static void output(double[] out, int n, String name) {
    if (out != null && out.length < n) {
      throw new IllegalArgumentException(name + " has length " + out.length + ", needs at least " + n);
    }
  }
}
