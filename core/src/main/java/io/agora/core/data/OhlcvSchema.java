package io.agora.core.data;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/** The column layout every OHLCV format shares, and the value checks all readers apply. */
final class OhlcvSchema {
  static final List<String> COLUMNS = List.of("date", "open", "high", "low", "close", "volume");
  static final String ROW_SHAPE = "[ms, open, high, low, close, volume]";

  private OhlcvSchema() {}

  /**
   * Checks that the column names are Freqtrade's, in its order. Freqtrade renames columns by position, so a file
   * with other names would load there with silently mixed-up columns; a clear error is kinder.
   */
  static void checkNames(Path file, List<String> names, String actualSchema) {
    boolean ok = names.size() == COLUMNS.size();
    for (int i = 0; ok && i < names.size(); i++) {
      ok = COLUMNS.get(i).equals(names.get(i).trim().toLowerCase(Locale.ROOT));
    }
    if (!ok) {
      throw OhlcvDataException.inHeader(
          file,
          "not an OHLCV table: expected the 6 columns " + COLUMNS + " in this order, found " + actualSchema);
    }
  }

  /**
   * Rejects non-finite prices and infinite volumes in rows {@code [from, to)}; {@code rowBase} is the 1-based row
   * number of index 0. NaN volume is kept (mark and index candles have none). High below low and negative values
   * are accepted: Freqtrade loads them too, and funding-rate and premium-index "prices" are often negative.
   */
  static void checkValues(Path file, OhlcvColumns c, int from, int to, long rowBase) {
    double[] o = c.openArray();
    double[] h = c.highArray();
    double[] l = c.lowArray();
    double[] cl = c.closeArray();
    double[] vol = c.volumeArray();
    for (int i = from; i < to; i++) {
      if (Double.isInfinite(vol[i])) {
        throw OhlcvDataException.atRow(file, rowBase + i, "volume is " + vol[i] + "; expected a number or NaN (no volume)");
      }
      // one combined test keeps the common (valid) path to a single branch
      if (!Double.isFinite(o[i] + h[i] + l[i] + cl[i])) {
        int bad = !Double.isFinite(o[i]) ? 1 : !Double.isFinite(h[i]) ? 2 : !Double.isFinite(l[i]) ? 3 : !Double.isFinite(cl[i]) ? 4 : 0;
        if (bad == 0) continue; // huge but finite prices whose sum overflowed
        double v = bad == 1 ? o[i] : bad == 2 ? h[i] : bad == 3 ? l[i] : cl[i];
        throw OhlcvDataException.atRow(
            file, rowBase + i, COLUMNS.get(bad) + " is " + describe(v) + "; prices must be finite numbers");
      }
    }
  }

  static String describe(double v) {
    return Double.isNaN(v) ? "NaN (missing)" : String.valueOf(v);
  }

  /** Nanoseconds, microseconds, milliseconds or seconds since the epoch to milliseconds (floored, like pandas). */
  static long toMillis(long value, long unitsPerSecond) {
    if (unitsPerSecond == 1_000L) return value;
    if (unitsPerSecond == 1L) return Math.multiplyExact(value, 1_000L);
    return Math.floorDiv(value, unitsPerSecond / 1_000L);
  }
}
