package io.agora.agents.signal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agora.agents.TestConfig;
import io.agora.agents.marketdata.Candle;
import io.agora.agents.marketdata.CandleReplay;
import io.agora.agents.signal.SignalAgent.CandleAck;
import io.agora.agents.signal.SignalAgent.CandleOutcome;
import io.agora.agents.signal.SignalAgent.CandlesProcessed;
import io.agora.agents.signal.SignalAgent.Command;
import io.agora.agents.signal.SignalAgent.Event;
import io.agora.agents.signal.SignalAgent.GetStatus;
import io.agora.agents.signal.SignalAgent.ProcessCandle;
import io.agora.agents.signal.SignalAgent.Settings;
import io.agora.agents.signal.SignalAgent.SignalEmitted;
import io.agora.agents.signal.SignalAgent.State;
import io.agora.agents.signal.SignalAgent.StatusView;
import io.agora.agents.signal.SignalAgent.Subscribe;
import io.agora.core.data.synthetic.SyntheticData;
import io.agora.core.market.CandleSeries;
import io.agora.core.market.Timeframe;
import io.agora.core.strategy.Strategy;
import io.agora.core.strategy.StrategyColumns;
import io.agora.core.strategy.StrategyRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.SerializationTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.persistence.testkit.javadsl.EventSourcedBehaviorTestKit;
import org.apache.pekko.persistence.testkit.javadsl.EventSourcedBehaviorTestKit.CommandResultWithReply;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SignalAgentTest {
  private static final Timeframe M5 = Timeframe.parse("5m");
  private static final SyntheticData.Spec SPEC =
      SyntheticData.Spec.of(1, 1000, M5, Instant.parse("2024-03-01T00:00:00Z"), 42);
  private static final CandleSeries SERIES = SyntheticData.generate(SPEC, 0);
  private static final String PAIR = SERIES.pair();
  private static final StrategyRegistry REGISTRY = StrategyRegistry.builtin();
  private static final AtomicInteger IDS = new AtomicInteger();

  private static ActorTestKit testKit;

  @BeforeAll
  static void start() {
    // the kit's in-memory journal on top of the persistence module's CBOR bindings (Java serialization off)
    testKit = ActorTestKit.create(TestConfig.config());
  }

  @AfterAll
  static void stop() {
    testKit.shutdownTestKit();
  }

  private static Strategy strategy(String name) {
    return REGISTRY.create(name, Map.of());
  }

  private static EventSourcedBehaviorTestKit<Command, Event, State> kit(String strategyName, Settings settings) {
    String id = SignalAgent.entityId("acme", PAIR, M5, strategyName + "-" + IDS.incrementAndGet());
    return EventSourcedBehaviorTestKit.create(testKit.system(),
        SignalAgent.create(id, strategy(strategyName), settings, CandleReplay.inMemory(List.of(SERIES))));
  }

  private static Candle candle(int i) {
    return Candle.of(SERIES, i);
  }

  private static CommandResultWithReply<Command, Event, State, CandleAck> feed(
      EventSourcedBehaviorTestKit<Command, Event, State> kit, Candle c) {
    return kit.runCommand(r -> new ProcessCandle(c, r));
  }

  private static TestProbe<SignalEmitted> subscribe(EventSourcedBehaviorTestKit<Command, Event, State> kit) {
    TestProbe<SignalEmitted> probe = testKit.createTestProbe(SignalEmitted.class);
    kit.<org.apache.pekko.Done>runCommand(r -> new Subscribe(probe.getRef(), r));
    return probe;
  }

  /** What the backtester's path computes over the same candles, candle {@code i} as a notification. */
  private static SignalEmitted expected(StrategyColumns cols, Strategy s, int i) {
    Map<String, Double> ind = new LinkedHashMap<>();
    for (String name : s.indicatorColumns()) ind.put(name, cols.indicators().get(name)[i]);
    return new SignalEmitted("acme", PAIR, "5m", "?", SERIES.openTime()[i], cols.signals()[i], cols.enterTags()[i],
        cols.exitTags()[i], ind);
  }

  private static void assertSame(SignalEmitted want, SignalEmitted got, double relTol) {
    assertEquals(want.time(), got.time());
    assertEquals(want.bits(), got.bits(), "bits at " + got.time());
    assertEquals(want.enterTag(), got.enterTag(), "enter tag at " + got.time());
    assertEquals(want.exitTag(), got.exitTag(), "exit tag at " + got.time());
    assertEquals(want.indicators().keySet(), got.indicators().keySet());
    for (String k : want.indicators().keySet()) {
      double a = want.indicators().get(k);
      double b = got.indicators().get(k);
      if (relTol == 0 || Double.isNaN(a)) {
        assertEquals(a, b, k + " at " + got.time());
      } else {
        assertEquals(a, b, relTol * Math.max(1, Math.abs(a)), k + " at " + got.time());
      }
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"EmaCrossover", "RsiMeanReversion", "BollingerBreakout", "MacdTrend"})
  void signalsEqualTheBacktestersColumns(String name) {
    Strategy s = strategy(name);
    StrategyColumns cols = StrategyColumns.compute(s, SERIES);
    var kit = kit(name, new Settings(100, 100, Map.of()));
    TestProbe<SignalEmitted> probe = subscribe(kit);
    int signals = 0;
    for (int i = 0; i < SERIES.size(); i++) {
      CandleAck ack = feed(kit, candle(i)).reply();
      assertEquals(CandleOutcome.APPLIED, ack.outcome());
      assertEquals(cols.signals()[i], ack.bits());
      assertSame(expected(cols, s, i), probe.receiveMessage(), 0);
      if (cols.signals()[i] != 0) signals++;
    }
    assertTrue(signals > 0, name + " emitted no signal on the test data");
    // checkpoints at candle 0 and every 100 after it; the last fed candle is known in memory
    assertEquals(SERIES.openTime()[900], kit.getState().lastOpenTime());
    assertEquals(901, kit.getState().count());
    StatusView status = kit.<StatusView>runCommand(GetStatus::new).reply();
    assertEquals(SERIES.openTime()[SERIES.size() - 1], status.lastProcessed());
    assertEquals(SERIES.size(), status.processed());
  }

  @Test
  void duplicateAndForeignCandlesAreIgnored() {
    var kit = kit("EmaCrossover", new Settings(100, 100, Map.of()));
    TestProbe<SignalEmitted> probe = subscribe(kit);
    var first = feed(kit, candle(0));
    assertEquals(CandleOutcome.APPLIED, first.reply().outcome());
    assertEquals(new CandlesProcessed("acme", candle(0).openTime(), candle(0).openTime(), 1), first.event());
    assertEquals(CandleOutcome.APPLIED, feed(kit, candle(1)).reply().outcome());
    probe.receiveSeveralMessages(2);

    var again = feed(kit, candle(1));
    assertEquals(CandleOutcome.DUPLICATE, again.reply().outcome());
    assertTrue(again.hasNoEvents());
    assertEquals(CandleOutcome.DUPLICATE, feed(kit, candle(0)).reply().outcome());
    Candle other = new Candle("ETH/USDT", M5, candle(2).openTime(), 1, 1, 1, 1, 1);
    assertEquals(CandleOutcome.WRONG_SERIES, feed(kit, other).reply().outcome());
    probe.expectNoMessage(Duration.ofMillis(100));

    assertEquals(CandleOutcome.APPLIED, feed(kit, candle(2)).reply().outcome());
    assertEquals(candle(2).openTime(), probe.receiveMessage().time());
  }

  /**
   * Process 637 candles, restart (checkpoint at candle 600), resume the feed from the checkpoint as a restarted node
   * does, and compare every signal after the restart with the uninterrupted run.
   */
  @ParameterizedTest
  @ValueSource(strings = {"EmaCrossover", "RsiMeanReversion", "BollingerBreakout", "MacdTrend"})
  void signalsAfterARestartEqualAnUninterruptedRun(String name) {
    Strategy s = strategy(name);
    StrategyColumns cols = StrategyColumns.compute(s, SERIES);
    // warm-up window 400 + startup: shorter than the history, so the state is rebuilt from a truncated window
    restartAndCompare(name, s, cols, new Settings(400, 50, Map.of()), 1e-9);
    // a window reaching back to the first candle rebuilds the very same state
    restartAndCompare(name, s, cols, new Settings(5_000, 50, Map.of()), 0);
  }

  private void restartAndCompare(String name, Strategy s, StrategyColumns cols, Settings settings, double tol) {
    var kit = kit(name, settings);
    TestProbe<SignalEmitted> before = subscribe(kit);
    for (int i = 0; i <= 636; i++) feed(kit, candle(i));
    for (int i = 0; i <= 636; i++) assertSame(expected(cols, s, i), before.receiveMessage(), 0);

    kit.restart();
    StatusView status = kit.<StatusView>runCommand(GetStatus::new).reply();
    // checkpoints at candle 0 and every 50 after it: the last one at candle 600
    assertEquals(SERIES.openTime()[600], status.checkpointTime());
    assertEquals(601, status.processed());
    TestProbe<SignalEmitted> after = subscribe(kit); // stashed behind the warm-up, answered after it
    List<CandleOutcome> outcomes = new ArrayList<>();
    for (int i = 0; i < SERIES.size(); i++) {
      if (SERIES.openTime()[i] > status.checkpointTime()) outcomes.add(feed(kit, candle(i)).reply().outcome());
    }
    assertTrue(outcomes.stream().allMatch(o -> o == CandleOutcome.APPLIED));
    for (int i = 601; i < SERIES.size(); i++) assertSame(expected(cols, s, i), after.receiveMessage(), tol);
    assertFalse(kit.<StatusView>runCommand(GetStatus::new).reply().warmingUp());
    assertEquals(CandleOutcome.DUPLICATE, feed(kit, candle(700)).reply().outcome());
  }

  @Test
  void protocolRecordsRoundTripThroughCbor() {
    SerializationTestKit ser = new SerializationTestKit(testKit.system());
    Map<String, Double> ind = new LinkedHashMap<>();
    ind.put("ema_fast", 1.5);
    ind.put("ema_slow", Double.NaN);
    ser.verifySerialization(new SignalEmitted("acme", PAIR, "5m", "k", 60_000, 3, "cross", null, ind), true);
    ser.verifySerialization(new CandleAck(PAIR, 60_000, CandleOutcome.DUPLICATE, 0), true);
    ser.verifySerialization(new CandlesProcessed("acme", 0, 60_000, 2), true);
    ser.verifySerialization(new State(0, 60_000, 2), true);
    ser.verifySerialization(new StatusView("acme", PAIR, "5m", "k", 1, 0, 2, false), true);
    ser.verifySerialization(candle(3), true);
    TestProbe<CandleAck> probe = testKit.createTestProbe(CandleAck.class);
    ser.verifySerialization(new ProcessCandle(candle(3), probe.getRef()), true);
  }

  @Test
  void settingsReadTheReferenceConfig() {
    Settings settings = Settings.fromConfig(testKit.system().settings().config());
    assertEquals(500, settings.warmupMargin());
    assertEquals(100, settings.checkpointEvery());
    assertEquals("EmaCrossover", settings.strategy("EmaCrossover", REGISTRY).name());
  }
}
