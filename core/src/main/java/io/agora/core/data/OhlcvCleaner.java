package io.agora.core.data;

import io.agora.core.market.CandleSeries;
import io.agora.core.market.Instrument;
import io.agora.core.market.Timeframe;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Freqtrade's {@code clean_ohlcv_dataframe} and {@code ohlcv_fill_up_missing_data} on primitive columns.
 *
 * <ol>
 *   <li>Sort by time (stable) and merge rows with the same time: open = first, high = max, low = min,
 *       close = last, volume = max (NaN ignored), as Freqtrade's {@code groupby("date")} does.
 *   <li>Optionally fill gaps by resampling onto the timeframe's grid ({@link CandleGrid}): rows are grouped by the
 *       slot their time falls in (which also snaps off-grid times such as funding-rate jitter down to the grid;
 *       open = first, high = max, low = min, close = last, volume = sum), and each empty slot between the first
 *       and last candle gets open = high = low = close = the previous close and volume 0. As with pandas' sum,
 *       a NaN volume becomes 0 here.
 * </ol>
 */
public final class OhlcvCleaner {
  private static final Logger LOG = LoggerFactory.getLogger(OhlcvCleaner.class);

  /** A guard against a stray timestamp (e.g. seconds read as milliseconds) turning gap filling into an OOM. */
  static final long MAX_FILLED_CANDLES = 50_000_000L;

  private OhlcvCleaner() {}

  /**
   * Cleans {@code raw} (left unchanged) into a series. {@code source} names the data in log messages (the file).
   *
   * @throws OhlcvDataException if {@code raw} is empty or gap filling would create an absurd number of candles
   */
  public static CandleSeries clean(OhlcvColumns raw, Instrument instrument, Timeframe tf, boolean fillMissing, String source) {
    if (raw.size() == 0) throw new OhlcvDataException(source + ": no candles");
    OhlcvColumns merged = sortAndMerge(raw, source);
    OhlcvColumns result = fillMissing ? fillGaps(merged, instrument, tf, source) : merged;
    if (result == raw) result = OhlcvColumns.wrap(raw.timeArray(), raw.openArray(), raw.highArray(), raw.lowArray(), raw.closeArray(), raw.volumeArray(), raw.size());
    return result.toSeries(instrument, tf);
  }

  static OhlcvColumns sortAndMerge(OhlcvColumns raw, String source) {
    int n = raw.size();
    long[] t = raw.timeArray();
    int descents = 0;
    int repeats = 0;
    for (int i = 1; i < n; i++) {
      if (t[i] < t[i - 1]) descents++;
      else if (t[i] == t[i - 1]) repeats++;
    }
    if (descents == 0 && repeats == 0) return raw;

    int[] order = stableOrder(t, n);
    double[] o = raw.openArray(), h = raw.highArray(), l = raw.lowArray(), c = raw.closeArray(), v = raw.volumeArray();
    OhlcvColumns out = new OhlcvColumns(n);
    long[] ot = out.timeArray();
    double[] oo = out.openArray(), oh = out.highArray(), ol = out.lowArray(), oc = out.closeArray(), ov = out.volumeArray();
    int k = -1;
    for (int j = 0; j < n; j++) {
      int i = order[j];
      if (k >= 0 && t[i] == ot[k]) {
        // same candle again: widen it; the later row's close wins, volumes are not added (max, as Freqtrade)
        oh[k] = Math.max(oh[k], h[i]);
        ol[k] = Math.min(ol[k], l[i]);
        oc[k] = c[i];
        if (Double.isNaN(ov[k]) || v[i] > ov[k]) ov[k] = v[i]; // pandas' max skips NaN
      } else {
        k++;
        ot[k] = t[i];
        oo[k] = o[i];
        oh[k] = h[i];
        ol[k] = l[i];
        oc[k] = c[i];
        ov[k] = v[i];
      }
    }
    out.size(k + 1);
    LOG.warn(
        "{}: rows not sorted by date ({} out of order) or with duplicate dates ({} merged); sorted and merged "
            + "as Freqtrade does (open=first, high=max, low=min, close=last, volume=max): {} rows -> {}",
        source, descents, n - (k + 1), n, k + 1);
    return out;
  }

  /** Indices of {@code t[0..n)} in ascending time, equal times kept in file order (bottom-up merge sort). */
  private static int[] stableOrder(long[] t, int n) {
    int[] a = new int[n];
    int[] b = new int[n];
    for (int i = 0; i < n; i++) a[i] = i;
    for (int width = 1; width < n; width <<= 1) {
      for (int lo = 0; lo < n; lo += width << 1) {
        int mid = Math.min(lo + width, n);
        int hi = Math.min(lo + (width << 1), n);
        int i = lo, j = mid, k = lo;
        while (i < mid && j < hi) b[k++] = t[a[j]] < t[a[i]] ? a[j++] : a[i++];
        while (i < mid) b[k++] = a[i++];
        while (j < hi) b[k++] = a[j++];
      }
      int[] swap = a;
      a = b;
      b = swap;
    }
    return a;
  }

  /** Resamples sorted, unique rows onto the grid and fills empty slots; returns {@code in} when nothing changes. */
  static OhlcvColumns fillGaps(OhlcvColumns in, Instrument instrument, Timeframe tf, String source) {
    int n = in.size();
    long[] t = in.timeArray();
    double[] v = in.volumeArray();
    CandleGrid grid = CandleGrid.of(tf, t[0]);
    long slots = grid.slot(t[n - 1]) + 1;
    boolean unchanged = slots == n;
    for (int i = 0; unchanged && i < n; i++) unchanged = t[i] == grid.time(i) && !Double.isNaN(v[i]);
    if (unchanged) return in;
    if (slots > MAX_FILLED_CANDLES) {
      throw new OhlcvDataException(
          source + ": filling gaps would create " + slots + " " + tf + " candles between " + java.time.Instant.ofEpochMilli(t[0])
              + " and " + java.time.Instant.ofEpochMilli(t[n - 1]) + "; check the timestamps (milliseconds expected)");
    }

    int m = (int) slots;
    double[] o = in.openArray(), h = in.highArray(), l = in.lowArray(), c = in.closeArray();
    OhlcvColumns out = new OhlcvColumns(m);
    long[] ot = out.timeArray();
    double[] oo = out.openArray(), oh = out.highArray(), ol = out.lowArray(), oc = out.closeArray(), ov = out.volumeArray();
    int k = -1;
    for (int i = 0; i < n; i++) {
      int s = (int) grid.slot(t[i]);
      if (s == k) {
        oh[k] = Math.max(oh[k], h[i]);
        ol[k] = Math.min(ol[k], l[i]);
        oc[k] = c[i];
        if (!Double.isNaN(v[i])) ov[k] += v[i];
        continue;
      }
      // empty slots since the last candle: flat at its close, no volume
      for (int e = k + 1; e < s; e++) {
        ot[e] = grid.time(e);
        oo[e] = oh[e] = ol[e] = oc[e] = oc[k];
        ov[e] = 0.0;
      }
      k = s;
      ot[k] = grid.time(k);
      oo[k] = o[i];
      oh[k] = h[i];
      ol[k] = l[i];
      oc[k] = c[i];
      ov[k] = Double.isNaN(v[i]) ? 0.0 : v[i];
    }
    out.size(m);
    if (m != n) {
      LOG.info(
          "Missing data fillup for {}, {}: before: {} - after: {} - {}",
          instrument, tf, n, m, String.format(Locale.ROOT, "%.2f%%", 100.0 * (m - n) / n));
    }
    return out;
  }
}
