package io.agora.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.agora.agents.risk.TradingHalt;
import io.agora.http.audit.AuditLog;
import io.agora.http.keys.ExchangeKeys;
import io.agora.http.registry.AgentRegistry;
import io.agora.http.research.Research;
import io.agora.http.routes.Agents;
import io.agora.http.routes.ApiRoutes;
import io.agora.http.routes.Json;
import io.agora.http.routes.Router;
import io.agora.http.security.JwtVerifier;
import io.agora.http.security.RateLimiter;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.http.javadsl.Http;
import org.apache.pekko.http.javadsl.ServerBinding;
import org.apache.pekko.http.javadsl.server.Route;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP control API's bootstrap: {@link #start} binds Pekko HTTP on the settings' address with the API's route
 * and unbinds in CoordinatedShutdown. The agents are reached through Cluster Sharding, so the node must have
 * registered them ({@code Guardian}); {@link #initEntities} registers the API's own entities.
 */
public final class HttpApi {
  private static final Logger log = LoggerFactory.getLogger(HttpApi.class);

  private HttpApi() {}

  /**
   * Registers the API's own sharded entities: the existence index ({@link AgentRegistry}), the audit log
   * ({@link AuditLog}) and the research jobs with this node's ensemble worker ({@link Research}). Every node of a cluster must call it (worker nodes host them, the others get proxies);
   * calling it again is harmless.
   */
  public static void initEntities(ActorSystem<?> system, int auditEntriesInMemory) {
    AgentRegistry.init(system);
    AuditLog.init(system, auditEntriesInMemory);
    Research.init(system);
    ExchangeKeys.init(system);
    TradingHalt.init(system);
  }

  /**
   * Makes agents that were created without the API (the demo's) visible to it: registers {@code id} of {@code kind}
   * ({@code strategy} or {@code account}) in {@code tenant}'s existence index. Idempotent: an id already there is
   * left as it is. Completes with true when it was registered now.
   */
  public static CompletionStage<Boolean> registerExisting(ActorSystem<?> system, String tenant, String kind, String id,
      java.util.Map<String, String> attributes, String principal, java.time.Duration timeout) {
    AgentRegistry.Kind k = AgentRegistry.Kind.valueOf(kind.toUpperCase(java.util.Locale.ROOT));
    return io.agora.agents.Asks.<AgentRegistry.Command, AgentRegistry.Entry>askWithStatus(
            org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding.get(system)
                .entityRefFor(AgentRegistry.ENTITY_KEY, tenant),
            r -> new AgentRegistry.Register(k, id, attributes, principal, java.time.Instant.now(), r), timeout,
            system.scheduler())
        .handle((entry, err) -> {
          if (err == null) return true;
          Throwable t = err instanceof java.util.concurrent.CompletionException && err.getCause() != null
              ? err.getCause() : err;
          if (t instanceof org.apache.pekko.pattern.StatusReply.ErrorMessage m
              && m.getMessage().contains(AgentRegistry.ALREADY_EXISTS)) {
            return false;
          }
          throw new java.util.concurrent.CompletionException(t);
        });
  }

  /** The API's route on {@code system}'s sharded agents (tests drive it without a server). */
  public static Route route(ActorSystem<?> system, HttpSettings settings) {
    return router(system, settings, Clock.systemUTC()).route();
  }

  public static Router router(ActorSystem<?> system, HttpSettings settings, Clock clock) {
    return router(system, settings, clock, ApiServices.defaults(system));
  }

  /** {@code services}: the read side and the exchange keys' cipher ({@link ApiServices#forNode} on a node). */
  public static Router router(ActorSystem<?> system, HttpSettings settings, Clock clock, ApiServices services) {
    initEntities(system, settings.auditEntriesInMemory());
    ObjectMapper mapper = Json.mapper();
    Agents agents = new Agents(system, settings.askTimeout(), services);
    Cluster cluster = Cluster.get(system);
    return new Router(ApiRoutes.table(agents, mapper, () -> {
      MemberStatus s = cluster.selfMember().status();
      return s == MemberStatus.up() ? null : "cluster member status is " + s;
    }), settings, JwtVerifier.of(settings.jwt()), new RateLimiter(settings.rateLimit()), agents::audit, mapper, clock);
  }

  /**
   * Binds the API on {@code settings.host():settings.port()}. The binding is released in CoordinatedShutdown's
   * unbind phase (requests in flight get 10 s).
   */
  public static CompletionStage<ServerBinding> start(ActorSystem<?> system, HttpSettings settings) {
    return start(system, settings, ApiServices.defaults(system));
  }

  /** As {@link #start(ActorSystem, HttpSettings)} with the node's {@link ApiServices}. */
  public static CompletionStage<ServerBinding> start(ActorSystem<?> system, HttpSettings settings,
      ApiServices services) {
    Route route = router(system, settings, Clock.systemUTC(), services).route();
    return Http.get(system).newServerAt(settings.host(), settings.port()).bind(route)
        .thenApply(binding -> {
          binding.addToCoordinatedShutdown(Duration.ofSeconds(10), system);
          log.info("HTTP API listening on http://{}:{}{} (docs: {}, JWT {})",
              binding.localAddress().getHostString(), binding.localAddress().getPort(), ApiRoutes.PREFIX,
              ApiRoutes.DOCS_PATH, settings.jwt());
          return binding;
        });
  }
}
