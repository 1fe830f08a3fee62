package io.agora.agents.capital;

import io.agora.agents.AccountId;
import io.agora.agents.Snapshots;
import io.agora.core.capital.Fill;
import io.agora.core.capital.Ledger;
import io.agora.core.capital.PositionSizing;
import io.agora.core.market.Side;
import io.agora.core.market.Instrument;
import io.agora.persistence.CborSerializable;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.SupervisorStrategy;
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
 * The capital of one account ({@code tenant|account}): balances per currency in an exact {@link Ledger},
 * reservations for open orders, budgets per strategy, fills, deposits and withdrawals, and position sizing.
 *
 * <p>Available = balance − reserved. A buy reservation counts against its strategy's budget, together with what the
 * strategy's filled buys have deployed (net of its sells). Fills are idempotent by client order id + fill id.
 */
public final class CapitalAgent
    extends EventSourcedBehaviorWithEnforcedReplies<CapitalAgent.Command, CapitalAgent.Event, CapitalAgent.State> {

  public static final EntityTypeKey<Command> ENTITY_KEY = EntityTypeKey.create(Command.class, "Capital");

  // ---- protocol: commands (people's commands carry a nullable principal, recorded on the events) ----

  public sealed interface Command extends CborSerializable {}

  /** Books a deposit; {@code reference} (when given) identifies it: a repeated reference is a retry, booked once. */
  public record Deposit(String currency, BigDecimal amount, String reference, String principal, Instant at,
      ActorRef<StatusReply<Done>> replyTo) implements Command {}

  public record Withdraw(String currency, BigDecimal amount, String reference, String principal, Instant at,
      ActorRef<StatusReply<Done>> replyTo) implements Command {}

  /** Gives {@code strategy} a budget of {@code cap} in {@code currency} (the quote currency of its pairs). */
  public record SetAllocation(String strategy, String currency, BigDecimal cap, String principal, Instant at,
      ActorRef<StatusReply<Done>> replyTo) implements Command {}

  /** Reserves funds for an order intent: quote for a buy (checked against the budget), base for a sell. */
  public record Reserve(String clientOrderId, String strategy, Side side, String currency, BigDecimal amount,
      String principal, Instant at, ActorRef<StatusReply<Done>> replyTo) implements Command {}

  /** Releases what is left of a reservation (order cancelled or rejected). Unknown ids are acknowledged. */
  public record Release(String clientOrderId, String reason, String principal, Instant at,
      ActorRef<StatusReply<Done>> replyTo) implements Command {}

  /** A fill from the venue; {@code orderComplete} releases what is left of the order's reservation. */
  public record ApplyFill(String clientOrderId, String fillId, String pair, Side side, BigDecimal amount,
      BigDecimal price, BigDecimal fee, String feeCurrency, boolean orderComplete, Instant at,
      ActorRef<StatusReply<Done>> replyTo) implements Command {}

  /** Sizes an order for {@code strategy}: equity is its budget, the cap what it and the account still have. */
  public record SizePosition(String strategy, Instrument instrument, PositionSizing.Method method, BigDecimal price,
      BigDecimal atr, ActorRef<StatusReply<SizeView>> replyTo) implements Command {}

  /** Balances and equity in {@code referenceCurrency}, given {@code prices} (currency → price in reference). */
  public record GetView(String referenceCurrency, Map<String, BigDecimal> prices, ActorRef<AccountView> replyTo)
      implements Command {}

  // ---- protocol: events (all carry the account, people's events the principal) ----

  public sealed interface Event extends CborSerializable {
    AccountId account();
  }

  public record FundsDeposited(AccountId account, String currency, BigDecimal amount, String reference,
      String principal, Instant at) implements Event {}

  public record FundsWithdrawn(AccountId account, String currency, BigDecimal amount, String reference,
      String principal, Instant at) implements Event {}

  public record AllocationSet(AccountId account, String strategy, String currency, BigDecimal cap, String principal,
      Instant at) implements Event {}

  public record FundsReserved(AccountId account, String clientOrderId, String strategy, Side side, String currency,
      BigDecimal amount, String principal, Instant at) implements Event {}

  public record ReservationReleased(AccountId account, String clientOrderId, String reason, String principal,
      Instant at) implements Event {}

  /** {@code strategy} is the reserving strategy when the order had a reservation, else null. */
  public record FillApplied(AccountId account, String clientOrderId, String fillId, String strategy, String base,
      String quote, Side side, BigDecimal amount, BigDecimal price, BigDecimal fee, String feeCurrency,
      boolean orderComplete, Instant at) implements Event {}

  // ---- protocol: replies ----

  public record SizeView(BigDecimal amount, BigDecimal notional) implements CborSerializable {}

  public record AccountView(AccountId account, Map<String, BigDecimal> balances, Map<String, BigDecimal> reserved,
      Map<String, BigDecimal> available, Map<String, BigDecimal> feesPaid, Map<String, BigDecimal> realisedPnl,
      String referenceCurrency, BigDecimal equity, List<String> unpriced) implements CborSerializable {}

  // ---- state ----

  public record Reservation(String strategy, Side side, String currency, BigDecimal amount)
      implements CborSerializable {}

  public record Allocation(String currency, BigDecimal cap) implements CborSerializable {}

  public record State(Ledger ledger, Map<String, Reservation> reservations, Map<String, Allocation> allocations,
      Map<String, BigDecimal> deployed, Set<String> appliedFills, Set<String> references)
      implements CborSerializable {

    public State {
      reservations = Map.copyOf(reservations);
      allocations = Map.copyOf(allocations);
      deployed = Map.copyOf(deployed);
      // they grow with every fill and deposit: shared, not copied, per event
      appliedFills = io.agora.agents.collections.SharingSet.of(appliedFills);
      references = references == null ? io.agora.agents.collections.SharingSet.empty()
          : io.agora.agents.collections.SharingSet.of(references);
    }

    static final State EMPTY = new State(Ledger.empty(), Map.of(), Map.of(), Map.of(), Set.of(), Set.of());

    public BigDecimal reserved(String currency) {
      BigDecimal sum = BigDecimal.ZERO;
      for (Reservation r : reservations.values()) if (r.currency().equals(currency)) sum = sum.add(r.amount());
      return sum;
    }

    public BigDecimal available(String currency) {
      return ledger.balance(currency).subtract(reserved(currency));
    }

    /** Budget used by a strategy: its open buy reservations plus what its buys deployed net of its sells. */
    public BigDecimal budgetUsed(String strategy) {
      BigDecimal sum = deployed.getOrDefault(strategy, BigDecimal.ZERO);
      for (Reservation r : reservations.values()) {
        if (r.side() == Side.BUY && r.strategy().equals(strategy)) sum = sum.add(r.amount());
      }
      return sum;
    }

    /** The deposit or withdrawal {@code reference} was booked (a retry of it books nothing). */
    State referenced(String kind, String reference) {
      if (reference == null) return this;
      Set<String> refs = ((io.agora.agents.collections.SharingSet<String>) references).with(kind + ":" + reference);
      return new State(ledger, reservations, allocations, deployed, appliedFills, refs);
    }

    State withLedger(Ledger l) {
      return new State(l, reservations, allocations, deployed, appliedFills, references);
    }

    State onAllocationSet(AllocationSet e) {
      Map<String, Allocation> a = new TreeMap<>(allocations);
      a.put(e.strategy(), new Allocation(e.currency(), e.cap()));
      return new State(ledger, reservations, a, deployed, appliedFills, references);
    }

    State onReserved(FundsReserved e) {
      Map<String, Reservation> r = new TreeMap<>(reservations);
      r.put(e.clientOrderId(), new Reservation(e.strategy(), e.side(), e.currency(), e.amount()));
      return new State(ledger, r, allocations, deployed, appliedFills, references);
    }

    State onReleased(ReservationReleased e) {
      Map<String, Reservation> r = new TreeMap<>(reservations);
      r.remove(e.clientOrderId());
      return new State(ledger, r, allocations, deployed, appliedFills, references);
    }

    State onFill(FillApplied e) {
      Fill fill = new Fill(e.base(), e.quote(), e.side(), e.amount(), e.price(), e.fee(), e.feeCurrency());
      Map<String, Reservation> r = new TreeMap<>(reservations);
      Reservation res = r.get(e.clientOrderId());
      if (res != null) {
        BigDecimal left = res.amount().subtract(outflow(fill, res.currency()));
        if (e.orderComplete() || left.signum() <= 0) r.remove(e.clientOrderId());
        else r.put(e.clientOrderId(), new Reservation(res.strategy(), res.side(), res.currency(), left));
      }
      Map<String, BigDecimal> d = new TreeMap<>(deployed);
      if (e.strategy() != null) {
        BigDecimal now = d.getOrDefault(e.strategy(), BigDecimal.ZERO);
        now = e.side() == Side.BUY ? now.add(fill.notional()) : now.subtract(fill.notional()).max(BigDecimal.ZERO);
        d.put(e.strategy(), now);
      }
      Set<String> applied = ((io.agora.agents.collections.SharingSet<String>) appliedFills)
          .with(fillKey(e.clientOrderId(), e.fillId()));
      return new State(ledger.applyFill(fill), r, allocations, d, applied, references);
    }

    /** What a fill takes out of {@code currency}: the quote paid, the base sold, and the fee if charged in it. */
    static BigDecimal outflow(Fill fill, String currency) {
      BigDecimal out = BigDecimal.ZERO;
      if (fill.side() == Side.BUY && fill.quote().equals(currency)) out = out.add(fill.notional());
      if (fill.side() == Side.SELL && fill.base().equals(currency)) out = out.add(fill.amount());
      if (currency.equals(fill.feeCurrency())) out = out.add(fill.fee());
      return out;
    }
  }

  static String fillKey(String clientOrderId, String fillId) {
    return clientOrderId + "#" + fillId;
  }

  // ---- wiring ----

  private final AccountId id;

  private CapitalAgent(AccountId id) {
    super(
        persistenceId(id),
        SupervisorStrategy.restartWithBackoff(Duration.ofMillis(200), Duration.ofSeconds(5), 0.1));
    this.id = id;
  }

  /**
   * {@code Capital|tenant|account}. {@code PersistenceId.of} refuses a '|' inside the entity id, so the id is built
   * as a unique id; the entity type is still everything before the first '|', as projections expect.
   */
  static PersistenceId persistenceId(AccountId id) {
    return PersistenceId.ofUniqueId(ENTITY_KEY.name() + PersistenceId.DefaultSeparator() + id.entityId());
  }

  /** The behaviour for entity id {@code tenant|account}. */
  public static Behavior<Command> create(String entityId) {
    return new CapitalAgent(AccountId.parse(entityId));
  }

  public static void init(ActorSystem<?> system) {
    ClusterSharding.get(system).init(Entity.of(ENTITY_KEY, ctx -> create(ctx.getEntityId())));
  }

  @Override
  public State emptyState() {
    return State.EMPTY;
  }

  /** Snapshots bound recovery time; events are kept (the journal is the audit trail). */
  @Override
  public RetentionCriteria retentionCriteria() {
    return Snapshots.largeState();
  }

  @Override
  public CommandHandlerWithReply<Command, Event, State> commandHandler() {
    return newCommandHandlerWithReplyBuilder()
        .forAnyState()
        .onCommand(Deposit.class, this::onDeposit)
        .onCommand(Withdraw.class, this::onWithdraw)
        .onCommand(SetAllocation.class, this::onSetAllocation)
        .onCommand(Reserve.class, this::onReserve)
        .onCommand(Release.class, this::onRelease)
        .onCommand(ApplyFill.class, this::onApplyFill)
        .onCommand(SizePosition.class, this::onSizePosition)
        .onCommand(GetView.class, this::onGetView)
        .build();
  }

  @Override
  public EventHandler<State, Event> eventHandler() {
    return newEventHandlerBuilder()
        .forAnyState()
        .onEvent(FundsDeposited.class, (s, e) -> s.withLedger(s.ledger().deposit(e.currency(), e.amount()))
            .referenced("deposit", e.reference()))
        .onEvent(FundsWithdrawn.class, (s, e) -> s.withLedger(s.ledger().withdraw(e.currency(), e.amount()))
            .referenced("withdrawal", e.reference()))
        .onEvent(AllocationSet.class, State::onAllocationSet)
        .onEvent(FundsReserved.class, State::onReserved)
        .onEvent(ReservationReleased.class, State::onReleased)
        .onEvent(FillApplied.class, State::onFill)
        .build();
  }

  // ---- command handlers ----

  private ReplyEffect<Event, State> onDeposit(State s, Deposit c) {
    String bad = positive("deposit amount", c.amount());
    if (bad == null) bad = currency(c.currency());
    if (bad != null) return Effect().reply(c.replyTo(), StatusReply.error(bad));
    // a deposit with the reference of one already booked is its retry (the first reply was lost): book nothing
    if (c.reference() != null && s.references().contains("deposit:" + c.reference())) {
      return Effect().reply(c.replyTo(), StatusReply.ack());
    }
    return Effect()
        .persist(new FundsDeposited(id, c.currency(), c.amount(), c.reference(), c.principal(), c.at()))
        .thenReply(c.replyTo(), st -> StatusReply.ack());
  }

  private ReplyEffect<Event, State> onWithdraw(State s, Withdraw c) {
    if (c.reference() != null && s.references().contains("withdrawal:" + c.reference())) {
      return Effect().reply(c.replyTo(), StatusReply.ack()); // a retry of a withdrawal already booked
    }
    String bad = positive("withdrawal amount", c.amount());
    if (bad == null) bad = currency(c.currency());
    if (bad == null && s.available(c.currency()).compareTo(c.amount()) < 0) {
      bad = "insufficient available " + c.currency() + ": " + plain(s.available(c.currency())) + " < "
          + plain(c.amount());
    }
    if (bad != null) return Effect().reply(c.replyTo(), StatusReply.error(bad));
    return Effect()
        .persist(new FundsWithdrawn(id, c.currency(), c.amount(), c.reference(), c.principal(), c.at()))
        .thenReply(c.replyTo(), st -> StatusReply.ack());
  }

  private ReplyEffect<Event, State> onSetAllocation(State s, SetAllocation c) {
    String bad = positive("allocation cap", c.cap());
    if (bad == null) bad = currency(c.currency());
    if (bad == null && (c.strategy() == null || c.strategy().isBlank())) bad = "strategy is missing";
    if (bad != null) return Effect().reply(c.replyTo(), StatusReply.error(bad));
    Allocation current = s.allocations().get(c.strategy());
    if (current != null && current.currency().equals(c.currency()) && current.cap().compareTo(c.cap()) == 0) {
      return Effect().reply(c.replyTo(), StatusReply.ack());
    }
    return Effect()
        .persist(new AllocationSet(id, c.strategy(), c.currency(), c.cap(), c.principal(), c.at()))
        .thenReply(c.replyTo(), st -> StatusReply.ack());
  }

  private ReplyEffect<Event, State> onReserve(State s, Reserve c) {
    String bad = positive("reservation amount", c.amount());
    if (bad == null) bad = currency(c.currency());
    if (bad == null && (c.clientOrderId() == null || c.side() == null || c.strategy() == null)) {
      bad = "reservation needs a client order id, a strategy and a side";
    }
    if (bad != null) return Effect().reply(c.replyTo(), StatusReply.error(bad));
    Reservation existing = s.reservations().get(c.clientOrderId());
    if (existing != null) {
      boolean same = existing.currency().equals(c.currency()) && existing.amount().compareTo(c.amount()) == 0
          && existing.side() == c.side() && existing.strategy().equals(c.strategy());
      return Effect().reply(c.replyTo(), same ? StatusReply.ack()
          : StatusReply.error("order " + c.clientOrderId() + " already holds a different reservation"));
    }
    if (c.side() == Side.BUY) {
      Allocation a = s.allocations().get(c.strategy());
      if (a == null) {
        return Effect().reply(c.replyTo(), StatusReply.error("strategy " + c.strategy() + " has no allocation"));
      }
      if (!a.currency().equals(c.currency())) {
        return Effect().reply(c.replyTo(), StatusReply.error("strategy " + c.strategy() + " is allocated "
            + a.currency() + ", not " + c.currency()));
      }
      BigDecimal after = s.budgetUsed(c.strategy()).add(c.amount());
      if (after.compareTo(a.cap()) > 0) {
        return Effect().reply(c.replyTo(), StatusReply.error("budget of " + c.strategy() + " exceeded: "
            + plain(after) + " > cap " + plain(a.cap()) + " " + a.currency()));
      }
    }
    if (s.available(c.currency()).compareTo(c.amount()) < 0) {
      return Effect().reply(c.replyTo(), StatusReply.error("insufficient available " + c.currency() + ": "
          + plain(s.available(c.currency())) + " < " + plain(c.amount())));
    }
    return Effect()
        .persist(new FundsReserved(id, c.clientOrderId(), c.strategy(), c.side(), c.currency(), c.amount(),
            c.principal(), c.at()))
        .thenReply(c.replyTo(), st -> StatusReply.ack());
  }

  private ReplyEffect<Event, State> onRelease(State s, Release c) {
    if (!s.reservations().containsKey(c.clientOrderId())) return Effect().reply(c.replyTo(), StatusReply.ack());
    return Effect()
        .persist(new ReservationReleased(id, c.clientOrderId(), c.reason(), c.principal(), c.at()))
        .thenReply(c.replyTo(), st -> StatusReply.ack());
  }

  private ReplyEffect<Event, State> onApplyFill(State s, ApplyFill c) {
    if (c.clientOrderId() == null || c.fillId() == null) {
      return Effect().reply(c.replyTo(), StatusReply.error("fill needs a client order id and a fill id"));
    }
    if (s.appliedFills().contains(fillKey(c.clientOrderId(), c.fillId()))) {
      return Effect().reply(c.replyTo(), StatusReply.ack()); // a retry: already applied, no second event
    }
    Instrument pair;
    Fill fill;
    try {
      pair = Instrument.of(c.pair());
      fill = new Fill(pair.base(), pair.quote(), c.side(), c.amount(), c.price(), c.fee(), c.feeCurrency());
    } catch (RuntimeException e) {
      return Effect().reply(c.replyTo(), StatusReply.error("invalid fill: " + e.getMessage()));
    }
    Reservation res = s.reservations().get(c.clientOrderId());
    return Effect()
        .persist(new FillApplied(id, c.clientOrderId(), c.fillId(), res == null ? null : res.strategy(), fill.base(),
            fill.quote(), fill.side(), fill.amount(), fill.price(), fill.fee(), fill.feeCurrency(), c.orderComplete(),
            c.at()))
        .thenReply(c.replyTo(), st -> StatusReply.ack());
  }

  private ReplyEffect<Event, State> onSizePosition(State s, SizePosition c) {
    Allocation a = s.allocations().get(c.strategy());
    if (a == null) return Effect().reply(c.replyTo(), StatusReply.error("strategy " + c.strategy() + " has no allocation"));
    if (c.instrument() == null || !c.instrument().quote().equals(a.currency())) {
      return Effect().reply(c.replyTo(), StatusReply.error("strategy " + c.strategy() + " is allocated " + a.currency()
          + ", instrument " + c.instrument() + " is quoted otherwise"));
    }
    BigDecimal budgetLeft = a.cap().subtract(s.budgetUsed(c.strategy()));
    BigDecimal cap = budgetLeft.min(s.available(a.currency()));
    PositionSizing.Sizing sizing;
    try {
      sizing = PositionSizing.size(c.method(), a.cap(), cap, c.price(), c.atr(), c.instrument());
    } catch (RuntimeException e) {
      return Effect().reply(c.replyTo(), StatusReply.error("cannot size: " + e.getMessage()));
    }
    if (!sizing.accepted()) return Effect().reply(c.replyTo(), StatusReply.error(sizing.rejection()));
    return Effect().reply(c.replyTo(), StatusReply.success(new SizeView(sizing.amount(), sizing.notional())));
  }

  private ReplyEffect<Event, State> onGetView(State s, GetView c) {
    Ledger l = s.ledger();
    Map<String, BigDecimal> reserved = new TreeMap<>();
    Map<String, BigDecimal> available = new TreeMap<>();
    BigDecimal equity = BigDecimal.ZERO;
    List<String> unpriced = new ArrayList<>();
    Map<String, BigDecimal> prices = c.prices() == null ? Map.of() : c.prices();
    for (String cur : l.balances().keySet()) {
      reserved.put(cur, s.reserved(cur));
      available.put(cur, s.available(cur));
      BigDecimal bal = l.balance(cur);
      if (bal.signum() == 0) continue;
      BigDecimal px = cur.equals(c.referenceCurrency()) ? BigDecimal.ONE : prices.get(cur);
      if (px == null) unpriced.add(cur);
      else equity = equity.add(bal.multiply(px));
    }
    return Effect().reply(c.replyTo(), new AccountView(id, new TreeMap<>(l.balances()), reserved, available,
        new TreeMap<>(l.feesPaid()), new TreeMap<>(l.realisedPnl()), c.referenceCurrency(), equity, unpriced));
  }

  private static String positive(String what, BigDecimal v) {
    return v == null || v.signum() <= 0 ? what + " must be > 0" : null;
  }

  private static String currency(String c) {
    return c == null || c.isBlank() ? "currency is missing" : null;
  }

  private static String plain(BigDecimal v) {
    return Objects.requireNonNull(v).stripTrailingZeros().toPlainString();
  }
}
