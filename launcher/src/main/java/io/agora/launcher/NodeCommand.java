package io.agora.launcher;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import io.agora.cluster.Node;
import io.agora.cluster.NodeSettings;
import io.agora.http.ApiServices;
import io.agora.http.HttpApi;
import io.agora.http.HttpSettings;
import java.util.concurrent.Callable;
import org.apache.pekko.actor.typed.ActorSystem;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code agora node}: starts one cluster node (database migrations, sharded agents, cluster join), on nodes with the
 * {@code api} role the HTTP control API, and runs until the node's ActorSystem terminates (SIGTERM / Ctrl-C leave the
 * cluster gracefully).
 */
@Command(
    name = "node",
    mixinStandardHelpOptions = true,
    description = {
      "Starts an Agora cluster node: migrates its database, starts the sharded agents (signal, strategy, "
          + "meta-decision, execution, capital, risk), serves the HTTP API (api role) and joins the cluster (or forms its own when no seed nodes are "
          + "given). Runs until stopped; SIGTERM or Ctrl-C leave the cluster gracefully.",
      "Unless --no-demo is given, the node runs a demo: synthetic 5m candles (written to DIR/market-data when "
          + "absent) replayed at agora.node.demo-speed x real time through signal and strategy agents "
          + "(EmaCrossover, RsiMeanReversion, BollingerBreakout; tenant 'demo'); trades are logged. A restart "
          + "resumes the same demo.",
      "Options left out come from agora.node in application.conf and its environment variables "
          + "(AGORA_DATA_DIR, AGORA_DB_URL, AGORA_ROLES, AGORA_HOST, AGORA_PORT, AGORA_SEED_NODES, AGORA_HTTP_PORT).",
      "On nodes with the api role (the default) the HTTP control API listens on --http-port (default 8080, "
          + "127.0.0.1 or agora.node.http.host): everything under /api/v1, a bearer token from 'agora token' for all "
          + "but /api/v1/health/*, /api/v1/openapi.json and the docs at /api/v1/docs. Tokens are verified with "
          + "$AGORA_JWT_SECRET, else the file jwt-secret in DIR (created on first use; 'agora token' reads the same)."
    })
public final class NodeCommand implements Callable<Integer> {
  private static final Logger log = LoggerFactory.getLogger(NodeCommand.class);

  @Spec CommandSpec spec;

  @Option(names = "--data-dir", paramLabel = "DIR",
      description = "Where the embedded H2 database and the node's files live (default: agora-data under the "
          + "working directory).")
  String dataDir;

  @Option(names = "--db-url", paramLabel = "URL",
      description = "PostgreSQL database instead of H2: jdbc:postgresql://host[:port]/db or "
          + "postgresql://user:password@host[:port]/db (default: $AGORA_DB_URL, else H2 in --data-dir; user and "
          + "password may also come from AGORA_DB_USER / AGORA_DB_PASSWORD).")
  String dbUrl;

  @Option(names = "--roles", paramLabel = "ROLES",
      description = "Comma list of cluster roles; accepted: api, worker, gpu (default: api,worker). Sharded agents run on "
          + "worker nodes; ML inference actors on gpu nodes (CUDA when the node has it, else CPU).")
  String roles;

  @Option(names = "--host", paramLabel = "HOST", description = "Remoting host (default: 127.0.0.1).")
  String host;

  @Option(names = "--port", paramLabel = "PORT",
      description = "Remoting port, 0 for a free one (default: 25520).")
  Integer port;

  @Option(names = "--seed-nodes", paramLabel = "HOST:PORT[,HOST:PORT...]",
      description = "Seed nodes to join (default: none: this node forms its own cluster).")
  String seedNodes;

  @Option(names = "--http-port", paramLabel = "PORT",
      description = "Port of the HTTP API on nodes with the api role (default: 8080; 0 = a free port).")
  Integer httpPort;

  @Option(names = "--no-demo",
      description = "Do not run the demo (default: agora.node.demo, on): synthetic candles in DIR/market-data "
          + "replayed through signal and strategy agents of tenant 'demo', trades logged.")
  boolean noDemo;

  @Override
  public Integer call() {
    Config config = ConfigFactory.load();
    if (noDemo) config = ConfigFactory.parseString("agora.node.demo = off").withFallback(config);
    NodeSettings settings;
    try {
      Config node = config.getConfig("agora.node");
      settings = NodeSettings.of(
          dataDir != null ? dataDir : node.getString("data-dir"),
          dbUrl != null ? dbUrl : node.getString("db-url"),
          roles != null ? roles : node.getString("roles"),
          host != null ? host : node.getString("host"),
          port != null ? port : node.getInt("port"),
          seedNodes != null ? seedNodes : node.getString("seed-nodes"),
          node.getString("http.host"),
          httpPort != null ? httpPort : node.getInt("http.port"),
          System.getenv());
    } catch (IllegalArgumentException | ConfigException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage(), e);
    }
    // the API's settings (and its JWT secret) are resolved before anything starts: a bad value is a usage error
    HttpSettings http = null;
    if (settings.roles().contains("api")) {
      try {
        http = HttpSettings.fromConfig(config, System.getenv(), settings.dataDir(), log::warn)
            .withBinding(settings.httpHost(), settings.httpPort());
      } catch (IllegalArgumentException e) {
        throw new ParameterException(spec.commandLine(), e.getMessage(), e);
      }
    }
    ActorSystem<Void> system = Node.start(settings, config);
    // every node registers the API's own entities (registry, audit log): worker nodes host them
    HttpApi.initEntities(system, config.getInt("agora.http.audit.entries-in-memory"));
    if (http != null) {
      try {
        // the read side, and the exchange keys' cipher (AGORA_KEYS_KEY or <data-dir>/exchange-keys.key)
        HttpApi.start(system, http, ApiServices.forNode(system, System.getenv(), settings.dataDir(), log::warn))
            .toCompletableFuture().join();
      } catch (RuntimeException e) {
        log.error("the HTTP API could not listen on {}:{}: {}", http.host(), http.port(), e.getMessage());
        system.terminate();
        system.getWhenTerminated().toCompletableFuture().join();
        return 1;
      }
    }
    registerDemoAgents(system, config);
    system.getWhenTerminated().toCompletableFuture().join();
    return 0;
  }

  /**
   * The demo's agents are created by the demo, not through the API: register them in the API's existence index (tenant
   * {@code demo}) so that an operator lists and inspects them like any other. Asynchronous and idempotent (a restart
   * finds them registered); a failure is logged and changes nothing else.
   */
  static void registerDemoAgents(ActorSystem<Void> system, Config config) {
    io.agora.cluster.DemoEnsemble.Settings demo = io.agora.cluster.DemoEnsemble.Settings.fromConfig(config);
    if (!demo.enabled()) return;
    java.time.Duration timeout = java.time.Duration.ofSeconds(10);
    for (io.agora.cluster.DemoEnsemble.Listed a : io.agora.cluster.DemoEnsemble.listed(demo)) {
      HttpApi.registerExisting(system, io.agora.cluster.DemoEnsemble.TENANT, a.kind(), a.id(), a.attributes(),
              "system:demo", timeout)
          .whenComplete((created, err) -> {
            if (err != null) log.warn("demo {} {} not registered with the API: {}", a.kind(), a.id(), err.getMessage());
          });
    }
  }
}
