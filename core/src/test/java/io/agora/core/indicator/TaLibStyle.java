package io.agora.core.indicator;

import java.util.Arrays;

/**
 * Slow whole-array references for the TA-Lib conventions, written from TA-Lib's documented algorithms as plain
 * loops (windows rescanned at every index, no state carried between candles except the Wilder recursions
 * themselves). NaN before TA-Lib's lookback, except where noted.
 */
final class TaLibStyle {
  private TaLibStyle() {}

  static double[] nans(int n) {
    double[] out = new double[n];
    Arrays.fill(out, Double.NaN);
    return out;
  }

  static double[] sma(double[] x, int period) {
    double[] out = nans(x.length);
    for (int i = period - 1; i < x.length; i++) {
      double sum = 0;
      for (int j = i - period + 1; j <= i; j++) {
        sum += x[j];
      }
      out[i] = sum / period;
    }
    return out;
  }

  /** SMA over the finite values of {@code x} only: the input starts with NaN and has no gap. */
  static double[] smaOfDefined(double[] x, int period) {
    int first = 0;
    while (first < x.length && Double.isNaN(x[first])) {
      first++;
    }
    double[] out = nans(x.length);
    double[] tail = sma(Arrays.copyOfRange(x, first, x.length), period);
    System.arraycopy(tail, 0, out, first, tail.length);
    return out;
  }

  /** EMA seeded with the mean of the {@code period} values ending at {@code seedIndex}. */
  static double[] ema(double[] x, int period, int seedIndex) {
    double[] out = nans(x.length);
    double k = 2.0 / (period + 1);
    double sum = 0;
    for (int j = seedIndex - period + 1; j <= seedIndex; j++) {
      sum += x[j];
    }
    double e = sum / period;
    out[seedIndex] = e;
    for (int i = seedIndex + 1; i < x.length; i++) {
      e = (x[i] - e) * k + e;
      out[i] = e;
    }
    return out;
  }

  static double[] ema(double[] x, int period) {
    return ema(x, period, period - 1);
  }

  static double[] wma(double[] x, int period) {
    double[] out = nans(x.length);
    double divisor = period * (period + 1) / 2.0;
    for (int i = period - 1; i < x.length; i++) {
      double sum = 0;
      for (int w = 1; w <= period; w++) {
        sum += w * x[i - period + w];
      }
      out[i] = sum / divisor;
    }
    return out;
  }

  /** TA-Lib's RSI; with {@code holdFlat}, an unchanged close repeats the previous RSI exactly. */
  static double[] rsi(double[] close, int period, boolean holdFlat) {
    double[] out = nans(close.length);
    double gain = 0;
    double loss = 0;
    for (int i = 1; i <= period; i++) {
      double d = close[i] - close[i - 1];
      if (d > 0) {
        gain += d;
      } else {
        loss -= d;
      }
    }
    gain /= period;
    loss /= period;
    out[period] = gain + loss == 0 ? 0 : 100 * (gain / (gain + loss));
    for (int i = period + 1; i < close.length; i++) {
      double d = close[i] - close[i - 1];
      gain = (gain * (period - 1) + Math.max(d, 0)) / period;
      loss = (loss * (period - 1) + Math.max(-d, 0)) / period;
      out[i] = gain + loss == 0 ? 0 : 100 * (gain / (gain + loss));
      if (holdFlat && d == 0) {
        // Both averages shrink by the same factor: the exact RSI does not move.
        out[i] = out[i - 1];
      }
    }
    return out;
  }

  static double[] rsi(double[] close, int period) {
    return rsi(close, period, false);
  }

  static double trueRange(double[] high, double[] low, double[] close, int i) {
    double a = high[i] - low[i];
    double b = Math.abs(high[i] - close[i - 1]);
    double c = Math.abs(low[i] - close[i - 1]);
    return Math.max(a, Math.max(b, c));
  }

  static double[] atr(double[] high, double[] low, double[] close, int period) {
    double[] out = nans(close.length);
    double sum = 0;
    for (int i = 1; i <= period; i++) {
      sum += trueRange(high, low, close, i);
    }
    double atr = sum / period;
    out[period] = atr;
    for (int i = period + 1; i < close.length; i++) {
      atr = (atr * (period - 1) + trueRange(high, low, close, i)) / period;
      out[i] = atr;
    }
    return out;
  }

  /** {@code {plusDI, minusDI, ADX}} as TA-Lib's PLUS_DI, MINUS_DI and ADX with one period. */
  static double[][] dmi(double[] high, double[] low, double[] close, int period) {
    int n = close.length;
    double[] plusDi = nans(n);
    double[] minusDi = nans(n);
    double[] adx = nans(n);
    double[] dx = nans(n);
    double sp = 0;
    double sm = 0;
    double st = 0;
    for (int i = 1; i < n; i++) {
      double up = high[i] - high[i - 1];
      double down = low[i - 1] - low[i];
      double p = up > down && up > 0 ? up : 0;
      double m = down > up && down > 0 ? down : 0;
      double tr = trueRange(high, low, close, i);
      if (i < period) {
        sp += p;
        sm += m;
        st += tr;
        continue;
      }
      sp = sp - sp / period + p;
      sm = sm - sm / period + m;
      st = st - st / period + tr;
      plusDi[i] = st == 0 ? 0 : 100 * (sp / st);
      minusDi[i] = st == 0 ? 0 : 100 * (sm / st);
      double sum = plusDi[i] + minusDi[i];
      dx[i] = sum == 0 ? Double.NaN : 100 * Math.abs(plusDi[i] - minusDi[i]) / sum;
    }
    int first = 2 * period - 1;
    double sumDx = 0;
    for (int i = period; i <= first; i++) {
      sumDx += Double.isNaN(dx[i]) ? 0 : dx[i];
    }
    double a = sumDx / period;
    adx[first] = a;
    for (int i = first + 1; i < n; i++) {
      if (!Double.isNaN(dx[i])) {
        a = (a * (period - 1) + dx[i]) / period;
      }
      adx[i] = a;
    }
    return new double[][] {plusDi, minusDi, adx};
  }

  /**
   * {@code {macd, signal, histogram}} as TA-Lib's MACD, except that the MACD line is also given before the signal
   * starts (TA-Lib prints NaN there).
   */
  static double[][] macd(double[] close, int fast, int slow, int signal) {
    double[] f = ema(close, fast, slow - 1);
    double[] s = ema(close, slow, slow - 1);
    int n = close.length;
    double[] line = nans(n);
    for (int i = slow - 1; i < n; i++) {
      line[i] = f[i] - s[i];
    }
    double[] sig = nans(n);
    double[] tail = ema(Arrays.copyOfRange(line, slow - 1, n), signal);
    System.arraycopy(tail, 0, sig, slow - 1, tail.length);
    double[] hist = nans(n);
    for (int i = 0; i < n; i++) {
      hist[i] = line[i] - sig[i];
    }
    return new double[][] {line, sig, hist};
  }

  /**
   * Raw %K over {@code period} (0 for a zero range, as TA-Lib), also for inputs that start with NaN; a range up to
   * {@code flatRange} counts as zero.
   */
  static double[] rawK(double[] high, double[] low, double[] close, int period, double flatRange) {
    double[] out = nans(close.length);
    for (int i = 0; i < close.length; i++) {
      if (i - period + 1 < 0 || Double.isNaN(close[i - period + 1])) {
        continue;
      }
      double hh = Double.NEGATIVE_INFINITY;
      double ll = Double.POSITIVE_INFINITY;
      for (int j = i - period + 1; j <= i; j++) {
        hh = Math.max(hh, high[j]);
        ll = Math.min(ll, low[j]);
      }
      out[i] = hh - ll <= flatRange ? 0 : 100 * (close[i] - ll) / (hh - ll);
    }
    return out;
  }

  /** {@code {%K, %D}}: STOCHF for {@code kSmoothing = 1}, STOCH with SMA smoothing otherwise. */
  static double[][] stoch(double[] high, double[] low, double[] close, int kPeriod, int kSmoothing, int dPeriod) {
    double[] k = rawK(high, low, close, kPeriod, 0.0);
    if (kSmoothing > 1) {
      k = smaOfDefined(k, kSmoothing);
    }
    return new double[][] {k, smaOfDefined(k, dPeriod)};
  }

  /**
   * {@code {%K, %D}} of STOCHRSI with SMA smoothing, over the RSI that holds exactly over unchanged closes (TA-Lib's
   * own RSI wobbles there by rounding noise, which its %K turns into arbitrary values between 0 and 100).
   */
  static double[][] stochRsi(double[] close, int rsiPeriod, int stochPeriod, int kSmoothing, int dPeriod) {
    double[] r = rsi(close, rsiPeriod, true);
    double[] k = rawK(r, r, r, stochPeriod, 0.0);
    if (kSmoothing > 1) {
      k = smaOfDefined(k, kSmoothing);
    }
    return new double[][] {k, smaOfDefined(k, dPeriod)};
  }
}
