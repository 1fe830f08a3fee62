package io.agora.core.ensemble;

import io.agora.core.strategy.ParameterSpec;
import io.agora.core.strategy.StrategyRegistry;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The parameter sets of an ensemble: the cartesian product of a grid ({@code {param: [values]}}, every value checked
 * against the strategy's declared {@link ParameterSpec}) or {@code n} seeded random samples of the declared ranges.
 * Parameters left out keep their defaults. Errors are {@link EnsembleSpecException}s naming the field.
 */
public final class ParameterSets {
  private ParameterSets() {}

  /**
   * The grid's combinations in row-major order (the first parameter varies slowest).
   *
   * @param cap most combinations allowed
   */
  public static List<Map<String, String>> grid(StrategyRegistry.Entry strategy, Map<String, List<String>> grid,
      int cap) {
    if (grid == null || grid.isEmpty()) throw new EnsembleSpecException("grid", "grid must name at least one parameter");
    Map<String, List<String>> axes = new LinkedHashMap<>();
    long combos = 1;
    for (Map.Entry<String, List<String>> e : grid.entrySet()) {
      String field = "grid." + e.getKey();
      ParameterSpec spec = spec(strategy, e.getKey(), field);
      List<String> values = e.getValue();
      if (values == null || values.isEmpty()) throw new EnsembleSpecException(field, field + " must list at least one value");
      LinkedHashSet<String> canonical = new LinkedHashSet<>();
      for (String v : values) {
        if (v == null) throw new EnsembleSpecException(field, field + " must not hold null");
        canonical.add(canonical(spec, v, field));
      }
      axes.put(spec.name(), List.copyOf(canonical));
      combos *= canonical.size();
      if (combos > cap) {
        throw new EnsembleSpecException("grid", "the grid has more than " + cap + " combinations (the cap, "
            + "agora.research.max-combinations)");
      }
    }
    List<Map<String, String>> out = new ArrayList<>((int) combos);
    expand(new ArrayList<>(axes.entrySet()), 0, new LinkedHashMap<>(), out);
    return out;
  }

  private static void expand(List<Map.Entry<String, List<String>>> axes, int k, LinkedHashMap<String, String> cur,
      List<Map<String, String>> out) {
    if (k == axes.size()) {
      out.add(Map.copyOf(cur));
      return;
    }
    Map.Entry<String, List<String>> axis = axes.get(k);
    for (String v : axis.getValue()) {
      cur.put(axis.getKey(), v);
      expand(axes, k + 1, cur, out);
    }
    cur.remove(axis.getKey());
  }

  /**
   * {@code n} random parameter sets drawn uniformly from the declared ranges (integers over [min, max], decimals on
   * their step grid when they declare one, booleans and choices uniformly); parameters without a range keep their
   * defaults. The same seed gives the same sets.
   */
  public static List<Map<String, String>> samples(StrategyRegistry.Entry strategy, int n, long seed, int cap) {
    return samples(strategy, n, seed, cap, set -> true);
  }

  /**
   * As {@link #samples(StrategyRegistry.Entry, int, long, int)}, drawing again when {@code valid} refuses a set (a
   * strategy's own constraint such as {@code fast < slow}); gives up after {@code 100 × n} draws.
   */
  public static List<Map<String, String>> samples(StrategyRegistry.Entry strategy, int n, long seed, int cap,
      java.util.function.Predicate<Map<String, String>> valid) {
    if (n < 1) throw new EnsembleSpecException("samples", "samples must be >= 1");
    if (n > cap) {
      throw new EnsembleSpecException("samples", "samples must be at most " + cap + " (agora.research.max-combinations)");
    }
    SplittableRandom rnd = new SplittableRandom(seed);
    List<Map<String, String>> out = new ArrayList<>(n);
    long attempts = 0;
    while (out.size() < n) {
      if (++attempts > 100L * n) {
        throw new EnsembleSpecException("samples", "only " + out.size() + " of " + n + " random parameter sets of "
            + strategy.name() + " were valid after " + (attempts - 1) + " draws");
      }
      Map<String, String> set = new LinkedHashMap<>();
      for (ParameterSpec s : strategy.parameters()) {
        String v = draw(s, rnd);
        if (v != null) set.put(s.name(), v);
      }
      Map<String, String> frozen = Map.copyOf(set);
      if (valid.test(frozen)) out.add(frozen);
    }
    return out;
  }

  private static String draw(ParameterSpec s, SplittableRandom rnd) {
    boolean bounded = !Double.isNaN(s.min()) && !Double.isNaN(s.max());
    return switch (s.type()) {
      case INT -> bounded ? Long.toString(rnd.nextLong((long) s.min(), (long) s.max() + 1)) : null;
      case DECIMAL -> {
        if (!bounded) yield null;
        if (!Double.isNaN(s.step()) && s.step() > 0) {
          long steps = (long) Math.floor((s.max() - s.min()) / s.step() + 1e-9);
          double v = s.min() + rnd.nextLong(steps + 1) * s.step();
          yield Double.toString(Math.min(s.max(), round(v)));
        }
        yield Double.toString(s.min() + rnd.nextDouble() * (s.max() - s.min()));
      }
      // a sample never switches a strategy to shorts or other modes behind the caller's back
      case BOOLEAN -> null;
      case CHOICE -> s.choices().isEmpty() ? null : s.choices().get(rnd.nextInt(s.choices().size()));
      case STRING -> null;
    };
  }

  private static double round(double v) {
    return Math.round(v * 1e9) / 1e9;
  }

  /** The declared parameter, or an error naming {@code field}. */
  static ParameterSpec spec(StrategyRegistry.Entry strategy, String name, String field) {
    for (ParameterSpec s : strategy.parameters()) if (s.name().equals(name)) return s;
    throw new EnsembleSpecException(field, "strategy " + strategy.name() + " has no parameter '" + name
        + "'; its parameters are " + strategy.parameters().stream().map(ParameterSpec::name).toList());
  }

  /** The value checked against its declaration (type, range, choices), in a canonical spelling. */
  private static String canonical(ParameterSpec spec, String value, String field) {
    Object parsed;
    try {
      parsed = spec.parse(value);
    } catch (IllegalArgumentException e) {
      throw new EnsembleSpecException(field, e.getMessage());
    }
    return parsed.toString();
  }
}
