package io.agora.agents;

import java.util.LinkedHashSet;
import java.util.Set;
import java.util.function.Function;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.javadsl.ActorContext;

/**
 * An agent's in-memory subscribers: watched so that a stopped subscriber is dropped, told after the event that a
 * notice reports has been persisted, and never re-notified on replay. They do not survive a restart or passivation
 * (events never carry actor refs); guaranteed delivery belongs to projections over the journal.
 *
 * @param <T> the notice type
 * @param <C> the agent's command type (the watch message is one of its commands)
 */
public final class Subscribers<T, C> {
  private final ActorContext<C> ctx;
  private final Function<ActorRef<T>, C> onTerminated;
  private final Set<ActorRef<T>> refs = new LinkedHashSet<>();

  /** {@code onTerminated} builds the command the agent receives when a subscriber stops. */
  public Subscribers(ActorContext<C> ctx, Function<ActorRef<T>, C> onTerminated) {
    this.ctx = ctx;
    this.onTerminated = onTerminated;
  }

  public void add(ActorRef<T> subscriber) {
    if (refs.add(subscriber)) ctx.watchWith(subscriber, onTerminated.apply(subscriber));
  }

  public void remove(ActorRef<T> subscriber) {
    refs.remove(subscriber);
  }

  public boolean isEmpty() {
    return refs.isEmpty();
  }

  public void publish(T notice) {
    for (ActorRef<T> ref : refs) ref.tell(notice);
  }
}
