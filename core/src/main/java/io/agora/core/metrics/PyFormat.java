package io.agora.core.metrics;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * Text and rounding conventions of Freqtrade's reports, which are Python's and numpy's: readers of our result files
 * (Freqtrade's UI, plotting and analysis scripts) parse these strings, so they must be byte-identical.
 */
public final class PyFormat {
  /** Freqtrade's {@code DATETIME_PRINT_FORMAT}, {@code %Y-%m-%d %H:%M:%S}, in UTC. */
  private static final DateTimeFormatter PRINT = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);

  private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy-MM-dd").withZone(ZoneOffset.UTC);
  private static final DateTimeFormatter DAY_MONTH_YEAR = DateTimeFormatter.ofPattern("dd/MM/yyyy").withZone(ZoneOffset.UTC);

  private PyFormat() {}

  /** {@code strftime(DATETIME_PRINT_FORMAT)}: {@code 2018-01-10 07:15:00}. */
  public static String printDate(long epochMs) {
    return PRINT.format(Instant.ofEpochMilli(epochMs));
  }

  /**
   * {@code str(pd.Timestamp)} of a UTC timestamp, the form trade dates take in the export:
   * {@code 2018-01-10 07:15:00+00:00} (with {@code .ffffff} only when there are sub-second parts).
   */
  public static String timestamp(long epochMs) {
    int ms = (int) Math.floorMod(epochMs, 1000L);
    String frac = ms == 0 ? "" : String.format(".%03d000", ms);
    return printDate(epochMs) + frac + "+00:00";
  }

  /** {@code str(date)}: {@code 2018-01-10}. */
  public static String isoDay(long epochMs) {
    return DAY.format(Instant.ofEpochMilli(epochMs));
  }

  /** {@code strftime("%d/%m/%Y")} as the periodic breakdown writes it. */
  public static String dayMonthYear(long epochMs) {
    return DAY_MONTH_YEAR.format(Instant.ofEpochMilli(epochMs));
  }

  /**
   * {@code str(timedelta(seconds=s))}: {@code 0:24:00}, {@code 1 day, 5:57:00}, {@code -1 day, 23:55:00}. Python
   * keeps the seconds part non-negative and carries the sign in the days.
   */
  public static String timedelta(long totalSeconds) {
    long days = Math.floorDiv(totalSeconds, 86_400L);
    long rest = Math.floorMod(totalSeconds, 86_400L);
    String hms = String.format("%d:%02d:%02d", rest / 3600, (rest / 60) % 60, rest % 60);
    if (days == 0) return hms;
    return days + (Math.abs(days) == 1 ? " day, " : " days, ") + hms;
  }

  /**
   * numpy's rounding ({@code np.round}, also {@code round(np.float64, n)}): scale, round half to even, unscale. It
   * differs from Python's {@link #roundPython} on values whose scaled product lands on .5 by float error.
   */
  public static double roundNumpy(double x, int decimals) {
    if (!Double.isFinite(x)) return x;
    double scale = Math.pow(10.0, decimals);
    return Math.rint(x * scale) / scale;
  }

  /** Python's {@code round(float, n)}: correctly rounded from the exact binary value, ties to even. */
  public static double roundPython(double x, int decimals) {
    if (!Double.isFinite(x)) return x;
    return new BigDecimal(x).setScale(decimals, RoundingMode.HALF_EVEN).doubleValue();
  }

  /** Python's {@code round(x)} to an integer (ties to even). */
  public static long roundHalfEven(double x) {
    return (long) Math.rint(x);
  }

  /**
   * Freqtrade's {@code round_value}/{@code fmt_coin} without coin name: {@code f"{value:.{decimals}f}"} with trailing
   * zeros and a trailing dot stripped ({@code 0.00020000} becomes {@code 0.0002}).
   */
  public static String fmtCoin(double value, int decimals) {
    if (Double.isNaN(value)) return "nan";
    if (Double.isInfinite(value)) return value > 0 ? "inf" : "-inf";
    String s = new BigDecimal(value).setScale(decimals, RoundingMode.HALF_EVEN).toPlainString();
    if (s.indexOf('.') >= 0) {
      int end = s.length();
      while (end > 0 && s.charAt(end - 1) == '0') end--;
      if (end > 0 && s.charAt(end - 1) == '.') end--;
      s = s.substring(0, end);
    }
    return s;
  }
}
