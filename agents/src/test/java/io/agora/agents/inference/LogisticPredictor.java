package io.agora.agents.inference;

import io.agora.models.inference.InferenceException;
import io.agora.models.inference.Predictor;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A plain-Java binary classifier for tests: {@code sigmoid(w·x + b)}. Checks its input as an ONNX predictor does
 * (NaN features, too many rows); a row whose first feature equals {@code poison} makes it throw, as a runtime
 * failure would. Counts its predict calls across instances (a shared counter).
 */
final class LogisticPredictor implements Predictor {
  static final float NO_POISON = Float.NEGATIVE_INFINITY;

  private final float[] w;
  private final float b;
  private final int maxBatch;
  private final String provider;
  private final float poison;
  private final AtomicInteger calls;

  LogisticPredictor(float[] w, float b, int maxBatch, String provider, float poison, AtomicInteger calls) {
    this.w = w.clone();
    this.b = b;
    this.maxBatch = maxBatch;
    this.provider = provider;
    this.poison = poison;
    this.calls = calls;
  }

  /** What this model gives one row: the reference the tests compare with. */
  static float score(float[] w, float b, float[] x, int offset) {
    double z = b;
    for (int j = 0; j < w.length; j++) z += (double) w[j] * x[offset + j];
    return (float) (1 / (1 + Math.exp(-z)));
  }

  @Override
  public int featureCount() {
    return w.length;
  }

  @Override
  public int maxBatch() {
    return maxBatch;
  }

  @Override
  public void predict(float[] x, int rows, float[] out) {
    calls.incrementAndGet();
    if (rows > maxBatch) throw new InferenceException(rows + " rows exceed the batch of " + maxBatch);
    for (int r = 0; r < rows; r++) {
      for (int j = 0; j < w.length; j++) {
        if (!Float.isFinite(x[r * w.length + j])) throw new InferenceException("non-finite feature");
      }
      if (x[r * w.length] == poison) throw new InferenceException("runtime failure on row " + r);
      out[r] = score(w, b, x, r * w.length);
    }
  }

  @Override
  public String provider() {
    return provider;
  }

  @Override
  public void close() {}
}
