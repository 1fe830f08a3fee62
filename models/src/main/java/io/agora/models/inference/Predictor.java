package io.agora.models.inference;

/**
 * A loaded binary classifier: the probability of the positive label for rows of normalised features. Not thread-safe
 * (implementations reuse their buffers): one per actor or thread.
 */
public interface Predictor extends AutoCloseable {

  /** Input width: features per row. */
  int featureCount();

  /** The most rows one {@link #predict} call takes. */
  int maxBatch();

  /**
   * Writes the positive-class probability of rows {@code [0, rows)} of {@code x} (row-major, {@link #featureCount()}
   * columns) to {@code out[0, rows)}.
   *
   * @throws InferenceException for NaN/infinite features, too many rows or a runtime failure
   */
  void predict(float[] x, int rows, float[] out);

  /** The execution provider that runs this predictor: {@code cpu}, {@code cuda} or {@code java}. */
  String provider();

  @Override
  void close();
}
