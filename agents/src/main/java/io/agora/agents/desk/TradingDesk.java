package io.agora.agents.desk;

import io.agora.agents.AccountId;
import io.agora.agents.capital.CapitalAgent;
import io.agora.agents.execution.ExecutionAgent;
import io.agora.agents.execution.ExecutionAgent.OrderStatus;
import io.agora.agents.execution.ExecutionAgent.OrderView;
import io.agora.agents.marketdata.Candle;
import io.agora.agents.meta.MetaDecisionAgent;
import io.agora.agents.events.AgentEvents;
import io.agora.agents.risk.RiskAgent;
import io.agora.agents.risk.TradingHalt;
import io.agora.agents.strategy.StrategyAgent;
import io.agora.core.capital.PositionSizing;
import io.agora.core.market.Instrument;
import io.agora.core.market.Side;
import io.agora.core.meta.Direction;
import io.agora.core.meta.Intent;
import io.agora.core.paper.OrderType;
import io.agora.persistence.CborSerializable;
import java.math.BigDecimal;
import java.math.MathContext;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.RecipientRef;
import org.apache.pekko.actor.typed.SupervisorStrategy;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import io.agora.agents.Asks;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;
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
 * The desk of one account (entity id {@code tenant|account}): it carries what the strategies want through the rest
 * of the flow — meta-decision → capital (sizing, reservation) → risk (approve / reject) → execution → fills back to
 * capital, risk and the strategies. It is the only path from a strategy to a venue, so nothing reaches a venue
 * without a risk approval.
 *
 * <p><b>From a fact to an order.</b> A strategy agent sends each trade it opened or closed as a
 * {@link StrategyFact}. The desk submits it to the account's {@link MetaDecisionAgent} as an intent and compares the
 * pair's decision (none counts as FLAT) with the direction it last ordered for the pair; only a change becomes an
 * order intent. This is level-triggered on purpose: a fact delivered twice, or a decision the desk missed because it
 * crashed after the meta agent persisted it, gives the same comparison, so redelivery is always safe. Facts are
 * handled one at a time (the next waits in an in-memory queue until the meta agent answered). The desk decides on
 * the meta agent's tentative answer, sent before the meta agent's write, and acknowledges the fact only after that
 * write: a vote lost with a failed write is delivered again by the strategy and then changes nothing.
 *
 * <p><b>Order intents.</b> {@link OrderIntended} fixes the client order id ({@code <account>.<hash>.<seq>-0}) before
 * anything leaves the desk, so every retry reuses it and the venue recognises a repeated placement. Intents are
 * driven one at a time, in order (an exit sells what the entry before it bought). Driving one is a chain of asks,
 * each idempotent: look the order up (a retry skips what already happened), size it with the capital agent (the
 * strategy's stake by default: Freqtrade's fixed stake), reserve the funds, ask risk, place it, match it against
 * the decision's candle on the paper venue, cancel an unfilled rest (immediate-or-cancel: a decision is about its
 * candle), apply each fill to capital and risk, value the account. {@link IntentSettled} (with
 * {@link EquityMarked}) closes the intent; a failed ask (a node lost, a timeout) restarts the chain after a backoff,
 * and a desk recovering with an unsettled intent drives it again, as a retry: its order may already be placed.
 * An intent with nothing ahead of it starts its drive while {@link OrderIntended} is being written (one journal write
 * less before the order); the order is placed only once that write is durable, and the first intent after a
 * recovery is driven as a retry, which releases a reservation left by a drive whose intent was never written.
 * Money is never booked by the desk itself: the capital agent's ledger is the book; the desk keeps the position per
 * pair to know what an exit sells.
 *
 * <p><b>Spot only.</b> A SHORT decision is treated as FLAT (close what is held), since the paper and spot venues
 * cannot short.
 */
public final class TradingDesk
    extends EventSourcedBehaviorWithEnforcedReplies<TradingDesk.Command, TradingDesk.Event, TradingDesk.State> {

  public static final EntityTypeKey<Command> ENTITY_KEY = EntityTypeKey.create(Command.class, "TradingDesk");
  /** Only {@link EquityMarked} is tagged (for the read side's equity table): tags cost on every write. */
  public static final io.agora.agents.ProjectionTags TAGS = new io.agora.agents.ProjectionTags("desk", 4);
  private static final Duration MAX_BACKOFF = Duration.ofSeconds(10);
  private static final MathContext MC = MathContext.DECIMAL64;

  // --- protocol ---------------------------------------------------------------------------------------------

  public sealed interface Command extends CborSerializable {}

  /** A person's command: the desk's settings (only before the first order intent may the venue change). */
  public record Configure(DeskConfig config, String principal, ActorRef<StatusReply<DeskView>> replyTo)
      implements Command {}

  /** A trade a strategy agent opened or closed; answered once the desk decided what it means. */
  public record OnStrategyFact(StrategyFact fact, ActorRef<StatusReply<FactOutcome>> replyTo) implements Command {}

  public record GetView(ActorRef<DeskView> replyTo) implements Command {}

  /** Sent to itself with the meta agent's answer to a fact. */
  record MetaAnswered(StrategyFact fact, MetaDecisionAgent.IntentOutcome outcome, String failure,
      ActorRef<StatusReply<FactOutcome>> replyTo) implements Command {}

  /** The meta agent's answer to the fact in flight, before the meta agent's write (see {@link #askNext}). */
  record MetaTentative(MetaDecisionAgent.Tentative tentative) implements Command {}

  /** Sent to itself when the drive of an intent ended: {@code settlement} or a {@code failure} to retry. */
  record Driven(String intentId, Settlement settlement, String failure) implements Command {}

  /** Sent to itself (a timer) to drive the head intent again. */
  record DriveAgain(String intentId) implements Command {}

  /**
   * The settings of a desk. {@code sizing} null: the strategy's own stake (what Freqtrade's fixed stake gives);
   * {@code allocation}: the capital agent's budget name the desk trades under; {@code reserveFeeRate}: the fee
   * rate added to a buy's reservation; {@code orderType}: LIMIT at the decision's price (reproduces the backtester)
   * or MARKET at the candle's open.
   */
  public record DeskConfig(String venue, String quoteCurrency, String allocation, String portfolio,
      PositionSizing.Method sizing, double reserveFeeRate, OrderType orderType) implements CborSerializable {

    public static DeskConfig paper(String quoteCurrency, String allocation, String portfolio) {
      return new DeskConfig("paper", quoteCurrency, allocation, portfolio, null, 0.01, OrderType.LIMIT);
    }

    String problem() {
      if (venue == null || venue.isBlank() || venue.contains("|")) return "venue is required (no '|')";
      if (quoteCurrency == null || quoteCurrency.isBlank()) return "quote currency is required";
      if (allocation == null || allocation.isBlank()) return "allocation is required";
      if (portfolio == null || portfolio.isBlank() || portfolio.contains("|")) return "portfolio is required (no '|')";
      if (!(reserveFeeRate >= 0 && reserveFeeRate < 1)) return "reserve fee rate must be in [0, 1)";
      if (orderType == null) return "order type is required";
      return null;
    }
  }

  /**
   * What a strategy agent did on {@code candle}: opened a trade ({@code direction} LONG or SHORT, {@code price} its
   * open rate, {@code stake} its stake) or closed one (FLAT, {@code price} its close rate). {@code time} orders the
   * facts of one strategy: an entry happens at the candle's open, an exit during it (the candle's last
   * millisecond), so an entry and an exit on the same candle are two votes, not a repeated one.
   */
  public record StrategyFact(String strategyEntityId, String strategyName, String pair, Direction direction,
      double price, double stake, Candle candle, long time, String reason) implements CborSerializable {

    String problem() {
      if (strategyEntityId == null || pair == null || direction == null || candle == null) {
        return "a fact needs a strategy, a pair, a direction and a candle";
      }
      if (!candle.pair().equals(pair)) return "the fact's candle is of " + candle.pair() + ", not " + pair;
      if (!(price > 0) || Double.isInfinite(price)) return "price must be > 0, was " + price;
      return null;
    }
  }

  /** The answer to a fact: the order intent it started (null: none) and why. */
  public record FactOutcome(String intentId, String reason) implements CborSerializable {}

  public enum Outcome { FILLED, PARTIALLY_FILLED, NOT_FILLED, REJECTED, NOTHING_TO_SELL }

  /** How a drive ended; {@code cash} and {@code equity} in the quote currency (null when not valued). */
  public record Settlement(Outcome outcome, double filled, double averagePrice, double fee, String reason,
      BigDecimal cash, BigDecimal equity) implements CborSerializable {}

  public sealed interface Event extends CborSerializable {
    AccountId account();
  }

  public record Configured(AccountId account, DeskConfig config, String principal) implements Event {}

  /**
   * An order the desk will send: {@code amount} is NaN for an entry (sized when driven), the amount held for an
   * exit; {@code stake} the strategy's stake; {@code contributors} the strategy entities behind the decision.
   */
  public record OrderIntended(AccountId account, long seq, String intentId, String clientOrderId, String pair,
      Side side, Direction target, double price, double stake, Candle candle, List<String> contributors,
      String reason) implements Event {}

  public record IntentSettled(AccountId account, String intentId, String clientOrderId, String pair, Side side,
      Settlement settlement, long candleTime) implements Event {}

  /** The account valued after a settlement, in {@code currency}: the read side's equity curve. */
  public record EquityMarked(AccountId account, String currency, BigDecimal cash, BigDecimal equity, long at)
      implements Event {}

  /** Per pair: base amount held, quote paid for it (fees included), last direction ordered. */
  public record Book(BigDecimal held, BigDecimal cost, Direction ordered) implements CborSerializable {
    static final Book FLAT = new Book(BigDecimal.ZERO, BigDecimal.ZERO, Direction.FLAT);
  }

  public record State(DeskConfig config, long seq, Map<String, OrderIntended> pending, Map<String, Book> books,
      Map<String, Double> lastPrices, int settled, int filled, int rejected) implements CborSerializable {

    static final State EMPTY = new State(null, 0, Map.of(), Map.of(), Map.of(), 0, 0, 0);

    public State {
      pending = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(pending));
      books = Map.copyOf(books);
      lastPrices = Map.copyOf(lastPrices);
    }

    public Book book(String pair) {
      return books.getOrDefault(pair, Book.FLAT);
    }

    OrderIntended head() {
      return pending.isEmpty() ? null : pending.values().iterator().next();
    }

    State configured(DeskConfig c) {
      return new State(c, seq, pending, books, lastPrices, settled, filled, rejected);
    }

    State intended(OrderIntended e) {
      Map<String, OrderIntended> p = new LinkedHashMap<>(pending);
      p.put(e.intentId(), e);
      Map<String, Book> b = new TreeMap<>(books);
      Book old = book(e.pair());
      b.put(e.pair(), new Book(old.held(), old.cost(), e.target()));
      Map<String, Double> px = new TreeMap<>(lastPrices);
      px.put(e.pair(), e.candle().close());
      return new State(config, e.seq(), p, b, px, settled, filled, rejected);
    }

    State settledWith(IntentSettled e) {
      Map<String, OrderIntended> p = new LinkedHashMap<>(pending);
      p.remove(e.intentId());
      Settlement st = e.settlement();
      Map<String, Book> b = new TreeMap<>(books);
      Book old = book(e.pair());
      BigDecimal qty = BigDecimal.valueOf(st.filled());
      BigDecimal notional = qty.multiply(BigDecimal.valueOf(st.averagePrice()), MC);
      BigDecimal fee = BigDecimal.valueOf(st.fee());
      Book next = old;
      if (st.filled() > 0) {
        if (e.side() == Side.BUY) {
          next = new Book(old.held().add(qty), old.cost().add(notional).add(fee), old.ordered());
        } else {
          BigDecimal held = old.held().subtract(qty);
          BigDecimal cost = held.signum() <= 0 ? BigDecimal.ZERO
              : old.cost().multiply(held, MC).divide(old.held(), MC);
          next = new Book(held.signum() <= 0 ? BigDecimal.ZERO : held, cost, old.ordered());
        }
      }
      // an entry that bought nothing leaves the pair flat again, so the next LONG decision is ordered anew
      if (e.side() == Side.BUY && !(st.filled() > 0)) next = new Book(next.held(), next.cost(), Direction.FLAT);
      // an exit that could not sell everything keeps the pair LONG, so the next FLAT decision sells the rest
      if (e.side() == Side.SELL && next.held().signum() > 0) next = new Book(next.held(), next.cost(), Direction.LONG);
      b.put(e.pair(), next);
      boolean anyFill = st.filled() > 0;
      return new State(config, seq, p, b, lastPrices, settled + 1, filled + (anyFill ? 1 : 0),
          rejected + (st.outcome() == Outcome.REJECTED ? 1 : 0));
    }
  }

  public record DeskView(AccountId account, State state) implements CborSerializable {}

  // --- wiring -----------------------------------------------------------------------------------------------

  /** How the desk reaches the other agents: through Cluster Sharding on a node, directly in tests. */
  public interface Peers {
    RecipientRef<MetaDecisionAgent.Command> meta(String entityId);

    RecipientRef<CapitalAgent.Command> capital(String entityId);

    RecipientRef<RiskAgent.Command> risk(String entityId);

    RecipientRef<ExecutionAgent.Command> execution(String entityId);

    RecipientRef<StrategyAgent.Command> strategy(String entityId);

    /** The kill switch of a scope ({@link TradingHalt#PLATFORM} or a tenant); null: no halts are consulted. */
    default RecipientRef<TradingHalt.Command> halt(String scope) {
      return null;
    }

    static Peers sharded(ActorSystem<?> system) {
      ClusterSharding sh = ClusterSharding.get(system);
      return new Peers() {
        @Override
        public RecipientRef<MetaDecisionAgent.Command> meta(String id) {
          return sh.entityRefFor(MetaDecisionAgent.ENTITY_KEY, id);
        }

        @Override
        public RecipientRef<CapitalAgent.Command> capital(String id) {
          return sh.entityRefFor(CapitalAgent.ENTITY_KEY, id);
        }

        @Override
        public RecipientRef<RiskAgent.Command> risk(String id) {
          return sh.entityRefFor(RiskAgent.ENTITY_KEY, id);
        }

        @Override
        public RecipientRef<ExecutionAgent.Command> execution(String id) {
          return sh.entityRefFor(ExecutionAgent.ENTITY_KEY, id);
        }

        @Override
        public RecipientRef<StrategyAgent.Command> strategy(String id) {
          return sh.entityRefFor(StrategyAgent.ENTITY_KEY, id);
        }

        @Override
        public RecipientRef<TradingHalt.Command> halt(String scope) {
          return sh.entityRefFor(TradingHalt.ENTITY_KEY, scope);
        }
      };
    }
  }

  public static String entityId(String tenant, String account) {
    return new AccountId(tenant, account).entityId();
  }

  public static void init(ActorSystem<?> system) {
    Duration timeout = system.settings().config().getDuration("agora.desk.ask-timeout");
    Peers peers = Peers.sharded(system);
    TradingHalt.init(system); // the desks consult the platform's and the tenants' kill switches
    ClusterSharding.get(system).init(Entity.of(ENTITY_KEY, ctx -> create(ctx.getEntityId(), peers, timeout)));
  }

  public static Behavior<Command> create(String entityId, Peers peers, Duration askTimeout) {
    AccountId account = AccountId.parse(entityId);
    return Behaviors.setup(ctx -> Behaviors.withTimers(timers ->
        new TradingDesk(ctx, timers, account, peers, askTimeout)));
  }

  private final ActorContext<Command> ctx;
  private final TimerScheduler<Command> timers;
  private final AccountId account;
  private final Peers peers;
  private final Duration askTimeout;
  private final String intentPrefix;
  private final String journal;
  // in memory only: whether a fact waits for the meta agent, the intent being driven and its attempt
  private boolean awaitingMeta;
  /** The fact submitted to the meta agent (while awaitingMeta) and, once decided on the tentative answer, that answer. */
  private OnStrategyFact current;
  private StatusReply<FactOutcome> decidedEarly;
  private final ActorRef<MetaDecisionAgent.Tentative> tentativeRef;
  private final java.util.Deque<OnStrategyFact> waiting = new java.util.ArrayDeque<>();
  private String driving;
  private int attempt;
  /**
   * The head intent found unsettled on recovery: an earlier incarnation may have placed its order and booked its
   * fills before it died, so it is driven as a retry from the start (looked up at the venue first).
   */
  private String recoveredIntent;
  /**
   * The sequence number the first intent after recovery gets: an earlier incarnation may have reserved funds for an
   * intent of that number whose write then failed (its drive starts during the write), so that intent is driven as a
   * retry, which releases any reservation under its client order id before reserving.
   */
  private long orphanPossible = -1;

  private TradingDesk(ActorContext<Command> ctx, TimerScheduler<Command> timers, AccountId account, Peers peers,
      Duration askTimeout) {
    super(PersistenceId.ofUniqueId(ENTITY_KEY.name() + PersistenceId.DefaultSeparator() + account.entityId()),
        SupervisorStrategy.restartWithBackoff(Duration.ofMillis(200), Duration.ofSeconds(5), 0.1));
    this.ctx = ctx;
    this.timers = timers;
    this.account = account;
    this.peers = peers;
    this.askTimeout = askTimeout;
    this.intentPrefix = intentPrefix(account);
    this.journal = io.agora.agents.ProjectionTags.journalPluginId(ctx.getSystem());
    this.tentativeRef = ctx.messageAdapter(MetaDecisionAgent.Tentative.class, MetaTentative::new);
  }

  /**
   * {@code <account, at most 12 characters>.<8 base-36 digits of a hash of tenant|account>.}: client order ids are
   * unique across tenants and accounts (the read side's {@code orders} table keys on them) and fit the venue's 36
   * characters with the sequence number and leg.
   */
  static String intentPrefix(AccountId account) {
    String name = account.account().replaceAll("[^A-Za-z0-9_-]", "_");
    if (name.length() > 12) name = name.substring(0, 12);
    long h = 1125899906842597L;
    for (char ch : account.entityId().toCharArray()) h = 31 * h + ch; // stable across JVMs, unlike identity hashes
    String hash = Long.toString(h & 0xFF_FFFF_FFFFL, 36);
    hash = "00000000".substring(hash.length()) + hash;
    return name + "." + hash + ".";
  }

  @Override
  public State emptyState() {
    return State.EMPTY;
  }

  @Override
  public java.util.Set<String> tagsFor(Event event) {
    return event instanceof EquityMarked ? TAGS.tagsFor(account.entityId()) : java.util.Set.of();
  }

  @Override
  public String journalPluginId() {
    return journal; // EquityMarked is tagged: see ProjectionTags.journalPluginId
  }

  @Override
  public RetentionCriteria retentionCriteria() {
    return RetentionCriteria.snapshotEvery(200, 2); // events are kept: the journal is the audit trail
  }

  @Override
  public SignalHandler<State> signalHandler() {
    return newSignalHandlerBuilder().onSignal(RecoveryCompleted.instance(), s -> {
      if (s.head() != null) recoveredIntent = s.head().intentId();
      orphanPossible = s.seq() + 1;
      // a restart after a failed write keeps this object: an intent whose write failed is driven no more (its drive
      // waits for that write forever), while a pending one's drive still runs and reports
      if (driving != null && !s.pending().containsKey(driving)) driving = null;
      // a decision taken on the meta agent's tentative answer may have been lost with the failed write: the durable
      // answer, still to come, decides again on the recovered state
      decidedEarly = null;
      driveHead(s);
      askNext(s);
    }).build();
  }

  // --- commands ---------------------------------------------------------------------------------------------

  @Override
  public CommandHandlerWithReply<Command, Event, State> commandHandler() {
    return newCommandHandlerWithReplyBuilder().forAnyState()
        .onCommand(Configure.class, this::onConfigure)
        .onCommand(OnStrategyFact.class, this::onFact)
        .onCommand(MetaAnswered.class, this::onMetaAnswered)
        .onCommand(MetaTentative.class, this::onMetaTentative)
        .onCommand(Driven.class, this::onDriven)
        .onCommand(DriveAgain.class, (s, c) -> {
          if (driving == null && s.head() != null && s.head().intentId().equals(c.intentId())) driveHead(s);
          return Effect().noReply();
        })
        .onCommand(GetView.class, (s, c) -> Effect().reply(c.replyTo(), new DeskView(account, s)))
        .build();
  }

  private ReplyEffect<Event, State> onConfigure(State s, Configure c) {
    String problem = c.config() == null ? "config is required" : c.config().problem();
    if (problem == null && s.config() != null && s.seq() > 0 && !s.config().venue().equals(c.config().venue())) {
      problem = "the venue cannot change once orders were sent (" + s.config().venue() + ")";
    }
    if (problem != null) return Effect().reply(c.replyTo(), StatusReply.error("bad configuration: " + problem));
    if (c.config().equals(s.config())) return Effect().reply(c.replyTo(), StatusReply.success(new DeskView(account, s)));
    return Effect().persist(new Configured(account, c.config(), c.principal()))
        .thenReply(c.replyTo(), ns -> StatusReply.success(new DeskView(account, ns)));
  }

  private ReplyEffect<Event, State> onFact(State s, OnStrategyFact c) {
    if (s.config() == null) return Effect().reply(c.replyTo(), StatusReply.error("desk " + account + " is not configured"));
    String problem = c.fact() == null ? "fact is missing" : c.fact().problem();
    if (problem != null) return Effect().reply(c.replyTo(), StatusReply.error(problem));
    waiting.addLast(c);
    askNext(s);
    return Effect().noReply();
  }

  /**
   * Facts are decided one at a time, in arrival order: the next is submitted when the previous one is done. The meta
   * agent's tentative answer (sent before its write) is enough to decide, so the order intent and its drive overlap
   * the meta agent's write; the strategy's fact is acknowledged only after that write, so a vote lost with it is
   * delivered again (and then decides nothing new: the desk compares decisions with what it ordered).
   */
  private void askNext(State s) {
    if (awaitingMeta || waiting.isEmpty()) return;
    OnStrategyFact c = waiting.pollFirst();
    StrategyFact f = c.fact();
    awaitingMeta = true;
    Intent intent = intentOf(f);
    current = c;
    decidedEarly = null;
    ctx.pipeToSelf(
        Asks.<MetaDecisionAgent.Command, StatusReply<MetaDecisionAgent.IntentOutcome>>ask(
            peers.meta(new AccountId(account.tenant(), s.config().portfolio()).entityId()),
            r -> new MetaDecisionAgent.SubmitIntent(intent, r, tentativeRef), askTimeout,
            ctx.getSystem().scheduler()),
        (reply, err) -> {
          if (err != null) return new MetaAnswered(f, null, "meta-decision agent: " + err, c.replyTo());
          if (reply.isError()) return new MetaAnswered(f, null, "meta-decision agent: " + reply.getError().getMessage(),
              c.replyTo());
          return new MetaAnswered(f, reply.getValue(), null, c.replyTo());
        });
  }

  private static Intent intentOf(StrategyFact f) {
    return new Intent(f.strategyEntityId(), f.pair(), f.direction(), 1.0, f.time());
  }

  private ReplyEffect<Event, State> onMetaTentative(State s, MetaTentative c) {
    // only the answer to the intent in flight, once: a late one (the durable answer came first) is ignored
    if (!awaitingMeta || decidedEarly != null || current == null
        || !c.tentative().intent().equals(intentOf(current.fact()))) {
      return Effect().noReply();
    }
    Decided d = decide(s, current.fact(), c.tentative().outcome());
    decidedEarly = d.answer();
    if (d.intent() == null) return Effect().noReply();
    return intend(s, d.intent()).thenNoReply();
  }

  private ReplyEffect<Event, State> onMetaAnswered(State s, MetaAnswered c) {
    awaitingMeta = false;
    current = null;
    StatusReply<FactOutcome> early = decidedEarly;
    decidedEarly = null;
    if (early != null) {
      // decided on the tentative answer already; a failure here means the meta agent's write may be lost, so the
      // strategy is told to deliver the fact again
      StatusReply<FactOutcome> answer = c.failure() != null ? StatusReply.error(c.failure()) : early;
      return Effect().none().thenRun(ns -> askNext(ns)).thenReply(c.replyTo(), ns -> answer);
    }
    if (c.failure() != null) {
      return Effect().none().thenRun(ns -> askNext(ns)).thenReply(c.replyTo(), ns -> StatusReply.error(c.failure()));
    }
    Decided d = decide(s, c.fact(), c.outcome());
    if (d.intent() == null) return Effect().none().thenRun(ns -> askNext(ns)).thenReply(c.replyTo(), ns -> d.answer());
    return intend(s, d.intent()).thenRun(ns -> askNext(ns)).thenReply(c.replyTo(), ns -> d.answer());
  }

  /** What a meta answer means: the order intent to write (null: none) and the strategy's answer. */
  private record Decided(OrderIntended intent, StatusReply<FactOutcome> answer) {}

  private Decided decide(State s, StrategyFact f, MetaDecisionAgent.IntentOutcome o) {
    Direction want = o.decision() == null ? Direction.FLAT : o.decision().direction();
    if (want != Direction.LONG) want = Direction.FLAT; // EXIT closes; SHORT cannot be held on spot
    Book book = s.book(f.pair());
    if (want == book.ordered()) {
      String why = "decision for " + f.pair() + " is " + want + ", as already ordered";
      return new Decided(null, StatusReply.success(new FactOutcome(null, why)));
    }
    long seq = s.seq() + 1;
    String intentId = intentPrefix + seq;
    String clientOrderId;
    try {
      clientOrderId = ExecutionAgent.clientOrderId(intentId, 0);
    } catch (IllegalArgumentException e) {
      return new Decided(null, StatusReply.error(e.getMessage()));
    }
    List<String> contributors = o.decision() == null ? List.of(f.strategyEntityId()) : o.decision().contributors();
    String reason = o.decision() == null ? "no decision: " + o.reason() : o.decision().reason();
    OrderIntended e = new OrderIntended(account, seq, intentId, clientOrderId, f.pair(),
        want == Direction.LONG ? Side.BUY : Side.SELL, want, f.price(), f.stake(), f.candle(), contributors, reason);
    return new Decided(e, StatusReply.success(new FactOutcome(intentId, reason)));
  }

  /** Writes the intent and drives it (see the class comment); the caller adds what follows the write. */
  private org.apache.pekko.persistence.typed.javadsl.EffectBuilder<Event, State> intend(State s, OrderIntended e) {
    if (driving == null && s.pending().isEmpty()) {
      // nothing ahead of it: its drive starts while the intent is written, since sizing, reserving and asking risk
      // need only the intent's fields (the state it makes is s.intended(e)); the placement and the settlement wait
      // for the write. If the write fails this incarnation stops and the drive never places; the reservation it may
      // have left carries this intent's client order id, which the next incarnation gives its next intent and
      // therefore releases first (see orphanPossible).
      CompletableFuture<Void> written = new CompletableFuture<>();
      drive(s.intended(e), written);
      return Effect().persist(e).thenRun(ns -> written.complete(null));
    }
    return Effect().persist(e).thenRun(this::driveHead);
  }

  private ReplyEffect<Event, State> onDriven(State s, Driven c) {
    if (!c.intentId().equals(driving)) return Effect().noReply();
    driving = null;
    OrderIntended head = s.pending().get(c.intentId());
    if (head == null) return Effect().noReply();
    if (c.failure() != null) {
      attempt++;
      long ms = Math.min(MAX_BACKOFF.toMillis(), 100L << Math.min(attempt, 7));
      ctx.getLog().warn("desk {}: intent {} ({} {} {}) failed, attempt {}, retrying in {} ms: {}", account,
          c.intentId(), head.side(), head.pair(), head.clientOrderId(), attempt, ms, c.failure());
      timers.startSingleTimer(new DriveAgain(c.intentId()), Duration.ofMillis(ms));
      return Effect().noReply();
    }
    attempt = 0;
    Settlement st = c.settlement();
    List<Event> events = new ArrayList<>(2);
    events.add(new IntentSettled(account, head.intentId(), head.clientOrderId(), head.pair(), head.side(), st,
        head.candle().openTime()));
    if (st.equity() != null) {
      events.add(new EquityMarked(account, s.config().quoteCurrency(), st.cash(), st.equity(), head.candle().closeTime()));
    }
    return Effect().persist(events).thenRun(ns -> {
      ctx.getLog().info("desk {}: {} {} {} at {} → {} {} at {} (fee {}){}{}; {}", account, head.side(), head.pair(),
          head.clientOrderId(), head.price(), st.outcome(), st.filled(), st.averagePrice(), st.fee(),
          st.reason() == null ? "" : ": " + st.reason(),
          st.equity() == null ? "" : ", equity " + st.equity().setScale(2, java.math.RoundingMode.HALF_EVEN) + " "
              + ns.config().quoteCurrency(), head.reason());
      notifyContributors(head, st);
      publishSettled(head, st);
      driveHead(ns);
    }).thenNoReply();
  }

  /** A live notice of the settlement: a refusal (risk, capital, venue, kill switch) is an alert. */
  private void publishSettled(OrderIntended head, Settlement st) {
    boolean refused = st.outcome() == Outcome.REJECTED;
    Map<String, String> data = new LinkedHashMap<>();
    data.put("clientOrderId", head.clientOrderId());
    data.put("pair", head.pair());
    data.put("side", head.side().name());
    data.put("outcome", st.outcome().name());
    data.put("filled", Double.toString(st.filled()));
    data.put("averagePrice", Double.toString(st.averagePrice()));
    AgentEvents.publish(ctx.getSystem(), account.tenant(), refused ? "alert" : "order",
        refused ? "order.refused" : "intent.settled", head.side() + " " + head.pair() + " " + st.outcome()
            + (st.reason() == null ? "" : ": " + st.reason()), account.entityId(), data);
  }

  private void notifyContributors(OrderIntended head, Settlement st) {
    StrategyAgent.OrderUpdate update = new StrategyAgent.OrderUpdate(head.clientOrderId(), head.pair(), head.side(),
        st.outcome().name(), st.filled(), st.averagePrice(), st.fee(), st.reason(), head.candle().openTime());
    for (String strategy : head.contributors()) {
      peers.strategy(strategy).tell(new StrategyAgent.OnOrderUpdate(update));
    }
  }

  // --- driving an intent ------------------------------------------------------------------------------------

  private void driveHead(State s) {
    if (s.head() == null || driving != null || s.config() == null) return;
    drive(s, CompletableFuture.completedFuture(null));
  }

  /**
   * Drives the head of {@code s}; {@code written}: the head's own write (the order is placed, and the drive's end
   * reported, only after it).
   */
  private void drive(State s, CompletionStage<Void> written) {
    OrderIntended head = s.head();
    driving = head.intentId();
    CompletionStage<Settlement> chain;
    try {
      boolean retry = attempt > 0 || head.intentId().equals(recoveredIntent) || head.seq() == orphanPossible;
      chain = new Drive(s.config(), head, s.book(head.pair()), s.lastPrices(), retry, written).run();
    } catch (RuntimeException e) {
      chain = CompletableFuture.failedFuture(e);
    }
    String id = head.intentId();
    // both must be complete: a drive that ends before its intent is durable (refused, say) still reports after it
    ctx.pipeToSelf(chain.thenCombine(written, (st, x) -> st),
        (st, err) -> err != null ? new Driven(id, null, String.valueOf(err)) : new Driven(id, st, null));
  }

  /** One attempt at an intent: a chain of idempotent asks; runs outside the actor and touches no actor state. */
  private final class Drive {
    private final DeskConfig cfg;
    private final OrderIntended in;
    private final Book book;
    private final Map<String, Double> prices;
    private final boolean retry;
    private final String cid;
    private final Instrument instrument;
    private final String exec;
    private final String acct;
    private final CompletionStage<Void> written;

    Drive(DeskConfig cfg, OrderIntended in, Book book, Map<String, Double> prices, boolean retry,
        CompletionStage<Void> written) {
      this.written = written;
      this.cfg = cfg;
      this.in = in;
      this.book = book;
      this.prices = prices;
      this.retry = retry;
      this.cid = in.clientOrderId();
      this.instrument = Instrument.of(in.pair());
      this.exec = ExecutionAgent.entityId(account.tenant(), account.account(), cfg.venue());
      this.acct = account.entityId();
    }

    private Instant at() {
      return Instant.ofEpochMilli(in.candle().openTime());
    }

    private <C, R> CompletionStage<R> ask(RecipientRef<C> to, Function<ActorRef<R>, C> msg) {
      return Asks.ask(to, msg::apply, askTimeout, ctx.getSystem().scheduler());
    }

    private <C, R> CompletionStage<R> askOk(RecipientRef<C> to, Function<ActorRef<StatusReply<R>>, C> msg) {
      return this.<C, StatusReply<R>>ask(to, msg).thenApply(r -> {
        if (r.isError()) throw new Refused(r.getError().getMessage());
        return r.getValue();
      });
    }

    CompletionStage<Settlement> run() {
      // a first attempt has a fresh client order id: only a retry (or a recovered intent) can find its order placed
      if (!retry) return beforePlacement();
      return this.<ExecutionAgent.Command, ExecutionAgent.OrderLookup>ask(peers.execution(exec),
              r -> new ExecutionAgent.GetOrder(cid, r))
          .thenCompose(found -> found.order() != null ? afterPlacement(found.order(), true) : beforePlacement());
    }

    private CompletionStage<Settlement> beforePlacement() {
      // a retry may find the reservation of an attempt that stopped before placing: start clean
      CompletionStage<Done> clean = retry
          ? this.<CapitalAgent.Command, Done>askOk(peers.capital(acct),
              r -> new CapitalAgent.Release(cid, "retry", null, at(), r))
          : CompletableFuture.completedFuture(Done.getInstance());
      return clean.thenCompose(x -> amount()).handle((a, err) -> new Object[] {a, err}).thenCompose(p -> {
        if (p[1] != null) return rejectedOrFail((Throwable) p[1], "sizing: ");
        BigDecimal amount = (BigDecimal) p[0];
        if (amount == null) return done(Outcome.NOTHING_TO_SELL, "nothing held in " + instrument.base());
        BigDecimal qty = amount;
        BigDecimal price = BigDecimal.valueOf(in.price());
        boolean buy = in.side() == Side.BUY;
        String currency = buy ? instrument.quote() : instrument.base();
        BigDecimal reserve = buy
            ? qty.multiply(price, MC).multiply(BigDecimal.ONE.add(BigDecimal.valueOf(cfg.reserveFeeRate())), MC)
            : qty;
        // the kill switches and risk only answer (nothing of theirs depends on the reservation): asked while the
        // funds are reserved rather than after, two round trips less before the order. The order still waits for all
        // three, and any refusal releases the reservation; an approval whose reservation then fails only spends one
        // slot of risk's in-memory order-rate window, the safe direction.
        CompletionStage<String> halted = halted();
        CompletionStage<RiskAgent.Decision> risk = this.<RiskAgent.Command, RiskAgent.Decision>ask(peers.risk(acct),
            r -> new RiskAgent.CheckOrder(cid, in.pair(), in.side(), qty, price, at(), r));
        return this.<CapitalAgent.Command, Done>askOk(peers.capital(acct),
                r -> new CapitalAgent.Reserve(cid, cfg.allocation(), in.side(), currency, reserve, null, at(), r))
            .handle((ok, err) -> err)
            .thenCompose(err -> {
              if (err != null) return rejectedOrFail(err, "capital: ");
              return halted.thenCompose(halt -> {
                if (halt != null) return release("risk: " + halt);
                return risk.thenCompose(d -> {
                  if (d instanceof RiskAgent.Rejected rej) return release("risk: " + rej.reason());
                  // never an order for an intent that is not durable: its client order id is fixed by that write
                  return written.thenCompose(x -> place(qty.doubleValue()));
                });
              });
            });
      });
    }

    /**
     * Why the platform's or the tenant's kill switch refuses every order (both asked at once), null when neither is
     * engaged.
     */
    private CompletionStage<String> halted() {
      RecipientRef<TradingHalt.Command> platform = peers.halt(TradingHalt.PLATFORM);
      RecipientRef<TradingHalt.Command> tenant = peers.halt(account.tenant());
      if (platform == null || tenant == null) return CompletableFuture.completedFuture(null);
      CompletionStage<TradingHalt.HaltView> p = ask(platform, TradingHalt.GetHalt::new);
      CompletionStage<TradingHalt.HaltView> t = ask(tenant, TradingHalt.GetHalt::new);
      return p.thenCombine(t, (a, b) -> a.engaged() ? "kill switch (platform): " + a.reason()
          : b.engaged() ? "kill switch (tenant " + account.tenant() + "): " + b.reason() : null);
    }

    /** The amount to order: sized by the capital agent for an entry, all that is held for an exit; null: none. */
    private CompletionStage<BigDecimal> amount() {
      if (in.side() == Side.SELL) {
        return CompletableFuture.completedFuture(book.held().signum() > 0 ? book.held() : null);
      }
      PositionSizing.Method m = cfg.sizing() != null ? cfg.sizing()
          : new PositionSizing.FixedStake(BigDecimal.valueOf(in.stake()));
      return this.<CapitalAgent.Command, CapitalAgent.SizeView>askOk(peers.capital(acct),
              r -> new CapitalAgent.SizePosition(cfg.allocation(), instrument, m, BigDecimal.valueOf(in.price()),
                  null, r))
          .thenApply(CapitalAgent.SizeView::amount);
    }

    private CompletionStage<Settlement> place(double amount) {
      Candle k = in.candle();
      io.agora.core.paper.Candle candle = new io.agora.core.paper.Candle(k.openTime(), k.open(), k.high(), k.low(),
          k.close(), k.volume());
      // placed and matched against the decision's candle in one write of the execution agent
      return this.<ExecutionAgent.Command, OrderView>askOk(peers.execution(exec),
              r -> new ExecutionAgent.PlaceAndMatch(cid, in.pair(), in.side(), cfg.orderType(), in.price(), amount,
                  null, candle, r))
          .handle((v, err) -> new Object[] {v, err})
          .thenCompose(p -> {
            if (p[1] != null) return rejectedOrFail((Throwable) p[1], "execution: ");
            return afterPlacement((OrderView) p[0], false);
          });
    }

    /** {@code rematch}: a retry found the order placed, maybe before it met its candle. */
    private CompletionStage<Settlement> afterPlacement(OrderView placed, boolean rematch) {
      if (placed.status() == OrderStatus.REJECTED) return release("venue: " + placed.rejectReason());
      CompletionStage<OrderView> matched = placed.status().isOpen() && rematch ? match()
          : CompletableFuture.completedFuture(placed);
      return matched.thenCompose(o -> o.status().isOpen()
              ? askOk(peers.execution(exec), r -> new ExecutionAgent.CancelOrder(cid, null, r))
              : CompletableFuture.completedFuture(o))
          .thenCompose(this::book);
    }

    private CompletionStage<OrderView> match() {
      Candle k = in.candle();
      io.agora.core.paper.Candle candle = new io.agora.core.paper.Candle(k.openTime(), k.open(), k.high(), k.low(),
          k.close(), k.volume());
      return this.<ExecutionAgent.Command, ExecutionAgent.MarketDataApplied>ask(peers.execution(exec),
              r -> new ExecutionAgent.OnMarketData(in.pair(), List.of(candle), r))
          .thenCompose(x -> this.<ExecutionAgent.Command, ExecutionAgent.OrderLookup>ask(peers.execution(exec),
              r -> new ExecutionAgent.GetOrder(cid, r)))
          .thenApply(ExecutionAgent.OrderLookup::order);
    }

    /** Applies every fill of the final order to capital and risk (both idempotent by fill id), then values. */
    private CompletionStage<Settlement> book(OrderView o) {
      CompletionStage<Done> acc = CompletableFuture.completedFuture(Done.getInstance());
      List<RiskAgent.RecordFill> riskFills = new ArrayList<>();
      List<ExecutionAgent.FillView> fills = o.fills();
      double filled = 0;
      double notional = 0;
      double fee = 0;
      for (int i = 0; i < fills.size(); i++) {
        ExecutionAgent.FillView f = fills.get(i);
        boolean last = i == fills.size() - 1 && o.status() == OrderStatus.FILLED;
        filled += f.amount();
        notional += f.amount() * f.price();
        fee += f.fee();
        Instant when = Instant.ofEpochMilli(f.candleTime());
        acc = acc.thenCompose(x -> this.<CapitalAgent.Command, Done>askOk(peers.capital(acct),
                r -> new CapitalAgent.ApplyFill(cid, f.fillId(), o.pair(), o.side(), BigDecimal.valueOf(f.amount()),
                    BigDecimal.valueOf(f.price()), BigDecimal.valueOf(f.fee()), instrument.quote(), last, when, r)));
        riskFills.add(new RiskAgent.RecordFill(cid, f.fillId(), o.pair(), o.side(), BigDecimal.valueOf(f.amount()),
            BigDecimal.valueOf(f.price()), when, null));
      }
      if (o.status() != OrderStatus.FILLED) {
        acc = acc.thenCompose(x -> askOk(peers.capital(acct),
            r -> new CapitalAgent.Release(cid, "order " + o.status() + ", rest canceled", null, at(), r)));
      }
      final double qty = fills.isEmpty() ? 0 : (o.status() == OrderStatus.FILLED ? o.amount() : filled);
      final double avg = filled > 0 ? notional / filled : 0;
      final double fees = fee;
      Outcome outcome = o.status() == OrderStatus.FILLED ? Outcome.FILLED
          : qty > 0 ? Outcome.PARTIALLY_FILLED : Outcome.NOT_FILLED;
      Instant closeTime = Instant.ofEpochMilli(in.candle().closeTime());
      RiskAgent.RecordTradeClosed closed = null;
      if (in.side() == Side.SELL && qty > 0) {
        BigDecimal sold = BigDecimal.valueOf(qty);
        BigDecimal costOfSold = book.held().signum() == 0 ? BigDecimal.ZERO
            : book.cost().multiply(sold, MC).divide(book.held(), MC);
        BigDecimal profit = sold.multiply(BigDecimal.valueOf(avg), MC).subtract(BigDecimal.valueOf(fees))
            .subtract(costOfSold);
        boolean stop = in.reason() != null && in.reason().contains("stop");
        closed = new RiskAgent.RecordTradeClosed(in.intentId(), in.pair(), profit, stop, closeTime, null);
      }
      RiskAgent.RecordTradeClosed tradeClosed = closed;
      // fills, the closed trade and the equity reach the risk agent in one write
      return acc.thenCompose(x -> value())
          .thenCompose(v -> this.<RiskAgent.Command, Done>askOk(peers.risk(acct),
                  r -> new RiskAgent.RecordExecution(riskFills, tradeClosed, v[1], closeTime, r))
              .thenApply(x -> new Settlement(outcome, qty, avg, fees,
                  outcome == Outcome.FILLED ? null : "order " + o.status(), v[0], v[1])));
    }

    /** {cash, equity} in the quote currency, positions at their pairs' last closes. */
    private CompletionStage<BigDecimal[]> value() {
      Map<String, BigDecimal> px = new TreeMap<>();
      prices.forEach((pair, p) -> {
        Instrument i = Instrument.of(pair);
        if (i.quote().equals(cfg.quoteCurrency())) px.put(i.base(), BigDecimal.valueOf(p));
      });
      px.put(instrument.base(), BigDecimal.valueOf(in.candle().close()));
      return this.<CapitalAgent.Command, CapitalAgent.AccountView>ask(peers.capital(acct),
              r -> new CapitalAgent.GetView(cfg.quoteCurrency(), px, r))
          .thenApply(v -> new BigDecimal[] {v.balances().getOrDefault(cfg.quoteCurrency(), BigDecimal.ZERO),
              v.equity()});
    }

    private CompletionStage<Settlement> release(String reason) {
      return this.<CapitalAgent.Command, Done>askOk(peers.capital(acct),
              r -> new CapitalAgent.Release(cid, reason, null, at(), r))
          .thenCompose(x -> done(Outcome.REJECTED, reason));
    }

    /** A refusal (an error answer) settles the intent as rejected; anything else (a timeout) is retried. */
    private CompletionStage<Settlement> rejectedOrFail(Throwable err, String who) {
      Throwable t = err instanceof java.util.concurrent.CompletionException && err.getCause() != null
          ? err.getCause() : err;
      if (t instanceof Refused) return release(who + t.getMessage());
      return CompletableFuture.failedFuture(t);
    }

    private CompletionStage<Settlement> done(Outcome outcome, String reason) {
      return CompletableFuture.completedFuture(new Settlement(outcome, 0, 0, 0, reason, null, null));
    }
  }

  /** An agent's error answer (not a failure to reach it). */
  static final class Refused extends RuntimeException {
    Refused(String message) {
      super(message, null, false, false);
    }
  }

  // --- events -----------------------------------------------------------------------------------------------

  @Override
  public EventHandler<State, Event> eventHandler() {
    return newEventHandlerBuilder().forAnyState()
        .onEvent(Configured.class, (s, e) -> s.configured(e.config()))
        .onEvent(OrderIntended.class, State::intended)
        .onEvent(IntentSettled.class, State::settledWith)
        .onEvent(EquityMarked.class, (s, e) -> s)
        .build();
  }
}
