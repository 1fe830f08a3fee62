package io.agora.agents.flow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agora.agents.TestConfig;
import io.agora.agents.flow.SignalToStrategyPipeline.Route;
import io.agora.agents.flow.SignalToStrategyPipeline.Step;
import io.agora.agents.marketdata.CandleReplay;
import io.agora.agents.signal.SignalAgent;
import io.agora.agents.strategy.StrategyAgent;
import io.agora.agents.strategy.StrategyAgent.TradesView;
import io.agora.core.backtest.Backtester;
import io.agora.core.backtest.TradeResult;
import io.agora.core.config.FreqtradeConfig;
import io.agora.core.data.synthetic.SyntheticData;
import io.agora.core.market.CandleSeries;
import io.agora.core.market.Timeframe;
import io.agora.core.strategy.Strategy;
import io.agora.core.strategy.StrategyRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.RecipientRef;
import org.apache.pekko.pattern.StatusReply;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.stream.javadsl.Sink;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Synthetic candles through real signal and strategy agents (in-memory journal) give the backtester's trades. */
class SignalToStrategyPipelineTest {
  private static final Timeframe M5 = Timeframe.parse("5m");
  private static final int N = 3000;
  private static final CandleSeries SERIES = SyntheticData.generate(
      SyntheticData.Spec.of(1, N, M5, Instant.parse("2024-01-01T00:00:00Z"), 7), 0);
  private static final String PAIR = SERIES.pair();
  private static final Map<String, String> EMA = Map.of("fast", "5", "slow", "13");
  private static final String CONFIG = """
      {"timeframe": "5m", "stake_currency": "USDT", "stake_amount": 100, "dry_run_wallet": 1000,
       "max_open_trades": 1, "fee": 0.001, "minimal_roi": {"0": 0.01, "60": 0.005, "240": 0},
       "stoploss": -0.005}""";
  private static final Duration TIMEOUT = Duration.ofSeconds(10);
  private static final AtomicInteger IDS = new AtomicInteger();

  private static ActorTestKit testKit;

  @BeforeAll
  static void start() {
    testKit = ActorTestKit.create(TestConfig.config());
  }

  @AfterAll
  static void stop() {
    testKit.shutdownTestKit();
  }

  /** Entities spawned directly, by entity id (what sharding does on a node). */
  private static final class Direct implements SignalToStrategyPipeline.Agents {
    final Map<String, ActorRef<SignalAgent.Command>> signals = new HashMap<>();
    final Map<String, ActorRef<StrategyAgent.Command>> strategies = new HashMap<>();

    @Override
    public RecipientRef<SignalAgent.Command> signal(String entityId) {
      return signals.get(entityId);
    }

    @Override
    public RecipientRef<StrategyAgent.Command> strategy(String entityId) {
      return strategies.get(entityId);
    }

    void spawn(String signalId, String strategyId, int checkpointEvery) {
      Strategy st = StrategyRegistry.builtin().create("EmaCrossover", EMA);
      signals.put(signalId, testKit.spawn(SignalAgent.create(signalId, st,
          new SignalAgent.Settings(500, checkpointEvery, Map.of()), CandleReplay.inMemory(List.of(SERIES)))));
      strategies.put(strategyId, testKit.spawn(StrategyAgent.create(strategyId, StrategyRegistry.builtin(),
          checkpointEvery)));
    }

    void stopAll() {
      signals.values().forEach(testKit::stop);
      strategies.values().forEach(testKit::stop);
      signals.clear();
      strategies.clear();
    }
  }

  private static <T> T await(java.util.concurrent.CompletionStage<T> stage) throws Exception {
    return stage.toCompletableFuture().get(60, TimeUnit.SECONDS);
  }

  private static void configureAndStart(Direct agents, String strategyId) {
    TestProbe<StatusReply<StrategyAgent.StatusView>> probe = testKit.createTestProbe();
    agents.strategy(strategyId).tell(new StrategyAgent.Configure("EmaCrossover", EMA, PAIR, CONFIG, "test",
        probe.getRef()));
    assertTrue(probe.receiveMessage().isSuccess());
    agents.strategy(strategyId).tell(new StrategyAgent.Start("test", probe.getRef()));
    assertTrue(probe.receiveMessage().isSuccess());
  }

  private static TradesView trades(Direct agents, String strategyId) {
    TestProbe<TradesView> probe = testKit.createTestProbe();
    agents.strategy(strategyId).tell(new StrategyAgent.GetTrades(probe.getRef()));
    return probe.receiveMessage();
  }

  private static List<TradeResult> backtest() {
    Strategy st = StrategyRegistry.builtin().create("EmaCrossover", EMA);
    return new Backtester(FreqtradeConfig.parse(CONFIG, "test").toSettings(st), st).run(List.of(SERIES)).trades();
  }

  private static void assertBacktestTrades(TradesView view) {
    long last = SERIES.openTime()[N - 1];
    List<TradeResult> all = backtest();
    List<TradeResult> expected = all.stream().filter(t -> !t.exitReason().equals("force_exit")).toList();
    long forced = all.size() - expected.size();
    List<TradeResult> actual = view.closed().stream().filter(t -> t.openTime() < last).toList();
    assertTrue(expected.size() > 20, "too few trades to compare: " + expected.size());
    assertEquals(expected.size(), actual.size());
    for (int k = 0; k < actual.size(); k++) assertEquals(expected.get(k), actual.get(k), "trade " + k);
    assertTrue(view.openTrades() >= forced && view.openTrades() <= forced + 1, view.openTrades() + " vs " + forced);
  }

  @ParameterizedTest(name = "{0} candle(s) per ask")
  @ValueSource(ints = {1, 64})
  void candlesThroughSignalAndStrategyAgentsGiveTheBacktestersTrades(int batch) throws Exception {
    int id = IDS.incrementAndGet();
    String signalId = SignalAgent.entityId("acme", PAIR, M5, "ema-" + id);
    String strategyId = StrategyAgent.entityId("acme", "ema-" + id);
    Direct agents = new Direct();
    agents.spawn(signalId, strategyId, 100);
    configureAndStart(agents, strategyId);
    var pipeline = new SignalToStrategyPipeline(testKit.system(), agents,
        List.of(new Route(PAIR, signalId, List.of(strategyId))), M5, TIMEOUT);
    if (batch > 1) pipeline.batched(batch, java.time.Duration.ofMillis(20));
    TestProbe<StrategyAgent.TradeNotice> notices = testKit.createTestProbe();
    TestProbe<org.apache.pekko.Done> done = testKit.createTestProbe();
    agents.strategy(strategyId).tell(new StrategyAgent.Subscribe(notices.getRef(), done.getRef()));
    done.receiveMessage();

    assertEquals(Map.of(), await(pipeline.resumePoints()));
    List<Step> steps = await(pipeline.source(CandleReplay.inMemory(List.of(SERIES)), Map.of())
        .runWith(Sink.seq(), testKit.system()));
    assertEquals(N, steps.size());
    for (int i = 0; i < N; i++) {
      assertEquals(SERIES.openTime()[i], steps.get(i).candle().openTime(), "in order");
      assertEquals(SignalAgent.CandleOutcome.APPLIED, steps.get(i).signal());
    }
    assertBacktestTrades(trades(agents, strategyId));
    assertTrue(notices.receiveMessage() instanceof StrategyAgent.TradeIntent);
  }

  @ParameterizedTest(name = "{0} candle(s) per ask")
  @ValueSource(ints = {1, 50})
  void restartedAgentsResumeWithoutSkippingOrReapplying(int batch) throws Exception {
    int id = IDS.incrementAndGet();
    String signalId = SignalAgent.entityId("acme", PAIR, M5, "ema-" + id);
    String strategyId = StrategyAgent.entityId("acme", "ema-" + id);
    Direct agents = new Direct();
    agents.spawn(signalId, strategyId, 37);
    configureAndStart(agents, strategyId);
    var routes = List.of(new Route(PAIR, signalId, List.of(strategyId)));

    // first run: the feed stops after 1,234 candles (a node that went away)
    int cut = 1234;
    CandleSeries first = SERIES.sliceIndex(0, cut);
    var pipeline = new SignalToStrategyPipeline(testKit.system(), agents, routes, M5, TIMEOUT);
    if (batch > 1) pipeline.batched(batch, java.time.Duration.ofMillis(20));
    await(pipeline.run(CandleReplay.inMemory(List.of(first))));
    int closedBefore = trades(agents, strategyId).closed().size();
    assertTrue(closedBefore > 0);

    // "restart": fresh entities recover from the journal; the pipeline resumes after the checkpoints
    agents.stopAll();
    agents.spawn(signalId, strategyId, 37);
    var again = new SignalToStrategyPipeline(testKit.system(), agents, routes, M5, TIMEOUT);
    if (batch > 1) again.batched(batch, java.time.Duration.ofMillis(20));
    Map<String, Long> resume = await(again.resumePoints());
    long after = resume.get(PAIR);
    assertTrue(after <= first.openTime()[cut - 1] && after > first.openTime()[cut - 1 - 2 * 37], "resume " + after);
    assertEquals(closedBefore, trades(agents, strategyId).closed().size(), "trades recovered");
    List<Step> steps = await(again.source(CandleReplay.inMemory(List.of(SERIES)), resume)
        .runWith(Sink.seq(), testKit.system()));
    assertFalse(steps.isEmpty());
    assertTrue(steps.get(0).candle().openTime() > after);
    assertBacktestTrades(trades(agents, strategyId));
  }
}
