package io.agora.agents.inference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.agora.agents.TestConfig;
import io.agora.agents.flow.SignalToStrategyPipeline;
import io.agora.agents.flow.SignalToStrategyPipeline.Route;
import io.agora.agents.flow.SignalToStrategyPipeline.Step;
import io.agora.agents.marketdata.Candle;
import io.agora.agents.marketdata.CandleReplay;
import io.agora.agents.signal.SignalAgent;
import io.agora.agents.signal.SignalAgent.CandleAck;
import io.agora.agents.signal.SignalAgent.CandleAcks;
import io.agora.agents.signal.SignalAgent.CandleOutcome;
import io.agora.agents.signal.SignalAgent.SignalEmitted;
import io.agora.agents.strategy.StrategyAgent;
import io.agora.core.data.synthetic.SyntheticData;
import io.agora.core.market.CandleSeries;
import io.agora.core.market.Timeframe;
import io.agora.core.strategy.Signal;
import io.agora.core.strategy.StrategyRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.pekko.Done;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.RecipientRef;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Join;
import org.apache.pekko.pattern.StatusReply;
import org.apache.pekko.stream.javadsl.Sink;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Signal agents with a scored (ML) strategy on a one-node cluster with the {@code gpu} role (fallback none, so the
 * registered inference actor is what serves): the signals equal the in-process generator's, one inference request
 * per command; a model that cannot be opened stops the strategy agent fed from that signal (ERROR, with the reason)
 * while the signal agent keeps answering and a non-ML route on the same feed goes on.
 */
class ScoredSignalAgentTest {
  private static final Timeframe M5 = Timeframe.parse("5m");
  private static final int N = 300;
  private static final CandleSeries SERIES = SyntheticData.generate(
      SyntheticData.Spec.of(1, N, M5, Instant.parse("2024-05-01T00:00:00Z"), 5), 0);
  private static final String PAIR = SERIES.pair();
  private static final StrategyRegistry REGISTRY = ScoredTestStrategy.registry();
  private static final SignalAgent.Settings SETTINGS = new SignalAgent.Settings(500, 100, Map.of());
  private static final Duration T = Duration.ofSeconds(20);
  private static final String CONFIG = """
      {"timeframe": "5m", "stake_currency": "USDT", "stake_amount": 100, "dry_run_wallet": 1000,
       "max_open_trades": 1, "fee": 0.001, "minimal_roi": {"0": 0.01}, "stoploss": -0.01}""";
  private static final AtomicInteger IDS = new AtomicInteger();

  private static ActorTestKit testKit;
  private static TestPredictors predictors;

  @BeforeAll
  static void start() {
    Config cfg = ConfigFactory.parseString("""
        pekko.actor.provider = cluster
        pekko.remote.artery.canonical { hostname = "127.0.0.1", port = 0 }
        pekko.cluster.jmx.multi-mbeans-in-same-jvm = on
        pekko.cluster.roles = [gpu]
        agora.inference.fallback = none
        """).withFallback(TestConfig.config());
    testKit = ActorTestKit.create("ScoredSignalAgentTest", cfg);
    Cluster cluster = Cluster.get(testKit.system());
    cluster.manager().tell(Join.create(cluster.selfMember().address()));
    TestProbe<Object> probe = testKit.createTestProbe();
    probe.awaitAssert(T, () -> {
      assertEquals(MemberStatus.up(), cluster.selfMember().status());
      return null;
    });
    predictors = new TestPredictors("cpu", 8);
    Inference.init(testKit.system(), predictors);
    TestProbe<InferenceRouter.Routes> routes = testKit.createTestProbe();
    routes.awaitAssert(T, () -> {
      Inference.router(testKit.system()).orElseThrow().tell(new InferenceRouter.GetRoutes(routes.getRef()));
      assertEquals(1, routes.receiveMessage().instances().size());
      return null;
    });
  }

  @AfterAll
  static void stop() {
    testKit.shutdownTestKit();
  }

  private static ActorRef<SignalAgent.Command> signalAgent(ActorTestKit kit, String strategy, String key) {
    String id = SignalAgent.entityId("acme", PAIR, M5, key);
    return kit.spawn(SignalAgent.create(id, REGISTRY.create(strategy, Map.of()), SETTINGS,
        CandleReplay.inMemory(List.of(SERIES))));
  }

  private static TestProbe<SignalEmitted> subscribe(ActorTestKit kit, ActorRef<SignalAgent.Command> agent) {
    TestProbe<SignalEmitted> probe = kit.createTestProbe();
    TestProbe<Done> done = kit.createTestProbe();
    agent.tell(new SignalAgent.Subscribe(probe.getRef(), done.getRef()));
    done.receiveMessage();
    return probe;
  }

  private static InferenceActor.Stats stats() {
    TestProbe<InferenceActor.Stats> probe = testKit.createTestProbe();
    Inference.served(testKit.system()).orElseThrow().tell(new InferenceActor.GetStats(probe.getRef()));
    return probe.receiveMessage();
  }

  private static List<Candle> candles(int from, int to) {
    List<Candle> out = new ArrayList<>();
    for (int i = from; i < to; i++) out.add(Candle.of(SERIES, i));
    return out;
  }

  @Test
  void scoredSignalsEqualTheInProcessGeneratorsWithOneInferenceRequestPerCommand() {
    ActorRef<SignalAgent.Command> agent = signalAgent(testKit, "ScoredLogistic", "ml-" + IDS.incrementAndGet());
    TestProbe<SignalEmitted> emitted = subscribe(testKit, agent);
    ScoredTestStrategy.Generator reference = new ScoredTestStrategy.Generator("logistic");
    int[] bits = new int[N];
    double[] scores = new double[N];
    for (int i = 0; i < N; i++) {
      bits[i] = reference.onCandle(SERIES.openTime()[i], SERIES.open()[i], SERIES.high()[i], SERIES.low()[i],
          SERIES.close()[i], SERIES.volume()[i]);
      scores[i] = reference.indicator(0);
    }
    InferenceActor.Stats before = stats();

    // sent without waiting: the agent stashes what comes while it waits for scores, and answers in order
    TestProbe<CandleAck> one = testKit.createTestProbe();
    TestProbe<CandleAcks> many = testKit.createTestProbe();
    agent.tell(new SignalAgent.ProcessCandle(Candle.of(SERIES, 0), one.getRef())); // warming up: no inference
    int commands = 0;
    for (int from = 1; from < 200; from += 50) {
      agent.tell(new SignalAgent.ProcessCandles(candles(from, Math.min(200, from + 50)), many.getRef()));
      commands++;
    }
    for (int i = 200; i < N; i++) {
      agent.tell(new SignalAgent.ProcessCandle(Candle.of(SERIES, i), one.getRef()));
      commands++;
    }
    List<CandleAck> acks = new ArrayList<>();
    acks.add(one.receiveMessage(T));
    for (int b = 0; b < 4; b++) acks.addAll(many.receiveMessage(T).acks());
    for (int i = 200; i < N; i++) acks.add(one.receiveMessage(T));

    int entries = 0;
    for (int i = 0; i < N; i++) {
      CandleAck a = acks.get(i);
      assertEquals(SERIES.openTime()[i], a.openTime());
      assertEquals(CandleOutcome.APPLIED, a.outcome(), "candle " + i + ": " + a.error());
      assertEquals(bits[i], a.bits(), "bits of candle " + i);
      SignalEmitted e = emitted.receiveMessage(T);
      assertEquals(SERIES.openTime()[i], e.time());
      assertEquals(bits[i], e.bits());
      assertEquals(scores[i], e.indicators().get("score"), "score of candle " + i);
      assertNull(e.error());
      if (bits[i] == Signal.ENTER_LONG) {
        entries++;
        assertEquals("ml", a.enterTag());
      }
    }
    assertTrue(entries > 5 && entries < N - 50, "the scores must give a mix of signals, entries: " + entries);
    InferenceActor.Stats after = stats();
    assertEquals(commands, after.requests() - before.requests(), "one Predict per ProcessCandle(s)");
    assertEquals(N - 1, after.rows() - before.rows(), "every candle but the first scored once");
  }

  @Test
  void aRestartedScoredAgentRebuildsItsFeaturesFromTheHistoryAndScoresOnExactly() {
    String id = SignalAgent.entityId("acme", PAIR, M5, "ml-" + IDS.incrementAndGet());
    SignalAgent.Settings settings = new SignalAgent.Settings(20, 10, Map.of());
    ActorRef<SignalAgent.Command> first = testKit.spawn(SignalAgent.create(id,
        REGISTRY.create("ScoredLogistic", Map.of()), settings, CandleReplay.inMemory(List.of(SERIES))));
    TestProbe<CandleAcks> acks = testKit.createTestProbe();
    first.tell(new SignalAgent.ProcessCandles(candles(0, 50), acks.getRef()));
    acks.receiveMessage(T);
    TestProbe<Done> done = testKit.createTestProbe();
    first.tell(new SignalAgent.Checkpoint(done.getRef()));
    done.receiveMessage(T);
    testKit.stop(first, T);

    ScoredTestStrategy.Generator reference = new ScoredTestStrategy.Generator("logistic");
    int[] bits = new int[N];
    double[] scores = new double[N];
    for (int i = 0; i < N; i++) {
      bits[i] = reference.onCandle(SERIES.openTime()[i], SERIES.open()[i], SERIES.high()[i], SERIES.low()[i],
          SERIES.close()[i], SERIES.volume()[i]);
      scores[i] = reference.indicator(0);
    }
    ActorRef<SignalAgent.Command> again = testKit.spawn(SignalAgent.create(id,
        REGISTRY.create("ScoredLogistic", Map.of()), settings, CandleReplay.inMemory(List.of(SERIES))));
    TestProbe<SignalEmitted> emitted = subscribe(testKit, again);
    again.tell(new SignalAgent.ProcessCandles(candles(45, 80), acks.getRef())); // stashed behind the warm-up
    List<CandleAck> after = acks.receiveMessage(T).acks();
    for (int i = 45; i < 80; i++) {
      CandleAck a = after.get(i - 45);
      if (i < 50) {
        assertEquals(CandleOutcome.DUPLICATE, a.outcome());
      } else {
        assertEquals(CandleOutcome.APPLIED, a.outcome(), "candle " + i + ": " + a.error());
        assertEquals(bits[i], a.bits(), "bits of candle " + i + " after the restart");
        assertEquals(scores[i], emitted.receiveMessage(T).indicators().get("score"), "score of candle " + i);
      }
    }
    assertTrue(!Double.isNaN(scores[50]), "the first candle after the restart needs the warmed-up features");
  }

  @Test
  void withoutInferenceOnTheNodeScoredCandlesFailClearly() {
    ActorTestKit local = ActorTestKit.create("NoInference", TestConfig.config());
    try {
      ActorRef<SignalAgent.Command> agent = signalAgent(local, "ScoredLogistic", "ml-" + IDS.incrementAndGet());
      TestProbe<SignalEmitted> emitted = subscribe(local, agent);
      TestProbe<CandleAcks> probe = local.createTestProbe();
      agent.tell(new SignalAgent.ProcessCandles(candles(0, 3), probe.getRef()));
      List<CandleAck> acks = probe.receiveMessage(T).acks();
      assertEquals(CandleOutcome.APPLIED, acks.get(0).outcome(), "a warming-up candle needs no score");
      for (int i = 1; i < 3; i++) {
        assertEquals(CandleOutcome.FAILED, acks.get(i).outcome());
        assertEquals("inference is not set up on this node (model logistic)", acks.get(i).error());
        assertEquals(0, acks.get(i).bits());
      }
      assertNull(emitted.receiveMessage().error());
      assertEquals("inference is not set up on this node (model logistic)", emitted.receiveMessage().error());
      TestProbe<SignalAgent.StatusView> status = local.createTestProbe();
      agent.tell(new SignalAgent.GetStatus(status.getRef()));
      assertEquals(3, status.receiveMessage().processed(), "the agent is alive and consumed the candles");
    } finally {
      local.shutdownTestKit();
    }
  }

  /** Entities spawned directly, by entity id. */
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

    Route route(String strategy, Map<String, String> params) {
      int id = IDS.incrementAndGet();
      String signalId = SignalAgent.entityId("acme", PAIR, M5, strategy + "-" + id);
      String strategyId = StrategyAgent.entityId("acme", strategy + "-" + id);
      signals.put(signalId, testKit.spawn(SignalAgent.create(signalId, REGISTRY.create(strategy, params), SETTINGS,
          CandleReplay.inMemory(List.of(SERIES)))));
      ActorRef<StrategyAgent.Command> st = testKit.spawn(StrategyAgent.create(strategyId, REGISTRY, 100));
      strategies.put(strategyId, st);
      TestProbe<StatusReply<StrategyAgent.StatusView>> probe = testKit.createTestProbe();
      st.tell(new StrategyAgent.Configure(strategy, params, PAIR, CONFIG, "test", probe.getRef()));
      assertTrue(probe.receiveMessage().isSuccess());
      st.tell(new StrategyAgent.Start("test", probe.getRef()));
      assertTrue(probe.receiveMessage().isSuccess());
      return new Route(PAIR, signalId, List.of(strategyId));
    }

    StrategyAgent.StatusView status(String strategyId) {
      TestProbe<StrategyAgent.StatusView> probe = testKit.createTestProbe();
      strategies.get(strategyId).tell(new StrategyAgent.GetStatus(probe.getRef()));
      return probe.receiveMessage();
    }
  }

  @Test
  void aModelThatCannotBeOpenedStopsItsStrategyAgentAndNothingElse() throws Exception {
    Direct agents = new Direct();
    Route ml = agents.route("ScoredCorrupt", Map.of());
    Route ema = agents.route("EmaCrossover", Map.of("fast", "5", "slow", "13"));
    TestProbe<SignalEmitted> emitted = subscribe(testKit, agents.signals.get(ml.signalEntityId()));
    var pipeline = new SignalToStrategyPipeline(testKit.system(), agents, List.of(ml, ema), M5, T);

    List<Step> steps = pipeline.source(CandleReplay.inMemory(List.of(SERIES)), Map.of())
        .runWith(Sink.seq(), testKit.system()).toCompletableFuture().get(60, TimeUnit.SECONDS);

    String mlStrategy = ml.strategyEntityIds().get(0);
    String emaStrategy = ema.strategyEntityIds().get(0);
    List<Step> mlSteps = steps.stream().filter(s -> s.signalEntityId().equals(ml.signalEntityId())).toList();
    assertEquals(N, mlSteps.size());
    assertEquals(CandleOutcome.APPLIED, mlSteps.get(0).signal(), "warming up: no score needed");
    assertEquals(CandleOutcome.FAILED, mlSteps.get(1).signal());
    assertEquals(StrategyAgent.CandleOutcome.FAILED, mlSteps.get(1).strategies().get(mlStrategy));
    assertEquals(StrategyAgent.CandleOutcome.NOT_RUNNING, mlSteps.get(2).strategies().get(mlStrategy));

    StrategyAgent.StatusView failed = agents.status(mlStrategy);
    assertEquals(StrategyAgent.Lifecycle.ERROR, failed.state().lifecycle());
    assertTrue(failed.state().error().contains("model corrupt cannot be opened")
        && failed.state().error().contains("not a valid ONNX file"), failed.state().error());

    StrategyAgent.StatusView fine = agents.status(emaStrategy);
    assertEquals(StrategyAgent.Lifecycle.RUNNING, fine.state().lifecycle());
    assertEquals(N, fine.candlesSeen());
    assertTrue(steps.stream().filter(s -> s.signalEntityId().equals(ema.signalEntityId()))
        .allMatch(s -> s.signal() == CandleOutcome.APPLIED));

    assertNull(emitted.receiveMessage().error());
    assertTrue(emitted.receiveMessage().error().contains("cannot be opened"));
    TestProbe<SignalAgent.StatusView> status = testKit.createTestProbe();
    agents.signals.get(ml.signalEntityId()).tell(new SignalAgent.GetStatus(status.getRef()));
    assertEquals(N, status.receiveMessage().processed(), "the signal agent is alive and went on");
  }
}
