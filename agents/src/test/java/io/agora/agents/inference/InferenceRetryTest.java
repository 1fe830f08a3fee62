package io.agora.agents.inference;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.agora.agents.TestConfig;
import io.agora.agents.marketdata.Candle;
import io.agora.agents.marketdata.CandleReplay;
import io.agora.agents.signal.SignalAgent;
import io.agora.core.data.synthetic.SyntheticData;
import io.agora.core.market.CandleSeries;
import io.agora.core.market.Timeframe;
import io.agora.models.inference.Predictor;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Join;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A signal agent whose inference request times out asks once more: two gpu nodes, the first model open anywhere
 * hangs (an actor stuck, or a node going away with the request), the round-robin retry reaches the other node's
 * actor, and the candles are applied with the same signals as in process. Nothing waits on a clock but the ask
 * timeout under test.
 */
class InferenceRetryTest {
  private static final Duration T = Duration.ofSeconds(20);
  private static final Timeframe M5 = Timeframe.parse("5m");
  private static final CandleSeries SERIES = SyntheticData.generate(
      SyntheticData.Spec.of(1, 120, M5, Instant.parse("2024-05-01T00:00:00Z"), 5), 0);

  private final CountDownLatch hung = new CountDownLatch(1);
  private final AtomicBoolean hungOnce = new AtomicBoolean();
  private final AtomicInteger opens = new AtomicInteger();
  private ActorTestKit a;
  private ActorTestKit b;

  /** Opens the test models; the very first open on either node hangs until the test ends. */
  private final class HangsOnce implements PredictorFactory {
    private final TestPredictors models = new TestPredictors("cpu", 64);

    @Override
    public Predictor open(String modelRef) {
      opens.incrementAndGet();
      if (hungOnce.compareAndSet(false, true)) {
        try {
          if (!hung.await(60, TimeUnit.SECONDS)) throw new IllegalStateException("never released");
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      return models.open(modelRef);
    }
  }

  private static ActorTestKit node() {
    Config cfg = ConfigFactory.parseString("""
        pekko.actor.provider = cluster
        pekko.remote.artery.canonical { hostname = "127.0.0.1", port = 0 }
        pekko.cluster.jmx.multi-mbeans-in-same-jvm = on
        pekko.cluster.roles = [gpu]
        agora.inference { fallback = none, ask-timeout = 1s }
        """).withFallback(TestConfig.config());
    return ActorTestKit.create("InferenceRetryTest", cfg);
  }

  @AfterEach
  void stop() {
    hung.countDown();
    for (ActorTestKit kit : new ActorTestKit[] {b, a}) if (kit != null) kit.shutdownTestKit();
  }

  @Test
  void aTimedOutInferenceIsAskedOnceMoreAndServedByTheOtherNode() {
    a = node();
    b = node();
    Cluster.get(a.system()).manager().tell(Join.create(Cluster.get(a.system()).selfMember().address()));
    Cluster.get(b.system()).manager().tell(Join.create(Cluster.get(a.system()).selfMember().address()));
    Inference.init(a.system(), new HangsOnce());
    Inference.init(b.system(), new HangsOnce());
    TestProbe<InferenceRouter.Routes> routes = a.createTestProbe();
    routes.awaitAssert(T, () -> {
      assertEquals(MemberStatus.up(), Cluster.get(b.system()).selfMember().status());
      Inference.router(a.system()).orElseThrow().tell(new InferenceRouter.GetRoutes(routes.getRef()));
      assertEquals(2, routes.receiveMessage().instances().size());
      return null;
    });

    ScoredTestStrategy.Generator reference = new ScoredTestStrategy.Generator("logistic");
    ActorRef<SignalAgent.Command> agent = a.spawn(SignalAgent.create(
        SignalAgent.entityId("acme", SERIES.pair(), M5, "ml-retry"),
        ScoredTestStrategy.registry().create("ScoredLogistic", Map.of()), new SignalAgent.Settings(500, 100, Map.of()),
        CandleReplay.inMemory(List.of(SERIES))));
    List<Candle> candles = new ArrayList<>();
    for (int i = 0; i < SERIES.size(); i++) candles.add(Candle.of(SERIES, i));
    TestProbe<SignalAgent.CandleAcks> acks = a.createTestProbe();
    agent.tell(new SignalAgent.ProcessCandles(candles, acks.getRef()));
    List<SignalAgent.CandleAck> got = acks.receiveMessage(T).acks();

    for (int i = 0; i < SERIES.size(); i++) {
      int expected = reference.onCandle(SERIES.openTime()[i], SERIES.open()[i], SERIES.high()[i], SERIES.low()[i],
          SERIES.close()[i], SERIES.volume()[i]);
      SignalAgent.CandleAck ack = got.get(i);
      assertEquals(SignalAgent.CandleOutcome.APPLIED, ack.outcome(), "candle " + i + ": " + ack.error());
      assertEquals(expected, ack.bits(), "bits of candle " + i);
    }
    assertEquals(true, hungOnce.get(), "the first request hung");
    assertEquals(2, opens.get(), "one open hung, the retry opened the model on the other node");
  }
}
