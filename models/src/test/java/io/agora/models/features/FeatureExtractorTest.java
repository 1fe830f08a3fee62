package io.agora.models.features;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agora.core.market.CandleSeries;
import io.agora.models.testing.TestCandles;
import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class FeatureExtractorTest {

  @ParameterizedTest
  @ValueSource(strings = {"foo", "ret", "ret_", "ret_0", "ret_012", "ret_-3", "ret_1.5", "RSI_14", "rsi_14 ",
      "rsi_99999", "vol_1", "volume_z_1", "bb_pctb_1", "macd_hist_26_12_9", "macd_hist_12_12_9", "macd_hist_12_26",
      "range_pct_3", "ema_dist"})
  void malformedNamesAreRefusedNamingTheFeatureAndTheSupportedForms(String name) {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> FeatureExtractor.of(List.of("ret_1", name)));
    assertTrue(e.getMessage().contains("'" + name + "'"), e.getMessage());
    assertTrue(e.getMessage().contains("macd_hist_F_S_G") && e.getMessage().contains("volume_z_N"), e.getMessage());
  }

  @Test
  void emptyAndDuplicateListsAreRefused() {
    assertThrows(IllegalArgumentException.class, () -> FeatureExtractor.of(List.of()));
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> FeatureExtractor.of(List.of("rsi_14", "ret_1", "rsi_14")));
    assertTrue(e.getMessage().contains("rsi_14"), e.getMessage());
  }

  @ParameterizedTest
  @CsvSource({"ret_1, 2", "ret_12, 13", "rsi_14, 15", "ema_dist_20, 20", "macd_hist_12_26_9, 34", "bb_pctb_20, 20",
      "atr_pct_14, 15", "vol_12, 13", "volume_z_48, 48", "range_pct, 1", "body_pct, 1"})
  void warmupIsWhereTheFirstRowAppears(String name, int warmup) {
    FeatureExtractor fx = FeatureExtractor.of(List.of(name));
    assertEquals(warmup, fx.warmup());
    CandleSeries s = TestCandles.synthetic(200, 1);
    float[] out = new float[1];
    for (int i = 0; i < 100; i++) {
      boolean valid = fx.update(s.openTime()[i], s.open()[i], s.high()[i], s.low()[i], s.close()[i], s.volume()[i],
          out, 0);
      assertEquals(i >= warmup - 1, valid, name + " at candle " + i);
    }
  }

  @Test
  void standardSetHasItsNameFifteenFeaturesAndFiftyCandlesOfWarmup() {
    FeatureExtractor fx = FeatureExtractor.of(FeatureSets.standard());
    assertEquals(FeatureSets.standard(), fx.names());
    assertEquals(15, fx.size());
    assertEquals(50, fx.warmup());
    assertEquals(FeatureSets.standard(), FeatureSets.byName(FeatureSets.OHLCV_V1));
    assertEquals("ohlcv-v1", FeatureSets.OHLCV_V1);
    assertThrows(IllegalArgumentException.class, () -> FeatureSets.byName("ohlcv-v0"));
  }

  @Test
  void rowIsWrittenAtTheOffsetAndOutIsLeftAloneWhenInvalid() {
    FeatureExtractor fx = FeatureExtractor.of(List.of("ret_1", "range_pct"));
    float[] out = {9f, 9f, 9f, 9f, 9f};
    assertFalse(fx.update(0, 100, 110, 90, 100, 5, out, 2));
    assertArrayEquals(new float[] {9f, 9f, 9f, 9f, 9f}, out);
    assertTrue(fx.update(1, 100, 121, 99, 110, 5, out, 2));
    assertArrayEquals(new float[] {9f, 9f, (float) Math.log(1.1), (float) (22.0 / 110.0), 9f}, out);
    // A non-positive close makes the log return undefined: the row is refused, the buffer untouched.
    assertFalse(fx.update(2, 100, 121, 99, 0.0, 5, out, 2));
    assertArrayEquals(new float[] {9f, 9f, (float) Math.log(1.1), (float) (22.0 / 110.0), 9f}, out);
  }

  @Test
  void candlesMustMoveForwardInTimeUntilReset() {
    FeatureExtractor fx = FeatureExtractor.of(List.of("range_pct"));
    float[] out = new float[1];
    fx.update(1000, 1, 1, 1, 1, 1, out, 0);
    assertThrows(IllegalArgumentException.class, () -> fx.update(1000, 1, 1, 1, 1, 1, out, 0));
    assertThrows(IllegalArgumentException.class, () -> fx.update(999, 1, 1, 1, 1, 1, out, 0));
    fx.reset();
    assertTrue(fx.update(0, 1, 2, 1, 1, 1, out, 0));
  }

  @Test
  void resetReproducesTheSameRowsAsAFreshExtractor() {
    CandleSeries s = TestCandles.synthetic(400, 5);
    FeatureExtractor fx = FeatureExtractor.of(NoLookaheadTest.NAMES);
    float[] first = run(fx, s);
    fx.reset();
    float[] again = run(fx, s);
    assertArrayEquals(first, again);
    assertArrayEquals(first, run(fx.copy(), s));
  }

  private static float[] run(FeatureExtractor fx, CandleSeries s) {
    float[] rows = new float[s.size() * fx.size()];
    Arrays.fill(rows, Float.NaN);
    for (int i = 0; i < s.size(); i++) {
      fx.update(s.openTime()[i], s.open()[i], s.high()[i], s.low()[i], s.close()[i], s.volume()[i], rows,
          i * fx.size());
    }
    return rows;
  }

  @Test
  void flatCandlesStillGiveRows() {
    // Gap-filled stretches are flat with zero volume; bands collapse and deviations are 0 there.
    FeatureExtractor fx = FeatureExtractor.of(FeatureSets.standard());
    float[] out = new float[fx.size()];
    boolean valid = false;
    for (int i = 0; i < 200; i++) {
      valid = fx.update(i, 5.0, 5.0, 5.0, 5.0, 0.0, out, 0);
    }
    assertTrue(valid);
    int pctb = FeatureSets.standard().indexOf("bb_pctb_20");
    assertEquals(0.5f, out[pctb]);
    assertEquals(0f, out[FeatureSets.standard().indexOf("vol_12")]);
    assertEquals(0f, out[FeatureSets.standard().indexOf("volume_z_48")]);
  }

  @Test
  void updatesAllocateNothing() {
    com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    CandleSeries s = TestCandles.synthetic(20_000, 9);
    FeatureExtractor fx = FeatureExtractor.of(NoLookaheadTest.NAMES);
    float[] out = new float[fx.size()];
    feed(fx, s, out); // warm the JIT
    fx.reset();
    long tid = Thread.currentThread().getId();
    long before = mx.getThreadAllocatedBytes(tid);
    int valid = feed(fx, s, out);
    long allocated = mx.getThreadAllocatedBytes(tid) - before;
    assertTrue(valid > 19_000, "valid rows " + valid);
    // A single boxed value or row per candle would be at least 16 bytes x 20 000.
    assertTrue(allocated < 20_000, "allocated " + allocated + " bytes over " + s.size() + " updates");
  }

  private static int feed(FeatureExtractor fx, CandleSeries s, float[] out) {
    int valid = 0;
    long[] t = s.openTime();
    double[] o = s.open();
    double[] h = s.high();
    double[] l = s.low();
    double[] c = s.close();
    double[] v = s.volume();
    for (int i = 0; i < t.length; i++) {
      if (fx.update(t[i], o[i], h[i], l[i], c[i], v[i], out, 0)) {
        valid++;
      }
    }
    return valid;
  }
}
