package io.agora.models.features;

import io.agora.models.registry.ModelCard;
import java.util.Arrays;

/**
 * Per-feature standardisation, {@code (x - mean) / std}. It is fitted on the training window only and then applied
 * unchanged to test and live rows: statistics taken over later candles would leak their level and spread into the
 * model. The values travel in the model card ({@link ModelCard#mean()}, {@link ModelCard#std()}).
 *
 * @param mean per-feature mean of the training rows
 * @param std  per-feature population standard deviation of the training rows; a constant feature gets 1, so that
 *             it maps to 0 instead of dividing by zero
 */
public record Normalization(double[] mean, double[] std) {

  public Normalization {
    if (mean == null || std == null || mean.length != std.length || mean.length == 0) {
      throw new IllegalArgumentException("mean and std must be non-empty and of equal length");
    }
    for (int j = 0; j < std.length; j++) {
      if (!Double.isFinite(mean[j]) || !(std[j] > 0.0) || Double.isInfinite(std[j])) {
        throw new IllegalArgumentException(
            "feature " + j + ": mean must be finite and std finite and positive, got " + mean[j] + ", " + std[j]);
      }
    }
    mean = mean.clone();
    std = std.clone();
  }

  /** The normalisation stored in a model card. */
  public static Normalization of(ModelCard card) {
    return new Normalization(card.mean(), card.std());
  }

  /** Fits on rows {@code [0, rows)} of row-major {@code x} with {@code features} columns. */
  public static Normalization fit(float[] x, int rows, int features) {
    return fit(x, 0, rows, features);
  }

  /**
   * Fits on {@code rows} rows starting at array index {@code offset}: pass the training rows and nothing else.
   * Two passes in double, so that a feature far from zero (an RSI near 50) loses no precision to cancellation.
   *
   * @throws IllegalArgumentException for no rows, a range outside {@code x}, or a non-finite value
   */
  public static Normalization fit(float[] x, int offset, int rows, int features) {
    if (rows < 1 || features < 1) {
      throw new IllegalArgumentException("cannot fit a normalisation on " + rows + " rows of " + features + " features");
    }
    if (offset < 0 || (long) offset + (long) rows * features > x.length) {
      throw new IllegalArgumentException(
          rows + " rows of " + features + " features from index " + offset + " do not fit in " + x.length + " values");
    }
    double[] mean = new double[features];
    for (int r = 0; r < rows; r++) {
      int base = offset + r * features;
      for (int j = 0; j < features; j++) {
        float v = x[base + j];
        if (!Float.isFinite(v)) {
          throw new IllegalArgumentException("row " + r + ", feature " + j + " is " + v + ": cannot fit on it");
        }
        mean[j] += v;
      }
    }
    for (int j = 0; j < features; j++) {
      mean[j] /= rows;
    }
    double[] std = new double[features];
    for (int r = 0; r < rows; r++) {
      int base = offset + r * features;
      for (int j = 0; j < features; j++) {
        double d = x[base + j] - mean[j];
        std[j] += d * d;
      }
    }
    for (int j = 0; j < features; j++) {
      double s = Math.sqrt(std[j] / rows);
      std[j] = s > 0.0 ? s : 1.0;
    }
    return new Normalization(mean, std);
  }

  public int features() {
    return mean.length;
  }

  /** Normalises {@code rows} rows in place, starting at array index {@code offset}. */
  public void apply(float[] x, int offset, int rows) {
    int f = mean.length;
    for (int r = 0; r < rows; r++) {
      applyRow(x, offset + r * f);
    }
  }

  /** Normalises one row in place, starting at array index {@code offset}; allocation-free for the live path. */
  public void applyRow(float[] x, int offset) {
    for (int j = 0; j < mean.length; j++) {
      x[offset + j] = (float) ((x[offset + j] - mean[j]) / std[j]);
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Normalization n && Arrays.equals(mean, n.mean) && Arrays.equals(std, n.std);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(mean) + Arrays.hashCode(std);
  }

  @Override
  public String toString() {
    return "Normalization[mean=" + Arrays.toString(mean) + ", std=" + Arrays.toString(std) + "]";
  }
}
