package io.agora.core.meta;

/** What happens when fresh intents want both LONG and SHORT. */
public enum ConflictRule {
  /** Any LONG against any SHORT is no trade. */
  NO_TRADE,
  /** The policy's count decides (a majority, or the larger weighted support). */
  POLICY_DECIDES
}
