package io.agora.core.meta;

/**
 * An exponentially decayed sum of one strategy's realised returns: {@code value} as of {@code asOf} (epoch millis);
 * a return {@code h} (the half-life) old counts half. A return older than {@code asOf} is decayed to {@code asOf}
 * before it is added, so the result does not depend on the order returns arrive in.
 */
public record PerformanceScore(double value, long asOf) {
  public static final PerformanceScore ZERO = new PerformanceScore(0, Long.MIN_VALUE);

  public PerformanceScore plus(double realisedReturn, long time, long halfLifeMillis) {
    if (asOf == Long.MIN_VALUE) return new PerformanceScore(realisedReturn, time);
    if (time >= asOf) return new PerformanceScore(valueAt(time, halfLifeMillis) + realisedReturn, time);
    return new PerformanceScore(value + realisedReturn * decay(asOf - time, halfLifeMillis), asOf);
  }

  /** The score decayed to {@code time} (never grown: a time before {@code asOf} gives {@code value}). */
  public double valueAt(long time, long halfLifeMillis) {
    if (asOf == Long.MIN_VALUE) return 0;
    return time <= asOf ? value : value * decay(time - asOf, halfLifeMillis);
  }

  static double decay(long ageMillis, long halfLifeMillis) {
    return Math.pow(0.5, (double) ageMillis / halfLifeMillis);
  }
}
