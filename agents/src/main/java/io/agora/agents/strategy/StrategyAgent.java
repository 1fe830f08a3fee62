package io.agora.agents.strategy;

import io.agora.agents.Subscribers;
import io.agora.agents.AccountId;
import io.agora.agents.desk.TradingDesk;
import io.agora.agents.events.AgentEvents;
import io.agora.core.market.Side;
import io.agora.core.meta.Direction;
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
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.TreeMap;
import java.util.List;
import java.util.Map;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.SupervisorStrategy;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import io.agora.agents.Asks;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityRef;
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

  /**
   * A person's command: close the open trade on the next candle, at its open (Freqtrade's {@code force_exit}); the
   * exit then goes to the desk as any other. Only in RUNNING or PAUSED with an open trade; a second request before
   * that candle changes nothing.
   */
  public record ForceExit(String principal, ActorRef<StatusReply<StatusView>> replyTo) implements Command {}

  /** The closed trades so far (rebuilt with the trader on recovery). */
  public record GetTrades(ActorRef<TradesView> replyTo) implements Command {}

  /**
   * A closed candle with the signal computed at its close ({@link io.agora.core.strategy.Signal} bits, tags or
   * null), from the signal agent. {@code signalError} is null, or why the signal could not be computed (a scored
   * strategy whose inference failed): a running agent then goes to ERROR with that reason.
   */
  public record OnCandle(Candle candle, int signalBits, String enterTag, String exitTag, String signalError,
      ActorRef<CandleAck> replyTo) implements Command {
    public OnCandle(Candle candle, int signalBits, String enterTag, String exitTag, ActorRef<CandleAck> replyTo) {
      this(candle, signalBits, enterTag, exitTag, null, replyTo);
    }
  }

  /** Several candles at once, in order: their state-changing ones are persisted together. */
  public record OnCandles(List<CandleSignal> candles, ActorRef<CandleAcks> replyTo) implements Command {}

  public record Subscribe(ActorRef<TradeNotice> subscriber, ActorRef<Done> replyTo) implements Command {}

  public record Unsubscribe(ActorRef<TradeNotice> subscriber, ActorRef<Done> replyTo) implements Command {}

  /** Sent by this entity to itself to persist the facts its last candles produced. */
  public record RecordFacts() implements Command {}

  /** Sent by this entity to itself when a subscriber stops. */
  public record SubscriberTerminated(ActorRef<TradeNotice> subscriber) implements Command {}

  /**
   * A person's command: from now on every trade this agent opens or closes goes to the {@link TradingDesk} with
   * entity id {@code deskEntityId} (the account's desk), which turns it into orders.
   */
  public record AttachDesk(String deskEntityId, String principal, ActorRef<StatusReply<StatusView>> replyTo)
      implements Command {}

  /** From the desk: what became of an order this agent's trade contributed to. */
  public record OnOrderUpdate(OrderUpdate update) implements Command {}

  /** Sent by this entity to itself when the desk answered a delivered fact (or the ask failed). */
  record Delivered(TradingDesk.StrategyFact fact, String failure) implements Command {}

  /** Sent by this entity to itself (a timer) to deliver the head of the outbox again. */
  record DeliverAgain() implements Command {}

  /**
   * An order of the desk and its end: {@code outcome} one of {@link TradingDesk.Outcome}'s names;
   * {@code decisionTime} the open time of the candle it was decided on.
   */
  public record OrderUpdate(String clientOrderId, String pair, Side side, String outcome, double filled,
      double averagePrice, double fee, String reason, long decisionTime) implements CborSerializable {}

  /** A candle and the signal computed at its close; {@code signalError} as in {@link OnCandle}. */
  public record CandleSignal(Candle candle, int signalBits, String enterTag, String exitTag, String signalError)
      implements CborSerializable {
    public CandleSignal(Candle candle, int signalBits, String enterTag, String exitTag) {
      this(candle, signalBits, enterTag, exitTag, null);
    }
  }

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
    NOT_RUNNING,
    /** Its signal failed ({@code signalError}): the agent went to ERROR on it. */
    FAILED
  }

  public record CandleAck(String pair, long openTime, CandleOutcome outcome) implements CborSerializable {}

  /** The answer to {@link OnCandles}, one ack per candle in order (a bare list has no serializer between nodes). */
  public record CandleAcks(List<CandleAck> acks) implements CborSerializable {}

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

  public record DeskAttached(AccountId instance, String deskEntityId, String principal) implements Event {}

  /** The next applied candle force-exits the open trades at its open (entries are not allowed on it). */
  public record ForceExitRequested(AccountId instance, String principal) implements Event {}

  /**
   * An order update from the desk. An entry that bought nothing (refused by risk, capital or the venue, or not
   * filled) deletes the agent's open trades on the pair opened by the decision's candle, as Freqtrade deletes a
   * trade whose entry order was refused.
   */
  public record OrderUpdateRecorded(AccountId instance, OrderUpdate update) implements Event {}

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

  /**
   * {@code undelivered}: trade facts the desk has not acknowledged yet (in memory: after a restart the latest fact
   * per pair is sent again); 0 once the desk has decided on every fact, which is how a caller knows the flow is
   * quiet.
   */
  public record StatusView(AccountId instance, State state, long lastSeen, long candlesSeen, int openTrades,
      int undelivered) implements CborSerializable {}

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
    return Behaviors.setup(ctx -> Behaviors.withTimers(timers ->
        new StrategyAgent(ctx, timers, instance, registry, checkpointEvery)));
  }

  private final ActorContext<Command> ctx;
  private final TimerScheduler<Command> timers;
  private final AccountId instance;
  private final StrategyRegistry registry;
  private final int checkpointEvery;
  private final Subscribers<TradeNotice, Command> subscribers;

  // rebuilt from events only (Configured creates them, CandleApplied feeds the trader)
  private Strategy strategy;
  private String strategyName;
  private BacktestSettings settings;
  private LocalWallet wallet;
  private PairTrader trader;
  /** Facts produced by applied candles and not yet recorded by their own events, oldest first. */
  private final List<Event> pending = new ArrayList<>();
  /** The candle being applied (for the facts the wallet produces). */
  private Candle applying;
  /** The desk trades go to (null: none); rebuilt from {@link DeskAttached}. */
  private String desk;
  /** A {@link ForceExitRequested} not yet applied by a candle; rebuilt from the events. */
  private boolean forceExitRequested;
  /** The desk's view of each fact produced, by identity of the fact event; consumed when the fact is recorded. */
  private final Map<Event, TradingDesk.StrategyFact> deskFacts = new IdentityHashMap<>();
  /** The pending facts already put into the outbox. */
  private final Map<Event, Boolean> sent = new IdentityHashMap<>();
  /** Per pair, the latest trade fact: what is sent again after a restart (the desk's answer is the same). */
  private final Map<String, TradingDesk.StrategyFact> latestFact = new TreeMap<>();
  /** Recorded facts not yet acknowledged by the desk, oldest first; delivered one at a time. */
  private final Deque<TradingDesk.StrategyFact> outbox = new ArrayDeque<>();
  private boolean delivering;
  /** The desk's entity ref and ask timeout, made once per desk id. */
  private EntityRef<TradingDesk.Command> deskRef;
  private java.time.Duration deskTimeout;
  private int deliveryAttempt;

  // ahead of the state by the candles that changed nothing (not persisted until the next checkpoint)
  private long lastSeen = Long.MIN_VALUE;
  private int seenBits;
  private String seenEnterTag;
  private String seenExitTag;
  private long candlesSeen;
  private int sincePersist;

  private StrategyAgent(ActorContext<Command> ctx, TimerScheduler<Command> timers, AccountId instance,
      StrategyRegistry registry, int checkpointEvery) {
    // "StrategyAgent|tenant|instance": PersistenceId.of refuses the '|' inside the entity id
    super(PersistenceId.ofUniqueId(ENTITY_KEY.name() + PersistenceId.DefaultSeparator() + instance.entityId()),
        SupervisorStrategy.restartWithBackoff(Duration.ofMillis(200), Duration.ofSeconds(5), 0.1));
    this.ctx = ctx;
    this.timers = timers;
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
    // the desk may have missed the last fact of a pair (a crash between recording and delivering it): send it
    // again; the desk compares decisions, so a fact it already had changes nothing
    if (desk != null) {
      outbox.addAll(latestFact.values());
      deliverNext();
    }
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
          return candles(s, List.of(new CandleSignal(c.candle(), c.signalBits(), c.enterTag(), c.exitTag(),
              c.signalError())), acks, () -> acks.get(0), c.replyTo());
        })
        .onCommand(OnCandles.class, (s, c) -> {
          List<CandleAck> acks = new ArrayList<>(c.candles().size());
          return candles(s, c.candles(), acks, () -> new CandleAcks(List.copyOf(acks)), c.replyTo());
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
        .onCommand(AttachDesk.class, this::onAttachDesk)
        .onCommand(ForceExit.class, this::onForceExit)
        .onCommand(OnOrderUpdate.class, (s, c) -> !changesTrader(s, c.update()) ? Effect().noReply()
            : Effect().persist(new OrderUpdateRecorded(instance, c.update()))
                .thenRun(ns -> {
                  if (!pending.isEmpty()) ctx.getSelf().tell(new RecordFacts());
                })
                .thenNoReply())
        .onCommand(Delivered.class, (s, c) -> {
          onDelivered(c);
          return Effect().noReply();
        })
        .onCommand(DeliverAgain.class, (s, c) -> {
          delivering = false;
          deliverNext();
          return Effect().noReply();
        })
        .build();
  }

  private ReplyEffect<Event, State> onAttachDesk(State s, AttachDesk c) {
    if (c.deskEntityId() == null || c.deskEntityId().isBlank()) {
      return Effect().reply(c.replyTo(), StatusReply.error("desk entity id is required"));
    }
    AccountId deskAccount;
    try {
      deskAccount = AccountId.parse(c.deskEntityId());
    } catch (IllegalArgumentException e) {
      return Effect().reply(c.replyTo(), StatusReply.error(e.getMessage()));
    }
    if (!deskAccount.tenant().equals(instance.tenant())) {
      return Effect().reply(c.replyTo(), StatusReply.error("desk " + c.deskEntityId() + " is of another tenant"));
    }
    if (c.deskEntityId().equals(desk)) return Effect().reply(c.replyTo(), StatusReply.success(view(s)));
    return Effect().persist(new DeskAttached(instance, c.deskEntityId(), c.principal()))
        .thenReply(c.replyTo(), ns -> StatusReply.success(view(ns)));
  }

  private ReplyEffect<Event, State> onForceExit(State s, ForceExit c) {
    if (s.lifecycle() != Lifecycle.RUNNING && s.lifecycle() != Lifecycle.PAUSED) {
      return Effect().reply(c.replyTo(), StatusReply.error("cannot ForceExit in state " + s.lifecycle()));
    }
    if (trader == null || !trader.hasOpenTrades()) {
      return Effect().reply(c.replyTo(), StatusReply.error("cannot ForceExit in state " + s.lifecycle()
          + ": no open trade"));
    }
    if (forceExitRequested) return Effect().reply(c.replyTo(), StatusReply.success(view(s)));
    return Effect().persist(new ForceExitRequested(instance, c.principal()))
        .thenRun(ns -> AgentEvents.publish(ctx.getSystem(), instance.tenant(), "agent", "strategy.force-exit",
            "force exit of " + instance.account() + " requested by " + c.principal() + " (next candle)",
            instance.entityId()))
        .thenReply(c.replyTo(), ns -> StatusReply.success(view(ns)));
  }

  /** Puts the pending facts not sent yet into the outbox, in order. */
  private void sendToDesk() {
    for (Event e : pending) {
      TradingDesk.StrategyFact f = deskFacts.get(e);
      if (f != null && sent.put(e, Boolean.TRUE) == null && desk != null) outbox.addLast(f);
    }
    deliverNext();
  }

  private void deliverNext() {
    if (delivering || outbox.isEmpty() || desk == null) return;
    delivering = true;
    TradingDesk.StrategyFact fact = outbox.peekFirst();
    if (deskRef == null || !deskRef.getEntityId().equals(desk)) {
      deskRef = org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding.get(ctx.getSystem())
          .entityRefFor(TradingDesk.ENTITY_KEY, desk);
      deskTimeout = ctx.getSystem().settings().config().getDuration("agora.desk.ask-timeout");
    }
    ctx.pipeToSelf(Asks.<TradingDesk.Command, StatusReply<TradingDesk.FactOutcome>>ask(deskRef,
            r -> new TradingDesk.OnStrategyFact(fact, r), deskTimeout, ctx.getSystem().scheduler()),
        (reply, err) -> new Delivered(fact, err != null ? String.valueOf(err)
            : reply.isError() ? reply.getError().getMessage() : null));
  }

  private void onDelivered(Delivered c) {
    if (c.failure() == null) {
      delivering = false;
      deliveryAttempt = 0;
      if (!outbox.isEmpty() && outbox.peekFirst() == c.fact()) outbox.pollFirst();
      deliverNext();
      return;
    }
    deliveryAttempt++;
    long ms = Math.min(10_000L, 100L << Math.min(deliveryAttempt, 7));
    ctx.getLog().warn("strategy {}: delivering {} {} to desk {} failed (attempt {}), retrying in {} ms: {}", instance,
        c.fact().direction(), c.fact().pair(), desk, deliveryAttempt, ms, c.failure());
    timers.startSingleTimer(new DeliverAgain(), java.time.Duration.ofMillis(ms));
  }

  private StatusView view(State s) {
    return new StatusView(instance, s, lastSeen, candlesSeen, trader == null ? 0 : trader.openTrades().size(),
        outbox.size());
  }

  private ReplyEffect<Event, State> transition(State s, String command, ActorRef<StatusReply<StatusView>> replyTo,
      String principal, boolean allowed, String why, Lifecycle... to) {
    if (!allowed) {
      String msg = why != null ? why : "cannot " + command + " in state " + s.lifecycle();
      return Effect().reply(replyTo, StatusReply.error(msg));
    }
    List<Event> events = new ArrayList<>();
    for (Lifecycle l : to) events.add(new LifecycleChanged(instance, l, principal));
    return Effect().persist(events)
        .thenRun(ns -> AgentEvents.publish(ctx.getSystem(), instance.tenant(), "agent", "strategy.lifecycle",
            instance.account() + " " + s.lifecycle() + " → " + ns.lifecycle() + " (" + command + " by " + principal
                + ")", instance.entityId(), Map.of("lifecycle", ns.lifecycle().name())))
        .thenReply(replyTo, ns -> StatusReply.success(view(ns)));
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
    Failed signalFailed = null;
    boolean mayChange = false; // once a candle of the batch is applied, the trader's state is unknown until applied
    for (CandleSignal cs : input) {
      Candle k = cs.candle();
      CandleOutcome outcome;
      if (!trading) outcome = CandleOutcome.NOT_RUNNING;
      else if (!k.pair().equals(s.config().pair()) || !k.timeframe().equals(settings.timeframe)) {
        outcome = CandleOutcome.WRONG_SERIES;
      } else if (k.openTime() <= lastSeen) outcome = CandleOutcome.DUPLICATE;
      else if (cs.signalError() != null) {
        // without its signal the strategy cannot go on: ERROR, as when the strategy itself throws
        signalFailed = new Failed(instance, "no signal for the candle at " + k.openTime() + ": " + cs.signalError(),
            k.openTime());
        outcome = CandleOutcome.FAILED;
        trading = false;
      } else {
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
    if (!applied && signalFailed == null && sincePersist >= checkpointEvery) {
      events.add(new LastCandle(instance, lastSeen, seenBits, seenEnterTag, seenExitTag, candlesSeen));
      sincePersist = 0;
    } else if ((applied || signalFailed != null) && sincePersist > 0) {
      // the batch ended with unchanged candles: keep their signal too
      events.add(new LastCandle(instance, lastSeen, seenBits, seenEnterTag, seenExitTag, candlesSeen));
      sincePersist = 0;
    }
    if (signalFailed != null) events.add(signalFailed);
    if (events.isEmpty()) return Effect().reply(replyTo, reply.get());
    Failed failedNow = signalFailed;
    return Effect().persist(events)
        .thenRun(ns -> {
          if (failedNow != null) notice(failedNow);
          if (!pending.isEmpty()) {
            ctx.getSelf().tell(new RecordFacts());
            // the facts follow from the candles now durable: the desk need not wait for their own write (after a
            // crash before it, recovery derives them again and the latest fact per pair is sent again)
            sendToDesk();
          }
        })
        .thenReply(replyTo, ns -> reply.get());
  }

  private ReplyEffect<Event, State> onRecordFacts(State s, RecordFacts c) {
    if (pending.isEmpty()) return Effect().noReply();
    List<Event> facts = List.copyOf(pending);
    sendToDesk();
    return Effect().persist(facts).thenRun(ns -> facts.forEach(f -> publish(s, f))).thenNoReply();
  }

  private void publish(State s, Event fact) {
    notice(fact);
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

  /** A live notice of a recorded trade fact on the agents' event bus ({@link AgentEvents}). */
  private void notice(Event fact) {
    String type;
    String message;
    Map<String, String> data = new java.util.LinkedHashMap<>();
    if (fact instanceof TradeOpened o) {
      type = "trade.opened";
      message = "trade opened on " + o.pair() + " at " + o.openRate();
      data.put("pair", o.pair());
      data.put("openRate", Double.toString(o.openRate()));
      data.put("stake", Double.toString(o.stakeAmount()));
    } else if (fact instanceof TradeClosed t) {
      type = "trade.closed";
      message = "trade closed on " + t.trade().pair() + " at " + t.trade().closeRate() + " (" + t.trade().exitReason()
          + ")";
      data.put("pair", t.trade().pair());
      data.put("closeRate", Double.toString(t.trade().closeRate()));
      data.put("exitReason", String.valueOf(t.trade().exitReason()));
      data.put("profit", Double.toString(t.trade().profitAbs()));
    } else if (fact instanceof TradeCanceled t) {
      type = "trade.canceled";
      message = "trade canceled on " + t.pair();
      data.put("pair", t.pair());
    } else if (fact instanceof Failed f) {
      AgentEvents.publish(ctx.getSystem(), instance.tenant(), "alert", "strategy.failed", f.reason(),
          instance.entityId());
      return;
    } else {
      return;
    }
    AgentEvents.publish(ctx.getSystem(), instance.tenant(), "agent", type, instance.account() + ": " + message,
        instance.entityId(), data);
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
        // a strategy's own failure is a pending fact of its candle; a failed signal is not (nothing pending for it)
        .onEvent(Failed.class, (s, e) -> (!pending.isEmpty() && pending.get(0) instanceof Failed ? recorded(s) : s)
            .failed(e.reason()))
        .onEvent(DeskAttached.class, (s, e) -> {
          desk = e.deskEntityId();
          return s;
        })
        .onEvent(ForceExitRequested.class, (s, e) -> {
          forceExitRequested = true;
          return s;
        })
        .onEvent(OrderUpdateRecorded.class, this::applyOrderUpdate)
        .build();
  }

  private State applyConfigured(State s, Configured e) {
    try {
      strategy = registry.create(e.strategyName(), e.params());
      strategyName = e.strategyName();
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
    applying = k;
    boolean forced = forceExitRequested;
    forceExitRequested = false;
    try {
      // a force exit closes at the candle's open, and the candle enters nothing new
      if (forced) trader.forceExit(k.openTime(), k.open(), k.high(), k.low());
      trader.onCandle(k.openTime(), k.open(), k.high(), k.low(), k.close(), e.fedBits(), e.fedEnterTag(),
          e.fedExitTag(), k.openTime(), e.canEnter() && !forced);
    } catch (RuntimeException ex) {
      String reason = "strategy " + s.config().strategyName() + " failed on the candle at " + k.openTime() + ": "
          + ex;
      pending.add(new Failed(instance, reason, k.openTime()));
      return next.failed(reason);
    }
    return next.counted(wallet.opened, wallet.closed, wallet.canceled, wallet.profit);
  }

  /**
   * Only an entry that bought nothing changes the agent (its trade is deleted), so only such an update is
   * persisted; a filled order is the venue agreeing with the strategy's own fill.
   */
  private boolean changesTrader(State s, OrderUpdate u) {
    return u != null && u.side() == Side.BUY && !(u.filled() > 0) && trader != null
        && s.lifecycle() != Lifecycle.ERROR && u.pair().equals(trader.pair()) && trader.hasOpenTrades();
  }

  private State applyOrderUpdate(State s, OrderUpdateRecorded e) {
    OrderUpdate u = e.update();
    boolean boughtNothing = u.side() == Side.BUY && !(u.filled() > 0);
    if (!boughtNothing || trader == null || s.lifecycle() == Lifecycle.ERROR || !u.pair().equals(trader.pair())) {
      return s;
    }
    applying = null;
    trader.dropOpenTrades(u.decisionTime());
    return s.counted(wallet.opened, wallet.closed, wallet.canceled, wallet.profit);
  }

  private State recorded(State s) {
    if (!pending.isEmpty()) {
      Event e = pending.remove(0);
      deskFacts.remove(e);
      sent.remove(e);
    }
    return s;
  }

  private void fact(Event e, String pair, Direction d, double price, double stake, String reason) {
    TradingDesk.StrategyFact f = new TradingDesk.StrategyFact(instance.entityId(),
        strategyName, pair, d, price, stake, applying,
        d == Direction.FLAT ? applying.closeTime() - 1 : applying.openTime(), reason);
    latestFact.put(pair, f);
    deskFacts.put(e, f);
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
      TradeOpened e = new TradeOpened(instance, t.pair(), t.isShort(), t.openTime(), t.openRate(), t.amount(),
          t.stakeAmount(), t.enterTag(), applying.openTime());
      pending.add(e);
      fact(e, t.pair(), t.isShort() ? Direction.SHORT : Direction.LONG, t.openRate(), t.stakeAmount(),
          "entry " + (t.enterTag() == null ? "" : t.enterTag()));
    }

    @Override
    public void onTradeCanceled(TradeView t) {
      canceled++;
      open.remove(t);
      long at = applying == null ? t.openTime() : applying.openTime();
      TradeCanceled e = new TradeCanceled(instance, t.pair(), t.isShort(), t.openTime(), at);
      pending.add(e);
      // an entry the desk refused is already flat there; an entry timeout in the trader is a decision to stay flat
      if (applying != null) fact(e, t.pair(), Direction.FLAT, applying.open(), t.stakeAmount(), "entry canceled");
    }

    @Override
    public void onTradeClosed(TradeView t, TradeResult result) {
      closed++;
      open.remove(t);
      profit += result.profitAbs();
      TradeClosed e = new TradeClosed(instance, result, applying.openTime());
      pending.add(e);
      fact(e, t.pair(), Direction.FLAT, result.closeRate(), t.stakeAmount(), "exit " + result.exitReason());
    }
  }
}
