package io.agora.core.strategy;

import io.agora.core.strategy.builtin.SignalsFileStrategy;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/** Strategies by name, with their declared parameters, so that commands and the API can create them. */
public final class StrategyRegistry {

  /** A registered strategy kind. */
  public record Entry(String name, String description, List<ParameterSpec> parameters, Function<StrategyParameters, Strategy> factory) {}

  private final Map<String, Entry> entries = new LinkedHashMap<>();

  /** The built-in strategies and those of every {@link StrategyProvider} on the class path. */
  public static StrategyRegistry builtin() {
    StrategyRegistry r = new StrategyRegistry();
    r.register(new Entry(SignalsFileStrategy.NAME, "reads precomputed signals from <signals_dir>/<PAIR>-<timeframe>.csv",
        SignalsFileStrategy.PARAMETERS, SignalsFileStrategy::new));
    io.agora.core.strategy.builtin.Builtins.registerAll(r);
    for (StrategyProvider p : java.util.ServiceLoader.load(StrategyProvider.class, StrategyRegistry.class.getClassLoader())) {
      p.register(r);
    }
    return r;
  }

  public StrategyRegistry register(Entry e) {
    entries.put(key(e.name()), e);
    return this;
  }

  public List<Entry> entries() {
    return new ArrayList<>(entries.values());
  }

  public Entry entry(String name) {
    Entry e = entries.get(key(name));
    if (e == null) {
      throw new IllegalArgumentException("unknown strategy '" + name + "'; available: "
          + entries.values().stream().map(Entry::name).toList());
    }
    return e;
  }

  /** Creates a strategy with validated parameters (unknown or invalid ones are errors naming them). */
  public Strategy create(String name, Map<String, String> params) {
    Entry e = entry(name);
    return e.factory().apply(StrategyParameters.bind(e.name(), e.parameters(), params));
  }

  private static String key(String name) {
    return name.toLowerCase(Locale.ROOT).replace("_", "").replace("-", "");
  }
}
