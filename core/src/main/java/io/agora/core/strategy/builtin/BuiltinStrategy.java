package io.agora.core.strategy.builtin;

import io.agora.core.strategy.Strategy;
import java.util.List;
import java.util.Map;

/** What the indicator built-ins share: fixed name, short flag, startup, default settings and indicator columns. */
abstract class BuiltinStrategy implements Strategy {
  private final String name;
  private final boolean canShort;
  private final int startup;
  private final Map<String, Object> defaults;
  private final List<String> columns;

  BuiltinStrategy(String name, boolean canShort, int startup, Map<String, Object> defaults, List<String> columns) {
    this.name = name;
    this.canShort = canShort;
    this.startup = startup;
    this.defaults = defaults;
    this.columns = columns;
  }

  @Override
  public final String name() {
    return name;
  }

  @Override
  public final boolean canShort() {
    return canShort;
  }

  @Override
  public final int startupCandleCount() {
    return startup;
  }

  @Override
  public final Map<String, Object> defaults() {
    return defaults;
  }

  @Override
  public final List<String> indicatorColumns() {
    return columns;
  }
}
