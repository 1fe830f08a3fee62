package io.agora.persistence;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/**
 * Child process of {@link H2DurabilityTest}: adds 1 to a counter on the H2 database under {@code args[0]} forever,
 * printing {@code ACK <total>} after each acknowledged persist, until it is killed.
 */
public final class CounterWriterMain {

  private CounterWriterMain() {}

  public static void main(String[] args) {
    DbSettings db = DbSettings.h2(Path.of(args[0]));
    Migrations.migrate(db);
    ActorSystem<Void> system = ActorSystem.create(Behaviors.empty(), "writer", db.toConfig());
    ActorRef<Long> ignoreSnapshots = system.ignoreRef();
    ActorRef<Counter.Command> counter =
        system.systemActorOf(Counter.create("durable", 0, ignoreSnapshots), "counter",
            org.apache.pekko.actor.typed.Props.empty());
    for (long i = 1; ; i++) {
      CompletionStage<Counter.State> reply =
          AskPattern.ask(counter, r -> new Counter.Add(1, r), Duration.ofSeconds(10), system.scheduler());
      Counter.State state = reply.toCompletableFuture().join();
      System.out.println("ACK " + state.total());
      System.out.flush();
    }
  }
}
