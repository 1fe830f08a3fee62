package io.agora.agents.marketdata;

import io.agora.core.market.Timeframe;
import java.util.Map;
import java.util.Set;
import org.apache.pekko.NotUsed;
import org.apache.pekko.stream.javadsl.Source;

/**
 * Closed candles of several pairs of one timeframe, in time order (ties in pair order), each emitted once it has
 * closed. Implemented by {@link CandleReplay} (Freqtrade files) and later by the exchange connectors. Sources are
 * back-pressured: a slow consumer slows the feed (a live implementation buffers or drops, and says which).
 */
public interface LiveFeed {

  /**
   * The candles of {@code pairs} whose open time is after {@code resumeAfter.get(pair)} (all of a pair's candles when
   * it has no entry): a restarted node passes the last open time it processed per pair and continues from there.
   */
  Source<Candle, NotUsed> candles(Set<String> pairs, Timeframe timeframe, Map<String, Long> resumeAfter);

  /** All candles of {@code pairs}, from the feed's beginning. */
  default Source<Candle, NotUsed> candles(Set<String> pairs, Timeframe timeframe) {
    return candles(pairs, timeframe, Map.of());
  }
}
