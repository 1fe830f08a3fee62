package io.agora.core.indicator;

/**
 * Stochastic RSI: a {@link Stochastic} over the {@link Rsi}, on a 0 to 100 scale. The raw %K is
 * {@code 100 * (rsi - min) / (max - min)} over the last {@code stochPeriod} RSI values (0 when they are all
 * equal), {@code %K = SMA(raw, kSmoothing)}, {@code %D = SMA(%K, dPeriod)}.
 *
 * <ul>
 *   <li>TA-Lib's {@code STOCHRSI(rsi, fastk, fastd)} is {@code (rsi, fastk, 1, fastd)} with {@link Seeding#SMA}.
 *   <li>TradingView's and pandas-ta's "Stoch RSI" is {@code (14, 14, 3, 3)}.
 *   <li>ta4j's StochasticRSIIndicator is the raw %K divided by 100 with {@code rsiPeriod == stochPeriod} and
 *       {@link Seeding#FIRST_VALUE} (and NaN where this class gives 0).
 * </ul>
 *
 * <p>Flat closes leave the RSI exactly unchanged (see {@link Rsi}), so a flat stretch reads 0 here instead of
 * amplified rounding noise.
 *
 * <p>Warm-up: the RSI from index {@code rsiPeriod}; %K from index {@code rsiPeriod + stochPeriod + kSmoothing - 2};
 * %D, and {@link #isReady()}, from index {@code rsiPeriod + stochPeriod + kSmoothing + dPeriod - 3}.
 */
public final class StochRsi implements Indicator {
  private final Rsi rsi;
  private final Stochastic stochastic;

  /** TA-Lib seeding. */
  public StochRsi(int rsiPeriod, int stochPeriod, int kSmoothing, int dPeriod) {
    this(rsiPeriod, stochPeriod, kSmoothing, dPeriod, Seeding.SMA);
  }

  public StochRsi(int rsiPeriod, int stochPeriod, int kSmoothing, int dPeriod, Seeding seeding) {
    this.rsi = new Rsi(rsiPeriod, seeding);
    this.stochastic = new Stochastic(stochPeriod, kSmoothing, dPeriod);
  }

  /** Adds the next close. */
  public void update(double close) {
    double r = rsi.update(close);
    if (!Double.isNaN(r)) {
      stochastic.update(r, r, r);
    }
  }

  public double k() {
    return stochastic.k();
  }

  public double d() {
    return stochastic.d();
  }

  /** The underlying RSI. */
  public double rsi() {
    return rsi.value();
  }

  @Override
  public boolean isReady() {
    return stochastic.isReady();
  }

  @Override
  public void reset() {
    rsi.reset();
    stochastic.reset();
  }

  @Override
  public int warmUp() {
    return rsi.warmUp() + stochastic.warmUp() - 1;
  }

  /** Fills %K and %D after each close; either output may be {@code null} when not wanted. */
  public static void compute(
      double[] close, int rsiPeriod, int stochPeriod, int kSmoothing, int dPeriod, Seeding seeding, double[] kOut,
      double[] dOut) {
    int n = close.length;
    Checks.output(kOut, n, "kOut");
    Checks.output(dOut, n, "dOut");
    StochRsi s = new StochRsi(rsiPeriod, stochPeriod, kSmoothing, dPeriod, seeding);
    for (int i = 0; i < n; i++) {
      s.update(close[i]);
      if (kOut != null) {
        kOut[i] = s.k();
      }
      if (dOut != null) {
        dOut[i] = s.d();
      }
    }
  }
}
