package io.agora.core.report;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Typed reads of one strategy's stats block ({@link io.agora.core.metrics.StrategyStats#generate}), for the report
 * renderers. The block may come straight from the generator or back from a JSON file, so numbers are read as any
 * {@link Number} and a key may be missing (older result files lack some).
 */
public final class StatsMap {
  private final Map<String, ?> map;

  private StatsMap(Map<String, ?> map) {
    this.map = Objects.requireNonNull(map, "stats");
  }

  public static StatsMap of(Map<String, ?> stats) {
    return new StatsMap(stats);
  }

  /**
   * The block of {@code strategyName} in a result document {@code {"strategy": {name: stats}, ...}}.
   *
   * @throws IllegalArgumentException when the document has no such strategy
   */
  public static StatsMap strategy(Map<String, ?> result, String strategyName) {
    Object strategies = result.get("strategy");
    if (!(strategies instanceof Map<?, ?> all)) {
      throw new IllegalArgumentException("result document has no \"strategy\" block");
    }
    if (!(all.get(strategyName) instanceof Map<?, ?> stats)) {
      throw new IllegalArgumentException("strategy " + strategyName + " is not in the result; it has " + all.keySet());
    }
    return new StatsMap(cast(stats));
  }

  public boolean has(String key) {
    return map.get(key) != null;
  }

  public Object get(String key) {
    return map.get(key);
  }

  /** The number at {@code key}; NaN when missing or null (the JSON writer turns non-finite numbers into null). */
  public double num(String key) {
    return map.get(key) instanceof Number n ? n.doubleValue() : Double.NaN;
  }

  /** The integer at {@code key}, or {@code fallback} when missing. */
  public long integer(String key, long fallback) {
    return map.get(key) instanceof Number n ? n.longValue() : fallback;
  }

  /** The value at {@code key} as text; {@code fallback} when missing. */
  public String str(String key, String fallback) {
    Object v = map.get(key);
    return v == null ? fallback : v.toString();
  }

  public String stakeCurrency() {
    return str("stake_currency", "");
  }

  /** The list of objects at {@code key} ({@code results_per_pair}, {@code trades}, ...); empty when missing. */
  public List<Map<String, Object>> rows(String key) {
    return rowsOf(map.get(key));
  }

  /** The object at {@code key}, or null when missing. */
  public StatsMap child(String key) {
    return map.get(key) instanceof Map<?, ?> m ? new StatsMap(cast(m)) : null;
  }

  /** A list of JSON objects, skipping anything else; empty for a non-list. */
  public static List<Map<String, Object>> rowsOf(Object value) {
    if (!(value instanceof List<?> list)) return List.of();
    List<Map<String, Object>> out = new ArrayList<>(list.size());
    for (Object o : list) if (o instanceof Map<?, ?> m) out.add(cast(m));
    return Collections.unmodifiableList(out);
  }

  /** A number field of a row; NaN when missing. */
  public static double num(Map<String, ?> row, String key) {
    return row.get(key) instanceof Number n ? n.doubleValue() : Double.NaN;
  }

  /** An integer field of a row; 0 when missing. */
  public static long integer(Map<String, ?> row, String key) {
    return row.get(key) instanceof Number n ? n.longValue() : 0L;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> cast(Map<?, ?> m) {
    return (Map<String, Object>) m;
  }
}
