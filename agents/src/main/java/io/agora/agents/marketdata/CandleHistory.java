package io.agora.agents.marketdata;

import io.agora.core.market.Timeframe;
import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * Recent candles on demand: what an agent re-reads on recovery to rebuild indicator state instead of journaling every
 * candle. Implementations may block only off the caller's thread (the stage completes elsewhere).
 */
public interface CandleHistory {

  /** The candles of {@code pair} opening in {@code [fromMs, toMs]} (both inclusive), ascending; may be empty. */
  CompletionStage<List<Candle>> candles(String pair, Timeframe timeframe, long fromMs, long toMs);
}
