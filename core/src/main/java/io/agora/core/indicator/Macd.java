package io.agora.core.indicator;

/**
 * Moving average convergence/divergence: {@code macd = EMA(fast) - EMA(slow)}, {@code signal = EMA(macd, signal)},
 * {@code histogram = macd - signal}, all EMAs with {@code alpha = 2 / (period + 1)}.
 *
 * <ul>
 *   <li>{@link Seeding#SMA} (the default), TA-Lib's MACD: both price EMAs start together at index
 *       {@code slow - 1}, each at the mean of its last {@code period} closes there (so the fast EMA is seeded late,
 *       not at index {@code fast - 1}); the signal EMA starts at the mean of the first {@code signal} MACD values.
 *   <li>{@link Seeding#FIRST_VALUE}, pandas {@code ewm(adjust=False)} and ta4j's MACDIndicator with
 *       {@code getSignalLine}: all three EMAs start at their first input, from the first candle.
 * </ul>
 *
 * <p>Warm-up, both seedings: {@link #macd()} from index {@code slow - 1}; {@link #signal()} and {@link #histogram()}
 * from index {@code slow + signal - 2}, where {@link #isReady()} turns true. (TA-Lib prints NaN for the MACD line
 * before the signal starts too; its values from there on are the same.)
 */
public final class Macd implements Indicator {
  private final int fastPeriod;
  private final int slowPeriod;
  private final int signalPeriod;
  private final Seeding seeding;
  private final double fastAlpha;
  private final double slowAlpha;
  private final double signalAlpha;
  private long count;
  private double fastSeedSum;
  private double slowSeedSum;
  private double signalSeedSum;
  private double fast;
  private double slow;
  private double signalEma;
  private double macd = Double.NaN;
  private double signal = Double.NaN;
  private double histogram = Double.NaN;

  /** TA-Lib seeding. */
  public Macd(int fastPeriod, int slowPeriod, int signalPeriod) {
    this(fastPeriod, slowPeriod, signalPeriod, Seeding.SMA);
  }

  public Macd(int fastPeriod, int slowPeriod, int signalPeriod, Seeding seeding) {
    Checks.period(fastPeriod, "fastPeriod");
    Checks.period(slowPeriod, "slowPeriod");
    Checks.period(signalPeriod, "signalPeriod");
    if (fastPeriod >= slowPeriod) {
      throw new IllegalArgumentException(
          "fastPeriod must be below slowPeriod, got " + fastPeriod + " and " + slowPeriod);
    }
    this.fastPeriod = fastPeriod;
    this.slowPeriod = slowPeriod;
    this.signalPeriod = signalPeriod;
    this.seeding = Checks.notNull(seeding, "seeding");
    this.fastAlpha = 2.0 / (fastPeriod + 1);
    this.slowAlpha = 2.0 / (slowPeriod + 1);
    this.signalAlpha = 2.0 / (signalPeriod + 1);
  }

  /** Adds the next close. */
  public void update(double close) {
    count++;
    double line;
    if (seeding == Seeding.FIRST_VALUE) {
      if (count == 1) {
        fast = close;
        slow = close;
        signalEma = 0.0;
      } else {
        fast += fastAlpha * (close - fast);
        slow += slowAlpha * (close - slow);
        signalEma += signalAlpha * ((fast - slow) - signalEma);
      }
      line = fast - slow;
    } else {
      if (count > slowPeriod - fastPeriod && count <= slowPeriod) {
        fastSeedSum += close;
      }
      if (count < slowPeriod) {
        slowSeedSum += close;
        return;
      }
      if (count == slowPeriod) {
        slowSeedSum += close;
        fast = fastSeedSum / fastPeriod;
        slow = slowSeedSum / slowPeriod;
      } else {
        fast += fastAlpha * (close - fast);
        slow += slowAlpha * (close - slow);
      }
      line = fast - slow;
      long lines = count - slowPeriod + 1;
      if (lines < signalPeriod) {
        signalSeedSum += line;
      } else if (lines == signalPeriod) {
        signalSeedSum += line;
        signalEma = signalSeedSum / signalPeriod;
      } else {
        signalEma += signalAlpha * (line - signalEma);
      }
    }
    if (count >= slowPeriod) {
      macd = line;
    }
    if (isReady()) {
      signal = signalEma;
      histogram = line - signalEma;
    }
  }

  public double macd() {
    return macd;
  }

  public double signal() {
    return signal;
  }

  public double histogram() {
    return histogram;
  }

  @Override
  public boolean isReady() {
    return count >= warmUp();
  }

  @Override
  public void reset() {
    count = 0;
    fastSeedSum = 0.0;
    slowSeedSum = 0.0;
    signalSeedSum = 0.0;
    fast = 0.0;
    slow = 0.0;
    signalEma = 0.0;
    macd = Double.NaN;
    signal = Double.NaN;
    histogram = Double.NaN;
  }

  @Override
  public int warmUp() {
    return slowPeriod + signalPeriod - 1;
  }

  /**
   * Fills the outputs after each close; any output may be {@code null} when not wanted.
   */
  public static void compute(
      double[] close,
      int fastPeriod,
      int slowPeriod,
      int signalPeriod,
      Seeding seeding,
      double[] macdOut,
      double[] signalOut,
      double[] histogramOut) {
    int n = close.length;
    Checks.output(macdOut, n, "macdOut");
    Checks.output(signalOut, n, "signalOut");
    Checks.output(histogramOut, n, "histogramOut");
    Macd m = new Macd(fastPeriod, slowPeriod, signalPeriod, seeding);
    for (int i = 0; i < n; i++) {
      m.update(close[i]);
      if (macdOut != null) {
        macdOut[i] = m.macd;
      }
      if (signalOut != null) {
        signalOut[i] = m.signal;
      }
      if (histogramOut != null) {
        histogramOut[i] = m.histogram;
      }
    }
  }
}
