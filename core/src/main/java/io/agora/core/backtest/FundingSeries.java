package io.agora.core.backtest;

/**
 * Funding rates joined with mark prices on their common times (Freqtrade's {@code combine_funding_and_mark}, inner
 * join): the funding paid or received at each time is {@code rate × mark open × amount}.
 */
public record FundingSeries(long[] time, double[] rate, double[] markOpen) {
  public FundingSeries {
    if (time.length != rate.length || time.length != markOpen.length) throw new IllegalArgumentException("funding columns differ in length");
  }

  /** {@code calculate_funding_fees}: the fees over {@code [from, to]}, negated for longs as Freqtrade does. */
  double fees(double amount, boolean isShort, long from, long to) {
    double sum = 0;
    int i = java.util.Arrays.binarySearch(time, from);
    if (i < 0) i = -i - 1;
    for (; i < time.length && time[i] <= to; i++) sum += rate[i] * markOpen[i] * amount;
    if (Double.isNaN(sum)) sum = 0;
    return isShort ? sum : -sum;
  }
}
