package io.agora.agents.inference;

import io.agora.models.inference.Predictor;
import io.agora.persistence.CborSerializable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.PostStop;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;

/**
 * Scores feature rows with the node's predictors (one actor per node with the {@code gpu} role, registered with the
 * Receptionist by {@link Inference}, plus the local CPU fallback). It runs on the dedicated dispatcher
 * {@code agora.inference.dispatcher}: {@link Predictor#predict} is synchronous CPU/GPU work and must not hold the
 * default dispatcher's threads.
 *
 * <p><b>Micro-batching.</b> A {@link Predict} is only queued; the first one queued makes the actor send itself a
 * {@link Flush} (after {@code agora.inference.batch-window}, immediately when zero). Requests already in the mailbox
 * are ahead of that Flush, so everything that arrived together is scored together: per model, the rows of all its
 * queued requests are packed into batches of at most {@link Predictor#maxBatch()} rows, one {@code predict} call per
 * batch, and the scores are split back per request. A GPU pays per call, not per row, which is why this matters.
 *
 * <p><b>Failures stay with their requests.</b> Predictors are opened lazily through the {@link PredictorFactory} and
 * kept per model reference (a failed open is not kept: the next request tries again). A model that cannot be opened,
 * a request whose shape does not match the model, non-finite features or scores answer {@link PredictFailed} to the
 * requests concerned only; when a batch throws, its requests are scored again one by one so that one bad request
 * does not fail the others. Nothing here throws out of the actor: it keeps serving.
 */
public final class InferenceActor extends AbstractBehavior<InferenceActor.Command> {

  // --- protocol ---------------------------------------------------------------------------------------------

  public sealed interface Command extends CborSerializable {}

  /**
   * Score {@code count} rows of {@code rows} (row-major, the model's feature count per row) with {@code modelRef}.
   * Answered with {@link Predicted} (one probability per row) or {@link PredictFailed}. The router takes the same
   * message.
   */
  public record Predict(String modelRef, float[] rows, int count, ActorRef<Reply> replyTo)
      implements Command, InferenceRouter.Command {}

  /** Counters since the actor started. */
  public record GetStats(ActorRef<Stats> replyTo) implements Command {}

  /** Sent by this actor to itself: score what is queued. */
  record Flush() implements Command {}

  public sealed interface Reply extends CborSerializable {}

  /** One probability per requested row, in order; {@code provider} and {@code node} say what served it. */
  public record Predicted(float[] probabilities, String provider, String node) implements Reply {}

  public record PredictFailed(String modelRef, String error) implements Reply {}

  /**
   * {@code requests} received, {@code rows} scored, {@code predictCalls} made (fewer than requests when batching
   * happened), {@code failed} requests answered with {@link PredictFailed}, the models open, the execution provider
   * each runs on ({@code cpu}, {@code cuda}, ...) and this actor's node.
   */
  public record Stats(long requests, long rows, long predictCalls, long failed, List<String> modelsOpen,
      Map<String, String> providers, String node) implements CborSerializable {}

  // --- behaviour --------------------------------------------------------------------------------------------

  /** {@code batchWindow}: how long the first queued request waits for others (zero: only those already queued). */
  public static Behavior<Command> create(PredictorFactory factory, Duration batchWindow) {
    return Behaviors.setup(ctx -> Behaviors.withTimers(timers -> new InferenceActor(ctx, timers, factory,
        batchWindow)));
  }

  /** An open predictor and its reusable buffers (a predictor reads rows from index 0). */
  private record Model(Predictor predictor, float[] in, float[] out) {}

  private final TimerScheduler<Command> timers;
  private final PredictorFactory factory;
  private final Duration batchWindow;
  private final String node;
  private final Map<String, Model> models = new LinkedHashMap<>();
  private final Map<String, List<Predict>> queued = new LinkedHashMap<>();
  private boolean flushScheduled;
  private long requests;
  private long rows;
  private long predictCalls;
  private long failed;

  private InferenceActor(ActorContext<Command> ctx, TimerScheduler<Command> timers, PredictorFactory factory,
      Duration batchWindow) {
    super(ctx);
    this.timers = timers;
    this.factory = factory;
    this.batchWindow = batchWindow;
    this.node = ctx.getSystem().address().toString();
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(Predict.class, this::onPredict)
        .onMessage(Flush.class, f -> onFlush())
        .onMessage(GetStats.class, g -> {
          Map<String, String> providers = new LinkedHashMap<>();
          models.forEach((ref, m) -> providers.put(ref, m.predictor().provider()));
          g.replyTo().tell(new Stats(requests, rows, predictCalls, failed, List.copyOf(models.keySet()), providers,
              node));
          return this;
        })
        .onSignal(PostStop.class, s -> {
          models.values().forEach(m -> closeQuietly(m.predictor()));
          return this;
        })
        .build();
  }

  private Behavior<Command> onPredict(Predict p) {
    requests++;
    String bad = checkRequest(p);
    if (bad != null) {
      fail(p, bad);
      return this;
    }
    queued.computeIfAbsent(p.modelRef(), k -> new ArrayList<>()).add(p);
    if (!flushScheduled) {
      flushScheduled = true;
      if (batchWindow.isZero()) getContext().getSelf().tell(new Flush());
      else timers.startSingleTimer(new Flush(), batchWindow);
    }
    return this;
  }

  /** What can be said without the model: missing parts and non-finite features. */
  private static String checkRequest(Predict p) {
    if (p.modelRef() == null || p.modelRef().isBlank()) return "no model reference given";
    if (p.rows() == null || p.count() < 1) {
      return "model " + p.modelRef() + ": no rows to score (count " + p.count() + ")";
    }
    if (p.rows().length % p.count() != 0) {
      return "model " + p.modelRef() + ": shape mismatch: " + p.rows().length + " values are not " + p.count()
          + " rows of equal width";
    }
    int width = p.rows().length / p.count();
    for (int i = 0; i < p.rows().length; i++) {
      if (!Float.isFinite(p.rows()[i])) {
        return "model " + p.modelRef() + ": feature " + (width == 0 ? i : i % width) + " of row "
            + (width == 0 ? 0 : i / width) + " is " + p.rows()[i] + " (NaN or infinite features cannot be scored)";
      }
    }
    return null;
  }

  private Behavior<Command> onFlush() {
    flushScheduled = false;
    for (Map.Entry<String, List<Predict>> e : queued.entrySet()) serve(e.getKey(), e.getValue());
    queued.clear();
    return this;
  }

  private void serve(String modelRef, List<Predict> requests) {
    Model m;
    try {
      m = model(modelRef);
    } catch (RuntimeException | LinkageError ex) {
      String why = "model " + modelRef + " cannot be opened: " + message(ex);
      getContext().getLog().warn("inference: {}", why);
      for (Predict p : requests) fail(p, why);
      return;
    }
    int width = m.predictor().featureCount();
    List<Predict> ok = new ArrayList<>(requests.size());
    int total = 0;
    for (Predict p : requests) {
      if (p.rows().length != p.count() * width) {
        fail(p, "model " + modelRef + ": shape mismatch: it takes " + width + " features per row, got "
            + p.rows().length / p.count() + " per row (" + p.count() + " rows)");
      } else {
        ok.add(p);
        total += p.count();
      }
    }
    if (ok.isEmpty()) return;
    float[] x = new float[total * width];
    float[] out = new float[total];
    int[] first = new int[ok.size()]; // first row of each request in x
    int at = 0;
    for (int i = 0; i < ok.size(); i++) {
      first[i] = at;
      System.arraycopy(ok.get(i).rows(), 0, x, at * width, ok.get(i).count() * width);
      at += ok.get(i).count();
    }
    boolean[] retry = new boolean[ok.size()];
    int batch = m.in().length / Math.max(1, width);
    for (int start = 0; start < total; start += batch) {
      int n = Math.min(batch, total - start);
      try {
        score(m, width, x, start, n, out);
      } catch (RuntimeException | LinkageError ex) {
        for (int i = 0; i < ok.size(); i++) {
          if (first[i] < start + n && first[i] + ok.get(i).count() > start) retry[i] = true;
        }
      }
    }
    for (int i = 0; i < ok.size(); i++) {
      Predict p = ok.get(i);
      if (retry[i]) {
        // alone this time, so that another request of its batch cannot be the cause
        try {
          for (int s = 0; s < p.count(); s += batch) score(m, width, x, first[i] + s, Math.min(batch, p.count() - s),
              out);
        } catch (RuntimeException | LinkageError ex) {
          fail(p, "model " + modelRef + " failed to score: " + message(ex));
          continue;
        }
      }
      float[] probabilities = Arrays.copyOfRange(out, first[i], first[i] + p.count());
      String bad = null;
      for (int r = 0; r < probabilities.length && bad == null; r++) {
        if (!Float.isFinite(probabilities[r])) bad = "model " + modelRef + " returned " + probabilities[r] + " for row " + r;
      }
      if (bad != null) {
        fail(p, bad);
      } else {
        rows += p.count();
        p.replyTo().tell(new Predicted(probabilities, m.predictor().provider(), node));
      }
    }
  }

  /** Rows {@code [start, start + n)} of {@code x} through one predict call, scores into {@code out[start..]}. */
  private void score(Model m, int width, float[] x, int start, int n, float[] out) {
    System.arraycopy(x, start * width, m.in(), 0, n * width);
    predictCalls++;
    m.predictor().predict(m.in(), n, m.out());
    System.arraycopy(m.out(), 0, out, start, n);
  }

  private Model model(String modelRef) {
    Model m = models.get(modelRef);
    if (m != null) return m;
    Predictor p = factory.open(modelRef);
    if (p == null) throw new IllegalStateException("the predictor factory returned nothing");
    if (p.featureCount() < 1 || p.maxBatch() < 1) {
      closeQuietly(p);
      throw new IllegalStateException("featureCount " + p.featureCount() + " and maxBatch " + p.maxBatch()
          + " must be positive");
    }
    m = new Model(p, new float[p.maxBatch() * p.featureCount()], new float[p.maxBatch()]);
    models.put(modelRef, m);
    return m;
  }

  private void fail(Predict p, String error) {
    failed++;
    p.replyTo().tell(new PredictFailed(p.modelRef(), error));
  }

  private static String message(Throwable t) {
    return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
  }

  private void closeQuietly(Predictor p) {
    try {
      p.close();
    } catch (RuntimeException ex) {
      getContext().getLog().warn("inference: closing a predictor failed: {}", message(ex));
    }
  }
}
