package io.agora.core.paper;

/** One OHLCV candle; {@code openTime} in epoch milliseconds (UTC). */
public record Candle(long openTime, double open, double high, double low, double close, double volume) {
  public Candle {
    if (!(low <= high) || !(low <= open && open <= high) || !(low <= close && close <= high)) {
      throw new IllegalArgumentException(
          "inconsistent candle at " + openTime + ": o=" + open + " h=" + high + " l=" + low + " c=" + close);
    }
    if (!(volume >= 0)) throw new IllegalArgumentException("candle volume must be >= 0 at " + openTime);
  }
}
