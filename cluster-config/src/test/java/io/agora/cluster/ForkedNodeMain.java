package io.agora.cluster;

import io.agora.persistence.DbSettings;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.cluster.typed.Cluster;

/**
 * The main of a test node in its own JVM ({@link ClusterTestNodes.ForkedNode}): {@link Node#start} on
 * {@link ClusterTestNodes#baseConfig()}, joining the seed given in {@code -Dagora.forked.seed}. It runs until it is
 * killed, or until its parent's end of stdin closes (the parent died), when it halts without shutting down.
 */
public final class ForkedNodeMain {

  private ForkedNodeMain() {}

  public static void main(String[] args) {
    Thread orphanGuard = new Thread(() -> {
      try (InputStream in = System.in) {
        while (in.read() >= 0) {
          // nothing is ever sent: read until the parent closes the pipe
        }
      } catch (IOException ignored) {
        // the parent is gone either way
      }
      Runtime.getRuntime().halt(3);
    }, "orphan-guard");
    orphanGuard.setDaemon(true);
    orphanGuard.start();

    DbSettings db = DbSettings.postgres(property("agora.forked.db-url"), property("agora.forked.db-user"),
        System.getProperty("agora.forked.db-password", ""));
    NodeSettings settings = ClusterTestNodes.settings(Path.of(property("agora.forked.data-dir")), db,
        List.of(NodeSettings.SeedNode.parse(property("agora.forked.seed"))));
    ActorSystem<Void> system = Node.start(settings, ClusterTestNodes.baseConfig());
    System.out.println("forked node started at " + Cluster.get(system).selfMember().address());
    // the ActorSystem's threads keep the JVM alive
  }

  private static String property(String name) {
    String v = System.getProperty(name);
    if (v == null || v.isBlank()) throw new IllegalArgumentException("-D" + name + " is missing");
    return v;
  }
}
