package io.agora.agents.meta;

import io.agora.agents.Subscribers;
import io.agora.agents.AccountId;
import io.agora.core.meta.ConflictRule;
import io.agora.core.meta.Decision;
import io.agora.core.meta.Direction;
import io.agora.core.meta.Intent;
import io.agora.core.meta.MetaConfig;
import io.agora.core.meta.MetaPolicy;
import io.agora.core.meta.Outcome;
import io.agora.core.meta.PerformanceScore;
import io.agora.core.meta.Policy;
import io.agora.persistence.CborSerializable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
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
import org.apache.pekko.persistence.typed.javadsl.EventHandler;
import org.apache.pekko.persistence.typed.javadsl.EventSourcedBehaviorWithEnforcedReplies;
import org.apache.pekko.persistence.typed.javadsl.ReplyEffect;
import org.apache.pekko.persistence.typed.javadsl.RetentionCriteria;

/**
 * Combines the trade intents of an ensemble of strategy instances into one decision per pair, for one portfolio
 * (entity id {@code tenant|portfolio}), with the policies of {@link MetaPolicy}.
 *
 * <p><b>What is persisted.</b> {@link Configured} (a person's command: carries the principal),
 * {@link PerformanceRecorded} (weights must survive a restart), {@link IntentRecorded} for every intent that
 * counts, and {@link DecisionMade} / {@link DecisionWithdrawn} only when the decided direction of a pair changes
 * (a new confidence or contributor set alone is not a new decision). Intents are persisted, not kept in memory,
 * because a decision depends on the previous intents of the other members: with intents only in memory, the first
 * intent after a restart or passivation would be combined with nothing and could flip or withdraw a decision that
 * the same inputs would have kept. Persisting them makes the state after recovery equal to the state before, so
 * every later decision is the one the agent would have made without the restart, and each decision can be
 * recomputed from the journal. The cost is bounded: a repeated intent for the same candle, an intent older than
 * the strategy's latest and a stale one are answered without an event, and only the latest intent per member and
 * pair is kept in the state. Decisions are computed in the command handler and persisted as facts, so replay never
 * re-runs the policy (a later change of the policy code does not rewrite history).
 *
 * <p><b>Time.</b> No wall clock: "now" for a pair is its newest intent's candle time, which makes staleness and
 * the decay of weights deterministic. A {@link RecordPerformance} changes weights for the next intent; it does not
 * re-decide on its own.
 *
 * <p><b>Subscribers.</b> As in the execution agent: kept in memory, watched, sent one {@link DecisionNotice} per
 * persisted decision change after the persist, never on replay; after a restart they must subscribe again.
 */
public final class MetaDecisionAgent extends EventSourcedBehaviorWithEnforcedReplies<
    MetaDecisionAgent.Command, MetaDecisionAgent.Event, MetaDecisionAgent.State> {

  public static final EntityTypeKey<Command> ENTITY_KEY = EntityTypeKey.create(Command.class, "MetaDecision");
  static final int SNAPSHOT_EVERY = 100;

  // --- protocol ---------------------------------------------------------------------------------------------

  public sealed interface Command extends CborSerializable {}

  /** Sets the ensemble; a person's command. Intents of strategies no longer members are dropped. */
  public record Configure(Policy policy, List<String> members, double threshold, long maxIntentAgeMillis,
      long halfLifeMillis, ConflictRule onConflict, String principal, ActorRef<StatusReply<MetaView>> replyTo)
      implements Command {}

  /**
   * A member's latest intent for a pair; answered with the pair's decision after it once the intent is durable.
   * {@code tentative} (may be null) also gets that answer before the write: the decision the write will make, for a
   * caller that can act on it while the write runs and still waits for {@code replyTo} before it acknowledges.
   */
  public record SubmitIntent(Intent intent, ActorRef<StatusReply<IntentOutcome>> replyTo,
      ActorRef<Tentative> tentative) implements Command {

    public SubmitIntent(Intent intent, ActorRef<StatusReply<IntentOutcome>> replyTo) {
      this(intent, replyTo, null);
    }
  }

  /** The answer to {@code intent} sent before its write (see {@link SubmitIntent}); lost if the write fails. */
  public record Tentative(Intent intent, IntentOutcome outcome) implements CborSerializable {}

  /** A realised return of a member (e.g. 0.012 for +1.2 %) at {@code time} (epoch millis). */
  public record RecordPerformance(String strategyId, double realisedReturn, long time,
      ActorRef<StatusReply<Done>> replyTo) implements Command {}

  public record Subscribe(ActorRef<DecisionNotice> subscriber, ActorRef<Done> replyTo) implements Command {}

  public record Unsubscribe(ActorRef<DecisionNotice> subscriber, ActorRef<Done> replyTo) implements Command {}

  public record GetState(ActorRef<MetaView> replyTo) implements Command {}

  /** Sent by this entity to itself when a subscriber stops. */
  public record SubscriberTerminated(ActorRef<DecisionNotice> subscriber) implements Command {}

  public sealed interface Event extends CborSerializable {
    AccountId portfolio();
  }

  public record Configured(AccountId portfolio, MetaConfig config, String principal) implements Event {}

  public record IntentRecorded(AccountId portfolio, Intent intent) implements Event {}

  public record PerformanceRecorded(AccountId portfolio, String strategyId, double realisedReturn, long time)
      implements Event {}

  /** The decided direction of a pair changed to {@code decision.direction()}; {@code at} is the candle time. */
  public record DecisionMade(AccountId portfolio, Decision decision, long at) implements Event {}

  /** The pair's previous decision no longer holds and nothing replaces it. */
  public record DecisionWithdrawn(AccountId portfolio, String pair, Direction previous, String reason, long at)
      implements Event {}

  /** The reply to {@link SubmitIntent}: whether the intent counted, the pair's decision (null: none), and why. */
  public record IntentOutcome(String pair, boolean counted, boolean decisionChanged, Decision decision, String reason)
      implements CborSerializable {}

  /** What subscribers receive when a pair's decision changes; {@code direction} is null when it was withdrawn. */
  public record DecisionNotice(AccountId portfolio, String pair, Direction direction, double confidence,
      List<String> contributors, String reason, long at) implements CborSerializable {}

  public record MetaView(AccountId portfolio, State state) implements CborSerializable {}

  /**
   * {@code config} is null until configured. {@code intents}: pair → strategy → latest intent that counted;
   * {@code scores}: strategy → decayed performance; {@code decisions}: pair → current decision (absent: none).
   */
  public record State(MetaConfig config, Map<String, Map<String, Intent>> intents,
      Map<String, PerformanceScore> scores, Map<String, Decision> decisions) implements CborSerializable {

    public State {
      Map<String, Map<String, Intent>> copy = new TreeMap<>();
      intents.forEach((pair, byStrategy) -> copy.put(pair, Map.copyOf(byStrategy)));
      intents = Map.copyOf(copy);
      scores = Map.copyOf(scores);
      decisions = Map.copyOf(decisions);
    }

    static final State EMPTY = new State(null, Map.of(), Map.of(), Map.of());

    public Intent intent(String pair, String strategyId) {
      return intents.getOrDefault(pair, Map.of()).get(strategyId);
    }

    /** The pair's clock: its newest intent's time. */
    long now(String pair) {
      long now = Long.MIN_VALUE;
      for (Intent i : intents.getOrDefault(pair, Map.of()).values()) now = Math.max(now, i.time());
      return now;
    }

    /** The decision the policy gives for {@code pair} from this state at the pair's newest intent. */
    public Outcome evaluate(String pair) {
      return MetaPolicy.decide(config, pair, intents.getOrDefault(pair, Map.of()).values(), scores, now(pair));
    }

    State onConfigured(Configured e) {
      Map<String, Map<String, Intent>> kept = new TreeMap<>();
      intents.forEach((pair, byStrategy) -> {
        Map<String, Intent> m = new TreeMap<>(byStrategy);
        m.keySet().retainAll(e.config().members());
        if (!m.isEmpty()) kept.put(pair, m);
      });
      return new State(e.config(), kept, scores, decisions);
    }

    State onIntent(Intent i) {
      Map<String, Map<String, Intent>> m = new TreeMap<>(intents);
      Map<String, Intent> byStrategy = new TreeMap<>(m.getOrDefault(i.pair(), Map.of()));
      byStrategy.put(i.strategyId(), i);
      m.put(i.pair(), byStrategy);
      return new State(config, m, scores, decisions);
    }

    State onPerformance(PerformanceRecorded e) {
      Map<String, PerformanceScore> m = new TreeMap<>(scores);
      long halfLife = config == null ? 1 : config.halfLifeMillis();
      m.put(e.strategyId(), m.getOrDefault(e.strategyId(), PerformanceScore.ZERO)
          .plus(e.realisedReturn(), e.time(), halfLife));
      return new State(config, intents, m, decisions);
    }

    State withDecision(String pair, Decision d) {
      Map<String, Decision> m = new TreeMap<>(decisions);
      if (d == null) m.remove(pair);
      else m.put(pair, d);
      return new State(config, intents, scores, m);
    }
  }

  // --- wiring -----------------------------------------------------------------------------------------------

  public static String entityId(String tenant, String portfolio) {
    return new AccountId(tenant, portfolio).entityId();
  }

  public static void init(ActorSystem<?> system) {
    ClusterSharding.get(system).init(Entity.of(ENTITY_KEY, ctx -> create(ctx.getEntityId())));
  }

  /** The behaviour for entity id {@code tenant|portfolio}. */
  public static Behavior<Command> create(String entityId) {
    AccountId portfolio = AccountId.parse(entityId);
    return Behaviors.setup(ctx -> new MetaDecisionAgent(ctx, portfolio));
  }

  private final ActorContext<Command> ctx;
  private final AccountId portfolio;
  private final Subscribers<DecisionNotice, Command> subscribers;

  private MetaDecisionAgent(ActorContext<Command> ctx, AccountId portfolio) {
    // "MetaDecision|tenant|portfolio": PersistenceId.of refuses the '|' inside the entity id
    super(PersistenceId.ofUniqueId(ENTITY_KEY.name() + PersistenceId.DefaultSeparator() + portfolio.entityId()),
        SupervisorStrategy.restartWithBackoff(Duration.ofMillis(200), Duration.ofSeconds(5), 0.1));
    this.ctx = ctx;
    this.subscribers = new Subscribers<>(ctx, SubscriberTerminated::new);
    this.portfolio = portfolio;
  }

  @Override
  public State emptyState() {
    return State.EMPTY;
  }

  @Override
  public RetentionCriteria retentionCriteria() {
    return RetentionCriteria.snapshotEvery(SNAPSHOT_EVERY, 2); // events are kept: no withDeleteEventsOnSnapshot
  }

  // --- commands ---------------------------------------------------------------------------------------------

  @Override
  public CommandHandlerWithReply<Command, Event, State> commandHandler() {
    return newCommandHandlerWithReplyBuilder().forAnyState()
        .onCommand(Configure.class, this::onConfigure)
        .onCommand(SubmitIntent.class, this::onSubmitIntent)
        .onCommand(RecordPerformance.class, this::onRecordPerformance)
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
        .onCommand(GetState.class, (s, c) -> Effect().reply(c.replyTo(), new MetaView(portfolio, s)))
        .build();
  }

  private ReplyEffect<Event, State> onConfigure(State s, Configure c) {
    MetaConfig cfg = new MetaConfig(c.policy(), c.members(), c.threshold(), c.maxIntentAgeMillis(),
        c.halfLifeMillis(), c.onConflict());
    List<String> problems = cfg.problems();
    if (!problems.isEmpty()) {
      return Effect().reply(c.replyTo(), StatusReply.error("bad configuration: " + String.join("; ", problems)));
    }
    if (cfg.equals(s.config())) return Effect().reply(c.replyTo(), StatusReply.success(new MetaView(portfolio, s)));
    return Effect().persist(new Configured(portfolio, cfg, c.principal()))
        .thenReply(c.replyTo(), ns -> StatusReply.success(new MetaView(portfolio, ns)));
  }

  private ReplyEffect<Event, State> onSubmitIntent(State s, SubmitIntent c) {
    Intent i = c.intent();
    String problem = i == null ? "intent is required" : i.problem();
    if (problem == null && s.config() == null) problem = "not configured: send Configure first";
    if (problem == null && !s.config().isMember(i.strategyId())) {
      problem = "unknown member " + i.strategyId() + ": members are " + s.config().members();
    }
    if (problem != null) return Effect().reply(c.replyTo(), StatusReply.error(problem));

    Decision current = s.decisions().get(i.pair());
    Intent seen = s.intent(i.pair(), i.strategyId());
    String ignored = null;
    if (seen != null && i.time() == seen.time()) {
      ignored = "duplicate: " + i.strategyId() + " already voted for the candle at " + i.time();
    } else if (seen != null && i.time() < seen.time()) {
      ignored = "older than " + i.strategyId() + "'s latest intent at " + seen.time();
    } else if (s.now(i.pair()) != Long.MIN_VALUE && i.time() < s.now(i.pair()) - s.config().maxIntentAgeMillis()) {
      ignored = "stale: older than " + s.config().maxIntentAgeMillis() + " ms before the pair's newest intent";
    }
    if (ignored != null) {
      return Effect().reply(c.replyTo(), StatusReply.success(new IntentOutcome(i.pair(), false, false, current,
          ignored)));
    }

    Outcome outcome = s.onIntent(i).evaluate(i.pair());
    boolean changed = outcome.direction() != (current == null ? null : current.direction());
    List<Event> events = new ArrayList<>();
    events.add(new IntentRecorded(portfolio, i));
    if (changed) {
      events.add(outcome.isNone()
          ? new DecisionWithdrawn(portfolio, i.pair(), current.direction(), outcome.reason(), i.time())
          : new DecisionMade(portfolio, outcome.decision(), i.time()));
    }
    if (c.tentative() != null) {
      // the decision the events below make (the event handler's withDecision), told before they are written
      Decision after = !changed ? current : outcome.isNone() ? null : outcome.decision();
      c.tentative().tell(new Tentative(i, new IntentOutcome(i.pair(), true, changed, after, outcome.reason())));
    }
    return Effect().persist(events)
        .thenRun(ns -> {
          if (changed) publish(events.get(1));
        })
        .thenReply(c.replyTo(), ns -> StatusReply.success(new IntentOutcome(i.pair(), true, changed,
            ns.decisions().get(i.pair()), outcome.reason())));
  }

  private ReplyEffect<Event, State> onRecordPerformance(State s, RecordPerformance c) {
    String problem = null;
    if (s.config() == null) problem = "not configured: send Configure first";
    else if (!s.config().isMember(c.strategyId())) {
      problem = "unknown member " + c.strategyId() + ": members are " + s.config().members();
    } else if (!Double.isFinite(c.realisedReturn())) {
      problem = "realised return must be finite, was " + c.realisedReturn();
    }
    if (problem != null) return Effect().reply(c.replyTo(), StatusReply.error(problem));
    return Effect().persist(new PerformanceRecorded(portfolio, c.strategyId(), c.realisedReturn(), c.time()))
        .thenReply(c.replyTo(), ns -> StatusReply.success(Done.getInstance()));
  }

  private void publish(Event e) {
    DecisionNotice notice;
    if (e instanceof DecisionMade m) {
      Decision d = m.decision();
      notice = new DecisionNotice(portfolio, d.pair(), d.direction(), d.confidence(), d.contributors(), d.reason(),
          m.at());
    } else {
      DecisionWithdrawn w = (DecisionWithdrawn) e;
      notice = new DecisionNotice(portfolio, w.pair(), null, 0, List.of(), w.reason(), w.at());
    }
    subscribers.publish(notice);
  }

  // --- events -----------------------------------------------------------------------------------------------

  @Override
  public EventHandler<State, Event> eventHandler() {
    return newEventHandlerBuilder().forAnyState()
        .onEvent(Configured.class, State::onConfigured)
        .onEvent(IntentRecorded.class, (s, e) -> s.onIntent(e.intent()))
        .onEvent(PerformanceRecorded.class, State::onPerformance)
        .onEvent(DecisionMade.class, (s, e) -> s.withDecision(e.decision().pair(), e.decision()))
        .onEvent(DecisionWithdrawn.class, (s, e) -> s.withDecision(e.pair(), null))
        .build();
  }
}
