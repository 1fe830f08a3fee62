package io.agora.core.indicator;

import io.agora.core.market.CandleSeries;

/**
 * Volume-weighted average of the typical price {@code (high + low + close) / 3}, cumulative from the first candle
 * (or from the last {@link #reset()}: reset at a session boundary for a session VWAP). Both sums are compensated.
 * ta4j's VWAPIndicator with a window covering the whole series is the same thing.
 *
 * <p>{@code NaN} while the volume so far is 0 (0/0). For a moving window see {@link RollingVwap}.
 *
 * <p>Warm-up: none, the first value is produced by the first update (index 0).
 */
public final class Vwap implements Indicator {
  private final CompensatedSum priceVolume = new CompensatedSum();
  private final CompensatedSum volume = new CompensatedSum();
  private boolean started;
  private double value = Double.NaN;

  /** Adds the next candle and returns the VWAP. */
  public double update(double high, double low, double close, double volume) {
    started = true;
    this.priceVolume.add(typicalPrice(high, low, close) * volume);
    this.volume.add(volume);
    double v = this.volume.value();
    value = v == 0.0 ? Double.NaN : this.priceVolume.value() / v;
    return value;
  }

  static double typicalPrice(double high, double low, double close) {
    return (high + low + close) / 3.0;
  }

  public double value() {
    return value;
  }

  @Override
  public boolean isReady() {
    return started;
  }

  @Override
  public void reset() {
    priceVolume.reset();
    volume.reset();
    started = false;
    value = Double.NaN;
  }

  @Override
  public int warmUp() {
    return 1;
  }

  /** Fills {@code out[i]} with the VWAP after candle {@code i}. */
  public static void compute(double[] high, double[] low, double[] close, double[] volume, double[] out) {
    int n = Checks.sameLength(high, low, close, volume);
    Checks.required(out, n, "out");
    Vwap vwap = new Vwap();
    for (int i = 0; i < n; i++) {
      out[i] = vwap.update(high[i], low[i], close[i], volume[i]);
    }
  }

  public static void compute(CandleSeries candles, double[] out) {
    compute(candles.high(), candles.low(), candles.close(), candles.volume(), out);
  }
}
