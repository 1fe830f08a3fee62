package io.agora.core.indicator;

/**
 * Standard deviation of the last {@code period} values, population ({@code /n}: TA-Lib's STDDEV, ta4j's
 * StandardDeviationIndicator) or sample ({@code /(n-1)}: pandas {@code rolling().std()}).
 *
 * <p>Accurate to a few ulps of the window's spread at any price level and over any series length (see
 * {@link RollingMoments}); never negative, and exactly 0 over a window of identical values. Amortized O(1). Unlike
 * TA-Lib, which returns 0 whenever the variance is below 1e-8 (most of the time for prices around 0.01), only an
 * exact zero is reported as zero.
 *
 * <p>Warm-up: the first value is produced by update number {@code period} (index {@code period - 1}).
 */
public final class RollingStdDev implements Indicator {
  private final int period;
  private final StdDevKind kind;
  private final RollingMoments moments;
  private double value = Double.NaN;

  /** Population standard deviation. */
  public RollingStdDev(int period) {
    this(period, StdDevKind.POPULATION);
  }

  public RollingStdDev(int period, StdDevKind kind) {
    this.period = Checks.period(period, "period");
    this.kind = Checks.notNull(kind, "kind");
    if (kind == StdDevKind.SAMPLE && period < 2) {
      throw new IllegalArgumentException("a sample standard deviation needs a period of at least 2");
    }
    this.moments = new RollingMoments(period);
  }

  /** Adds the next value and returns the standard deviation ({@code NaN} during warm-up). */
  public double update(double x) {
    moments.add(x);
    value = moments.isFull() ? standardDeviation(moments, kind) : Double.NaN;
    return value;
  }

  static double standardDeviation(RollingMoments moments, StdDevKind kind) {
    int n = moments.size();
    return Math.sqrt(moments.sumOfSquares() / (kind == StdDevKind.SAMPLE ? n - 1 : n));
  }

  public double value() {
    return value;
  }

  /** Mean of the window ({@code NaN} during warm-up). */
  public double mean() {
    return moments.isFull() ? moments.mean() : Double.NaN;
  }

  public int period() {
    return period;
  }

  public StdDevKind kind() {
    return kind;
  }

  @Override
  public boolean isReady() {
    return moments.isFull();
  }

  @Override
  public void reset() {
    moments.reset();
    value = Double.NaN;
  }

  @Override
  public int warmUp() {
    return period;
  }

  /** Fills {@code out[i]} with the standard deviation after {@code in[i]}; {@code out} may be {@code in}. */
  public static void compute(double[] in, int period, StdDevKind kind, double[] out) {
    int n = in.length;
    Checks.required(out, n, "out");
    RollingStdDev sd = new RollingStdDev(period, kind);
    for (int i = 0; i < n; i++) {
      out[i] = sd.update(in[i]);
    }
  }
}
