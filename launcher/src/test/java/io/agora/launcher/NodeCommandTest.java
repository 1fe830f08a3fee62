package io.agora.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The `agora node` options; starting a node is covered by cluster-config's NodeTest. */
class NodeCommandTest {

  @Test
  void helpNamesTheOptionsAndTheHttpApi() {
    AgoraCliTest.Run r = AgoraCliTest.run("node", "--help");
    assertEquals(0, r.code());
    for (String option : new String[] {"--data-dir", "--db-url", "--roles", "--port", "--host", "--seed-nodes",
        "--http-port"}) {
      assertTrue(r.out().contains(option), option);
    }
    assertTrue(r.out().replaceAll("\\s+", " ").contains("HTTP control API listens on --http-port"), r.out());
  }

  @Test
  void badValuesAreUsageErrorsBeforeAnythingStarts() {
    AgoraCliTest.Run r = AgoraCliTest.run("node", "--seed-nodes", "127.0.0.1", "--data-dir", "unused");
    assertEquals(2, r.code());
    assertTrue(r.err().contains("seed node '127.0.0.1' must be host:port"), r.err());

    r = AgoraCliTest.run("node", "--roles", "api,gpus", "--data-dir", "unused");
    assertEquals(2, r.code());
    assertTrue(r.err().contains("unknown role 'gpus'"), r.err());

    r = AgoraCliTest.run("node", "--port", "-1", "--data-dir", "unused");
    assertEquals(2, r.code());
    assertTrue(r.err().contains("port must be 0..65535"), r.err());
  }
}
