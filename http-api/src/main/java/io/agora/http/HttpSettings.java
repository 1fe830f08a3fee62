package io.agora.http;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import io.agora.http.security.JwtSecrets;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * The HTTP API's settings, read once from {@code agora.http} ({@link #fromConfig}); the JWT key material is resolved
 * then too (environment, configuration, secret file).
 *
 * @param host where the API listens
 * @param port its port, 0 for a free one
 * @param askTimeout how long a request waits for an agent before it is answered 503
 * @param maxRequestBytes largest request body (413 above it)
 * @param requestReadTimeout how long reading a request body may take
 * @param rateLimit the token bucket per principal
 * @param cors the browser origins allowed
 * @param jwt how tokens are verified
 * @param auditEntriesInMemory recent audit entries per tenant kept for queries
 */
public record HttpSettings(String host, int port, Duration askTimeout, long maxRequestBytes,
    Duration requestReadTimeout, RateLimit rateLimit, Cors cors, Jwt jwt, int auditEntriesInMemory) {

  public HttpSettings {
    Objects.requireNonNull(host, "host");
    if (port < 0 || port > 65535) throw new IllegalArgumentException("agora.http.port must be 0..65535, was " + port);
    requirePositive("agora.http.ask-timeout", askTimeout);
    requirePositive("agora.http.request-read-timeout", requestReadTimeout);
    if (maxRequestBytes < 1) throw new IllegalArgumentException("agora.http.max-request-bytes must be > 0");
    if (auditEntriesInMemory < 1) throw new IllegalArgumentException("agora.http.audit.entries-in-memory must be > 0");
    Objects.requireNonNull(rateLimit, "rateLimit");
    Objects.requireNonNull(cors, "cors");
    Objects.requireNonNull(jwt, "jwt");
  }

  /** Token bucket per principal: refilled at {@code requestsPerSecond} (0 = no limit), holding at most {@code burst}. */
  public record RateLimit(double requestsPerSecond, int burst) {
    public RateLimit {
      if (requestsPerSecond < 0 || Double.isNaN(requestsPerSecond)) {
        throw new IllegalArgumentException("agora.http.rate-limit.requests-per-second must be >= 0");
      }
      if (requestsPerSecond > 0 && burst < 1) throw new IllegalArgumentException("agora.http.rate-limit.burst must be >= 1");
    }

    public boolean enabled() {
      return requestsPerSecond > 0;
    }
  }

  /** CORS: allowed origins ({@code *} = any; empty = no CORS headers), request headers and preflight cache time. */
  public record Cors(List<String> allowedOrigins, List<String> allowedHeaders, Duration maxAge) {
    public Cors {
      allowedOrigins = List.copyOf(allowedOrigins);
      allowedHeaders = List.copyOf(allowedHeaders);
    }

    public boolean allows(String origin) {
      return origin != null && (allowedOrigins.contains("*") || allowedOrigins.contains(origin));
    }
  }

  /**
   * Token verification: {@code HS256} with {@code secret} (at least 32 bytes) or {@code RS256} with
   * {@code publicKeyPem}; {@code issuer} null when any issuer is accepted.
   */
  public record Jwt(String algorithm, byte[] secret, String publicKeyPem, String issuer, Duration clockSkew) {
    public Jwt {
      if ("HS256".equals(algorithm)) {
        if (secret == null || secret.length < JwtSecrets.MIN_SECRET_BYTES) {
          throw new IllegalArgumentException("the HS256 secret must be at least " + JwtSecrets.MIN_SECRET_BYTES + " bytes");
        }
        secret = secret.clone();
      } else if ("RS256".equals(algorithm)) {
        if (publicKeyPem == null || publicKeyPem.isBlank()) {
          throw new IllegalArgumentException("RS256 needs agora.http.jwt.public-key-file or public-key (PEM)");
        }
      } else {
        throw new IllegalArgumentException("agora.http.jwt.algorithm must be HS256 or RS256, not " + algorithm);
      }
      if (issuer != null && issuer.isBlank()) issuer = null;
      if (clockSkew == null || clockSkew.isNegative()) throw new IllegalArgumentException("negative jwt clock-skew");
    }

    @Override
    public String toString() { // never print the secret
      return "Jwt[" + algorithm + (issuer == null ? "" : ", issuer " + issuer) + ", clock skew " + clockSkew + "]";
    }
  }

  /** The same settings listening on {@code host:port} (the node's {@code agora.node.http}). */
  public HttpSettings withBinding(String newHost, int newPort) {
    return new HttpSettings(newHost, newPort, askTimeout, maxRequestBytes, requestReadTimeout, rateLimit, cors, jwt,
        auditEntriesInMemory);
  }

  /**
   * Reads {@code agora.http} of {@code root}. The HS256 secret comes from {@code AGORA_JWT_SECRET} in {@code env},
   * else {@code agora.http.jwt.secret}, else the secret file in {@code dataDir} ({@link JwtSecrets}), whose use is
   * reported to {@code warn}.
   *
   * @throws IllegalArgumentException naming the setting that is wrong
   */
  public static HttpSettings fromConfig(Config root, Map<String, String> env, Path dataDir, Consumer<String> warn) {
    try {
      Config c = root.getConfig("agora.http");
      Config j = c.getConfig("jwt");
      String algorithm = j.getString("algorithm").trim().toUpperCase(java.util.Locale.ROOT);
      byte[] secret = null;
      String pem = null;
      if (algorithm.equals("HS256")) {
        secret = JwtSecrets.resolve(env, j.getString("secret"), dataDir, warn);
      } else if (algorithm.equals("RS256")) {
        pem = j.getString("public-key");
        String file = j.getString("public-key-file");
        if (!file.isBlank()) {
          try {
            pem = Files.readString(Path.of(file.trim()));
          } catch (IOException e) {
            throw new IllegalArgumentException("cannot read agora.http.jwt.public-key-file " + file + ": " + e, e);
          }
        }
      }
      Jwt jwt = new Jwt(algorithm, secret, pem, j.getString("issuer"), j.getDuration("clock-skew"));
      Config cors = c.getConfig("cors");
      return new HttpSettings(c.getString("host"), c.getInt("port"), c.getDuration("ask-timeout"),
          c.getBytes("max-request-bytes"), c.getDuration("request-read-timeout"),
          new RateLimit(c.getDouble("rate-limit.requests-per-second"), c.getInt("rate-limit.burst")),
          new Cors(cors.getStringList("allowed-origins"), cors.getStringList("allowed-headers"),
              cors.getDuration("max-age")),
          jwt, c.getInt("audit.entries-in-memory"));
    } catch (ConfigException e) {
      throw new IllegalArgumentException("invalid agora.http configuration: " + e.getMessage(), e);
    }
  }

  private static void requirePositive(String name, Duration d) {
    if (d == null || d.isZero() || d.isNegative()) throw new IllegalArgumentException(name + " must be > 0");
  }
}
