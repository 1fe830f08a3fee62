package io.agora.models.training;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * One trainer's hyperparameters: the given values over the kind's defaults, parsed eagerly so that a typo or a bad
 * value fails at {@link ModelTrainers#create}, not half-way through a training run.
 */
final class Hyperparameters {
  private final String kind;
  private final Map<String, String> effective;

  private Hyperparameters(String kind, Map<String, String> effective) {
    this.kind = kind;
    this.effective = effective;
  }

  static Hyperparameters of(String kind, Map<String, String> defaults, Map<String, String> given) {
    Map<String, String> merged = new TreeMap<>(defaults);
    if (given != null) {
      Set<String> unknown = new java.util.TreeSet<>(given.keySet());
      unknown.removeAll(defaults.keySet());
      if (!unknown.isEmpty()) {
        throw new IllegalArgumentException(
            "unknown hyperparameter(s) " + unknown + " for " + kind + "; known: " + new TreeMap<>(defaults).keySet());
      }
      given.forEach((k, v) -> {
        if (v == null || v.isBlank()) {
          throw new IllegalArgumentException("hyperparameter " + k + " of " + kind + " has no value");
        }
        merged.put(k, v.trim());
      });
    }
    return new Hyperparameters(kind, merged);
  }

  /** What the trainer runs with, defaults included: goes on the model card. */
  Map<String, String> effective() {
    return Map.copyOf(effective);
  }

  int positiveInt(String key) {
    String raw = effective.get(key);
    try {
      int v = Integer.parseInt(raw);
      if (v > 0) {
        return v;
      }
    } catch (NumberFormatException e) {
      // reported below with the key's name
    }
    throw bad(key, raw, "a positive integer");
  }

  double positiveDouble(String key) {
    String raw = effective.get(key);
    try {
      double v = Double.parseDouble(raw);
      if (v > 0 && Double.isFinite(v)) {
        return v;
      }
    } catch (NumberFormatException e) {
      // reported below with the key's name
    }
    throw bad(key, raw, "a positive finite number");
  }

  double nonNegativeDouble(String key) {
    String raw = effective.get(key);
    try {
      double v = Double.parseDouble(raw);
      if (v >= 0 && Double.isFinite(v)) {
        return v;
      }
    } catch (NumberFormatException e) {
      // reported below with the key's name
    }
    throw bad(key, raw, "a finite number >= 0");
  }

  String choice(String key, Set<String> allowed) {
    String raw = effective.get(key);
    if (!allowed.contains(raw)) {
      throw bad(key, raw, "one of " + new java.util.TreeSet<>(allowed));
    }
    return raw;
  }

  private IllegalArgumentException bad(String key, String raw, String expected) {
    return new IllegalArgumentException(
        "hyperparameter " + key + " of " + kind + " is '" + raw + "': expected " + expected);
  }
}
