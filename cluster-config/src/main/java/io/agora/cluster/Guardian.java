package io.agora.cluster;

import io.agora.agents.capital.CapitalAgent;
import io.agora.agents.execution.ExecutionAgent;
import io.agora.agents.risk.RiskAgent;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/**
 * The node's root actor. It does no work of its own: it registers the sharded agents with Cluster Sharding (on
 * nodes without the {@code worker} role that starts a proxy) and the membership log, then waits.
 */
public final class Guardian {

  private Guardian() {}

  public static Behavior<Void> create() {
    return create(() -> {});
  }

  /** As {@link #create()}; {@code started} runs once every agent is registered (entity refs can be made). */
  public static Behavior<Void> create(Runnable started) {
    return Behaviors.setup(ctx -> {
      ActorSystem<?> system = ctx.getSystem();
      ExecutionAgent.init(system);
      CapitalAgent.init(system);
      RiskAgent.init(system);
      ctx.spawn(MembershipLog.create(), "membership-log");
      started.run();
      return Behaviors.empty();
    });
  }
}
