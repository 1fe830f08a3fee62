package io.agora.cluster;

import com.typesafe.config.Config;
import io.agora.agents.flow.SignalToStrategyPipeline;
import io.agora.agents.flow.SignalToStrategyPipeline.Route;
import io.agora.agents.marketdata.CandleReplay;
import io.agora.agents.signal.SignalAgent;
import io.agora.agents.capital.CapitalAgent;
import io.agora.agents.desk.TradingDesk;
import io.agora.agents.meta.MetaDecisionAgent;
import io.agora.agents.strategy.StrategyAgent;
import io.agora.core.meta.ConflictRule;
import io.agora.core.meta.Policy;
import java.math.BigDecimal;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import io.agora.core.data.DataFormat;
import io.agora.core.data.OhlcvLoader;
import io.agora.core.data.synthetic.SyntheticData;
import io.agora.core.market.Timeframe;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.stream.Stream;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.DispatcherSelector;
import io.agora.agents.Asks;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's demo (on unless {@code agora.node.demo = off} or {@code agora node --no-demo}), run as a cluster
 * singleton: it makes sure synthetic market data exists under the data directory's {@code market-data} (seeded
 * {@code SYNi/USDT} pairs of 5m candles, written in Freqtrade's JSON layout when no file is there), configures and
 * starts one {@link StrategyAgent} per built-in strategy and pair (tenant {@code demo}; Configure only when the agent
 * is IDLE and unconfigured, Start only when IDLE: a restarted node resumes the same demo), and runs the
 * {@link SignalToStrategyPipeline} over a {@link CandleReplay} of those files at {@code agora.node.demo-speed} ×
 * real time (0 = as fast as the agents go). Trade intents and closes are logged at INFO.
 */
public final class DemoEnsemble {
  private static final Logger log = LoggerFactory.getLogger(DemoEnsemble.class);

  public static final String TENANT = "demo";
  /** The account the demo trades on paper: its desk, capital, risk, meta-decision and execution agents. */
  public static final String ACCOUNT = "paper";
  static final String DESK_BUDGET = "desk";
  static final BigDecimal INITIAL_CAPITAL = new BigDecimal("10000");
  public static final Timeframe TIMEFRAME = Timeframe.parse("5m");
  public static final List<String> STRATEGIES = List.of("EmaCrossover", "RsiMeanReversion", "BollingerBreakout");
  private static final Instant START = Instant.parse("2024-01-01T00:00:00Z");
  private static final String CONFIG = """
      {"timeframe": "5m", "stake_currency": "USDT", "stake_amount": 100, "dry_run_wallet": 1000,
       "max_open_trades": 1, "fee": 0.001, "minimal_roi": {"0": 0.02, "120": 0.01, "480": 0},
       "stoploss": -0.03}""";

  /** {@code agora.node.demo*}. */
  public record Settings(boolean enabled, double speed, int pairs, int days, long seed, Duration askTimeout) {
    public static Settings fromConfig(Config root) {
      Config c = root.getConfig("agora.node");
      return new Settings(c.getBoolean("demo"), c.getDouble("demo-speed"), c.getInt("demo-pairs"),
          c.getInt("demo-days"), c.getLong("demo-seed"), c.getDuration("demo-ask-timeout"));
    }

    public SyntheticData.Spec spec() {
      return SyntheticData.Spec.of(pairs, days * (int) (Duration.ofDays(1).toMillis() / TIMEFRAME.millis()),
          TIMEFRAME, START, seed);
    }

    public List<String> pairNames() {
      SyntheticData.Spec spec = spec();
      List<String> out = new ArrayList<>();
      for (int i = 0; i < pairs; i++) out.add(spec.pair(i));
      return out;
    }
  }

  private DemoEnsemble() {}

  /** The strategy agent's entity id of {@code strategy} on {@code pair}: {@code demo|<strategyId>}. */
  public static String strategyEntityId(String strategy, String pair) {
    return StrategyAgent.entityId(TENANT, strategyId(strategy, pair));
  }

  /**
   * The id of {@code strategy} on {@code pair} within the demo tenant, as the HTTP API names it
   * ({@code EmaCrossover@SYN0_USDT}): API ids have no '/'.
   */
  public static String strategyId(String strategy, String pair) {
    return strategy + "@" + io.agora.core.market.Instrument.fileName(pair);
  }

  /** An agent of the demo as the HTTP API's existence index lists it: kind (strategy, account), id, attributes. */
  public record Listed(String kind, String id, Map<String, String> attributes) {}

  /** The demo's strategy agents and its account, so that the API can list and inspect them. */
  public static List<Listed> listed(Settings s) {
    List<Listed> out = new ArrayList<>();
    out.add(new Listed("account", ACCOUNT, Map.of()));
    for (String pair : s.pairNames()) {
      for (String st : STRATEGIES) {
        out.add(new Listed("strategy", strategyId(st, pair),
            Map.of("strategy", st, "pair", pair, "timeframe", TIMEFRAME.toString())));
      }
    }
    return out;
  }

  public static String signalEntityId(String strategy, String pair) {
    return SignalAgent.entityId(TENANT, pair, TIMEFRAME, strategy);
  }

  /** The demo's routes: per pair and strategy, its signal agent and its strategy agent. */
  public static List<Route> routes(Settings s) {
    List<Route> routes = new ArrayList<>();
    for (String pair : s.pairNames()) {
      for (String st : STRATEGIES) {
        routes.add(new Route(pair, signalEntityId(st, pair), List.of(strategyEntityId(st, pair))));
      }
    }
    return routes;
  }

  public static Behavior<Void> create(Path marketData, Settings settings) {
    return Behaviors.setup(ctx -> {
      ActorSystem<?> system = ctx.getSystem();
      Executor blocking = system.dispatchers().lookup(DispatcherSelector.blocking());
      SignalToStrategyPipeline.Agents agents = SignalToStrategyPipeline.Agents.sharded(system);
      // a replay: candles of a pair go to its agents in batches (one write for a batch's state-changing candles)
      SignalToStrategyPipeline pipeline = new SignalToStrategyPipeline(system, agents, routes(settings), TIMEFRAME,
          settings.askTimeout()).batched(64, Duration.ofMillis(20));
      CandleReplay replay = CandleReplay.fromFiles(new OhlcvLoader(marketData));
      CandleReplay feed = settings.speed() > 0 ? replay.atSpeed(settings.speed()) : replay.asFastAsPossible();
      CompletableFuture.runAsync(() -> ensureData(marketData, settings), blocking)
          .thenCompose(x -> setUpAccount(system, settings))
          .thenCompose(x -> startStrategies(system, agents, settings))
          .thenCompose(x -> pipeline.logNotices("demo-trade-notices"))
          .thenCompose(x -> pipeline.run(feed))
          .whenComplete((done, err) -> {
            Throwable cause = err instanceof java.util.concurrent.CompletionException && err.getCause() != null
                ? err.getCause() : err;
            if (cause == null) log.info("demo: the replay is complete");
            else if (cause instanceof org.apache.pekko.stream.AbruptTerminationException
                || system.whenTerminated().isCompleted()) {
              log.info("demo: stopped with the node (a restart resumes it)");
            } else log.error("demo: stopped with an error", cause);
          });
      return Behaviors.empty();
    });
  }

  /** Writes the synthetic candles when the directory holds no data file yet. */
  static void ensureData(Path marketData, Settings settings) {
    try {
      Files.createDirectories(marketData);
      boolean any;
      try (Stream<Path> files = Files.list(marketData)) {
        any = files.anyMatch(Files::isRegularFile);
      }
      if (any) {
        log.info("demo: market data found in {}", marketData);
        return;
      }
      List<Path> written = SyntheticData.write(settings.spec(), marketData, DataFormat.JSON);
      log.info("demo: wrote synthetic market data ({} pairs × {} days of {}): {}", settings.pairs(), settings.days(),
          TIMEFRAME.text(), written);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The demo account: 10,000 USDT deposited once, a budget for the desk, a meta-decision agent combining every
   * strategy agent by majority, and the desk. Each step is idempotent, so a restarted node changes nothing.
   */
  static CompletionStage<Done> setUpAccount(ActorSystem<?> system, Settings settings) {
    ClusterSharding sh = ClusterSharding.get(system);
    Duration t = settings.askTimeout();
    String accountId = TENANT + "|" + ACCOUNT;
    var capital = sh.entityRefFor(CapitalAgent.ENTITY_KEY, accountId);
    var meta = sh.entityRefFor(MetaDecisionAgent.ENTITY_KEY, MetaDecisionAgent.entityId(TENANT, ACCOUNT));
    var desk = sh.entityRefFor(TradingDesk.ENTITY_KEY, TradingDesk.entityId(TENANT, ACCOUNT));
    List<String> members = new ArrayList<>();
    for (String pair : settings.pairNames()) for (String st : STRATEGIES) members.add(strategyEntityId(st, pair));
    Instant now = Instant.now();
    return Asks.<CapitalAgent.Command, CapitalAgent.AccountView>ask(capital,
            r -> new CapitalAgent.GetView("USDT", Map.of(), r), t, system.scheduler())
        .thenCompose(v -> v.balances().isEmpty()
            ? Asks.<CapitalAgent.Command, Done>askWithStatus(capital,
                r -> new CapitalAgent.Deposit("USDT", INITIAL_CAPITAL, "demo initial capital", "demo", now, r), t,
                system.scheduler())
            : CompletableFuture.completedFuture(Done.getInstance()))
        .thenCompose(x -> Asks.<CapitalAgent.Command, Done>askWithStatus(capital,
            r -> new CapitalAgent.SetAllocation(DESK_BUDGET, "USDT", INITIAL_CAPITAL, "demo", now, r), t,
            system.scheduler()))
        // one voter of the pair's three strategies is a quorum (members span all pairs); the majority of the
        // pair's fresh votes decides
        .thenCompose(x -> Asks.<MetaDecisionAgent.Command, MetaDecisionAgent.MetaView>askWithStatus(meta,
            r -> new MetaDecisionAgent.Configure(Policy.MAJORITY, members, 1.0 / members.size(),
                Duration.ofDays(1).toMillis(), Duration.ofDays(7).toMillis(), ConflictRule.NO_TRADE, "demo", r), t,
            system.scheduler()))
        .thenCompose(x -> Asks.<TradingDesk.Command, TradingDesk.DeskView>askWithStatus(desk,
            r -> new TradingDesk.Configure(TradingDesk.DeskConfig.paper("USDT", DESK_BUDGET, ACCOUNT), "demo", r), t,
            system.scheduler()))
        .thenApply(x -> {
          log.info("demo: account {} ready (desk, meta-decision by majority of {} strategy agents)", accountId,
              members.size());
          return Done.getInstance();
        });
  }

  private static CompletionStage<Done> startStrategies(ActorSystem<?> system,
      SignalToStrategyPipeline.Agents agents, Settings settings) {
    List<CompletableFuture<Done>> all = new ArrayList<>();
    for (String pair : settings.pairNames()) {
      for (String st : STRATEGIES) {
        all.add(ensureRunning(system, agents, settings, st, pair).toCompletableFuture());
      }
    }
    return CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).thenApply(x -> Done.getInstance());
  }

  private static CompletionStage<Done> ensureRunning(ActorSystem<?> system, SignalToStrategyPipeline.Agents agents,
      Settings settings, String strategy, String pair) {
    String id = strategyEntityId(strategy, pair);
    var ref = agents.strategy(id);
    Duration t = settings.askTimeout();
    return Asks.<StrategyAgent.Command, StrategyAgent.StatusView>ask(ref, StrategyAgent.GetStatus::new, t,
            system.scheduler())
        .thenCompose(v -> {
          StrategyAgent.State s = v.state();
          if (s.lifecycle() != StrategyAgent.Lifecycle.IDLE) {
            log.info("demo: {} is {} ({} trades closed), left as it is", id, s.lifecycle(), s.tradesClosed());
            return attach(system, ref, t);
          }
          CompletionStage<StrategyAgent.StatusView> configured = s.config() != null
              ? CompletableFuture.completedFuture(v)
              : Asks.<StrategyAgent.Command, StrategyAgent.StatusView>askWithStatus(ref,
                  r -> new StrategyAgent.Configure(strategy, Map.of(), pair, CONFIG, "demo", r), t,
                  system.scheduler());
          return configured.thenCompose(c -> attach(system, ref, t))
              .thenCompose(c -> Asks.<StrategyAgent.Command, StrategyAgent.StatusView>askWithStatus(
              ref, r -> new StrategyAgent.Start("demo", r), t, system.scheduler()))
              .thenApply(started -> {
                log.info("demo: {} configured and started ({} on {})", id, strategy, pair);
                return started;
              });
        })
        .thenApply(x -> Done.getInstance());
  }

  private static CompletionStage<StrategyAgent.StatusView> attach(ActorSystem<?> system,
      org.apache.pekko.actor.typed.RecipientRef<StrategyAgent.Command> ref, Duration t) {
    return Asks.<StrategyAgent.Command, StrategyAgent.StatusView>askWithStatus(ref,
        r -> new StrategyAgent.AttachDesk(TradingDesk.entityId(TENANT, ACCOUNT), "demo", r), t, system.scheduler());
  }
}
