package io.agora.agents.marketdata;

import io.agora.core.data.OhlcvLoader;
import io.agora.core.market.CandleSeries;
import io.agora.core.market.CandleType;
import io.agora.core.market.Instrument;
import io.agora.core.market.Timeframe;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.ForkJoinPool;
import org.apache.pekko.NotUsed;
import org.apache.pekko.japi.Pair;
import org.apache.pekko.stream.ActorAttributes;
import org.apache.pekko.stream.ThrottleMode;
import org.apache.pekko.stream.javadsl.Source;

/**
 * Replays stored candles (Freqtrade files through {@link OhlcvLoader}, or series in memory) as a {@link LiveFeed}:
 * several pairs merged in open-time order (ties in pair name order), either as fast as the consumer pulls or paced at
 * a speed factor of real time ({@code 60} = an hour of candles per real minute): the wait before a candle is the
 * open-time delta to the previous candle divided by the factor, so gaps in the data are waited out too.
 *
 * <p><b>Back-pressure.</b> The merge is a pull-driven iterator: nothing is read ahead beyond the stream's small
 * internal buffers, so a slow consumer slows the replay. When paced, the pace is a token bucket (Pekko's
 * {@code throttle} in shaping mode) holding at most one candle's worth of time, so after a stall the replay catches up
 * by at most one candle and then continues at the set speed.
 *
 * <p><b>Resuming.</b> {@link #candles(Set, Timeframe, Map)} skips, per pair, every candle opening at or before the
 * given time: a restarted node passes what it last processed and continues where it stopped.
 *
 * <p>The replay is also a {@link CandleHistory}, which agents use to rebuild indicator state on recovery. Files are
 * read on Pekko's blocking-IO dispatcher (stream) or on the given executor (history). Instances are immutable.
 */
public final class CandleReplay implements LiveFeed, CandleHistory {

  /** Candles of a pair opening in {@code [fromMs, toMs]} (both inclusive), ascending; empty when there are none. */
  @FunctionalInterface
  public interface SeriesStore {
    CandleSeries load(String pair, Timeframe timeframe, long fromMs, long toMs);
  }

  private final SeriesStore store;
  private final double speed;
  private final Executor executor;

  private CandleReplay(SeriesStore store, double speed, Executor executor) {
    this.store = Objects.requireNonNull(store, "store");
    if (!(speed > 0)) throw new IllegalArgumentException("speed factor must be > 0 (or infinite), was " + speed);
    this.speed = speed;
    this.executor = Objects.requireNonNull(executor, "executor");
  }

  /** A replay of a Freqtrade data directory (spot candles for spot pairs, futures candles for futures pairs). */
  public static CandleReplay fromFiles(OhlcvLoader loader) {
    return of((pair, tf, from, to) -> loader.load(pair, tf,
        Instrument.of(pair).isFutures() ? CandleType.FUTURES : CandleType.SPOT, from, to));
  }

  /** A replay of series held in memory (tests, synthetic data). */
  public static CandleReplay inMemory(Collection<CandleSeries> series) {
    Map<String, CandleSeries> byKey = new HashMap<>();
    for (CandleSeries s : series) byKey.put(s.pair() + "@" + s.timeframe().text(), s);
    return of((pair, tf, from, to) -> {
      CandleSeries s = byKey.get(pair + "@" + tf.text());
      if (s == null) throw new IllegalArgumentException("no candles for " + pair + " " + tf);
      int a = s.indexAtOrAfter(from);
      int b = to == Long.MAX_VALUE ? s.size() : s.indexAtOrAfter(to + 1);
      return s.sliceIndex(a, Math.max(a, b));
    });
  }

  /** A replay of {@code store}, as fast as possible. */
  public static CandleReplay of(SeriesStore store) {
    return new CandleReplay(store, Double.POSITIVE_INFINITY, ForkJoinPool.commonPool());
  }

  /** The same replay, as fast as the consumer pulls. */
  public CandleReplay asFastAsPossible() {
    return new CandleReplay(store, Double.POSITIVE_INFINITY, executor);
  }

  /** The same replay at {@code factor} × real time (by open-time deltas). */
  public CandleReplay atSpeed(double factor) {
    return new CandleReplay(store, factor, executor);
  }

  /** The same replay, answering {@link #candles(String, Timeframe, long, long)} on {@code executor}. */
  public CandleReplay withHistoryExecutor(Executor executor) {
    return new CandleReplay(store, speed, executor);
  }

  public double speed() {
    return speed;
  }

  @Override
  public Source<Candle, NotUsed> candles(Set<String> pairs, Timeframe timeframe, Map<String, Long> resumeAfter) {
    Objects.requireNonNull(timeframe, "timeframe");
    List<String> ordered = List.copyOf(new TreeSet<>(pairs));
    Map<String, Long> after = Map.copyOf(resumeAfter);
    Source<Candle, NotUsed> merged = Source.fromIterator(() -> new Merge(store, ordered, timeframe, after))
        .withAttributes(ActorAttributes.dispatcher(ActorAttributes.IODispatcher().dispatcher()));
    if (Double.isInfinite(speed)) return merged;
    // cost of a candle = market seconds since the previous one; the bucket refills at `speed` market seconds per
    // real second and holds one candle's worth
    int burst = (int) Math.max(1, Math.min(Integer.MAX_VALUE, timeframe.millis() / 1000));
    Duration per = Duration.ofNanos(Math.max(1, Math.round(1_000 * 1e9 / speed)));
    return merged
        .statefulMapConcat(() -> {
          long[] previous = {Long.MIN_VALUE};
          return c -> {
            long delta = previous[0] == Long.MIN_VALUE ? 0 : Math.max(0, c.openTime() - previous[0]);
            previous[0] = c.openTime();
            return List.of(Pair.create(c, (int) Math.min(Integer.MAX_VALUE, delta / 1000)));
          };
        })
        .throttle(1_000, per, burst, Pair::second, ThrottleMode.shaping())
        .map(Pair::first);
  }

  @Override
  public CompletionStage<List<Candle>> candles(String pair, Timeframe timeframe, long fromMs, long toMs) {
    return CompletableFuture.supplyAsync(() -> {
      if (fromMs > toMs) return List.<Candle>of();
      CandleSeries s = store.load(pair, timeframe, fromMs, toMs);
      List<Candle> out = new ArrayList<>(s.size());
      for (int i = 0; i < s.size(); i++) out.add(Candle.of(s, i));
      return List.copyOf(out);
    }, executor);
  }

  /** K-way merge of the pairs' series by (open time, pair order); loads lazily on the first pull. */
  private static final class Merge implements Iterator<Candle> {
    private final SeriesStore store;
    private final List<String> pairs;
    private final Timeframe timeframe;
    private final Map<String, Long> after;
    private PriorityQueue<Cursor> queue;

    private record Cursor(int rank, CandleSeries series, int index) {
      long time() {
        return series.openTime()[index];
      }
    }

    Merge(SeriesStore store, List<String> pairs, Timeframe timeframe, Map<String, Long> after) {
      this.store = store;
      this.pairs = pairs;
      this.timeframe = timeframe;
      this.after = after;
    }

    private PriorityQueue<Cursor> queue() {
      if (queue == null) {
        queue = new PriorityQueue<>((a, b) -> a.time() != b.time()
            ? Long.compare(a.time(), b.time()) : Integer.compare(a.rank(), b.rank()));
        for (int r = 0; r < pairs.size(); r++) {
          Long last = after.get(pairs.get(r));
          long from = last == null || last == Long.MAX_VALUE ? (last == null ? Long.MIN_VALUE : Long.MAX_VALUE)
              : last + 1;
          if (from == Long.MAX_VALUE) continue;
          CandleSeries s = store.load(pairs.get(r), timeframe, from, Long.MAX_VALUE);
          if (s.size() > 0) queue.add(new Cursor(r, s, 0));
        }
      }
      return queue;
    }

    @Override
    public boolean hasNext() {
      return !queue().isEmpty();
    }

    @Override
    public Candle next() {
      Cursor c = queue().poll();
      if (c == null) throw new NoSuchElementException();
      if (c.index() + 1 < c.series().size()) queue.add(new Cursor(c.rank(), c.series(), c.index() + 1));
      return Candle.of(c.series(), c.index());
    }
  }
}
