package io.agora.core.indicator;

import io.agora.core.market.CandleSeries;

/**
 * On-balance volume: adds the candle's volume when the close rises, subtracts it when the close falls. The total
 * is a compensated sum, so it stays exact to a few ulps over any number of candles, also near zero.
 *
 * <p>The two libraries differ by a constant: TA-Lib's OBV starts at the first candle's volume
 * ({@link Origin#FIRST_VOLUME}, the default), ta4j's OnBalanceVolumeIndicator at 0 ({@link Origin#ZERO}).
 *
 * <p>Warm-up: none, the first value is produced by the first update (index 0).
 */
public final class Obv implements Indicator {

  /** What the first candle contributes. */
  public enum Origin {
    /** 0, as ta4j. */
    ZERO,
    /** The first candle's volume, as TA-Lib. */
    FIRST_VOLUME
  }

  private final Origin origin;
  private final CompensatedSum total = new CompensatedSum();
  private long count;
  private double previousClose;
  private double value = Double.NaN;

  /** TA-Lib's origin. */
  public Obv() {
    this(Origin.FIRST_VOLUME);
  }

  public Obv(Origin origin) {
    this.origin = Checks.notNull(origin, "origin");
  }

  /** Adds the next candle and returns the OBV. */
  public double update(double close, double volume) {
    count++;
    if (count == 1) {
      if (origin == Origin.FIRST_VOLUME) {
        total.add(volume);
      }
    } else if (close > previousClose) {
      total.add(volume);
    } else if (close < previousClose) {
      total.add(-volume);
    }
    previousClose = close;
    value = total.value();
    return value;
  }

  public double value() {
    return value;
  }

  public Origin origin() {
    return origin;
  }

  @Override
  public boolean isReady() {
    return count > 0;
  }

  @Override
  public void reset() {
    total.reset();
    count = 0;
    previousClose = 0.0;
    value = Double.NaN;
  }

  @Override
  public int warmUp() {
    return 1;
  }

  /** Fills {@code out[i]} with the OBV after candle {@code i}. */
  public static void compute(double[] close, double[] volume, Origin origin, double[] out) {
    int n = Checks.sameLength(close, volume);
    Checks.required(out, n, "out");
    Obv obv = new Obv(origin);
    for (int i = 0; i < n; i++) {
      out[i] = obv.update(close[i], volume[i]);
    }
  }

  public static void compute(CandleSeries candles, Origin origin, double[] out) {
    compute(candles.close(), candles.volume(), origin, out);
  }
}
