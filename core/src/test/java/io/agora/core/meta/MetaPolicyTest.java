package io.agora.core.meta;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MetaPolicyTest {
  private static final String PAIR = "BTC/USDT";
  private static final long MIN = 60_000;
  private static final long T = 1_000 * MIN;
  private static final long HOUR = 60 * MIN;
  private static final List<String> ABC = List.of("a", "b", "c");

  private static MetaConfig cfg(Policy p, List<String> members, double threshold, ConflictRule rule) {
    return new MetaConfig(p, members, threshold, 10 * MIN, HOUR, rule);
  }

  private static Intent in(String s, Direction d, long time) {
    return new Intent(s, PAIR, d, 1.0, time);
  }

  private static Outcome decide(MetaConfig c, List<Intent> intents) {
    return MetaPolicy.decide(c, PAIR, intents, Map.of(), T);
  }

  private static Map<String, PerformanceScore> scores(Object... idReturn) {
    Map<String, PerformanceScore> m = new HashMap<>();
    for (int i = 0; i < idReturn.length; i += 2) {
      m.put((String) idReturn[i], PerformanceScore.ZERO.plus((Double) idReturn[i + 1], T, HOUR));
    }
    return m;
  }

  // --- unanimous ------------------------------------------------------------------------------------------

  @Test
  void unanimousAgreesOrNothing() {
    MetaConfig c = cfg(Policy.UNANIMOUS, ABC, 1.0, ConflictRule.NO_TRADE);
    Outcome all = decide(c, List.of(in("a", Direction.LONG, T), in("b", Direction.LONG, T), in("c", Direction.LONG, T)));
    assertEquals(new Decision(PAIR, Direction.LONG, 1.0, ABC, all.reason()), all.decision());
    assertTrue(all.reason().startsWith("unanimous"), all.reason());

    Outcome split = decide(c, List.of(in("a", Direction.LONG, T), in("b", Direction.LONG, T), in("c", Direction.FLAT, T)));
    assertTrue(split.isNone());
    assertTrue(split.reason().contains("not unanimous"), split.reason());
  }

  @Test
  void unanimousNeedsTheQuorum() {
    List<Intent> two = List.of(in("a", Direction.SHORT, T), in("b", Direction.SHORT, T));
    Outcome strict = decide(cfg(Policy.UNANIMOUS, ABC, 1.0, ConflictRule.NO_TRADE), two);
    assertTrue(strict.isNone());
    assertTrue(strict.reason().contains("quorum"), strict.reason());

    Outcome loose = decide(cfg(Policy.UNANIMOUS, ABC, 0.6, ConflictRule.NO_TRADE), two);
    assertEquals(Direction.SHORT, loose.direction());
    assertEquals(2.0 / 3, loose.decision().confidence(), 1e-12);
    assertEquals(List.of("a", "b"), loose.decision().contributors());
  }

  // --- majority -------------------------------------------------------------------------------------------

  @Test
  void majorityNeedsMoreThanHalf() {
    MetaConfig c = cfg(Policy.MAJORITY, ABC, 0.5, ConflictRule.NO_TRADE);
    Outcome two = decide(c, List.of(in("a", Direction.EXIT, T), in("b", Direction.EXIT, T), in("c", Direction.FLAT, T)));
    assertEquals(Direction.EXIT, two.direction());
    assertEquals(List.of("a", "b"), two.decision().contributors());
    assertEquals(2.0 / 3, two.decision().confidence(), 1e-12);
  }

  @Test
  void majorityTieIsNoAction() {
    MetaConfig c = cfg(Policy.MAJORITY, List.of("a", "b", "c", "d"), 0.5, ConflictRule.NO_TRADE);
    Outcome tie = decide(c, List.of(in("a", Direction.FLAT, T), in("b", Direction.FLAT, T),
        in("c", Direction.EXIT, T), in("d", Direction.EXIT, T)));
    assertTrue(tie.isNone());
    assertTrue(tie.reason().contains("no majority"), tie.reason());
  }

  @Test
  void longAgainstShortIsNoTradeUnlessThePolicyDecides() {
    List<Intent> votes = List.of(in("a", Direction.LONG, T), in("b", Direction.LONG, T), in("c", Direction.SHORT, T));
    Outcome noTrade = decide(cfg(Policy.MAJORITY, ABC, 0.5, ConflictRule.NO_TRADE), votes);
    assertTrue(noTrade.isNone());
    assertTrue(noTrade.reason().startsWith("conflict"), noTrade.reason());

    Outcome decided = decide(cfg(Policy.MAJORITY, ABC, 0.5, ConflictRule.POLICY_DECIDES), votes);
    assertEquals(Direction.LONG, decided.direction());
  }

  // --- duplicates, staleness, membership --------------------------------------------------------------------

  @Test
  void aRepeatedIntentCountsOnce() {
    // a repeats LONG three times for the same candle: still one vote of three, so no majority of LONG
    MetaConfig c = cfg(Policy.MAJORITY, ABC, 0.5, ConflictRule.POLICY_DECIDES);
    Outcome o = decide(c, List.of(in("a", Direction.LONG, T), in("a", Direction.LONG, T), in("a", Direction.LONG, T),
        in("b", Direction.FLAT, T), in("c", Direction.EXIT, T)));
    assertTrue(o.isNone(), o.reason());

    // the first intent for a candle counts, a newer candle replaces it
    Outcome first = decide(c, List.of(in("a", Direction.FLAT, T), in("a", Direction.LONG, T), in("b", Direction.FLAT, T)));
    assertEquals(Direction.FLAT, first.direction());
    assertEquals(List.of("a", "b"), first.decision().contributors());
    Outcome newer = decide(c, List.of(in("a", Direction.FLAT, T - MIN), in("a", Direction.LONG, T),
        in("b", Direction.LONG, T)));
    assertEquals(Direction.LONG, newer.direction());
  }

  @Test
  void staleIntentsAreIgnored() {
    MetaConfig c = cfg(Policy.UNANIMOUS, ABC, 0.5, ConflictRule.NO_TRADE);
    // c's SHORT is 11 minutes old (max age 10): ignored, so a and b are unanimous
    Outcome o = decide(c, List.of(in("a", Direction.LONG, T), in("b", Direction.LONG, T - 10 * MIN),
        in("c", Direction.SHORT, T - 11 * MIN)));
    assertEquals(Direction.LONG, o.direction());
    assertEquals(List.of("a", "b"), o.decision().contributors());

    Outcome allStale = decide(c, List.of(in("a", Direction.LONG, T - 20 * MIN)));
    assertTrue(allStale.isNone());
    assertTrue(allStale.reason().contains("no fresh intent"), allStale.reason());
  }

  @Test
  void otherPairsAndNonMembersDoNotVote() {
    MetaConfig c = cfg(Policy.UNANIMOUS, List.of("a"), 1.0, ConflictRule.NO_TRADE);
    Outcome o = decide(c, List.of(in("a", Direction.LONG, T), in("x", Direction.SHORT, T),
        new Intent("a", "ETH/USDT", Direction.SHORT, 1, T)));
    assertEquals(Direction.LONG, o.direction());
    assertEquals(List.of("a"), o.decision().contributors());
  }

  // --- weighted -------------------------------------------------------------------------------------------

  @Test
  void weightsAreDecayedFlooredAndNormalised() {
    MetaConfig c = cfg(Policy.WEIGHTED, ABC, 0.5, ConflictRule.NO_TRADE);
    Map<String, PerformanceScore> s = new HashMap<>();
    s.put("a", PerformanceScore.ZERO.plus(0.04, T - HOUR, HOUR)); // one half-life old: 0.02
    s.put("b", PerformanceScore.ZERO.plus(0.02, T, HOUR).plus(0.04, T - HOUR, HOUR)); // 0.02 + 0.02, order-free
    s.put("c", PerformanceScore.ZERO.plus(-0.5, T, HOUR)); // floored at 0
    Map<String, Double> w = MetaPolicy.weights(c, s, T);
    assertEquals(1.0 / 3, w.get("a"), 1e-12);
    assertEquals(2.0 / 3, w.get("b"), 1e-12);
    assertEquals(0.0, w.get("c"), 0);
    assertEquals(0.04, PerformanceScore.ZERO.plus(0.04, T - HOUR, HOUR).plus(0.02, T, HOUR).valueAt(T, HOUR), 1e-12);
    assertTrue(MetaPolicy.weights(c, Map.of(), T).isEmpty());
  }

  @Test
  void weightedVotePassesTheThreshold() {
    MetaConfig c = cfg(Policy.WEIGHTED, ABC, 0.6, ConflictRule.NO_TRADE);
    Map<String, PerformanceScore> s = scores("a", 0.06, "b", 0.03, "c", 0.01); // weights 0.6, 0.3, 0.1
    List<Intent> votes = List.of(in("a", Direction.LONG, T), in("b", Direction.FLAT, T), in("c", Direction.FLAT, T));
    Outcome o = MetaPolicy.decide(c, PAIR, votes, s, T);
    assertEquals(Direction.LONG, o.direction()); // one strong strategy outweighs two weak ones
    assertEquals(0.6, o.decision().confidence(), 1e-12);
    assertEquals(List.of("a"), o.decision().contributors());

    // strength scales the weight: a at 0.9 gives 0.54 < 0.6
    List<Intent> weaker = List.of(new Intent("a", PAIR, Direction.LONG, 0.9, T), in("b", Direction.FLAT, T));
    Outcome below = MetaPolicy.decide(c, PAIR, weaker, s, T);
    assertTrue(below.isNone());
    assertTrue(below.reason().contains("below"), below.reason());
  }

  @Test
  void weightedTieAndNoPerformanceAreNoAction() {
    MetaConfig c = cfg(Policy.WEIGHTED, List.of("a", "b"), 0.3, ConflictRule.POLICY_DECIDES);
    List<Intent> votes = List.of(in("a", Direction.LONG, T), in("b", Direction.SHORT, T));
    Outcome tie = MetaPolicy.decide(c, PAIR, votes, scores("a", 0.02, "b", 0.02), T);
    assertTrue(tie.isNone());
    assertTrue(tie.reason().contains("tie"), tie.reason());
    assertEquals(Direction.SHORT, MetaPolicy.decide(c, PAIR, votes, scores("a", 0.01, "b", 0.03), T).direction());

    Outcome none = MetaPolicy.decide(c, PAIR, votes, scores("a", -0.01), T);
    assertTrue(none.isNone());
    assertTrue(none.reason().contains("positive"), none.reason());

    MetaConfig noTrade = cfg(Policy.WEIGHTED, List.of("a", "b"), 0.3, ConflictRule.NO_TRADE);
    assertTrue(MetaPolicy.decide(noTrade, PAIR, votes, scores("a", 0.01, "b", 0.03), T).reason().startsWith("conflict"));
  }

  // --- configuration --------------------------------------------------------------------------------------

  @Test
  void badConfigurationIsExplained() {
    assertTrue(cfg(Policy.MAJORITY, ABC, 0.5, ConflictRule.NO_TRADE).problems().isEmpty());
    assertEquals(List.of("threshold must be in (0, 1], was 1.5"),
        cfg(Policy.MAJORITY, ABC, 1.5, ConflictRule.NO_TRADE).problems());
    assertEquals(List.of("threshold must be in (0, 1], was 0.0"),
        cfg(Policy.MAJORITY, ABC, 0, ConflictRule.NO_TRADE).problems());
    assertEquals(List.of("member a is listed twice"),
        cfg(Policy.MAJORITY, List.of("a", "a"), 0.5, ConflictRule.NO_TRADE).problems());
    assertEquals(List.of("at least one member is required"),
        cfg(Policy.MAJORITY, List.of(), 0.5, ConflictRule.NO_TRADE).problems());
    assertEquals(List.of("policy is required", "max intent age must be > 0 ms, was 0"),
        new MetaConfig(null, ABC, 0.5, 0, HOUR, ConflictRule.NO_TRADE).problems());
    assertNull(in("a", Direction.LONG, T).problem());
    assertEquals("strength must be in [0, 1], was 1.5", new Intent("a", PAIR, Direction.LONG, 1.5, T).problem());
  }
}
