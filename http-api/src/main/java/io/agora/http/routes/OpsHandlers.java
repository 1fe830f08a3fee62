package io.agora.http.routes;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.agora.agents.desk.TradingDesk;
import io.agora.agents.events.AgentEvents;
import io.agora.agents.meta.MetaDecisionAgent;
import io.agora.agents.risk.TradingHalt;
import io.agora.agents.strategy.StrategyAgent;
import io.agora.http.events.EventHub;
import io.agora.http.keys.ExchangeKeys;
import io.agora.http.keys.KeyCipher;
import io.agora.http.registry.AgentRegistry;
import io.agora.http.registry.AgentRegistry.Kind;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.regex.Pattern;
import org.apache.pekko.Done;
import org.apache.pekko.actor.Address;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.cluster.ClusterEvent;
import org.apache.pekko.cluster.Member;
import org.apache.pekko.cluster.sharding.ShardRegion;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Leave;
import org.apache.pekko.http.javadsl.model.HttpEntities;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.MediaTypes;
import org.apache.pekko.http.javadsl.model.headers.RawHeader;
import org.apache.pekko.pattern.Patterns;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.util.ByteString;
import scala.jdk.javaapi.CollectionConverters;

/**
 * The work of the operator and SRE routes ({@link OpsRoutes}): portfolio views from the read side, the tenant's and
 * the platform's kill switches, force exits, desks and meta-decision agents, the cluster, the live event stream and
 * the exchange API keys. Existence first (404 from the tenant's registry), then the body (400), then the agents.
 */
final class OpsHandlers {
  static final Set<String> CATEGORIES = Set.of("agent", "order", "fill", "alert");
  static final Pattern VENUE = Pattern.compile("[a-z0-9][a-z0-9_-]{0,31}");
  private static final int MAX_KEY_CHARS = 4096;

  private final Agents agents;
  private final Handlers h;
  private final ObjectMapper mapper;

  OpsHandlers(Agents agents, Handlers h, ObjectMapper mapper) {
    this.agents = agents;
    this.h = h;
    this.mapper = mapper;
  }

  private static String entity(Call c, AgentRegistry.Entry e) {
    return c.tenant() + "|" + e.id();
  }

  // ---- portfolio (read side) ----

  CompletionStage<Reply> positions(Call c) {
    return h.require(c, Kind.ACCOUNT, "account").thenCompose(e -> agents.services().portfolio()
        .positions(c.tenant(), e.id())
        .thenApply(rows -> Reply.ok(new OpsDto.Positions(e.id(), rows.stream().map(OpsDto.Position::from)
            .toList()))));
  }

  CompletionStage<Reply> trades(Call c) {
    return h.require(c, Kind.ACCOUNT, "account").thenCompose(e -> {
      int limit = Handlers.intParam(c, "limit", 100, 1, 1000);
      return agents.services().portfolio().trades(c.tenant(), e.id(), limit)
          .thenApply(rows -> Reply.ok(new OpsDto.Trades(e.id(), rows.stream().map(OpsDto.Trade::from).toList())));
    });
  }

  CompletionStage<Reply> equity(Call c) {
    return h.require(c, Kind.ACCOUNT, "account").thenCompose(e -> {
      Instant from = instant(c, "from", Instant.EPOCH);
      Instant to = instant(c, "to", Instant.ofEpochMilli(Long.MAX_VALUE));
      if (from.isAfter(to)) throw ApiError.badRequest("from", "from must not be after to");
      int limit = Handlers.intParam(c, "limit", 1000, 1, 1000);
      return agents.services().portfolio().equity(c.tenant(), e.id(), from.toEpochMilli(), to.toEpochMilli(), limit)
          .thenApply(rows -> Reply.ok(new OpsDto.EquityCurve(e.id(), c.query("from", null) == null ? null : from,
              c.query("to", null) == null ? null : to, rows.stream().map(OpsDto.EquityPoint::from).toList())));
    });
  }

  private static Instant instant(Call c, String name, Instant orElse) {
    String v = c.query(name, null);
    if (v == null) return orElse;
    try {
      return Instant.parse(v);
    } catch (DateTimeParseException e) {
      try {
        return Instant.ofEpochMilli(Long.parseLong(v));
      } catch (NumberFormatException n) {
        throw ApiError.badRequest(name, name + " must be an ISO-8601 instant (2024-01-01T00:00:00Z) or epoch millis");
      }
    }
  }

  // ---- kill switches of the tenant and the platform ----

  private String scope(Call c, boolean platform) {
    return platform ? TradingHalt.PLATFORM : c.tenant();
  }

  CompletionStage<Reply> halt(Call c, boolean platform) {
    String scope = scope(c, platform);
    return agents.<TradingHalt.Command, TradingHalt.HaltView>ask(TradingHalt.ENTITY_KEY, scope,
            TradingHalt.GetHalt::new)
        .thenApply(v -> Reply.ok(OpsDto.Halt.from(v, platform ? "platform" : "tenant " + c.tenant())));
  }

  CompletionStage<Reply> engageHalt(Call c, boolean platform) {
    OpsDto.HaltRequest b = c.body().length == 0 ? new OpsDto.HaltRequest(null) : c.body(OpsDto.HaltRequest.class);
    String reason = b.reason() == null || b.reason().isBlank() ? "engaged through the API" : b.reason();
    if (reason.length() > 500) throw ApiError.badRequest("reason", "reason must be at most 500 characters");
    return agents.<TradingHalt.Command, TradingHalt.HaltView>askStatus(TradingHalt.ENTITY_KEY, scope(c, platform),
            r -> new TradingHalt.Engage(reason, c.sub(), c.now(), r))
        .thenApply(v -> Reply.ok(OpsDto.Halt.from(v, platform ? "platform" : "tenant " + c.tenant())));
  }

  CompletionStage<Reply> releaseHalt(Call c, boolean platform) {
    return agents.<TradingHalt.Command, TradingHalt.HaltView>askStatus(TradingHalt.ENTITY_KEY, scope(c, platform),
            r -> new TradingHalt.Release(c.sub(), c.now(), r))
        .thenApply(v -> Reply.ok(OpsDto.Halt.from(v, platform ? "platform" : "tenant " + c.tenant())));
  }

  // ---- strategies ----

  CompletionStage<Reply> forceExit(Call c) {
    return h.require(c, Kind.STRATEGY, "id").thenCompose(e -> agents.<StrategyAgent.Command,
            StrategyAgent.StatusView>askStatus(StrategyAgent.ENTITY_KEY, StrategyAgent.entityId(c.tenant(), e.id()),
            r -> new StrategyAgent.ForceExit(c.sub(), r))
        .thenApply(v -> Reply.of(202, new OpsDto.ForceExitAccepted(e.id(), v.state().lifecycle().name(),
            v.openTrades(), "the open trade is closed at the next candle's open; its exit goes through the desk"))));
  }

  // ---- agents of every kind ----

  /** The kinds {@code GET /agents?kind=} lists: those of the registry and those derived from its entries. */
  static final List<String> KINDS = List.of("strategy", "account", "signal", "meta", "desk", "capital", "risk",
      "execution");

  CompletionStage<Reply> listAgents(Call c) {
    String kind = c.query("kind", null);
    if (kind != null && !KINDS.contains(kind.toLowerCase(Locale.ROOT))) {
      return CompletableFuture.failedFuture(ApiError.badRequest("kind", "kind must be one of " + KINDS));
    }
    String k = kind == null ? null : kind.toLowerCase(Locale.ROOT);
    return agents.<AgentRegistry.Entries>registry(c.tenant(), r -> new AgentRegistry.ListEntries(null, r))
        .thenApply(es -> {
          List<Dto.Resource> out = new ArrayList<>();
          for (AgentRegistry.Entry e : es.entries()) {
            for (Dto.Resource r : derived(c.tenant(), e)) if (k == null || r.kind().equals(k)) out.add(r);
          }
          out.sort(Comparator.comparing((Dto.Resource r) -> KINDS.indexOf(r.kind())).thenComparing(Dto.Resource::id));
          return Reply.ok(new Dto.AgentList(out));
        });
  }

  /**
   * An entry and the agents it stands for: an account is its capital, risk, execution (paper venue) and desk agents
   * and the meta-decision agent of the portfolio named after it; a strategy its strategy agent and the signal agent
   * of its pair, timeframe and strategy.
   */
  private static List<Dto.Resource> derived(String tenant, AgentRegistry.Entry e) {
    List<Dto.Resource> out = new ArrayList<>();
    String kind = e.kind().name().toLowerCase(Locale.ROOT);
    out.add(new Dto.Resource(kind, e.id(), e.attributes(), e.createdBy(), e.createdAt()));
    if (e.kind() == Kind.ACCOUNT) {
      String acct = tenant + "|" + e.id();
      for (String k : List.of("capital", "risk", "desk", "meta")) {
        out.add(new Dto.Resource(k, e.id(), Map.of("entityId", acct, "account", e.id()), e.createdBy(),
            e.createdAt()));
      }
      out.add(new Dto.Resource("execution", e.id() + "|" + Handlers.VENUE, Map.of("entityId",
          acct + "|" + Handlers.VENUE, "account", e.id(), "venue", Handlers.VENUE), e.createdBy(), e.createdAt()));
    } else if (e.kind() == Kind.STRATEGY) {
      String pair = e.attributes().get("pair");
      String tf = e.attributes().get("timeframe");
      String strategy = e.attributes().get("strategy");
      if (pair != null && tf != null && strategy != null) {
        String id = pair + "|" + tf + "|" + strategy;
        out.add(new Dto.Resource("signal", id, Map.of("entityId", tenant + "|" + id, "strategyAgent", e.id()),
            e.createdBy(), e.createdAt()));
      }
    }
    return out;
  }

  CompletionStage<Reply> desk(Call c) {
    return h.require(c, Kind.ACCOUNT, "account").thenCompose(e -> agents.<TradingDesk.Command,
            TradingDesk.DeskView>ask(TradingDesk.ENTITY_KEY, entity(c, e), TradingDesk.GetView::new)
        .thenApply(v -> Reply.ok(OpsDto.Desk.from(e.id(), v.state()))));
  }

  /** A meta-decision agent: the portfolio named after one of the tenant's accounts. */
  CompletionStage<Reply> meta(Call c) {
    return h.require(c, Kind.ACCOUNT, "id").thenCompose(e -> agents.<MetaDecisionAgent.Command,
            MetaDecisionAgent.MetaView>ask(MetaDecisionAgent.ENTITY_KEY, entity(c, e), MetaDecisionAgent.GetState::new)
        .thenApply(v -> Reply.ok(OpsDto.Meta.from(e.id(), v.state()))));
  }

  // ---- cluster ----

  CompletionStage<Reply> members(Call c) {
    Cluster cluster = Cluster.get(agents.system());
    ClusterEvent.CurrentClusterState st = cluster.state();
    Address self = cluster.selfMember().address();
    Address leader = st.getLeader();
    List<OpsDto.Member> out = new ArrayList<>();
    for (Member m : st.getMembers()) {
      List<String> roles = new ArrayList<>();
      for (String r : m.getRoles()) if (!r.startsWith("dc-")) roles.add(r);
      roles.sort(null);
      out.add(new OpsDto.Member(m.address().toString(), m.status().toString(), roles,
          !st.getUnreachable().contains(m), m.address().equals(self), m.address().equals(leader)));
    }
    return CompletableFuture.completedFuture(Reply.ok(new OpsDto.Members(self.toString(),
        leader == null ? null : leader.toString(), out)));
  }

  CompletionStage<Reply> inference(Call c) {
    org.apache.pekko.actor.typed.ActorSystem<?> system = agents.system();
    Duration timeout = agents.timeout();
    String fallback = io.agora.agents.inference.Inference.settings(system)
        .map(s -> s.fallback().name().toLowerCase(Locale.ROOT).replace('_', '-')).orElse("not started");
    String self = Cluster.get(system).selfMember().address().toString();
    return io.agora.agents.Asks.<org.apache.pekko.actor.typed.receptionist.Receptionist.Command,
            org.apache.pekko.actor.typed.receptionist.Receptionist.Listing>ask(system.receptionist(),
            r -> org.apache.pekko.actor.typed.receptionist.Receptionist.find(
                io.agora.agents.inference.Inference.SERVICE_KEY, r), timeout, system.scheduler())
        .thenCompose(listing -> {
          List<CompletableFuture<OpsDto.InferenceActor>> all = new ArrayList<>();
          for (var ref : listing.getServiceInstances(io.agora.agents.inference.Inference.SERVICE_KEY)) {
            String node = ref.path().address().hasGlobalScope() ? ref.path().address().toString() : self;
            all.add(io.agora.agents.Asks.<io.agora.agents.inference.InferenceActor.Command,
                    io.agora.agents.inference.InferenceActor.Stats>ask(ref,
                    io.agora.agents.inference.InferenceActor.GetStats::new, timeout, system.scheduler())
                .thenApply(st -> new OpsDto.InferenceActor(node, st.requests(), st.rows(), st.predictCalls(),
                    st.failed(), st.providers(), null))
                .exceptionally(err -> new OpsDto.InferenceActor(node, 0, 0, 0, 0, Map.of(), "no answer: " + err)));
          }
          return CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).thenApply(x -> {
            List<OpsDto.InferenceActor> out = new ArrayList<>(all.stream().map(CompletableFuture::join).toList());
            out.sort(java.util.Comparator.comparing(OpsDto.InferenceActor::node));
            return Reply.ok(new OpsDto.Inference(self, fallback, out));
          });
        });
  }

  CompletionStage<Reply> shards(Call c) {
    var classic = org.apache.pekko.cluster.sharding.ClusterSharding.get(Adapter.toClassic(agents.system()));
    Duration timeout = agents.timeout();
    List<String> names = new ArrayList<>(CollectionConverters.asJava(classic.shardTypeNames()));
    names.sort(null);
    List<CompletableFuture<OpsDto.ShardType>> all = new ArrayList<>();
    for (String name : names) {
      all.add(Patterns.ask(classic.shardRegion(name), new ShardRegion.GetClusterShardingStats(
              scala.concurrent.duration.FiniteDuration.fromNanos(timeout.toNanos() * 3 / 4)), timeout)
          .thenApply(o -> shardType(name, (ShardRegion.ClusterShardingStats) o))
          .exceptionally(err -> new OpsDto.ShardType(name, 0, 0, List.of(), List.of("no answer: " + err)))
          .toCompletableFuture());
    }
    return CompletableFuture.allOf(all.toArray(CompletableFuture[]::new))
        .thenApply(x -> Reply.ok(new OpsDto.Shards(all.stream().map(CompletableFuture::join).toList())));
  }

  private static OpsDto.ShardType shardType(String name, ShardRegion.ClusterShardingStats stats) {
    List<OpsDto.NodeShards> nodes = new ArrayList<>();
    List<String> unanswered = new ArrayList<>();
    int shards = 0;
    int entities = 0;
    for (Map.Entry<Address, ShardRegion.ShardRegionStats> r : sortedByAddress(stats.getRegions())) {
      int n = 0;
      for (Object count : r.getValue().getStats().values()) n += ((Number) count).intValue();
      int s = r.getValue().getStats().size();
      nodes.add(new OpsDto.NodeShards(r.getKey().toString(), s, n));
      for (String failed : r.getValue().getFailed()) unanswered.add(r.getKey() + " shard " + failed);
      shards += s;
      entities += n;
    }
    return new OpsDto.ShardType(name, shards, entities, nodes, unanswered);
  }

  private static List<Map.Entry<Address, ShardRegion.ShardRegionStats>> sortedByAddress(
      Map<Address, ShardRegion.ShardRegionStats> regions) {
    List<Map.Entry<Address, ShardRegion.ShardRegionStats>> out = new ArrayList<>(regions.entrySet());
    out.sort(Comparator.comparing(e -> e.getKey().toString()));
    return out;
  }

  /** {@code address}: {@code pekko://agora@host:port}, {@code agora@host:port} or {@code host:port}. */
  CompletionStage<Reply> leave(Call c) {
    String a = c.path("address");
    Cluster cluster = Cluster.get(agents.system());
    for (Member m : cluster.state().getMembers()) {
      Address ad = m.address();
      String hostPort = ad.host().isDefined() && ad.port().isDefined() ? ad.host().get() + ":" + ad.port().get() : "";
      if (a.equals(ad.toString()) || a.equals(ad.hostPort()) || a.equals(hostPort)) {
        cluster.manager().tell(Leave.create(ad));
        return CompletableFuture.completedFuture(Reply.of(202, new OpsDto.LeaveAccepted(ad.toString(),
            m.status().toString(), "leaving: its shards are handed over, then it is removed and shuts down")));
      }
    }
    return CompletableFuture.failedFuture(ApiError.notFound("no cluster member " + Handlers.shorten(a)));
  }

  // ---- live events ----

  CompletionStage<Reply> events(Call c) {
    Set<String> categories = new LinkedHashSet<>();
    String q = c.query("categories", null);
    if (q != null) {
      for (String s : q.split(",")) {
        String k = s.trim().toLowerCase(Locale.ROOT);
        if (!CATEGORIES.contains(k)) {
          throw ApiError.badRequest("categories", "categories must be among " + new java.util.TreeSet<>(CATEGORIES));
        }
        categories.add(k);
      }
    }
    String tenant = c.tenant();
    ObjectNode hello = mapper.createObjectNode().put("tenant", tenant).put("categories",
        categories.isEmpty() ? "all" : String.join(",", categories));
    Source<ByteString, ?> sse = Source.single(ByteString.fromString("event: ready\ndata: " + hello + "\n\n"))
        .concat(EventHub.get(agents.system()).stream(tenant, categories).map(s -> frame(s.seq(), s.notice())))
        .keepAlive(Duration.ofSeconds(15), () -> ByteString.fromString(": keep-alive\n\n"));
    return CompletableFuture.completedFuture(Reply.raw(HttpResponse.create().withStatus(200)
        .addHeader(RawHeader.create("Cache-Control", "no-cache"))
        .withEntity(HttpEntities.createChunked(MediaTypes.TEXT_EVENT_STREAM.toContentType(), sse))));
  }

  private ByteString frame(long seq, AgentEvents.Notice n) {
    ObjectNode d = mapper.createObjectNode();
    d.put("type", n.type());
    d.put("category", n.category());
    d.put("tenant", n.tenant());
    d.put("entityId", n.entityId());
    d.put("message", n.message());
    d.set("data", mapper.valueToTree(n.data()));
    d.put("at", n.at() == null ? null : n.at().toString());
    return ByteString.fromString("id: " + seq + "\nevent: " + n.category() + "\ndata: " + d + "\n\n",
        StandardCharsets.UTF_8);
  }

  // ---- exchange API keys ----

  private KeyCipher cipher() {
    try {
      return agents.services().cipher().get();
    } catch (RuntimeException e) {
      throw ApiError.unavailable("exchange keys cannot be stored on this node: " + e.getMessage());
    }
  }

  CompletionStage<Reply> storeKey(Call c) {
    return h.require(c, Kind.ACCOUNT, "account").thenCompose(e -> {
      OpsDto.StoreExchangeKey b = c.body(OpsDto.StoreExchangeKey.class);
      if (b.venue() == null || !VENUE.matcher(b.venue()).matches()) {
        throw ApiError.badRequest("venue", "venue must match " + VENUE.pattern() + ", e.g. binance");
      }
      requireSecret("apiKey", b.apiKey());
      requireSecret("secret", b.secret());
      KeyCipher cipher = cipher();
      String id = entity(c, e);
      byte[] key = cipher.seal(b.apiKey(), ExchangeKeys.where(id, b.venue(), "apiKey"));
      byte[] secret = cipher.seal(b.secret(), ExchangeKeys.where(id, b.venue(), "secret"));
      return agents.<ExchangeKeys.Command, ExchangeKeys.VenueKey>askStatus(ExchangeKeys.ENTITY_KEY, id,
              r -> new ExchangeKeys.Store(b.venue(), key, secret, c.sub(), c.now(), r))
          .thenApply(v -> Reply.created(new OpsDto.ExchangeKey(v.venue(), v.storedBy(), v.storedAt()),
              "/api/v1/accounts/" + e.id() + "/exchange-keys"));
    });
  }

  private static void requireSecret(String field, String v) {
    if (v == null || v.isBlank()) throw ApiError.badRequest(field, field + " is required");
    if (v.length() > MAX_KEY_CHARS) throw ApiError.badRequest(field, field + " must be at most " + MAX_KEY_CHARS
        + " characters");
  }

  CompletionStage<Reply> listKeys(Call c) {
    return h.require(c, Kind.ACCOUNT, "account").thenCompose(e -> agents.<ExchangeKeys.Command,
            ExchangeKeys.Venues>ask(ExchangeKeys.ENTITY_KEY, entity(c, e), ExchangeKeys.ListVenues::new)
        .thenApply(v -> Reply.ok(new OpsDto.ExchangeKeyList(e.id(), v.venues().stream()
            .map(k -> new OpsDto.ExchangeKey(k.venue(), k.storedBy(), k.storedAt())).toList()))));
  }

  CompletionStage<Reply> deleteKey(Call c) {
    return h.require(c, Kind.ACCOUNT, "account").thenCompose(e -> {
      String venue = c.path("venue");
      if (!VENUE.matcher(venue).matches()) throw ApiError.notFound("no exchange key for venue " + Handlers.shorten(venue));
      return agents.<ExchangeKeys.Command, Done>askStatus(ExchangeKeys.ENTITY_KEY, entity(c, e),
              r -> new ExchangeKeys.Remove(venue, c.sub(), c.now(), r))
          .exceptionally(err -> {
            Throwable t = Router.unwrap(err);
            if (t.getMessage() != null && t.getMessage().startsWith("unknown venue key")) {
              throw ApiError.notFound("no exchange key for venue " + venue);
            }
            throw err instanceof RuntimeException re ? re : new java.util.concurrent.CompletionException(err);
          })
          .thenCompose(d -> listKeys(c));
    });
  }
}
