package io.agora.core.indicator;

/**
 * Linearly weighted moving average: the newest of the last {@code period} values weighs {@code period}, the oldest
 * 1, as TA-Lib's WMA and ta4j's WMAIndicator once their windows are full.
 *
 * <p>The weighted sum slides as {@code W' = W - S + period * x}, which feeds the rounding error of the plain sum
 * {@code S} into {@code W} at every step; both sums are therefore rebuilt from the ring buffer every
 * {@code period} updates (amortized O(1)), which caps the drift at what {@code period} steps can accumulate.
 *
 * <p>Warm-up: the first value is produced by update number {@code period} (index {@code period - 1}).
 */
public final class Wma implements Indicator {
  private final int period;
  private final double divisor;
  private final double[] values;
  private final CompensatedSum plainAcc = new CompensatedSum();
  private final CompensatedSum weightedAcc = new CompensatedSum();
  private int next;
  private int size;
  private int sinceRebuild;
  private double sum;
  private double weightedSum;
  private double value = Double.NaN;

  public Wma(int period) {
    this.period = Checks.period(period, "period");
    this.divisor = period * (period + 1.0) / 2.0;
    this.values = new double[period];
  }

  /** Adds the next value and returns the average ({@code NaN} during warm-up). */
  public double update(double x) {
    if (size < period) {
      size++;
      // While filling, the newcomer's weight is the count so far; older weights are already right.
      weightedSum += size * x;
      sum += x;
    } else {
      weightedSum += period * x - sum;
      sum += x - values[next];
    }
    values[next] = x;
    next = next + 1 == period ? 0 : next + 1;
    if (size == period) {
      if (++sinceRebuild == period) {
        rebuild();
      }
      value = weightedSum / divisor;
    }
    return value;
  }

  private void rebuild() {
    plainAcc.reset();
    weightedAcc.reset();
    // Once the buffer is full, slot next holds the oldest value (weight 1).
    for (int k = 0; k < period; k++) {
      double x = values[(next + k) % period];
      plainAcc.add(x);
      weightedAcc.add((k + 1) * x);
    }
    sum = plainAcc.value();
    weightedSum = weightedAcc.value();
    sinceRebuild = 0;
  }

  public double value() {
    return value;
  }

  public int period() {
    return period;
  }

  @Override
  public boolean isReady() {
    return size == period;
  }

  @Override
  public void reset() {
    next = 0;
    size = 0;
    sinceRebuild = 0;
    sum = 0.0;
    weightedSum = 0.0;
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
    Wma wma = new Wma(period);
    for (int i = 0; i < n; i++) {
      out[i] = wma.update(in[i]);
    }
  }
}
