package io.agora.cluster;

import io.agora.agents.AccountId;
import io.agora.agents.capital.CapitalAgent;
import io.agora.agents.desk.TradingDesk;
import io.agora.agents.execution.ExecutionAgent;
import io.agora.agents.marketdata.Candle;
import io.agora.agents.meta.MetaDecisionAgent;
import io.agora.agents.risk.RiskAgent;
import io.agora.agents.strategy.StrategyAgent;
import io.agora.agents.strategy.StrategyAgent.CandleSignal;
import io.agora.core.data.synthetic.SyntheticData;
import io.agora.core.market.CandleSeries;
import io.agora.core.market.Timeframe;
import io.agora.core.meta.ConflictRule;
import io.agora.core.meta.Policy;
import io.agora.core.strategy.SignalGenerator;
import io.agora.core.strategy.Strategy;
import io.agora.core.strategy.StrategyRegistry;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityRef;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityTypeKey;
import org.apache.pekko.japi.function.Function;
import org.apache.pekko.pattern.StatusReply;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A paper ensemble through the whole agent flow, as a node runs it: per account ({@code t3|acc<i>}) a deposit, a
 * budget for the desk, a {@link MetaDecisionAgent} over two or three {@link StrategyAgent}s (built-in strategies
 * with short periods on synthetic 5m candles, so they trade every few hours of data) and a {@link TradingDesk}
 * configured for the paper venue, the strategies attached to it. The driver only feeds candles: each strategy gets
 * its pair's candles with the signal computed at each close (as the signal agent would), in batches of
 * {@link #BATCH}; its trades go to the desk through its outbox, and the desk takes them through meta-decision →
 * capital → risk → execution → fills. The node is killed while candles, facts and desk drives are all in flight.
 *
 * <p><b>The accounts.</b> Even accounts decide by MAJORITY over three strategies (EmaCrossover and RsiMeanReversion
 * on one pair, BollingerBreakout on another), odd ones UNANIMOUS over two (EmaCrossover and BollingerBreakout on
 * different pairs). A member's intent counts for an hour of candles, so a pair with two strategies follows their
 * agreement while both are fresh and its latest voter otherwise.
 *
 * <p><b>Retries.</b> {@code OnCandles} is idempotent (a candle at or before the strategy's last one is DUPLICATE)
 * and is sent again after a timeout. A strategy keeps the candles that changed nothing in memory until its next
 * checkpoint, so one that died after acknowledging such candles has lost them: a retry therefore asks the strategy
 * for its last candle first and resumes after it, as the signal agent does after a crash. Only the deposit is sent
 * once, before the node dies ({@code Deposit} is not idempotent); the rest of the set-up also runs with every node
 * alive and is asked once, with a long timeout ({@code Start} is refused in RUNNING).
 *
 * <p><b>The end.</b> Once every candle is fed, each account waits until its strategies have all seen the last
 * candle and have no fact left that the desk has not answered (the desk answers a fact once it has decided on it:
 * intent persisted or nothing to do), and its desk has nothing pending, for {@link #QUIET} in a row (a fact the
 * desk received twice, once from a retry, may still wait in its queue). It then reads every agent of the account,
 * which also starts again, on a survivor, any of them that lived on the killed node and had nothing to do since,
 * and starts over if the desk moved meanwhile. The report's client order ids are the execution agent's orders; the
 * test checks them against the journals.
 *
 * <p><b>Exact fills.</b> Only pairs whose every candle offers the venue at least {@link #VOLUME_MARGIN} stakes (at
 * {@code max-volume-fraction} of the candle's volume, at its low) are traded, so an order the desk sends fills in
 * one piece or not at all: an exit sells exactly what its entry bought, positions are exactly flat between round
 * trips, and the money check's replay of round trips is exact.
 */
final class EnsembleWorkload implements ClusterWorkload {

  static final String TENANT = "t3";
  static final String VENUE = "paper";
  static final String REFERENCE = "USDT";
  static final String ALLOCATION = "desk";
  static final BigDecimal INITIAL_CAPITAL = new BigDecimal("100000");

  private static final Timeframe M5 = Timeframe.parse("5m");
  private static final Instant START = Instant.parse("2024-01-01T00:00:00Z");
  private static final long SEED = 7;
  private static final int GENERATED_PAIRS = 8;
  private static final double STAKE = 100;
  private static final double VOLUME_MARGIN = 20;
  private static final String CONFIG = """
      {"timeframe": "5m", "stake_currency": "USDT", "stake_amount": 100, "dry_run_wallet": 1000,
       "max_open_trades": 1, "fee": 0.001, "minimal_roi": {"0": 0.01, "30": 0.005, "120": 0},
       "stoploss": -0.01}""";
  private static final long MAX_INTENT_AGE_MS = Duration.ofHours(1).toMillis();
  private static final long HALF_LIFE_MS = Duration.ofDays(1).toMillis();
  private static final int BATCH = 10;

  private static final Duration SETUP_TIMEOUT = Duration.ofSeconds(30);
  private static final Duration ATTEMPT_TIMEOUT = Duration.ofSeconds(3);
  private static final Duration STEP_DEADLINE = Duration.ofSeconds(60);
  private static final Duration MIN_BACKOFF = Duration.ofMillis(100);
  private static final Duration MAX_BACKOFF = Duration.ofSeconds(1);
  private static final Duration QUIET = Duration.ofSeconds(1);
  private static final Duration POLL = Duration.ofMillis(200);
  private static final Duration SETTLE_DEADLINE = Duration.ofSeconds(90);

  private static final Logger log = LoggerFactory.getLogger(EnsembleWorkload.class);

  /** One strategy agent of an account: what it runs and the candles it is fed, with their signals. */
  record StrategyPlan(String entityId, String strategy, Map<String, String> params, CandleSeries series,
      int firstIndex, List<CandleSignal> signals) {

    /** How many of {@link #signals} belong to candles before {@code candleIndex}. */
    int signalsBefore(int candleIndex) {
      return Math.max(0, Math.min(signals.size(), candleIndex - firstIndex));
    }

    long lastOpenTime() {
      return signals.get(signals.size() - 1).candle().openTime();
    }
  }

  record AccountPlan(int index, AccountId account, Policy policy, List<StrategyPlan> strategies) {
    String deskEntityId() {
      return TradingDesk.entityId(account.tenant(), account.account());
    }

    String metaEntityId() {
      return MetaDecisionAgent.entityId(account.tenant(), account.account());
    }

    String executionEntityId() {
      return ExecutionAgent.entityId(account.tenant(), account.account(), VENUE);
    }
  }

  private final List<AccountPlan> plans;
  private final int candles;
  private final int midCandle;
  private final AtomicLong steps = new AtomicLong();

  /**
   * @param accounts how many accounts run in parallel
   * @param candles 5m candles per pair
   * @param midCandle the candle before which every account waits at {@link ClusterWorkload.MidRun}
   * @param volumeFraction the paper venue's {@code max-volume-fraction}, to pick pairs that fill in one piece
   */
  EnsembleWorkload(int accounts, int candles, int midCandle, double volumeFraction) {
    if (midCandle < 1 || midCandle >= candles) throw new IllegalArgumentException("midCandle must be in 1.." + candles);
    this.candles = candles;
    this.midCandle = midCandle;
    SyntheticData.Spec spec = SyntheticData.Spec.of(GENERATED_PAIRS, candles, M5, START, SEED);
    List<CandleSeries> deep = new ArrayList<>();
    for (int p = 0; p < GENERATED_PAIRS; p++) {
      CandleSeries s = SyntheticData.generate(spec, p);
      double thinnest = Double.MAX_VALUE;
      for (int k = 0; k < s.size(); k++) thinnest = Math.min(thinnest, volumeFraction * s.volume()[k] * s.low()[k]);
      if (s.size() == candles && thinnest >= VOLUME_MARGIN * STAKE) deep.add(s);
    }
    if (deep.size() < 2) throw new IllegalStateException("fewer than two deep enough pairs in seed " + SEED);
    List<AccountPlan> p = new ArrayList<>();
    for (int i = 0; i < accounts; i++) {
      AccountId account = new AccountId(TENANT, "acc" + i);
      CandleSeries first = deep.get(i % deep.size());
      CandleSeries second = deep.get((i + 1) % deep.size());
      List<StrategyPlan> strategies = new ArrayList<>();
      Map<String, String> ema = Map.of("fast", String.valueOf(3 + i % 2), "slow", String.valueOf(8 + i % 3));
      strategies.add(plan(account, "ema", "EmaCrossover", ema, first));
      if (i % 2 == 0) {
        strategies.add(plan(account, "rsi", "RsiMeanReversion",
            Map.of("period", "5", "oversold", "35", "overbought", "65"), first));
      }
      strategies.add(plan(account, "bb", "BollingerBreakout", Map.of("period", "10", "stddev", "1.5"), second));
      p.add(new AccountPlan(i, account, i % 2 == 0 ? Policy.MAJORITY : Policy.UNANIMOUS, List.copyOf(strategies)));
    }
    this.plans = List.copyOf(p);
  }

  /** The strategy's candles from its start-up on, with the signal its generator computes at each close. */
  private static StrategyPlan plan(AccountId account, String key, String strategy, Map<String, String> params,
      CandleSeries series) {
    Strategy st = StrategyRegistry.builtin().create(strategy, params);
    SignalGenerator gen = st.newSignalGenerator(series.instrument(), M5);
    int first = st.startupCandleCount();
    List<CandleSignal> signals = new ArrayList<>();
    for (int i = 0; i < series.size(); i++) {
      Candle k = Candle.of(series, i);
      int sig = gen.onCandle(k.openTime(), k.open(), k.high(), k.low(), k.close(), k.volume());
      if (i < first) continue;
      signals.add(new CandleSignal(k, sig, sig != 0 ? gen.enterTag() : null, sig != 0 ? gen.exitTag() : null));
    }
    String id = StrategyAgent.entityId(account.tenant(), account.account() + "-" + key);
    return new StrategyPlan(id, strategy, params, series, first, List.copyOf(signals));
  }

  @Override
  public Map<EntityTypeKey<?>, List<String>> entities() {
    Map<EntityTypeKey<?>, List<String>> m = new LinkedHashMap<>();
    for (AccountPlan a : plans) {
      for (StrategyPlan s : a.strategies()) add(m, StrategyAgent.ENTITY_KEY, s.entityId());
      add(m, TradingDesk.ENTITY_KEY, a.deskEntityId());
      add(m, MetaDecisionAgent.ENTITY_KEY, a.metaEntityId());
      add(m, CapitalAgent.ENTITY_KEY, a.account().entityId());
      add(m, RiskAgent.ENTITY_KEY, a.account().entityId());
      add(m, ExecutionAgent.ENTITY_KEY, a.executionEntityId());
    }
    return m;
  }

  private static void add(Map<EntityTypeKey<?>, List<String>> m, EntityTypeKey<?> type, String id) {
    m.computeIfAbsent(type, t -> new ArrayList<>()).add(id);
  }

  @Override
  public long stepsDone() {
    return steps.get();
  }

  @Override
  public CompletableFuture<Report> run(ActorSystem<?> driver, MidRun midRun) {
    AtomicInteger n = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(plans.size(), r -> {
      Thread t = new Thread(r, "ensemble-" + n.getAndIncrement());
      t.setDaemon(true);
      return t;
    });
    List<CompletableFuture<AccountReport>> runs = new ArrayList<>();
    for (AccountPlan plan : plans) {
      log.info("{}: {} of {}", plan.account(), plan.policy(), plan.strategies().stream()
          .map(s -> s.strategy() + s.params() + " on " + s.series().pair()).toList());
      AccountRun run = new AccountRun(driver, plan, midRun);
      runs.add(CompletableFuture.supplyAsync(run::run, pool));
    }
    return CompletableFuture.allOf(runs.toArray(CompletableFuture[]::new))
        .thenApply(v -> new Report(runs.stream().map(CompletableFuture::join).toList()))
        .whenComplete((r, e) -> pool.shutdown());
  }

  /** One account, on a thread of its own: set-up, candles in batches (its strategies in parallel), the end. */
  private final class AccountRun {
    private final ActorSystem<?> driver;
    private final AccountPlan plan;
    private final AccountId account;
    private final MidRun midRun;
    private final ClusterSharding sharding;
    private final EntityRef<CapitalAgent.Command> capital;
    private final EntityRef<TradingDesk.Command> desk;
    private final EntityRef<MetaDecisionAgent.Command> meta;
    private final EntityRef<RiskAgent.Command> risk;
    private final EntityRef<ExecutionAgent.Command> execution;
    /** Per strategy: how many of its signals it acknowledged (only its own delivery chain changes it). */
    private final int[] acknowledged;
    private final AtomicInteger retries = new AtomicInteger();
    private final AtomicLong longestStepNanos = new AtomicLong();

    AccountRun(ActorSystem<?> driver, AccountPlan plan, MidRun midRun) {
      this.driver = driver;
      this.plan = plan;
      this.account = plan.account();
      this.midRun = midRun;
      this.sharding = ClusterSharding.get(driver);
      this.capital = sharding.entityRefFor(CapitalAgent.ENTITY_KEY, account.entityId());
      this.desk = sharding.entityRefFor(TradingDesk.ENTITY_KEY, plan.deskEntityId());
      this.meta = sharding.entityRefFor(MetaDecisionAgent.ENTITY_KEY, plan.metaEntityId());
      this.risk = sharding.entityRefFor(RiskAgent.ENTITY_KEY, account.entityId());
      this.execution = sharding.entityRefFor(ExecutionAgent.ENTITY_KEY, plan.executionEntityId());
      this.acknowledged = new int[plan.strategies().size()];
    }

    private EntityRef<StrategyAgent.Command> strategy(int s) {
      return sharding.entityRefFor(StrategyAgent.ENTITY_KEY, plan.strategies().get(s).entityId());
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
      setUp();
      feed(0, midCandle);
      midRun.arriveAndAwait(Duration.ofSeconds(120));
      feed(midCandle, candles);
      return settle();
    }

    private void setUp() throws Exception {
      Instant at = START;
      this.<CapitalAgent.Command, Done>once(capital, r -> new CapitalAgent.Deposit(REFERENCE, INITIAL_CAPITAL,
          "initial-" + account.account(), "tester", at, r));
      this.<CapitalAgent.Command, Done>once(capital, r -> new CapitalAgent.SetAllocation(ALLOCATION, REFERENCE,
          INITIAL_CAPITAL, "tester", at, r));
      List<String> members = plan.strategies().stream().map(StrategyPlan::entityId).toList();
      this.<MetaDecisionAgent.Command, MetaDecisionAgent.MetaView>once(meta, r -> new MetaDecisionAgent.Configure(
          plan.policy(), members, 1.0 / members.size(), MAX_INTENT_AGE_MS, HALF_LIFE_MS, ConflictRule.NO_TRADE,
          "tester", r));
      this.<TradingDesk.Command, TradingDesk.DeskView>once(desk, r -> new TradingDesk.Configure(
          TradingDesk.DeskConfig.paper(REFERENCE, ALLOCATION, account.account()), "tester", r));
      for (int s = 0; s < plan.strategies().size(); s++) {
        StrategyPlan p = plan.strategies().get(s);
        EntityRef<StrategyAgent.Command> ref = strategy(s);
        this.<StrategyAgent.Command, StrategyAgent.StatusView>once(ref, r -> new StrategyAgent.Configure(
            p.strategy(), p.params(), p.series().pair(), CONFIG, "tester", r));
        this.<StrategyAgent.Command, StrategyAgent.StatusView>once(ref,
            r -> new StrategyAgent.AttachDesk(plan.deskEntityId(), "tester", r));
        this.<StrategyAgent.Command, StrategyAgent.StatusView>once(ref, r -> new StrategyAgent.Start("tester", r));
      }
    }

    /** Asked once with a long timeout: the set-up runs before the node dies, and not all of it can be repeated. */
    private <C, R> R once(EntityRef<C> ref, Function<ActorRef<StatusReply<R>>, C> msg) throws Exception {
      StatusReply<R> reply = ref.<StatusReply<R>>ask(msg, SETUP_TIMEOUT).toCompletableFuture()
          .get(SETUP_TIMEOUT.toSeconds() + 5, TimeUnit.SECONDS);
      if (reply.isError()) throw new IllegalStateException("set-up refused: " + reply.getError().getMessage());
      steps.incrementAndGet();
      return reply.getValue();
    }

    /** Candles {@code from} (inclusive) to {@code to} (exclusive) of every strategy, batch by batch. */
    private void feed(int from, int to) throws Exception {
      for (int b = from; b < to; b += BATCH) {
        int end = Math.min(to, b + BATCH);
        List<CompletableFuture<Void>> batch = new ArrayList<>();
        for (int s = 0; s < plan.strategies().size(); s++) batch.add(deliver(s, end));
        join(CompletableFuture.allOf(batch.toArray(CompletableFuture[]::new)));
      }
    }

    /** Sends strategy {@code s} its signals of the candles before {@code toCandle} that it has not acknowledged. */
    private CompletableFuture<Void> deliver(int s, int toCandle) {
      StrategyPlan p = plan.strategies().get(s);
      int to = p.signalsBefore(toCandle);
      if (acknowledged[s] >= to) return CompletableFuture.completedFuture(null);
      boolean[] resume = {false};
      return step("candles of " + p.entityId(), () -> {
        CompletionStage<Integer> from = !resume[0] ? CompletableFuture.completedFuture(acknowledged[s])
            : strategy(s).<StrategyAgent.StatusView>ask(StrategyAgent.GetStatus::new, ATTEMPT_TIMEOUT)
                .thenApply(v -> firstAfter(p, v.lastSeen()));
        resume[0] = true; // a retry resumes after the strategy's own last candle
        return from.thenCompose(f -> {
          if (f >= to) return CompletableFuture.completedFuture(to);
          List<CandleSignal> batch = List.copyOf(p.signals().subList(f, to));
          return strategy(s).<StrategyAgent.CandleAcks>ask(r -> new StrategyAgent.OnCandles(batch, r),
              ATTEMPT_TIMEOUT).thenApply(acks -> {
                for (StrategyAgent.CandleAck a : acks.acks()) {
                  if (a.outcome() == StrategyAgent.CandleOutcome.WRONG_SERIES
                      || a.outcome() == StrategyAgent.CandleOutcome.NOT_RUNNING) {
                    throw new IllegalStateException(p.entityId() + " did not take candle " + a.openTime() + ": "
                        + a.outcome());
                  }
                }
                return to;
              });
        });
      }).thenAccept(done -> acknowledged[s] = done);
    }

    /** The index of the first signal after {@code lastSeen} (the strategy's last candle). */
    private int firstAfter(StrategyPlan p, long lastSeen) {
      List<CandleSignal> signals = p.signals();
      int i = 0;
      while (i < signals.size() && signals.get(i).candle().openTime() <= lastSeen) i++;
      return i;
    }

    /**
     * Waits until the strategies have seen their last candle and the desk is idle for {@link #QUIET}, then reads
     * every agent of the account; starts over if the desk moved meanwhile.
     */
    private AccountReport settle() throws Exception {
      long deadline = System.nanoTime() + SETTLE_DEADLINE.toNanos();
      long[] quietKey = null;
      long quietSince = 0;
      while (true) {
        if (System.nanoTime() > deadline) throw new IllegalStateException("not idle after " + SETTLE_DEADLINE);
        boolean caughtUp = true;
        for (int i = 0; i < plan.strategies().size(); i++) {
          int s = i;
          StrategyPlan p = plan.strategies().get(s);
          StrategyAgent.StatusView v = join(step("status of " + p.entityId(),
              () -> strategy(s).<StrategyAgent.StatusView>ask(StrategyAgent.GetStatus::new, ATTEMPT_TIMEOUT)));
          if (v.lastSeen() < p.lastOpenTime()) {
            // it lost candles it had acknowledged (restarted before its next checkpoint): feed them again
            caughtUp = false;
            acknowledged[s] = firstAfter(p, v.lastSeen());
            join(deliver(s, candles));
          } else if (v.undelivered() > 0) {
            caughtUp = false; // facts still on their way to the desk
          }
        }
        TradingDesk.State d = deskState();
        long[] key = {d.seq(), d.settled()};
        if (!caughtUp || !d.pending().isEmpty()) {
          quietKey = null;
        } else if (!Arrays.equals(key, quietKey)) {
          quietKey = key;
          quietSince = System.nanoTime();
        } else if (System.nanoTime() - quietSince >= QUIET.toNanos()) {
          // idle: read every agent of the account (which also re-hosts those that lived on the killed node)
          List<ExecutionAgent.OrderView> orders = join(step("orders", () -> execution.<ExecutionAgent.OrdersView>ask(
              ExecutionAgent.GetOrders::new, ATTEMPT_TIMEOUT))).orders();
          join(step("capital", () -> capital.<CapitalAgent.AccountView>ask(
              r -> new CapitalAgent.GetView(REFERENCE, Map.of(), r), ATTEMPT_TIMEOUT)));
          join(step("risk", () -> risk.<RiskAgent.RiskView>ask(r -> new RiskAgent.GetStatus(Instant.now(), r),
              ATTEMPT_TIMEOUT)));
          join(step("meta", () -> meta.<MetaDecisionAgent.MetaView>ask(MetaDecisionAgent.GetState::new,
              ATTEMPT_TIMEOUT)));
          TradingDesk.State after = deskState();
          if (after.seq() == d.seq() && after.settled() == d.settled() && after.pending().isEmpty()) {
            return report(orders, after);
          }
          quietKey = null; // it moved while being read: wait again
        }
        Thread.sleep(POLL.toMillis());
      }
    }

    private TradingDesk.State deskState() throws Exception {
      return join(step("desk", () -> desk.<TradingDesk.DeskView>ask(TradingDesk.GetView::new, ATTEMPT_TIMEOUT)))
          .state();
    }

    private AccountReport report(List<ExecutionAgent.OrderView> orders, TradingDesk.State d) {
      Map<String, BigDecimal> finalPrices = new LinkedHashMap<>();
      for (StrategyPlan p : plan.strategies()) {
        CandleSeries s = p.series();
        finalPrices.put(s.instrument().base(), BigDecimal.valueOf(s.close()[s.size() - 1]));
      }
      List<String> ids = orders.stream().map(ExecutionAgent.OrderView::clientOrderId).toList();
      log.info("{}: {} intents settled ({} with fills, {} rejected), {} orders, {} retries, longest step {} ms",
          account, d.settled(), d.filled(), d.rejected(), ids.size(), retries.get(),
          TimeUnit.NANOSECONDS.toMillis(longestStepNanos.get()));
      return new AccountReport(account, plan.executionEntityId(), plan.deskEntityId(), REFERENCE,
          Map.of(REFERENCE, INITIAL_CAPITAL), Map.copyOf(finalPrices), ids, d.settled(), retries.get(),
          Duration.ofNanos(longestStepNanos.get()));
    }

    private <T> T join(CompletableFuture<T> f) throws Exception {
      try {
        return f.get(STEP_DEADLINE.multipliedBy(2).toSeconds(), TimeUnit.SECONDS);
      } catch (ExecutionException e) {
        Throwable cause = e.getCause() instanceof CompletionException c && c.getCause() != null ? c.getCause()
            : e.getCause();
        throw cause instanceof Exception ex ? ex : e;
      }
    }

    /** One idempotent step: attempted until it answers, again after each timeout, for {@link #STEP_DEADLINE}. */
    private <T> CompletableFuture<T> step(String what, Supplier<CompletionStage<T>> attempt) {
      long start = System.nanoTime();
      return withRetries(what, attempt, start + STEP_DEADLINE.toNanos(), MIN_BACKOFF).toCompletableFuture()
          .thenApply(v -> {
            longestStepNanos.accumulateAndGet(System.nanoTime() - start, Math::max);
            steps.incrementAndGet();
            return v;
          });
    }

    private <T> CompletionStage<T> withRetries(String what, Supplier<CompletionStage<T>> attempt, long deadline,
        Duration backoff) {
      return new TimeoutRetry(driver, MAX_BACKOFF, STEP_DEADLINE, retries::incrementAndGet)
          .run(what, attempt, deadline, backoff);
    }
  }
}
