package io.agora.cluster;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.pattern.Patterns;

/**
 * The cluster workloads' retry of an idempotent step: again after each timeout (its entity's node died and the shard
 * is not yet re-hosted), with a doubling backoff up to {@code maxBackoff}, until {@code deadline}; any other failure
 * ends it at once. {@code onRetry} counts the retries.
 */
final class TimeoutRetry {
  private final ActorSystem<?> scheduler;
  private final Duration maxBackoff;
  private final Duration stepDeadline;
  private final Runnable onRetry;

  TimeoutRetry(ActorSystem<?> scheduler, Duration maxBackoff, Duration stepDeadline, Runnable onRetry) {
    this.scheduler = scheduler;
    this.maxBackoff = maxBackoff;
    this.stepDeadline = stepDeadline;
    this.onRetry = onRetry;
  }

  <T> CompletionStage<T> run(String what, Supplier<CompletionStage<T>> attempt, long deadlineNanos, Duration backoff) {
    return attempt.get().exceptionallyCompose(e -> {
      Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
      if (!(cause instanceof TimeoutException)) {
        return CompletableFuture.failedFuture(new IllegalStateException(what + " failed: " + cause, cause));
      }
      if (System.nanoTime() + backoff.toNanos() > deadlineNanos) {
        return CompletableFuture.failedFuture(
            new IllegalStateException(what + " still times out after " + stepDeadline, cause));
      }
      onRetry.run();
      Duration next = backoff.multipliedBy(2).compareTo(maxBackoff) > 0 ? maxBackoff : backoff.multipliedBy(2);
      return Patterns.after(backoff, scheduler, () -> run(what, attempt, deadlineNanos, next));
    });
  }
}
