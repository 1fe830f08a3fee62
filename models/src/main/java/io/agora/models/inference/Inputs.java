package io.agora.models.inference;

/** The argument checks every predictor makes, so that all of them refuse bad rows with the same message. */
final class Inputs {
  private Inputs() {}

  static void check(String model, float[] x, int rows, int features, float[] out, int maxBatch) {
    if (rows < 0 || rows > maxBatch) {
      throw new InferenceException("model " + model + ": " + rows + " rows asked for, max batch is " + maxBatch);
    }
    if ((long) x.length < (long) rows * features) {
      throw new InferenceException("model " + model + ": x holds " + x.length + " values, " + rows + " rows of "
          + features + " features need " + (long) rows * features);
    }
    if (out.length < rows) {
      throw new InferenceException("model " + model + ": out holds " + out.length + " values, need " + rows);
    }
    for (int i = 0, n = rows * features; i < n; i++) {
      if (!Float.isFinite(x[i])) {
        throw new InferenceException("model " + model + ": feature " + (i % features) + " of row " + (i / features)
            + " is " + x[i] + " (features must be finite)");
      }
    }
  }
}
