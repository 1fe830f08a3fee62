package io.agora.agents.inference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agora.agents.TestConfig;
import io.agora.agents.inference.InferenceActor.GetStats;
import io.agora.agents.inference.InferenceActor.Predict;
import io.agora.agents.inference.InferenceActor.PredictFailed;
import io.agora.agents.inference.InferenceActor.Predicted;
import io.agora.agents.inference.InferenceActor.Reply;
import io.agora.agents.inference.InferenceActor.Stats;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.SerializationTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class InferenceActorTest {
  private static final int FEATURES = TestPredictors.W.length;

  private static ActorTestKit testKit;

  @BeforeAll
  static void start() {
    testKit = ActorTestKit.create(TestConfig.config());
  }

  @AfterAll
  static void stop() {
    testKit.shutdownTestKit();
  }

  private static ActorRef<InferenceActor.Command> spawn(TestPredictors factory) {
    return testKit.spawn(InferenceActor.create(factory, Duration.ZERO), "inference-" + System.nanoTime(),
        DispatcherSelector.fromConfig(Inference.DISPATCHER));
  }

  private static float[] rows(Random rnd, int count) {
    float[] x = new float[count * FEATURES];
    for (int i = 0; i < x.length; i++) x[i] = (float) rnd.nextGaussian();
    return x;
  }

  /** Holds the actor inside opening the gate model, so that what the test sends next arrives together. */
  private static void holdBusy(ActorRef<InferenceActor.Command> actor, TestPredictors factory,
      TestProbe<Reply> gateReply) throws InterruptedException {
    actor.tell(new Predict("gate", new float[FEATURES], 1, gateReply.getRef()));
    factory.awaitGate();
  }

  private static Stats stats(ActorRef<InferenceActor.Command> actor) {
    TestProbe<Stats> probe = testKit.createTestProbe();
    actor.tell(new GetStats(probe.getRef()));
    return probe.receiveMessage();
  }

  private static void assertScores(float[] rows, int count, Reply reply) {
    Predicted p = assertInstanceOf(Predicted.class, reply, () -> "reply " + reply);
    assertEquals(count, p.probabilities().length);
    for (int r = 0; r < count; r++) assertEquals(TestPredictors.expected(rows, r), p.probabilities()[r], "row " + r);
  }

  @Test
  void concurrentRequestsAreScoredInFewPredictCallsWithPerRequestResults() throws Exception {
    int maxBatch = 16;
    TestPredictors factory = new TestPredictors("java", maxBatch);
    ActorRef<InferenceActor.Command> actor = spawn(factory);
    TestProbe<Reply> gate = testKit.createTestProbe();
    holdBusy(actor, factory, gate);

    Random rnd = new Random(7);
    int n = 40;
    List<float[]> inputs = new ArrayList<>();
    List<Integer> counts = new ArrayList<>();
    List<TestProbe<Reply>> probes = new ArrayList<>();
    int totalRows = 0;
    for (int i = 0; i < n; i++) {
      int count = 1 + i % 3; // requests straddle the batch boundaries
      float[] x = rows(rnd, count);
      TestProbe<Reply> probe = testKit.createTestProbe();
      actor.tell(new Predict("logistic", x, count, probe.getRef()));
      inputs.add(x);
      counts.add(count);
      probes.add(probe);
      totalRows += count;
    }
    factory.release();

    assertInstanceOf(Predicted.class, gate.receiveMessage());
    for (int i = 0; i < n; i++) assertScores(inputs.get(i), counts.get(i), probes.get(i).receiveMessage());
    int expectedCalls = (totalRows + maxBatch - 1) / maxBatch; // 79 rows in batches of 16
    assertEquals(expectedCalls, factory.calls.get(), "predict calls for " + n + " requests of " + totalRows + " rows");
    Stats s = stats(actor);
    assertEquals(n + 1, s.requests());
    assertEquals(totalRows + 1, s.rows());
    assertEquals(expectedCalls + 1, s.predictCalls()); // + the gate's own call
    assertEquals(0, s.failed());
    assertEquals(2, factory.opened.get(), "each model opened once");
  }

  @Test
  void badInputFailsOnlyItsOwnRequestsAndTheActorKeepsServing() throws Exception {
    TestProbe<Reply> gate = testKit.createTestProbe();
    TestPredictors factory = new TestPredictors("java", 64);
    ActorRef<InferenceActor.Command> actor = spawn(factory);
    holdBusy(actor, factory, gate);

    Random rnd = new Random(11);
    float[] good1 = rows(rnd, 2);
    float[] good2 = rows(rnd, 3);
    float[] nan = rows(rnd, 2);
    nan[5] = Float.NaN;
    float[] poisoned = rows(rnd, 1);
    poisoned[0] = TestPredictors.POISON;
    float[] fragileOk = rows(rnd, 2);
    TestProbe<Reply> pGood1 = testKit.createTestProbe();
    TestProbe<Reply> pCorrupt = testKit.createTestProbe();
    TestProbe<Reply> pNan = testKit.createTestProbe();
    TestProbe<Reply> pShape = testKit.createTestProbe();
    TestProbe<Reply> pGood2 = testKit.createTestProbe();
    TestProbe<Reply> pPoisoned = testKit.createTestProbe();
    TestProbe<Reply> pFragileOk = testKit.createTestProbe();
    actor.tell(new Predict("logistic", good1, 2, pGood1.getRef()));
    actor.tell(new Predict("corrupt", rows(rnd, 1), 1, pCorrupt.getRef()));
    actor.tell(new Predict("logistic", nan, 2, pNan.getRef()));
    actor.tell(new Predict("logistic", new float[] {1, 2, 3, 4, 5, 6}, 2, pShape.getRef())); // 3 features, not 4
    actor.tell(new Predict("logistic", good2, 3, pGood2.getRef()));
    actor.tell(new Predict("fragile", poisoned, 1, pPoisoned.getRef()));
    actor.tell(new Predict("fragile", fragileOk, 2, pFragileOk.getRef()));
    factory.release();

    assertInstanceOf(Predicted.class, gate.receiveMessage());
    assertScores(good1, 2, pGood1.receiveMessage());
    assertScores(good2, 3, pGood2.receiveMessage());
    assertScores(fragileOk, 2, pFragileOk.receiveMessage()); // its batch threw; scored again alone
    PredictFailed corrupt = assertInstanceOf(PredictFailed.class, pCorrupt.receiveMessage());
    assertEquals("corrupt", corrupt.modelRef());
    assertTrue(corrupt.error().contains("cannot be opened") && corrupt.error().contains("not a valid ONNX file"),
        corrupt.error());
    PredictFailed nanFailed = assertInstanceOf(PredictFailed.class, pNan.receiveMessage());
    assertTrue(nanFailed.error().contains("NaN"), nanFailed.error());
    PredictFailed shape = assertInstanceOf(PredictFailed.class, pShape.receiveMessage());
    assertTrue(shape.error().contains("shape mismatch") && shape.error().contains("4 features per row"),
        shape.error());
    PredictFailed poison = assertInstanceOf(PredictFailed.class, pPoisoned.receiveMessage());
    assertTrue(poison.error().contains("fragile failed to score"), poison.error());

    // still serving, the failed models included
    float[] after = rows(rnd, 1);
    TestProbe<Reply> pAfter = testKit.createTestProbe();
    actor.tell(new Predict("logistic", after, 1, pAfter.getRef()));
    assertScores(after, 1, pAfter.receiveMessage());
    TestProbe<Reply> pCorruptAgain = testKit.createTestProbe();
    actor.tell(new Predict("corrupt", after, 1, pCorruptAgain.getRef()));
    assertInstanceOf(PredictFailed.class, pCorruptAgain.receiveMessage());
    Stats s = stats(actor);
    assertEquals(5, s.failed());
    assertEquals(List.of("gate", "logistic", "fragile"), s.modelsOpen());
  }

  @Test
  void messagesRoundTripThroughCbor() {
    SerializationTestKit ser = new SerializationTestKit(testKit.system());
    TestProbe<Reply> probe = testKit.createTestProbe();
    float[] x = {0.25f, -1.5f, Float.MIN_VALUE, 3.4028235e38f};
    Predict p = new Predict("m@2", x, 1, probe.getRef());
    Predict back = (Predict) ser.verifySerialization(p, false);
    assertEquals(p.modelRef(), back.modelRef());
    assertEquals(p.count(), back.count());
    assertEquals(p.replyTo(), back.replyTo());
    assertTrue(java.util.Arrays.equals(x, back.rows()));
    Predicted r = (Predicted) ser.verifySerialization(new Predicted(x, "cuda", "pekko://a@h:1"), false);
    assertTrue(java.util.Arrays.equals(x, r.probabilities()));
    assertEquals("cuda", r.provider());
    PredictFailed f = new PredictFailed("m", "why");
    assertEquals(f, ser.verifySerialization(f, true));
  }
}
