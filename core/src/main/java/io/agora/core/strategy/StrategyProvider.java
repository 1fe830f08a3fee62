package io.agora.core.strategy;

/**
 * Strategies contributed by another module (the ML strategies live in {@code models/}, which core cannot depend
 * on): listed in {@code META-INF/services/io.agora.core.strategy.StrategyProvider} and added to
 * {@link StrategyRegistry#builtin()} by {@link java.util.ServiceLoader}, so that every command, agent and API that
 * creates strategies by name sees them without knowing their module.
 */
public interface StrategyProvider {

  /** Registers this module's strategies. */
  void register(StrategyRegistry registry);
}
