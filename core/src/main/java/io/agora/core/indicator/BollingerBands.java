package io.agora.core.indicator;

/**
 * Bollinger bands: {@code middle = SMA(period)}, {@code upper = middle + kUp * sigma},
 * {@code lower = middle - kDown * sigma}, with the population deviation by default (TA-Lib's BBANDS with SMA,
 * ta4j's BollingerBands*Indicator over StandardDeviationIndicator). Freqtrade's qtpylib bands use the sample
 * deviation: pass {@link StdDevKind#SAMPLE} for those.
 *
 * <p>Sigma is computed as in {@link RollingStdDev}: drift-free, never negative, exactly 0 over identical values
 * (the bands then collapse onto the middle).
 *
 * <p>Warm-up: the first values are produced by update number {@code period} (index {@code period - 1}).
 */
public final class BollingerBands implements Indicator {
  private final int period;
  private final double kUp;
  private final double kDown;
  private final StdDevKind kind;
  private final RollingMoments moments;
  private double upper = Double.NaN;
  private double middle = Double.NaN;
  private double lower = Double.NaN;
  private double sigma = Double.NaN;

  public BollingerBands(int period, double k) {
    this(period, k, k, StdDevKind.POPULATION);
  }

  public BollingerBands(int period, double kUp, double kDown, StdDevKind kind) {
    this.period = Checks.period(period, "period");
    if (!(kUp >= 0.0) || !(kDown >= 0.0) || Double.isInfinite(kUp) || Double.isInfinite(kDown)) {
      throw new IllegalArgumentException("band multipliers must be finite and non-negative, got " + kUp + ", " + kDown);
    }
    this.kind = Checks.notNull(kind, "kind");
    if (kind == StdDevKind.SAMPLE && period < 2) {
      throw new IllegalArgumentException("a sample standard deviation needs a period of at least 2");
    }
    this.kUp = kUp;
    this.kDown = kDown;
    this.moments = new RollingMoments(period);
  }

  /** Adds the next value (usually the close). */
  public void update(double x) {
    moments.add(x);
    if (moments.isFull()) {
      sigma = RollingStdDev.standardDeviation(moments, kind);
      middle = moments.mean();
      upper = middle + kUp * sigma;
      lower = middle - kDown * sigma;
    }
  }

  public double upper() {
    return upper;
  }

  public double middle() {
    return middle;
  }

  public double lower() {
    return lower;
  }

  /** The deviation the bands are built from. */
  public double standardDeviation() {
    return sigma;
  }

  @Override
  public boolean isReady() {
    return moments.isFull();
  }

  @Override
  public void reset() {
    moments.reset();
    upper = Double.NaN;
    middle = Double.NaN;
    lower = Double.NaN;
    sigma = Double.NaN;
  }

  @Override
  public int warmUp() {
    return period;
  }

  /** Fills the bands after each value; any output may be {@code null} when not wanted. */
  public static void compute(
      double[] in, int period, double kUp, double kDown, StdDevKind kind, double[] upperOut, double[] middleOut,
      double[] lowerOut) {
    int n = in.length;
    Checks.output(upperOut, n, "upperOut");
    Checks.output(middleOut, n, "middleOut");
    Checks.output(lowerOut, n, "lowerOut");
    BollingerBands bb = new BollingerBands(period, kUp, kDown, kind);
    for (int i = 0; i < n; i++) {
      bb.update(in[i]);
      if (upperOut != null) {
        upperOut[i] = bb.upper;
      }
      if (middleOut != null) {
        middleOut[i] = bb.middle;
      }
      if (lowerOut != null) {
        lowerOut[i] = bb.lower;
      }
    }
  }

  /** Symmetric population bands, TA-Lib's {@code BBANDS(period, k, k, SMA)}. */
  public static void compute(
      double[] in, int period, double k, double[] upperOut, double[] middleOut, double[] lowerOut) {
    compute(in, period, k, k, StdDevKind.POPULATION, upperOut, middleOut, lowerOut);
  }
}
