package io.agora.core.indicator;

import io.agora.core.market.CandleSeries;

/**
 * Stochastic oscillator. The raw %K is {@code 100 * (close - lowestLow) / (highestHigh - lowestLow)} over the
 * last {@code kPeriod} candles; {@code %K = SMA(raw, kSmoothing)} and {@code %D = SMA(%K, dPeriod)}.
 * {@code kSmoothing = 1} is the fast stochastic (TA-Lib's STOCHF, ta4j's StochasticOscillatorK/DIndicator); 3 is
 * the usual slow one (TA-Lib's STOCH with SMA smoothing).
 *
 * <p>When the highest high equals the lowest low the raw %K is 0, as in TA-Lib (ta4j gives NaN).
 *
 * <p>Warm-up: %K from index {@code kPeriod + kSmoothing - 2}; %D, and {@link #isReady()}, from index
 * {@code kPeriod + kSmoothing + dPeriod - 3}. Highest and lowest use monotonic deques: amortized O(1).
 */
public final class Stochastic implements Indicator {
  private final int kPeriod;
  private final int kSmoothing;
  private final int dPeriod;
  private final RollingExtremum highest;
  private final RollingExtremum lowest;
  private final Sma kAverage;
  private final Sma dAverage;
  private double k = Double.NaN;
  private double d = Double.NaN;

  /** Fast stochastic: %K unsmoothed. */
  public Stochastic(int kPeriod, int dPeriod) {
    this(kPeriod, 1, dPeriod);
  }

  public Stochastic(int kPeriod, int kSmoothing, int dPeriod) {
    this.kPeriod = Checks.period(kPeriod, "kPeriod");
    this.kSmoothing = Checks.period(kSmoothing, "kSmoothing");
    this.dPeriod = Checks.period(dPeriod, "dPeriod");
    this.highest = new RollingExtremum(kPeriod, true);
    this.lowest = new RollingExtremum(kPeriod, false);
    this.kAverage = kSmoothing > 1 ? new Sma(kSmoothing) : null;
    this.dAverage = new Sma(dPeriod);
  }

  /** Adds the next candle. */
  public void update(double high, double low, double close) {
    highest.add(high);
    lowest.add(low);
    if (!highest.isFull()) {
      return;
    }
    double hh = highest.value();
    double ll = lowest.value();
    double range = hh - ll;
    double raw = range == 0.0 ? 0.0 : (close - ll) / range * 100.0;
    k = kAverage == null ? raw : kAverage.update(raw);
    if (!Double.isNaN(k)) {
      d = dAverage.update(k);
    }
  }

  public double k() {
    return k;
  }

  public double d() {
    return d;
  }

  @Override
  public boolean isReady() {
    return dAverage.isReady();
  }

  @Override
  public void reset() {
    highest.reset();
    lowest.reset();
    if (kAverage != null) {
      kAverage.reset();
    }
    dAverage.reset();
    k = Double.NaN;
    d = Double.NaN;
  }

  @Override
  public int warmUp() {
    return kPeriod + kSmoothing + dPeriod - 2;
  }

  /** Fills %K and %D after each candle; either output may be {@code null} when not wanted. */
  public static void compute(
      double[] high, double[] low, double[] close, int kPeriod, int kSmoothing, int dPeriod, double[] kOut,
      double[] dOut) {
    int n = Checks.sameLength(high, low, close);
    Checks.output(kOut, n, "kOut");
    Checks.output(dOut, n, "dOut");
    Stochastic s = new Stochastic(kPeriod, kSmoothing, dPeriod);
    for (int i = 0; i < n; i++) {
      s.update(high[i], low[i], close[i]);
      if (kOut != null) {
        kOut[i] = s.k;
      }
      if (dOut != null) {
        dOut[i] = s.d;
      }
    }
  }

  public static void compute(
      CandleSeries candles, int kPeriod, int kSmoothing, int dPeriod, double[] kOut, double[] dOut) {
    compute(candles.high(), candles.low(), candles.close(), kPeriod, kSmoothing, dPeriod, kOut, dOut);
  }
}
