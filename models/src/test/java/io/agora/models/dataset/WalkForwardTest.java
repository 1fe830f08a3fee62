package io.agora.models.dataset;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agora.core.data.synthetic.SyntheticData;
import io.agora.core.market.CandleSeries;
import io.agora.models.dataset.WalkForward.Rows;
import io.agora.models.dataset.WalkForward.Split;
import io.agora.models.testing.TestCandles;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class WalkForwardTest {
  static final long DAY = 86_400_000L;
  static final long MIN5 = 300_000L;
  static final long T0 = Instant.parse("2024-01-01T00:00:00Z").toEpochMilli();

  @Test
  void splitsRollForwardByTheTestPeriod() {
    List<Split> splits = WalkForward.splits(T0, T0 + 10 * DAY, 4, 2);
    assertEquals(List.of(
        new Split(T0, T0 + 4 * DAY, T0 + 4 * DAY, T0 + 6 * DAY),
        new Split(T0 + 2 * DAY, T0 + 6 * DAY, T0 + 6 * DAY, T0 + 8 * DAY),
        new Split(T0 + 4 * DAY, T0 + 8 * DAY, T0 + 8 * DAY, T0 + 10 * DAY)), splits);
  }

  @Test
  void theLastTestWindowIsCutAtTheEndOfTheData() {
    List<Split> splits = WalkForward.splits(T0, T0 + 9 * DAY + DAY / 2, 4, 2);
    assertEquals(3, splits.size());
    assertEquals(new Split(T0 + 4 * DAY, T0 + 8 * DAY, T0 + 8 * DAY, T0 + 9 * DAY + DAY / 2), splits.get(2));
  }

  @Test
  void splitsOfTimesSpanFromTheFirstToJustAfterTheLast() {
    long[] times = fiveMinuteTimes(T0, 5 * 288); // five days
    List<Split> splits = WalkForward.splits(times, 3, 1);
    assertEquals(2, splits.size());
    assertEquals(new Split(T0, T0 + 3 * DAY, T0 + 3 * DAY, T0 + 4 * DAY), splits.get(0));
    assertEquals(new Split(T0 + DAY, T0 + 4 * DAY, T0 + 4 * DAY, times[times.length - 1] + 1), splits.get(1));
  }

  @Test
  void tooShortDataAndBadPeriodsAreExplained() {
    IllegalArgumentException shortData =
        assertThrows(IllegalArgumentException.class, () -> WalkForward.splits(T0, T0 + 4 * DAY, 4, 1));
    assertTrue(shortData.getMessage().contains("too short") && shortData.getMessage().contains("4 training days"),
        shortData.getMessage());
    assertThrows(IllegalArgumentException.class, () -> WalkForward.splits(new long[0], 4, 1));
    assertThrows(IllegalArgumentException.class, () -> WalkForward.splits(T0, T0 + 30 * DAY, 0, 1));
    assertThrows(IllegalArgumentException.class, () -> WalkForward.splits(T0, T0 + 30 * DAY, 4, 0));
  }

  @Test
  void trainingRowsWhoseLabelReachesTheTestWindowArePurged() {
    long[] times = fiveMinuteTimes(T0, 10 * 288);
    LabelSpec label = new LabelSpec(12, 0.0);
    Split split = WalkForward.splits(times, 4, 2).get(1);
    Rows rows = WalkForward.rows(times, split, label, MIN5);
    assertEquals(split.trainFrom(), times[rows.trainFrom()]);
    long reach = 12 * MIN5;
    // The last kept row's label candle opens one candle before the test window; the next row's would open in it.
    assertEquals(split.testFrom() - MIN5, times[rows.trainTo() - 1] + reach);
    assertEquals(split.testFrom(), times[rows.trainTo()] + reach);
    assertEquals(4 * 288 - 12, rows.trainRows());
    assertEquals(split.testFrom(), times[rows.testFrom()]);
    assertEquals(split.testTo(), times[rows.testTo()]);
    assertEquals(2 * 288, rows.testRows());
  }

  @Test
  void purgedRangesOfAMultiPairDatasetHoldExactlyTheAllowedRows() {
    SyntheticData.Spec spec = SyntheticData.Spec.of(3, 8 * 288, TestCandles.FIVE_MINUTES, Instant.ofEpochMilli(T0), 5);
    List<CandleSeries> series = SyntheticData.generate(spec);
    LabelSpec label = new LabelSpec(24, 0.002);
    List<Dataset> parts = new ArrayList<>();
    for (CandleSeries s : series) {
      parts.add(Dataset.build(s, List.of("ret_6", "vol_12", "rsi_14"), label));
    }
    Dataset all = Dataset.concat(parts);
    List<Split> splits = WalkForward.splits(all.times(), 3, 1);
    assertEquals(5, splits.size());
    for (Split split : splits) {
      Rows rows = WalkForward.rows(all, split);
      for (int r = 0; r < all.rows(); r++) {
        long t = all.times()[r];
        CandleSeries s = series.get(all.pairIndex()[r]);
        int labelCandle = all.candleIndex()[r] + label.horizon();
        boolean allowed = t >= split.trainFrom() && labelCandle < s.size()
            && s.openTime()[labelCandle] < split.testFrom();
        boolean inRange = r >= rows.trainFrom() && r < rows.trainTo();
        // Rows past the series end have no label: inside the range but filtered by labelled().
        if (inRange && labelCandle < s.size()) {
          assertTrue(allowed, split + ": row " + r + " at " + Instant.ofEpochMilli(t) + " looks into the test window");
        }
        if (allowed) {
          assertTrue(inRange, split + ": row " + r + " at " + Instant.ofEpochMilli(t) + " wrongly purged");
        }
        boolean test = t >= split.testFrom() && t < split.testTo();
        assertEquals(test, r >= rows.testFrom() && r < rows.testTo(), "test row " + r);
      }
      Dataset train = all.labelled(rows.trainFrom(), rows.trainTo());
      assertTrue(train.rows() > 0 && train.rows() <= rows.trainRows());
    }
  }

  @Test
  void aHorizonAsLongAsTheTrainingWindowLeavesNothingAndSaysSo() {
    long[] times = fiveMinuteTimes(T0, 3 * 288);
    Split split = WalkForward.splits(times, 1, 1).get(0);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> WalkForward.rows(times, split, new LabelSpec(288, 0.0), MIN5));
    assertTrue(e.getMessage().contains("no training rows") && e.getMessage().contains("288-candle"), e.getMessage());
    WalkForward.Rows barely = WalkForward.rows(times, split, new LabelSpec(287, 0.0), MIN5);
    assertEquals(1, barely.trainRows());
  }

  @Test
  void rowTimesMustBeSorted() {
    long[] times = fiveMinuteTimes(T0, 3 * 288);
    times[10] = times[11] + 1;
    Split split = new Split(T0, T0 + DAY, T0 + DAY, T0 + 2 * DAY);
    assertThrows(IllegalArgumentException.class, () -> WalkForward.rows(times, split, new LabelSpec(1, 0.0), MIN5));
  }

  static long[] fiveMinuteTimes(long from, int n) {
    long[] t = new long[n];
    for (int i = 0; i < n; i++) {
      t[i] = from + i * MIN5;
    }
    return t;
  }
}
