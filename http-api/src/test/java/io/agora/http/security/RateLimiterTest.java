package io.agora.http.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agora.http.HttpSettings;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class RateLimiterTest {
  @Test
  void tokenBucketPerKey() {
    AtomicLong now = new AtomicLong(0);
    RateLimiter l = new RateLimiter(new HttpSettings.RateLimit(2, 3), now::get);
    assertEquals(0, l.tryAcquire("a"));
    assertEquals(0, l.tryAcquire("a"));
    assertEquals(0, l.tryAcquire("a"));
    long wait = l.tryAcquire("a");
    assertEquals(500_000_000L, wait, "one token comes back every 0.5 s");
    assertEquals(1, RateLimiter.retryAfterSeconds(wait));
    assertEquals(0, l.tryAcquire("b"), "keys are independent");
    now.addAndGet(500_000_000L);
    assertEquals(0, l.tryAcquire("a"));
    assertTrue(l.tryAcquire("a") > 0);
    now.addAndGet(10_000_000_000L);
    for (int i = 0; i < 3; i++) assertEquals(0, l.tryAcquire("a"), "refilled up to the burst only");
    assertTrue(l.tryAcquire("a") > 0);
  }

  @Test
  void offWhenTheRateIsZero() {
    RateLimiter l = new RateLimiter(new HttpSettings.RateLimit(0, 0));
    for (int i = 0; i < 1000; i++) assertEquals(0, l.tryAcquire("a"));
  }
}
