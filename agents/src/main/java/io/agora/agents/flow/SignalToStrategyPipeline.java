package io.agora.agents.flow;

import io.agora.agents.marketdata.Candle;
import io.agora.agents.marketdata.LiveFeed;
import io.agora.agents.signal.SignalAgent;
import io.agora.agents.strategy.StrategyAgent;
import io.agora.core.market.Timeframe;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.Done;
import org.apache.pekko.NotUsed;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.RecipientRef;
import io.agora.agents.Asks;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The feed → signal → strategy leg of the flow: a Pekko Streams graph that takes the candles of a {@link LiveFeed}
 * and, for each candle, asks the pair's {@link SignalAgent}s ({@link SignalAgent.ProcessCandle}) and forwards the
 * candle with the returned signal bits and tags to the {@link StrategyAgent}s of that signal
 * ({@link StrategyAgent.OnCandle}).
 *
 * <p><b>Order and back-pressure.</b> Candles are processed with {@code mapAsyncPartitioned} partitioned by pair: one
 * candle per pair in flight at a time (so each agent sees its pair's candles in order), pairs in parallel. The
 * next candle of a pair is pulled only when the strategy agents acknowledged the previous one, so the agents'
 * replies drive the demand end to end (a slow or paced feed simply slows everything).
 *
 * <p><b>Resuming.</b> {@link #resumePoints()} asks every signal agent for its persisted checkpoint
 * ({@link SignalAgent.StatusView#checkpointTime()}) and every running strategy agent for its last persisted candle
 * ({@link StrategyAgent.State#lastCandle()}), and the feed starts, per pair, after the earliest of them. Candles the
 * signal agent already processed are acknowledged DUPLICATE (bits 0) and forwarded with no signal; candles a
 * strategy agent already saw are acknowledged DUPLICATE by it. Neither re-applies anything; a strategy agent's
 * unpersisted candles are, by its design, candles that changed nothing, and their signal had no entry (else the
 * next candle would have been persisted), so feeding them again with no signal gives the same state. The one
 * case not covered exactly: a crash between the signal agent's checkpoint on a candle and the strategy agent
 * receiving that same candle (the candle reaches the strategy agent with no signal).
 *
 * <p><b>Failed signals.</b> A candle the signal agent could not score (a scored strategy whose inference failed,
 * {@link SignalAgent.CandleOutcome#FAILED}) is forwarded with the ack's error as {@code signalError}: its running
 * strategy agents go to ERROR with that reason, and the feed goes on for the other routes.
 *
 * <p>Each step is emitted downstream ({@link Step}) and logged at DEBUG; trade notices of the strategy agents are
 * logged at INFO by a subscriber ({@link #logNotices}). Subscriptions are in memory in the agents: a strategy
 * entity restarted elsewhere must be subscribed again.
 */
public final class SignalToStrategyPipeline {
  private static final Logger log = LoggerFactory.getLogger(SignalToStrategyPipeline.class);

  /** One signal agent of {@code pair} and the strategy agents fed from it. */
  public record Route(String pair, String signalEntityId, List<String> strategyEntityIds) {
    public Route {
      Objects.requireNonNull(pair, "pair");
      Objects.requireNonNull(signalEntityId, "signalEntityId");
      strategyEntityIds = List.copyOf(strategyEntityIds);
    }
  }

  /** How entity ids are reached: through Cluster Sharding on a node, directly in tests. */
  public interface Agents {
    RecipientRef<SignalAgent.Command> signal(String entityId);

    RecipientRef<StrategyAgent.Command> strategy(String entityId);

    /** The sharded entities of {@code system}. */
    static Agents sharded(ActorSystem<?> system) {
      ClusterSharding sharding = ClusterSharding.get(system);
      return new Agents() {
        @Override
        public RecipientRef<SignalAgent.Command> signal(String entityId) {
          return sharding.entityRefFor(SignalAgent.ENTITY_KEY, entityId);
        }

        @Override
        public RecipientRef<StrategyAgent.Command> strategy(String entityId) {
          return sharding.entityRefFor(StrategyAgent.ENTITY_KEY, entityId);
        }
      };
    }
  }

  /** What happened to one candle on one route. */
  public record Step(Candle candle, String signalEntityId, SignalAgent.CandleOutcome signal, int bits,
      String enterTag, String exitTag, Map<String, StrategyAgent.CandleOutcome> strategies) {}

  private final ActorSystem<?> system;
  private final Agents agents;
  private final List<Route> routes;
  private final Map<String, List<Route>> byPair = new LinkedHashMap<>();
  private final Timeframe timeframe;
  private final Duration askTimeout;
  /** Candles per pair sent in one ask (1: one candle at a time); see {@link #batched}. */
  private int batch = 1;
  private Duration batchWindow = Duration.ZERO;

  public SignalToStrategyPipeline(ActorSystem<?> system, Agents agents, List<Route> routes, Timeframe timeframe,
      Duration askTimeout) {
    this.system = Objects.requireNonNull(system, "system");
    this.agents = Objects.requireNonNull(agents, "agents");
    this.routes = List.copyOf(routes);
    this.timeframe = Objects.requireNonNull(timeframe, "timeframe");
    this.askTimeout = Objects.requireNonNull(askTimeout, "askTimeout");
    for (Route r : this.routes) byPair.computeIfAbsent(r.pair(), p -> new ArrayList<>()).add(r);
  }

  /**
   * Sends up to {@code candlesPerPair} candles of a pair in one ask to its signal agent
   * ({@link SignalAgent.ProcessCandles}) and one to each strategy agent ({@link StrategyAgent.OnCandles}), which
   * persists their state-changing candles with one write: for replays as fast as possible, where the feed has many
   * candles waiting. Candles are grouped for at most {@code window}, so a paced or live feed only waits that long.
   * The order per agent is kept; pairs are processed in parallel within a group and groups one after another.
   */
  public SignalToStrategyPipeline batched(int candlesPerPair, Duration window) {
    if (candlesPerPair < 1) throw new IllegalArgumentException("candlesPerPair must be >= 1, was " + candlesPerPair);
    this.batch = candlesPerPair;
    this.batchWindow = Objects.requireNonNull(window, "window");
    return this;
  }

  public Set<String> pairs() {
    return new TreeSet<>(byPair.keySet());
  }

  /**
   * Per pair, the open time after which the feed resumes: the earliest of its signal agents' checkpoints and its
   * running strategy agents' last persisted candles; no entry for a pair where one of them has processed nothing.
   */
  public CompletionStage<Map<String, Long>> resumePoints() {
    List<CompletableFuture<long[]>> asks = new ArrayList<>(); // {pairIndex, time}
    List<String> pairs = new ArrayList<>(byPair.keySet());
    for (int i = 0; i < pairs.size(); i++) {
      final long idx = i;
      for (Route r : byPair.get(pairs.get(i))) {
        asks.add(Asks.<SignalAgent.Command, SignalAgent.StatusView>ask(agents.signal(r.signalEntityId()),
                SignalAgent.GetStatus::new, askTimeout, system.scheduler())
            .thenApply(v -> new long[] {idx, v.checkpointTime()}).toCompletableFuture());
        for (String s : r.strategyEntityIds()) {
          asks.add(Asks.<StrategyAgent.Command, StrategyAgent.StatusView>ask(agents.strategy(s),
                  StrategyAgent.GetStatus::new, askTimeout, system.scheduler())
              .thenApply(v -> {
                StrategyAgent.Lifecycle l = v.state().lifecycle();
                boolean trading = l == StrategyAgent.Lifecycle.RUNNING || l == StrategyAgent.Lifecycle.PAUSED;
                return new long[] {idx, trading ? v.state().lastCandle() : Long.MAX_VALUE};
              }).toCompletableFuture());
        }
      }
    }
    return CompletableFuture.allOf(asks.toArray(CompletableFuture[]::new)).thenApply(x -> {
      long[] min = new long[pairs.size()];
      java.util.Arrays.fill(min, Long.MAX_VALUE);
      for (CompletableFuture<long[]> f : asks) {
        long[] v = f.join();
        min[(int) v[0]] = Math.min(min[(int) v[0]], v[1]);
      }
      Map<String, Long> out = new HashMap<>();
      for (int i = 0; i < pairs.size(); i++) {
        if (min[i] != Long.MIN_VALUE && min[i] != Long.MAX_VALUE) out.put(pairs.get(i), min[i]);
      }
      return Map.copyOf(out);
    });
  }

  /** The graph over {@code feed} from {@code resumeAfter}: one {@link Step} per candle and route, in feed order. */
  public Source<Step, NotUsed> source(LiveFeed feed, Map<String, Long> resumeAfter) {
    if (batch > 1) {
      return feed.candles(pairs(), timeframe, resumeAfter)
          .groupedWithin(batch * Math.max(1, byPair.size()), batchWindow)
          .mapAsync(1, this::processGroup)
          .mapConcat(steps -> steps);
    }
    return feed.candles(pairs(), timeframe, resumeAfter)
        .mapAsyncPartitioned(Math.max(1, byPair.size()), Candle::pair, (c, pair) -> process(c))
        .mapConcat(steps -> steps);
  }

  /** A group of candles of several pairs: per pair (in parallel) its routes, each with one ask per agent. */
  private CompletionStage<List<Step>> processGroup(List<Candle> group) {
    Map<String, List<Candle>> perPair = new LinkedHashMap<>();
    for (Candle c : group) perPair.computeIfAbsent(c.pair(), p -> new ArrayList<>()).add(c);
    List<CompletableFuture<List<Step>>> all = new ArrayList<>();
    for (Map.Entry<String, List<Candle>> e : perPair.entrySet()) {
      List<Route> rs = byPair.getOrDefault(e.getKey(), List.of());
      CompletionStage<List<Step>> acc = CompletableFuture.completedFuture(new ArrayList<>());
      for (Route r : rs) acc = acc.thenCompose(list -> routeBatch(r, e.getValue()).thenApply(steps -> {
        list.addAll(steps);
        return list;
      }));
      all.add(acc.toCompletableFuture());
    }
    return CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).thenApply(x -> {
      List<Step> out = new ArrayList<>(group.size());
      for (CompletableFuture<List<Step>> f : all) out.addAll(f.join());
      return out;
    });
  }

  private CompletionStage<List<Step>> routeBatch(Route r, List<Candle> candles) {
    return Asks.<SignalAgent.Command, SignalAgent.CandleAcks>ask(agents.signal(r.signalEntityId()),
            reply -> new SignalAgent.ProcessCandles(List.copyOf(candles), reply), askTimeout, system.scheduler())
        .thenCompose(acks -> {
          List<StrategyAgent.CandleSignal> forward = new ArrayList<>(candles.size());
          List<SignalAgent.CandleAck> forwarded = new ArrayList<>(candles.size());
          for (int i = 0; i < candles.size(); i++) {
            SignalAgent.CandleAck a = acks.acks().get(i);
            if (a.outcome() == SignalAgent.CandleOutcome.WRONG_SERIES) continue;
            forward.add(new StrategyAgent.CandleSignal(candles.get(i), a.bits(), a.enterTag(), a.exitTag(),
                a.error()));
            forwarded.add(a);
          }
          List<CompletableFuture<StrategyAgent.CandleAcks>> asks = new ArrayList<>();
          for (String s : r.strategyEntityIds()) {
            asks.add(Asks.<StrategyAgent.Command, StrategyAgent.CandleAcks>ask(agents.strategy(s),
                reply -> new StrategyAgent.OnCandles(forward, reply), askTimeout, system.scheduler())
                .toCompletableFuture());
          }
          return CompletableFuture.allOf(asks.toArray(CompletableFuture[]::new)).thenApply(x -> {
            List<Step> steps = new ArrayList<>(candles.size());
            int j = 0;
            for (int i = 0; i < candles.size(); i++) {
              SignalAgent.CandleAck a = acks.acks().get(i);
              Map<String, StrategyAgent.CandleOutcome> out = new LinkedHashMap<>();
              if (a.outcome() != SignalAgent.CandleOutcome.WRONG_SERIES) {
                for (int k = 0; k < asks.size(); k++) {
                  out.put(r.strategyEntityIds().get(k), asks.get(k).join().acks().get(j).outcome());
                }
                j++;
              }
              steps.add(new Step(candles.get(i), r.signalEntityId(), a.outcome(), a.bits(), a.enterTag(),
                  a.exitTag(), out));
            }
            return steps;
          });
        });
  }

  /** Reads the resume points, then runs the graph to the end of the feed; the stage completes with the stream. */
  public CompletionStage<Done> run(LiveFeed feed) {
    return resumePoints().thenCompose(after -> {
      log.info("pipeline: {} route(s) on {} {}, resuming after {}", routes.size(), pairs(), timeframe.text(), after);
      return source(feed, after)
          .map(s -> {
            if (log.isDebugEnabled()) {
              log.debug("candle {} {}: signal {} {} bits {} → {}", s.candle().pair(), s.candle().openTime(),
                  s.signalEntityId(), s.signal(), s.bits(), s.strategies());
            }
            return s;
          })
          .runWith(Sink.ignore(), system);
    });
  }

  private CompletionStage<List<Step>> process(Candle c) {
    List<Route> rs = byPair.getOrDefault(c.pair(), List.of());
    CompletionStage<List<Step>> acc = CompletableFuture.completedFuture(new ArrayList<>(rs.size()));
    for (Route r : rs) acc = acc.thenCompose(list -> route(r, c).thenApply(step -> {
      list.add(step);
      return list;
    }));
    return acc;
  }

  private CompletionStage<Step> route(Route r, Candle c) {
    return Asks.<SignalAgent.Command, SignalAgent.CandleAck>ask(agents.signal(r.signalEntityId()),
            reply -> new SignalAgent.ProcessCandle(c, reply), askTimeout, system.scheduler())
        .thenCompose(ack -> {
          if (ack.outcome() == SignalAgent.CandleOutcome.WRONG_SERIES) {
            return CompletableFuture.completedFuture(new Step(c, r.signalEntityId(), ack.outcome(), 0, null, null,
                Map.of()));
          }
          List<CompletableFuture<StrategyAgent.CandleAck>> asks = new ArrayList<>();
          for (String s : r.strategyEntityIds()) {
            asks.add(Asks.<StrategyAgent.Command, StrategyAgent.CandleAck>ask(agents.strategy(s),
                    reply -> new StrategyAgent.OnCandle(c, ack.bits(), ack.enterTag(), ack.exitTag(), ack.error(),
                        reply),
                    askTimeout, system.scheduler()).toCompletableFuture());
          }
          return CompletableFuture.allOf(asks.toArray(CompletableFuture[]::new)).thenApply(x -> {
            Map<String, StrategyAgent.CandleOutcome> out = new LinkedHashMap<>();
            for (int i = 0; i < asks.size(); i++) out.put(r.strategyEntityIds().get(i), asks.get(i).join().outcome());
            return new Step(c, r.signalEntityId(), ack.outcome(), ack.bits(), ack.enterTag(), ack.exitTag(), out);
          });
        });
  }

  /**
   * Spawns a subscriber that logs every trade notice at INFO and subscribes it to all strategy agents of the
   * routes; the stage completes when they all confirmed.
   */
  public CompletionStage<ActorRef<StrategyAgent.TradeNotice>> logNotices(String name) {
    ActorRef<StrategyAgent.TradeNotice> logger = system.systemActorOf(noticeLogger(), name, Props.empty());
    List<CompletableFuture<Done>> asks = new ArrayList<>();
    for (Route r : routes) {
      for (String s : r.strategyEntityIds()) {
        asks.add(Asks.<StrategyAgent.Command, Done>ask(agents.strategy(s),
            reply -> new StrategyAgent.Subscribe(logger, reply), askTimeout, system.scheduler()).toCompletableFuture());
      }
    }
    return CompletableFuture.allOf(asks.toArray(CompletableFuture[]::new)).thenApply(x -> logger);
  }

  /** Logs trade notices at INFO. */
  public static Behavior<StrategyAgent.TradeNotice> noticeLogger() {
    return Behaviors.receive(StrategyAgent.TradeNotice.class)
        .onMessage(StrategyAgent.TradeIntent.class, n -> {
          log.info("trade intent {} ({}): {} {} at {} stake {} tag {}", n.instance(), n.strategyName(),
              n.isShort() ? "SHORT" : "LONG", n.pair(), n.openRate(), n.stakeAmount(), n.enterTag());
          return Behaviors.same();
        })
        .onMessage(StrategyAgent.TradeClosedNotice.class, n -> {
          log.info("trade closed {} ({}): {} {} → {} profit {} ({})", n.instance(), n.strategyName(),
              n.trade().pair(), n.trade().openRate(), n.trade().closeRate(), n.trade().profitAbs(),
              n.trade().exitReason());
          return Behaviors.same();
        })
        .onMessage(StrategyAgent.TradeCanceledNotice.class, n -> {
          log.info("trade canceled {} ({}): {} opened at {}", n.instance(), n.strategyName(), n.pair(),
              n.openTime());
          return Behaviors.same();
        })
        .build();
  }
}
