package io.agora.core.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.agora.core.market.CandleSeries;
import io.agora.core.market.Instrument;
import io.agora.core.market.Timeframe;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class OhlcvCleanerTest {
  private static final Instrument PAIR = Instrument.of("ETH/BTC");
  private static final Timeframe M5 = Timeframe.parse("5m");
  private static final long T = Instant.parse("2018-01-10T05:00:00Z").toEpochMilli();
  private static final long STEP = 300_000L;

  private final ListAppender<ILoggingEvent> log = new ListAppender<>();
  private final Logger logger = (Logger) LoggerFactory.getLogger(OhlcvCleaner.class);

  @BeforeEach
  void capture() {
    log.start();
    logger.addAppender(log);
  }

  @AfterEach
  void release() {
    logger.detachAppender(log);
  }

  private List<ILoggingEvent> events(Level level) {
    return log.list.stream().filter(e -> e.getLevel() == level).toList();
  }

  /** rows of {time offset in steps, o, h, l, c, v} */
  private static OhlcvColumns rows(double[]... rows) {
    OhlcvColumns c = new OhlcvColumns(rows.length);
    for (double[] r : rows) c.add(T + Math.round(r[0] * STEP), r[1], r[2], r[3], r[4], r[5]);
    return c;
  }

  @Test
  void sortsAndMergesDuplicatesLikeFreqtradesGroupby() {
    OhlcvColumns raw =
        rows(
            new double[] {2, 30, 31, 29, 30.5, 7},
            new double[] {0, 10, 11, 9, 10.5, 1},
            new double[] {1, 20, 21, 19, 20.5, 5},
            new double[] {0, 12, 15, 8, 13, 4}, // duplicate of 0: widens it, later close, max volume
            new double[] {1, 22, 20, 18, 21, Double.NaN}); // duplicate of 1: NaN volume ignored by max
    CandleSeries s = OhlcvCleaner.clean(raw, PAIR, M5, false, "ETH_BTC-5m.json");
    assertArrayEquals(new long[] {T, T + STEP, T + 2 * STEP}, s.openTime());
    assertArrayEquals(new double[] {10, 20, 30}, s.open(), "open = first in file order");
    assertArrayEquals(new double[] {15, 21, 31}, s.high(), "high = max");
    assertArrayEquals(new double[] {8, 18, 29}, s.low(), "low = min");
    assertArrayEquals(new double[] {13, 21, 30.5}, s.close(), "close = last in file order");
    assertArrayEquals(new double[] {4, 5, 7}, s.volume(), "volume = max");
    List<ILoggingEvent> warnings = events(Level.WARN);
    assertEquals(1, warnings.size(), "one warning per file");
    String msg = warnings.get(0).getFormattedMessage();
    assertTrue(msg.contains("ETH_BTC-5m.json") && msg.contains("5 rows -> 3"), msg);
    assertEquals(5, raw.size(), "input untouched");
    assertEquals(T + 2 * STEP, raw.time(0));
  }

  @Test
  void cleanDataPassesWithoutWarningOrCopy() {
    OhlcvColumns raw = rows(new double[] {0, 1, 2, 0.5, 1.5, 3}, new double[] {1, 1.5, 2, 1, 1.2, 4});
    assertSame(raw, OhlcvCleaner.sortAndMerge(raw, "x"));
    CandleSeries s = OhlcvCleaner.clean(raw, PAIR, M5, true, "x");
    assertEquals(2, s.size());
    assertTrue(log.list.isEmpty(), log.list.toString());
  }

  @Test
  void fillsEachMissingSlotWithThePreviousCloseAndZeroVolume() {
    OhlcvColumns raw = rows(new double[] {0, 1, 2, 0.5, 1.5, 3}, new double[] {3, 4, 5, 3, 4.5, 6}, new double[] {4, 5, 6, 4, 5.5, 7});
    CandleSeries s = OhlcvCleaner.clean(raw, PAIR, M5, true, "x");
    assertEquals(5, s.size());
    for (int i = 0; i < 5; i++) assertEquals(T + i * STEP, s.openTime()[i]);
    assertArrayEquals(new double[] {1, 1.5, 1.5, 4, 5}, s.open());
    assertArrayEquals(new double[] {2, 1.5, 1.5, 5, 6}, s.high());
    assertArrayEquals(new double[] {0.5, 1.5, 1.5, 3, 4}, s.low());
    assertArrayEquals(new double[] {1.5, 1.5, 1.5, 4.5, 5.5}, s.close());
    assertArrayEquals(new double[] {3, 0, 0, 6, 7}, s.volume());
    List<ILoggingEvent> infos = events(Level.INFO);
    assertEquals(1, infos.size());
    assertEquals("Missing data fillup for ETH/BTC, 5m: before: 3 - after: 5 - 66.67%", infos.get(0).getFormattedMessage());

    CandleSeries unfilled = OhlcvCleaner.clean(raw, PAIR, M5, false, "x");
    assertEquals(3, unfilled.size());
  }

  @Test
  void offGridTimesAreSnappedDownAndRowsInOneSlotAggregated() {
    OhlcvColumns raw = new OhlcvColumns(4);
    raw.add(T + 17, 1, 2, 0.5, 1.5, 1); // jitter
    raw.add(T + STEP + 120_000, 2, 3, 1.5, 2.5, 2); // inside the second slot
    raw.add(T + STEP + 150_000, 2.5, 4, 1, 3, Double.NaN); // same slot: merged, NaN volume adds nothing
    raw.add(T + 3 * STEP + 14, 3, 3, 3, 3, 3);
    CandleSeries s = OhlcvCleaner.clean(raw, PAIR, M5, true, "x");
    assertArrayEquals(new long[] {T, T + STEP, T + 2 * STEP, T + 3 * STEP}, s.openTime());
    assertArrayEquals(new double[] {1, 2, 3, 3}, s.open());
    assertArrayEquals(new double[] {2, 4, 3, 3}, s.high());
    assertArrayEquals(new double[] {0.5, 1, 3, 3}, s.low());
    assertArrayEquals(new double[] {1.5, 3, 3, 3}, s.close());
    assertArrayEquals(new double[] {1, 2, 0, 3}, s.volume(), "volume summed within a slot");
  }

  @Test
  void gridIsAnchoredAtMidnightOfTheFirstDayAsPandasResampleDoes() {
    // 7h candles do not divide a day: pandas bins from 00:00 of the first day, not from the epoch
    Timeframe h7 = Timeframe.parse("7h");
    long day = Instant.parse("2021-03-04T00:00:00Z").toEpochMilli();
    long h = 3_600_000L;
    OhlcvColumns raw = new OhlcvColumns(2);
    raw.add(day + 7 * h, 1, 1, 1, 1, 1);
    raw.add(day + 21 * h, 2, 2, 2, 2, 2);
    CandleSeries s = OhlcvCleaner.clean(raw, Instrument.of("A/B"), h7, true, "x");
    assertArrayEquals(new long[] {day + 7 * h, day + 14 * h, day + 21 * h}, s.openTime());
  }

  @Test
  void weeklyCandlesSitOnMondaysAndMonthlyOnTheFirst() {
    long mon = Instant.parse("2024-01-01T00:00:00Z").toEpochMilli(); // a Monday
    long week = 7 * 86_400_000L;
    OhlcvColumns w = new OhlcvColumns(2);
    w.add(mon, 1, 1, 1, 1, 1);
    w.add(mon + 3 * week, 2, 2, 2, 2, 2);
    CandleSeries weekly = OhlcvCleaner.clean(w, Instrument.of("A/B"), Timeframe.parse("1w"), true, "x");
    assertArrayEquals(new long[] {mon, mon + week, mon + 2 * week, mon + 3 * week}, weekly.openTime());

    OhlcvColumns m = new OhlcvColumns(2);
    m.add(Instant.parse("2024-01-01T00:00:00Z").toEpochMilli(), 1, 1, 1, 1, 1);
    m.add(Instant.parse("2024-04-01T00:00:00Z").toEpochMilli(), 2, 2, 2, 2, 2);
    CandleSeries monthly = OhlcvCleaner.clean(m, Instrument.of("A/B"), Timeframe.parse("1M"), true, "x");
    assertArrayEquals(
        new long[] {
          Instant.parse("2024-01-01T00:00:00Z").toEpochMilli(),
          Instant.parse("2024-02-01T00:00:00Z").toEpochMilli(),
          Instant.parse("2024-03-01T00:00:00Z").toEpochMilli(),
          Instant.parse("2024-04-01T00:00:00Z").toEpochMilli()
        },
        monthly.openTime());
    assertArrayEquals(new double[] {1, 1, 1, 2}, monthly.close());
  }

  @Test
  void absurdGapsFailInsteadOfFillingMemory() {
    OhlcvColumns raw = new OhlcvColumns(2);
    raw.add(0L, 1, 1, 1, 1, 1); // a zero date in front of real data
    raw.add(Instant.parse("2100-01-01T00:00:00Z").toEpochMilli(), 1, 1, 1, 1, 1);
    OhlcvDataException e =
        assertThrows(OhlcvDataException.class, () -> OhlcvCleaner.clean(raw, PAIR, Timeframe.parse("1m"), true, "X-1m.json"));
    assertTrue(e.getMessage().startsWith("X-1m.json: filling gaps would create"), e.getMessage());
  }
}
