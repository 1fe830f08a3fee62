package io.agora.http.keys;

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
 * The exchange API keys of one account (entity id {@code tenant|account}), per venue. It only ever sees them
 * sealed ({@link KeyCipher}: the API seals before it sends), so neither its messages, its events in the journal nor
 * its snapshots hold a key or a secret in clear. Nothing here answers with the sealed values except
 * {@link GetSealed}, meant for the venue connectors (which hold the cipher); the API lists venues only.
 */
public final class ExchangeKeys
    extends EventSourcedBehaviorWithEnforcedReplies<ExchangeKeys.Command, ExchangeKeys.Event, ExchangeKeys.State> {

  public static final EntityTypeKey<Command> ENTITY_KEY = EntityTypeKey.create(Command.class, "ExchangeKeys");

  public sealed interface Command extends CborSerializable {}

  /** Stores (or replaces) a venue's key and secret, both sealed. */
  public record Store(String venue, byte[] sealedApiKey, byte[] sealedSecret, String principal, Instant at,
      ActorRef<StatusReply<VenueKey>> replyTo) implements Command {}

  /** Forgets a venue's key; an error when there is none. */
  public record Remove(String venue, String principal, Instant at, ActorRef<StatusReply<Done>> replyTo)
      implements Command {}

  public record ListVenues(ActorRef<Venues> replyTo) implements Command {}

  /** The sealed key and secret of a venue (null when none): for venue connectors, never for the HTTP API. */
  public record GetSealed(String venue, ActorRef<Sealed> replyTo) implements Command {}

  public sealed interface Event extends CborSerializable {}

  public record KeyStored(String entityId, String venue, byte[] sealedApiKey, byte[] sealedSecret, String principal,
      Instant at) implements Event {}

  public record KeyRemoved(String entityId, String venue, String principal, Instant at) implements Event {}

  /** What may be shown: the venue, who stored its key and when. */
  public record VenueKey(String venue, String storedBy, Instant storedAt) implements CborSerializable {}

  public record Venues(List<VenueKey> venues) implements CborSerializable {}

  public record Sealed(String venue, byte[] apiKey, byte[] secret) implements CborSerializable {}

  public record Stored(byte[] apiKey, byte[] secret, String storedBy, Instant storedAt) implements CborSerializable {}

  public record State(Map<String, Stored> venues) implements CborSerializable {
    public State {
      venues = Map.copyOf(venues);
    }
  }

  public static void init(ActorSystem<?> system) {
    ClusterSharding.get(system).init(Entity.of(ENTITY_KEY, ctx -> create(ctx.getEntityId())));
  }

  public static Behavior<Command> create(String entityId) {
    return Behaviors.setup(ctx -> new ExchangeKeys(entityId));
  }

  /** The additional data a value is sealed with: where it belongs. */
  public static String where(String entityId, String venue, String field) {
    return entityId + "|" + venue + "|" + field;
  }

  private final String entityId;

  private ExchangeKeys(String entityId) {
    super(PersistenceId.ofUniqueId(ENTITY_KEY.name() + PersistenceId.DefaultSeparator() + entityId),
        SupervisorStrategy.restartWithBackoff(Duration.ofMillis(200), Duration.ofSeconds(5), 0.1));
    this.entityId = entityId;
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
        .onCommand(Store.class, this::onStore)
        .onCommand(Remove.class, this::onRemove)
        .onCommand(ListVenues.class, (s, c) -> Effect().reply(c.replyTo(), venues(s)))
        .onCommand(GetSealed.class, (s, c) -> {
          Stored k = s.venues().get(c.venue());
          return Effect().reply(c.replyTo(), k == null ? new Sealed(c.venue(), null, null)
              : new Sealed(c.venue(), k.apiKey(), k.secret()));
        })
        .build();
  }

  private static Venues venues(State s) {
    List<VenueKey> out = new ArrayList<>();
    new TreeMap<>(s.venues()).forEach((v, k) -> out.add(new VenueKey(v, k.storedBy(), k.storedAt())));
    return new Venues(List.copyOf(out));
  }

  private ReplyEffect<Event, State> onStore(State s, Store c) {
    if (c.venue() == null || c.sealedApiKey() == null || c.sealedSecret() == null) {
      return Effect().reply(c.replyTo(), StatusReply.error("venue, key and secret are required"));
    }
    return Effect().persist(new KeyStored(entityId, c.venue(), c.sealedApiKey(), c.sealedSecret(), c.principal(),
            c.at()))
        .thenReply(c.replyTo(), ns -> StatusReply.success(new VenueKey(c.venue(), c.principal(), c.at())));
  }

  private ReplyEffect<Event, State> onRemove(State s, Remove c) {
    if (!s.venues().containsKey(c.venue())) {
      return Effect().reply(c.replyTo(), StatusReply.error("unknown venue key " + c.venue()));
    }
    return Effect().persist(new KeyRemoved(entityId, c.venue(), c.principal(), c.at()))
        .thenReply(c.replyTo(), ns -> StatusReply.ack());
  }

  @Override
  public EventHandler<State, Event> eventHandler() {
    return newEventHandlerBuilder().forAnyState()
        .onEvent(KeyStored.class, (s, e) -> {
          Map<String, Stored> m = new TreeMap<>(s.venues());
          m.put(e.venue(), new Stored(e.sealedApiKey(), e.sealedSecret(), e.principal(), e.at()));
          return new State(m);
        })
        .onEvent(KeyRemoved.class, (s, e) -> {
          Map<String, Stored> m = new TreeMap<>(s.venues());
          m.remove(e.venue());
          return new State(m);
        })
        .build();
  }
}
