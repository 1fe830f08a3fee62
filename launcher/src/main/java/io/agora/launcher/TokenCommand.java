package io.agora.launcher;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import io.agora.http.security.JwtIssuer;
import io.agora.http.security.JwtSecrets;
import io.agora.http.security.Principal;
import io.agora.http.security.Role;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code agora token}: prints a bearer token for the HTTP API (HS256, signed with the node's secret) and nothing
 * else on stdout, so that {@code TOKEN=$(./agora token --role operator --tenant acme)} works.
 */
@Command(
    name = "token",
    mixinStandardHelpOptions = true,
    description = {
      "Prints a bearer token (JWT, HS256) for the node's HTTP API, and only the token, on stdout.",
      "It is signed with the same secret as the node: $AGORA_JWT_SECRET (at least 32 bytes), else "
          + "agora.http.jwt.secret, else the file jwt-secret in the data directory (created on first use, "
          + "permissions 0600, with a warning on stderr).",
      "Roles: admin, operator, researcher, sre, viewer."
    })
public final class TokenCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(names = "--role", required = true, paramLabel = "ROLE",
      description = "admin, operator, researcher, sre or viewer.")
  String role;

  @Option(names = "--tenant", required = true, paramLabel = "TENANT",
      description = "The tenant the token's requests are scoped to (letters, digits, . _ -).")
  String tenant;

  @Option(names = "--sub", paramLabel = "SUBJECT",
      description = "Who the token names; recorded on the agents' events and in the audit log (default: the user "
          + "name).")
  String sub;

  @Option(names = "--ttl", paramLabel = "DURATION", defaultValue = "8h",
      description = "How long the token is valid, e.g. 30m, 8h, 7d (default: ${DEFAULT-VALUE}).")
  String ttl;

  @Option(names = "--data-dir", paramLabel = "DIR",
      description = "The node's data directory, where the secret file lives when AGORA_JWT_SECRET is not set "
          + "(default: agora.node.data-dir, agora-data).")
  String dataDir;

  @Override
  public Integer call() {
    Config config = ConfigFactory.load();
    String token;
    try {
      if (!config.getString("agora.http.jwt.algorithm").trim().equalsIgnoreCase("HS256")) {
        throw new IllegalArgumentException("agora.http.jwt.algorithm is not HS256: tokens come from your identity "
            + "provider (RS256), not from agora token");
      }
      Role r = Role.fromClaim(role);
      String subject = sub != null ? sub : System.getProperty("user.name", "agora");
      Principal p = new Principal(subject, r, tenant);
      Duration d = ConfigFactory.parseString("ttl = \"" + ttl.replace("\"", "") + "\"").getDuration("ttl");
      if (d.isZero() || d.isNegative()) throw new IllegalArgumentException("--ttl must be > 0");
      Path dir = Path.of(dataDir != null ? dataDir : config.getString("agora.node.data-dir"));
      byte[] secret = JwtSecrets.resolve(System.getenv(), config.getString("agora.http.jwt.secret"), dir,
          w -> System.err.println("warning: " + w));
      token = new JwtIssuer(secret, config.getString("agora.http.jwt.issuer")).issue(p, d, Instant.now());
    } catch (IllegalArgumentException | ConfigException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage(), e);
    }
    System.out.println(token);
    return 0;
  }
}
