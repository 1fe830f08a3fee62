package io.agora.core.indicator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** The numerical helpers on inputs chosen to break them. */
class KernelEdgeTest {

  @Test
  void compensatedSumKeepsWhatAPlainSumLoses() {
    CompensatedSum s = new CompensatedSum();
    s.add(1e16);
    s.add(1.0);
    s.add(-1e16);
    assertEquals(1.0, s.value());
  }

  /**
   * Values across seven orders of magnitude, then a flat run: the compensated sums of the deviations cancel to a
   * residual of about 2e-19 (a deviation of 2e-10), which the count of non-zero deviations turns into exactly 0.
   */
  @Test
  void aFlatWindowAfterWildValuesHasExactlyZeroDeviation() {
    double[] wild = {
      -9019.438275322944, 0.624039826574366, 61.998354387862896, 6672076.266721867, 0.5585987558451828,
      27.757732959871184, 0.5278580493820828
    };
    double flat = wild[wild.length - 1];
    RollingStdDev sd = new RollingStdDev(7);
    ZScore z = new ZScore(7);
    BollingerBands bands = new BollingerBands(7, 2.0);
    for (double x : wild) {
      sd.update(x);
      z.update(x);
      bands.update(x);
    }
    for (int i = 0; i < 20; i++) {
      sd.update(flat);
      z.update(flat);
      bands.update(flat);
      if (i >= 5) {
        assertEquals(0.0, sd.value(), "after " + (i + 1) + " flat values");
        assertEquals(0.0, z.value());
        assertEquals(flat, bands.middle());
        assertEquals(flat, bands.upper());
      }
    }
  }

  /** Volumes whose compensated sliding sum leaves -3e-27 behind: the VWAP must be 0/0, not that over noise. */
  @Test
  void aVolumelessWindowAfterWildVolumesIsUndefined() {
    double[] volumes = {0.07858081458881831, 0.03413270016607115, 1.4943912740594812E-11, 1245.2674366526373,
      362391.4827879934};
    RollingVwap vwap = new RollingVwap(5);
    for (double v : volumes) {
      vwap.update(1.1, 0.9, 1.0, v);
    }
    assertEquals(1.0, vwap.value(), 1e-15);
    for (int i = 0; i < 5; i++) {
      vwap.update(1.1, 0.9, 1.0, 0.0);
    }
    assertTrue(Double.isNaN(vwap.value()), "got " + vwap.value());
  }

  @Test
  void rollingExtremaMatchAScanIncludingTies() {
    Random random = new Random(3);
    for (int capacity : new int[] {1, 2, 3, 7, 50}) {
      RollingExtremum max = new RollingExtremum(capacity, true);
      RollingExtremum min = new RollingExtremum(capacity, false);
      double[] x = new double[2000];
      for (int i = 0; i < x.length; i++) {
        // Few distinct values, so ties and long monotone runs are common.
        x[i] = random.nextInt(6) + (i % 300 < 40 ? i * 0.01 : 0);
        max.add(x[i]);
        min.add(x[i]);
        double hi = Double.NEGATIVE_INFINITY;
        double lo = Double.POSITIVE_INFINITY;
        for (int j = Math.max(0, i - capacity + 1); j <= i; j++) {
          hi = Math.max(hi, x[j]);
          lo = Math.min(lo, x[j]);
        }
        assertEquals(hi, max.value(), "max at " + i + ", capacity " + capacity);
        assertEquals(lo, min.value(), "min at " + i + ", capacity " + capacity);
        assertEquals(i + 1 >= capacity, max.isFull());
      }
    }
  }
}
