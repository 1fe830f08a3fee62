package io.agora.core.indicator;

import java.math.BigDecimal;
import java.math.MathContext;

/**
 * Direct computations over a window in BigDecimal: the doubles are taken at their exact binary values, sums are
 * exact, and divisions and square roots carry 64 digits (enough to hold the exact
 * decimal expansion of any double between 1e-3 and 1e6 and its 52-bit mantissa), so a window of identical values has a variance of
 * exactly 0. The reference the rolling kernels are held to.
 */
final class Exact {
  static final MathContext MC = new MathContext(64);

  private Exact() {}

  static BigDecimal sum(double[] x, int from, int to) {
    BigDecimal s = BigDecimal.ZERO;
    for (int i = from; i < to; i++) {
      s = s.add(new BigDecimal(x[i]));
    }
    return s;
  }

  static BigDecimal mean(double[] x, int from, int to) {
    return sum(x, from, to).divide(BigDecimal.valueOf(to - from), MC);
  }

  /** Sum of squared deviations from the mean. */
  static BigDecimal sumOfSquares(double[] x, int from, int to) {
    return sumOfSquares(x, from, to, mean(x, from, to));
  }

  private static BigDecimal sumOfSquares(double[] x, int from, int to, BigDecimal m) {
    BigDecimal s = BigDecimal.ZERO;
    for (int i = from; i < to; i++) {
      BigDecimal d = new BigDecimal(x[i]).subtract(m);
      s = s.add(d.multiply(d, MC), MC);
    }
    return s;
  }

  static BigDecimal stdDev(double[] x, int from, int to, StdDevKind kind) {
    return stdDev(sumOfSquares(x, from, to), to - from, kind);
  }

  private static BigDecimal stdDev(BigDecimal sumOfSquares, int n, StdDevKind kind) {
    BigDecimal variance = sumOfSquares.divide(BigDecimal.valueOf(kind == StdDevKind.SAMPLE ? n - 1 : n), MC);
    return variance.sqrt(MC);
  }

  /** Standard deviation of the {@code period} values ending at {@code i}. */
  static double stdDevAt(double[] x, int i, int period, StdDevKind kind) {
    return stdDev(x, i - period + 1, i + 1, kind).doubleValue();
  }

  static double meanAt(double[] x, int i, int period) {
    return mean(x, i - period + 1, i + 1).doubleValue();
  }

  /** Z-score of {@code x[i]} in the window ending at {@code i}; 0 when the deviation is 0. */
  static double zScoreAt(double[] x, int i, int period, StdDevKind kind) {
    BigDecimal mean = mean(x, i - period + 1, i + 1);
    BigDecimal sd = stdDev(sumOfSquares(x, i - period + 1, i + 1, mean), period, kind);
    if (sd.signum() == 0) {
      return 0.0;
    }
    return new BigDecimal(x[i]).subtract(mean).divide(sd, MC).doubleValue();
  }

  static double wmaAt(double[] x, int i, int period) {
    BigDecimal s = BigDecimal.ZERO;
    for (int w = 1; w <= period; w++) {
      s = s.add(new BigDecimal(x[i - period + w]).multiply(BigDecimal.valueOf(w)));
    }
    return s.divide(BigDecimal.valueOf(period * (period + 1L) / 2), MC).doubleValue();
  }

  /** Typical price times volume, in double as the kernels form it; summed exactly by the callers. */
  static double priceVolume(Candles c, int i) {
    return (c.high[i] + c.low[i] + c.close[i]) / 3.0 * c.volume[i];
  }

  /** VWAP over candles {@code [from, to)}; NaN for zero volume. */
  static double vwap(Candles c, int from, int to) {
    BigDecimal pv = BigDecimal.ZERO;
    BigDecimal v = BigDecimal.ZERO;
    for (int i = from; i < to; i++) {
      pv = pv.add(new BigDecimal(priceVolume(c, i)));
      v = v.add(new BigDecimal(c.volume[i]));
    }
    return v.signum() == 0 ? Double.NaN : pv.divide(v, MC).doubleValue();
  }
}
