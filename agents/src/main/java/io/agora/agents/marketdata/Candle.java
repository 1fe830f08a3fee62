package io.agora.agents.marketdata;

import io.agora.core.market.CandleSeries;
import io.agora.core.market.Timeframe;
import io.agora.persistence.CborSerializable;
import java.util.Objects;

/**
 * One closed candle of one pair, as the market-data streams carry it between nodes. Times are epoch milliseconds UTC;
 * the candle is complete at {@link #closeTime()}.
 */
public record Candle(String pair, Timeframe timeframe, long openTime, double open, double high, double low,
    double close, double volume) implements CborSerializable {

  public Candle {
    Objects.requireNonNull(pair, "pair");
    Objects.requireNonNull(timeframe, "timeframe");
  }

  /** Candle {@code i} of {@code series}. */
  public static Candle of(CandleSeries series, int i) {
    return new Candle(series.pair(), series.timeframe(), series.openTime()[i], series.open()[i], series.high()[i],
        series.low()[i], series.close()[i], series.volume()[i]);
  }

  public long closeTime() {
    return openTime + timeframe.millis();
  }
}
