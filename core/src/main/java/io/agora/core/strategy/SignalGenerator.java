package io.agora.core.strategy;

/**
 * Turns closed candles of one pair into signals, one candle at a time, in O(1) per candle. The backtester runs it
 * over a whole series; a live strategy agent feeds it each candle as it closes: the same code serves both.
 */
public interface SignalGenerator {

  /**
   * Processes the next closed candle (times strictly ascending) and returns its {@link Signal} bits.
   * Must not allocate per call on the hot path.
   */
  int onCandle(long openTime, double open, double high, double low, double close, double volume);

  /** The entry tag of the signal returned by the last {@link #onCandle} call, or null. */
  default String enterTag() {
    return null;
  }

  /**
   * The value of indicator column {@code k} (see {@link Strategy#indicatorColumns()}) after the last
   * {@link #onCandle} call; NaN during warm-up.
   */
  default double indicator(int k) {
    return Double.NaN;
  }

  /** Called once after the last candle of a series (live agents never call it). */
  default void onEnd() {}

  /** The exit tag of the signal returned by the last {@link #onCandle} call, or null (replaces the exit reason). */
  default String exitTag() {
    return null;
  }
}
