package io.agora.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agora.http.HttpSettings;
import io.agora.http.security.JwtSecrets;
import io.agora.http.security.JwtVerifier;
import io.agora.http.security.Principal;
import io.agora.http.security.Role;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `agora token` prints only a token that the node (same secret resolution) accepts. */
class TokenCommandTest {
  @TempDir Path dir;

  @Test
  void printsOnlyATokenTheNodeAccepts() throws Exception {
    AgoraCliTest.Run r = AgoraCliTest.run("token", "--role", "operator", "--tenant", "acme", "--sub", "olga",
        "--ttl", "30m", "--data-dir", dir.toString());
    assertEquals(0, r.code(), r.err());
    String token = r.out().trim();
    assertEquals(1, r.out().lines().count(), "only the token on stdout: " + r.out());
    assertEquals(3, token.split("\\.").length, token);
    List<String> warnings = new ArrayList<>();
    // the node resolves the secret the same way (environment first, else the file in its data directory)
    byte[] secret = JwtSecrets.resolve(System.getenv(), "", dir, warnings::add);
    Principal p = JwtVerifier.of(new HttpSettings.Jwt("HS256", secret, null, null, Duration.ZERO)).verify(token);
    assertEquals(new Principal("olga", Role.OPERATOR, "acme"), p);
    if (System.getenv(JwtSecrets.ENV) == null) {
      assertTrue(Files.exists(dir.resolve(JwtSecrets.FILE_NAME)));
      assertTrue(r.err().contains("warning"), r.err());
    }
  }

  @Test
  void badValuesAreUsageErrors() {
    AgoraCliTest.Run r = AgoraCliTest.run("token", "--role", "Admin", "--tenant", "acme", "--data-dir", dir.toString());
    assertEquals(2, r.code());
    assertTrue(r.err().contains("unknown role 'Admin'"), r.err());
    r = AgoraCliTest.run("token", "--role", "viewer", "--tenant", "a|b", "--data-dir", dir.toString());
    assertEquals(2, r.code());
    assertTrue(r.err().contains("tenant"), r.err());
    r = AgoraCliTest.run("token", "--role", "viewer", "--tenant", "acme", "--ttl", "soon", "--data-dir", dir.toString());
    assertEquals(2, r.code());
    r = AgoraCliTest.run("token", "--tenant", "acme");
    assertEquals(2, r.code());
    assertTrue(r.err().contains("--role"), r.err());
    assertEquals("", r.out());
  }
}
