package io.agora.http.routes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class SharedReadsTest {
  private final SharedReads shared = new SharedReads();
  private final AtomicInteger asks = new AtomicInteger();

  private CompletableFuture<String> pending() {
    asks.incrementAndGet();
    return new CompletableFuture<>();
  }

  @Test
  void concurrentReadsOfOneKeyShareOneAsk() {
    CompletionStage<String> a = shared.read("s|1", this::pending);
    CompletionStage<String> b = shared.read("s|1", this::pending);
    CompletionStage<String> other = shared.read("s|2", this::pending);
    assertSame(a, b);
    assertNotSame(a, other);
    assertEquals(2, asks.get());
    a.toCompletableFuture().complete("view");
    assertEquals("view", b.toCompletableFuture().join());
  }

  @Test
  void aReadAfterAChangeNeverJoinsAReadFromBeforeIt() {
    CompletionStage<String> before = shared.read("s|1", this::pending);
    shared.changing(); // e.g. POST .../pause started after the first GET
    CompletionStage<String> after = shared.read("s|1", this::pending);
    assertNotSame(before, after);
    assertEquals(2, asks.get());
    // and later reads join the newest one
    assertSame(after, shared.read("s|1", this::pending));
  }

  @Test
  void aCompletedReadIsNotReusedNorKept() {
    CompletionStage<String> first = shared.read("s|1", this::pending);
    first.toCompletableFuture().complete("old");
    assertEquals(0, shared.inFlight());
    CompletionStage<String> second = shared.read("s|1", this::pending);
    assertNotSame(first, second);
    second.toCompletableFuture().completeExceptionally(new IllegalStateException("timeout"));
    assertEquals(0, shared.inFlight());
    assertEquals(2, asks.get());
  }
}
