package io.agora.core.data;

import io.agora.core.market.CandleSeries;
import io.agora.core.market.Instrument;
import io.agora.core.market.Timeframe;
import java.util.Arrays;

/**
 * OHLCV rows as a file holds them: column-wise primitive arrays in file order, possibly unsorted or with duplicate
 * times (which {@link OhlcvCleaner} resolves). Times are epoch milliseconds (UTC candle open times). Volume may be
 * NaN (mark and index candles have none); prices are finite, the readers check that.
 */
public final class OhlcvColumns {
  private long[] time;
  private double[] open;
  private double[] high;
  private double[] low;
  private double[] close;
  private double[] volume;
  private int size;

  public OhlcvColumns(int capacity) {
    int c = Math.max(capacity, 16);
    time = new long[c];
    open = new double[c];
    high = new double[c];
    low = new double[c];
    close = new double[c];
    volume = new double[c];
  }

  private OhlcvColumns(long[] time, double[] open, double[] high, double[] low, double[] close, double[] volume, int size) {
    this.time = time;
    this.open = open;
    this.high = high;
    this.low = low;
    this.close = close;
    this.volume = volume;
    this.size = size;
  }

  /** Wraps filled arrays without copying; the first {@code size} entries are the rows. */
  public static OhlcvColumns wrap(
      long[] time, double[] open, double[] high, double[] low, double[] close, double[] volume, int size) {
    if (size < 0
        || time.length < size
        || open.length < size
        || high.length < size
        || low.length < size
        || close.length < size
        || volume.length < size) {
      throw new IllegalArgumentException("OHLCV columns shorter than " + size);
    }
    return new OhlcvColumns(time, open, high, low, close, volume, size);
  }

  public void add(long t, double o, double h, double l, double c, double v) {
    if (size == time.length) grow();
    time[size] = t;
    open[size] = o;
    high[size] = h;
    low[size] = l;
    close[size] = c;
    volume[size] = v;
    size++;
  }

  private void grow() {
    ensureCapacity(time.length + (time.length >> 1) + 16);
  }

  /** Room for {@code n} rows, for readers that fill the arrays column by column. */
  void ensureCapacity(int n) {
    if (n <= time.length) return;
    int c = Math.max(n, time.length + (time.length >> 1));
    time = Arrays.copyOf(time, c);
    open = Arrays.copyOf(open, c);
    high = Arrays.copyOf(high, c);
    low = Arrays.copyOf(low, c);
    close = Arrays.copyOf(close, c);
    volume = Arrays.copyOf(volume, c);
  }

  /**
   * The rows with time in {@code [fromMs, toMs]} (both inclusive), in file order; {@code this} when all rows are in.
   * Freqtrade trims raw rows to the timerange before cleaning, so that gap filling never reaches outside it.
   */
  public OhlcvColumns window(long fromMs, long toMs) {
    int inside = 0;
    for (int i = 0; i < size; i++) if (time[i] >= fromMs && time[i] <= toMs) inside++;
    if (inside == size) return this;
    OhlcvColumns out = new OhlcvColumns(Math.max(1, inside));
    for (int i = 0; i < size; i++) {
      if (time[i] >= fromMs && time[i] <= toMs) out.add(time[i], open[i], high[i], low[i], close[i], volume[i]);
    }
    return out;
  }

  public int size() {
    return size;
  }

  void size(int n) {
    size = n;
  }

  long[] timeArray() {
    return time;
  }

  double[] openArray() {
    return open;
  }

  double[] highArray() {
    return high;
  }

  double[] lowArray() {
    return low;
  }

  double[] closeArray() {
    return close;
  }

  double[] volumeArray() {
    return volume;
  }

  public long time(int i) {
    return time[i];
  }

  public double open(int i) {
    return open[i];
  }

  public double high(int i) {
    return high[i];
  }

  public double low(int i) {
    return low[i];
  }

  public double close(int i) {
    return close[i];
  }

  public double volume(int i) {
    return volume[i];
  }

  /** Whether times are strictly ascending, the only order a {@link CandleSeries} accepts. */
  public boolean isStrictlyAscending() {
    for (int i = 1; i < size; i++) if (time[i] <= time[i - 1]) return false;
    return true;
  }

  /**
   * The rows as a series, as they are (no sorting or gap filling: see {@link OhlcvCleaner}). The arrays are handed
   * over when they are exactly full, so this object must not be added to afterwards.
   *
   * @throws IllegalArgumentException if times are not strictly ascending
   */
  public CandleSeries toSeries(Instrument instrument, Timeframe timeframe) {
    if (time.length != size) {
      time = Arrays.copyOf(time, size);
      open = Arrays.copyOf(open, size);
      high = Arrays.copyOf(high, size);
      low = Arrays.copyOf(low, size);
      close = Arrays.copyOf(close, size);
      volume = Arrays.copyOf(volume, size);
    }
    return new CandleSeries(instrument, timeframe, time, open, high, low, close, volume);
  }

  /** The columns of a series (shared, not copied). */
  public static OhlcvColumns of(CandleSeries s) {
    return new OhlcvColumns(s.openTime(), s.open(), s.high(), s.low(), s.close(), s.volume(), s.size());
  }
}
