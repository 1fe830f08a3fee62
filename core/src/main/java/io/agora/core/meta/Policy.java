package io.agora.core.meta;

/** How the intents of an ensemble are combined; see {@link MetaPolicy}. */
public enum Policy {
  /** Every voting member wants the same direction; the threshold is the quorum (voters / members). */
  UNANIMOUS,
  /** More than half of the voting members want the same direction (a tie is no action); threshold = quorum. */
  MAJORITY,
  /** Members vote with weights from recent performance; the threshold is the weighted support needed. */
  WEIGHTED
}
