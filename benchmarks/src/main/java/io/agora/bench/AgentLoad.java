package io.agora.bench;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.agora.agents.AccountId;
import io.agora.agents.capital.CapitalAgent;
import io.agora.agents.desk.TradingDesk;
import io.agora.agents.execution.ExecutionAgent;
import io.agora.agents.flow.SignalToStrategyPipeline;
import io.agora.agents.marketdata.Candle;
import io.agora.agents.marketdata.CandleReplay;
import io.agora.agents.meta.MetaDecisionAgent;
import io.agora.agents.signal.SignalAgent;
import io.agora.agents.strategy.StrategyAgent;
import io.agora.cluster.Node;
import io.agora.cluster.NodeSettings;
import io.agora.core.data.synthetic.SyntheticData;
import io.agora.core.market.CandleSeries;
import io.agora.core.market.Timeframe;
import io.agora.core.meta.ConflictRule;
import io.agora.core.meta.Policy;
import io.agora.core.strategy.Signal;
import io.agora.persistence.CborSerializable;
import io.agora.persistence.DbSettings;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.Entity;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityRef;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityTypeKey;
import org.apache.pekko.pattern.StatusReply;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.apache.pekko.persistence.typed.javadsl.CommandHandler;
import org.apache.pekko.persistence.typed.javadsl.EventHandler;
import org.apache.pekko.persistence.typed.javadsl.EventSourcedBehavior;

/**
 * The agents' load harness: a real node (migrations, sharding, the JDBC journal on H2 or PostgreSQL) measured in
 * four ways, each on a fresh database. Not a JMH benchmark: the unit of work is asynchronous and crosses actors, so
 * it is timed end to end with wall clock over many operations, after a warm-up.
 *
 * <ul>
 *   <li>{@code bare}: the journal's raw rate — events/s of a bare persistent entity (one event per command), for 1
 *       entity and for 64 entities in parallel. The bound for everything else.</li>
 *   <li>{@code candles}: candles/s through the feed → signal agent → strategy agent pipeline (EmaCrossover, 16
 *       pairs replayed as fast as the agents go).</li>
 *   <li>{@code orders}: order round trips/s — a candle to a strategy agent whose signal alternates entry and exit,
 *       so that every candle is one order: strategy → desk → meta → capital (size, reserve) → risk → execution
 *       (place, fill) → capital and risk (fill) → desk settled, all persisted; closed loop, 48 accounts, each
 *       sending its next candle when the previous one's fill came back. Reports the latency of each loop too.</li>
 *   <li>{@code latency}: tick → order latency (candle sent to the strategy agent → fill notice from the execution
 *       agent) at half the measured maximum rate, open loop (candles sent on a fixed schedule), recorded after 10 s at
 *       that rate (-Dagora.load.settle) so that the warm-up's queues have drained.</li>
 * </ul>
 *
 * Usage: {@code java -cp benchmarks/target/benchmarks.jar io.agora.bench.AgentLoad [h2|postgres] [seconds]}.
 */
public final class AgentLoad {
  private static final Timeframe M5 = Timeframe.parse("5m");
  private static final String TENANT = "load";
  private static final Duration T = Duration.ofSeconds(30);
  /** Candles per pair per ask in the candles scenario (-Dagora.load.batch; 1 = one candle per ask). */
  private static final int BATCH = Integer.getInteger("agora.load.batch", 64);
  /** Seconds of closed-loop orders before a measurement (-Dagora.load.warmup). */
  private static final int WARMUP = Integer.getInteger("agora.load.warmup", 20);
  /** Seconds of the latency scenario's open loop run at its rate before samples are recorded (-Dagora.load.settle). */
  private static final int SETTLE = Integer.getInteger("agora.load.settle", 10);

  private AgentLoad() {}

  public static void main(String[] args) throws Exception {
    // as the CLI does (AgoraCli.commonPoolOfAtLeastTwo): with 2 cores a common pool of parallelism 1 starts a thread
    // per default-executor callback, which a node never pays
    if (System.getProperty("java.util.concurrent.ForkJoinPool.common.parallelism") == null) {
      System.setProperty("java.util.concurrent.ForkJoinPool.common.parallelism",
          Integer.toString(Math.max(2, Runtime.getRuntime().availableProcessors())));
    }
    String db = args.length > 0 ? args[0] : "h2";
    int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 20;
    String only = args.length > 2 ? args[2] : "all";
    System.out.printf(Locale.ROOT, "AgentLoad on %s, %d s per measurement, %d cores, JDK %s%n", db, seconds,
        Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"));
    if (only.equals("all") || only.equals("bare")) bare(db, seconds);
    if (only.equals("all") || only.equals("candles")) candles(db);
    double max = 0;
    // "flow": orders then latency in one JVM, so the latency run finds the JIT warm as in "all"
    if (only.equals("all") || only.equals("orders") || only.equals("flow")) max = orders(db, seconds);
    // at half the measured maximum, or -Dagora.load.rate when the latency scenario runs alone
    // (-Dagora.load.fraction: another fraction of the maximum, for a latency-against-load curve)
    double fraction = Double.parseDouble(System.getProperty("agora.load.fraction", "0.5"));
    double rate = max > 0 ? max * fraction : Double.parseDouble(System.getProperty("agora.load.rate", "100"));
    if (only.equals("all") || only.equals("latency") || only.equals("flow")) latency(db, seconds, rate);
    System.exit(0);
  }

  // --- a node on a fresh database ---------------------------------------------------------------------------

  /** The PostgreSQL database of the running scenario (null on H2). */
  private static String pgDatabase;

  /**
   * After a warm-up on PostgreSQL: ANALYZE, what autovacuum does on its own on a server that runs it, so the
   * measurement meets the query plans of a database in its steady state rather than those of an empty one. This
   * machine's server runs with autovacuum = off; -Dagora.load.analyze=false skips it.
   */
  private static void analyzeAfterWarmup() throws Exception {
    if (pgDatabase == null || !Boolean.parseBoolean(System.getProperty("agora.load.analyze", "true"))) return;
    try (Connection c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/" + pgDatabase, "postgres", "");
        Statement st = c.createStatement()) {
      st.execute("ANALYZE");
    }
  }

  private static ActorSystem<Void> node(String db) throws Exception {
    Path dir = Files.createTempDirectory("agora-load");
    pgDatabase = null;
    DbSettings dbs;
    if (db.equals("h2")) {
      dbs = DbSettings.h2(dir);
    } else {
      String name = "agora_load_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
      try (Connection c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/postgres", "postgres", "");
          Statement st = c.createStatement()) {
        st.execute("CREATE DATABASE " + name);
      }
      pgDatabase = name;
      dbs = DbSettings.postgres("jdbc:postgresql://127.0.0.1:5432/" + name + "?reWriteBatchedInserts=true",
          "postgres", "");
    }
    NodeSettings settings = new NodeSettings(dir, dbs, List.of("api", "worker"), "127.0.0.1", 0, List.of(),
        "127.0.0.1", 0);
    Config base = ConfigFactory.parseString("""
        agora.node.demo = off
        agora.execution.paper { mode = freqtrade, taker-fee = 0.001 }
        pekko.loglevel = WARNING
        """).withFallback(ConfigFactory.load());
    ActorSystem<Void> system = Node.start(settings, base);
    org.apache.pekko.cluster.typed.Cluster cluster = org.apache.pekko.cluster.typed.Cluster.get(system);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (!cluster.selfMember().status().equals(org.apache.pekko.cluster.MemberStatus.up())) {
      if (System.nanoTime() > deadline) throw new IllegalStateException("the node did not come Up in 60 s");
      Thread.sleep(20); // a harness main waiting for its node, not a test's synchronisation
    }
    return system;
  }

  private static void stop(ActorSystem<?> system) throws Exception {
    system.terminate();
    system.getWhenTerminated().toCompletableFuture().get(60, TimeUnit.SECONDS);
  }

  // --- bare entity ------------------------------------------------------------------------------------------

  /** One event per command, replied after the write: the journal's own cost. */
  public static final class Bare extends EventSourcedBehavior<Bare.Cmd, Bare.Evt, Long> {
    static final EntityTypeKey<Cmd> KEY = EntityTypeKey.create(Cmd.class, "LoadBare");

    public record Cmd(long n, ActorRef<Done> replyTo) implements CborSerializable {}

    public record Evt(long n) implements CborSerializable {}

    Bare(String id) {
      super(PersistenceId.of(KEY.name(), id));
    }

    @Override
    public Long emptyState() {
      return 0L;
    }

    @Override
    public CommandHandler<Cmd, Evt, Long> commandHandler() {
      return newCommandHandlerBuilder().forAnyState()
          .onCommand(Cmd.class, (s, c) -> Effect().persist(new Evt(c.n())).thenReply(c.replyTo(), x -> Done.getInstance()))
          .build();
    }

    @Override
    public EventHandler<Long, Evt> eventHandler() {
      return newEventHandlerBuilder().forAnyState().onEvent(Evt.class, (s, e) -> e.n()).build();
    }
  }

  private static void bare(String db, int seconds) throws Exception {
    ActorSystem<Void> system = node(db);
    try {
      ClusterSharding sh = ClusterSharding.get(system);
      sh.init(Entity.of(Bare.KEY, ctx -> new Bare(ctx.getEntityId())));
      SCHEDULER = system.scheduler();
      for (int entities : new int[] {1, 64}) {
        loop(sh, entities, 3); // warm-up
        long events = loop(sh, entities, seconds);
        System.out.printf(Locale.ROOT, "bare entity, %d entit%s, 1 event per command: %,.0f events/s%n", entities,
            entities == 1 ? "y" : "ies", events / (double) seconds);
      }
    } finally {
      stop(system);
    }
  }

  private static org.apache.pekko.actor.typed.Scheduler SCHEDULER;

  private static long loop(ClusterSharding sh, int entities, int seconds) throws Exception {
    long end = System.nanoTime() + seconds * 1_000_000_000L;
    AtomicLong done = new AtomicLong();
    List<CompletableFuture<Void>> all = new ArrayList<>();
    for (int i = 0; i < entities; i++) {
      EntityRef<Bare.Cmd> ref = sh.entityRefFor(Bare.KEY, "e" + i);
      all.add(bareChain(ref, end, done));
    }
    CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).get(seconds + 60L, TimeUnit.SECONDS);
    return done.get();
  }

  private static CompletableFuture<Void> bareChain(EntityRef<Bare.Cmd> ref, long end, AtomicLong done) {
    if (System.nanoTime() >= end) return CompletableFuture.completedFuture(null);
    return io.agora.agents.Asks.<Bare.Cmd, Done>ask(ref, r -> new Bare.Cmd(done.get(), r), T, SCHEDULER)
        .thenCompose(x -> {
          done.incrementAndGet();
          return bareChain(ref, end, done);
        });
  }

  // --- candles through signal and strategy agents -----------------------------------------------------------

  private static void candles(String db) throws Exception {
    int pairs = 16;
    int n = 3000;
    ActorSystem<Void> system = node(db);
    try {
      for (int round = 0; round < 2; round++) { // the first round warms the JVM up
        String tenant = TENANT + round;
        List<CandleSeries> series = new ArrayList<>();
        SyntheticData.Spec spec = SyntheticData.Spec.of(pairs, n, M5, Instant.parse("2024-01-01T00:00:00Z"), 5 + round);
        for (int p = 0; p < pairs; p++) series.add(SyntheticData.generate(spec, p));
        ClusterSharding sh = ClusterSharding.get(system);
        List<SignalToStrategyPipeline.Route> routes = new ArrayList<>();
        String config = """
            {"timeframe": "5m", "stake_currency": "USDT", "stake_amount": 100, "dry_run_wallet": 1000,
             "max_open_trades": 1, "fee": 0.001, "minimal_roi": {"0": 0.01}, "stoploss": -0.02}""";
        for (CandleSeries s : series) {
          String strategy = StrategyAgent.entityId(tenant, "ema@" + s.pair());
          EntityRef<StrategyAgent.Command> ref = sh.entityRefFor(StrategyAgent.ENTITY_KEY, strategy);
          ok(ref.<StatusReply<StrategyAgent.StatusView>>ask(r -> new StrategyAgent.Configure("EmaCrossover", Map.of(),
              s.pair(), config, "load", r), T));
          ok(ref.<StatusReply<StrategyAgent.StatusView>>ask(r -> new StrategyAgent.Start("load", r), T));
          routes.add(new SignalToStrategyPipeline.Route(s.pair(), SignalAgent.entityId(tenant, s.pair(), M5,
              "EmaCrossover"), List.of(strategy)));
        }
        SignalToStrategyPipeline pipeline = new SignalToStrategyPipeline(system,
            SignalToStrategyPipeline.Agents.sharded(system), routes, M5, T).batched(BATCH, Duration.ofMillis(20));
        long t0 = System.nanoTime();
        pipeline.run(CandleReplay.inMemory(series).asFastAsPossible()).toCompletableFuture().get(10, TimeUnit.MINUTES);
        double s = (System.nanoTime() - t0) / 1e9;
        if (round == 1) {
          System.out.printf(Locale.ROOT, "candles through signal + strategy agents: %d pairs x %d candles, %d per ask, "
              + "in %.2f s = %,.0f candles/s%n", pairs, n, BATCH, s, pairs * (double) n / s);
        }
      }
    } finally {
      stop(system);
    }
  }

  // --- order round trips --------------------------------------------------------------------------------------

  /** One account with its desk, meta agent, capital and one strategy agent whose signal alternates. */
  private record Account(int index, String account, EntityRef<StrategyAgent.Command> strategy, List<Candle> candles) {}

  private static final String ORDER_CONFIG = """
      {"timeframe": "5m", "stake_currency": "USDT", "stake_amount": 100, "dry_run_wallet": 1000000,
       "max_open_trades": 1, "fee": 0.001, "minimal_roi": {"0": 100}, "stoploss": -0.99}""";

  private static List<Account> accounts(ActorSystem<?> system, String prefix, int count, int candles) throws Exception {
    ClusterSharding sh = ClusterSharding.get(system);
    SyntheticData.Spec spec = SyntheticData.Spec.of(1, candles, M5, Instant.parse("2024-01-01T00:00:00Z"), 3);
    CandleSeries series = SyntheticData.generate(spec, 0);
    List<Candle> list = new ArrayList<>();
    for (int i = 0; i < series.size(); i++) list.add(Candle.of(series, i));
    List<Account> out = new ArrayList<>();
    Instant at = Instant.parse("2024-01-01T00:00:00Z");
    for (int a = 0; a < count; a++) {
      String account = prefix + a;
      String accountId = new AccountId(TENANT, account).entityId();
      String strategyId = StrategyAgent.entityId(TENANT, prefix + "s" + a);
      var capital = sh.entityRefFor(CapitalAgent.ENTITY_KEY, accountId);
      ok(capital.<StatusReply<Done>>ask(r -> new CapitalAgent.Deposit("USDT", new BigDecimal("100000000"), "load",
          "load", at, r), T));
      ok(capital.<StatusReply<Done>>ask(r -> new CapitalAgent.SetAllocation("desk", "USDT", new BigDecimal("100000000"),
          "load", at, r), T));
      ok(sh.entityRefFor(MetaDecisionAgent.ENTITY_KEY, accountId).<StatusReply<MetaDecisionAgent.MetaView>>ask(
          r -> new MetaDecisionAgent.Configure(Policy.UNANIMOUS, List.of(strategyId), 1.0, Long.MAX_VALUE / 4,
              86_400_000L, ConflictRule.NO_TRADE, "load", r), T));
      ok(sh.entityRefFor(TradingDesk.ENTITY_KEY, accountId).<StatusReply<TradingDesk.DeskView>>ask(
          r -> new TradingDesk.Configure(TradingDesk.DeskConfig.paper("USDT", "desk", account), "load", r), T));
      EntityRef<StrategyAgent.Command> strategy = sh.entityRefFor(StrategyAgent.ENTITY_KEY, strategyId);
      ok(strategy.<StatusReply<StrategyAgent.StatusView>>ask(r -> new StrategyAgent.Configure("EmaCrossover",
          Map.of(), series.pair(), ORDER_CONFIG, "load", r), T));
      ok(strategy.<StatusReply<StrategyAgent.StatusView>>ask(r -> new StrategyAgent.AttachDesk(accountId, "load", r), T));
      ok(strategy.<StatusReply<StrategyAgent.StatusView>>ask(r -> new StrategyAgent.Start("load", r), T));
      out.add(new Account(a, account, strategy, list));
    }
    return out;
  }

  /** Completes the future waiting for (account, candle time) when that candle's fill notice arrives. */
  private static final Map<String, CompletableFuture<Long>> WAITING = new ConcurrentHashMap<>();

  private static Behavior<ExecutionAgent.FillNotice> fillListener() {
    return Behaviors.receive(ExecutionAgent.FillNotice.class).onMessage(ExecutionAgent.FillNotice.class, n -> {
      CompletableFuture<Long> f = WAITING.remove(n.account() + "@" + n.candleTime());
      if (f != null) f.complete(System.nanoTime());
      return Behaviors.same();
    }).build();
  }

  private static void subscribe(ActorSystem<?> system, List<Account> accounts, ActorRef<ExecutionAgent.FillNotice> l)
      throws Exception {
    for (Account a : accounts) {
      ClusterSharding.get(system).entityRefFor(ExecutionAgent.ENTITY_KEY,
          ExecutionAgent.entityId(TENANT, a.account(), "paper")).<Done>ask(r -> new ExecutionAgent.Subscribe(l, r), T)
          .toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
  }

  /** Sends candle {@code i} of the account (signal: entry on even, exit on odd candles); from the second candle on, each one makes one order. */
  private static CompletableFuture<Long> tick(Account a, int i) {
    Candle k = a.candles().get(i);
    int bits = i % 2 == 0 ? Signal.ENTER_LONG : Signal.EXIT_LONG;
    CompletableFuture<Long> fill = new CompletableFuture<>();
    if (i > 0) WAITING.put(a.account() + "@" + k.openTime(), fill);
    else fill.complete(System.nanoTime());
    a.strategy().<StrategyAgent.CandleAck>ask(r -> new StrategyAgent.OnCandle(k, bits, null, null, r), T);
    return fill;
  }

  private static double orders(String db, int seconds) throws Exception {
    ActorSystem<Void> system = node(db);
    try {
      ActorRef<ExecutionAgent.FillNotice> listener = system.systemActorOf(fillListener(), "fills", Props.empty());
      NEXT.clear();
      List<Account> accounts = accounts(system, "o", 48, 20_000);
      subscribe(system, accounts, listener);
      closedLoop(accounts, WARMUP); // warm-up: the JIT compiles Pekko, Slick and H2 for a while
      analyzeAfterWarmup();
      long[] lat = closedLoop(accounts, seconds);
      double rate = lat.length / (double) seconds;
      System.out.printf(Locale.ROOT, "order round trips (candle → strategy → desk → meta → capital → risk → execution "
          + "→ fill → capital, risk → settled), 48 accounts, closed loop: %,.0f round trips/s; latency p50 %.2f ms, "
          + "p99 %.2f ms%n", rate, pct(lat, 50), pct(lat, 99));
      return rate;
    } finally {
      stop(system);
    }
  }

  private static final ConcurrentHashMap<Integer, Integer> NEXT = new ConcurrentHashMap<>();

  private static long[] closedLoop(List<Account> accounts, int seconds) throws Exception {
    long end = System.nanoTime() + seconds * 1_000_000_000L;
    List<Long> latencies = java.util.Collections.synchronizedList(new ArrayList<>());
    List<CompletableFuture<Void>> all = new ArrayList<>();
    for (Account a : accounts) {
      NEXT.putIfAbsent(a.index(), 0);
      all.add(chain(a, end, latencies));
    }
    CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).get(seconds + 120L, TimeUnit.SECONDS);
    return latencies.stream().mapToLong(Long::longValue).toArray();
  }

  private static CompletableFuture<Void> chain(Account a, long end, List<Long> latencies) {
    if (System.nanoTime() >= end) return CompletableFuture.completedFuture(null);
    int i = NEXT.merge(a.index(), 1, Integer::sum) - 1;
    long t0 = System.nanoTime();
    return tick(a, i).orTimeout(30, TimeUnit.SECONDS).thenCompose(t1 -> {
      if (i > 0) latencies.add(t1 - t0);
      return chain(a, end, latencies);
    });
  }

  private static void latency(String db, int seconds, double rate) throws Exception {
    ActorSystem<Void> system = node(db);
    ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
    try {
      ActorRef<ExecutionAgent.FillNotice> listener = system.systemActorOf(fillListener(), "fills", Props.empty());
      List<Account> accounts = accounts(system, "l", 48, 20_000);
      subscribe(system, accounts, listener);
      NEXT.clear();
      closedLoop(accounts, WARMUP); // warm-up
      analyzeAfterWarmup();
      List<Long> latencies = java.util.Collections.synchronizedList(new ArrayList<>());
      // -Dagora.load.samples=FILE: every sample as CSV (account, candle open ms, sent epoch ms, latency ms), to join
      // slow samples against the journal's write_timestamp per hop
      String samplesFile = System.getProperty("agora.load.samples");
      List<String> rows = java.util.Collections.synchronizedList(new ArrayList<>());
      long periodNanos = (long) (1e9 / rate);
      // the open loop first runs SETTLE seconds at the target rate unrecorded: the closed-loop warm-up at the
      // maximum leaves queues behind (projections behind the journal, settlements in flight) that the first seconds
      // at half the rate drain, and those seconds measure the warm-up, not this rate
      int settle = (int) (rate * SETTLE);
      int total = settle + (int) (rate * seconds);
      CountDownLatch done = new CountDownLatch(total);
      AtomicLong sent = new AtomicLong();
      timer.scheduleAtFixedRate(() -> {
        long k = sent.getAndIncrement();
        if (k >= total) return;
        Account a = accounts.get((int) (k % accounts.size()));
        int i = NEXT.merge(a.index(), 1, Integer::sum) - 1;
        long t0 = System.nanoTime();
        long sentMs = System.currentTimeMillis();
        tick(a, i).orTimeout(30, TimeUnit.SECONDS).whenComplete((t1, err) -> {
          if (err == null && i > 0 && k >= settle) {
            latencies.add(t1 - t0);
            if (samplesFile != null) {
              rows.add(a.account() + "," + a.candles().get(i).openTime() + "," + sentMs + ","
                  + String.format(Locale.ROOT, "%.3f", (t1 - t0) / 1e6));
            }
          }
          done.countDown();
        });
      }, 0, periodNanos, TimeUnit.NANOSECONDS);
      done.await(SETTLE + seconds + 120L, TimeUnit.SECONDS);
      long[] lat = latencies.stream().mapToLong(Long::longValue).toArray();
      if (samplesFile != null) Files.write(Path.of(samplesFile), rows);
      System.out.printf(Locale.ROOT, "tick → order (candle sent → fill notice), open loop at %,.0f ticks/s (a fraction "
          + "of the maximum, half by default): %d samples, p50 %.2f ms, p90 %.2f ms, p99 %.2f ms, max %.2f ms%n", rate, lat.length,
          pct(lat, 50), pct(lat, 90), pct(lat, 99), pct(lat, 100));
    } finally {
      timer.shutdownNow();
      stop(system);
    }
  }

  private static double pct(long[] nanos, double p) {
    if (nanos.length == 0) return Double.NaN;
    long[] s = nanos.clone();
    Arrays.sort(s);
    int i = (int) Math.min(s.length - 1, Math.max(0, Math.ceil(p / 100 * s.length) - 1));
    return s[i] / 1e6;
  }

  private static <T> T ok(java.util.concurrent.CompletionStage<StatusReply<T>> stage) throws Exception {
    StatusReply<T> r = stage.toCompletableFuture().get(30, TimeUnit.SECONDS);
    if (r.isError()) throw new IllegalStateException(r.getError().getMessage());
    return r.getValue();
  }
}
