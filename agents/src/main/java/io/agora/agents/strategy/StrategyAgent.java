package io.agora.agents.strategy;

import io.agora.agents.Subscribers;
import io.agora.agents.AccountId;
import io.agora.agents.marketdata.Candle;
import io.agora.core.backtest.BacktestSettings;
import io.agora.core.backtest.PairTrader;
import io.agora.core.backtest.TradeResult;
import io.agora.core.config.FreqtradeConfig;
import io.agora.core.strategy.Strategy;
import io.agora.core.strategy.StrategyRegistry;
import io.agora.core.strategy.TradeView;
import io.agora.persistence.CborSerializable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.SupervisorStrategy;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.Entity;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityTypeKey;
import org.apache.pekko.pattern.StatusReply;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.apache.pekko.persistence.typed.RecoveryCompleted;
import org.apache.pekko.persistence.typed.javadsl.CommandHandlerWithReply;
import org.apache.pekko.persistence.typed.javadsl.EventHandler;
import org.apache.pekko.persistence.typed.javadsl.EventSourcedBehaviorWithEnforcedReplies;
import org.apache.pekko.persistence.typed.javadsl.ReplyEffect;
import org.apache.pekko.persistence.typed.javadsl.RetentionCriteria;
import org.apache.pekko.persistence.typed.javadsl.SignalHandler;

/**
 * One running instance of a strategy on one pair (entity id {@code tenant|instanceId}): it receives each closed
 * candle with the signal the {@link io.agora.agents.signal.SignalAgent} computed at its close, and drives the core
 * {@link PairTrader} — the backtester's per-pair step — candle by candle, so paper trading gives the backtest's
 * trades. As in the backtester (and {@code PairTraderParityTest}), the signal of a candle is used on the NEXT
 * candle: the agent keeps the previous candle's signal and feeds it with each new candle.
 *
 * <p><b>Lifecycle.</b> IDLE → (Configure) IDLE → (Start) STARTING → RUNNING ⇄ (Pause / Resume) PAUSED →
 * (Stop) STOPPING → STOPPED; ERROR when the strategy throws. STARTING → RUNNING and STOPPING → STOPPED are
 * immediate today (two events persisted together): the signal agent warms the indicators, and nothing has to be
 * flushed on stop; the states are kept so that later work (warm-up checks, closing orders) can use them. RUNNING
 * enters and manages trades; PAUSED manages open trades (exits, stops, ROI, timeouts) but enters none; STOPPED
 * ignores candles and leaves open trades as they are (Freqtrade's stop). Illegal transitions are answered with an
 * error ("cannot Pause in state STOPPED"). ERROR is terminal for trading; the entity keeps answering.
 *
 * <p><b>What is persisted: state changes only, and recovery replays inputs.</b> {@link PairTrader} is mutable and
 * not serializable, so the agent persists the inputs that change it and rebuilds it on recovery by feeding them
 * again, in order, to a fresh trader: the event handler is the only place the trader is fed. A candle can change
 * the trader only when the pair has an open trade or the previous signal gives an entry direction (and entries
 * are allowed); then it is persisted as {@link CandleApplied} (the candle, the signal fed with it, the signal
 * computed at its close). Every other candle changes nothing in the trader: only its signal is kept in memory (it
 * is the next candle's input) and a {@link LastCandle} checkpoint is persisted every {@code checkpointEvery}
 * candles, so after a restart the agent knows the last candle and the signal to feed with the next one (candles
 * after the checkpoint must be delivered again: the signal agent delivers at least once after a crash). A
 * {@code OnCandles} batch persists its state-changing candles with one {@code persistAll}.
 *
 * <p><b>Derived facts.</b> What the trader did on a candle ({@link TradeOpened}, {@link TradeClosed},
 * {@link TradeCanceled}, and {@link Failed} when the strategy threw) is computed while the candle's event is
 * applied (the wallet's callbacks) and persisted right after as separate events, for audit and the read side. Their
 * event handler never touches the trader: it only marks the fact as recorded (replaying the candle produces it
 * again as "pending", replaying the fact clears it), so replay never applies a trade twice. A fact left pending
 * by a crash between the two writes is recorded on recovery.
 *
 * <p><b>No snapshots.</b> A snapshot would have to hold the trader (open trades with their orders, counters), which
 * is not serializable, so {@link #retentionCriteria()} disables them; recovery cost is bounded by the number of
 * state-changing candles (candles with an open trade or an entry signal), not by the number of candles.
 *
 * <p><b>Wallet.</b> A local {@link PairTrader.Wallet}: one slot, the configuration's stake, a balance of
 * {@code dry_run_wallet} plus realised profit (Freqtrade's {@code Wallets} arithmetic with
 * {@code tradable_balance_ratio}). In the full flow this wallet will ask the capital and risk agents.
 *
 * <p><b>Subscribers.</b> As in the other agents: in memory, watched, sent a {@link TradeIntent},
 * {@link TradeClosedNotice} or {@link TradeCanceledNotice} once per fact after it is persisted, never on replay.
 * The meta-decision agent will consume them.
 */
public final class StrategyAgent extends EventSourcedBehaviorWithEnforcedReplies<
    StrategyAgent.Command, StrategyAgent.Event, StrategyAgent.State> {

  public static final EntityTypeKey<Command> ENTITY_KEY = EntityTypeKey.create(Command.class, "StrategyAgent");
  /** Candles between {@link LastCandle} checkpoints when nothing else is persisted. */
  public static final int DEFAULT_CHECKPOINT_EVERY = 100;

  public enum Lifecycle { IDLE, STARTING, RUNNING, PAUSED, STOPPING, STOPPED, ERROR }

  // --- protocol ---------------------------------------------------------------------------------------------

  public sealed interface Command extends CborSerializable {}

  /**
   * Sets the strategy (a registry name and its parameters), the pair and the Freqtrade-style settings (stake,
   * fee, ROI, stop loss, trailing, ...; JSON); a person's command. Only in IDLE.
   */
  public record Configure(String strategyName, Map<String, String> params, String pair, String configJson,
      String principal, ActorRef<StatusReply<StatusView>> replyTo) implements Command {}

  public record Start(String principal, ActorRef<StatusReply<StatusView>> replyTo) implements Command {}

  public record Pause(String principal, ActorRef<StatusReply<StatusView>> replyTo) implements Command {}

  public record Resume(String principal, ActorRef<StatusReply<StatusView>> replyTo) implements Command {}

  public record Stop(String principal, ActorRef<StatusReply<StatusView>> replyTo) implements Command {}

  public record GetStatus(ActorRef<StatusView> replyTo) implements Command {}

  /** The closed trades so far (rebuilt with the trader on recovery). */
  public record GetTrades(ActorRef<TradesView> replyTo) implements Command {}

  /**
   * A closed candle with the signal computed at its close ({@link io.agora.core.strategy.Signal} bits, tags or
   * null), from the signal agent.
   */
  public record OnCandle(Candle candle, int signalBits, String enterTag, String exitTag,
      ActorRef<CandleAck> replyTo) implements Command {}

  /** Several candles at once, in order: their state-changing ones are persisted together. */
  public record OnCandles(List<CandleSignal> candles, ActorRef<List<CandleAck>> replyTo) implements Command {}

  public record Subscribe(ActorRef<TradeNotice> subscriber, ActorRef<Done> replyTo) implements Command {}

  public record Unsubscribe(ActorRef<TradeNotice> subscriber, ActorRef<Done> replyTo) implements Command {}

  /** Sent by this entity to itself to persist the facts its last candles produced. */
  public record RecordFacts() implements Command {}

  /** Sent by this entity to itself when a subscriber stops. */
  public record SubscriberTerminated(ActorRef<TradeNotice> subscriber) implements Command {}

  /** A candle and the signal computed at its close. */
  public record CandleSignal(Candle candle, int signalBits, String enterTag, String exitTag)
      implements CborSerializable {}

  public enum CandleOutcome {
    /** Persisted and fed to the trader. */
    APPLIED,
    /** Changed nothing in the trader: its signal is kept for the next candle. */
    UNCHANGED,
    /** At or before the last candle: ignored. */
    DUPLICATE,
    /** Another pair or timeframe. */
    WRONG_SERIES,
    /** Not RUNNING or PAUSED: ignored. */
    NOT_RUNNING
  }

  public record CandleAck(String pair, long openTime, CandleOutcome outcome) implements CborSerializable {}

  public sealed interface Event extends CborSerializable {
    AccountId instance();
  }

  public record Configured(AccountId instance, String strategyName, Map<String, String> params, String pair,
      String configJson, String principal) implements Event {}

  /** A lifecycle transition; {@code principal} is null for the agent's own transitions. */
  public record LifecycleChanged(AccountId instance, Lifecycle to, String principal) implements Event {}

  /**
   * The candle fed to the trader with the previous candle's signal ({@code fedBits}, tags) and whether entries
   * were allowed; {@code bits} and tags are the signal computed at its close (the next candle's input);
   * {@code candlesSeen} counts every candle received so far, this one included.
   */
  public record CandleApplied(AccountId instance, Candle candle, int fedBits, String fedEnterTag, String fedExitTag,
      boolean canEnter, int bits, String enterTag, String exitTag, long candlesSeen) implements Event {}

  /** Checkpoint: the last candle seen (none of those after the last event changed the trader) and its signal. */
  public record LastCandle(AccountId instance, long openTime, int bits, String enterTag, String exitTag,
      long candlesSeen) implements Event {}

  /** Derived: a trade opened (its entry order placed) on the candle at {@code candleTime}. */
  public record TradeOpened(AccountId instance, String pair, boolean isShort, long openTime, double openRate,
      double amount, double stakeAmount, String enterTag, long candleTime) implements Event {}

  /** Derived: a trade closed. */
  public record TradeClosed(AccountId instance, TradeResult trade, long candleTime) implements Event {}

  /** Derived: a trade was deleted before its entry filled. */
  public record TradeCanceled(AccountId instance, String pair, boolean isShort, long openTime, long candleTime)
      implements Event {}

  /** Derived: the strategy failed on the candle at {@code candleTime}; the agent is in ERROR. */
  public record Failed(AccountId instance, String reason, long candleTime) implements Event {}

  /** What subscribers receive. */
  public sealed interface TradeNotice extends CborSerializable {
    AccountId instance();
  }

  public record TradeIntent(AccountId instance, String strategyName, String pair, boolean isShort, long openTime,
      double openRate, double amount, double stakeAmount, String enterTag) implements TradeNotice {}

  public record TradeClosedNotice(AccountId instance, String strategyName, TradeResult trade) implements TradeNotice {}

  public record TradeCanceledNotice(AccountId instance, String strategyName, String pair, boolean isShort,
      long openTime) implements TradeNotice {}

  public record StatusView(AccountId instance, State state, long lastSeen, long candlesSeen, int openTrades)
      implements CborSerializable {}

  public record TradesView(AccountId instance, List<TradeResult> closed, int openTrades) implements CborSerializable {}

  /**
   * As of the last event: lifecycle, configuration (null until configured), the last candle persisted and the
   * signal computed at its close, the facts recorded, the realised profit and the failure reason (null when none).
   */
  public record State(Lifecycle lifecycle, Configured config, long lastCandle, int bits, String enterTag,
      String exitTag, long candlesSeen, int tradesOpened, int tradesClosed, int tradesCanceled, double realisedProfit,
      String error) implements CborSerializable {

    static final State EMPTY = new State(Lifecycle.IDLE, null, Long.MIN_VALUE, 0, null, null, 0, 0, 0, 0, 0, null);

    State with(Lifecycle l) {
      return new State(l, config, lastCandle, bits, enterTag, exitTag, candlesSeen, tradesOpened, tradesClosed,
          tradesCanceled, realisedProfit, error);
    }

    State configured(Configured c) {
      return new State(lifecycle, c, lastCandle, bits, enterTag, exitTag, candlesSeen, tradesOpened, tradesClosed,
          tradesCanceled, realisedProfit, error);
    }

    State lastCandle(long time, int b, String et, String xt, long seen) {
      return new State(lifecycle, config, time, b, et, xt, seen, tradesOpened, tradesClosed, tradesCanceled,
          realisedProfit, error);
    }

    State failed(String reason) {
      return new State(Lifecycle.ERROR, config, lastCandle, bits, enterTag, exitTag, candlesSeen, tradesOpened,
          tradesClosed, tradesCanceled, realisedProfit, reason);
    }

    State counted(int opened, int closed, int canceled, double profit) {
      return new State(lifecycle, config, lastCandle, bits, enterTag, exitTag, candlesSeen, opened, closed, canceled,
          profit, error);
    }
  }

  // --- wiring -----------------------------------------------------------------------------------------------

  public static String entityId(String tenant, String instanceId) {
    return new AccountId(tenant, instanceId).entityId();
  }

  public static void init(ActorSystem<?> system) {
    StrategyRegistry registry = StrategyRegistry.builtin();
    ClusterSharding.get(system).init(Entity.of(ENTITY_KEY,
        ctx -> create(ctx.getEntityId(), registry, DEFAULT_CHECKPOINT_EVERY)));
  }

  /** The behaviour for entity id {@code tenant|instanceId}, with the built-in strategies. */
  public static Behavior<Command> create(String entityId) {
    return create(entityId, StrategyRegistry.builtin(), DEFAULT_CHECKPOINT_EVERY);
  }

  /** As {@link #create(String)} with the strategies of {@code registry} (tests register their own). */
  public static Behavior<Command> create(String entityId, StrategyRegistry registry, int checkpointEvery) {
    if (checkpointEvery < 1) throw new IllegalArgumentException("checkpointEvery must be >= 1, was " + checkpointEvery);
    AccountId instance = AccountId.parse(entityId);
    return Behaviors.setup(ctx -> new StrategyAgent(ctx, instance, registry, checkpointEvery));
  }

  private final ActorContext<Command> ctx;
  private final AccountId instance;
  private final StrategyRegistry registry;
  private final int checkpointEvery;
  private final Subscribers<TradeNotice, Command> subscribers;

  // rebuilt from events only (Configured creates them, CandleApplied feeds the trader)
  private Strategy strategy;
  private BacktestSettings settings;
  private LocalWallet wallet;
  private PairTrader trader;
  /** Facts produced by applied candles and not yet recorded by their own events, oldest first. */
  private final List<Event> pending = new ArrayList<>();
  /** The candle being applied (for the facts the wallet produces). */
  private long applying;

  // ahead of the state by the candles that changed nothing (not persisted until the next checkpoint)
  private long lastSeen = Long.MIN_VALUE;
  private int seenBits;
  private String seenEnterTag;
  private String seenExitTag;
  private long candlesSeen;
  private int sincePersist;

  private StrategyAgent(ActorContext<Command> ctx, AccountId instance, StrategyRegistry registry, int checkpointEvery) {
    // "StrategyAgent|tenant|instance": PersistenceId.of refuses the '|' inside the entity id
    super(PersistenceId.ofUniqueId(ENTITY_KEY.name() + PersistenceId.DefaultSeparator() + instance.entityId()),
        SupervisorStrategy.restartWithBackoff(Duration.ofMillis(200), Duration.ofSeconds(5), 0.1));
    this.ctx = ctx;
    this.subscribers = new Subscribers<>(ctx, SubscriberTerminated::new);
    this.instance = instance;
    this.registry = registry;
    this.checkpointEvery = checkpointEvery;
  }

  @Override
  public State emptyState() {
    return State.EMPTY;
  }

  /** No snapshots: the trader cannot be serialized; recovery re-feeds the state-changing candles. */
  @Override
  public RetentionCriteria retentionCriteria() {
    return RetentionCriteria.disabled();
  }

  @Override
  public SignalHandler<State> signalHandler() {
    return newSignalHandlerBuilder().onSignal(RecoveryCompleted.instance(), this::onRecovered).build();
  }

  private void onRecovered(State s) {
    syncSeen(s);
    if (!pending.isEmpty()) ctx.getSelf().tell(new RecordFacts());
  }

  private void syncSeen(State s) {
    lastSeen = s.lastCandle();
    seenBits = s.bits();
    seenEnterTag = s.enterTag();
    seenExitTag = s.exitTag();
    candlesSeen = s.candlesSeen();
    sincePersist = 0;
  }

  // --- commands ---------------------------------------------------------------------------------------------

  @Override
  public CommandHandlerWithReply<Command, Event, State> commandHandler() {
    return newCommandHandlerWithReplyBuilder().forAnyState()
        .onCommand(Configure.class, this::onConfigure)
        .onCommand(Start.class, (s, c) -> transition(s, "Start", c.replyTo(), c.principal(),
            s.lifecycle() == Lifecycle.IDLE && s.config() != null,
            s.lifecycle() == Lifecycle.IDLE ? "not configured: send Configure first" : null,
            Lifecycle.STARTING, Lifecycle.RUNNING))
        .onCommand(Pause.class, (s, c) -> transition(s, "Pause", c.replyTo(), c.principal(),
            s.lifecycle() == Lifecycle.RUNNING, null, Lifecycle.PAUSED))
        .onCommand(Resume.class, (s, c) -> transition(s, "Resume", c.replyTo(), c.principal(),
            s.lifecycle() == Lifecycle.PAUSED, null, Lifecycle.RUNNING))
        .onCommand(Stop.class, (s, c) -> transition(s, "Stop", c.replyTo(), c.principal(),
            s.lifecycle() == Lifecycle.RUNNING || s.lifecycle() == Lifecycle.PAUSED, null,
            Lifecycle.STOPPING, Lifecycle.STOPPED))
        .onCommand(GetStatus.class, (s, c) -> Effect().reply(c.replyTo(), view(s)))
        .onCommand(GetTrades.class, (s, c) -> Effect().reply(c.replyTo(), new TradesView(instance,
            trader == null ? List.of() : List.copyOf(trader.closedTrades()),
            trader == null ? 0 : trader.openTrades().size())))
        .onCommand(OnCandle.class, (s, c) -> {
          List<CandleAck> acks = new ArrayList<>(1);
          return candles(s, List.of(new CandleSignal(c.candle(), c.signalBits(), c.enterTag(), c.exitTag())), acks,
              () -> acks.get(0), c.replyTo());
        })
        .onCommand(OnCandles.class, (s, c) -> {
          List<CandleAck> acks = new ArrayList<>(c.candles().size());
          return candles(s, c.candles(), acks, () -> List.copyOf(acks), c.replyTo());
        })
        .onCommand(RecordFacts.class, this::onRecordFacts)
        .onCommand(Subscribe.class, (s, c) -> {
          subscribers.add(c.subscriber());
          return Effect().reply(c.replyTo(), Done.getInstance());
        })
        .onCommand(Unsubscribe.class, (s, c) -> {
          subscribers.remove(c.subscriber());
          return Effect().reply(c.replyTo(), Done.getInstance());
        })
        .onCommand(SubscriberTerminated.class, (s, c) -> {
          subscribers.remove(c.subscriber());
          return Effect().noReply();
        })
        .build();
  }

  private StatusView view(State s) {
    return new StatusView(instance, s, lastSeen, candlesSeen, trader == null ? 0 : trader.openTrades().size());
  }

  private ReplyEffect<Event, State> transition(State s, String command, ActorRef<StatusReply<StatusView>> replyTo,
      String principal, boolean allowed, String why, Lifecycle... to) {
    if (!allowed) {
      String msg = why != null ? why : "cannot " + command + " in state " + s.lifecycle();
      return Effect().reply(replyTo, StatusReply.error(msg));
    }
    List<Event> events = new ArrayList<>();
    for (Lifecycle l : to) events.add(new LifecycleChanged(instance, l, principal));
    return Effect().persist(events).thenReply(replyTo, ns -> StatusReply.success(view(ns)));
  }

  private ReplyEffect<Event, State> onConfigure(State s, Configure c) {
    if (s.lifecycle() != Lifecycle.IDLE) {
      return Effect().reply(c.replyTo(), StatusReply.error("cannot Configure in state " + s.lifecycle()));
    }
    Map<String, String> params = c.params() == null ? Map.of() : Map.copyOf(c.params());
    String problem;
    try {
      problem = validate(c.strategyName(), params, c.pair(), c.configJson());
    } catch (RuntimeException e) {
      problem = String.valueOf(e.getMessage());
    }
    if (problem != null) {
      return Effect().reply(c.replyTo(), StatusReply.error("bad configuration: " + problem));
    }
    return Effect().persist(new Configured(instance, c.strategyName(), params, c.pair(), c.configJson(),
        c.principal())).thenReply(c.replyTo(), ns -> StatusReply.success(view(ns)));
  }

  /** The core's own messages: unknown strategy or parameter, unknown configuration key, invalid value. */
  private String validate(String strategyName, Map<String, String> params, String pair, String configJson) {
    if (strategyName == null || strategyName.isBlank()) return "strategy name is required";
    if (pair == null || pair.isBlank()) return "pair is required";
    Strategy st = registry.create(strategyName, params);
    FreqtradeConfig cfg = FreqtradeConfig.parse(configJson == null ? "{}" : configJson, "strategy " + instance);
    List<String> unknown = cfg.unknownKeyWarnings();
    if (!unknown.isEmpty()) return String.join("; ", unknown);
    BacktestSettings bs = cfg.toSettings(st);
    if (!bs.unlimitedStake && !(bs.stakeAmount > 0)) return "stake_amount must be set to a positive amount or \"unlimited\"";
    return null;
  }

  private <R> ReplyEffect<Event, State> candles(State s, List<CandleSignal> input, List<CandleAck> acks,
      java.util.function.Supplier<R> reply, ActorRef<R> replyTo) {
    boolean trading = s.lifecycle() == Lifecycle.RUNNING || s.lifecycle() == Lifecycle.PAUSED;
    boolean canEnter = s.lifecycle() == Lifecycle.RUNNING;
    List<Event> events = new ArrayList<>();
    boolean mayChange = false; // once a candle of the batch is applied, the trader's state is unknown until applied
    for (CandleSignal cs : input) {
      Candle k = cs.candle();
      CandleOutcome outcome;
      if (!trading) outcome = CandleOutcome.NOT_RUNNING;
      else if (!k.pair().equals(s.config().pair()) || !k.timeframe().equals(settings.timeframe)) {
        outcome = CandleOutcome.WRONG_SERIES;
      } else if (k.openTime() <= lastSeen) outcome = CandleOutcome.DUPLICATE;
      else {
        String et = emptyToNull(cs.enterTag());
        String xt = emptyToNull(cs.exitTag());
        mayChange = mayChange || trader.hasOpenTrades() || (canEnter && trader.entryDirection(seenBits) != 0);
        candlesSeen++;
        if (mayChange) {
          events.add(new CandleApplied(instance, k, seenBits, seenEnterTag, seenExitTag, canEnter, cs.signalBits(),
              et, xt, candlesSeen));
          outcome = CandleOutcome.APPLIED;
          sincePersist = 0;
        } else {
          outcome = CandleOutcome.UNCHANGED;
          sincePersist++;
        }
        lastSeen = k.openTime();
        seenBits = cs.signalBits();
        seenEnterTag = et;
        seenExitTag = xt;
      }
      acks.add(new CandleAck(k.pair(), k.openTime(), outcome));
    }
    boolean applied = !events.isEmpty();
    if (!applied && sincePersist >= checkpointEvery) {
      events.add(new LastCandle(instance, lastSeen, seenBits, seenEnterTag, seenExitTag, candlesSeen));
      sincePersist = 0;
    } else if (applied && sincePersist > 0) {
      // the batch ended with unchanged candles: keep their signal too
      events.add(new LastCandle(instance, lastSeen, seenBits, seenEnterTag, seenExitTag, candlesSeen));
      sincePersist = 0;
    }
    if (events.isEmpty()) return Effect().reply(replyTo, reply.get());
    return Effect().persist(events)
        .thenRun(ns -> {
          if (!pending.isEmpty()) ctx.getSelf().tell(new RecordFacts());
        })
        .thenReply(replyTo, ns -> reply.get());
  }

  private ReplyEffect<Event, State> onRecordFacts(State s, RecordFacts c) {
    if (pending.isEmpty()) return Effect().noReply();
    List<Event> facts = List.copyOf(pending);
    return Effect().persist(facts).thenRun(ns -> facts.forEach(f -> publish(s, f))).thenNoReply();
  }

  private void publish(State s, Event fact) {
    if (subscribers.isEmpty()) return;
    String name = s.config() == null ? null : s.config().strategyName();
    TradeNotice n;
    if (fact instanceof TradeOpened o) {
      n = new TradeIntent(instance, name, o.pair(), o.isShort(), o.openTime(), o.openRate(), o.amount(),
          o.stakeAmount(), o.enterTag());
    } else if (fact instanceof TradeClosed t) {
      n = new TradeClosedNotice(instance, name, t.trade());
    } else if (fact instanceof TradeCanceled t) {
      n = new TradeCanceledNotice(instance, name, t.pair(), t.isShort(), t.openTime());
    } else {
      return;
    }
    subscribers.publish(n);
  }

  private static String emptyToNull(String s) {
    return s == null || s.isEmpty() ? null : s;
  }

  // --- events -----------------------------------------------------------------------------------------------

  @Override
  public EventHandler<State, Event> eventHandler() {
    return newEventHandlerBuilder().forAnyState()
        .onEvent(Configured.class, this::applyConfigured)
        .onEvent(LifecycleChanged.class, (s, e) -> s.with(e.to()))
        .onEvent(CandleApplied.class, this::applyCandle)
        .onEvent(LastCandle.class, (s, e) -> s.lastCandle(e.openTime(), e.bits(), e.enterTag(), e.exitTag(),
            e.candlesSeen()))
        .onEvent(TradeOpened.class, (s, e) -> recorded(s))
        .onEvent(TradeClosed.class, (s, e) -> recorded(s))
        .onEvent(TradeCanceled.class, (s, e) -> recorded(s))
        .onEvent(Failed.class, (s, e) -> recorded(s).failed(e.reason()))
        .build();
  }

  private State applyConfigured(State s, Configured e) {
    try {
      strategy = registry.create(e.strategyName(), e.params());
      settings = FreqtradeConfig.parse(e.configJson() == null ? "{}" : e.configJson(), "strategy " + instance)
          .toSettings(strategy);
      wallet = new LocalWallet(settings);
      trader = new PairTrader(settings, strategy, e.pair(), wallet);
      return s.configured(e);
    } catch (RuntimeException ex) { // validated when configured: only a changed registry or core gets here
      trader = null;
      return s.configured(e).failed("configuration no longer valid: " + ex.getMessage());
    }
  }

  /** The only place the trader is fed. A strategy exception moves the agent to ERROR (a pending Failed fact). */
  private State applyCandle(State s, CandleApplied e) {
    Candle k = e.candle();
    State next = s.lastCandle(k.openTime(), e.bits(), e.enterTag(), e.exitTag(), e.candlesSeen());
    if (s.lifecycle() == Lifecycle.ERROR || trader == null) return next;
    applying = k.openTime();
    try {
      trader.onCandle(k.openTime(), k.open(), k.high(), k.low(), k.close(), e.fedBits(), e.fedEnterTag(),
          e.fedExitTag(), k.openTime(), e.canEnter());
    } catch (RuntimeException ex) {
      String reason = "strategy " + s.config().strategyName() + " failed on the candle at " + k.openTime() + ": "
          + ex;
      pending.add(new Failed(instance, reason, k.openTime()));
      return next.failed(reason);
    }
    return next.counted(wallet.opened, wallet.closed, wallet.canceled, wallet.profit);
  }

  private State recorded(State s) {
    if (!pending.isEmpty()) pending.remove(0);
    return s;
  }

  /**
   * One slot, a fixed stake (or all that is available when {@code stake_amount} is "unlimited"), a balance of
   * {@code dry_run_wallet} plus realised profit. The full flow will ask the capital and risk agents instead.
   */
  private final class LocalWallet implements PairTrader.Wallet {
    private final BacktestSettings bs;
    private final List<TradeView> open = new ArrayList<>(1);
    double profit;
    int opened;
    int closed;
    int canceled;

    LocalWallet(BacktestSettings bs) {
      this.bs = bs;
    }

    private double tied() {
      double t = 0;
      for (TradeView v : open) t += v.stakeAmount();
      return t;
    }

    @Override
    public boolean slotAvailable() {
      return open.isEmpty();
    }

    @Override
    public double tradeStakeAmount() {
      double available = availableStakeAmount();
      if (bs.unlimitedStake) return available > 0 ? available : Double.NaN;
      return available >= bs.stakeAmount ? bs.stakeAmount : Double.NaN;
    }

    @Override
    public double availableStakeAmount() {
      double tied = tied();
      return (bs.dryRunWallet + profit) * bs.tradableBalanceRatio - tied;
    }

    @Override
    public void onTradeOpened(TradeView t) {
      opened++;
      open.add(t);
      pending.add(new TradeOpened(instance, t.pair(), t.isShort(), t.openTime(), t.openRate(), t.amount(),
          t.stakeAmount(), t.enterTag(), applying));
    }

    @Override
    public void onTradeCanceled(TradeView t) {
      canceled++;
      open.remove(t);
      pending.add(new TradeCanceled(instance, t.pair(), t.isShort(), t.openTime(), applying));
    }

    @Override
    public void onTradeClosed(TradeView t, TradeResult result) {
      closed++;
      open.remove(t);
      profit += result.profitAbs();
      pending.add(new TradeClosed(instance, result, applying));
    }
  }
}
