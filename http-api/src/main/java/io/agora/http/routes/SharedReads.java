package io.agora.http.routes;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * Concurrent identical reads share one ask: a read of {@code key} joins the read already in flight for it when no
 * possibly-changing ask has started on this node since ({@link #changing}), else starts its own. A status polled by
 * many clients then costs one entity ask per round trip, not one per request, and a request that follows a change
 * made through this node (a lifecycle command, a limit) never gets an answer from before that change. A shared
 * answer is at most one ask old: for an agent that moves on its own (candles), the same as network delay. Nothing is
 * kept once a read completes.
 */
final class SharedReads {
  private final AtomicLong changes = new AtomicLong();
  private final ConcurrentHashMap<String, InFlight> inFlight = new ConcurrentHashMap<>();

  private record InFlight(long changes, CompletableFuture<?> result) {}

  /** An ask that may change an entity is starting: reads in flight are not joined any more. */
  void changing() {
    changes.incrementAndGet();
  }

  @SuppressWarnings("unchecked")
  <T> CompletionStage<T> read(String key, Supplier<CompletionStage<T>> read) {
    long epoch = changes.get();
    InFlight current = inFlight.get(key);
    if (current != null && current.changes() == epoch && !current.result().isDone()) {
      return (CompletionStage<T>) current.result();
    }
    CompletableFuture<T> result = read.get().toCompletableFuture();
    InFlight mine = new InFlight(epoch, result);
    inFlight.put(key, mine);
    result.whenComplete((v, e) -> inFlight.remove(key, mine));
    return result;
  }

  /** Reads in flight (for tests). */
  int inFlight() {
    return inFlight.size();
  }
}
