package io.agora.core.backtest;

import java.util.Locale;

/** Freqtrade's trading modes: shorts and leverage need margin or futures. */
public enum TradingMode {
  SPOT,
  MARGIN,
  FUTURES;

  public String value() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static TradingMode fromValue(String v) {
    for (TradingMode m : values()) if (m.value().equalsIgnoreCase(v)) return m;
    throw new IllegalArgumentException("trading_mode must be one of spot, margin, futures; got '" + v + "'");
  }
}
