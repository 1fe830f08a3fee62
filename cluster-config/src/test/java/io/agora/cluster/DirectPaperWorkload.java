package io.agora.cluster;

import io.agora.agents.AccountId;
import io.agora.agents.capital.CapitalAgent;
import io.agora.agents.execution.ExecutionAgent;
import io.agora.core.market.Side;
import io.agora.core.paper.Candle;
import io.agora.core.paper.OrderType;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityRef;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityTypeKey;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The paper ensemble of today, driven directly: per account ({@code t3|acc<i>}, one pair each), a deposit of
 * {@link #INITIAL_CAPITAL} USDT and a budget ({@code SetAllocation}), then rounds of: reserve → market buy on the
 * paper venue → synthetic candles until filled → each fill applied to capital → hold two candles → reserve the base
 * → limit sell → candles until filled → fills applied. Some accounts keep their last buy open, so the money check
 * values a position at the final price.
 *
 * <p>Every step is an ask from the driver node, retried with backoff after a timeout (the entity's node died and
 * its shard is not yet allocated elsewhere) and safe to retry: client order ids are
 * {@code ExecutionAgent.clientOrderId(<account>.r<round>, leg)}, fill ids come from the execution agent, candles
 * already matched fill nothing, and capital ignores a fill it has applied. Only the deposit is sent once (with a
 * long timeout, before the node dies): {@code Deposit} is not idempotent by reference.
 *
 * <p>Amounts are multiples of 1/8 and candles have a volume of 1.0 with a volume fraction of 1/4
 * ({@link ClusterTestNodes#TEST_OVERRIDES}), so the fills of an order add up to its amount exactly and a sold
 * position is exactly flat.
 */
final class DirectPaperWorkload implements ClusterWorkload {

  static final String TENANT = "t3";
  static final String VENUE = "paper";
  static final String REFERENCE = "USDT";
  static final String STRATEGY = "direct";
  static final BigDecimal INITIAL_CAPITAL = new BigDecimal("100000");
  private static final BigDecimal BUDGET = new BigDecimal("1000000");

  private static final long T0 = Instant.parse("2026-01-01T00:00:00Z").toEpochMilli();
  private static final long CANDLE_MS = 60_000;
  private static final int HOLD_CANDLES = 2;
  private static final int MAX_CANDLES_PER_ORDER = 8;
  private static final Duration ATTEMPT_TIMEOUT = Duration.ofSeconds(3);
  private static final Duration DEPOSIT_TIMEOUT = Duration.ofSeconds(30);
  private static final Duration STEP_DEADLINE = Duration.ofSeconds(60);
  private static final Duration MIN_BACKOFF = Duration.ofMillis(100);
  private static final Duration MAX_BACKOFF = Duration.ofSeconds(1);

  private static final Logger log = LoggerFactory.getLogger(DirectPaperWorkload.class);

  record Pair(String symbol, String base, String quote, double basePrice, double phase) {}

  static final List<Pair> PAIRS = List.of(
      new Pair("BTC/USDT", "BTC", "USDT", 30_000, 0.0),
      new Pair("ETH/USDT", "ETH", "USDT", 2_000, 1.3));

  private final int accounts;
  private final int rounds;
  private final int midRound;
  private final AtomicLong steps = new AtomicLong();

  /**
   * @param accounts how many accounts run in parallel
   * @param rounds buy-and-sell rounds per account
   * @param midRound the round before which every account waits at {@link ClusterWorkload.MidRun}
   */
  DirectPaperWorkload(int accounts, int rounds, int midRound) {
    if (midRound < 1 || midRound >= rounds) {
      throw new IllegalArgumentException("midRound must be in 1.." + (rounds - 1));
    }
    this.accounts = accounts;
    this.rounds = rounds;
    this.midRound = midRound;
  }

  static AccountId account(int i) {
    return new AccountId(TENANT, "acc" + i);
  }

  static String executionEntityId(int i) {
    return ExecutionAgent.entityId(TENANT, account(i).account(), VENUE);
  }

  @Override
  public Map<EntityTypeKey<?>, List<String>> entities() {
    List<String> capital = new ArrayList<>();
    List<String> execution = new ArrayList<>();
    for (int i = 0; i < accounts; i++) {
      capital.add(account(i).entityId());
      execution.add(executionEntityId(i));
    }
    Map<EntityTypeKey<?>, List<String>> m = new LinkedHashMap<>();
    m.put(CapitalAgent.ENTITY_KEY, capital);
    m.put(ExecutionAgent.ENTITY_KEY, execution);
    return m;
  }

  @Override
  public long stepsDone() {
    return steps.get();
  }

  @Override
  public CompletableFuture<Report> run(ActorSystem<?> driver, MidRun midRun) {
    AtomicInteger n = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(accounts, r -> {
      Thread t = new Thread(r, "workload-" + n.getAndIncrement());
      t.setDaemon(true);
      return t;
    });
    List<CompletableFuture<AccountReport>> runs = new ArrayList<>();
    for (int i = 0; i < accounts; i++) {
      AccountRun run = new AccountRun(driver, i, midRun);
      runs.add(CompletableFuture.supplyAsync(run::run, pool));
    }
    return CompletableFuture.allOf(runs.toArray(CompletableFuture[]::new))
        .thenApply(v -> new Report(runs.stream().map(CompletableFuture::join).toList()))
        .whenComplete((r, e) -> pool.shutdown());
  }

  /** The price path of {@code pair}: ±3 % around its base price, at most 0.45 % of it from one candle to the next. */
  static double price(Pair pair, int k) {
    return pair.basePrice() * (1 + 0.03 * StrictMath.sin(0.15 * k + pair.phase()));
  }

  /**
   * Candle {@code k}: opens at price k, closes at price k+1, ±1 % around them, volume 1.0. A limit at a candle's open
   * is inside that candle and the next one.
   */
  static Candle candle(Pair pair, int k) {
    double open = price(pair, k);
    double close = price(pair, k + 1);
    return new Candle(T0 + k * CANDLE_MS, open, Math.max(open, close) * 1.01, Math.min(open, close) * 0.99, close,
        1.0);
  }

  /** One account's run, on a thread of its own (its steps are sequential; accounts run in parallel). */
  private final class AccountRun {
    private final ActorSystem<?> driver;
    private final int index;
    private final AccountId account;
    private final Pair pair;
    private final MidRun midRun;
    private final EntityRef<CapitalAgent.Command> capital;
    private final EntityRef<ExecutionAgent.Command> execution;
    private final List<String> orderIds = new ArrayList<>();
    private final AtomicInteger retries = new AtomicInteger();
    private long longestStepNanos;
    private int cursor; // the next candle to deliver
    private int lastDelivered = -1;

    AccountRun(ActorSystem<?> driver, int index, MidRun midRun) {
      this.driver = driver;
      this.index = index;
      this.account = account(index);
      this.pair = PAIRS.get(index % PAIRS.size());
      this.midRun = midRun;
      ClusterSharding sharding = ClusterSharding.get(driver);
      this.capital = sharding.entityRefFor(CapitalAgent.ENTITY_KEY, account.entityId());
      this.execution = sharding.entityRefFor(ExecutionAgent.ENTITY_KEY, executionEntityId(index));
    }

    AccountReport run() {
      try {
        return runChecked();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new CompletionException(e);
      } catch (Exception e) {
        throw new CompletionException(account + ": " + e.getMessage(), e);
      }
    }

    private AccountReport runChecked() throws Exception {
      Instant start = Instant.ofEpochMilli(T0);
      // once, not retried (see the class comment): the run starts with every node alive
      capital.<org.apache.pekko.Done>askWithStatus(r -> new CapitalAgent.Deposit(REFERENCE, INITIAL_CAPITAL,
              "initial-" + account.account(), "tester", start, r), DEPOSIT_TIMEOUT)
          .toCompletableFuture().get(DEPOSIT_TIMEOUT.toSeconds() + 5, TimeUnit.SECONDS);
      steps.incrementAndGet();
      step("allocate", () -> capital.<org.apache.pekko.Done>askWithStatus(r -> new CapitalAgent.SetAllocation(
          STRATEGY, pair.quote(), BUDGET, "tester", start, r), ATTEMPT_TIMEOUT));

      boolean holdsAtEnd = index % 3 == 0;
      int done = 0;
      for (int round = 0; round < rounds; round++) {
        if (round == midRound) midRun.arriveAndAwait(Duration.ofSeconds(120));
        double amount = 0.125 * (1 + (round + index) % 4);
        String intent = account.account() + ".r" + round;

        String buyId = ExecutionAgent.clientOrderId(intent, 0);
        BigDecimal quoteNeeded =
            BigDecimal.valueOf(amount * price(pair, cursor) * 1.01).setScale(8, RoundingMode.UP);
        reserve(buyId, Side.BUY, pair.quote(), quoteNeeded);
        place(buyId, Side.BUY, OrderType.MARKET, 0, amount);
        fill(buyId, Side.BUY);

        cursor += HOLD_CANDLES; // the price moves while the position is held
        if (round == rounds - 1 && holdsAtEnd) {
          done++;
          break;
        }
        String sellId = ExecutionAgent.clientOrderId(intent, 1);
        reserve(sellId, Side.SELL, pair.base(), BigDecimal.valueOf(amount));
        place(sellId, Side.SELL, OrderType.LIMIT, price(pair, cursor), amount);
        fill(sellId, Side.SELL);
        done++;
      }
      Map<String, BigDecimal> finalPrices =
          Map.of(pair.base(), BigDecimal.valueOf(candle(pair, lastDelivered).close()));
      log.info("{}: {} rounds, {} orders, {} retries, longest step {} ms", account, done, orderIds.size(),
          retries.get(), TimeUnit.NANOSECONDS.toMillis(longestStepNanos));
      return new AccountReport(account, executionEntityId(index), null, REFERENCE,
          Map.of(REFERENCE, INITIAL_CAPITAL), finalPrices, List.copyOf(orderIds), done, retries.get(),
          Duration.ofNanos(longestStepNanos));
    }

    private void reserve(String clientOrderId, Side side, String currency, BigDecimal amount) throws Exception {
      Instant at = Instant.ofEpochMilli(T0 + cursor * CANDLE_MS);
      step("reserve " + clientOrderId, () -> capital.<org.apache.pekko.Done>askWithStatus(
          r -> new CapitalAgent.Reserve(clientOrderId, STRATEGY, side, currency, amount, null, at, r),
          ATTEMPT_TIMEOUT));
    }

    private void place(String clientOrderId, Side side, OrderType type, double price, double amount)
        throws Exception {
      orderIds.add(clientOrderId);
      ExecutionAgent.OrderView v = step("place " + clientOrderId, () -> execution.askWithStatus(
          r -> new ExecutionAgent.PlaceOrder(clientOrderId, pair.symbol(), side, type, price, amount, null, r),
          ATTEMPT_TIMEOUT));
      if (v.status() == ExecutionAgent.OrderStatus.REJECTED) {
        throw new IllegalStateException(clientOrderId + " rejected: " + v.rejectReason());
      }
    }

    /** Delivers candles until the order is filled; applies each of its fills to capital once. */
    private void fill(String clientOrderId, Side side) throws Exception {
      Set<String> applied = new HashSet<>();
      for (int n = 0; n < MAX_CANDLES_PER_ORDER; n++) {
        Candle c = candle(pair, cursor);
        step("market data " + c.openTime(), () -> execution.<ExecutionAgent.MarketDataApplied>ask(
            r -> new ExecutionAgent.OnMarketData(pair.symbol(), List.of(c), r), ATTEMPT_TIMEOUT));
        lastDelivered = cursor++;
        ExecutionAgent.OrderView o = step("orders", () -> execution.<ExecutionAgent.OrdersView>ask(
            ExecutionAgent.GetOrders::new, ATTEMPT_TIMEOUT)).orders().stream()
            .filter(x -> x.clientOrderId().equals(clientOrderId)).findFirst()
            .orElseThrow(() -> new IllegalStateException("order " + clientOrderId + " is unknown"));
        boolean filled = o.status() == ExecutionAgent.OrderStatus.FILLED;
        List<ExecutionAgent.FillView> fills = o.fills();
        for (int f = 0; f < fills.size(); f++) {
          ExecutionAgent.FillView fv = fills.get(f);
          if (applied.contains(fv.fillId())) continue;
          boolean complete = filled && f == fills.size() - 1;
          step("apply " + fv.fillId(), () -> capital.<org.apache.pekko.Done>askWithStatus(
              r -> new CapitalAgent.ApplyFill(clientOrderId, fv.fillId(), pair.symbol(), side,
                  BigDecimal.valueOf(fv.amount()), BigDecimal.valueOf(fv.price()), BigDecimal.valueOf(fv.fee()),
                  pair.quote(), complete, Instant.ofEpochMilli(fv.candleTime()), r),
              ATTEMPT_TIMEOUT));
          applied.add(fv.fillId());
        }
        if (filled) return;
      }
      throw new IllegalStateException(clientOrderId + " is not filled after " + MAX_CANDLES_PER_ORDER + " candles");
    }

    /** One idempotent step: asked until it answers, again after each timeout, for at most {@link #STEP_DEADLINE}. */
    private <T> T step(String what, Supplier<CompletionStage<T>> attempt) throws Exception {
      long start = System.nanoTime();
      long deadline = start + STEP_DEADLINE.toNanos();
      T value;
      try {
        value = withRetries(what, attempt, deadline, MIN_BACKOFF).toCompletableFuture()
            .get(STEP_DEADLINE.plus(ATTEMPT_TIMEOUT).toSeconds() + 5, TimeUnit.SECONDS);
      } catch (ExecutionException e) {
        throw e.getCause() instanceof Exception cause ? cause : e;
      }
      longestStepNanos = Math.max(longestStepNanos, System.nanoTime() - start);
      steps.incrementAndGet();
      return value;
    }

    private <T> CompletionStage<T> withRetries(String what, Supplier<CompletionStage<T>> attempt, long deadline,
        Duration backoff) {
      return new TimeoutRetry(driver, MAX_BACKOFF, STEP_DEADLINE, retries::incrementAndGet)
          .run(what, attempt, deadline, backoff);
    }
  }
}
