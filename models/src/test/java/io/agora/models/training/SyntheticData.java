package io.agora.models.training;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Learnable but not linearly separable rows: standard-normal features, label from a noisy rule with linear terms, an
 * interaction and a curvature term. Rows {@code [0, trainRows)} are for training, the rest are held out.
 */
public record SyntheticData(float[] x, int[] y, int rows, int features, int trainRows) {

  public static SyntheticData generate(int rows, int features, double holdOutFraction, long seed) {
    if (features < 6) {
      throw new IllegalArgumentException("the rule reads 6 features");
    }
    SplittableRandom rng = new SplittableRandom(seed);
    float[] x = new float[rows * features];
    int[] y = new int[rows];
    for (int r = 0; r < rows; r++) {
      int b = r * features;
      for (int f = 0; f < features; f++) {
        x[b + f] = (float) gaussian(rng);
      }
      double z = 1.2 * x[b] - 0.8 * x[b + 1] + 1.5 * x[b + 2] * x[b + 3] + 0.7 * (x[b + 4] * x[b + 4] - 1)
          + Math.sin(2 * x[b + 5]) + 0.5 * gaussian(rng);
      y[r] = z > 0 ? 1 : 0;
    }
    return new SyntheticData(x, y, rows, features, (int) Math.round(rows * (1 - holdOutFraction)));
  }

  private static double gaussian(SplittableRandom rng) {
    // Box-Muller: SplittableRandom has no nextGaussian on Java 17.
    double u = 1 - rng.nextDouble();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rng.nextDouble());
  }

  public float[] row(int r) {
    return Arrays.copyOfRange(x, r * features, (r + 1) * features);
  }

  public int testRows() {
    return rows - trainRows;
  }

  /** The held-out rows, row-major. */
  public float[] testX() {
    return Arrays.copyOfRange(x, trainRows * features, rows * features);
  }

  public int[] testY() {
    return Arrays.copyOfRange(y, trainRows, rows);
  }

  /** Area under the ROC curve (rank statistic, ties counted half). */
  public static double auc(double[] scores, int[] labels) {
    Integer[] idx = new Integer[scores.length];
    for (int i = 0; i < idx.length; i++) {
      idx[i] = i;
    }
    Arrays.sort(idx, (a, b) -> Double.compare(scores[a], scores[b]));
    double rankSumPositives = 0;
    long positives = 0;
    int i = 0;
    while (i < idx.length) {
      int j = i;
      while (j + 1 < idx.length && scores[idx[j + 1]] == scores[idx[i]]) {
        j++;
      }
      double midRank = (i + j) / 2.0 + 1;
      for (int k = i; k <= j; k++) {
        if (labels[idx[k]] == 1) {
          rankSumPositives += midRank;
          positives++;
        }
      }
      i = j + 1;
    }
    long negatives = labels.length - positives;
    return (rankSumPositives - positives * (positives + 1) / 2.0) / ((double) positives * negatives);
  }
}
