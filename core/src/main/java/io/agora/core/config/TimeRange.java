package io.agora.core.config;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Freqtrade's {@code --timerange}: {@code 20180110-20180120}, {@code 20180110-}, {@code -20180120}, or the same
 * with 10-digit epoch seconds or 13-digit epoch milliseconds. Both ends are inclusive candle open times.
 *
 * @param startMs inclusive start in epoch ms, or {@link Long#MIN_VALUE} when open
 * @param stopMs inclusive stop in epoch ms, or {@link Long#MAX_VALUE} when open
 */
public record TimeRange(long startMs, long stopMs) {
  private static final Pattern FORMAT = Pattern.compile("^(\\d{8}|\\d{10}|\\d{13})?-(\\d{8}|\\d{10}|\\d{13})?$");

  public static TimeRange all() {
    return new TimeRange(Long.MIN_VALUE, Long.MAX_VALUE);
  }

  public static TimeRange parse(String text) {
    if (text == null || text.isBlank()) return all();
    Matcher m = FORMAT.matcher(text.trim());
    if (!m.matches() || (m.group(1) == null && m.group(2) == null)) {
      throw new IllegalArgumentException(
          "Incorrect syntax for timerange \"" + text + "\": use YYYYMMDD-YYYYMMDD, YYYYMMDD-, -YYYYMMDD (or epoch seconds/ms)");
    }
    long start = m.group(1) == null ? Long.MIN_VALUE : toMs(m.group(1), text);
    long stop = m.group(2) == null ? Long.MAX_VALUE : toMs(m.group(2), text);
    if (m.group(1) != null && m.group(2) != null && start > stop) {
      throw new IllegalArgumentException("Start date is after stop date for timerange \"" + text + "\"");
    }
    return new TimeRange(start, stop);
  }

  private static long toMs(String s, String text) {
    return switch (s.length()) {
      case 8 -> {
        try {
          yield LocalDate.parse(s, DateTimeFormatter.BASIC_ISO_DATE).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
        } catch (DateTimeParseException e) {
          throw new IllegalArgumentException("Incorrect date '" + s + "' in timerange \"" + text + "\"");
        }
      }
      case 10 -> Long.parseLong(s) * 1000L;
      default -> Long.parseLong(s);
    };
  }

  public boolean hasStart() {
    return startMs != Long.MIN_VALUE;
  }

  public boolean hasStop() {
    return stopMs != Long.MAX_VALUE;
  }

  /** The range widened at the start by {@code ms} (startup candles), as Freqtrade's {@code subtract_start}. */
  public TimeRange withStartEarlierBy(long ms) {
    return hasStart() ? new TimeRange(startMs - ms, stopMs) : this;
  }

  @Override
  public String toString() {
    DateTimeFormatter f = DateTimeFormatter.ofPattern("yyyyMMdd").withZone(ZoneOffset.UTC);
    return (hasStart() ? f.format(java.time.Instant.ofEpochMilli(startMs)) : "")
        + "-"
        + (hasStop() ? f.format(java.time.Instant.ofEpochMilli(stopMs)) : "");
  }
}
