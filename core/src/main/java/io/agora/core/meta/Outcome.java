package io.agora.core.meta;

/** A {@link Decision}, or none ({@code decision == null}) with the reason why not. */
public record Outcome(Decision decision, String reason) {

  static Outcome none(String reason) {
    return new Outcome(null, reason);
  }

  static Outcome of(Decision d) {
    return new Outcome(d, d.reason());
  }

  public boolean isNone() {
    return decision == null;
  }

  /** The direction decided, null for none. */
  public Direction direction() {
    return decision == null ? null : decision.direction();
  }
}
