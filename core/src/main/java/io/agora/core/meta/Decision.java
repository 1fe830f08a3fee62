package io.agora.core.meta;

import java.util.List;

/**
 * What the ensemble wants for {@code pair}. {@code confidence} is in [0, 1]: the share of members agreeing
 * (unanimous, majority) or the weighted support (weighted). {@code contributors} are the agreeing strategies, sorted.
 */
public record Decision(String pair, Direction direction, double confidence, List<String> contributors,
    String reason) {

  public Decision {
    contributors = List.copyOf(contributors);
  }
}
