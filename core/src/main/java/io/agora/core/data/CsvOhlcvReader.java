package io.agora.core.data;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.MalformedInputException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads plain CSV candles: a header {@code date,open,high,low,close,volume} (any case) and one row per candle.
 * {@code date} is epoch milliseconds or an ISO-8601 UTC time ({@code 2018-01-10T04:55:00Z},
 * {@code 2018-01-10 04:55:00+00:00}, as pandas' {@code to_csv} writes it; without an offset it is taken as UTC).
 * An empty or {@code NaN} volume is NaN, as pandas writes missing values. Blank lines are skipped.
 */
final class CsvOhlcvReader {
  private CsvOhlcvReader() {}

  static OhlcvColumns read(Path file) {
    long bytes;
    try {
      bytes = Files.size(file);
    } catch (IOException e) {
      throw OhlcvDataException.inFile(file, "cannot read: " + e, e);
    }
    if (bytes == 0) throw OhlcvDataException.inFile(file, "file is empty (0 bytes); expected a header date,open,high,low,close,volume");
    OhlcvColumns cols = new OhlcvColumns((int) Math.min(bytes / 60, 1 << 24));
    long row = 0;
    try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      String line = nextNonBlank(in);
      if (line == null) throw OhlcvDataException.inFile(file, "file has only blank lines; expected a header date,open,high,low,close,volume");
      checkHeader(file, line);
      String[] f = new String[6];
      while ((line = in.readLine()) != null) {
        if (line.isBlank()) continue;
        row++;
        int n = split(line, f);
        if (n != 6) {
          throw OhlcvDataException.atRow(file, row, "expected 6 values date,open,high,low,close,volume, got " + n);
        }
        cols.add(
            time(file, row, f[0]),
            price(file, row, 1, f[1]),
            price(file, row, 2, f[2]),
            price(file, row, 3, f[3]),
            price(file, row, 4, f[4]),
            volume(file, row, f[5]));
      }
    } catch (MalformedInputException e) {
      throw OhlcvDataException.inFile(file, "not UTF-8 text (after row " + row + "); is this really a CSV file?", e);
    } catch (IOException e) {
      throw OhlcvDataException.inFile(file, "cannot read: " + e, e);
    }
    if (row == 0) throw OhlcvDataException.inFile(file, "no candles: the file has a header but no rows");
    return cols;
  }

  private static String nextNonBlank(BufferedReader in) throws IOException {
    String line;
    while ((line = in.readLine()) != null) if (!line.isBlank()) return line;
    return null;
  }

  private static void checkHeader(Path file, String line) {
    if (line.startsWith("\uFEFF")) line = line.substring(1); // spreadsheet exports start with a byte-order mark
    String[] f = new String[7];
    int n = split(line, f);
    List<String> names = new ArrayList<>();
    for (int i = 0; i < Math.min(n, f.length); i++) names.add(f[i]);
    if (n > f.length) names.add("...");
    OhlcvSchema.checkNames(file, names, "'" + line.trim() + "'");
  }

  /** Splits on commas into {@code out}, trimming and unquoting; returns the number of fields (may exceed out). */
  private static int split(String line, String[] out) {
    int n = 0;
    int start = 0;
    while (true) {
      int comma = line.indexOf(',', start);
      int end = comma < 0 ? line.length() : comma;
      if (n < out.length) out[n] = unquote(line.substring(start, end).trim());
      n++;
      if (comma < 0) return n;
      start = comma + 1;
    }
  }

  private static String unquote(String s) {
    return s.length() >= 2 && s.charAt(0) == '"' && s.charAt(s.length() - 1) == '"' ? s.substring(1, s.length() - 1).trim() : s;
  }

  private static long time(Path file, long row, String s) {
    if (isInteger(s)) {
      try {
        return Long.parseLong(s);
      } catch (NumberFormatException e) {
        throw OhlcvDataException.atRow(file, row, "date '" + s + "' does not fit a 64-bit integer");
      }
    }
    String iso = s.length() > 10 && s.charAt(10) == ' ' ? s.substring(0, 10) + 'T' + s.substring(11) : s;
    try {
      return OffsetDateTime.parse(iso).toInstant().toEpochMilli();
    } catch (DateTimeParseException e) {
      // not an offset form: try a plain UTC date-time or date below
    }
    try {
      return iso.length() == 10
          ? LocalDate.parse(iso).atStartOfDay().toInstant(ZoneOffset.UTC).toEpochMilli()
          : LocalDateTime.parse(iso).toInstant(ZoneOffset.UTC).toEpochMilli();
    } catch (DateTimeParseException e) {
      throw OhlcvDataException.atRow(
          file, row, "date '" + s + "' is neither epoch milliseconds nor an ISO-8601 time like 2018-01-10T04:55:00Z");
    }
  }

  private static boolean isInteger(String s) {
    if (s.isEmpty()) return false;
    int i = s.charAt(0) == '-' ? 1 : 0;
    if (i == s.length()) return false;
    for (; i < s.length(); i++) if (s.charAt(i) < '0' || s.charAt(i) > '9') return false;
    return true;
  }

  private static double price(Path file, long row, int column, String s) {
    double v = number(file, row, column, s);
    if (!Double.isFinite(v)) {
      throw OhlcvDataException.atRow(
          file, row, OhlcvSchema.COLUMNS.get(column) + " is " + OhlcvSchema.describe(v) + "; prices must be finite numbers");
    }
    return v;
  }

  private static double volume(Path file, long row, String s) {
    double v = s.isEmpty() ? Double.NaN : number(file, row, 5, s);
    if (Double.isInfinite(v)) throw OhlcvDataException.atRow(file, row, "volume is " + v + "; expected a number or NaN/empty");
    return v;
  }

  private static double number(Path file, long row, int column, String s) {
    if (s.isEmpty()) {
      throw OhlcvDataException.atRow(file, row, OhlcvSchema.COLUMNS.get(column) + " is empty; prices must be finite numbers");
    }
    switch (s.toLowerCase(java.util.Locale.ROOT)) {
      case "nan":
        return Double.NaN;
      case "inf", "+inf", "infinity", "+infinity":
        return Double.POSITIVE_INFINITY;
      case "-inf", "-infinity":
        return Double.NEGATIVE_INFINITY;
      default:
        break;
    }
    // Double.parseDouble also takes Java-only forms (1d, 0x1p3); a CSV from elsewhere never means those
    char last = s.charAt(s.length() - 1);
    if ((Character.isDigit(last) || last == '.') && s.indexOf('x') < 0 && s.indexOf('X') < 0) {
      try {
        return Double.parseDouble(s);
      } catch (NumberFormatException e) {
        // reported below
      }
    }
    throw OhlcvDataException.atRow(file, row, OhlcvSchema.COLUMNS.get(column) + " is not a number: '" + s + "'");
  }
}
