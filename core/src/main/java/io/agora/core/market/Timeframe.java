package io.agora.core.market;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A candle timeframe in Freqtrade's notation ({@code 1m, 5m, 1h, 4h, 1d, 1w, 1M}).
 *
 * <p>Months are treated as 30 days for arithmetic (as ccxt does for {@code timeframe_to_seconds}); file names
 * write the month as {@code 1Mo} so that it does not clash with {@code 1m} on case-insensitive file systems.
 */
public record Timeframe(String text, long millis) {

  private static final Pattern FORMAT = Pattern.compile("(\\d+)(s|m|h|d|w|M|Mo)");

  public Timeframe {
    if (millis <= 0) throw new IllegalArgumentException("timeframe must be positive: " + text);
  }

  /** Parses {@code 5m}, {@code 1h}, {@code 1M} or the file-name form {@code 1Mo}. */
  public static Timeframe parse(String text) {
    if (text == null) throw new IllegalArgumentException("timeframe is missing");
    Matcher m = FORMAT.matcher(text.trim());
    if (!m.matches()) {
      throw new IllegalArgumentException(
          "invalid timeframe '" + text + "': expected a number and a unit (s, m, h, d, w, M), e.g. 5m, 1h, 1d");
    }
    long n = Long.parseLong(m.group(1));
    if (n <= 0) throw new IllegalArgumentException("invalid timeframe '" + text + "': must be positive");
    String unit = m.group(2);
    long unitMs =
        switch (unit) {
          case "s" -> 1_000L;
          case "m" -> 60_000L;
          case "h" -> 3_600_000L;
          case "d" -> 86_400_000L;
          case "w" -> 7 * 86_400_000L;
          default -> 30 * 86_400_000L; // M, Mo
        };
    String canonical = n + ("Mo".equals(unit) ? "M" : unit);
    return new Timeframe(canonical, n * unitMs);
  }

  public long minutes() {
    return millis / 60_000L;
  }

  /** The form used in Freqtrade's data file names ({@code 1M} becomes {@code 1Mo}). */
  public String fileForm() {
    return text.endsWith("M") ? text + "o" : text;
  }

  /** Start of the candle containing {@code epochMs} (candles are aligned to the epoch, as exchanges do). */
  public long floor(long epochMs) {
    return Math.floorDiv(epochMs, millis) * millis;
  }

  @Override
  public String toString() {
    return text;
  }

  static String lower(String s) {
    return s.toLowerCase(Locale.ROOT);
  }
}
