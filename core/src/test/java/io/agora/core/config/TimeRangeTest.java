package io.agora.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class TimeRangeTest {
  @Test
  void parsesFreqtradeForms() {
    TimeRange r = TimeRange.parse("20180110-20180120");
    assertEquals(Instant.parse("2018-01-10T00:00:00Z").toEpochMilli(), r.startMs());
    assertEquals(Instant.parse("2018-01-20T00:00:00Z").toEpochMilli(), r.stopMs());
    TimeRange open = TimeRange.parse("20180110-");
    assertTrue(open.hasStart());
    assertFalse(open.hasStop());
    assertEquals(1515542400000L, TimeRange.parse("-1515542400").stopMs());
    assertEquals(1515542400123L, TimeRange.parse("1515542400123-").startMs());
    assertFalse(TimeRange.parse(null).hasStart());
  }

  @Test
  void printsAsFreqtradeWritesItInTheResultFile() {
    assertEquals("20180110-20180120", TimeRange.parse("20180110-20180120").toString());
    assertEquals("20180110-", TimeRange.parse("20180110-").toString());
    assertEquals("-20180120", TimeRange.parse("-20180120").toString());
  }

  @Test
  void rejectsBadRanges() {
    assertTrue(assertThrows(IllegalArgumentException.class, () -> TimeRange.parse("2018-01-10")).getMessage().contains("Incorrect syntax"));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> TimeRange.parse("20180120-20180110")).getMessage().contains("after stop"));
    assertThrows(IllegalArgumentException.class, () -> TimeRange.parse("20181340-"));
    assertThrows(IllegalArgumentException.class, () -> TimeRange.parse("-"));
  }
}
