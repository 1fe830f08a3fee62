package io.agora.agents.events;

import io.agora.persistence.CborSerializable;
import java.time.Instant;
import java.util.Map;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Extension;
import org.apache.pekko.actor.typed.ExtensionId;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.pubsub.Topic;

/**
 * The agents' live notices (agent lifecycle and trades, orders, fills, alerts such as risk rejections and kill
 * switches) on one cluster-wide pub-sub {@link Topic}: an agent publishes a {@link Notice} right after the event it
 * reports is persisted, and every subscriber in the cluster (the HTTP API's event stream of each API node) receives
 * it. One topic actor per node, created on first use.
 *
 * <p><b>Delivery: at most once, live only.</b> Notices are not stored: nothing is replayed on reconnect, a notice
 * published while a node is unreachable or before a subscriber registered is lost, and a replayed event (recovery)
 * publishes nothing. The journal is the record; this is for watching. Ordering holds per publishing agent and
 * subscriber.
 */
public final class AgentEvents implements Extension {
  /** The {@link Notice#tenant()} of platform-wide notices: they go to every tenant. */
  public static final String ALL_TENANTS = "*";
  public static final String TOPIC = "agora-agent-events";

  /**
   * One notice. {@code category}: {@code agent}, {@code order}, {@code fill} or {@code alert}; {@code type} e.g.
   * {@code order.placed}, {@code kill-switch.engaged}; {@code entityId} the publishing agent's entity id;
   * {@code data} the event's fields as text.
   */
  public record Notice(String tenant, String category, String type, String entityId, String message,
      Map<String, String> data, Instant at) implements CborSerializable {
    public Notice {
      data = data == null ? Map.of() : Map.copyOf(data);
    }
  }

  private static final class Id extends ExtensionId<AgentEvents> {
    private static final Id INSTANCE = new Id();

    @Override
    public AgentEvents createExtension(ActorSystem<?> system) {
      return new AgentEvents(system);
    }
  }

  private final ActorRef<Topic.Command<Notice>> topic;

  private AgentEvents(ActorSystem<?> system) {
    this.topic = system.systemActorOf(Topic.create(Notice.class, TOPIC), "agent-events-topic", Props.empty());
  }

  /** This node's topic actor: {@code Topic.subscribe(ref)} to receive every notice of the cluster. */
  public static ActorRef<Topic.Command<Notice>> topic(ActorSystem<?> system) {
    return Id.INSTANCE.apply(system).topic;
  }

  public static void publish(ActorSystem<?> system, Notice notice) {
    topic(system).tell(Topic.publish(notice));
  }

  public static void publish(ActorSystem<?> system, String tenant, String category, String type, String message,
      String entityId) {
    publish(system, new Notice(tenant, category, type, entityId, message, Map.of(), Instant.now()));
  }

  public static void publish(ActorSystem<?> system, String tenant, String category, String type, String message,
      String entityId, Map<String, String> data) {
    publish(system, new Notice(tenant, category, type, entityId, message, data, Instant.now()));
  }
}
