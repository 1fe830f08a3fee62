package io.agora.persistence;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every persist acknowledged before a SIGKILL is still there afterwards (H2 with WRITE_DELAY=0). */
class H2DurabilityTest {

  private static final int ACKS_BEFORE_KILL = 200;

  @TempDir Path dir;

  @Test
  void acknowledgedEventsSurviveSigkill() throws IOException, InterruptedException {
    Path javaBin = Path.of(System.getProperty("java.home"), "bin", "java");
    Process writer = new ProcessBuilder(javaBin.toString(), "-Xmx256m", "-cp", System.getProperty("java.class.path"),
        CounterWriterMain.class.getName(), dir.toString())
        .redirectError(ProcessBuilder.Redirect.DISCARD)
        .start();
    long lastAck = 0;
    try (BufferedReader out =
        new BufferedReader(new InputStreamReader(writer.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while (lastAck < ACKS_BEFORE_KILL && (line = out.readLine()) != null) {
        if (line.startsWith("ACK ")) lastAck = Long.parseLong(line.substring(4));
      }
      // destroyForcibly is SIGKILL on Unix: no shutdown hooks, no H2 close, no flush.
      writer.destroyForcibly();
      // Later acknowledgements were never read (destroying closes the pipe): lastAck is a lower bound.
      assertTrue(writer.waitFor(30, TimeUnit.SECONDS), "writer did not die");
    } finally {
      writer.destroyForcibly();
    }
    assertTrue(lastAck >= ACKS_BEFORE_KILL, "writer stopped after " + lastAck + " acknowledgements");

    DbSettings db = DbSettings.h2(dir);
    ActorTestKit testKit = ActorTestKit.create("after-kill", db.toConfig());
    try {
      TestProbe<Counter.State> replies = testKit.createTestProbe();
      ActorRef<Counter.Command> counter = testKit.spawn(Counter.create("durable", 0, testKit.system().ignoreRef()));
      counter.tell(new Counter.Get(replies.ref()));
      Counter.State recovered = replies.expectMessageClass(Counter.State.class, Duration.ofSeconds(30));
      assertTrue(recovered.total() >= lastAck,
          "acknowledged " + lastAck + " events, recovered only " + recovered.total());
    } finally {
      testKit.shutdownTestKit();
    }
  }
}
