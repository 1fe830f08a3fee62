package io.agora.core.data;

import java.math.BigDecimal;

/**
 * JSON numbers as Freqtrade sees them. Freqtrade reads JSON candles with pandas' {@code read_json}, whose default
 * decoder ({@code precise_float=False}) does not round correctly: it computes {@code int + digits * 10^-n} in
 * doubles, keeps at most 15 fraction digits and applies an exponent by multiplying with {@code 10^e}. So
 * {@code 0.00162} becomes 0.0016200000000000001, one ulp above the nearest double, and Freqtrade's Feather files
 * converted from JSON hold such values. Decoding the same way makes JSON and Feather data load identically here
 * and in Freqtrade.
 *
 * <p>Writing picks, for each double, a decimal text that this decoding (and so pandas) turns back into exactly
 * that double: the shortest representation when it works (about half the time), otherwise a nearby digit string,
 * possibly split with an exponent. Exponents stay within 10^±22, where the power of ten is unambiguous. If no
 * such text is found the shortest representation is written, which pandas reads at most one ulp off.
 */
final class PandasJsonNumbers {
  private static final double[] NEG_POW10 = new double[16];
  private static final int MAX_EXP = 350;
  /** Correctly rounded powers of ten, as the C library's pow(10, e) gives them for these exponents. */
  private static final double[] POW10 = new double[2 * MAX_EXP + 1];
  private static final int SAFE_EXP = 22;

  static {
    for (int k = 0; k < NEG_POW10.length; k++) NEG_POW10[k] = Double.parseDouble("1e-" + k);
    for (int e = -MAX_EXP; e <= MAX_EXP; e++) POW10[e + MAX_EXP] = Double.parseDouble("1e" + e);
  }

  private PandasJsonNumbers() {}

  /** Decodes a JSON number token's text ({@code -?int(.frac)?([eE][+-]?exp)?}) as pandas does. */
  static double decode(char[] c, int off, int len) {
    int i = off;
    int end = off + len;
    double sign = 1.0;
    if (i < end && c[i] == '-') {
      sign = -1.0;
      i++;
    }
    long intValue = 0;
    int intDigits = 0;
    while (i < end && c[i] >= '0' && c[i] <= '9') {
      // pandas fails beyond 64 bits; such numbers never occur in candle files, so just parse them exactly
      if (++intDigits > 18) return Double.parseDouble(new String(c, off, len));
      intValue = intValue * 10 + (c[i++] - '0');
    }
    double fraction = 0.0;
    int fractionDigits = 0;
    if (i < end && c[i] == '.') {
      i++;
      while (i < end && c[i] >= '0' && c[i] <= '9') {
        if (fractionDigits < 15) {
          fraction = fraction * 10.0 + (c[i] - '0');
          fractionDigits++;
        }
        i++;
      }
    }
    double v = ((double) intValue + fraction * NEG_POW10[fractionDigits]) * sign;
    if (i < end && (c[i] == 'e' || c[i] == 'E')) {
      i++;
      int expSign = 1;
      if (i < end && (c[i] == '-' || c[i] == '+')) expSign = c[i++] == '-' ? -1 : 1;
      int exp = 0;
      while (i < end && c[i] >= '0' && c[i] <= '9') {
        exp = Math.min(exp * 10 + (c[i++] - '0'), 100_000);
      }
      exp *= expSign;
      v *= exp >= -MAX_EXP && exp <= MAX_EXP ? POW10[exp + MAX_EXP] : StrictMath.pow(10.0, exp);
    }
    return v;
  }

  static double decode(String s) {
    return decode(s.toCharArray(), 0, s.length());
  }

  /** A text for finite {@code x} that {@link #decode} (and pandas) read back as exactly {@code x}. */
  static String encode(double x) {
    String shortest = Double.toString(x);
    if (decode(shortest) == x) return shortest;
    double abs = Math.abs(x);
    BigDecimal b = new BigDecimal(Double.toString(abs)).stripTrailingZeros();
    long digits = b.unscaledValue().longValueExact();
    int pow10 = -b.scale();
    String sign = x < 0 ? "-" : "";
    for (int d = 0; d <= 3; d++) {
      for (int s = -1; s <= 1; s += 2) {
        if (d == 0 && s == 1) continue;
        long candidate = digits + (long) d * s;
        if (candidate <= 0) continue;
        String text = splits(candidate, pow10, abs);
        if (text != null) return sign + text;
      }
    }
    return shortest;
  }

  /** Writes {@code digits * 10^pow10} plainly, then with the decimal point at each place and an exponent. */
  private static String splits(long digits, int pow10, double target) {
    String ds = Long.toString(digits);
    int n = ds.length();
    String plain = null;
    if (pow10 >= 0 && n + pow10 <= 18) plain = ds + "0".repeat(pow10);
    else if (pow10 < 0 && -pow10 <= 15) {
      int intLen = n + pow10;
      plain = intLen > 0 ? ds.substring(0, intLen) + "." + ds.substring(intLen) : "0." + "0".repeat(-intLen) + ds;
    }
    if (plain != null && decode(plain) == target) return plain;
    for (int k = 1; k <= n; k++) {
      int exp = (n - k) + pow10;
      if (n - k > 15 || exp == 0 || exp < -SAFE_EXP || exp > SAFE_EXP) continue;
      String text = ds.substring(0, k) + (k < n ? "." + ds.substring(k) : "") + "e" + exp;
      if (decode(text) == target) return text;
    }
    return null;
  }
}
