package io.agora.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.agora.agents.capital.CapitalAgent;
import io.agora.agents.desk.TradingDesk;
import io.agora.agents.meta.MetaDecisionAgent;
import io.agora.http.keys.KeyCipher;
import io.agora.agents.execution.ExecutionAgent;
import io.agora.agents.risk.RiskAgent;
import io.agora.agents.strategy.StrategyAgent;
import io.agora.http.routes.Json;
import io.agora.http.routes.Router;
import io.agora.http.security.JwtIssuer;
import io.agora.http.security.Principal;
import io.agora.http.security.Role;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Join;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpEntities;
import org.apache.pekko.http.javadsl.model.HttpHeader;
import org.apache.pekko.http.javadsl.model.HttpMethods;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.MediaTypes;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.http.javadsl.model.headers.RawHeader;
import org.apache.pekko.japi.function.Function;
import org.apache.pekko.persistence.testkit.PersistenceTestKitPlugin;
import org.apache.pekko.persistence.testkit.PersistenceTestKitSnapshotPlugin;
import org.apache.pekko.stream.Materializer;

/**
 * One single-node cluster with the agents on the persistence testkit's in-memory journal, and the API's route driven
 * in process (no socket): {@link #send} returns the status, headers and JSON body.
 */
public final class ApiFixture implements AutoCloseable {
  public static final String SECRET = "test-secret-of-at-least-thirty-two-bytes!";
  public static final String STRATEGY_CONFIG = """
      {"timeframe": "5m", "stake_currency": "USDT", "stake_amount": 100, "dry_run_wallet": 1000,
       "max_open_trades": 1, "fee": 0.001, "minimal_roi": {"0": 0.01}, "stoploss": -0.05}""";

  public final ActorSystem<Void> system;
  public final HttpSettings settings;
  public final Router router;
  public final ObjectMapper mapper = Json.mapper();
  /** The read side the portfolio routes see: rows a test puts in. */
  public final FakePortfolio portfolio;
  /** The exchange keys' cipher (its key in a file of the test's data directory). */
  public final KeyCipher cipher;
  public final List<String> warnings = new java.util.concurrent.CopyOnWriteArrayList<>();
  private final Function<HttpRequest, java.util.concurrent.CompletionStage<HttpResponse>> handler;
  private final JwtIssuer issuer;
  private final Materializer mat;

  public record Response(int status, Map<String, String> headers, String body, JsonNode json) {
    public String header(String name) {
      for (Map.Entry<String, String> e : headers.entrySet()) if (e.getKey().equalsIgnoreCase(name)) return e.getValue();
      return null;
    }

    public String error() {
      return json == null || !json.has("error") ? null : json.get("error").asText();
    }

    @Override
    public String toString() {
      return status + " " + body;
    }
  }

  private static ApiFixture shared;

  /** One fixture for all test classes of the run (tests use tenants of their own); closed when the JVM exits. */
  public static synchronized ApiFixture shared() {
    if (shared == null) {
      shared = new ApiFixture("");
      Runtime.getRuntime().addShutdownHook(new Thread(shared::close));
    }
    return shared;
  }

  private ApiFixture(ApiFixture base, HttpSettings settings) {
    this.system = base.system;
    this.settings = settings;
    this.portfolio = base.portfolio;
    this.cipher = base.cipher;
    this.router = HttpApi.router(system, settings, Clock.systemUTC(), new ApiServices(portfolio, () -> cipher));
    this.handler = router.route().handler(system);
    this.issuer = base.issuer;
    this.mat = base.mat;
  }

  /** The same node with an API of other settings (e.g. a small rate limit). */
  public ApiFixture with(HttpSettings other) {
    return new ApiFixture(this, other);
  }

  /** {@code overrides}: HOCON laid over the test configuration (e.g. a small rate limit). */
  public ApiFixture(String overrides) {
    Path dataDir;
    try {
      dataDir = Files.createTempDirectory("agora-http-test");
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    Config config = ConfigFactory.parseString(overrides)
        .withFallback(ConfigFactory.parseMap(Map.of(
            "agora.research.market-data-dir", dataDir.resolve("market-data").toString(),
            "agora.research.results-dir", dataDir.resolve("research").toString())))
        .withFallback(ConfigFactory.parseString("""
            pekko.actor.provider = cluster
            pekko.remote.artery.canonical.hostname = "127.0.0.1"
            pekko.remote.artery.canonical.port = 0
            pekko.cluster.jmx.multi-mbeans-in-same-jvm = on
            pekko.loglevel = WARNING
            pekko.coordinated-shutdown.exit-jvm = off
            pekko.coordinated-shutdown.run-by-jvm-shutdown-hook = off
            agora.http.rate-limit.requests-per-second = 0
            """))
        .withFallback(PersistenceTestKitPlugin.getInstance().config())
        .withFallback(PersistenceTestKitSnapshotPlugin.config())
        .withFallback(ConfigFactory.load())
        .resolve();
    system = ActorSystem.create(Behaviors.empty(), "api-test", config);
    Cluster cluster = Cluster.get(system);
    cluster.manager().tell(Join.create(cluster.selfMember().address()));
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (cluster.selfMember().status() != MemberStatus.up()) {
      if (System.nanoTime() > deadline) throw new IllegalStateException("the test node did not come Up");
      sleep(20);
    }
    StrategyAgent.init(system);
    RiskAgent.init(system);
    CapitalAgent.init(system);
    ExecutionAgent.init(system);
    MetaDecisionAgent.init(system);
    TradingDesk.init(system);
    settings = HttpSettings.fromConfig(config, Map.of("AGORA_JWT_SECRET", SECRET), dataDir, w -> {});
    portfolio = new FakePortfolio();
    cipher = KeyCipher.resolve(Map.of(), dataDir, warnings::add);
    router = HttpApi.router(system, settings, Clock.systemUTC(), new ApiServices(portfolio, () -> cipher));
    handler = router.route().handler(system);
    issuer = new JwtIssuer(SECRET.getBytes(StandardCharsets.UTF_8), null);
    mat = Materializer.matFromSystem(system);
  }

  public String token(Role role, String tenant) {
    return token(role, tenant, role.claim() + "-user");
  }

  public String token(Role role, String tenant, String sub) {
    return issuer.issue(new Principal(sub, role, tenant), Duration.ofHours(1), Instant.now());
  }

  public Response get(String path, String token) {
    return send("GET", path, token, null);
  }

  public Response post(String path, String token, String json) {
    return send("POST", path, token, json);
  }

  public Response send(String method, String path, String token, String body) {
    List<HttpHeader> headers = new ArrayList<>();
    if (token != null) headers.add(RawHeader.create("Authorization", "Bearer " + token));
    HttpRequest req = HttpRequest.create(path).withMethod(HttpMethods.lookup(method).orElseThrow()).addHeaders(headers);
    if (body != null) req = req.withEntity(HttpEntities.create(ContentTypes.APPLICATION_JSON, body));
    return send(req);
  }

  public Response send(HttpRequest req) {
    try {
      HttpResponse res = handler.apply(req).toCompletableFuture().get(30, TimeUnit.SECONDS);
      if (res.entity().getContentType().mediaType().equals(MediaTypes.TEXT_EVENT_STREAM)) {
        res.entity().getDataBytes().runWith(Sink.cancelled(), mat); // an endless stream: not read here
        Map<String, String> hs = new java.util.LinkedHashMap<>();
        for (HttpHeader h : res.getHeaders()) hs.put(h.name(), h.value());
        return new Response(res.status().intValue(), hs, "", null);
      }
      String body = res.entity().toStrict(10_000, mat).toCompletableFuture().get(10, TimeUnit.SECONDS)
          .getData().utf8String();
      Map<String, String> hs = new java.util.LinkedHashMap<>();
      for (HttpHeader h : res.getHeaders()) hs.put(h.name(), h.value());
      JsonNode json = null;
      if (res.entity().getContentType().equals(ContentTypes.APPLICATION_JSON) && !body.isEmpty()) {
        json = mapper.readTree(body);
      }
      return new Response(res.status().intValue(), hs, body, json);
    } catch (Exception e) {
      throw new IllegalStateException("request " + req.method().name() + " " + req.getUri() + " failed", e);
    }
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    system.terminate();
    try {
      system.getWhenTerminated().toCompletableFuture().get(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      // best effort
    }
  }
}
