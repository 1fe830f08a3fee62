package io.agora.bench;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.agora.agents.inference.Inference;
import io.agora.agents.inference.InferenceActor;
import io.agora.agents.inference.InferenceRouter;
import io.agora.agents.marketdata.Candle;
import io.agora.agents.marketdata.CandleReplay;
import io.agora.agents.signal.SignalAgent;
import io.agora.cluster.Node;
import io.agora.cluster.NodeSettings;
import io.agora.core.data.synthetic.SyntheticData;
import io.agora.core.market.CandleSeries;
import io.agora.core.market.Timeframe;
import io.agora.core.strategy.Strategy;
import io.agora.core.strategy.StrategyRegistry;
import io.agora.models.dataset.Dataset;
import io.agora.models.dataset.LabelSpec;
import io.agora.models.features.FeatureSets;
import io.agora.models.pipeline.ModelTraining;
import io.agora.models.registry.ModelCard;
import io.agora.models.registry.ModelRegistry;
import io.agora.persistence.DbSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.AskPattern;

/**
 * End-to-end latency of an inference ask on one node with the {@code gpu} role (CPU provider on this machine), one
 * request at a time (closed loop, no batching to hide behind):
 * <ol>
 *   <li>{@code predict}: a 1-row {@code Predict} to the node's InferenceRouter → InferenceActor → ONNX Runtime →
 *       reply;</li>
 *   <li>{@code candle-ml}: a {@code ProcessCandle} to a signal agent running MlThreshold: features, the inference
 *       ask, the decision, the ack (with its checkpoint writes to H2 every 100 candles);</li>
 *   <li>{@code candle-ema}: the same agent path with EmaCrossover (no inference): the baseline.</li>
 * </ol>
 * Run: {@code java -cp benchmarks/target/benchmarks.jar io.agora.bench.InferenceAskLatency [samples]}.
 */
public final class InferenceAskLatency {
  private static final Duration T = Duration.ofSeconds(10);
  private static final Timeframe M5 = Timeframe.parse("5m");

  public static void main(String[] args) throws Exception {
    int samples = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
    Path dir = Files.createTempDirectory("agora-inference-latency");
    CandleSeries series = SyntheticData.generate(SyntheticData.Spec.of(1, 2 * samples + 2_000, M5,
        Instant.parse("2024-01-01T00:00:00Z"), 3)).get(0);
    ModelCard card = train(series.sliceIndex(0, 4_000), dir.resolve("models"));
    System.out.printf("model %s (%s, %d features)%n", card.ref(), card.kind(), card.features().size());

    NodeSettings settings = new NodeSettings(dir, DbSettings.h2(dir), List.of("worker", "gpu"), "127.0.0.1", 0,
        List.of(), "127.0.0.1", 0);
    Config base = ConfigFactory.parseString("""
        agora.node.demo = off
        agora.inference { fallback = none, provider = cpu }
        pekko.loglevel = WARNING
        """).withFallback(ConfigFactory.load());
    ActorSystem<Void> system = Node.start(settings, base);
    try {
      ActorRef<InferenceRouter.Command> router = awaitRoute(system);
      float[] row = new float[card.features().size()];
      for (int i = 0; i < row.length; i++) row[i] = (float) Math.sin(i);
      long[] predict = new long[samples];
      for (int phase = 0; phase < 2; phase++) { // warm-up, then measured
        for (int i = 0; i < samples; i++) {
          long t0 = System.nanoTime();
          InferenceActor.Reply r = AskPattern.<InferenceRouter.Command, InferenceActor.Reply>ask(router,
              reply -> new InferenceActor.Predict(card.ref(), row, 1, reply), T, system.scheduler())
              .toCompletableFuture().get(10, TimeUnit.SECONDS);
          predict[i] = System.nanoTime() - t0;
          if (!(r instanceof InferenceActor.Predicted)) throw new IllegalStateException("inference failed: " + r);
        }
      }
      report("predict (1 row, router → gpu-node actor → ONNX Runtime cpu)", predict);

      StrategyRegistry strategies = StrategyRegistry.builtin();
      Strategy ml = strategies.create("MlThreshold", Map.of("model", card.ref(),
          "models_dir", dir.resolve("models").toString(), "enter_threshold", "0.6", "exit_threshold", "0.4"));
      report("candle-ml (ProcessCandle → features → inference ask → signal)", candles(system, series, ml, "ml", samples));
      Strategy ema = strategies.create("EmaCrossover", Map.of());
      report("candle-ema (ProcessCandle, no inference: baseline)", candles(system, series, ema, "ema", samples));
    } finally {
      system.terminate();
      system.getWhenTerminated().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
  }

  private static ModelCard train(CandleSeries s, Path models) {
    Dataset data = Dataset.build(s, FeatureSets.standard(), new LabelSpec(12, 0.002));
    ModelTraining.Trained t = ModelTraining.train(new ModelTraining.Spec("latency", "logistic", Map.of(),
        FeatureSets.OHLCV_V1, FeatureSets.standard(), new LabelSpec(12, 0.002), 0.2, 0.6, 1), data, "5m",
        data.times()[0], data.times()[data.rows() - 1] + 1);
    return new ModelRegistry(models).save(t.card(), t.onnx());
  }

  private static ActorRef<InferenceRouter.Command> awaitRoute(ActorSystem<Void> system) throws Exception {
    ActorRef<InferenceRouter.Command> router = Inference.router(system).orElseThrow();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (true) {
      InferenceRouter.Routes r = AskPattern.<InferenceRouter.Command, InferenceRouter.Routes>ask(router,
          InferenceRouter.GetRoutes::new, T, system.scheduler()).toCompletableFuture().get(10, TimeUnit.SECONDS);
      if (!r.instances().isEmpty()) return router;
      if (System.nanoTime() > deadline) throw new IllegalStateException("no inference actor registered in 60 s");
      Thread.sleep(50); // a harness main waiting for its node, not a test's synchronisation
    }
  }

  /** Half the candles warm up (JIT, indicators), the other half are measured, one ask at a time. */
  private static long[] candles(ActorSystem<Void> system, CandleSeries series, Strategy strategy, String key, int samples)
      throws Exception {
    ActorRef<SignalAgent.Command> agent = system.systemActorOf(SignalAgent.create(
        SignalAgent.entityId("bench", series.pair(), M5, key), strategy, new SignalAgent.Settings(500, 100, Map.of()),
        CandleReplay.inMemory(List.of(series))), "latency-" + key, org.apache.pekko.actor.typed.Props.empty());
    long[] lat = new long[samples];
    for (int i = 0; i < 2 * samples; i++) {
      Candle c = Candle.of(series, i);
      long t0 = System.nanoTime();
      SignalAgent.CandleAck ack = AskPattern.<SignalAgent.Command, SignalAgent.CandleAck>ask(agent,
          reply -> new SignalAgent.ProcessCandle(c, reply), T, system.scheduler())
          .toCompletableFuture().get(10, TimeUnit.SECONDS);
      if (i >= samples) lat[i - samples] = System.nanoTime() - t0;
      if (ack.outcome() != SignalAgent.CandleOutcome.APPLIED) throw new IllegalStateException("candle " + i + ": " + ack);
    }
    return lat;
  }

  private static void report(String what, long[] ns) {
    long[] s = ns.clone();
    Arrays.sort(s);
    System.out.printf("%-70s n=%d  p50 %.1f µs  p90 %.1f µs  p99 %.1f µs  max %.1f µs%n", what, s.length,
        pct(s, 50), pct(s, 90), pct(s, 99), s[s.length - 1] / 1e3);
  }

  private static double pct(long[] sorted, double p) {
    return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p / 100 * sorted.length) - 1)] / 1e3;
  }
}
