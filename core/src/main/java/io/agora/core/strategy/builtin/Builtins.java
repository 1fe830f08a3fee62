package io.agora.core.strategy.builtin;

import io.agora.core.strategy.StrategyRegistry;

/** Registers the indicator-based built-in strategies. */
public final class Builtins {
  private Builtins() {}

  public static void registerAll(StrategyRegistry registry) {
    // Indicator strategies are registered here as they are added.
  }
}
