package io.agora.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.agora.persistence.DbSettings;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NodeSettingsTest {

  private static NodeSettings of(String roles, String host, int port, String seeds, int httpPort) {
    return NodeSettings.of("agora-data", null, roles, host, port, seeds, "127.0.0.1", httpPort, Map.of());
  }

  private static void rejects(String expectedFragment, Runnable r) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, r::run);
    assertTrue(e.getMessage().contains(expectedFragment), () -> "'" + e.getMessage() + "' lacks '"
        + expectedFragment + "'");
  }

  @Test
  void defaultsFromApplicationConf() {
    NodeSettings s = NodeSettings.fromConfig(ConfigFactory.load(), Map.of());
    assertEquals(Path.of("agora-data"), s.dataDir());
    assertEquals(DbSettings.Kind.H2, s.db().kind());
    assertEquals(List.of("api", "worker"), s.roles());
    assertEquals("127.0.0.1", s.host());
    assertEquals(25520, s.port());
    assertEquals(List.of(), s.seedNodes());
    assertEquals(8080, s.httpPort());
  }

  @Test
  void theNodeConfigurationHasTheInferenceSettingsAndDispatcher() {
    Config c = ConfigFactory.load();
    var inference = io.agora.agents.inference.Inference.Settings.fromConfig(c);
    assertEquals(io.agora.agents.inference.Inference.Fallback.LOCAL_CPU, inference.fallback());
    assertEquals(java.time.Duration.ofSeconds(5), inference.askTimeout());
    assertEquals("Dispatcher", c.getString(io.agora.agents.inference.Inference.DISPATCHER + ".type"));
    Config none = ConfigFactory.parseString("agora.inference.fallback = none").withFallback(c);
    assertEquals(io.agora.agents.inference.Inference.Fallback.NONE,
        io.agora.agents.inference.Inference.Settings.fromConfig(none).fallback());
    rejects("local-cpu or none", () -> io.agora.agents.inference.Inference.Settings.fromConfig(
        ConfigFactory.parseString("agora.inference.fallback = gpu-only").withFallback(c)));
  }

  @Test
  void localConfigsNameTheirPortsAndSeeds() {
    for (int n = 1; n <= 3; n++) {
      Config c = ConfigFactory.load("local" + n);
      NodeSettings s = NodeSettings.fromConfig(c, Map.of());
      assertEquals(25520 + n, s.port());
      assertEquals(25520 + n, c.getInt("pekko.remote.artery.canonical.port"));
      assertEquals(List.of(new NodeSettings.SeedNode("127.0.0.1", 25521), new NodeSettings.SeedNode("127.0.0.1", 25522)),
          s.seedNodes());
      assertEquals(Path.of("agora-data/node" + n), s.dataDir());
    }
  }

  @Test
  void commandLineStrings() {
    NodeSettings s = NodeSettings.of("/tmp/agora-x", "postgresql://u:p@db.example:5433/agora", " worker , api ",
        "10.0.0.5", 0, "10.0.0.1:25520, node-2.local:25521", "0.0.0.0", 9000, Map.of());
    assertEquals(DbSettings.Kind.POSTGRESQL, s.db().kind());
    assertEquals(List.of("worker", "api"), s.roles());
    assertEquals(List.of(new NodeSettings.SeedNode("10.0.0.1", 25520), new NodeSettings.SeedNode("node-2.local", 25521)),
        s.seedNodes());
    Config c = Node.config(s, ConfigFactory.load());
    assertEquals(List.of("pekko://agora@10.0.0.1:25520", "pekko://agora@node-2.local:25521"),
        c.getStringList("pekko.cluster.seed-nodes"));
    assertEquals(List.of("worker", "api"), c.getStringList("pekko.cluster.roles"));
    assertEquals("10.0.0.5", c.getString("pekko.remote.artery.canonical.hostname"));
    assertEquals(0, c.getInt("pekko.remote.artery.canonical.port"));
    assertEquals("jdbc-journal", c.getString("pekko.persistence.journal.plugin"));
    // entity kinds with tagged events write through a second jdbc journal on the same tables and pool
    assertEquals("jdbc-journal-tagged", c.getString("agora.persistence.tagged-journal"));
    assertEquals(c.getString("jdbc-journal.class"), c.getString("jdbc-journal-tagged.class"));
    assertEquals("slick", c.getString("jdbc-journal-tagged.use-shared-db"));
    assertEquals(c.getString("jdbc-journal.tables.event_journal.tableName"),
        c.getString("jdbc-journal-tagged.tables.event_journal.tableName"));
    assertEquals("slick.jdbc.PostgresProfile$", c.getString("pekko-persistence-jdbc.shared-databases.slick.profile"));
    // one write batch in flight per journal, the tagged one included (docs/benchmarks.md)
    assertEquals(1, c.getInt("jdbc-journal.parallelism"));
    assertEquals(1, c.getInt("jdbc-journal-tagged.parallelism"));
    // snapshots on their own connections to the same database
    assertEquals(DbSettings.SNAPSHOT_DB, c.getString("jdbc-snapshot-store.use-shared-db"));
    assertEquals(c.getString("pekko-persistence-jdbc.shared-databases.slick.db.url"),
        c.getString("pekko-persistence-jdbc.shared-databases." + DbSettings.SNAPSHOT_DB + ".db.url"));
    assertEquals("keep-majority", c.getString("pekko.cluster.split-brain-resolver.active-strategy"));
  }

  @Test
  void dbUrlFromTheEnvironment() {
    NodeSettings s = NodeSettings.of("d", "", "api", "127.0.0.1", 1, "", "127.0.0.1", 1,
        Map.of(DbSettings.ENV_URL, "jdbc:postgresql://h/db?user=x"));
    assertEquals(DbSettings.Kind.POSTGRESQL, s.db().kind());
  }

  @Test
  void rejectsBadSeedNodes() {
    rejects("must be host:port", () -> of("api", "127.0.0.1", 0, "127.0.0.1", 8080));
    rejects("no numeric port", () -> of("api", "127.0.0.1", 0, "127.0.0.1:abc", 8080));
    rejects("seed node port must be 1..65535", () -> of("api", "127.0.0.1", 0, "127.0.0.1:0", 8080));
    rejects("seed node port must be 1..65535", () -> of("api", "127.0.0.1", 0, "127.0.0.1:70000", 8080));
    rejects("must be host:port", () -> of("api", "127.0.0.1", 0, "127.0.0.1:25520,,127.0.0.1:25521", 8080));
    rejects("not a host name", () -> of("api", "127.0.0.1", 0, "bad host:25520", 8080));
  }

  @Test
  void rejectsBadPorts() {
    rejects("port must be 0..65535", () -> of("api", "127.0.0.1", -1, "", 8080));
    rejects("port must be 0..65535", () -> of("api", "127.0.0.1", 65536, "", 8080));
    rejects("HTTP port must be 0..65535", () -> of("api", "127.0.0.1", 0, "", 100000));
    rejects("invalid agora.node configuration", () -> NodeSettings.fromConfig(
        ConfigFactory.parseString("agora.node.port = eighty").withFallback(ConfigFactory.load()), Map.of()));
  }

  @Test
  void rejectsBadRoles() {
    rejects("unknown role 'gpus'; known roles: api, gpu, worker", () -> of("api,gpus", "127.0.0.1", 0, "", 8080));
    rejects("at least one role", () -> of("", "127.0.0.1", 0, "", 8080));
    rejects("empty role", () -> of("api,", "127.0.0.1", 0, "", 8080));
    rejects("must not repeat", () -> of("api,api", "127.0.0.1", 0, "", 8080));
  }

  @Test
  void rejectsBadHosts() {
    rejects("host is empty", () -> of("api", " ", 0, "", 8080));
    rejects("not a host name", () -> of("api", "pekko://x@h", 0, "", 8080));
  }
}
