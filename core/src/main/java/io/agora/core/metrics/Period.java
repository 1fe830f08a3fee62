package io.agora.core.metrics;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.TemporalAdjusters;

/**
 * The calendar bins of Freqtrade's breakdowns, with pandas' resample semantics in UTC: {@code 1d} (a bin is a day,
 * labelled by that day), {@code 1W-MON} (a bin runs Tuesday to Monday and is labelled by the Monday it ends on) and
 * {@code 1ME} (a calendar month labelled by its last day). Labels are midnight UTC.
 */
public enum Period {
  DAY("day"),
  WEEK("week"),
  MONTH("month");

  private final String key;

  Period(String key) {
    this.key = key;
  }

  /** The name Freqtrade uses ({@code BACKTEST_BREAKDOWNS}): {@code day}, {@code week}, {@code month}. */
  public String key() {
    return key;
  }

  public static Period fromKey(String key) {
    for (Period p : values()) if (p.key.equals(key)) return p;
    throw new IllegalArgumentException("Period " + key + " is not supported.");
  }

  /** The label (bin) of an instant. */
  LocalDate label(long epochMs) {
    LocalDate d = Instant.ofEpochMilli(epochMs).atZone(ZoneOffset.UTC).toLocalDate();
    return switch (this) {
      case DAY -> d;
      case WEEK -> d.with(TemporalAdjusters.nextOrSame(DayOfWeek.MONDAY));
      case MONTH -> d.with(TemporalAdjusters.lastDayOfMonth());
    };
  }

  /** The label after {@code label}. */
  LocalDate next(LocalDate label) {
    return switch (this) {
      case DAY -> label.plusDays(1);
      case WEEK -> label.plusWeeks(1);
      case MONTH -> label.plusDays(1).with(TemporalAdjusters.lastDayOfMonth());
    };
  }

  static long epochMs(LocalDate day) {
    return day.atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
  }
}
