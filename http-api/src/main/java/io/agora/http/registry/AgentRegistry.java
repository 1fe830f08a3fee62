package io.agora.http.registry;

import io.agora.persistence.CborSerializable;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
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
 * The HTTP API's existence index of one tenant (entity id = the tenant): which strategy agents and which accounts
 * (each standing for its capital, risk and execution agents) were created through the API. Reads consult it first, so
 * a GET of an id that was never created is answered 404 without waking (or creating) an agent; and it is the point
 * where concurrent creations of one id are serialized: the first {@link Register} wins, the others get
 * {@link #ALREADY_EXISTS}.
 */
public final class AgentRegistry
    extends EventSourcedBehaviorWithEnforcedReplies<AgentRegistry.Command, AgentRegistry.Event, AgentRegistry.State> {

  public static final EntityTypeKey<Command> ENTITY_KEY = EntityTypeKey.create(Command.class, "AgentRegistry");
  /** The error of a {@link Register} whose id is taken. */
  public static final String ALREADY_EXISTS = "already exists";

  public enum Kind { STRATEGY, ACCOUNT }

  // ---- protocol ----

  public sealed interface Command extends CborSerializable {}

  /** Records a new id; an id already registered is refused with {@link #ALREADY_EXISTS}. */
  public record Register(Kind kind, String id, Map<String, String> attributes, String principal, Instant at,
      ActorRef<StatusReply<Entry>> replyTo) implements Command {}

  /** Forgets an id (a creation that failed after {@link Register}); unknown ids are acknowledged. */
  public record Unregister(Kind kind, String id, String reason, String principal, Instant at,
      ActorRef<StatusReply<Done>> replyTo) implements Command {}

  public record Lookup(Kind kind, String id, ActorRef<Found> replyTo) implements Command {}

  /** The entries of one kind, or of all kinds when {@code kind} is null, ordered by kind and id. */
  public record ListEntries(Kind kind, ActorRef<Entries> replyTo) implements Command {}

  public sealed interface Event extends CborSerializable {
    String tenant();
  }

  public record Registered(String tenant, Entry entry) implements Event {}

  public record Unregistered(String tenant, Kind kind, String id, String reason, String principal, Instant at)
      implements Event {}

  // ---- replies and state ----

  public record Entry(Kind kind, String id, Map<String, String> attributes, String createdBy, Instant createdAt)
      implements CborSerializable {
    public Entry {
      attributes = attributes == null ? Map.of() : Map.copyOf(attributes);
    }
  }

  /** {@code entry} is null when the id was never registered. */
  public record Found(Entry entry) implements CborSerializable {}

  public record Entries(List<Entry> entries) implements CborSerializable {}

  public record State(Map<String, Entry> entries) implements CborSerializable {
    public State {
      entries = Map.copyOf(entries);
    }

    static String key(Kind kind, String id) {
      return kind + "/" + id;
    }

    public Entry get(Kind kind, String id) {
      return entries.get(key(kind, id));
    }

    State with(Entry e) {
      Map<String, Entry> m = new TreeMap<>(entries);
      m.put(key(e.kind(), e.id()), e);
      return new State(m);
    }

    State without(Kind kind, String id) {
      Map<String, Entry> m = new TreeMap<>(entries);
      m.remove(key(kind, id));
      return new State(m);
    }
  }

  // ---- wiring ----

  public static void init(ActorSystem<?> system) {
    ClusterSharding.get(system).init(Entity.of(ENTITY_KEY, ctx -> create(ctx.getEntityId())));
  }

  public static Behavior<Command> create(String tenant) {
    return Behaviors.setup(ctx -> new AgentRegistry(tenant));
  }

  private final String tenant;

  private AgentRegistry(String tenant) {
    super(PersistenceId.of(ENTITY_KEY.name(), tenant),
        SupervisorStrategy.restartWithBackoff(Duration.ofMillis(200), Duration.ofSeconds(5), 0.1));
    this.tenant = tenant;
  }

  @Override
  public State emptyState() {
    return new State(Map.of());
  }

  @Override
  public RetentionCriteria retentionCriteria() {
    return RetentionCriteria.snapshotEvery(100, 2);
  }

  @Override
  public CommandHandlerWithReply<Command, Event, State> commandHandler() {
    return newCommandHandlerWithReplyBuilder().forAnyState()
        .onCommand(Register.class, this::onRegister)
        .onCommand(Unregister.class, this::onUnregister)
        .onCommand(Lookup.class, (s, c) -> Effect().reply(c.replyTo(), new Found(s.get(c.kind(), c.id()))))
        .onCommand(ListEntries.class, (s, c) -> {
          List<Entry> out = new ArrayList<>();
          for (Entry e : new TreeMap<>(s.entries()).values()) if (c.kind() == null || e.kind() == c.kind()) out.add(e);
          return Effect().reply(c.replyTo(), new Entries(List.copyOf(out)));
        })
        .build();
  }

  private ReplyEffect<Event, State> onRegister(State s, Register c) {
    if (c.kind() == null || c.id() == null || c.id().isEmpty()) {
      return Effect().reply(c.replyTo(), StatusReply.error("kind and id are required"));
    }
    if (s.get(c.kind(), c.id()) != null) {
      return Effect().reply(c.replyTo(), StatusReply.error(c.kind().name().toLowerCase(java.util.Locale.ROOT) + " "
          + c.id() + " " + ALREADY_EXISTS));
    }
    Entry e = new Entry(c.kind(), c.id(), c.attributes(), c.principal(), c.at());
    return Effect().persist(new Registered(tenant, e)).thenReply(c.replyTo(), ns -> StatusReply.success(e));
  }

  private ReplyEffect<Event, State> onUnregister(State s, Unregister c) {
    if (s.get(c.kind(), c.id()) == null) return Effect().reply(c.replyTo(), StatusReply.ack());
    return Effect().persist(new Unregistered(tenant, c.kind(), c.id(), c.reason(), c.principal(), c.at()))
        .thenReply(c.replyTo(), ns -> StatusReply.ack());
  }

  @Override
  public EventHandler<State, Event> eventHandler() {
    return newEventHandlerBuilder().forAnyState()
        .onEvent(Registered.class, (s, e) -> s.with(e.entry()))
        .onEvent(Unregistered.class, (s, e) -> s.without(e.kind(), e.id()))
        .build();
  }
}
