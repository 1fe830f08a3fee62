package io.agora.agents.inference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.agora.agents.TestConfig;
import io.agora.agents.marketdata.Candle;
import io.agora.agents.marketdata.CandleReplay;
import io.agora.agents.signal.SignalAgent;
import io.agora.agents.signal.SignalAgent.CandleAck;
import io.agora.agents.signal.SignalAgent.CandleAcks;
import io.agora.agents.signal.SignalAgent.CandleOutcome;
import io.agora.core.data.synthetic.SyntheticData;
import io.agora.core.market.CandleSeries;
import io.agora.core.market.Timeframe;
import io.agora.core.strategy.Signal;
import io.agora.core.strategy.SignalGenerator;
import io.agora.core.strategy.Strategy;
import io.agora.core.strategy.StrategyRegistry;
import io.agora.models.dataset.Dataset;
import io.agora.models.dataset.LabelSpec;
import io.agora.models.features.FeatureSets;
import io.agora.models.inference.Provider;
import io.agora.models.pipeline.ModelTraining;
import io.agora.models.registry.ModelCard;
import io.agora.models.registry.ModelRegistry;
import io.agora.models.strategy.MlStrategy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Join;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The production path end to end: a model trained and saved in a registry, the {@code MlThreshold} strategy in a
 * signal agent, its features scored by the gpu node's inference actor through ONNX Runtime (CPU provider here):
 * the signals equal the backtester's in-process scoring of the same model file. A model file corrupted after it
 * was registered fails its candles with the registry's message and the agent keeps answering.
 */
class OnnxSignalAgentTest {
  private static final Timeframe M5 = Timeframe.parse("5m");
  private static final int N = 1500;
  private static final CandleSeries SERIES = SyntheticData.generate(
      SyntheticData.Spec.of(1, N, M5, Instant.parse("2024-05-01T00:00:00Z"), 9), 0);
  private static final Duration T = Duration.ofSeconds(20);

  @TempDir static Path models;
  private static ActorTestKit testKit;
  private static ModelCard card;

  @BeforeAll
  static void start() {
    Dataset data = Dataset.build(SERIES, FeatureSets.standard(), new LabelSpec(12, 0.002));
    ModelTraining.Spec spec = new ModelTraining.Spec("onnx-e2e", "mlp", Map.of("epochs", "5"), FeatureSets.OHLCV_V1,
        FeatureSets.standard(), new LabelSpec(12, 0.002), 0.2, 0.6, 5);
    ModelTraining.Trained t = ModelTraining.train(spec, data, "5m", data.times()[0], data.times()[data.rows() - 1] + 1);
    ModelRegistry registry = new ModelRegistry(models);
    card = registry.save(t.card(), t.onnx());
    registry.save(t.card(), t.onnx()); // version 2: corrupted below

    Config cfg = ConfigFactory.parseString("""
        pekko.actor.provider = cluster
        pekko.remote.artery.canonical { hostname = "127.0.0.1", port = 0 }
        pekko.cluster.jmx.multi-mbeans-in-same-jvm = on
        pekko.cluster.roles = [gpu]
        agora.inference.fallback = none
        """).withFallback(TestConfig.config());
    testKit = ActorTestKit.create("OnnxSignalAgentTest", cfg);
    Cluster cluster = Cluster.get(testKit.system());
    cluster.manager().tell(Join.create(cluster.selfMember().address()));
    TestProbe<Object> probe = testKit.createTestProbe();
    probe.awaitAssert(T, () -> {
      assertEquals(MemberStatus.up(), cluster.selfMember().status());
      return null;
    });
    Inference.init(testKit.system(), new RegistryPredictors(models, Provider.CPU, 256));
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

  private static Strategy strategy(String ref, double enter, double exit) {
    return StrategyRegistry.builtin().create(MlStrategy.NAME, Map.of("model", ref, "models_dir", models.toString(),
        "enter_threshold", Double.toString(enter), "exit_threshold", Double.toString(exit)));
  }

  private static List<CandleAck> replay(ActorRef<SignalAgent.Command> agent) {
    TestProbe<CandleAcks> probe = testKit.createTestProbe();
    List<CandleAck> acks = new ArrayList<>();
    for (int from = 0; from < N; from += 64) {
      List<Candle> batch = new ArrayList<>();
      for (int i = from; i < Math.min(N, from + 64); i++) batch.add(Candle.of(SERIES, i));
      agent.tell(new SignalAgent.ProcessCandles(batch, probe.getRef()));
    }
    for (int from = 0; from < N; from += 64) acks.addAll(probe.receiveMessage(T).acks());
    return acks;
  }

  @Test
  void inferenceActorsSignalAsTheBacktesterScoresTheSameModelFile() {
    // thresholds inside this model's score range, from an in-process pass
    SignalGenerator probe = strategy("onnx-e2e@1", 0.5, 0.5).newSignalGenerator(SERIES.instrument(), M5);
    List<Double> scores = new ArrayList<>();
    for (int i = 0; i < N; i++) {
      probe.onCandle(SERIES.openTime()[i], SERIES.open()[i], SERIES.high()[i], SERIES.low()[i], SERIES.close()[i], SERIES.volume()[i]);
      if (!Double.isNaN(probe.indicator(0))) scores.add(probe.indicator(0));
    }
    probe.onEnd();
    scores.sort(Double::compare);
    double enter = scores.get((int) (scores.size() * 0.8));
    double exit = scores.get((int) (scores.size() * 0.3));

    Strategy st = strategy("onnx-e2e@1", enter, exit);
    SignalGenerator reference = st.newSignalGenerator(SERIES.instrument(), M5);
    ActorRef<SignalAgent.Command> agent = testKit.spawn(SignalAgent.create(
        SignalAgent.entityId("acme", SERIES.pair(), M5, "ml-onnx"), st, new SignalAgent.Settings(500, 100, Map.of()),
        CandleReplay.inMemory(List.of(SERIES))));
    List<CandleAck> acks = replay(agent);
    int entries = 0;
    for (int i = 0; i < N; i++) {
      int expected = reference.onCandle(SERIES.openTime()[i], SERIES.open()[i], SERIES.high()[i], SERIES.low()[i],
          SERIES.close()[i], SERIES.volume()[i]);
      CandleAck a = acks.get(i);
      assertEquals(CandleOutcome.APPLIED, a.outcome(), "candle " + i + ": " + a.error());
      assertEquals(expected, a.bits(), "bits of candle " + i);
      if ((expected & Signal.ENTER_LONG) != 0) entries++;
    }
    reference.onEnd();
    assertTrue(entries > 20, "entries " + entries);
  }

  @Test
  void aCorruptedModelFileFailsItsCandlesClearlyAndTheAgentAnswers() throws Exception {
    Path file = models.resolve("onnx-e2e").resolve("2").resolve("model.onnx");
    Strategy st = strategy("onnx-e2e@2", 0.6, 0.4); // the card is read before the file is damaged
    byte[] bytes = Files.readAllBytes(file);
    bytes[bytes.length / 2] ^= 0x5A;
    Files.write(file, bytes);
    ActorRef<SignalAgent.Command> agent = testKit.spawn(SignalAgent.create(
        SignalAgent.entityId("acme", SERIES.pair(), M5, "ml-corrupt"), st, new SignalAgent.Settings(500, 100, Map.of()),
        CandleReplay.inMemory(List.of(SERIES))));
    List<CandleAck> acks = replay(agent);
    CandleAck failed = acks.stream().filter(a -> a.outcome() == CandleOutcome.FAILED).findFirst().orElseThrow();
    assertNotNull(failed.error());
    assertTrue(failed.error().contains("corrupt model file"), failed.error());
    TestProbe<SignalAgent.StatusView> status = testKit.createTestProbe();
    agent.tell(new SignalAgent.GetStatus(status.getRef()));
    assertEquals(SERIES.pair(), status.receiveMessage(T).pair());
    assertEquals(card.features(), new ModelRegistry(models).resolve("onnx-e2e@1").card().features());
  }
}
