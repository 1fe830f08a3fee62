package io.agora.core.files;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {
  @Test
  void replacesTheTargetAndLeavesNoTemporaryFile(@TempDir Path dir) throws IOException {
    Path target = dir.resolve("a/b/result.json");
    AtomicFiles.write(target, tmp -> Files.writeString(tmp, "one"));
    AtomicFiles.write(target, tmp -> Files.writeString(tmp, "two"));
    assertEquals("two", Files.readString(target));
    try (Stream<Path> s = Files.list(target.getParent())) {
      assertEquals(1, s.count());
    }
  }

  @Test
  void aFailedWriteKeepsTheOldFile(@TempDir Path dir) throws IOException {
    Path target = dir.resolve("result.json");
    Files.writeString(target, "old");
    assertThrows(IOException.class, () -> AtomicFiles.write(target, tmp -> {
      Files.writeString(tmp, "half");
      throw new IOException("disk full");
    }));
    assertEquals("old", Files.readString(target));
    try (Stream<Path> s = Files.list(dir)) {
      assertEquals(1, s.count(), "the temporary file is removed");
    }
  }
}
