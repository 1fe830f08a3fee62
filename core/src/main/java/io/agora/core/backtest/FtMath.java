package io.agora.core.backtest;

import java.math.BigDecimal;
import java.math.RoundingMode;

/** Float arithmetic quirks that Freqtrade's results depend on. */
public final class FtMath {
  private FtMath() {}

  /**
   * {@code float(f"{x:.8f}")}: Python rounds the exact binary value half-even to 8 decimals, then parses the
   * decimal back to the nearest double. {@code k / 1e8} with an exact integer {@code k} is that nearest double, so
   * only values whose scaled fraction sits near one half need the exact (allocating) path.
   */
  public static double round8(double x) {
    if (!Double.isFinite(x)) return x;
    double s = x * 1e8;
    if (Math.abs(s) < 1e15) {
      double fl = Math.floor(s);
      double frac = s - fl;
      if (Math.abs(frac - 0.5) > 1e-6) {
        double k = frac < 0.5 ? fl : fl + 1;
        double r = k / 1e8;
        return r == 0 ? (x < 0 ? -0.0 : 0.0) : r;
      }
    }
    return new BigDecimal(x).setScale(8, RoundingMode.HALF_EVEN).doubleValue();
  }
}
