import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * An open-loop load generator (wrk2's -R, which Debian's wrk lacks): GETs {@code url} with {@code Authorization:
 * Bearer <token>} at a fixed rate and prints latency percentiles measured from each request's scheduled send time
 * (so a stall is counted for every request it delays, no coordinated omission).
 *
 * <p>Run: {@code java benchmarks/http/FixedRate.java URL TOKEN RATE SECONDS [WARMUP_SECONDS]}
 */
public class FixedRate {
  public static void main(String[] a) throws Exception {
    String url = a[0];
    String token = a[1];
    int rate = Integer.parseInt(a[2]);
    int seconds = Integer.parseInt(a[3]);
    int warmup = a.length > 4 ? Integer.parseInt(a[4]) : 5;
    HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(5)).build();
    HttpRequest req = HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + token)
        .timeout(Duration.ofSeconds(10)).build();
    run(client, req, rate, warmup, false);
    run(client, req, rate, seconds, true);
  }

  static void run(HttpClient client, HttpRequest req, int rate, int seconds, boolean report) throws Exception {
    int n = rate * seconds;
    long[] lat = new long[n];
    AtomicInteger errors = new AtomicInteger();
    CountDownLatch done = new CountDownLatch(n);
    long interval = 1_000_000_000L / rate;
    long start = System.nanoTime();
    for (int i = 0; i < n; i++) {
      long at = start + i * interval;
      long wait = at - System.nanoTime();
      if (wait > 0) LockSupport.parkNanos(wait);
      int k = i;
      client.sendAsync(req, HttpResponse.BodyHandlers.discarding()).whenComplete((r, e) -> {
        lat[k] = System.nanoTime() - at;
        if (e != null || r.statusCode() != 200) errors.incrementAndGet();
        done.countDown();
      });
    }
    done.await();
    double took = (System.nanoTime() - start) / 1e9;
    if (!report) return;
    Arrays.sort(lat);
    System.out.printf("%d requests at %d/s in %.1f s (%.0f/s achieved), %d errors%n", n, rate, took, n / took,
        errors.get());
    for (double p : new double[] {50, 90, 99, 99.9, 100}) {
      int idx = Math.min(n - 1, (int) Math.ceil(p / 100 * n) - 1);
      System.out.printf("  p%-5s %8.2f ms%n", p, lat[Math.max(0, idx)] / 1e6);
    }
  }
}
