package io.agora.core.metrics;

import java.util.Arrays;

/**
 * Reductions that reproduce the floating-point results of the numpy/pandas calls Freqtrade's reports use, so that
 * our metrics agree with Freqtrade's to the last bits rather than only to a tolerance.
 *
 * <ul>
 *   <li>{@code Series.sum()}, {@code Series.mean()}, {@code np.mean} use numpy's pairwise summation
 *       ({@link #sum}).
 *   <li>{@code df.resample(...)[col].sum()} goes through pandas' grouped sum, which is Kahan-compensated
 *       ({@link #kahanSum}).
 *   <li>{@code Series.cumsum()} is a plain running sum.
 * </ul>
 */
public final class Sums {
  /** numpy's unroll block size for pairwise summation ({@code PW_BLOCKSIZE}). */
  private static final int BLOCK = 128;

  private Sums() {}

  /** numpy's {@code add.reduce} of a contiguous float64 array (pairwise summation). 0.0 when empty. */
  public static double sum(double[] a) {
    return sum(a, 0, a.length);
  }

  /** Pairwise sum of {@code a[from, from + n)}. */
  public static double sum(double[] a, int from, int n) {
    // numpy starts the reduction from the identity 0.0; that turns a lone -0.0 into 0.0 like numpy does.
    return 0.0 + pairwise(a, from, n);
  }

  private static double pairwise(double[] a, int from, int n) {
    if (n < 8) {
      double res = 0.0;
      for (int i = 0; i < n; i++) res += a[from + i];
      return res;
    }
    if (n <= BLOCK) {
      double r0 = a[from], r1 = a[from + 1], r2 = a[from + 2], r3 = a[from + 3];
      double r4 = a[from + 4], r5 = a[from + 5], r6 = a[from + 6], r7 = a[from + 7];
      int i = 8;
      for (; i < n - (n % 8); i += 8) {
        r0 += a[from + i];
        r1 += a[from + i + 1];
        r2 += a[from + i + 2];
        r3 += a[from + i + 3];
        r4 += a[from + i + 4];
        r5 += a[from + i + 5];
        r6 += a[from + i + 6];
        r7 += a[from + i + 7];
      }
      double res = ((r0 + r1) + (r2 + r3)) + ((r4 + r5) + (r6 + r7));
      for (; i < n; i++) res += a[from + i];
      return res;
    }
    int n2 = n / 2;
    n2 -= n2 % 8;
    return pairwise(a, from, n2) + pairwise(a, from + n2, n - n2);
  }

  /** pandas' grouped (resample) sum: Kahan-compensated, in order. 0.0 when empty. */
  public static double kahanSum(double[] a, int from, int to) {
    double sum = 0.0;
    double comp = 0.0;
    for (int i = from; i < to; i++) {
      double y = a[i] - comp;
      double t = sum + y;
      comp = t - sum - y;
      // pandas resets the compensation when it turns NaN (inf - inf), so an infinite value stays infinite.
      if (Double.isNaN(comp)) comp = 0.0;
      sum = t;
    }
    return sum;
  }

  /** {@code Series.mean()}: pairwise sum over count; NaN when empty (as pandas). */
  public static double mean(double[] a) {
    return a.length == 0 ? Double.NaN : sum(a) / a.length;
  }

  /** {@code Series.median()}: NaN when empty. */
  public static double median(double[] a) {
    if (a.length == 0) return Double.NaN;
    double[] s = a.clone();
    Arrays.sort(s);
    int m = s.length / 2;
    // numpy takes the mean of the middle value(s), a sum that starts at 0.0: (a + b) / 2, and -0.0 comes out as 0.0.
    return s.length % 2 == 1 ? 0.0 + s[m] : (0.0 + s[m - 1] + s[m]) / 2.0;
  }

  /**
   * {@code np.std(series)}, i.e. pandas' population standard deviation (ddof = 0) with the two-pass algorithm.
   * NaN when empty.
   */
  public static double populationStd(double[] a) {
    if (a.length == 0) return Double.NaN;
    double avg = sum(a) / a.length;
    double[] sq = new double[a.length];
    for (int i = 0; i < a.length; i++) {
      double d = avg - a[i];
      sq[i] = d * d;
    }
    return Math.sqrt(sum(sq) / a.length);
  }

  /** Running sum ({@code Series.cumsum()}): a NaN row stays NaN and the sum carries on past it, as in pandas. */
  public static double[] cumsum(double[] a) {
    double[] out = new double[a.length];
    double s = Double.NaN;
    for (int i = 0; i < a.length; i++) {
      if (Double.isNaN(a[i])) {
        out[i] = Double.NaN;
        continue;
      }
      s = Double.isNaN(s) ? a[i] : s + a[i];
      out[i] = s;
    }
    return out;
  }
}
