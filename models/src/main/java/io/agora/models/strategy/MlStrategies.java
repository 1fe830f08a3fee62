package io.agora.models.strategy;

import io.agora.core.strategy.StrategyProvider;
import io.agora.core.strategy.StrategyRegistry;

/** Adds the ML strategies to {@link StrategyRegistry#builtin()} (listed in META-INF/services). */
public final class MlStrategies implements StrategyProvider {
  @Override
  public void register(StrategyRegistry registry) {
    registry.register(new StrategyRegistry.Entry(MlStrategy.NAME,
        "enters when a registry model's probability passes a threshold (FreqAI-like; see 'agora train')",
        MlStrategy.PARAMETERS, MlStrategy::new));
  }
}
