package io.agora.core.indicator;

import io.agora.core.market.CandleSeries;

/**
 * Volume-weighted average of the typical price {@code (high + low + close) / 3} over the last {@code period}
 * candles, as ta4j's VWAPIndicator and qtpylib's {@code rolling_vwap} once the window is full. Both sliding sums
 * are compensated, and exactly 0 over a window of zero volumes.
 *
 * <p>{@code NaN} while the window's volume is 0 (0/0, as ta4j and pandas).
 *
 * <p>Warm-up: the first value is produced by update number {@code period} (index {@code period - 1}).
 */
public final class RollingVwap implements Indicator {
  private final int period;
  private final SlidingSum priceVolume;
  private final SlidingSum volume;
  private double value = Double.NaN;

  public RollingVwap(int period) {
    this.period = Checks.period(period, "period");
    this.priceVolume = new SlidingSum(period);
    this.volume = new SlidingSum(period);
  }

  /** Adds the next candle and returns the VWAP ({@code NaN} during warm-up). */
  public double update(double high, double low, double close, double volume) {
    priceVolume.add(Vwap.typicalPrice(high, low, close) * volume);
    this.volume.add(volume);
    if (this.volume.isFull()) {
      double v = this.volume.sum();
      value = v == 0.0 ? Double.NaN : priceVolume.sum() / v;
    }
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
    return volume.isFull();
  }

  @Override
  public void reset() {
    priceVolume.reset();
    volume.reset();
    value = Double.NaN;
  }

  @Override
  public int warmUp() {
    return period;
  }

  /** Fills {@code out[i]} with the VWAP after candle {@code i}. */
  public static void compute(
      double[] high, double[] low, double[] close, double[] volume, int period, double[] out) {
    int n = Checks.sameLength(high, low, close, volume);
    Checks.required(out, n, "out");
    RollingVwap vwap = new RollingVwap(period);
    for (int i = 0; i < n; i++) {
      out[i] = vwap.update(high[i], low[i], close[i], volume[i]);
    }
  }

  public static void compute(CandleSeries candles, int period, double[] out) {
    compute(candles.high(), candles.low(), candles.close(), candles.volume(), period, out);
  }
}
