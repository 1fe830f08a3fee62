package io.agora.core.strategy.builtin;

import io.agora.core.strategy.StrategyRegistry;
import io.agora.core.strategy.StrategyRegistry.Entry;

/** Registers the indicator-based built-in strategies. */
public final class Builtins {
  private Builtins() {}

  public static void registerAll(StrategyRegistry registry) {
    registry.register(new Entry(EmaCrossoverStrategy.NAME, "fast/slow EMA crossover",
        EmaCrossoverStrategy.PARAMETERS, EmaCrossoverStrategy::new));
    registry.register(new Entry(RsiMeanReversionStrategy.NAME, "RSI oversold/overbought mean reversion",
        RsiMeanReversionStrategy.PARAMETERS, RsiMeanReversionStrategy::new));
    registry.register(new Entry(BollingerBreakoutStrategy.NAME, "Bollinger band breakout",
        BollingerBreakoutStrategy.PARAMETERS, BollingerBreakoutStrategy::new));
    registry.register(new Entry(MacdTrendStrategy.NAME, "MACD / signal line trend following",
        MacdTrendStrategy.PARAMETERS, MacdTrendStrategy::new));
  }
}
