package io.agora.core.indicator;

/**
 * Rolling z-score of the newest value, {@code (x - mean) / sigma} over the last {@code period} values (the newest
 * included), as ta4j's SigmaIndicator with the population deviation.
 *
 * <p>Over a window of identical values the deviation and the distance to the mean are both 0; the z-score is
 * then defined as 0 (ta4j gives NaN), so a flat market reads as "at the mean" rather than as missing data.
 *
 * <p>Warm-up: the first value is produced by update number {@code period} (index {@code period - 1}).
 */
public final class ZScore implements Indicator {
  private final int period;
  private final StdDevKind kind;
  private final RollingMoments moments;
  private double value = Double.NaN;

  /** Population standard deviation. */
  public ZScore(int period) {
    this(period, StdDevKind.POPULATION);
  }

  public ZScore(int period, StdDevKind kind) {
    this.period = Checks.period(period, "period");
    this.kind = Checks.notNull(kind, "kind");
    if (kind == StdDevKind.SAMPLE && period < 2) {
      throw new IllegalArgumentException("a sample standard deviation needs a period of at least 2");
    }
    this.moments = new RollingMoments(period);
  }

  /** Adds the next value and returns its z-score ({@code NaN} during warm-up). */
  public double update(double x) {
    moments.add(x);
    if (!moments.isFull()) {
      value = Double.NaN;
    } else {
      double sigma = RollingStdDev.standardDeviation(moments, kind);
      value = sigma == 0.0 ? 0.0 : moments.deviation(x) / sigma;
    }
    return value;
  }

  public double value() {
    return value;
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

  /** Fills {@code out[i]} with the z-score of {@code in[i]}; {@code out} may be {@code in}. */
  public static void compute(double[] in, int period, StdDevKind kind, double[] out) {
    int n = in.length;
    Checks.required(out, n, "out");
    ZScore z = new ZScore(period, kind);
    for (int i = 0; i < n; i++) {
      out[i] = z.update(in[i]);
    }
  }
}
