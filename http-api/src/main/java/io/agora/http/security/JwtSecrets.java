package io.agora.http.security;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Where the HS256 secret comes from, the same for the node (which verifies tokens) and {@code agora token} (which
 * signs them): {@code AGORA_JWT_SECRET}, else the configured secret, else the file {@value #FILE_NAME} in the data
 * directory, created on first use with random content and permissions 0600. Using the file is reported as a warning:
 * production sets {@code AGORA_JWT_SECRET}.
 */
public final class JwtSecrets {
  public static final String ENV = "AGORA_JWT_SECRET";
  public static final String FILE_NAME = "jwt-secret";
  /** HS256 needs a key of at least 256 bits. */
  public static final int MIN_SECRET_BYTES = 32;

  private JwtSecrets() {}

  /**
   * The secret's bytes (UTF-8 of the text).
   *
   * @param env the environment ({@code System.getenv()})
   * @param configured {@code agora.http.jwt.secret}, blank when unset
   * @param dataDir the data directory holding {@value #FILE_NAME}
   * @param warn receives the warning when the file is used
   * @throws IllegalArgumentException when a given secret is shorter than 32 bytes
   */
  public static byte[] resolve(Map<String, String> env, String configured, Path dataDir, Consumer<String> warn) {
    String fromEnv = env.get(ENV);
    if (fromEnv != null && !fromEnv.isBlank()) return check(fromEnv, ENV);
    if (configured != null && !configured.isBlank()) return check(configured, "agora.http.jwt.secret");
    Path file = dataDir.resolve(FILE_NAME);
    boolean created = ensureFile(file);
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8).trim();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the JWT secret file " + file, e);
    }
    warn.accept(ENV + " is not set: tokens are signed and verified with the secret in " + file.toAbsolutePath()
        + (created ? " (created now)" : "") + "; set " + ENV + " (at least " + MIN_SECRET_BYTES
        + " bytes) in production");
    return check(text, "the secret file " + file);
  }

  private static byte[] check(String secret, String from) {
    byte[] b = secret.getBytes(StandardCharsets.UTF_8);
    if (b.length < MIN_SECRET_BYTES) {
      throw new IllegalArgumentException(from + " must hold at least " + MIN_SECRET_BYTES + " bytes, has " + b.length);
    }
    return b;
  }

  /**
   * Creates the file with 48 random bytes (base64url) and permissions 0600 unless it exists; true when created. The
   * content is written to a private temporary file first and then linked into place, so a concurrent reader never
   * sees a half-written secret and a concurrent creator never overwrites one.
   */
  private static boolean ensureFile(Path file) {
    if (Files.exists(file)) return false;
    byte[] random = new byte[48];
    new SecureRandom().nextBytes(random);
    String text = Base64.getUrlEncoder().withoutPadding().encodeToString(random) + "\n";
    Path dir = file.toAbsolutePath().getParent();
    Path tmp = null;
    try {
      Files.createDirectories(dir);
      try {
        tmp = Files.createTempFile(dir, FILE_NAME, ".tmp",
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      } catch (UnsupportedOperationException e) { // not a POSIX file system
        tmp = Files.createTempFile(dir, FILE_NAME, ".tmp");
      }
      Files.writeString(tmp, text, StandardCharsets.UTF_8);
      try {
        Files.createLink(file, tmp);
      } catch (UnsupportedOperationException e) {
        Files.move(tmp, file);
      }
      return true;
    } catch (FileAlreadyExistsException e) {
      return false; // another process created it meanwhile: use theirs
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create the JWT secret file " + file, e);
    } finally {
      if (tmp != null) {
        try {
          Files.deleteIfExists(tmp);
        } catch (IOException ignored) {
          // a stray temporary file holds no secret anyone uses
        }
      }
    }
  }
}
