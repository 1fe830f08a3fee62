package io.agora.http;

import io.agora.http.keys.KeyCipher;
import io.agora.http.ops.PortfolioReads;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.apache.pekko.actor.typed.ActorSystem;

/**
 * What the operator routes use besides the agents: the read side (portfolio views) and the cipher of the exchange
 * API keys ({@code cipher} is asked on first use, so a node without a key only fails those routes, with 503).
 */
public record ApiServices(PortfolioReads portfolio, Supplier<KeyCipher> cipher) {
  public ApiServices {
    Objects.requireNonNull(portfolio, "portfolio");
    Objects.requireNonNull(cipher, "cipher");
  }

  /** A node's: its read side; the key from {@code AGORA_KEYS_KEY} or the key file in {@code dataDir}. */
  public static ApiServices forNode(ActorSystem<?> system, Map<String, String> env, Path dataDir,
      Consumer<String> warn) {
    KeyCipher cipher = KeyCipher.resolve(env, dataDir, warn);
    return new ApiServices(PortfolioReads.readSide(system), () -> cipher);
  }

  /** The read side, and a cipher only when {@code AGORA_KEYS_KEY} is set (no data directory is known). */
  public static ApiServices defaults(ActorSystem<?> system) {
    return new ApiServices(PortfolioReads.readSide(system), () -> {
      if (System.getenv(KeyCipher.ENV) == null) {
        throw new IllegalStateException("exchange keys need " + KeyCipher.ENV + " or the node's data directory");
      }
      return KeyCipher.resolve(System.getenv(), null, w -> {});
    });
  }
}
