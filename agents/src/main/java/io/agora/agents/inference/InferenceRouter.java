package io.agora.agents.inference;

import io.agora.agents.inference.InferenceActor.Predict;
import io.agora.agents.inference.InferenceActor.PredictFailed;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.pekko.actor.Address;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.actor.typed.receptionist.Receptionist;
import org.apache.pekko.cluster.ClusterEvent;
import org.apache.pekko.cluster.Member;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Subscribe;

/**
 * The node's way to inference (one per node, started by {@link Inference#init}): it follows the Receptionist's
 * listing of {@link Inference#SERVICE_KEY} and the cluster membership, and sends each {@link Predict} to one of the
 * inference actors on members that are Up, reachable and have the {@code gpu} role, round robin. The instance
 * answers the caller directly. With none of them, {@code agora.inference.fallback} decides: {@code local-cpu}
 * scores on a local inference actor (started on first use, on the inference dispatcher), {@code none} answers
 * {@link PredictFailed}.
 *
 * <p>The listing alone is not enough: a leaving node's actors stay listed until it is removed, and a crashed one's
 * until it is downed, so the membership is followed too and only Up, reachable members are used. A request sent to
 * an instance whose node goes away at that moment is lost: the caller's ask times out.
 */
public final class InferenceRouter extends AbstractBehavior<InferenceRouter.Command> {

  /** The router takes {@link Predict} (the inference actor's own message) and {@link GetRoutes}. */
  public sealed interface Command permits Predict, GetRoutes, ListingChanged, MemberChanged {}

  /** Where requests would go now. */
  public record GetRoutes(ActorRef<Routes> replyTo) implements Command {}

  /**
   * {@code instances}: the nodes of the usable inference actors (round-robin order); {@code fallback}: what serves
   * when there is none ({@code local-cpu} or {@code none}).
   */
  public record Routes(List<String> instances, String fallback) {}

  record ListingChanged(Receptionist.Listing listing) implements Command {}

  record MemberChanged(Object event) implements Command {}

  public static Behavior<Command> create(PredictorFactory fallbackFactory, Inference.Settings settings) {
    return Behaviors.setup(ctx -> new InferenceRouter(ctx, fallbackFactory, settings));
  }

  private final PredictorFactory fallbackFactory;
  private final Inference.Settings settings;
  private final Address self;
  private final Map<Address, Member> members = new HashMap<>();
  private final Set<Address> unreachable = new HashSet<>();
  private Set<ActorRef<InferenceActor.Command>> listed = Set.of();
  private List<ActorRef<InferenceActor.Command>> usable = List.of();
  private int next;
  private ActorRef<InferenceActor.Command> local;

  private InferenceRouter(ActorContext<Command> ctx, PredictorFactory fallbackFactory, Inference.Settings settings) {
    super(ctx);
    this.fallbackFactory = fallbackFactory;
    this.settings = settings;
    Cluster cluster = Cluster.get(ctx.getSystem());
    this.self = cluster.selfMember().address();
    for (Member m : cluster.state().getMembers()) members.put(m.address(), m);
    for (Member m : cluster.state().getUnreachable()) unreachable.add(m.address());
    ActorRef<ClusterEvent.MemberEvent> memberEvents = ctx.messageAdapter(ClusterEvent.MemberEvent.class,
        MemberChanged::new);
    cluster.subscriptions().tell(Subscribe.create(memberEvents, ClusterEvent.MemberEvent.class));
    ActorRef<ClusterEvent.ReachabilityEvent> reachability = ctx.messageAdapter(ClusterEvent.ReachabilityEvent.class,
        MemberChanged::new);
    cluster.subscriptions().tell(Subscribe.create(reachability, ClusterEvent.ReachabilityEvent.class));
    ActorRef<Receptionist.Listing> listings = ctx.messageAdapter(Receptionist.Listing.class, ListingChanged::new);
    ctx.getSystem().receptionist().tell(Receptionist.subscribe(Inference.SERVICE_KEY, listings));
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(Predict.class, this::onPredict)
        .onMessage(GetRoutes.class, g -> {
          List<String> nodes = new ArrayList<>(usable.size());
          for (ActorRef<InferenceActor.Command> r : usable) nodes.add(address(r).toString());
          g.replyTo().tell(new Routes(List.copyOf(nodes), settings.fallback().text()));
          return this;
        })
        .onMessage(ListingChanged.class, l -> {
          listed = Set.copyOf(l.listing().getServiceInstances(Inference.SERVICE_KEY));
          refresh();
          return this;
        })
        .onMessage(MemberChanged.class, m -> {
          onClusterEvent(m.event());
          refresh();
          return this;
        })
        .build();
  }

  private void onClusterEvent(Object e) {
    if (e instanceof ClusterEvent.MemberRemoved r) {
      members.remove(r.member().address());
      unreachable.remove(r.member().address());
    } else if (e instanceof ClusterEvent.MemberEvent m) {
      members.put(m.member().address(), m.member());
    } else if (e instanceof ClusterEvent.UnreachableMember u) {
      unreachable.add(u.member().address());
    } else if (e instanceof ClusterEvent.ReachableMember r) {
      unreachable.remove(r.member().address());
    }
  }

  private void refresh() {
    List<ActorRef<InferenceActor.Command>> now = new ArrayList<>();
    for (ActorRef<InferenceActor.Command> r : listed) {
      Address a = address(r);
      Member m = members.get(a);
      if (m != null && m.status() == MemberStatus.up() && m.hasRole(Inference.GPU_ROLE) && !unreachable.contains(a)) {
        now.add(r);
      }
    }
    now.sort((x, y) -> x.path().toString().compareTo(y.path().toString()));
    if (!now.equals(usable)) {
      getContext().getLog().info("inference routes: {}", now.isEmpty()
          ? "none (fallback " + settings.fallback().text() + ")" : now.stream().map(this::address).toList());
    }
    usable = List.copyOf(now);
  }

  /** A local ref's address has no host: it is this node's. */
  private Address address(ActorRef<?> ref) {
    Address a = ref.path().address();
    return a.host().isDefined() ? a : self;
  }

  private Behavior<Command> onPredict(Predict p) {
    if (!usable.isEmpty()) {
      usable.get(Math.floorMod(next++, usable.size())).tell(p);
    } else if (settings.fallback() == Inference.Fallback.LOCAL_CPU) {
      if (local == null) {
        local = getContext().spawn(InferenceActor.create(fallbackFactory, settings.batchWindow()), "local-cpu",
            DispatcherSelector.fromConfig(Inference.DISPATCHER));
      }
      local.tell(p);
    } else {
      p.replyTo().tell(new PredictFailed(p.modelRef(), "no inference node with the " + Inference.GPU_ROLE
          + " role is up, and agora.inference.fallback = none"));
    }
    return this;
  }
}
