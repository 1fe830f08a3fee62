package io.agora.core.strategy;

/**
 * A generator whose signal depends on a model's score of each candle's features (an ML strategy). The work is split
 * in two so that the score may come from elsewhere: a live signal agent computes the features, asks an inference
 * actor (possibly on another node) for the scores of a whole batch, then turns each score into signal bits. The
 * backtester calls {@link #onCandle}, which scores in process. Both paths run the same feature and decision code.
 *
 * <p>Per candle, in order: {@link #features} then exactly one {@link #onScore} (NaN when {@code features} returned
 * false). No allocation on the hot path.
 */
public interface ScoredSignalGenerator extends SignalGenerator {

  /** The model that scores this generator's features ({@code name} or {@code name@version}). */
  String modelRef();

  /** The number of features per candle (the model's input width). */
  int featureCount();

  /**
   * Advances the features with the next closed candle and writes its (normalised) feature row to
   * {@code out[offset .. offset + featureCount())}. Returns false while the features are warming up: no score is
   * needed then, and {@link #onScore} must be called with NaN.
   */
  boolean features(long openTime, double open, double high, double low, double close, double volume, float[] out, int offset);

  /** The signal bits of the candle last given to {@link #features}, from its score (a probability, NaN if none). */
  int onScore(double score);
}
