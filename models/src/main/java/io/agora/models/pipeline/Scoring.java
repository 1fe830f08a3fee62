package io.agora.models.pipeline;

import io.agora.models.inference.Predictor;

/** Scores many rows through a predictor in batches of its {@link Predictor#maxBatch()}. */
public final class Scoring {
  private Scoring() {}

  /** Probabilities of rows {@code [0, rows)} of {@code x} (normalised, row-major) into {@code out[0, rows)}. */
  public static void predict(Predictor predictor, float[] x, int rows, float[] out) {
    int f = predictor.featureCount();
    int max = predictor.maxBatch();
    float[] chunk = new float[max * f];
    float[] res = new float[max];
    for (int r = 0; r < rows; r += max) {
      int n = Math.min(max, rows - r);
      System.arraycopy(x, r * f, chunk, 0, n * f);
      predictor.predict(chunk, n, res);
      System.arraycopy(res, 0, out, r, n);
    }
  }
}
