package io.agora.agents;

import org.apache.pekko.persistence.typed.javadsl.RetentionCriteria;

/** How often the agents whose state is large snapshot it. */
public final class Snapshots {

  /**
   * Events between snapshots of the execution, risk and capital agents. Their state holds tens of kilobytes (held
   * orders, the ids that keep their commands idempotent): a snapshot every 100 events wrote about as many bytes per
   * event as the events themselves, in bursts when many accounts trade in step; at 500 a recovery still replays at
   * most 500 events (tens of milliseconds).
   */
  public static final int LARGE_STATE_EVERY = 500;

  private Snapshots() {}

  /** A snapshot every {@link #LARGE_STATE_EVERY} events, the last two kept; events are kept (the audit trail). */
  public static RetentionCriteria largeState() {
    return RetentionCriteria.snapshotEvery(LARGE_STATE_EVERY, 2);
  }
}
