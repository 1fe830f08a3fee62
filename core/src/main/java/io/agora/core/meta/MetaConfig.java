package io.agora.core.meta;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * How an ensemble decides. {@code threshold} is in (0, 1]: the quorum (share of members with a fresh intent) for
 * {@link Policy#UNANIMOUS} and {@link Policy#MAJORITY}, the weighted support of the winning direction for
 * {@link Policy#WEIGHTED}. Intents older than {@code maxIntentAgeMillis} before the pair's newest intent are stale.
 * Realised returns decay with {@code halfLifeMillis}.
 */
public record MetaConfig(Policy policy, List<String> members, double threshold, long maxIntentAgeMillis,
    long halfLifeMillis, ConflictRule onConflict) {

  public MetaConfig {
    members = members == null ? null : List.copyOf(members);
  }

  /** What is wrong with this configuration, empty when it can be used. */
  public List<String> problems() {
    List<String> p = new ArrayList<>();
    if (policy == null) p.add("policy is required");
    if (onConflict == null) p.add("conflict rule is required");
    if (members == null || members.isEmpty()) {
      p.add("at least one member is required");
    } else {
      Set<String> seen = new HashSet<>();
      for (String m : members) {
        if (m == null || m.isBlank()) p.add("member ids must not be blank");
        else if (!seen.add(m)) p.add("member " + m + " is listed twice");
      }
    }
    if (!(threshold > 0 && threshold <= 1)) p.add("threshold must be in (0, 1], was " + threshold);
    if (maxIntentAgeMillis <= 0) p.add("max intent age must be > 0 ms, was " + maxIntentAgeMillis);
    if (halfLifeMillis <= 0) p.add("half-life must be > 0 ms, was " + halfLifeMillis);
    return p;
  }

  public boolean isMember(String strategyId) {
    return members.contains(strategyId);
  }
}
