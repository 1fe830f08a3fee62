package io.agora.core.indicator;

/**
 * Exponential moving average with {@code alpha = 2 / (period + 1)}.
 *
 * <ul>
 *   <li>{@link Seeding#SMA} (the default): starts at the mean of the first {@code period} values, as TA-Lib's EMA.
 *   <li>{@link Seeding#FIRST_VALUE}: starts at the first value, as pandas {@code ewm(span=period, adjust=False)}
 *       and ta4j's EMAIndicator; the average runs from the first update, only its output is withheld.
 * </ul>
 *
 * <p>Warm-up, both seedings: the first value is produced by update number {@code period} (index
 * {@code period - 1}), so switching the seeding never moves where the output starts.
 */
public final class Ema implements Indicator {
  private final int period;
  private final Seeding seeding;
  private final double alpha;
  private long count;
  private double seedSum;
  private double state = Double.NaN;

  /** TA-Lib seeding. */
  public Ema(int period) {
    this(period, Seeding.SMA);
  }

  public Ema(int period, Seeding seeding) {
    this.period = Checks.period(period, "period");
    this.seeding = Checks.notNull(seeding, "seeding");
    this.alpha = 2.0 / (period + 1);
  }

  /** Adds the next value and returns the average ({@code NaN} during warm-up). */
  public double update(double x) {
    count++;
    if (seeding == Seeding.FIRST_VALUE) {
      state = count == 1 ? x : state + alpha * (x - state);
    } else if (count < period) {
      seedSum += x;
    } else if (count == period) {
      seedSum += x;
      state = seedSum / period;
    } else {
      state = state + alpha * (x - state);
    }
    return value();
  }

  public double value() {
    return count >= period ? state : Double.NaN;
  }

  public int period() {
    return period;
  }

  public Seeding seeding() {
    return seeding;
  }

  @Override
  public boolean isReady() {
    return count >= period;
  }

  @Override
  public void reset() {
    count = 0;
    seedSum = 0.0;
    state = Double.NaN;
  }

  @Override
  public int warmUp() {
    return period;
  }

  /** Fills {@code out[i]} with the average after {@code in[i]}; {@code out} may be {@code in}. */
  public static void compute(double[] in, int period, Seeding seeding, double[] out) {
    int n = in.length;
    Checks.required(out, n, "out");
    Ema ema = new Ema(period, seeding);
    for (int i = 0; i < n; i++) {
      out[i] = ema.update(in[i]);
    }
  }
}
