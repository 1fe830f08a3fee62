package io.agora.http.security;

import io.agora.http.HttpSettings;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Token buckets per principal, in this node's memory: each request takes one token; a bucket holds at most
 * {@code burst} tokens and refills at {@code requestsPerSecond}. When the map grows past {@link #MAX_KEYS}, buckets
 * that are full again (idle principals) are dropped.
 */
public final class RateLimiter {
  static final int MAX_KEYS = 10_000;

  private final HttpSettings.RateLimit limit;
  private final LongSupplier nanoTime;
  private final ConcurrentHashMap<String, Bucket> buckets = new ConcurrentHashMap<>();

  public RateLimiter(HttpSettings.RateLimit limit) {
    this(limit, System::nanoTime);
  }

  RateLimiter(HttpSettings.RateLimit limit, LongSupplier nanoTime) {
    this.limit = limit;
    this.nanoTime = nanoTime;
  }

  /** Takes a token for {@code key}: 0 when allowed, else the nanoseconds until a token is available. */
  public long tryAcquire(String key) {
    if (!limit.enabled()) return 0;
    long now = nanoTime.getAsLong();
    if (buckets.size() > MAX_KEYS) buckets.values().removeIf(b -> b.isFull(now));
    Bucket b = buckets.computeIfAbsent(key, k -> new Bucket(limit.burst(), now));
    return b.take(now);
  }

  /** Seconds for a Retry-After header: at least 1. */
  public static long retryAfterSeconds(long waitNanos) {
    return Math.max(1, (waitNanos + 999_999_999L) / 1_000_000_000L);
  }

  private final class Bucket {
    private double tokens;
    private long last;

    Bucket(double tokens, long now) {
      this.tokens = tokens;
      this.last = now;
    }

    synchronized long take(long now) {
      refill(now);
      if (tokens >= 1) {
        tokens -= 1;
        return 0;
      }
      return (long) Math.ceil((1 - tokens) / limit.requestsPerSecond() * 1e9);
    }

    synchronized boolean isFull(long now) {
      refill(now);
      return tokens >= limit.burst();
    }

    private void refill(long now) {
      if (now > last) {
        tokens = Math.min(limit.burst(), tokens + (now - last) / 1e9 * limit.requestsPerSecond());
        last = now;
      }
    }
  }
}
