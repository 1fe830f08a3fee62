package io.agora.agents.marketdata;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import io.agora.core.data.DataFormat;
import io.agora.core.data.OhlcvLoader;
import io.agora.core.data.synthetic.SyntheticData;
import io.agora.core.market.CandleSeries;
import io.agora.core.market.Timeframe;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.testkit.TestSubscriber;
import org.apache.pekko.stream.testkit.javadsl.TestSink;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CandleReplayTest {
  private static final Timeframe M1 = Timeframe.parse("1m");
  private static final SyntheticData.Spec SPEC =
      SyntheticData.Spec.of(3, 60, M1, Instant.parse("2024-01-01T00:00:00Z"), 11).withGapProbability(0.15);
  private static final List<CandleSeries> SERIES = SyntheticData.generate(SPEC);
  private static final Set<String> PAIRS = Set.of(SPEC.pair(0), SPEC.pair(1), SPEC.pair(2));

  private static ActorTestKit testKit;
  private static ActorSystem<?> system;

  @BeforeAll
  static void start() {
    testKit = ActorTestKit.create(ConfigFactory.load());
    system = testKit.system();
  }

  @AfterAll
  static void stop() {
    testKit.shutdownTestKit();
  }

  /** Every candle of every series, ordered by open time, ties by pair name. */
  private static List<Candle> expected(List<CandleSeries> series, Map<String, Long> after) {
    List<Candle> all = new ArrayList<>();
    for (CandleSeries s : series) {
      for (int i = 0; i < s.size(); i++) {
        if (s.openTime()[i] > after.getOrDefault(s.pair(), Long.MIN_VALUE)) all.add(Candle.of(s, i));
      }
    }
    all.sort(Comparator.comparingLong(Candle::openTime).thenComparing(Candle::pair));
    return all;
  }

  private static List<Candle> run(LiveFeed feed, Map<String, Long> after) throws Exception {
    return feed.candles(PAIRS, M1, after).runWith(Sink.seq(), system).toCompletableFuture().get(20, TimeUnit.SECONDS);
  }

  @Test
  void mergesFreqtradeFilesOfSeveralPairsInTimeOrder(@TempDir Path dir) throws Exception {
    SyntheticData.write(SPEC, dir, DataFormat.JSON);
    CandleReplay replay = CandleReplay.fromFiles(new OhlcvLoader(dir, DataFormat.JSON, false));
    List<Candle> got = run(replay, Map.of());
    List<Candle> want = expected(SERIES, Map.of());
    assertEquals(want.size(), got.size());
    for (int i = 0; i < want.size(); i++) {
      assertEquals(want.get(i).pair(), got.get(i).pair(), "pair at " + i);
      assertEquals(want.get(i).openTime(), got.get(i).openTime(), "time at " + i);
      assertEquals(want.get(i).close(), got.get(i).close(), 1e-9 * Math.abs(want.get(i).close()), "close at " + i);
    }
    assertTrue(SERIES.stream().anyMatch(s -> s.size() < SPEC.candles()), "the data has gaps");
  }

  @Test
  void resumesPerPairAfterTheGivenTime() throws Exception {
    CandleSeries first = SERIES.get(0);
    long t = first.openTime()[20];
    Map<String, Long> after = Map.of(first.pair(), t, SERIES.get(2).pair(), Long.MAX_VALUE);
    List<Candle> got = run(CandleReplay.inMemory(SERIES), after);
    assertEquals(expected(SERIES, after), got);
    assertTrue(got.stream().filter(c -> c.pair().equals(first.pair())).allMatch(c -> c.openTime() > t));
    assertEquals(first.size() - 21, got.stream().filter(c -> c.pair().equals(first.pair())).count());
    assertEquals(SERIES.get(1).size(), got.stream().filter(c -> c.pair().equals(SERIES.get(1).pair())).count());
  }

  @Test
  void pacesBySpeedFactorOfOpenTimeDeltas() throws Exception {
    // 2 pairs without gaps, 21 one-minute slots: 20 minutes of market time; at 6000× that is 200 ms real time
    SyntheticData.Spec spec = SyntheticData.Spec.of(2, 21, M1, Instant.parse("2024-01-01T00:00:00Z"), 3);
    List<CandleSeries> series = SyntheticData.generate(spec);
    CandleReplay replay = CandleReplay.inMemory(series).atSpeed(6000);
    long t0 = System.nanoTime();
    List<Candle> got = replay.candles(Set.of(spec.pair(0), spec.pair(1)), M1)
        .runWith(Sink.seq(), system).toCompletableFuture().get(20, TimeUnit.SECONDS);
    long ms = (System.nanoTime() - t0) / 1_000_000;
    assertEquals(42, got.size());
    // the bucket holds one candle's worth (10 ms): at least 190 ms, generously bounded above for a busy machine
    assertTrue(ms >= 180, "paced replay took only " + ms + " ms");
    assertTrue(ms < 10_000, "paced replay took " + ms + " ms");

    long f0 = System.nanoTime();
    List<Candle> fast = replay.asFastAsPossible().candles(Set.of(spec.pair(0), spec.pair(1)), M1)
        .runWith(Sink.seq(), system).toCompletableFuture().get(20, TimeUnit.SECONDS);
    assertEquals(got, fast);
    assertTrue((System.nanoTime() - f0) / 1_000_000 < ms, "as fast as possible is faster than paced");
  }

  @Test
  void aSlowConsumerSlowsTheReplay() {
    SyntheticData.Spec spec = SyntheticData.Spec.of(2, 5_000, M1, Instant.parse("2024-01-01T00:00:00Z"), 5);
    List<CandleSeries> series = SyntheticData.generate(spec);
    AtomicInteger produced = new AtomicInteger();
    TestSubscriber.Probe<Candle> probe = CandleReplay.inMemory(series)
        .candles(Set.of(spec.pair(0), spec.pair(1)), M1)
        .map(c -> {
          produced.incrementAndGet();
          return c;
        })
        .runWith(TestSink.probe(system.classicSystem()), system);
    probe.request(3);
    probe.expectNextN(3);
    probe.expectNoMessage(Duration.ofMillis(200));
    // nothing beyond the demand (and no more than the async boundary's buffer) was read out of 10,000 candles
    assertTrue(produced.get() <= 3, "produced " + produced.get() + " for a demand of 3");
    probe.request(10);
    probe.expectNextN(10);
    assertTrue(produced.get() <= 13, "produced " + produced.get() + " for a demand of 13");
    probe.cancel();
  }

  @Test
  void historyReturnsTheInclusiveWindow() throws Exception {
    CandleSeries s = SERIES.get(1);
    long from = s.openTime()[5];
    long to = s.openTime()[15];
    List<Candle> got = CandleReplay.inMemory(SERIES).candles(s.pair(), M1, from, to).toCompletableFuture()
        .get(5, TimeUnit.SECONDS);
    assertEquals(11, got.size());
    assertEquals(Candle.of(s, 5), got.get(0));
    assertEquals(Candle.of(s, 15), got.get(10));
  }
}
