package io.agora.core.market;

/** Freqtrade's candle types: spot candles live in the data directory root, the others under {@code futures/}. */
public enum CandleType {
  SPOT("spot"),
  FUTURES("futures"),
  MARK("mark"),
  INDEX("index"),
  PREMIUM_INDEX("premiumIndex"),
  FUNDING_RATE("funding_rate");

  private final String value;

  CandleType(String value) {
    this.value = value;
  }

  /** The name used in file names and Freqtrade configuration. */
  public String value() {
    return value;
  }

  public static CandleType fromValue(String v) {
    for (CandleType t : values()) if (t.value.equalsIgnoreCase(v)) return t;
    throw new IllegalArgumentException("unknown candle type '" + v + "' (spot, futures, mark, index, premiumIndex, funding_rate)");
  }
}
