package io.agora.http.events;

import io.agora.agents.events.AgentEvents;
import io.agora.agents.events.AgentEvents.Notice;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.pekko.NotUsed;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Extension;
import org.apache.pekko.actor.typed.ExtensionId;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.pubsub.Topic;
import org.apache.pekko.stream.BoundedSourceQueue;
import org.apache.pekko.stream.QueueOfferResult;
import org.apache.pekko.stream.javadsl.Source;

/**
 * The API node's end of the agents' live notices ({@link AgentEvents}): one subscriber of the cluster-wide topic per
 * node, fanning each notice out to the event-stream clients of its tenant (platform-wide notices to all). Each client
 * has a bounded buffer of its own ({@code agora.http.events.buffer-size}); a client whose buffer is full is dropped
 * (its stream fails, the connection closes) and the others, and the node, go on: the fan-out never waits.
 */
public final class EventHub implements Extension {

  /** A client too slow for its buffer. */
  public static final class SlowClient extends RuntimeException {
    SlowClient(int buffer) {
      super("event stream dropped: more than " + buffer + " notices waiting", null, false, false);
    }
  }

  private record Client(String tenant, Set<String> categories, BoundedSourceQueue<Sequenced> queue) {
    boolean wants(Notice n) {
      return (n.tenant().equals(tenant) || AgentEvents.ALL_TENANTS.equals(n.tenant()))
          && (categories.isEmpty() || categories.contains(n.category()));
    }
  }

  /** A notice and its position in this node's stream (the SSE id). */
  public record Sequenced(long seq, Notice notice) {}

  private static final class Id extends ExtensionId<EventHub> {
    private static final Id INSTANCE = new Id();

    @Override
    public EventHub createExtension(ActorSystem<?> system) {
      return new EventHub(system, system.settings().config().getInt("agora.http.events.buffer-size"));
    }
  }

  public static EventHub get(ActorSystem<?> system) {
    return Id.INSTANCE.apply(system);
  }

  private static final AtomicLong INSTANCES = new AtomicLong();
  private final Set<Client> clients = ConcurrentHashMap.newKeySet();
  private final int bufferSize;
  private final AtomicLong seq = new AtomicLong();
  private final AtomicLong dropped = new AtomicLong();

  EventHub(ActorSystem<?> system, int bufferSize) {
    if (bufferSize < 1) throw new IllegalArgumentException("agora.http.events.buffer-size must be >= 1");
    this.bufferSize = bufferSize;
    ActorRef<Notice> subscriber = system.systemActorOf(Behaviors.receiveMessage((Notice n) -> {
      dispatch(n);
      return Behaviors.same();
    }), "api-event-hub-" + INSTANCES.incrementAndGet(), Props.empty());
    AgentEvents.topic(system).tell(Topic.subscribe(subscriber));
  }

  /**
   * The notices of {@code tenant} (and platform-wide ones) from the moment the stream is materialized, of the given
   * categories (empty: all). The client is registered when the stream starts and forgotten when it ends.
   */
  public Source<Sequenced, NotUsed> stream(String tenant, Set<String> categories) {
    return Source.<Sequenced>queue(bufferSize)
        .mapMaterializedValue(q -> {
          Client c = new Client(tenant, Set.copyOf(categories), q);
          clients.add(c);
          return c;
        })
        .watchTermination((c, done) -> {
          done.whenComplete((d, e) -> clients.remove(c));
          return NotUsed.getInstance();
        });
  }

  /** Offers a notice to every client that wants it; a full client is dropped. */
  void dispatch(Notice n) {
    Sequenced s = null;
    for (Client c : clients) {
      if (!c.wants(n)) continue;
      if (s == null) s = new Sequenced(seq.incrementAndGet(), n);
      QueueOfferResult r = c.queue().offer(s);
      if (r == QueueOfferResult.dropped()) {
        clients.remove(c);
        dropped.incrementAndGet();
        c.queue().fail(new SlowClient(bufferSize));
      } else if (!(r instanceof QueueOfferResult.Enqueued$)) {
        clients.remove(c); // closed or failed: the stream ended
      }
    }
  }

  /** Connected clients (all tenants). */
  public int clients() {
    return clients.size();
  }

  /** Clients dropped for being slow since the node started. */
  public long dropped() {
    return dropped.get();
  }
}
