package io.agora.core.strategy;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Parameter values of one strategy instance, validated against its declared {@link ParameterSpec}s. */
public final class StrategyParameters {
  private final Map<String, Object> values;

  private StrategyParameters(Map<String, Object> values) {
    this.values = Collections.unmodifiableMap(values);
  }

  /**
   * Binds textual values to the declared parameters: unknown names and invalid values are errors that name the
   * parameter; parameters not given take their defaults.
   */
  public static StrategyParameters bind(String strategy, List<ParameterSpec> specs, Map<String, String> given) {
    Map<String, Object> out = new LinkedHashMap<>();
    for (ParameterSpec s : specs) out.put(s.name(), s.defaultValue());
    for (Map.Entry<String, String> e : given.entrySet()) {
      ParameterSpec spec = specs.stream().filter(s -> s.name().equals(e.getKey())).findFirst().orElse(null);
      if (spec == null) {
        throw new IllegalArgumentException(
            "strategy " + strategy + " has no parameter '" + e.getKey() + "'; its parameters are "
                + specs.stream().map(ParameterSpec::name).toList());
      }
      out.put(spec.name(), spec.parse(e.getValue()));
    }
    return new StrategyParameters(out);
  }

  public Map<String, Object> asMap() {
    return values;
  }

  public int getInt(String name) {
    return ((Number) require(name)).intValue();
  }

  public double getDouble(String name) {
    return ((Number) require(name)).doubleValue();
  }

  public boolean getBoolean(String name) {
    return (Boolean) require(name);
  }

  public String getString(String name) {
    Object v = values.get(name);
    return v == null ? null : v.toString();
  }

  private Object require(String name) {
    Object v = values.get(name);
    if (v == null) throw new IllegalStateException("parameter '" + name + "' has no value");
    return v;
  }

  @Override
  public String toString() {
    return values.toString();
  }
}
