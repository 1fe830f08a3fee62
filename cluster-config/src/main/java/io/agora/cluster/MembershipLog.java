package io.agora.cluster;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.ClusterEvent;
import org.apache.pekko.cluster.Member;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.SelfUp;
import org.apache.pekko.cluster.typed.Subscribe;

/** Logs the cluster's members when this node is Up, then every member that joins or leaves. */
final class MembershipLog {

  private MembershipLog() {}

  static Behavior<Object> create() {
    return Behaviors.setup(ctx -> {
      Cluster cluster = Cluster.get(ctx.getSystem());
      cluster.subscriptions().tell(Subscribe.create(ctx.getSelf().<SelfUp>narrow(), SelfUp.class));
      return Behaviors.receive(Object.class)
          .onMessage(SelfUp.class, up -> {
            // SelfUp can arrive before the cluster state snapshots have caught up with this node's own Up: take
            // the members they know (not yet removed) and this node, which is Up by definition.
            Member self = cluster.selfMember();
            Map<String, String> members = new TreeMap<>();
            for (Iterable<Member> source : List.<Iterable<Member>>of(up.currentClusterState().getMembers(),
                cluster.state().getMembers())) {
              for (Member m : source) {
                if (m.status() != MemberStatus.removed()) {
                  members.put(m.address().toString(), m.address() + " " + m.status() + " " + m.getRoles());
                }
              }
            }
            members.put(self.address().toString(), self.address() + " Up " + self.getRoles());
            ctx.getLog().info("Agora node Up: {} roles {}; members: {}", self.address(), self.getRoles(),
                members.values());
            cluster.subscriptions().tell(Subscribe.create(ctx.getSelf().<ClusterEvent.MemberEvent>narrow(),
                ClusterEvent.MemberEvent.class));
            return Behaviors.same();
          })
          .onMessage(ClusterEvent.MemberEvent.class, e -> {
            ctx.getLog().info("Cluster member {} {} {}", e.member().address(), e.member().status(),
                e.member().getRoles());
            return Behaviors.same();
          })
          .build();
    });
  }
}
