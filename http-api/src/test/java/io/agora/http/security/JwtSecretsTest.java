package io.agora.http.security;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JwtSecretsTest {
  @TempDir Path dir;

  @Test
  void theEnvironmentComesFirst() {
    List<String> warnings = new ArrayList<>();
    String s = "x".repeat(32);
    assertArrayEquals(s.getBytes(StandardCharsets.UTF_8),
        JwtSecrets.resolve(Map.of("AGORA_JWT_SECRET", s), "y".repeat(40), dir, warnings::add));
    assertArrayEquals("y".repeat(40).getBytes(StandardCharsets.UTF_8),
        JwtSecrets.resolve(Map.of(), "y".repeat(40), dir, warnings::add));
    assertTrue(warnings.isEmpty());
    assertTrue(!Files.exists(dir.resolve("jwt-secret")));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> JwtSecrets.resolve(Map.of("AGORA_JWT_SECRET", "too-short"), "", dir, warnings::add));
    assertTrue(e.getMessage().contains("AGORA_JWT_SECRET"), e.getMessage());
  }

  @Test
  void withoutOneAPrivateSecretFileIsCreatedOnceWithAWarning() throws Exception {
    List<String> warnings = new ArrayList<>();
    Path data = dir.resolve("data");
    byte[] first = JwtSecrets.resolve(Map.of(), "", data, warnings::add);
    Path file = data.resolve("jwt-secret");
    assertTrue(Files.exists(file));
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
    assertTrue(first.length >= 32);
    assertEquals(1, warnings.size());
    assertTrue(warnings.get(0).contains("created"), warnings.get(0));
    // the node and `agora token` read the same file
    byte[] second = JwtSecrets.resolve(Map.of(), "", data, warnings::add);
    assertArrayEquals(first, second);
    assertEquals(2, warnings.size());
    try (var files = Files.list(data)) {
      assertEquals(1, files.count(), "no temporary file left behind");
    }
  }
}
