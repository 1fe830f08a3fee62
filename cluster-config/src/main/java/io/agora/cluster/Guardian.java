package io.agora.cluster;

import io.agora.agents.capital.CapitalAgent;
import io.agora.agents.desk.TradingDesk;
import io.agora.agents.execution.ExecutionAgent;
import com.typesafe.config.Config;
import io.agora.agents.inference.Inference;
import io.agora.agents.inference.RegistryPredictors;
import io.agora.agents.marketdata.CandleHistory;
import io.agora.agents.marketdata.CandleReplay;
import io.agora.agents.meta.MetaDecisionAgent;
import io.agora.agents.readside.ReadSide;
import io.agora.agents.risk.RiskAgent;
import io.agora.agents.signal.SignalAgent;
import io.agora.agents.strategy.StrategyAgent;
import io.agora.core.data.OhlcvLoader;
import io.agora.models.inference.Provider;
import java.nio.file.Path;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.typed.ClusterSingleton;
import org.apache.pekko.cluster.typed.SingletonActor;

/**
 * The node's root actor. It does no work of its own: it registers the sharded agents with Cluster Sharding (on
 * nodes without the {@code worker} role that starts a proxy), the membership log and, when {@code agora.node.demo}
 * is on, the {@link DemoEnsemble} as a cluster singleton, then waits.
 */
public final class Guardian {

  private Guardian() {}

  /**
   * @param marketData Freqtrade-layout candle files the signal agents warm their indicators from after a restart
   * @param started runs once every agent is registered (entity refs can be made)
   */
  public static Behavior<Void> create(Path marketData, Runnable started) {
    return create(marketData, marketData.resolveSibling("models"), started);
  }

  /**
   * @param models the model registry folder: gpu nodes serve its models to every node's signal agents, and each node
   *     scores them on its own CPU when no gpu node is up (agora.inference.fallback)
   */
  public static Behavior<Void> create(Path marketData, Path models, Runnable started) {
    return Behaviors.setup(ctx -> {
      ActorSystem<?> system = ctx.getSystem();
      CandleHistory history = CandleReplay.fromFiles(new OhlcvLoader(marketData));
      SignalAgent.init(system, history);
      StrategyAgent.init(system);
      MetaDecisionAgent.init(system);
      ExecutionAgent.init(system);
      CapitalAgent.init(system);
      RiskAgent.init(system);
      TradingDesk.init(system);
      ReadSide.init(system);
      Config inference = system.settings().config().getConfig("agora.inference");
      int maxBatch = inference.getInt("max-batch");
      Provider provider = Provider.parse(inference.getString("provider"));
      Inference.init(system, new RegistryPredictors(models, provider, maxBatch),
          new RegistryPredictors(models, Provider.CPU, maxBatch));
      ctx.spawn(MembershipLog.create(), "membership-log");
      DemoEnsemble.Settings demo = DemoEnsemble.Settings.fromConfig(system.settings().config());
      if (demo.enabled()) {
        ClusterSingleton.get(system).init(SingletonActor.of(DemoEnsemble.create(marketData, demo), "demo-ensemble"));
      }
      started.run();
      return Behaviors.empty();
    });
  }
}
