package io.agora.http.research;

import org.apache.pekko.actor.typed.ActorSystem;

/**
 * The research side of a node: the tenants' {@link ResearchJobs} (sharded) and, on nodes that host the sharded
 * entities (role {@code worker}), this node's {@link EnsembleWorker}. Every node calls {@link #init} once.
 */
public final class Research {
  private Research() {}

  public static synchronized void init(ActorSystem<?> system) {
    ResearchJobs.init(system);
    ResearchRuntime runtime = ResearchRuntime.get(system);
    if (runtime.markWorkerStarted()) EnsembleWorker.startOn(system);
  }
}
