package io.agora.agents.risk;

import io.agora.agents.events.AgentEvents;
import io.agora.persistence.CborSerializable;
import java.time.Duration;
import java.time.Instant;
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
 * A kill switch above the accounts' own ({@link RiskAgent}'s): one entity per scope, {@link #PLATFORM} for the whole
 * platform or a tenant name for every account of that tenant. While one is engaged, the desks refuse every new order
 * of the accounts it covers: {@code TradingDesk} asks the platform's and its tenant's halt (in parallel) before it
 * asks risk, and an engaged one settles the intent as rejected ("kill switch (platform): reason"). A flag per scope
 * rather than a fan-out to the tenant's risk agents: engaging it is one write whatever the number of accounts, an
 * account created later is covered too, and releasing it never releases an account's own switch.
 */
public final class TradingHalt
    extends EventSourcedBehaviorWithEnforcedReplies<TradingHalt.Command, TradingHalt.Event, TradingHalt.State> {

  public static final EntityTypeKey<Command> ENTITY_KEY = EntityTypeKey.create(Command.class, "TradingHalt");
  /** The scope (entity id) of the platform-wide switch; tenants cannot be named "*". */
  public static final String PLATFORM = "*";

  public sealed interface Command extends CborSerializable {}

  public record Engage(String reason, String principal, Instant at, ActorRef<StatusReply<HaltView>> replyTo)
      implements Command {}

  public record Release(String principal, Instant at, ActorRef<StatusReply<HaltView>> replyTo) implements Command {}

  public record GetHalt(ActorRef<HaltView> replyTo) implements Command {}

  public sealed interface Event extends CborSerializable {
    String scope();
  }

  public record HaltEngaged(String scope, String reason, String principal, Instant at) implements Event {}

  public record HaltReleased(String scope, String principal, Instant at) implements Event {}

  /** {@code engaged} with its reason, who and when (null when released). */
  public record HaltView(String scope, boolean engaged, String reason, String principal, Instant since)
      implements CborSerializable {}

  public record State(boolean engaged, String reason, String principal, Instant since) implements CborSerializable {
    static final State RELEASED = new State(false, null, null, null);
  }

  public static void init(ActorSystem<?> system) {
    ClusterSharding.get(system).init(Entity.of(ENTITY_KEY, ctx -> create(ctx.getEntityId())));
  }

  public static Behavior<Command> create(String scope) {
    return Behaviors.setup(ctx -> new TradingHalt(ctx, scope));
  }

  private final ActorContext<Command> ctx;
  private final String scope;

  private TradingHalt(ActorContext<Command> ctx, String scope) {
    super(PersistenceId.ofUniqueId(ENTITY_KEY.name() + PersistenceId.DefaultSeparator() + scope),
        SupervisorStrategy.restartWithBackoff(Duration.ofMillis(200), Duration.ofSeconds(5), 0.1));
    this.ctx = ctx;
    this.scope = scope;
  }

  @Override
  public State emptyState() {
    return State.RELEASED;
  }

  @Override
  public RetentionCriteria retentionCriteria() {
    return RetentionCriteria.snapshotEvery(100, 2);
  }

  private HaltView view(State s) {
    return new HaltView(scope, s.engaged(), s.reason(), s.principal(), s.since());
  }

  @Override
  public CommandHandlerWithReply<Command, Event, State> commandHandler() {
    return newCommandHandlerWithReplyBuilder().forAnyState()
        .onCommand(Engage.class, this::onEngage)
        .onCommand(Release.class, this::onRelease)
        .onCommand(GetHalt.class, (s, c) -> Effect().reply(c.replyTo(), view(s)))
        .build();
  }

  private ReplyEffect<Event, State> onEngage(State s, Engage c) {
    if (s.engaged()) return Effect().reply(c.replyTo(), StatusReply.success(view(s)));
    String reason = c.reason() == null || c.reason().isBlank() ? "engaged" : c.reason();
    return Effect().persist(new HaltEngaged(scope, reason, c.principal(), c.at()))
        .thenRun(ns -> AgentEvents.publish(ctx.getSystem(), tenantOf(), "alert", "kill-switch.engaged",
            "kill switch (" + label() + ") engaged by " + c.principal() + ": " + reason, scope))
        .thenReply(c.replyTo(), ns -> StatusReply.success(view(ns)));
  }

  private ReplyEffect<Event, State> onRelease(State s, Release c) {
    if (!s.engaged()) return Effect().reply(c.replyTo(), StatusReply.success(view(s)));
    return Effect().persist(new HaltReleased(scope, c.principal(), c.at()))
        .thenRun(ns -> AgentEvents.publish(ctx.getSystem(), tenantOf(), "alert", "kill-switch.released",
            "kill switch (" + label() + ") released by " + c.principal(), scope))
        .thenReply(c.replyTo(), ns -> StatusReply.success(view(ns)));
  }

  /** The tenant the notices go to: every tenant for the platform's switch. */
  private String tenantOf() {
    return PLATFORM.equals(scope) ? AgentEvents.ALL_TENANTS : scope;
  }

  private String label() {
    return PLATFORM.equals(scope) ? "platform" : "tenant " + scope;
  }

  @Override
  public EventHandler<State, Event> eventHandler() {
    return newEventHandlerBuilder().forAnyState()
        .onEvent(HaltEngaged.class, (s, e) -> new State(true, e.reason(), e.principal(), e.at()))
        .onEvent(HaltReleased.class, (s, e) -> State.RELEASED)
        .build();
  }
}
