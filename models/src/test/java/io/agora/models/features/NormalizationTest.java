package io.agora.models.features;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.agora.models.registry.ModelCard;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class NormalizationTest {

  @Test
  void fitsMeanAndPopulationStdPerFeatureAndGivesConstantFeaturesOne() {
    float[] x = {
        1, 10, 7,
        2, 20, 7,
        3, 30, 7,
        6, 60, 7};
    Normalization n = Normalization.fit(x, 4, 3);
    assertArrayEquals(new double[] {3, 30, 7}, n.mean(), 1e-12);
    // Deviations of column 0: -2, -1, 0, 3 -> variance 14 / 4.
    assertArrayEquals(new double[] {Math.sqrt(3.5), 10 * Math.sqrt(3.5), 1.0}, n.std(), 1e-12);
  }

  @Test
  void theFitReadsTrainingRowsOnly() {
    SplittableRandom rnd = new SplittableRandom(8);
    int f = 5;
    int train = 200;
    int test = 100;
    float[] x = new float[(train + test) * f];
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) (rnd.nextGaussian() * (1 + i % f) + i % f);
    }
    Normalization fitted = Normalization.fit(x, train, f);
    float[] changed = x.clone();
    for (int i = train * f; i < changed.length; i++) {
      changed[i] = (float) (rnd.nextGaussian() * 1000 + 500);
    }
    assertEquals(fitted, Normalization.fit(changed, train, f));

    // The offset form: training rows in the middle, rows on both sides changed.
    Normalization middle = Normalization.fit(x, 50 * f, 100, f);
    float[] sides = x.clone();
    for (int i = 0; i < 50 * f; i++) {
      sides[i] = -sides[i] * 7;
    }
    for (int i = 150 * f; i < sides.length; i++) {
      sides[i] = sides[i] * 3 + 11;
    }
    assertEquals(middle, Normalization.fit(sides, 50 * f, 100, f));

    // And it does read every training row: changing the last one moves the fit.
    float[] last = x.clone();
    last[(train - 1) * f] += 100;
    assertNotEquals(fitted, Normalization.fit(last, train, f));
  }

  @Test
  void applyStandardisesInPlaceAndTrainingRowsEndUpCentred() {
    SplittableRandom rnd = new SplittableRandom(2);
    int f = 3;
    int rows = 500;
    float[] x = new float[rows * f];
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) (rnd.nextDouble() * 40 + 50 * (i % f));
    }
    float[] original = x.clone();
    Normalization n = Normalization.fit(x, rows, f);
    n.apply(x, 0, rows);
    for (int j = 0; j < f; j++) {
      double sum = 0;
      double sq = 0;
      for (int r = 0; r < rows; r++) {
        sum += x[r * f + j];
        sq += x[r * f + j] * (double) x[r * f + j];
        assertEquals((float) ((original[r * f + j] - n.mean()[j]) / n.std()[j]), x[r * f + j]);
      }
      assertEquals(0.0, sum / rows, 1e-5);
      assertEquals(1.0, sq / rows, 1e-4);
    }
    float[] one = {0, 0, original[6], original[7], original[8]};
    n.applyRow(one, 2);
    assertArrayEquals(new float[] {0, 0, x[6], x[7], x[8]}, one);
  }

  @Test
  void refusesWhatCannotBeFittedOrUsed() {
    assertThrows(IllegalArgumentException.class, () -> Normalization.fit(new float[] {1, Float.NaN}, 1, 2));
    assertThrows(IllegalArgumentException.class, () -> Normalization.fit(new float[4], 0, 2));
    assertThrows(IllegalArgumentException.class, () -> Normalization.fit(new float[4], 3, 2));
    assertThrows(IllegalArgumentException.class, () -> new Normalization(new double[] {0}, new double[] {0}));
    assertThrows(IllegalArgumentException.class, () -> new Normalization(new double[] {0, 1}, new double[] {1}));
  }

  @Test
  void readsTheModelCardsStatistics() {
    ModelCard card = new ModelCard("m", 1, "logistic", FeatureSets.OHLCV_V1, List.of("ret_1", "rsi_14"),
        new double[] {0.001, 50}, new double[] {0.01, 12}, null, null, Map.of(), null, "2024-01-01T00:00:00Z");
    Normalization n = Normalization.of(card);
    float[] row = {0.011f, 62f};
    n.applyRow(row, 0);
    assertArrayEquals(new float[] {1f, 1f}, row, 1e-6f);
  }
}
