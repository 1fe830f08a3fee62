package io.agora.cluster;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import io.agora.persistence.DbSettings;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Everything one node needs to start, read and checked once: from {@code agora.node} in the configuration
 * ({@link #fromConfig}), or from the {@code agora node} options laid over it ({@link #of}).
 *
 * @param dataDir where the embedded H2 database and the node's own files live
 * @param db the journal's database (H2 under {@code dataDir} unless a PostgreSQL URL was given)
 * @param roles the node's cluster roles, a subset of {@link #KNOWN_ROLES}
 * @param host the remoting (Artery) host
 * @param port the remoting port, 0 for a free one
 * @param seedNodes the seed nodes; empty when this node forms its own cluster
 * @param httpHost the HTTP API's host (reserved: the API comes with its own issue)
 * @param httpPort the HTTP API's port (reserved: the API comes with its own issue)
 */
public record NodeSettings(Path dataDir, DbSettings db, List<String> roles, String host, int port,
    List<SeedNode> seedNodes, String httpHost, int httpPort) {

  /** The roles a node may have today. */
  public static final Set<String> KNOWN_ROLES = Set.of("api", "worker", "gpu");

  private static final Pattern HOST = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9.\\-]*[A-Za-z0-9])?|\\[[0-9A-Fa-f:.]+\\]");

  /** A seed node's remoting address. */
  public record SeedNode(String host, int port) {
    public SeedNode {
      checkHost("seed node host", host);
      if (port < 1 || port > 65535) {
        throw new IllegalArgumentException("seed node port must be 1..65535, was " + port);
      }
    }

    /** Parses {@code host:port}. */
    public static SeedNode parse(String s) {
      String t = s == null ? "" : s.trim();
      int colon = t.lastIndexOf(':');
      if (colon <= 0 || colon == t.length() - 1) {
        throw new IllegalArgumentException("seed node '" + t + "' must be host:port, e.g. 127.0.0.1:25520");
      }
      String host = t.substring(0, colon);
      String portText = t.substring(colon + 1);
      int port;
      try {
        port = Integer.parseInt(portText);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("seed node '" + t + "' has no numeric port: '" + portText + "'");
      }
      try {
        return new SeedNode(host, port);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("seed node '" + t + "': " + e.getMessage(), e);
      }
    }

    /** The Pekko address, {@code pekko://<system>@host:port}. */
    public String address(String systemName) {
      return "pekko://" + systemName + "@" + host + ":" + port;
    }

    @Override
    public String toString() {
      return host + ":" + port;
    }
  }

  public NodeSettings {
    Objects.requireNonNull(dataDir, "dataDir");
    Objects.requireNonNull(db, "db");
    roles = List.copyOf(roles);
    seedNodes = List.copyOf(seedNodes);
    if (roles.isEmpty()) {
      throw new IllegalArgumentException("a node needs at least one role; known roles: " + known());
    }
    for (String role : roles) {
      if (!KNOWN_ROLES.contains(role)) {
        throw new IllegalArgumentException("unknown role '" + role + "'; known roles: " + known());
      }
    }
    if (new LinkedHashSet<>(roles).size() != roles.size()) {
      throw new IllegalArgumentException("roles must not repeat: " + roles);
    }
    checkHost("host", host);
    checkPort("port", port, true);
    checkHost("HTTP host", httpHost);
    checkPort("HTTP port", httpPort, true);
  }

  /**
   * Settings from the command line's strings: blank {@code dbUrl} means {@code AGORA_DB_URL} from {@code env}, else
   * H2 under {@code dataDir}; {@code roles} and {@code seedNodes} are comma lists.
   *
   * @throws IllegalArgumentException naming the value that is wrong
   */
  public static NodeSettings of(String dataDir, String dbUrl, String roles, String host, int port, String seedNodes,
      String httpHost, int httpPort, Map<String, String> env) {
    Path dir;
    try {
      if (dataDir == null || dataDir.isBlank()) throw new InvalidPathException(String.valueOf(dataDir), "empty");
      dir = Path.of(dataDir.trim());
    } catch (InvalidPathException e) {
      throw new IllegalArgumentException("invalid data directory '" + dataDir + "': " + e.getReason(), e);
    }
    // Checked before the database is resolved, so that the first error reported is the first one in the list.
    List<String> roleList = parseRoles(roles);
    List<SeedNode> seeds = parseSeedNodes(seedNodes);
    DbSettings db = DbSettings.resolve(dbUrl, dir, env);
    return new NodeSettings(dir, db, roleList, host == null ? null : host.trim(), port, seeds,
        httpHost == null ? null : httpHost.trim(), httpPort);
  }

  /** Settings from {@code agora.node} of {@code config} (which already holds its {@code ${?ENV}} overrides). */
  public static NodeSettings fromConfig(Config config, Map<String, String> env) {
    Config c = config.getConfig("agora.node");
    try {
      return of(c.getString("data-dir"), c.getString("db-url"), c.getString("roles"), c.getString("host"),
          c.getInt("port"), c.getString("seed-nodes"), c.getString("http.host"), c.getInt("http.port"), env);
    } catch (ConfigException e) {
      throw new IllegalArgumentException("invalid agora.node configuration: " + e.getMessage(), e);
    }
  }

  /** Parses a comma list of roles ({@code api,worker}). */
  public static List<String> parseRoles(String roles) {
    List<String> out = new ArrayList<>();
    if (roles != null) {
      for (String r : roles.split(",", -1)) {
        String role = r.trim();
        if (role.isEmpty()) {
          if (roles.isBlank()) break;
          throw new IllegalArgumentException("empty role in '" + roles + "'; give a comma list such as api,worker");
        }
        out.add(role);
      }
    }
    if (out.isEmpty()) {
      throw new IllegalArgumentException("a node needs at least one role; known roles: " + known());
    }
    return out;
  }

  /** Parses a comma list of {@code host:port}; blank is the empty list. */
  public static List<SeedNode> parseSeedNodes(String seedNodes) {
    List<SeedNode> out = new ArrayList<>();
    if (seedNodes == null || seedNodes.isBlank()) {
      return out;
    }
    for (String s : seedNodes.split(",", -1)) {
      out.add(SeedNode.parse(s));
    }
    return out;
  }

  /** The node's own part of the Pekko configuration (address, roles, seed nodes, and {@code agora.node}). */
  public Config toConfig(String systemName) {
    Map<String, Object> c = new LinkedHashMap<>();
    c.put("pekko.remote.artery.canonical.hostname", host);
    c.put("pekko.remote.artery.canonical.port", port);
    c.put("pekko.cluster.roles", roles);
    c.put("pekko.cluster.seed-nodes", seedNodes.stream().map(s -> s.address(systemName)).toList());
    c.put("agora.node.data-dir", dataDir.toString());
    c.put("agora.node.roles", String.join(",", roles));
    c.put("agora.node.host", host);
    c.put("agora.node.port", port);
    c.put("agora.node.seed-nodes", String.join(",", seedNodes.stream().map(SeedNode::toString).toList()));
    c.put("agora.node.http.host", httpHost);
    c.put("agora.node.http.port", httpPort);
    return ConfigFactory.parseMap(c, "io.agora.cluster.NodeSettings");
  }

  private static void checkHost(String what, String host) {
    if (host == null || host.isBlank()) {
      throw new IllegalArgumentException(what + " is empty");
    }
    if (!HOST.matcher(host).matches()) {
      throw new IllegalArgumentException(what + " '" + host + "' is not a host name or IP address");
    }
  }

  private static void checkPort(String what, int port, boolean zeroAllowed) {
    if (port < (zeroAllowed ? 0 : 1) || port > 65535) {
      throw new IllegalArgumentException(what + " must be " + (zeroAllowed ? "0" : "1") + "..65535"
          + (zeroAllowed ? " (0 = any free port)" : "") + ", was " + port);
    }
  }

  private static String known() {
    return String.join(", ", KNOWN_ROLES.stream().sorted().toList());
  }
}
