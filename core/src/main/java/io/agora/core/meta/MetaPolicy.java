package io.agora.core.meta;

import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Combines the intents of an ensemble for one pair into a {@link Decision}. Pure and deterministic: the same
 * configuration, intents, scores and {@code now} give the same outcome, which is what lets an agent persist only
 * its inputs and reproduce its decisions.
 *
 * <p><b>Votes.</b> Only members' intents for the pair count. A strategy votes once: of several intents the newest
 * counts, and of several for the same candle the first one. Intents older than {@code now - maxIntentAgeMillis}
 * are stale and ignored. The strategies left are the voters.
 *
 * <p><b>Conflicts.</b> With {@link ConflictRule#NO_TRADE}, a LONG voter and a SHORT voter together mean no
 * decision, whatever the policy.
 *
 * <p><b>Policies.</b> {@link Policy#UNANIMOUS}: all voters agree and {@code voters / members >= threshold}.
 * {@link Policy#MAJORITY}: one direction has more than half of the voters (a tie is none) and the quorum holds;
 * confidence for both is {@code agreeing / members}. {@link Policy#WEIGHTED}: member weights are their
 * {@link PerformanceScore}s decayed to {@code now}, floored at 0 and normalised over the members; a direction's
 * support is the sum of {@code weight × strength} of its voters; the best direction wins when its support is
 * {@code >= threshold} and strictly larger than every other's; with no positive score there is no decision.
 */
public final class MetaPolicy {
  /** Supports closer than this are a tie (normalised weights are not exact). */
  private static final double TIE = 1e-12;

  private MetaPolicy() {}

  public static Outcome decide(MetaConfig cfg, String pair, Collection<Intent> intents,
      Map<String, PerformanceScore> scores, long now) {
    Map<String, Intent> voters = voters(cfg, pair, intents, now);
    if (voters.isEmpty()) return Outcome.none("no fresh intent from a member");
    Map<Direction, List<String>> byDirection = new EnumMap<>(Direction.class);
    for (Intent i : voters.values()) {
      byDirection.computeIfAbsent(i.direction(), d -> new ArrayList<>()).add(i.strategyId());
    }
    if (cfg.onConflict() == ConflictRule.NO_TRADE
        && byDirection.containsKey(Direction.LONG) && byDirection.containsKey(Direction.SHORT)) {
      return Outcome.none("conflict: " + byDirection.get(Direction.LONG) + " LONG against "
          + byDirection.get(Direction.SHORT) + " SHORT");
    }
    int members = cfg.members().size();
    switch (cfg.policy()) {
      case UNANIMOUS: {
        if (byDirection.size() > 1) return Outcome.none("not unanimous: " + byDirection);
        double quorum = (double) voters.size() / members;
        if (quorum < cfg.threshold()) return Outcome.none(quorumMessage(voters.size(), members, cfg.threshold()));
        Map.Entry<Direction, List<String>> only = byDirection.entrySet().iterator().next();
        return Outcome.of(new Decision(pair, only.getKey(), quorum, only.getValue(),
            "unanimous: " + voters.size() + " of " + members + " members " + only.getKey()));
      }
      case MAJORITY: {
        double quorum = (double) voters.size() / members;
        if (quorum < cfg.threshold()) return Outcome.none(quorumMessage(voters.size(), members, cfg.threshold()));
        for (Map.Entry<Direction, List<String>> e : byDirection.entrySet()) {
          int n = e.getValue().size();
          if (2 * n > voters.size()) {
            return Outcome.of(new Decision(pair, e.getKey(), (double) n / members, e.getValue(),
                "majority: " + n + " of " + voters.size() + " voters " + e.getKey()));
          }
        }
        return Outcome.none("no majority among " + voters.size() + " voters: " + byDirection);
      }
      case WEIGHTED:
        return weighted(cfg, pair, voters, byDirection, weights(cfg, scores, now));
      default:
        throw new IllegalArgumentException("unknown policy " + cfg.policy());
    }
  }

  /** Each member's weight at {@code now}: its decayed score floored at 0, normalised to sum 1; empty if none > 0. */
  public static Map<String, Double> weights(MetaConfig cfg, Map<String, PerformanceScore> scores, long now) {
    Map<String, Double> raw = new TreeMap<>();
    double sum = 0;
    for (String m : cfg.members()) {
      double v = Math.max(0, scores.getOrDefault(m, PerformanceScore.ZERO).valueAt(now, cfg.halfLifeMillis()));
      raw.put(m, v);
      sum += v;
    }
    if (!(sum > 0)) return Map.of();
    Map<String, Double> w = new TreeMap<>();
    for (Map.Entry<String, Double> e : raw.entrySet()) w.put(e.getKey(), e.getValue() / sum);
    return w;
  }

  /** The strategies that vote at {@code now}, by id: one fresh intent each, for members only. */
  static Map<String, Intent> voters(MetaConfig cfg, String pair, Collection<Intent> intents, long now) {
    Map<String, Intent> latest = new TreeMap<>();
    long oldest = now - cfg.maxIntentAgeMillis();
    for (Intent i : intents) {
      if (!pair.equals(i.pair()) || !cfg.isMember(i.strategyId()) || i.problem() != null) continue;
      if (i.time() < oldest || i.time() > now) continue;
      Intent seen = latest.get(i.strategyId());
      if (seen == null || i.time() > seen.time()) latest.put(i.strategyId(), i); // same candle: the first counts
    }
    return latest;
  }

  private static Outcome weighted(MetaConfig cfg, String pair, Map<String, Intent> voters,
      Map<Direction, List<String>> byDirection, Map<String, Double> weights) {
    if (weights.isEmpty()) return Outcome.none("no member has a positive recent performance");
    Map<Direction, Double> support = new EnumMap<>(Direction.class);
    for (Intent i : voters.values()) {
      support.merge(i.direction(), weights.getOrDefault(i.strategyId(), 0.0) * i.strength(), Double::sum);
    }
    Direction best = null;
    double bestSupport = 0;
    boolean tie = false;
    for (Map.Entry<Direction, Double> e : support.entrySet()) {
      if (e.getValue() > bestSupport + TIE) {
        best = e.getKey();
        bestSupport = e.getValue();
        tie = false;
      } else if (best != null && Math.abs(e.getValue() - bestSupport) <= TIE) {
        tie = true;
      }
    }
    if (best == null) return Outcome.none("no weighted support: voters have zero weight or strength");
    if (tie) return Outcome.none("weighted tie at " + bestSupport + ": " + support);
    if (bestSupport < cfg.threshold()) {
      return Outcome.none("weighted support " + bestSupport + " for " + best + " is below " + cfg.threshold());
    }
    List<String> contributors = new ArrayList<>();
    for (String s : byDirection.get(best)) if (weights.getOrDefault(s, 0.0) > 0) contributors.add(s);
    return Outcome.of(new Decision(pair, best, bestSupport, contributors,
        "weighted: support " + bestSupport + " for " + best + " >= " + cfg.threshold()));
  }

  private static String quorumMessage(int voters, int members, double threshold) {
    return "quorum not met: " + voters + " of " + members + " members voted, " + threshold + " needed";
  }
}
