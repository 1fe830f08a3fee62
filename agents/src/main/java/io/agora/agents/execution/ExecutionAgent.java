package io.agora.agents.execution;

import io.agora.agents.ProjectionTags;
import io.agora.agents.Snapshots;
import io.agora.agents.Subscribers;
import io.agora.core.market.Instrument;
import io.agora.core.paper.Candle;
import io.agora.core.paper.Fill;
import io.agora.core.paper.FillSettings;
import io.agora.core.paper.Liquidity;
import io.agora.core.paper.OrderType;
import io.agora.core.paper.PaperFillModel;
import io.agora.core.paper.PaperOrder;
import io.agora.core.market.Side;
import io.agora.agents.collections.SharingMap;
import io.agora.agents.collections.SharingSet;
import io.agora.agents.events.AgentEvents;
import io.agora.persistence.CborSerializable;
import com.typesafe.config.Config;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
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
import org.apache.pekko.persistence.typed.javadsl.CommandHandlerWithReply;
import org.apache.pekko.persistence.typed.javadsl.CommandHandlerWithReplyBuilder;
import org.apache.pekko.persistence.typed.javadsl.EventHandler;
import org.apache.pekko.persistence.typed.javadsl.EventSourcedBehaviorWithEnforcedReplies;
import org.apache.pekko.persistence.typed.javadsl.ReplyEffect;
import org.apache.pekko.persistence.typed.javadsl.RetentionCriteria;

/**
 * Orders of one account on one venue (entity id {@code tenant|account|venue}), executed here against the paper venue
 * ({@link PaperFillModel}) driven by {@link OnMarketData}.
 *
 * <p><b>Lifecycle.</b> {@code NEW → ACCEPTED | REJECTED}; {@code ACCEPTED → PARTIALLY_FILLED | FILLED | CANCELED};
 * {@code PARTIALLY_FILLED → PARTIALLY_FILLED | FILLED | CANCELED}; FILLED, CANCELED and REJECTED are final. A command
 * that would make an illegal transition is answered with a {@link StatusReply#error} naming both states.
 *
 * <p><b>Client order id.</b> The caller fixes the client order id <em>when it persists its intent</em>, before it
 * sends {@link PlaceOrder}, and derives it deterministically from that intent: {@link #clientOrderId(String, int)}
 * gives {@code <intentId>-<leg>} (for example {@code s7-000123-0} for leg 0 of the strategy decision with sequence
 * number 123), within the charset and 36-character limit venues accept ({@code [A-Za-z0-9._:-]}). A retry after a
 * timeout or a crash therefore sends the same id, and this entity answers it with the existing order's view and
 * persists nothing; the same id with different parameters is refused. Ids are unique per entity (account × venue).
 *
 * <p><b>Subscribers.</b> Events never carry {@code ActorRef}s. {@link Subscribe} keeps the subscriber in memory
 * (watched, dropped when it stops); each {@link OrderFilled} is sent to each subscriber once, after it is persisted,
 * never on replay. After a restart or passivation the subscribers are gone and must subscribe again (they learn of
 * it through {@link Subscribe}'s reply on their periodic re-subscribe, or by watching). Delivery is at most once; a
 * consumer that must see every fill reads the journal (an events-by-persistence-id projection) instead. The event
 * stream was not used because it is node-local, untyped by entity and would deliver every account's fills to every
 * listener.
 */
public final class ExecutionAgent
    extends EventSourcedBehaviorWithEnforcedReplies<ExecutionAgent.Command, ExecutionAgent.Event, ExecutionAgent.State> {

  public static final EntityTypeKey<Command> ENTITY_KEY = EntityTypeKey.create(Command.class, "ExecutionAgent");
  private static final Pattern CLIENT_ORDER_ID = Pattern.compile("[A-Za-z0-9._:-]{1,36}");

  /** The tags of this entity's events, read by the read side ({@code io.agora.agents.readside}). */
  public static final ProjectionTags TAGS = new ProjectionTags("execution", 4);

  // --- protocol ---------------------------------------------------------------------------------------------

  public sealed interface Command extends CborSerializable {}

  /** Places an order; answered with the order's view (also for a retry with the same client order id). */
  public record PlaceOrder(String clientOrderId, String pair, Side side, OrderType type, double price, double amount,
      String principal, ActorRef<StatusReply<OrderView>> replyTo) implements Command {}

  /**
   * Places an order and matches it at once against {@code candle} on the paper venue, in one write (placed,
   * accepted or rejected, and its fills): what a desk does with a decision taken on that candle. The order gets
   * the candle's whole volume budget. Idempotent as {@link PlaceOrder}: a retry answers the order as it is.
   */
  public record PlaceAndMatch(String clientOrderId, String pair, Side side, OrderType type, double price,
      double amount, String principal, Candle candle, ActorRef<StatusReply<OrderView>> replyTo) implements Command {}

  /** Cancels an open order; a retry on an already canceled order answers its view again. */
  public record CancelOrder(String clientOrderId, String principal, ActorRef<StatusReply<OrderView>> replyTo)
      implements Command {}

  /** Candles of {@code pair}, ascending, that the paper venue matches the open orders of that pair against. */
  public record OnMarketData(String pair, List<Candle> candles, ActorRef<MarketDataApplied> replyTo)
      implements Command {}

  public record Subscribe(ActorRef<FillNotice> subscriber, ActorRef<Done> replyTo) implements Command {}

  public record Unsubscribe(ActorRef<FillNotice> subscriber, ActorRef<Done> replyTo) implements Command {}

  /** The open orders and the most recent closed ones ({@code agora.execution.closed-orders-kept}), placement order. */
  public record GetOrders(ActorRef<OrdersView> replyTo) implements Command {}

  /**
   * One order by client order id; the lookup's view is null when no order has that id, or when it closed before the
   * closed orders this agent holds ({@link State#retired}: such an id is still refused by a placement).
   */
  public record GetOrder(String clientOrderId, ActorRef<OrderLookup> replyTo) implements Command {}

  /** Sent by this entity to itself when a subscriber stops. */
  public record SubscriberTerminated(ActorRef<FillNotice> subscriber) implements Command {}

  public sealed interface Event extends CborSerializable {
    String tenant();

    String clientOrderId();
  }

  /** The order as requested (status NEW); {@code principal} is the person who placed it, null for an agent. */
  public record OrderPlaced(String tenant, String clientOrderId, String pair, Side side, OrderType type, double price,
      double amount, String principal, long placedAt) implements Event {}

  public record OrderAccepted(String tenant, String clientOrderId) implements Event {}

  public record OrderRejected(String tenant, String clientOrderId, String reason) implements Event {}

  /**
   * One fill of the paper venue. {@code fee} in quote currency; {@code candleTime} is the open time of the candle
   * that produced it; {@code completes} marks the fill that takes the whole remaining amount.
   */
  public record OrderFilled(String tenant, String clientOrderId, String fillId, double amount, double price,
      double fee, double feeRate, Liquidity liquidity, long candleTime, boolean completes) implements Event {}

  public record OrderCanceled(String tenant, String clientOrderId, String principal, long canceledAt)
      implements Event {}

  public enum OrderStatus {
    NEW, ACCEPTED, PARTIALLY_FILLED, FILLED, CANCELED, REJECTED;

    public boolean isOpen() {
      return this == ACCEPTED || this == PARTIALLY_FILLED;
    }

    /** FILLED, CANCELED or REJECTED: no event changes it again. */
    public boolean isFinal() {
      return this == FILLED || this == CANCELED || this == REJECTED;
    }

    public boolean canBecome(OrderStatus next) {
      switch (this) {
        case NEW:
          return next == ACCEPTED || next == REJECTED;
        case ACCEPTED:
        case PARTIALLY_FILLED:
          return next == PARTIALLY_FILLED || next == FILLED || next == CANCELED;
        default:
          return false;
      }
    }
  }

  public record FillView(String fillId, double amount, double price, double fee, Liquidity liquidity,
      long candleTime) implements CborSerializable {}

  public record OrderView(String clientOrderId, String pair, Side side, OrderType type, double price, double amount,
      double filled, OrderStatus status, String principal, String rejectReason, long placedAt, List<FillView> fills)
      implements CborSerializable {

    public double remaining() {
      return status.isOpen() ? amount - filled : 0;
    }

    public double totalFee() {
      double f = 0;
      for (FillView x : fills) f += x.fee();
      return f;
    }

    long lastFillTime() {
      return fills.isEmpty() ? Long.MIN_VALUE : fills.get(fills.size() - 1).candleTime();
    }

    boolean sameRequest(PlaceOrder c) {
      return pair.equals(c.pair()) && side == c.side() && type == c.type() && amount == c.amount()
          && (type == OrderType.MARKET || price == c.price());
    }

    OrderView withStatus(OrderStatus next) {
      if (!status.canBecome(next)) {
        throw new IllegalStateException("order " + clientOrderId + ": " + status + " → " + next + " is not legal");
      }
      return new OrderView(clientOrderId, pair, side, type, price, amount, filled, next, principal, rejectReason,
          placedAt, fills);
    }
  }

  public record OrdersView(String tenant, String account, String venue, List<OrderView> orders)
      implements CborSerializable {}

  public record MarketDataApplied(String pair, List<String> fillIds) implements CborSerializable {}

  /** The answer to {@link GetOrder}: {@code order} is null when the id is unknown. */
  public record OrderLookup(String clientOrderId, OrderView order) implements CborSerializable {}

  /** What subscribers receive per fill; {@code status} and {@code filled} are the order's after the fill. */
  public record FillNotice(String tenant, String account, String venue, String clientOrderId, String fillId,
      String pair, Side side, double amount, double price, double fee, Liquidity liquidity, long candleTime,
      OrderStatus status, double filled) implements CborSerializable {}

  /**
   * Orders by client order id, in placement order: every open order and the most recent closed ones, at most
   * {@code agora.execution.closed-orders-kept} of them. Older closed orders leave memory and snapshots, which would
   * otherwise grow with every order the account ever placed (the journal and the read side's {@code orders} table keep
   * them); a 64-bit hash of each one's client order id stays in {@code retiredIds}, so such an id is still refused
   * rather than placed a second time. {@code closedHeld} counts the closed orders in {@code orders} (null in snapshots
   * written before it existed: counted then).
   */
  public record State(Map<String, OrderView> orders, Integer closedHeld, Set<Long> retiredIds)
      implements CborSerializable {
    public State {
      orders = SharingMap.of(orders == null ? Map.of() : orders);
      retiredIds = SharingSet.of(retiredIds == null ? Set.of() : retiredIds);
      if (closedHeld == null) {
        int n = 0;
        for (OrderView o : orders.values()) if (o.status().isFinal()) n++;
        closedHeld = n;
      }
    }

    static State empty() {
      return new State(Map.of(), 0, Set.of());
    }

    public OrderView order(String clientOrderId) {
      return orders.get(clientOrderId);
    }

    /** Whether {@code clientOrderId} belonged to a closed order that this state no longer holds. */
    public boolean retired(String clientOrderId) {
      return retiredIds.contains(idHash(clientOrderId));
    }

    /** This state with {@code o} replacing the order of its id (a status change or a fill). */
    State with(OrderView o) {
      OrderView before = orders.get(o.clientOrderId());
      int held = closedHeld + (o.status().isFinal() ? 1 : 0) - (before != null && before.status().isFinal() ? 1 : 0);
      return new State(((SharingMap<String, OrderView>) orders).with(o.clientOrderId(), o), held, retiredIds);
    }

    /**
     * This state with the new order {@code o}, and the oldest closed orders beyond {@code keep} retired. Retiring
     * only here, never on a status change, keeps every order that a write's events touch in the state after that
     * write (its notices and replies read them), however many orders one write closes.
     */
    State placed(OrderView o, int keep) {
      SharingMap<String, OrderView> m = ((SharingMap<String, OrderView>) orders).with(o.clientOrderId(), o);
      int held = closedHeld;
      SharingSet<Long> retired = (SharingSet<Long>) retiredIds;
      // room for this order, should it close: at most keep closed ones, until one write closes several at once
      if (held >= keep) {
        int n = held - keep + 1;
        List<String> out = new ArrayList<>(n);
        for (OrderView x : m.values()) {
          if (out.size() == n) break;
          if (x.status().isFinal()) out.add(x.clientOrderId());
        }
        for (String id : out) {
          m = m.without(id);
          retired = retired.with(idHash(id));
        }
        held -= out.size();
      }
      return new State(m, held, retired);
    }

    /** FNV-1a over the id's chars: stable across JVMs and versions (unlike {@code String.hashCode}), 64 bits wide. */
    static long idHash(String id) {
      long h = 0xcbf29ce484222325L;
      for (int i = 0; i < id.length(); i++) {
        h ^= id.charAt(i);
        h *= 0x100000001b3L;
      }
      return h;
    }
  }

  /** The settings {@link #init} reads once from {@code agora.execution.paper}. */
  public record Settings(FillSettings fills, int closedOrdersKept) {
    /** How many closed orders an agent holds (besides its open ones) unless configured otherwise. */
    public static final int DEFAULT_CLOSED_ORDERS_KEPT = 200;

    public Settings {
      if (closedOrdersKept < 1) {
        throw new IllegalArgumentException(
            "agora.execution.closed-orders-kept must be at least 1, was " + closedOrdersKept);
      }
    }

    public Settings(FillSettings fills) {
      this(fills, DEFAULT_CLOSED_ORDERS_KEPT);
    }

    public static Settings fromConfig(Config root) {
      int kept = root.getInt("agora.execution.closed-orders-kept");
      return new Settings(fills(root), kept);
    }

    private static FillSettings fills(Config root) {
      Config c = root.getConfig("agora.execution.paper");
      String mode = c.getString("mode");
      double taker = c.getDouble("taker-fee");
      if (mode.equals("freqtrade")) return FillSettings.freqtrade(taker);
      if (!mode.equals("realistic")) {
        throw new IllegalArgumentException("agora.execution.paper.mode must be realistic or freqtrade, not " + mode);
      }
      String f = c.getString("max-volume-fraction");
      double fraction = f.equals("inf") ? Double.POSITIVE_INFINITY : Double.parseDouble(f);
      return FillSettings.realistic(c.getDouble("maker-fee"), taker, c.getDouble("slippage-bps"), fraction);
    }
  }

  /** {@code <intentId>-<leg>}: the deterministic client order id of leg {@code leg} of a persisted intent. */
  public static String clientOrderId(String intentId, int leg) {
    String id = intentId + "-" + leg;
    if (leg < 0 || !CLIENT_ORDER_ID.matcher(id).matches()) {
      throw new IllegalArgumentException("client order id '" + id + "' must match " + CLIENT_ORDER_ID.pattern());
    }
    return id;
  }

  public static String entityId(String tenant, String account, String venue) {
    return tenant + "|" + account + "|" + venue;
  }

  // --- wiring -----------------------------------------------------------------------------------------------

  public static void init(ActorSystem<?> system) {
    Settings settings = Settings.fromConfig(system.settings().config());
    ClusterSharding.get(system).init(Entity.of(ENTITY_KEY,
        ctx -> create(ctx.getEntityId(), settings, Clock.systemUTC())));
  }

  public static Behavior<Command> create(String entityId, Settings settings, Clock clock) {
    return Behaviors.setup(ctx -> new ExecutionAgent(ctx, entityId, settings, clock));
  }

  private final ActorContext<Command> ctx;
  private final String tenant;
  private final String account;
  private final String venue;
  private final PaperFillModel model;
  private final int closedOrdersKept;
  private final Clock clock;
  private final Subscribers<FillNotice, Command> subscribers;
  private final String journal;

  private ExecutionAgent(ActorContext<Command> ctx, String entityId, Settings settings, Clock clock) {
    // "ExecutionAgent|tenant|account|venue": PersistenceId.of refuses the '|' inside the entity id, but the type hint
    // still ends at the first '|', so extractEntityType/extractEntityId give back "ExecutionAgent" and the entity id
    super(PersistenceId.ofUniqueId(ENTITY_KEY.name() + PersistenceId.DefaultSeparator() + entityId),
        SupervisorStrategy.restartWithBackoff(Duration.ofMillis(200), Duration.ofSeconds(5), 0.1));
    String[] parts = entityId.split("\\|", -1);
    if (parts.length != 3 || parts[0].isEmpty() || parts[1].isEmpty() || parts[2].isEmpty()) {
      throw new IllegalArgumentException("execution entity id must be tenant|account|venue, not '" + entityId + "'");
    }
    this.ctx = ctx;
    this.subscribers = new Subscribers<>(ctx, SubscriberTerminated::new);
    this.tenant = parts[0];
    this.account = parts[1];
    this.venue = parts[2];
    this.model = new PaperFillModel(settings.fills());
    this.closedOrdersKept = settings.closedOrdersKept();
    this.clock = clock;
    this.journal = ProjectionTags.journalPluginId(ctx.getSystem());
  }

  @Override
  public String journalPluginId() {
    return journal; // every event is tagged (the orders read side): see ProjectionTags.journalPluginId
  }

  @Override
  public State emptyState() {
    return State.empty();
  }

  @Override
  public Set<String> tagsFor(Event event) {
    return TAGS.tagsFor(entityId(tenant, account, venue));
  }

  @Override
  public RetentionCriteria retentionCriteria() {
    return Snapshots.largeState(); // events are kept: no withDeleteEventsOnSnapshot
  }

  // --- commands ---------------------------------------------------------------------------------------------

  @Override
  public CommandHandlerWithReply<Command, Event, State> commandHandler() {
    CommandHandlerWithReplyBuilder<Command, Event, State> b = newCommandHandlerWithReplyBuilder();
    b.forAnyState()
        .onCommand(PlaceOrder.class, this::onPlaceOrder)
        .onCommand(PlaceAndMatch.class, this::onPlaceAndMatch)
        .onCommand(CancelOrder.class, this::onCancelOrder)
        .onCommand(OnMarketData.class, this::onMarketData)
        .onCommand(Subscribe.class, this::onSubscribe)
        .onCommand(Unsubscribe.class, (s, c) -> {
          subscribers.remove(c.subscriber());
          return Effect().reply(c.replyTo(), Done.getInstance());
        })
        .onCommand(SubscriberTerminated.class, (s, c) -> {
          subscribers.remove(c.subscriber());
          return Effect().noReply();
        })
        .onCommand(GetOrder.class, (s, c) ->
            Effect().reply(c.replyTo(), new OrderLookup(c.clientOrderId(), s.order(c.clientOrderId()))))
        .onCommand(GetOrders.class, (s, c) ->
            Effect().reply(c.replyTo(), new OrdersView(tenant, account, venue, List.copyOf(s.orders().values()))));
    return b.build();
  }

  private ReplyEffect<Event, State> onPlaceOrder(State s, PlaceOrder c) {
    if (c.clientOrderId() == null || !CLIENT_ORDER_ID.matcher(c.clientOrderId()).matches()) {
      return Effect().reply(c.replyTo(), StatusReply.error(
          "client order id '" + c.clientOrderId() + "' must match " + CLIENT_ORDER_ID.pattern()));
    }
    OrderView existing = s.order(c.clientOrderId());
    if (existing != null) {
      if (!existing.sameRequest(c)) {
        return Effect().reply(c.replyTo(), StatusReply.error(
            "client order id " + c.clientOrderId() + " is already used by a different order"));
      }
      return Effect().reply(c.replyTo(), StatusReply.success(existing)); // idempotent retry: nothing persisted
    }
    if (s.retired(c.clientOrderId())) {
      return Effect().reply(c.replyTo(), StatusReply.error("client order id " + c.clientOrderId()
          + " was used by an order that closed before the " + closedOrdersKept + " closed orders this agent holds"
          + " (the read side's orders table has it); a client order id is never used twice: choose a new one"));
    }
    if (c.side() == null || c.type() == null) {
      return Effect().reply(c.replyTo(), StatusReply.error("order " + c.clientOrderId() + " needs side and type"));
    }
    OrderPlaced placed = new OrderPlaced(tenant, c.clientOrderId(), c.pair(), c.side(), c.type(),
        c.type() == OrderType.MARKET ? 0 : c.price(), c.amount(), c.principal(), clock.millis());
    String reason = rejection(c);
    Event outcome = reason == null
        ? new OrderAccepted(tenant, c.clientOrderId())
        : new OrderRejected(tenant, c.clientOrderId(), reason);
    return Effect().persist(List.of(placed, outcome))
        .thenRun(ns -> notice(ns, List.of(placed, outcome)))
        .thenReply(c.replyTo(), ns -> StatusReply.success(ns.order(c.clientOrderId())));
  }

  private ReplyEffect<Event, State> onPlaceAndMatch(State s, PlaceAndMatch m) {
    PlaceOrder c = new PlaceOrder(m.clientOrderId(), m.pair(), m.side(), m.type(), m.price(), m.amount(),
        m.principal(), m.replyTo());
    if (m.candle() == null || c.clientOrderId() == null || s.order(c.clientOrderId()) != null
        || s.retired(c.clientOrderId()) || !CLIENT_ORDER_ID.matcher(c.clientOrderId()).matches() || c.side() == null
        || c.type() == null) {
      return onPlaceOrder(s, c); // the answers of a plain placement: errors, or the existing order of a retry
    }
    OrderPlaced placed = new OrderPlaced(tenant, c.clientOrderId(), c.pair(), c.side(), c.type(),
        c.type() == OrderType.MARKET ? 0 : c.price(), c.amount(), c.principal(), clock.millis());
    String reason = rejection(c);
    List<Event> events = new ArrayList<>();
    events.add(placed);
    if (reason != null) {
      events.add(new OrderRejected(tenant, c.clientOrderId(), reason));
    } else {
      events.add(new OrderAccepted(tenant, c.clientOrderId()));
      Fill f = model.onCandle(new PaperOrder(c.side(), c.type(), placed.price(), c.amount()), m.candle(),
          model.volumeBudget(m.candle()));
      if (f != null) {
        events.add(new OrderFilled(tenant, c.clientOrderId(), c.clientOrderId() + "#1", f.amount(), f.price(),
            f.fee(), f.feeRate(), f.liquidity(), f.time(), f.completes()));
      }
    }
    List<Event> fills = events.stream().filter(e -> e instanceof OrderFilled).toList();
    return Effect().persist(events)
        .thenRun(ns -> {
          notice(ns, events);
          if (!fills.isEmpty()) publish(ns, fills);
        })
        .thenReply(c.replyTo(), ns -> StatusReply.success(ns.order(c.clientOrderId())));
  }

  private static String rejection(PlaceOrder c) {
    try {
      Instrument.of(c.pair());
    } catch (IllegalArgumentException e) {
      return e.getMessage();
    }
    if (!(c.amount() > 0) || Double.isInfinite(c.amount())) return "amount must be > 0, was " + c.amount();
    if (c.type() == OrderType.LIMIT && (!(c.price() > 0) || Double.isInfinite(c.price()))) {
      return "limit price must be > 0, was " + c.price();
    }
    return null;
  }

  private ReplyEffect<Event, State> onCancelOrder(State s, CancelOrder c) {
    OrderView o = s.order(c.clientOrderId());
    if (o == null && s.retired(c.clientOrderId())) {
      return Effect().reply(c.replyTo(), StatusReply.error("order " + c.clientOrderId()
          + " closed long ago: it is no longer held here and cannot be canceled"));
    }
    if (o == null) {
      return Effect().reply(c.replyTo(), StatusReply.error("unknown order " + c.clientOrderId()));
    }
    if (o.status() == OrderStatus.CANCELED) return Effect().reply(c.replyTo(), StatusReply.success(o));
    if (!o.status().canBecome(OrderStatus.CANCELED)) {
      return Effect().reply(c.replyTo(), StatusReply.error(
          "order " + c.clientOrderId() + " is " + o.status() + ": " + o.status() + " → CANCELED is not allowed"));
    }
    OrderCanceled canceled = new OrderCanceled(tenant, c.clientOrderId(), c.principal(), clock.millis());
    return Effect().persist(canceled)
        .thenRun(ns -> notice(ns, List.of(canceled)))
        .thenReply(c.replyTo(), ns -> StatusReply.success(ns.order(c.clientOrderId())));
  }

  private ReplyEffect<Event, State> onMarketData(State s, OnMarketData c) {
    List<Event> fills = new ArrayList<>();
    Map<String, Double> remaining = new HashMap<>();
    Map<String, Long> lastTime = new HashMap<>();
    Map<String, Integer> count = new HashMap<>();
    List<OrderView> open = new ArrayList<>();
    for (OrderView o : s.orders().values()) {
      if (o.status().isOpen() && o.pair().equals(c.pair())) {
        open.add(o);
        remaining.put(o.clientOrderId(), o.remaining());
        lastTime.put(o.clientOrderId(), o.lastFillTime());
        count.put(o.clientOrderId(), o.fills().size());
      }
    }
    for (Candle candle : c.candles() == null ? List.<Candle>of() : c.candles()) {
      double budget = model.volumeBudget(candle);
      for (OrderView o : open) {
        String id = o.clientOrderId();
        double rem = remaining.get(id);
        // a candle at or before the order's last fill was already matched: re-delivered data fills nothing
        if (!(rem > 0) || candle.openTime() <= lastTime.get(id)) continue;
        Fill f = model.onCandle(new PaperOrder(o.side(), o.type(), o.price(), rem), candle, budget);
        if (f == null) continue;
        budget -= f.amount();
        remaining.put(id, f.completes() ? 0.0 : rem - f.amount());
        lastTime.put(id, candle.openTime());
        int n = count.merge(id, 1, Integer::sum);
        fills.add(new OrderFilled(tenant, id, id + "#" + n, f.amount(), f.price(), f.fee(), f.feeRate(),
            f.liquidity(), f.time(), f.completes()));
      }
    }
    List<String> ids = new ArrayList<>();
    for (Event e : fills) ids.add(((OrderFilled) e).fillId());
    MarketDataApplied reply = new MarketDataApplied(c.pair(), ids);
    if (fills.isEmpty()) return Effect().reply(c.replyTo(), reply);
    return Effect().persist(fills) // one write for every fill of this tick
        .thenRun(ns -> {
          notice(ns, fills);
          publish(ns, fills);
        })
        .thenReply(c.replyTo(), ns -> reply);
  }

  /** Live notices of persisted order events on the agents' event bus ({@link AgentEvents}). */
  private void notice(State s, List<Event> events) {
    for (Event e : events) {
      String id;
      String type;
      String category = "order";
      if (e instanceof OrderPlaced x) {
        id = x.clientOrderId();
        type = "order.placed";
      } else if (e instanceof OrderAccepted x) {
        id = x.clientOrderId();
        type = "order.accepted";
      } else if (e instanceof OrderRejected x) {
        id = x.clientOrderId();
        type = "order.rejected";
        category = "alert";
      } else if (e instanceof OrderCanceled x) {
        id = x.clientOrderId();
        type = "order.canceled";
      } else if (e instanceof OrderFilled x) {
        id = x.clientOrderId();
        type = "order.filled";
        category = "fill";
      } else {
        continue;
      }
      OrderView o = s.order(id);
      java.util.Map<String, String> data = new java.util.LinkedHashMap<>();
      data.put("account", account);
      data.put("venue", venue);
      data.put("clientOrderId", id);
      if (o != null) {
        data.put("pair", o.pair());
        data.put("side", o.side().name());
        data.put("amount", Double.toString(o.amount()));
        data.put("status", o.status().name());
      }
      String message = type + " " + id;
      if (e instanceof OrderFilled f) {
        data.put("fillId", f.fillId());
        data.put("fillAmount", Double.toString(f.amount()));
        data.put("fillPrice", Double.toString(f.price()));
        data.put("fee", Double.toString(f.fee()));
        message += ": " + f.amount() + " at " + f.price();
      } else if (e instanceof OrderRejected r) {
        data.put("reason", r.reason());
        message += ": " + r.reason();
      }
      AgentEvents.publish(ctx.getSystem(), tenant, category, type, message, ExecutionAgent.entityId(tenant, account,
          venue), data);
    }
  }

  private void publish(State s, List<Event> fills) {
    if (subscribers.isEmpty()) return;
    for (Event e : fills) {
      OrderFilled f = (OrderFilled) e;
      OrderView o = s.order(f.clientOrderId());
      double filledAfter = 0;
      OrderStatus statusAfter = OrderStatus.PARTIALLY_FILLED;
      for (FillView x : o.fills()) {
        filledAfter += x.amount();
        if (x.fillId().equals(f.fillId())) break;
      }
      if (f.completes()) {
        statusAfter = OrderStatus.FILLED;
        filledAfter = o.amount();
      }
      FillNotice notice = new FillNotice(tenant, account, venue, f.clientOrderId(), f.fillId(), o.pair(), o.side(),
          f.amount(), f.price(), f.fee(), f.liquidity(), f.candleTime(), statusAfter, filledAfter);
      subscribers.publish(notice);
    }
  }

  private ReplyEffect<Event, State> onSubscribe(State s, Subscribe c) {
    subscribers.add(c.subscriber());
    return Effect().reply(c.replyTo(), Done.getInstance());
  }

  // --- events -----------------------------------------------------------------------------------------------

  @Override
  public EventHandler<State, Event> eventHandler() {
    return newEventHandlerBuilder().forAnyState()
        .onEvent(OrderPlaced.class, (s, e) -> s.placed(new OrderView(e.clientOrderId(), e.pair(), e.side(), e.type(),
            e.price(), e.amount(), 0, OrderStatus.NEW, e.principal(), null, e.placedAt(), List.of()), closedOrdersKept))
        .onEvent(OrderAccepted.class, (s, e) -> s.with(s.order(e.clientOrderId()).withStatus(OrderStatus.ACCEPTED)))
        .onEvent(OrderRejected.class, (s, e) -> {
          OrderView o = s.order(e.clientOrderId()).withStatus(OrderStatus.REJECTED);
          return s.with(new OrderView(o.clientOrderId(), o.pair(), o.side(), o.type(), o.price(), o.amount(), 0,
              o.status(), o.principal(), e.reason(), o.placedAt(), o.fills()));
        })
        .onEvent(OrderFilled.class, (s, e) -> {
          OrderView o = s.order(e.clientOrderId());
          OrderStatus next = e.completes() ? OrderStatus.FILLED : OrderStatus.PARTIALLY_FILLED;
          o = o.withStatus(next);
          List<FillView> fl = new ArrayList<>(o.fills());
          fl.add(new FillView(e.fillId(), e.amount(), e.price(), e.fee(), e.liquidity(), e.candleTime()));
          double filled = e.completes() ? o.amount() : o.filled() + e.amount();
          return s.with(new OrderView(o.clientOrderId(), o.pair(), o.side(), o.type(), o.price(), o.amount(), filled,
              next, o.principal(), o.rejectReason(), o.placedAt(), List.copyOf(fl)));
        })
        .onEvent(OrderCanceled.class, (s, e) -> s.with(s.order(e.clientOrderId()).withStatus(OrderStatus.CANCELED)))
        .build();
  }
}
