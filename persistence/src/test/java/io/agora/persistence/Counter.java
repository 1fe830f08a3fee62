package io.agora.persistence;

import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.apache.pekko.persistence.typed.SnapshotCompleted;
import org.apache.pekko.persistence.typed.javadsl.CommandHandlerWithReply;
import org.apache.pekko.persistence.typed.javadsl.EventHandler;
import org.apache.pekko.persistence.typed.javadsl.EventSourcedBehaviorWithEnforcedReplies;
import org.apache.pekko.persistence.typed.javadsl.RetentionCriteria;
import org.apache.pekko.persistence.typed.javadsl.SignalHandler;

/** The smallest event-sourced entity that exercises the real journal and snapshot store. */
final class Counter extends EventSourcedBehaviorWithEnforcedReplies<Counter.Command, Counter.Event, Counter.State> {

  sealed interface Command {}

  record Add(long amount, ActorRef<State> replyTo) implements Command {}

  record Get(ActorRef<State> replyTo) implements Command {}

  sealed interface Event extends CborSerializable {}

  record Added(long amount) implements Event {}

  record State(long total, int additions) implements CborSerializable {
    State add(long amount) {
      return new State(total + amount, additions + 1);
    }
  }

  private final int snapshotEvery;
  private final ActorRef<Long> snapshots;

  /**
   * @param snapshotEvery events between snapshots, 0 for none
   * @param snapshots told the sequence number of every completed snapshot (it is written after the reply)
   */
  static Behavior<Command> create(String id, int snapshotEvery, ActorRef<Long> snapshots) {
    return new Counter(id, snapshotEvery, snapshots);
  }

  private Counter(String id, int snapshotEvery, ActorRef<Long> snapshots) {
    super(PersistenceId.of("Counter", id));
    this.snapshotEvery = snapshotEvery;
    this.snapshots = snapshots;
  }

  @Override
  public State emptyState() {
    return new State(0, 0);
  }

  @Override
  public CommandHandlerWithReply<Command, Event, State> commandHandler() {
    return newCommandHandlerWithReplyBuilder()
        .forAnyState()
        .onCommand(Add.class, (state, cmd) -> Effect().persist(new Added(cmd.amount())).thenReply(cmd.replyTo(), s -> s))
        .onCommand(Get.class, (state, cmd) -> Effect().reply(cmd.replyTo(), state))
        .build();
  }

  @Override
  public EventHandler<State, Event> eventHandler() {
    return newEventHandlerBuilder().forAnyState().onEvent(Added.class, (state, evt) -> state.add(evt.amount())).build();
  }

  @Override
  public RetentionCriteria retentionCriteria() {
    return snapshotEvery > 0 ? RetentionCriteria.snapshotEvery(snapshotEvery, 2) : RetentionCriteria.disabled();
  }

  @Override
  public SignalHandler<State> signalHandler() {
    return newSignalHandlerBuilder()
        .onSignal(SnapshotCompleted.class, (state, done) -> snapshots.tell(done.metadata().sequenceNr()))
        .build();
  }
}
