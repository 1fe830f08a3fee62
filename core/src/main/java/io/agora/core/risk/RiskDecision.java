package io.agora.core.risk;

/** The outcome of a risk check: approved, or rejected with a reason a person can read. */
public record RiskDecision(boolean approved, String reason) {
  public static final RiskDecision APPROVED = new RiskDecision(true, null);

  public static RiskDecision rejected(String reason) {
    return new RiskDecision(false, reason);
  }
}
