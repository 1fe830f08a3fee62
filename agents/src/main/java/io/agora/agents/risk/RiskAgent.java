package io.agora.agents.risk;

import io.agora.agents.AccountId;
import io.agora.agents.Snapshots;
import io.agora.agents.events.AgentEvents;
import io.agora.core.market.Side;
import io.agora.core.market.Instrument;
import io.agora.core.risk.OrderIntent;
import io.agora.core.risk.RiskBook;
import io.agora.core.risk.RiskDecision;
import io.agora.core.risk.RiskLimits;
import io.agora.core.risk.RiskRules;
import io.agora.persistence.CborSerializable;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.SupervisorStrategy;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.Entity;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityTypeKey;
import org.apache.pekko.pattern.StatusReply;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.apache.pekko.persistence.typed.javadsl.CommandHandlerWithReply;
import org.apache.pekko.persistence.typed.javadsl.EventHandler;
import org.apache.pekko.persistence.typed.javadsl.EventSourcedBehaviorWithEnforcedReplies;
import org.apache.pekko.persistence.typed.javadsl.ReplyEffect;
import org.apache.pekko.persistence.typed.javadsl.RetentionCriteria;

/**
 * Pre-trade risk of one account ({@code tenant|account}): limits, Freqtrade-like protections (pair cooldown,
 * stoploss guard) and a kill switch. The decision itself is {@link RiskRules#check}; this entity keeps its inputs.
 *
 * <p>What is persisted: limits, fills (exposure), closed trades (daily PnL, protections), equity (drawdown) and the
 * kill switch, each only when it changes something. {@code CheckOrder} persists nothing: approving an order does not
 * change the durable risk state (exposure changes when the order fills). The order-rate window is kept in memory on
 * purpose: persisting it would add a journal write to every order on the hot path, and losing it on a restart or a
 * rebalance lets at most one extra minute's quota through, which the venue's own rate limits still bound.
 */
public final class RiskAgent
    extends EventSourcedBehaviorWithEnforcedReplies<RiskAgent.Command, RiskAgent.Event, RiskAgent.State> {

  public static final EntityTypeKey<Command> ENTITY_KEY = EntityTypeKey.create(Command.class, "Risk");
  static final Duration RATE_WINDOW = Duration.ofMinutes(1);

  // ---- protocol: commands ----

  public sealed interface Command extends CborSerializable {}

  /** May this order be sent at {@code at}? Replies {@link Approved} or {@link Rejected}; persists nothing. */
  public record CheckOrder(String clientOrderId, String pair, Side side, BigDecimal amount, BigDecimal price,
      Instant at, ActorRef<Decision> replyTo) implements Command {}

  public record UpdateLimits(RiskLimits limits, String principal, Instant at, ActorRef<StatusReply<Done>> replyTo)
      implements Command {}

  /** A fill, for exposure and open trades; idempotent by client order id + fill id. */
  public record RecordFill(String clientOrderId, String fillId, String pair, Side side, BigDecimal amount,
      BigDecimal price, Instant at, ActorRef<StatusReply<Done>> replyTo) implements Command {}

  /** A closed trade, for daily PnL and protections; idempotent by trade id. */
  public record RecordTradeClosed(String tradeId, String pair, BigDecimal profit, boolean stopLoss, Instant at,
      ActorRef<StatusReply<Done>> replyTo) implements Command {}

  /**
   * An order's outcome in one write: its fills (as {@link RecordFill}), the trade it closed (as
   * {@link RecordTradeClosed}, null when none) and the account's equity after it (as {@link RecordEquity}, null
   * when not valued). Each part keeps its own idempotency; an invalid part refuses the whole command.
   */
  public record RecordExecution(List<RecordFill> fills, RecordTradeClosed closed, BigDecimal equity, Instant at,
      ActorRef<StatusReply<Done>> replyTo) implements Command {}

  /** Account equity, for drawdown; no event when unchanged. */
  public record RecordEquity(BigDecimal equity, Instant at, ActorRef<StatusReply<Done>> replyTo) implements Command {}

  /** Stops every new order; with {@code flatten} also asks the execution side to close all positions. */
  public record EngageKillSwitch(String reason, boolean flatten, String principal, Instant at,
      ActorRef<StatusReply<Done>> replyTo) implements Command {}

  public record ReleaseKillSwitch(String principal, Instant at, ActorRef<StatusReply<Done>> replyTo)
      implements Command {}

  public record GetStatus(Instant at, ActorRef<RiskView> replyTo) implements Command {}

  // ---- protocol: replies ----

  public sealed interface Decision extends CborSerializable {}

  public record Approved(String clientOrderId) implements Decision {}

  public record Rejected(String clientOrderId, String reason) implements Decision {}

  public record RiskView(AccountId account, RiskLimits limits, boolean killSwitch, String killSwitchReason,
      int openTrades, BigDecimal totalExposure, BigDecimal pnlToday, BigDecimal drawdown, Map<String, Instant> pairLocks,
      Instant globalLockUntil, int ordersInLastMinute) implements CborSerializable {}

  // ---- protocol: events ----

  public sealed interface Event extends CborSerializable {
    AccountId account();
  }

  public record LimitsUpdated(AccountId account, RiskLimits limits, String principal, Instant at) implements Event {}

  public record FillRecorded(AccountId account, String clientOrderId, String fillId, String pair, String asset,
      Side side, BigDecimal amount, BigDecimal price, Instant at) implements Event {}

  public record TradeClosedRecorded(AccountId account, String tradeId, String pair, BigDecimal profit, boolean stopLoss,
      Instant at) implements Event {}

  public record EquityRecorded(AccountId account, BigDecimal equity, Instant at) implements Event {}

  public record KillSwitchEngaged(AccountId account, String reason, String principal, Instant at) implements Event {}

  /** For the execution side: close these open positions (assets held when the kill switch was engaged). */
  public record FlattenRequested(AccountId account, List<String> assets, String reason, String principal, Instant at)
      implements Event {}

  public record KillSwitchReleased(AccountId account, String principal, Instant at) implements Event {}

  // ---- state ----

  public record State(RiskLimits limits, RiskBook book, boolean killSwitch, String killSwitchReason,
      Set<String> recordedFills, Set<String> closedTrades) implements CborSerializable {
    public State {
      // they grow with every fill and trade: shared, not copied, per event
      recordedFills = io.agora.agents.collections.SharingSet.of(recordedFills);
      closedTrades = io.agora.agents.collections.SharingSet.of(closedTrades);
    }

    static final State EMPTY = new State(RiskLimits.none(), RiskBook.empty(), false, null, Set.of(), Set.of());

    State withBook(RiskBook b) {
      return new State(limits, b, killSwitch, killSwitchReason, recordedFills, closedTrades);
    }

    State onFill(FillRecorded e) {
      Set<String> f = ((io.agora.agents.collections.SharingSet<String>) recordedFills)
          .with(e.clientOrderId() + "#" + e.fillId());
      return new State(limits, book.withFill(e.asset(), e.side(), e.amount(), e.price()), killSwitch,
          killSwitchReason, f, closedTrades);
    }

    State onTradeClosed(TradeClosedRecorded e) {
      Set<String> t = ((io.agora.agents.collections.SharingSet<String>) closedTrades).with(e.tradeId());
      return new State(limits, book.withTradeClosed(limits, e.pair(), e.profit(), e.stopLoss(), e.at()), killSwitch,
          killSwitchReason, recordedFills, t);
    }
  }

  // ---- wiring ----

  private final AccountId id;
  private final ActorSystem<?> system;
  /** Approval times of the last minute: in memory only (see the class comment). */
  private final Deque<Instant> approvals = new ArrayDeque<>();

  private RiskAgent(AccountId id, ActorSystem<?> system) {
    super(
        PersistenceId.ofUniqueId(ENTITY_KEY.name() + PersistenceId.DefaultSeparator() + id.entityId()),
        SupervisorStrategy.restartWithBackoff(Duration.ofMillis(200), Duration.ofSeconds(5), 0.1));
    this.id = id;
    this.system = system;
  }

  /** The behaviour for entity id {@code tenant|account}; each start gets a fresh (empty) order-rate window. */
  public static Behavior<Command> create(String entityId) {
    AccountId id = AccountId.parse(entityId);
    return Behaviors.setup(ctx -> new RiskAgent(id, ctx.getSystem()));
  }

  public static void init(ActorSystem<?> system) {
    ClusterSharding.get(system).init(Entity.of(ENTITY_KEY, ctx -> create(ctx.getEntityId())));
  }

  @Override
  public State emptyState() {
    return State.EMPTY;
  }

  @Override
  public RetentionCriteria retentionCriteria() {
    return Snapshots.largeState();
  }

  @Override
  public CommandHandlerWithReply<Command, Event, State> commandHandler() {
    return newCommandHandlerWithReplyBuilder()
        .forAnyState()
        .onCommand(CheckOrder.class, this::onCheckOrder)
        .onCommand(UpdateLimits.class, this::onUpdateLimits)
        .onCommand(RecordFill.class, this::onRecordFill)
        .onCommand(RecordTradeClosed.class, this::onRecordTradeClosed)
        .onCommand(RecordEquity.class, this::onRecordEquity)
        .onCommand(RecordExecution.class, this::onRecordExecution)
        .onCommand(EngageKillSwitch.class, this::onEngage)
        .onCommand(ReleaseKillSwitch.class, this::onRelease)
        .onCommand(GetStatus.class, this::onGetStatus)
        .build();
  }

  @Override
  public EventHandler<State, Event> eventHandler() {
    return newEventHandlerBuilder()
        .forAnyState()
        .onEvent(LimitsUpdated.class, (s, e) -> new State(e.limits(), s.book(), s.killSwitch(), s.killSwitchReason(),
            s.recordedFills(), s.closedTrades()))
        .onEvent(FillRecorded.class, State::onFill)
        .onEvent(TradeClosedRecorded.class, State::onTradeClosed)
        .onEvent(EquityRecorded.class, (s, e) -> s.withBook(s.book().withEquity(e.equity())))
        .onEvent(KillSwitchEngaged.class, (s, e) -> new State(s.limits(), s.book(), true, e.reason(),
            s.recordedFills(), s.closedTrades()))
        .onEvent(FlattenRequested.class, (s, e) -> s)
        .onEvent(KillSwitchReleased.class, (s, e) -> new State(s.limits(), s.book(), false, null, s.recordedFills(),
            s.closedTrades()))
        .build();
  }

  // ---- command handlers ----

  private int ordersInWindow(Instant at) {
    Instant from = at.minus(RATE_WINDOW);
    while (!approvals.isEmpty() && !approvals.peekFirst().isAfter(from)) approvals.pollFirst();
    int n = 0;
    for (Instant t : approvals) if (!t.isAfter(at)) n++;
    return n;
  }

  private ReplyEffect<Event, State> onCheckOrder(State s, CheckOrder c) {
    OrderIntent intent;
    try {
      intent = new OrderIntent(c.pair(), Instrument.of(c.pair()).base(), c.side(), c.amount(), c.price());
    } catch (RuntimeException e) {
      return Effect().reply(c.replyTo(), new Rejected(c.clientOrderId(), "invalid order: " + e.getMessage()));
    }
    RiskDecision d = RiskRules.check(s.limits(), s.book(), s.killSwitch(), intent, c.at(), ordersInWindow(c.at()));
    if (!d.approved()) return Effect().reply(c.replyTo(), new Rejected(c.clientOrderId(), d.reason()));
    approvals.addLast(c.at());
    return Effect().reply(c.replyTo(), new Approved(c.clientOrderId()));
  }

  private ReplyEffect<Event, State> onUpdateLimits(State s, UpdateLimits c) {
    if (c.limits() == null) return Effect().reply(c.replyTo(), StatusReply.error("limits are missing"));
    if (c.limits().equals(s.limits())) return Effect().reply(c.replyTo(), StatusReply.ack());
    return Effect().persist(new LimitsUpdated(id, c.limits(), c.principal(), c.at()))
        .thenReply(c.replyTo(), st -> StatusReply.ack());
  }

  private ReplyEffect<Event, State> onRecordFill(State s, RecordFill c) {
    if (s.recordedFills().contains(c.clientOrderId() + "#" + c.fillId())) {
      return Effect().reply(c.replyTo(), StatusReply.ack());
    }
    String asset;
    try {
      asset = Instrument.of(c.pair()).base();
      new OrderIntent(c.pair(), asset, c.side(), c.amount(), c.price()); // validates side, amount, price
    } catch (RuntimeException e) {
      return Effect().reply(c.replyTo(), StatusReply.error("invalid fill: " + e.getMessage()));
    }
    return Effect().persist(new FillRecorded(id, c.clientOrderId(), c.fillId(), c.pair(), asset, c.side(),
        c.amount(), c.price(), c.at())).thenReply(c.replyTo(), st -> StatusReply.ack());
  }

  private ReplyEffect<Event, State> onRecordExecution(State s, RecordExecution c) {
    List<Event> events = new ArrayList<>();
    java.util.Set<String> seen = new java.util.HashSet<>();
    for (RecordFill f : c.fills() == null ? List.<RecordFill>of() : c.fills()) {
      String key = f.clientOrderId() + "#" + f.fillId();
      if (s.recordedFills().contains(key) || !seen.add(key)) continue;
      try {
        String asset = Instrument.of(f.pair()).base();
        new OrderIntent(f.pair(), asset, f.side(), f.amount(), f.price());
        events.add(new FillRecorded(id, f.clientOrderId(), f.fillId(), f.pair(), asset, f.side(), f.amount(),
            f.price(), f.at()));
      } catch (RuntimeException e) {
        return Effect().reply(c.replyTo(), StatusReply.error("invalid fill: " + e.getMessage()));
      }
    }
    RecordTradeClosed t = c.closed();
    if (t != null) {
      if (t.tradeId() == null || t.pair() == null || t.profit() == null || t.at() == null) {
        return Effect().reply(c.replyTo(), StatusReply.error("closed trade needs an id, a pair, a profit and a time"));
      }
      if (!s.closedTrades().contains(t.tradeId())) {
        events.add(new TradeClosedRecorded(id, t.tradeId(), t.pair(), t.profit(), t.stopLoss(), t.at()));
      }
    }
    if (c.equity() != null && (s.book().equity() == null || s.book().equity().compareTo(c.equity()) != 0)) {
      events.add(new EquityRecorded(id, c.equity(), c.at()));
    }
    if (events.isEmpty()) return Effect().reply(c.replyTo(), StatusReply.ack());
    return Effect().persist(events).thenReply(c.replyTo(), st -> StatusReply.ack());
  }

  private ReplyEffect<Event, State> onRecordTradeClosed(State s, RecordTradeClosed c) {
    if (c.tradeId() == null || c.pair() == null || c.profit() == null || c.at() == null) {
      return Effect().reply(c.replyTo(), StatusReply.error("closed trade needs an id, a pair, a profit and a time"));
    }
    if (s.closedTrades().contains(c.tradeId())) return Effect().reply(c.replyTo(), StatusReply.ack());
    return Effect().persist(new TradeClosedRecorded(id, c.tradeId(), c.pair(), c.profit(), c.stopLoss(), c.at()))
        .thenReply(c.replyTo(), st -> StatusReply.ack());
  }

  private ReplyEffect<Event, State> onRecordEquity(State s, RecordEquity c) {
    if (c.equity() == null) return Effect().reply(c.replyTo(), StatusReply.error("equity is missing"));
    if (s.book().equity() != null && s.book().equity().compareTo(c.equity()) == 0) {
      return Effect().reply(c.replyTo(), StatusReply.ack());
    }
    return Effect().persist(new EquityRecorded(id, c.equity(), c.at())).thenReply(c.replyTo(), st -> StatusReply.ack());
  }

  private ReplyEffect<Event, State> onEngage(State s, EngageKillSwitch c) {
    List<String> held = List.copyOf(s.book().holdings().keySet());
    FlattenRequested flatten = new FlattenRequested(id, held, c.reason(), c.principal(), c.at());
    if (s.killSwitch()) {
      if (!c.flatten()) return Effect().reply(c.replyTo(), StatusReply.ack());
      return Effect().persist(flatten).thenReply(c.replyTo(), st -> StatusReply.ack());
    }
    KillSwitchEngaged engaged = new KillSwitchEngaged(id, c.reason(), c.principal(), c.at());
    return Effect().persist(c.flatten() ? List.of(engaged, flatten) : List.of(engaged))
        .thenRun(st -> AgentEvents.publish(system, id.tenant(), "alert", "kill-switch.engaged",
            "kill switch (account " + id.account() + ") engaged by " + c.principal() + ": " + c.reason(), id.entityId()))
        .thenReply(c.replyTo(), st -> StatusReply.ack());
  }

  private ReplyEffect<Event, State> onRelease(State s, ReleaseKillSwitch c) {
    if (!s.killSwitch()) return Effect().reply(c.replyTo(), StatusReply.ack());
    return Effect().persist(new KillSwitchReleased(id, c.principal(), c.at()))
        .thenRun(st -> AgentEvents.publish(system, id.tenant(), "alert", "kill-switch.released",
            "kill switch (account " + id.account() + ") released by " + c.principal(), id.entityId()))
        .thenReply(c.replyTo(), st -> StatusReply.ack());
  }

  private ReplyEffect<Event, State> onGetStatus(State s, GetStatus c) {
    RiskBook b = s.book();
    return Effect().reply(c.replyTo(), new RiskView(id, s.limits(), s.killSwitch(), s.killSwitchReason(),
        b.openTrades(), b.totalExposure(), b.pnlOn(c.at()), b.drawdown(), b.pairLocks(), b.globalLockUntil(),
        ordersInWindow(c.at())));
  }
}
