package io.agora.core.market;

import java.util.Arrays;

/**
 * OHLCV candles of one pair and timeframe, stored column-wise in primitive arrays so that the backtest loop and
 * the indicator kernels read them without allocation. Times are candle open times in epoch milliseconds (UTC),
 * strictly ascending.
 *
 * <p>The arrays are shared, not copied: treat them as read-only.
 */
public final class CandleSeries {
  private final Instrument instrument;
  private final Timeframe timeframe;
  private final long[] openTime;
  private final double[] open;
  private final double[] high;
  private final double[] low;
  private final double[] close;
  private final double[] volume;

  public CandleSeries(
      Instrument instrument,
      Timeframe timeframe,
      long[] openTime,
      double[] open,
      double[] high,
      double[] low,
      double[] close,
      double[] volume) {
    int n = openTime.length;
    if (open.length != n || high.length != n || low.length != n || close.length != n || volume.length != n) {
      throw new IllegalArgumentException("OHLCV columns differ in length for " + instrument);
    }
    for (int i = 1; i < n; i++) {
      if (openTime[i] <= openTime[i - 1]) {
        throw new IllegalArgumentException(
            "candle times of " + instrument + " " + timeframe + " are not strictly ascending at index " + i);
      }
    }
    this.instrument = instrument;
    this.timeframe = timeframe;
    this.openTime = openTime;
    this.open = open;
    this.high = high;
    this.low = low;
    this.close = close;
    this.volume = volume;
  }

  public Instrument instrument() {
    return instrument;
  }

  public String pair() {
    return instrument.symbol();
  }

  public Timeframe timeframe() {
    return timeframe;
  }

  public int size() {
    return openTime.length;
  }

  public boolean isEmpty() {
    return openTime.length == 0;
  }

  public long[] openTime() {
    return openTime;
  }

  public double[] open() {
    return open;
  }

  public double[] high() {
    return high;
  }

  public double[] low() {
    return low;
  }

  public double[] close() {
    return close;
  }

  public double[] volume() {
    return volume;
  }

  /** Index of the first candle opening at or after {@code epochMs} ({@code size()} if none). */
  public int indexAtOrAfter(long epochMs) {
    int i = Arrays.binarySearch(openTime, epochMs);
    return i >= 0 ? i : -i - 1;
  }

  /** Candles with open time in {@code [fromMs, toMs)}; the arrays are copied. */
  public CandleSeries slice(long fromMs, long toMs) {
    int a = indexAtOrAfter(fromMs);
    int b = indexAtOrAfter(toMs);
    return sliceIndex(a, Math.max(a, b));
  }

  /** Candles {@code [from, to)} by index; the arrays are copied. */
  public CandleSeries sliceIndex(int from, int to) {
    return new CandleSeries(
        instrument,
        timeframe,
        Arrays.copyOfRange(openTime, from, to),
        Arrays.copyOfRange(open, from, to),
        Arrays.copyOfRange(high, from, to),
        Arrays.copyOfRange(low, from, to),
        Arrays.copyOfRange(close, from, to),
        Arrays.copyOfRange(volume, from, to));
  }

  @Override
  public String toString() {
    return "CandleSeries[" + instrument + " " + timeframe + ", " + size() + " candles]";
  }
}
