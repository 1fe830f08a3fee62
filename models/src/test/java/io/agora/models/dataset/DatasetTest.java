package io.agora.models.dataset;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agora.core.data.synthetic.SyntheticData;
import io.agora.core.market.CandleSeries;
import io.agora.core.market.Instrument;
import io.agora.core.market.Timeframe;
import io.agora.models.features.FeatureExtractor;
import io.agora.models.features.FeatureSets;
import io.agora.models.registry.ModelCard;
import io.agora.models.testing.TestCandles;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class DatasetTest {
  static final long MIN5 = 300_000L;

  /** Candles with these closes, five minutes apart (or at {@code times}), open = close, high/low 1 % around it. */
  static CandleSeries closes(long[] times, double... close) {
    int n = close.length;
    double[] h = new double[n];
    double[] l = new double[n];
    double[] v = new double[n];
    for (int i = 0; i < n; i++) {
      h[i] = close[i] * 1.01;
      l[i] = close[i] * 0.99;
      v[i] = 10 + i;
    }
    return new CandleSeries(Instrument.of("HAND/USDT"), TestCandles.FIVE_MINUTES, times, close.clone(), h, l,
        close.clone(), v);
  }

  static long[] every5m(int n) {
    long[] t = new long[n];
    for (int i = 0; i < n; i++) {
      t[i] = 1_700_000_100_000L - 1_700_000_100_000L % MIN5 + i * MIN5;
    }
    return t;
  }

  @Test
  void labelsOnAHandMadeSeries() {
    double[] c = {100, 101, 100.5, 102, 99, 100, 103};
    Dataset d = Dataset.build(closes(every5m(c.length), c), List.of("range_pct"), new LabelSpec(2, 0.01));
    assertEquals(7, d.rows());
    // 100.5/100, 102/101 (0.99 %, not above 1 %), 99/100.5, 100/102, 103/99 (+4 %), then no close 2 candles ahead.
    assertArrayEquals(new int[] {0, 0, 0, 0, 1, -1, -1}, d.y());
    assertEquals(1, d.positives());

    Dataset up = Dataset.build(closes(every5m(c.length), c), List.of("range_pct"), new LabelSpec(1, 0.0));
    assertArrayEquals(new int[] {1, 0, 1, 0, 1, 1, -1}, up.y());
  }

  @Test
  void aReturnExactlyAtTheThresholdIsNotAbove() {
    double[] c = {1.0, 1.5, 1.0, 1.75};
    Dataset d = Dataset.build(closes(every5m(4), c), List.of("body_pct"), new LabelSpec(1, 0.5));
    assertArrayEquals(new int[] {0, 0, 1, -1}, d.y());
  }

  @Test
  void aHorizonSpanningAGapHasNoLabel() {
    long[] t = every5m(6);
    t[4] += MIN5; // a missing candle between 3 and 4
    t[5] += MIN5;
    Dataset d = Dataset.build(closes(t, 1, 2, 3, 4, 5, 6), List.of("range_pct"), new LabelSpec(2, 0.0));
    assertArrayEquals(new int[] {1, 1, -1, -1, -1, -1}, d.y());
  }

  @Test
  void rowsPointAtTheirCandlesAfterTheWarmup() {
    CandleSeries s = TestCandles.synthetic(600, 4);
    Dataset d = Dataset.build(s, FeatureSets.standard(), new LabelSpec(12, 0.003));
    int warmup = FeatureExtractor.of(FeatureSets.standard()).warmup();
    assertEquals(s.size() - warmup + 1, d.rows());
    for (int r = 0; r < d.rows(); r++) {
      assertEquals(warmup - 1 + r, d.candleIndex()[r]);
      assertEquals(s.openTime()[d.candleIndex()[r]], d.times()[r]);
      int i = d.candleIndex()[r];
      int expected = i + 12 < s.size() ? (s.close()[i + 12] / s.close()[i] - 1 > 0.003 ? 1 : 0) : -1;
      assertEquals(expected, d.y()[r], "row " + r);
    }
    assertEquals(List.of(s.pair()), d.pairs());
    assertEquals(s.timeframe().millis(), d.timeframeMs());
  }

  @Test
  void streamingRowsEqualTheDatasetRows() {
    CandleSeries s = TestCandles.real("ETH/BTC", Timeframe.parse("5m"));
    Dataset d = Dataset.build(s, FeatureSets.standard(), new LabelSpec(6, 0.0));
    FeatureExtractor live = FeatureExtractor.of(FeatureSets.standard());
    float[] row = new float[live.size()];
    int r = 0;
    for (int i = 0; i < s.size(); i++) {
      if (live.update(s.openTime()[i], s.open()[i], s.high()[i], s.low()[i], s.close()[i], s.volume()[i], row, 0)) {
        assertEquals(i, d.candleIndex()[r]);
        assertArrayEquals(Arrays.copyOfRange(d.x(), r * row.length, (r + 1) * row.length), row, "candle " + i);
        r++;
      }
    }
    assertEquals(d.rows(), r);
  }

  @Test
  void concatenatedPairsAreMergedByTimeAndKeepTheirRows() {
    SyntheticData.Spec spec = SyntheticData.Spec.of(3, 400, TestCandles.FIVE_MINUTES,
        Instant.parse("2024-03-01T00:00:00Z"), 99);
    List<CandleSeries> series = SyntheticData.generate(spec);
    LabelSpec label = new LabelSpec(3, 0.001);
    List<String> names = List.of("ret_3", "rsi_5", "range_pct");
    // Pairs that start at different times, so the merge has to interleave.
    List<Dataset> parts = List.of(
        Dataset.build(series.get(0).sliceIndex(100, 400), names, label),
        Dataset.build(series.get(1), names, label),
        Dataset.build(series.get(2).sliceIndex(0, 250), names, label));
    Dataset all = Dataset.concat(parts);
    assertEquals(parts.stream().mapToInt(Dataset::rows).sum(), all.rows());
    assertEquals(List.of(spec.pair(0), spec.pair(1), spec.pair(2)), all.pairs());
    int f = names.size();
    int[] next = new int[3];
    for (int r = 0; r < all.rows(); r++) {
      if (r > 0) {
        assertTrue(all.times()[r] >= all.times()[r - 1], "row " + r + " out of time order");
      }
      int p = all.pairIndex()[r];
      Dataset part = parts.get(p);
      int s = next[p]++;
      assertEquals(part.times()[s], all.times()[r]);
      assertEquals(part.y()[s], all.y()[r]);
      assertEquals(part.candleIndex()[s], all.candleIndex()[r]);
      assertArrayEquals(Arrays.copyOfRange(part.x(), s * f, s * f + f), Arrays.copyOfRange(all.x(), r * f, r * f + f));
    }
    assertThrows(IllegalArgumentException.class,
        () -> Dataset.concat(List.of(parts.get(0), Dataset.build(series.get(1), List.of("ret_3"), label))));
    assertThrows(IllegalArgumentException.class,
        () -> Dataset.concat(List.of(parts.get(0), Dataset.build(series.get(1), names, new LabelSpec(4, 0.001)))));
  }

  @Test
  void labelledKeepsOnlyRowsWithALabelInTheRange() {
    double[] c = {1, 2, 3, 4, 5, 6};
    Dataset d = Dataset.build(closes(every5m(6), c), List.of("range_pct"), new LabelSpec(2, 0.0));
    Dataset sub = d.labelled(1, 6);
    assertEquals(3, sub.rows());
    assertArrayEquals(new int[] {1, 2, 3}, sub.candleIndex());
    assertArrayEquals(new int[] {1, 1, 1}, sub.y());
    assertArrayEquals(Arrays.copyOfRange(d.x(), 1, 4), sub.x());
    assertThrows(IndexOutOfBoundsException.class, () -> d.labelled(2, 7));
  }

  @Test
  void labelSpecRoundTripsThroughTheModelCardAndRefusesNonsense() {
    LabelSpec spec = new LabelSpec(12, 0.004);
    ModelCard.Label card = spec.toCard();
    assertEquals(LabelSpec.KIND, card.kind());
    assertEquals(spec, LabelSpec.of(card));
    assertThrows(IllegalArgumentException.class, () -> LabelSpec.of(new ModelCard.Label("other", 12, 0.004)));
    assertThrows(IllegalArgumentException.class, () -> new LabelSpec(0, 0.0));
    assertThrows(IllegalArgumentException.class, () -> new LabelSpec(1, Double.NaN));
  }
}
