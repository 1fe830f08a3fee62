package io.agora.models.training;

/** Checks done before any trainer sees the data, so every kind rejects the same inputs with the same words. */
final class TrainingData {
  private TrainingData() {}

  /** @return the number of positive rows */
  static int check(float[] x, int rows, int featureCount, int[] y) {
    if (rows <= 0) {
      throw new IllegalArgumentException("no rows to train on (rows = " + rows + ")");
    }
    if (featureCount <= 0) {
      throw new IllegalArgumentException("featureCount must be positive, was " + featureCount);
    }
    if (x == null || (long) x.length < (long) rows * featureCount) {
      throw new IllegalArgumentException("x holds " + (x == null ? 0 : x.length) + " values, need rows * featureCount = "
          + (long) rows * featureCount);
    }
    if (y == null || y.length < rows) {
      throw new IllegalArgumentException("y holds " + (y == null ? 0 : y.length) + " labels, need " + rows);
    }
    int positives = 0;
    for (int r = 0; r < rows; r++) {
      if (y[r] != 0 && y[r] != 1) {
        throw new IllegalArgumentException("label of row " + r + " is " + y[r] + ": labels must be 0 or 1");
      }
      positives += y[r];
      int base = r * featureCount;
      for (int f = 0; f < featureCount; f++) {
        if (!Float.isFinite(x[base + f])) {
          throw new IllegalArgumentException("feature " + f + " of row " + r + " is " + x[base + f]);
        }
      }
    }
    if (positives == 0 || positives == rows) {
      throw new IllegalArgumentException("all " + rows + " rows have label " + (positives == 0 ? 0 : 1)
          + ": a classifier needs both classes");
    }
    return positives;
  }
}
