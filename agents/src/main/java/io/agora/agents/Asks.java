package io.agora.agents;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.RecipientRef;
import org.apache.pekko.actor.typed.Scheduler;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.japi.function.Function;
import org.apache.pekko.pattern.StatusReply;

/**
 * {@link AskPattern} whose answers continue on the thread that completes them.
 *
 * <p>Why: Pekko's Java asks return Scala's {@code CompletableFuture} adapter, which turns every non-async callback
 * ({@code thenApply}, {@code thenCompose}, {@code handle}, and so {@code pipeToSelf}) into its {@code *Async} form on
 * the JDK's default executor. On a machine with 2 cores the common pool has parallelism 1, and the JDK then uses a
 * <em>new thread per callback</em>: profiled at 60-70 % of the CPU of an inference ask and the bulk of an order's
 * round trip. The futures returned here are plain {@link CompletableFuture}s completed directly, so callbacks run
 * where the answer arrives (a dispatcher thread, or the scheduler's on a timeout): they must stay short and never
 * block, as every callback on an ask should.
 */
public final class Asks {
  private static final Executor DIRECT = Runnable::run;

  private Asks() {}

  /** {@link AskPattern#ask}, continued directly. */
  public static <Req, Res> CompletableFuture<Res> ask(RecipientRef<Req> target, Function<ActorRef<Res>, Req> message,
      Duration timeout, Scheduler scheduler) {
    return direct(AskPattern.ask(target, message, timeout, scheduler));
  }

  /** {@link AskPattern#askWithStatus}, continued directly. */
  public static <Req, Res> CompletableFuture<Res> askWithStatus(RecipientRef<Req> target,
      Function<ActorRef<StatusReply<Res>>, Req> message, Duration timeout, Scheduler scheduler) {
    return direct(AskPattern.askWithStatus(target, message, timeout, scheduler));
  }

  /** A plain future completed by {@code stage}, on the completing thread. */
  public static <T> CompletableFuture<T> direct(CompletionStage<T> stage) {
    CompletableFuture<T> out = new CompletableFuture<>();
    stage.toCompletableFuture().whenCompleteAsync((v, e) -> {
      if (e != null) out.completeExceptionally(e);
      else out.complete(v);
    }, DIRECT);
    return out;
  }
}
