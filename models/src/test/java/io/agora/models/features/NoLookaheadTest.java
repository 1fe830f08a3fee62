package io.agora.models.features;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.agora.core.market.CandleSeries;
import io.agora.core.market.Timeframe;
import io.agora.models.dataset.Dataset;
import io.agora.models.dataset.LabelSpec;
import io.agora.models.testing.TestCandles;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;

/**
 * A feature of candle k must depend on candles 0..k only. Each check replaces every candle after k with random values
 * and requires rows 0..k to stay bit-identical (validity included), over many k.
 */
class NoLookaheadTest {
  /** The standard set plus the shortest windows, where an off-by-one would show first. */
  static final List<String> NAMES;

  static {
    List<String> names = new ArrayList<>(FeatureSets.standard());
    names.addAll(List.of("ret_2", "rsi_2", "ema_dist_1", "macd_hist_1_2_1", "bb_pctb_2", "atr_pct_1", "vol_2",
        "volume_z_2"));
    NAMES = List.copyOf(names);
  }

  /** Every candle's row as float bits, and whether the extractor produced it. */
  record PerCandle(int[] bits, boolean[] valid, int features) {}

  static PerCandle stream(CandleSeries s, List<String> names) {
    FeatureExtractor fx = FeatureExtractor.of(names);
    int f = fx.size();
    float[] row = new float[f];
    int[] bits = new int[s.size() * f];
    boolean[] valid = new boolean[s.size()];
    for (int i = 0; i < s.size(); i++) {
      valid[i] = fx.update(s.openTime()[i], s.open()[i], s.high()[i], s.low()[i], s.close()[i], s.volume()[i], row, 0);
      if (valid[i]) {
        for (int j = 0; j < f; j++) {
          bits[i * f + j] = Float.floatToRawIntBits(row[j]);
        }
      }
    }
    return new PerCandle(bits, valid, f);
  }

  static void assertNoLookahead(CandleSeries s, Function<CandleSeries, PerCandle> features, int[] ks) {
    PerCandle original = features.apply(s);
    for (int k : ks) {
      PerCandle changed = features.apply(TestCandles.withRandomFuture(s, k, 1000L + k));
      int f = original.features();
      for (int i = 0; i <= k; i++) {
        if (original.valid()[i] != changed.valid()[i]) {
          fail("row " + i + " changed validity when candles after " + k + " changed");
        }
        for (int j = 0; j < f; j++) {
          if (original.bits()[i * f + j] != changed.bits()[i * f + j]) {
            fail("row " + i + ", feature " + j + " changed when candles after " + k + " changed");
          }
        }
      }
    }
  }

  static int[] manyKs(int n) {
    List<Integer> ks = new ArrayList<>();
    for (int k = 0; k < 80; k++) {
      ks.add(k); // through every warm-up boundary
    }
    for (int k = 80; k < n - 1; k += 97) {
      ks.add(k);
    }
    ks.add(n - 2);
    return ks.stream().mapToInt(Integer::intValue).toArray();
  }

  @Test
  void syntheticFeaturesNeverReadFutureCandles() {
    CandleSeries s = TestCandles.synthetic(3000, 7);
    assertNoLookahead(s, c -> stream(c, NAMES), manyKs(s.size()));
  }

  @Test
  void realFeaturesNeverReadFutureCandles() {
    for (String pair : List.of("ETH/BTC", "TRX/BTC")) {
      CandleSeries s = TestCandles.real(pair, Timeframe.parse("5m"));
      assertTrue(s.size() > 5000, pair + " has " + s.size() + " candles");
      assertNoLookahead(s, c -> stream(c, NAMES), manyKs(s.size()));
    }
  }

  @Test
  void checkCatchesAFeatureThatPeeksOneCandleAhead() {
    CandleSeries s = TestCandles.synthetic(300, 3);
    Function<CandleSeries, PerCandle> peeking = c -> {
      int n = c.size();
      int[] bits = new int[n];
      boolean[] valid = new boolean[n];
      for (int i = 0; i + 1 < n; i++) {
        bits[i] = Float.floatToRawIntBits((float) (c.close()[i + 1] / c.close()[i]));
        valid[i] = true;
      }
      return new PerCandle(bits, valid, 1);
    };
    assertThrows(AssertionFailedError.class, () -> assertNoLookahead(s, peeking, new int[] {150}));
  }

  @Test
  void changingCandleKItselfChangesRowK() {
    // The converse of the lookahead check: it proves the rows really depend on the candles compared.
    CandleSeries s = TestCandles.synthetic(500, 11);
    PerCandle original = stream(s, NAMES);
    int k = 300;
    PerCandle changed = stream(TestCandles.withRandomFuture(s, k - 1, 5), NAMES);
    int f = original.features();
    boolean differs = false;
    for (int j = 0; j < f; j++) {
      differs |= original.bits()[k * f + j] != changed.bits()[k * f + j];
    }
    assertTrue(differs, "row " + k + " did not change with its own candle");
  }

  @Test
  void datasetRowsAndLabelsUpToKIgnoreLaterCandles() {
    CandleSeries s = TestCandles.synthetic(2000, 21);
    LabelSpec label = new LabelSpec(6, 0.002);
    Dataset original = Dataset.build(s, NAMES, label);
    int f = original.featureCount();
    for (int k = 100; k < s.size() - 1; k += 131) {
      Dataset changed = Dataset.build(TestCandles.withRandomFuture(s, k, k), NAMES, label);
      int rows = 0;
      while (rows < original.rows() && original.candleIndex()[rows] <= k) {
        rows++;
      }
      assertEquals(original.candleIndex()[rows - 1], changed.candleIndex()[rows - 1]);
      for (int r = 0; r < rows; r++) {
        assertEquals(original.times()[r], changed.times()[r]);
        for (int j = 0; j < f; j++) {
          assertEquals(Float.floatToRawIntBits(original.x()[r * f + j]), Float.floatToRawIntBits(changed.x()[r * f + j]),
              "row " + r + " feature " + j + " after changing candles past " + k);
        }
        // A label reads exactly `horizon` candles ahead, no further.
        if (original.candleIndex()[r] + label.horizon() <= k) {
          assertEquals(original.y()[r], changed.y()[r], "label of row " + r);
        }
      }
      assertTrue(rows > 0);
    }
  }
}
