package io.agora.http.routes;

import io.agora.http.ApiServices;
import io.agora.http.audit.AuditLog;
import io.agora.http.registry.AgentRegistry;
import java.time.Duration;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityTypeKey;
import org.apache.pekko.pattern.StatusReply;

/**
 * The API's way to the sharded entities: asks with the configured timeout (a timeout fails the stage with a
 * {@link java.util.concurrent.TimeoutException}, answered 503; a {@code StatusReply} error fails it with
 * {@link StatusReply.ErrorMessage}, answered per {@link Router#fromAgent}).
 */
public final class Agents {
  private final ActorSystem<?> system;
  private final ClusterSharding sharding;
  private final Duration timeout;
  private final ApiServices services;

  public Agents(ActorSystem<?> system, Duration timeout) {
    this(system, timeout, ApiServices.defaults(system));
  }

  public Agents(ActorSystem<?> system, Duration timeout, ApiServices services) {
    this.system = system;
    this.sharding = ClusterSharding.get(system);
    this.timeout = timeout;
    this.services = services;
  }

  public ActorSystem<?> system() {
    return system;
  }

  public Duration timeout() {
    return timeout;
  }

  /** The read side and the key cipher of the operator routes. */
  public ApiServices services() {
    return services;
  }

  /** Any ask may change an entity: it ends the sharing of reads started before it ({@link #sharedRead}). */
  public <M, R> CompletionStage<R> ask(EntityTypeKey<M> key, String entityId, Function<ActorRef<R>, M> message) {
    shared.changing();
    return io.agora.agents.Asks.ask(sharding.entityRefFor(key, entityId), message::apply, timeout, system.scheduler());
  }

  public <M, R> CompletionStage<R> askStatus(EntityTypeKey<M> key, String entityId,
      Function<ActorRef<StatusReply<R>>, M> message) {
    shared.changing();
    return io.agora.agents.Asks.askWithStatus(sharding.entityRefFor(key, entityId), message::apply, timeout,
        system.scheduler());
  }

  /** Asks that are pure reads: they do not end the sharing of other reads. */
  public <M, R> CompletionStage<R> askRead(EntityTypeKey<M> key, String entityId, Function<ActorRef<R>, M> message) {
    return io.agora.agents.Asks.ask(sharding.entityRefFor(key, entityId), message::apply, timeout, system.scheduler());
  }

  private final SharedReads shared = new SharedReads();

  /** Concurrent identical reads share one ask: see {@link SharedReads}. */
  public <T> CompletionStage<T> sharedRead(String key, java.util.function.Supplier<CompletionStage<T>> read) {
    return shared.read(key, read);
  }

  /** How long a registry entry found is remembered on this node. */
  static final long REGISTRY_CACHE_NANOS = java.util.concurrent.TimeUnit.SECONDS.toNanos(5);
  private static final int REGISTRY_CACHE_SIZE = 100_000;

  private record Cached(AgentRegistry.Entry entry, long until) {}

  private final java.util.concurrent.ConcurrentHashMap<String, Cached> found =
      new java.util.concurrent.ConcurrentHashMap<>();

  /**
   * The registry entry of an id (null: never created), with a per-node cache of the entries found: a GET of an
   * existing agent then costs no registry ask. Only found entries are cached (an id just created is seen at once),
   * for {@link #REGISTRY_CACHE_NANOS}: entries are only removed when a creation fails, so a stale one at worst lets a
   * request reach the (unconfigured) agent for a few seconds.
   */
  public java.util.concurrent.CompletionStage<AgentRegistry.Entry> lookup(String tenant, AgentRegistry.Kind kind,
      String id) {
    String key = tenant + "|" + kind + "|" + id;
    Cached c = found.get(key);
    long now = System.nanoTime();
    if (c != null && now - c.until() < 0) return java.util.concurrent.CompletableFuture.completedFuture(c.entry());
    return this.<AgentRegistry.Found>registry(tenant, r -> new AgentRegistry.Lookup(kind, id, r)).thenApply(f -> {
      if (f.entry() != null) {
        if (found.size() >= REGISTRY_CACHE_SIZE) found.clear();
        found.put(key, new Cached(f.entry(), System.nanoTime() + REGISTRY_CACHE_NANOS));
      }
      return f.entry();
    });
  }

  /** Forgets a cached entry (a creation this node undid). */
  public void forget(String tenant, AgentRegistry.Kind kind, String id) {
    found.remove(tenant + "|" + kind + "|" + id);
  }

  /** The tenant's existence index. */
  public <R> CompletionStage<R> registry(String tenant, Function<ActorRef<R>, AgentRegistry.Command> message) {
    return ask(AgentRegistry.ENTITY_KEY, tenant, message);
  }

  public <R> CompletionStage<R> registryStatus(String tenant,
      Function<ActorRef<StatusReply<R>>, AgentRegistry.Command> message) {
    return askStatus(AgentRegistry.ENTITY_KEY, tenant, message);
  }

  /** Records an audit entry in its tenant's log. */
  public CompletionStage<Done> audit(AuditLog.AuditEntry entry) {
    return this.<AuditLog.Command, Done>askStatus(AuditLog.ENTITY_KEY, entry.tenant(),
        r -> new AuditLog.Record(entry, r));
  }
}
