package io.agora.agents.inference;

import io.agora.models.inference.InferenceException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A {@link PredictorFactory} for tests, by model reference: {@code logistic} (4 features, {@link #W}, {@link #B}),
 * {@code fragile} (the same model, throwing on a row whose first feature is 99), {@code corrupt} (cannot be
 * opened, as a corrupt model file), {@code gate} (its open blocks until {@link #release}: the test holds the actor
 * busy while requests pile up in its mailbox). Anything else is an unknown model.
 */
final class TestPredictors implements PredictorFactory {
  static final float[] W = {0.8f, -1.2f, 0.5f, 2.0f};
  static final float B = -0.1f;
  static final float POISON = 99f;

  final AtomicInteger calls = new AtomicInteger();
  final AtomicInteger opened = new AtomicInteger();
  private final String provider;
  private final int maxBatch;
  private final CountDownLatch gateEntered = new CountDownLatch(1);
  private final CountDownLatch gateReleased = new CountDownLatch(1);

  TestPredictors(String provider, int maxBatch) {
    this.provider = provider;
    this.maxBatch = maxBatch;
  }

  @Override
  public LogisticPredictor open(String modelRef) {
    opened.incrementAndGet();
    switch (modelRef) {
      case "logistic":
        return new LogisticPredictor(W, B, maxBatch, provider, LogisticPredictor.NO_POISON, calls);
      case "fragile":
        return new LogisticPredictor(W, B, maxBatch, provider, POISON, calls);
      case "corrupt":
        throw new InferenceException("model corrupt: models/corrupt/model.onnx is not a valid ONNX file");
      case "gate":
        gateEntered.countDown();
        try {
          if (!gateReleased.await(30, TimeUnit.SECONDS)) throw new IllegalStateException("gate never released");
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        return new LogisticPredictor(W, B, maxBatch, provider, LogisticPredictor.NO_POISON, new AtomicInteger());
      default:
        throw new InferenceException("unknown model " + modelRef);
    }
  }

  /** Waits until an actor is inside {@code open("gate")}. */
  void awaitGate() throws InterruptedException {
    if (!gateEntered.await(30, TimeUnit.SECONDS)) throw new AssertionError("the actor never opened the gate model");
  }

  void release() {
    gateReleased.countDown();
  }

  static float expected(float[] rows, int row) {
    return LogisticPredictor.score(W, B, rows, row * W.length);
  }
}
