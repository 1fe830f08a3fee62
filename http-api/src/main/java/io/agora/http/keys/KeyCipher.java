package io.agora.http.keys;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;
import java.util.function.Consumer;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * AES-GCM for the exchange API keys the API is given: each value sealed with a fresh 96-bit nonce and a 128-bit tag,
 * bound to where it belongs (the additional data names tenant, account, venue and field, so a sealed secret moved
 * to another account does not open). Sealed form: {@code version (1) | nonce (12) | ciphertext+tag}.
 *
 * <p>The key (256 bits) comes from {@code AGORA_KEYS_KEY} (base64 of 16, 24 or 32 bytes) when set, else from the file
 * {@value #FILE_NAME} in the node's data directory, created with random content and permissions 0600 on first use
 * (with a warning: whoever reads the data directory can open the keys).
 */
public final class KeyCipher {
  public static final String ENV = "AGORA_KEYS_KEY";
  public static final String FILE_NAME = "exchange-keys.key";
  private static final byte VERSION = 1;
  private static final int NONCE_BYTES = 12;
  private static final int TAG_BITS = 128;

  private final SecretKeySpec key;
  private final SecureRandom random = new SecureRandom();

  private KeyCipher(byte[] key) {
    if (key.length != 16 && key.length != 24 && key.length != 32) {
      throw new IllegalArgumentException("an AES key is 16, 24 or 32 bytes, not " + key.length);
    }
    this.key = new SecretKeySpec(key.clone(), "AES");
  }

  public static KeyCipher of(byte[] key) {
    return new KeyCipher(key);
  }

  /** The key from {@code AGORA_KEYS_KEY} in {@code env}, else the key file in {@code dataDir} (created if absent). */
  public static KeyCipher resolve(Map<String, String> env, Path dataDir, Consumer<String> warn) {
    String fromEnv = env.get(ENV);
    if (fromEnv != null && !fromEnv.isBlank()) return new KeyCipher(decode(fromEnv.trim(), ENV));
    if (dataDir == null) throw new IllegalStateException(ENV + " is not set and there is no data directory for "
        + FILE_NAME);
    Path file = dataDir.resolve(FILE_NAME);
    try {
      if (!Files.exists(file)) create(file);
      warn.accept(ENV + " is not set: exchange API keys are encrypted with the key in " + file.toAbsolutePath()
          + " (permissions 0600); set " + ENV + " to keep the key out of the data directory");
      return new KeyCipher(decode(Files.readString(file, StandardCharsets.UTF_8).trim(), file.toString()));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read or create " + file, e);
    }
  }

  private static void create(Path file) throws IOException {
    byte[] k = new byte[32];
    new SecureRandom().nextBytes(k);
    Files.createDirectories(file.toAbsolutePath().getParent());
    Path tmp;
    try {
      tmp = Files.createTempFile(file.toAbsolutePath().getParent(), FILE_NAME, ".tmp",
          PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    } catch (UnsupportedOperationException e) {
      tmp = Files.createTempFile(file.toAbsolutePath().getParent(), FILE_NAME, ".tmp");
    }
    Files.writeString(tmp, Base64.getEncoder().encodeToString(k) + "\n", StandardCharsets.UTF_8);
    try {
      Files.createLink(file, tmp); // atomic: two nodes starting at once keep the first key
    } catch (FileAlreadyExistsException e) {
      // another process was first: use its key
    } catch (UnsupportedOperationException | IOException e) {
      if (!Files.exists(file)) Files.move(tmp, file);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  private static byte[] decode(String base64, String from) {
    try {
      return Base64.getDecoder().decode(base64);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(from + " must be base64 of a 16, 24 or 32 byte key");
    }
  }

  /** {@code plaintext} sealed for {@code where} (e.g. {@code tenant|account|venue|secret}). */
  public byte[] seal(String plaintext, String where) {
    byte[] nonce = new byte[NONCE_BYTES];
    random.nextBytes(nonce);
    byte[] data = plaintext.getBytes(StandardCharsets.UTF_8);
    try {
      Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
      c.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
      c.updateAAD(where.getBytes(StandardCharsets.UTF_8));
      byte[] ct = c.doFinal(data);
      byte[] out = new byte[1 + NONCE_BYTES + ct.length];
      out[0] = VERSION;
      System.arraycopy(nonce, 0, out, 1, NONCE_BYTES);
      System.arraycopy(ct, 0, out, 1 + NONCE_BYTES, ct.length);
      return out;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM is not available", e);
    } finally {
      Arrays.fill(data, (byte) 0);
    }
  }

  /** The plaintext of a value {@link #seal}ed for {@code where}; fails when the key, place or bytes differ. */
  public String open(byte[] sealed, String where) {
    if (sealed == null || sealed.length < 1 + NONCE_BYTES + TAG_BITS / 8 || sealed[0] != VERSION) {
      throw new IllegalArgumentException("not a sealed value");
    }
    try {
      Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
      c.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, sealed, 1, NONCE_BYTES));
      c.updateAAD(where.getBytes(StandardCharsets.UTF_8));
      return new String(c.doFinal(sealed, 1 + NONCE_BYTES, sealed.length - 1 - NONCE_BYTES), StandardCharsets.UTF_8);
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException("the sealed value does not open with this key for " + where);
    }
  }

  @Override
  public String toString() {
    return "KeyCipher[AES-" + key.getEncoded().length * 8 + "-GCM]"; // never the key
  }
}
