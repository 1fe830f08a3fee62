package io.agora.core.testing;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Locates the workplace's shared data folder ({@code ../shared} beside the clone). A user's clone has none, so
 * tests that need it skip with a message naming the folder.
 */
public final class SharedData {
  private SharedData() {}

  /** The shared folder, from {@code -Dagora.shared.dir} (set by the build) or {@code ../shared}. */
  public static Path root() {
    String p = System.getProperty("agora.shared.dir");
    return (p != null ? Path.of(p) : Path.of("..", "shared")).toAbsolutePath().normalize();
  }

  /** {@code shared/data/<sub>}, or skips the calling test when it is absent. */
  public static Path require(String sub) {
    Path dir = root().resolve("data").resolve(sub);
    assumeTrue(Files.isDirectory(dir), "skipped: shared data folder " + dir + " is absent (it sits beside the clone as ../shared)");
    return dir;
  }

  public static Path testdata() {
    return require("freqtrade-testdata");
  }

  public static Path conformance() {
    return require("freqtrade-conformance");
  }
}
