package io.agora.core.indicator;

/**
 * Simple moving average of the last {@code period} values, as TA-Lib's SMA and ta4j's SMAIndicator once their
 * windows are full. The sum slides with compensated summation, so it does not drift over long series.
 *
 * <p>Warm-up: the first value is produced by update number {@code period} (index {@code period - 1}).
 */
public final class Sma implements Indicator {
  private final int period;
  private final SlidingSum window;
  private double value = Double.NaN;

  public Sma(int period) {
    this.period = Checks.period(period, "period");
    this.window = new SlidingSum(period);
  }

  /** Adds the next value and returns the average ({@code NaN} during warm-up). */
  public double update(double x) {
    window.add(x);
    value = window.isFull() ? window.sum() / period : Double.NaN;
    return value;
  }

  public double value() {
    return value;
  }

  public int period() {
    return period;
  }

  @Override
  public boolean isReady() {
    return window.isFull();
  }

  @Override
  public void reset() {
    window.reset();
    value = Double.NaN;
  }

  @Override
  public int warmUp() {
    return period;
  }

  /** Fills {@code out[i]} with the average after {@code in[i]}; {@code out} may be {@code in}. */
  public static void compute(double[] in, int period, double[] out) {
    int n = in.length;
    Checks.required(out, n, "out");
    Sma sma = new Sma(period);
    for (int i = 0; i < n; i++) {
      out[i] = sma.update(in[i]);
    }
  }
}
