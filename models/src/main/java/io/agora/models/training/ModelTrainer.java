package io.agora.models.training;

/**
 * Fits a binary classifier on normalised feature rows and exports it as an ONNX graph. Implementations: Tribuo's
 * logistic regression (linear SGD), factorization machine and a weighted ensemble, and a small MLP trained in plain
 * Java and written as an ONNX graph. Get one with {@link ModelTrainers#create}.
 */
public interface ModelTrainer {

  /** {@code logistic}, {@code fm}, {@code ensemble} or {@code mlp}. */
  String kind();

  /**
   * Fits on {@code rows} rows of {@code x} (row-major, {@code featureCount} columns, already normalised) with labels
   * {@code y} in {0, 1}; deterministic for a given {@code seed}.
   *
   * @throws IllegalArgumentException when the data cannot be trained on (no rows, a single class, NaN values),
   *     with a message that says what is wrong
   */
  TrainedModel fit(float[] x, int rows, int featureCount, int[] y, long seed);
}
