package io.agora.core.report.text;

import io.agora.core.metrics.StrategyStats;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;

/**
 * Number formats of Freqtrade's backtest output, which are Python's format specs. {@link String#format} cannot stand
 * in: it rounds the shortest decimal form half-up ({@code 0.125} to {@code 0.13}), where Python rounds the exact
 * binary value half-even ({@code 0.12}), and it drops the sign of a negative value that rounds to zero.
 */
public final class ReportFormat {
  private ReportFormat() {}

  /** Python's {@code f"{x:.{decimals}f}"}: {@code -0.001} with 2 decimals is {@code -0.00}. */
  public static String fixed(double x, int decimals) {
    if (Double.isNaN(x)) return "nan";
    if (Double.isInfinite(x)) return x > 0 ? "inf" : "-inf";
    BigDecimal rounded = new BigDecimal(x).setScale(decimals, RoundingMode.HALF_EVEN);
    String s = rounded.toPlainString();
    boolean negative = x < 0 || (x == 0 && 1 / x < 0);
    return negative && rounded.signum() == 0 ? "-" + s : s;
  }

  /** Python's {@code f"{ratio:.2%}"}: {@code 0.10419} is {@code 10.42%}. */
  public static String pct(double ratio) {
    return fixed(ratio * 100.0, 2) + "%";
  }

  /** Freqtrade's {@code fmt_coin(value, coin)}: the coin's decimals, trailing zeros dropped, then the coin name. */
  public static String coin(double value, String currency) {
    return coinPlain(value, currency) + " " + currency;
  }

  /** Freqtrade's {@code fmt_coin(value, coin, False)}: as {@link #coin} without the name. */
  public static String coinPlain(double value, String currency) {
    String s = fixed(value, StrategyStats.decimalsPerCoin(currency));
    if (s.indexOf('.') < 0) return s;
    int end = s.length();
    while (s.charAt(end - 1) == '0') end--;
    if (s.charAt(end - 1) == '.') end--;
    return s.substring(0, end);
  }

  /** {@code f"{value:.{decimals_per_coin(coin)}f}"}: the coin's decimals, trailing zeros kept (table columns). */
  public static String coinFixed(double value, String currency) {
    return fixed(value, StrategyStats.decimalsPerCoin(currency));
  }

  /**
   * Python's {@code str(value)} for the JSON-like values of a stats block: floats in Python's repr ({@code 1.0},
   * {@code 9.42}, {@code 1e-05}), booleans as {@code True}/{@code False}, null as {@code None}.
   */
  public static String py(Object value) {
    if (value == null) return "None";
    if (value instanceof Boolean b) return b ? "True" : "False";
    if (value instanceof Double || value instanceof Float) return pyFloat(((Number) value).doubleValue());
    if (value instanceof List<?> l) {
      StringBuilder sb = new StringBuilder("[");
      for (int i = 0; i < l.size(); i++) {
        if (i > 0) sb.append(", ");
        sb.append(l.get(i) instanceof String s ? "'" + s + "'" : py(l.get(i)));
      }
      return sb.append(']').toString();
    }
    return value.toString();
  }

  /** Python's {@code repr(float)}: shortest round-trip digits, scientific below 1e-4 and from 1e16. */
  public static String pyFloat(double x) {
    if (Double.isNaN(x)) return "nan";
    if (Double.isInfinite(x)) return x > 0 ? "inf" : "-inf";
    if (x == 0) return 1 / x < 0 ? "-0.0" : "0.0";
    BigDecimal d = new BigDecimal(Double.toString(x)).stripTrailingZeros();
    int exponent = d.precision() - d.scale() - 1;
    if (exponent >= -4 && exponent < 16) {
      String plain = d.toPlainString();
      return plain.indexOf('.') < 0 ? plain + ".0" : plain;
    }
    String digits = d.unscaledValue().abs().toString();
    String mantissa = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
    String exp = String.format("%s%02d", exponent < 0 ? "-" : "+", Math.abs(exponent));
    return (d.signum() < 0 ? "-" : "") + mantissa + "e" + exp;
  }

  /**
   * Freqtrade's {@code generate_wins_draws_losses}: four right-aligned fields, the win rate in percent with one decimal
   * ({@code "  48   122     9  26.8"}), {@code 100} without losses and {@code 0} without wins.
   */
  public static String winsDrawsLosses(long wins, long draws, long losses) {
    String rate;
    if (wins > 0 && losses == 0) rate = "100";
    else if (wins == 0) rate = "0";
    else rate = fixed(100.0 / (wins + draws + losses) * wins, 1);
    return String.format("%4d  %4d  %4d  %4s", wins, draws, losses, rate);
  }
}
