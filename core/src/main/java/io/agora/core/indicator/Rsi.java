package io.agora.core.indicator;

/**
 * Relative strength index with Wilder's smoothing of the average gain and loss, {@code 100 * G / (G + L)}.
 *
 * <ul>
 *   <li>{@link Seeding#SMA} (the default), TA-Lib's RSI: {@code G} and {@code L} start as the plain means of the
 *       first {@code period} close-to-close changes, then {@code G = (G * (period - 1) + gain) / period}.
 *   <li>{@link Seeding#FIRST_VALUE}, ta4j's RSIIndicator: the first candle counts as a change of 0 and seeds both
 *       averages with 0, then {@code G += (gain - G) / period} (ta4j's MMAIndicator).
 * </ul>
 *
 * <p>Degenerate cases, as both TA-Lib and ta4j: no losses gives 100, no gains and no losses gives 0. A candle whose
 * close equals the previous close leaves the RSI exactly unchanged (both averages shrink by the same factor); this
 * keeps flat stretches free of rounding noise, which a StochRSI would otherwise blow up to full scale. Unlike
 * TA-Lib, which treats {@code |G + L| < 1e-8} as zero whatever the price scale, only an exact zero counts here.
 *
 * <p>Warm-up, both seedings: the first value is produced by update number {@code period + 1} (index
 * {@code period}), the first candle having no change.
 */
public final class Rsi implements Indicator {
  private final int period;
  private final Seeding seeding;
  private final double mmaFactor;
  private long count;
  private double previousClose;
  private double averageGain;
  private double averageLoss;
  private double rsi = Double.NaN;

  /** TA-Lib seeding. */
  public Rsi(int period) {
    this(period, Seeding.SMA);
  }

  public Rsi(int period, Seeding seeding) {
    this.period = Checks.period(period, "period");
    this.seeding = Checks.notNull(seeding, "seeding");
    this.mmaFactor = 1.0 / period;
  }

  /** Adds the next close and returns the RSI ({@code NaN} during warm-up). */
  public double update(double close) {
    count++;
    if (count == 1) {
      previousClose = close;
      if (seeding == Seeding.FIRST_VALUE) {
        rsi = 0.0;
      }
      return value();
    }
    double change = close - previousClose;
    previousClose = close;
    double gain = change > 0.0 ? change : 0.0;
    double loss = change < 0.0 ? -change : 0.0;
    if (seeding == Seeding.FIRST_VALUE) {
      averageGain += (gain - averageGain) * mmaFactor;
      averageLoss += (loss - averageLoss) * mmaFactor;
    } else if (count <= period + 1) {
      // Plain sums until the seed; the averages are taken when the period-th change arrives.
      averageGain += gain;
      averageLoss += loss;
      if (count == period + 1) {
        averageGain /= period;
        averageLoss /= period;
        rsi = ratio();
      }
      return value();
    } else {
      averageGain = (averageGain * (period - 1) + gain) / period;
      averageLoss = (averageLoss * (period - 1) + loss) / period;
    }
    if (change != 0.0) {
      rsi = ratio();
    }
    return value();
  }

  private double ratio() {
    double total = averageGain + averageLoss;
    return total == 0.0 ? 0.0 : 100.0 * (averageGain / total);
  }

  public double value() {
    return count > period ? rsi : Double.NaN;
  }

  public int period() {
    return period;
  }

  public Seeding seeding() {
    return seeding;
  }

  @Override
  public boolean isReady() {
    return count > period;
  }

  @Override
  public void reset() {
    count = 0;
    previousClose = 0.0;
    averageGain = 0.0;
    averageLoss = 0.0;
    rsi = Double.NaN;
  }

  @Override
  public int warmUp() {
    return period + 1;
  }

  /** Fills {@code out[i]} with the RSI after {@code close[i]}; {@code out} may be {@code close}. */
  public static void compute(double[] close, int period, Seeding seeding, double[] out) {
    int n = close.length;
    Checks.required(out, n, "out");
    Rsi rsi = new Rsi(period, seeding);
    for (int i = 0; i < n; i++) {
      out[i] = rsi.update(close[i]);
    }
  }
}
