package io.agora.core.indicator;

import io.agora.core.market.CandleSeries;

/**
 * Average true range with Wilder's smoothing. The true range is
 * {@code max(high - low, |high - previousClose|, |previousClose - low|)}.
 *
 * <ul>
 *   <li>{@link Seeding#SMA} (the default), TA-Lib's ATR: the first candle has no true range; the average starts
 *       as the mean of the true ranges of candles 2 to {@code period + 1}, then
 *       {@code atr = (atr * (period - 1) + tr) / period}.
 *   <li>{@link Seeding#FIRST_VALUE}, ta4j's ATRIndicator: the first candle's true range is {@code high - low} and
 *       seeds the average, then {@code atr += (tr - atr) / period} (ta4j's MMAIndicator).
 * </ul>
 *
 * <p>Warm-up, both seedings: the first value is produced by update number {@code period + 1} (index
 * {@code period}).
 */
public final class Atr implements Indicator {
  private final int period;
  private final Seeding seeding;
  private final double mmaFactor;
  private long count;
  private double previousClose;
  private double atr;

  /** TA-Lib seeding. */
  public Atr(int period) {
    this(period, Seeding.SMA);
  }

  public Atr(int period, Seeding seeding) {
    this.period = Checks.period(period, "period");
    this.seeding = Checks.notNull(seeding, "seeding");
    this.mmaFactor = 1.0 / period;
  }

  /** Adds the next candle and returns the ATR ({@code NaN} during warm-up). */
  public double update(double high, double low, double close) {
    count++;
    if (count == 1) {
      previousClose = close;
      atr = seeding == Seeding.FIRST_VALUE ? Math.abs(high - low) : 0.0;
      return value();
    }
    double tr = trueRange(high, low, previousClose);
    previousClose = close;
    if (seeding == Seeding.FIRST_VALUE) {
      atr += (tr - atr) * mmaFactor;
    } else if (count <= period + 1) {
      atr += tr;
      if (count == period + 1) {
        atr /= period;
      }
    } else {
      atr = (atr * (period - 1) + tr) / period;
    }
    return value();
  }

  static double trueRange(double high, double low, double previousClose) {
    return Math.max(high - low, Math.max(Math.abs(high - previousClose), Math.abs(previousClose - low)));
  }

  public double value() {
    return count > period ? atr : Double.NaN;
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
    atr = 0.0;
  }

  @Override
  public int warmUp() {
    return period + 1;
  }

  /** Fills {@code out[i]} with the ATR after candle {@code i}. */
  public static void compute(
      double[] high, double[] low, double[] close, int period, Seeding seeding, double[] out) {
    int n = Checks.sameLength(high, low, close);
    Checks.required(out, n, "out");
    Atr atr = new Atr(period, seeding);
    for (int i = 0; i < n; i++) {
      out[i] = atr.update(high[i], low[i], close[i]);
    }
  }

  public static void compute(CandleSeries candles, int period, Seeding seeding, double[] out) {
    compute(candles.high(), candles.low(), candles.close(), period, seeding, out);
  }
}
