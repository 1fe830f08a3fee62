package io.agora.launcher;

import io.agora.core.strategy.ParameterSpec;
import io.agora.core.strategy.StrategyRegistry;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code agora strategies}: the built-in strategies and their parameters (types, defaults, ranges). */
@Command(name = "strategies", mixinStandardHelpOptions = true, description = "List the strategies and their parameters.")
public final class StrategiesCommand implements Callable<Integer> {
  @Override
  public Integer call() {
    for (StrategyRegistry.Entry e : StrategyRegistry.builtin().entries()) {
      System.out.println(e.name() + " - " + e.description());
      for (ParameterSpec p : e.parameters()) {
        String range = Double.isNaN(p.min()) ? "" : " [" + fmt(p.min()) + " .. " + fmt(p.max()) + "]";
        if (!p.choices().isEmpty()) range = " " + p.choices();
        System.out.println("    --param " + p.name() + "=" + p.defaultValue() + "  (" + p.type().name().toLowerCase() + range + ") " + p.description());
      }
    }
    return 0;
  }

  private static String fmt(double d) {
    return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
  }
}
