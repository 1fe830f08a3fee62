package io.agora.cluster;

import java.util.ArrayList;
import java.util.List;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.ClusterEvent;
import org.apache.pekko.cluster.Member;
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
            List<String> members = new ArrayList<>();
            for (Member m : up.currentClusterState().getMembers()) {
              members.add(m.address() + " " + m.status() + " " + m.getRoles());
            }
            ctx.getLog().info("Agora node Up: {} roles {}; members: {}", cluster.selfMember().address(),
                cluster.selfMember().getRoles(), members);
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
