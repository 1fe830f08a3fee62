package io.agora.core.indicator;

/**
 * How a recursive average (EMA, Wilder's smoothing) starts. The two conventions give different values for a long
 * while after the warm-up (the difference decays like {@code (1 - alpha)^n}), so pick the one of the tool you
 * compare with. Each class documents what the choice means for it.
 */
public enum Seeding {
  /**
   * The average starts at the first input: pandas {@code ewm(adjust=False)} and ta4j. For RSI, ATR and ADX this is
   * ta4j's convention in full, including its first-candle values (gain 0, true range {@code high - low}).
   */
  FIRST_VALUE,
  /** The average starts at the simple mean of the first {@code period} inputs: TA-Lib, hence Freqtrade. */
  SMA
}
