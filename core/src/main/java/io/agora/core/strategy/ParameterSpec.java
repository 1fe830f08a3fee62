package io.agora.core.strategy;

import java.util.List;
import java.util.Locale;

/**
 * A declared strategy parameter: name, type, default and range (the range drives grid and random search).
 *
 * @param min inclusive lower bound for numbers (NaN when unbounded)
 * @param max inclusive upper bound for numbers (NaN when unbounded)
 * @param step grid step for numbers (NaN: the searcher chooses)
 * @param choices allowed values for {@link Type#CHOICE}
 */
public record ParameterSpec(
    String name, Type type, Object defaultValue, double min, double max, double step, List<String> choices, String description) {

  public enum Type {
    INT,
    DECIMAL,
    BOOLEAN,
    CHOICE,
    STRING
  }

  public ParameterSpec {
    choices = choices == null ? List.of() : List.copyOf(choices);
  }

  public static ParameterSpec integer(String name, int def, int min, int max, String description) {
    return new ParameterSpec(name, Type.INT, def, min, max, 1, List.of(), description);
  }

  public static ParameterSpec decimal(String name, double def, double min, double max, double step, String description) {
    return new ParameterSpec(name, Type.DECIMAL, def, min, max, step, List.of(), description);
  }

  public static ParameterSpec bool(String name, boolean def, String description) {
    return new ParameterSpec(name, Type.BOOLEAN, def, Double.NaN, Double.NaN, Double.NaN, List.of(), description);
  }

  public static ParameterSpec choice(String name, String def, List<String> choices, String description) {
    return new ParameterSpec(name, Type.CHOICE, def, Double.NaN, Double.NaN, Double.NaN, choices, description);
  }

  public static ParameterSpec string(String name, String def, String description) {
    return new ParameterSpec(name, Type.STRING, def, Double.NaN, Double.NaN, Double.NaN, List.of(), description);
  }

  /** Parses and validates a textual value (from {@code --param key=value} or JSON) into this parameter's type. */
  public Object parse(String text) {
    if (text == null) throw new IllegalArgumentException("parameter '" + name + "' has no value");
    String t = text.trim();
    switch (type) {
      case INT -> {
        long v;
        try {
          v = Long.parseLong(t);
        } catch (NumberFormatException e) {
          throw new IllegalArgumentException("parameter '" + name + "' must be an integer, got '" + text + "'");
        }
        checkRange(v);
        return (int) v;
      }
      case DECIMAL -> {
        double v;
        try {
          v = Double.parseDouble(t);
        } catch (NumberFormatException e) {
          throw new IllegalArgumentException("parameter '" + name + "' must be a number, got '" + text + "'");
        }
        if (!Double.isFinite(v)) throw new IllegalArgumentException("parameter '" + name + "' must be finite, got '" + text + "'");
        checkRange(v);
        return v;
      }
      case BOOLEAN -> {
        String l = t.toLowerCase(Locale.ROOT);
        if (l.equals("true") || l.equals("1") || l.equals("yes")) return true;
        if (l.equals("false") || l.equals("0") || l.equals("no")) return false;
        throw new IllegalArgumentException("parameter '" + name + "' must be true or false, got '" + text + "'");
      }
      case CHOICE -> {
        if (!choices.contains(t)) {
          throw new IllegalArgumentException("parameter '" + name + "' must be one of " + choices + ", got '" + text + "'");
        }
        return t;
      }
      default -> {
        return t;
      }
    }
  }

  private void checkRange(double v) {
    if ((!Double.isNaN(min) && v < min) || (!Double.isNaN(max) && v > max)) {
      throw new IllegalArgumentException(
          "parameter '" + name + "' = " + v + " is outside its range [" + fmt(min) + ", " + fmt(max) + "]");
    }
  }

  private static String fmt(double d) {
    return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
  }
}
