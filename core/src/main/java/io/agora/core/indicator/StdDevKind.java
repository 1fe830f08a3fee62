package io.agora.core.indicator;

/** Divisor of a rolling variance. */
public enum StdDevKind {
  /** Divide by {@code n}: TA-Lib's STDDEV and BBANDS, ta4j's StandardDeviationIndicator. */
  POPULATION,
  /** Divide by {@code n - 1}: pandas {@code rolling().std()}, hence Freqtrade's qtpylib Bollinger bands. */
  SAMPLE
}
