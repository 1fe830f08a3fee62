package io.agora.agents.meta;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agora.agents.AccountId;
import io.agora.agents.TestConfig;
import io.agora.agents.meta.MetaDecisionAgent.Command;
import io.agora.agents.meta.MetaDecisionAgent.Configure;
import io.agora.agents.meta.MetaDecisionAgent.Configured;
import io.agora.agents.meta.MetaDecisionAgent.DecisionMade;
import io.agora.agents.meta.MetaDecisionAgent.DecisionNotice;
import io.agora.agents.meta.MetaDecisionAgent.DecisionWithdrawn;
import io.agora.agents.meta.MetaDecisionAgent.Event;
import io.agora.agents.meta.MetaDecisionAgent.GetState;
import io.agora.agents.meta.MetaDecisionAgent.IntentOutcome;
import io.agora.agents.meta.MetaDecisionAgent.IntentRecorded;
import io.agora.agents.meta.MetaDecisionAgent.MetaView;
import io.agora.agents.meta.MetaDecisionAgent.PerformanceRecorded;
import io.agora.agents.meta.MetaDecisionAgent.RecordPerformance;
import io.agora.agents.meta.MetaDecisionAgent.State;
import io.agora.agents.meta.MetaDecisionAgent.SubmitIntent;
import io.agora.agents.meta.MetaDecisionAgent.Subscribe;
import io.agora.core.meta.ConflictRule;
import io.agora.core.meta.Decision;
import io.agora.core.meta.Direction;
import io.agora.core.meta.Intent;
import io.agora.core.meta.Policy;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.pekko.Done;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.pattern.StatusReply;
import org.apache.pekko.persistence.testkit.javadsl.EventSourcedBehaviorTestKit;
import org.apache.pekko.persistence.testkit.javadsl.EventSourcedBehaviorTestKit.CommandResultWithReply;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class MetaDecisionAgentTest {
  private static final String PAIR = "BTC/USDT";
  private static final long MIN = 60_000;
  private static final long HOUR = 60 * MIN;
  private static final long T = 1_000 * MIN;
  private static final List<String> ABC = List.of("a", "b", "c");
  private static final AtomicInteger IDS = new AtomicInteger();

  private static ActorTestKit testKit;

  @BeforeAll
  static void start() {
    testKit = ActorTestKit.create("meta", TestConfig.config()); // CBOR bindings: commands, events, state verified
  }

  @AfterAll
  static void stop() {
    testKit.shutdownTestKit();
  }

  private record Agent(EventSourcedBehaviorTestKit<Command, Event, State> kit, AccountId id) {}

  private static Agent agent() {
    AccountId id = new AccountId("acme", "pf" + IDS.incrementAndGet());
    return new Agent(EventSourcedBehaviorTestKit.create(testKit.system(), MetaDecisionAgent.create(id.entityId())), id);
  }

  private static CommandResultWithReply<Command, Event, State, StatusReply<MetaView>> configure(Agent a, Policy p,
      List<String> members, double threshold, ConflictRule rule) {
    return a.kit().runCommand(r -> new Configure(p, members, threshold, 10 * MIN, HOUR, rule, "alice", r));
  }

  private static CommandResultWithReply<Command, Event, State, StatusReply<IntentOutcome>> submit(Agent a, String s,
      Direction d, long time) {
    return submit(a, new Intent(s, PAIR, d, 1.0, time));
  }

  private static CommandResultWithReply<Command, Event, State, StatusReply<IntentOutcome>> submit(Agent a, Intent i) {
    return a.kit().runCommand(r -> new SubmitIntent(i, r));
  }

  private static void perform(Agent a, String s, double ret, long time) {
    StatusReply<Done> r = a.kit().<StatusReply<Done>>runCommand(rt -> new RecordPerformance(s, ret, time, rt)).reply();
    assertTrue(r.isSuccess(), () -> r.getError().getMessage());
  }

  private static Decision lastDecision(CommandResultWithReply<?, Event, ?, ?> r) {
    return ((DecisionMade) r.events().get(r.events().size() - 1)).decision();
  }

  @Test
  void unanimousDecisionIsPersistedOnce() {
    Agent a = agent();
    var cfg = configure(a, Policy.UNANIMOUS, ABC, 1.0, ConflictRule.NO_TRADE);
    assertTrue(cfg.reply().isSuccess());
    assertEquals("alice", ((Configured) cfg.event()).principal());
    assertEquals(a.id(), cfg.event().portfolio());

    var first = submit(a, "a", Direction.LONG, T);
    assertEquals(List.of(new IntentRecorded(a.id(), new Intent("a", PAIR, Direction.LONG, 1.0, T))), first.events());
    assertNull(first.reply().getValue().decision());
    assertTrue(first.reply().getValue().reason().contains("quorum"));
    submit(a, "b", Direction.LONG, T);
    var third = submit(a, "c", Direction.LONG, T);
    assertEquals(2, third.events().size());
    Decision d = lastDecision(third);
    assertEquals(new Decision(PAIR, Direction.LONG, 1.0, ABC, d.reason()), d);
    assertTrue(third.reply().getValue().decisionChanged());
    assertEquals(d, third.state().decisions().get(PAIR));

    // the same intent again for the same candle: nothing persisted at all
    var dup = submit(a, "c", Direction.LONG, T);
    assertTrue(dup.hasNoEvents());
    assertFalse(dup.reply().getValue().counted());
    assertEquals(d, dup.reply().getValue().decision());
    // the same direction on the next candle: the intent is recorded, the decision is not repeated
    var next = submit(a, "a", Direction.LONG, T + MIN);
    assertEquals(1, next.events().size());
    assertInstanceOf(IntentRecorded.class, next.event());
    assertFalse(next.reply().getValue().decisionChanged());
    // one member turns: the decision is withdrawn once
    var turned = submit(a, "b", Direction.FLAT, T + MIN);
    DecisionWithdrawn w = (DecisionWithdrawn) turned.events().get(1);
    assertEquals(Direction.LONG, w.previous());
    assertTrue(w.reason().contains("not unanimous"), w.reason());
    assertNull(turned.state().decisions().get(PAIR));
  }

  @Test
  void majorityAndItsTie() {
    Agent a = agent();
    configure(a, Policy.MAJORITY, List.of("a", "b", "c", "d"), 0.5, ConflictRule.NO_TRADE);
    submit(a, "a", Direction.EXIT, T);
    var tie = submit(a, "b", Direction.FLAT, T); // 1 : 1 with two voters
    assertEquals(1, tie.events().size());
    assertTrue(tie.reply().getValue().reason().contains("no majority"));
    var two = submit(a, "c", Direction.EXIT, T); // 2 of 3 voters
    Decision d = lastDecision(two);
    assertEquals(Direction.EXIT, d.direction());
    assertEquals(List.of("a", "c"), d.contributors());
    assertEquals(0.5, d.confidence(), 1e-12);
    var even = submit(a, "d", Direction.FLAT, T); // 2 : 2: withdrawn
    assertInstanceOf(DecisionWithdrawn.class, even.events().get(1));
  }

  @Test
  void conflictIsNoTrade() {
    Agent a = agent();
    configure(a, Policy.MAJORITY, ABC, 0.5, ConflictRule.NO_TRADE);
    submit(a, "a", Direction.LONG, T);
    assertEquals(Direction.LONG, lastDecision(submit(a, "b", Direction.LONG, T)).direction());
    var conflict = submit(a, "c", Direction.SHORT, T);
    assertTrue(((DecisionWithdrawn) conflict.events().get(1)).reason().startsWith("conflict"));
  }

  @Test
  void weightedFollowsRecentPerformance() {
    Agent a = agent();
    configure(a, Policy.WEIGHTED, ABC, 0.6, ConflictRule.POLICY_DECIDES);
    var noWeights = submit(a, "a", Direction.LONG, T);
    assertTrue(noWeights.reply().getValue().reason().contains("positive"));
    perform(a, "a", 0.06, T);
    perform(a, "b", 0.03, T);
    perform(a, "c", 0.01, T); // weights 0.6, 0.3, 0.1
    var b = submit(a, "b", Direction.SHORT, T);
    Decision d = lastDecision(b); // a's LONG at 0.6 passes the threshold, b's SHORT at 0.3 does not
    assertEquals(Direction.LONG, d.direction());
    assertEquals(0.6, d.confidence(), 1e-12);
    assertEquals(List.of("a"), d.contributors());

    // a loses, b gains: with b's SHORT now at 9/11 the next intent decides SHORT
    perform(a, "a", -0.05, T);
    perform(a, "b", 0.06, T); // scores 0.01, 0.09, 0.01: weights 1/11, 9/11, 1/11
    var again = submit(a, "c", Direction.FLAT, T + MIN);
    Decision s = lastDecision(again);
    assertEquals(Direction.SHORT, s.direction());
    assertEquals(List.of("b"), s.contributors());
  }

  @Test
  void restartKeepsConfigurationWeightsAndDecisions() {
    Agent a = agent();
    configure(a, Policy.WEIGHTED, ABC, 0.5, ConflictRule.NO_TRADE);
    perform(a, "a", 0.04, T - HOUR);
    perform(a, "b", 0.01, T);
    submit(a, "a", Direction.LONG, T);
    submit(a, "c", Direction.FLAT, T);
    State before = a.kit().getState();
    assertEquals(Direction.LONG, before.decisions().get(PAIR).direction());

    State after = a.kit().restart().state();
    assertEquals(before, after);
    assertEquals(ABC, after.config().members());
    // the decision is reproducible from the recovered inputs
    assertEquals(before.decisions().get(PAIR), after.evaluate(PAIR).decision());
    // and the agent goes on as if never restarted: a's repeat is a duplicate, b's FLAT tips nothing (b weighs 1/3)
    assertTrue(submit(a, "a", Direction.LONG, T).hasNoEvents());
    var b = submit(a, "b", Direction.FLAT, T);
    assertEquals(1, b.events().size());
    assertEquals(Direction.LONG, b.reply().getValue().decision().direction());
    assertEquals(a.id(), a.kit().<MetaView>runCommand(GetState::new).reply().portfolio());
  }

  @Test
  void restartAfterSnapshotKeepsState() {
    Agent a = agent();
    configure(a, Policy.MAJORITY, List.of("a", "b"), 0.5, ConflictRule.NO_TRADE);
    for (int i = 0; i < MetaDecisionAgent.SNAPSHOT_EVERY; i++) {
      submit(a, "a", i % 2 == 0 ? Direction.LONG : Direction.FLAT, T + i * MIN); // decision flips each time
      perform(a, "b", 0.001, T + i * MIN);
    }
    State before = a.kit().getState();
    assertEquals(Direction.FLAT, before.decisions().get(PAIR).direction());
    assertEquals(before, a.kit().restart().state());
  }

  @Test
  void subscribersAreNotifiedOncePerDecision() {
    Agent a = agent();
    TestProbe<DecisionNotice> sub = testKit.createTestProbe(DecisionNotice.class);
    a.kit().<Done>runCommand(r -> new Subscribe(sub.ref(), r));
    a.kit().<Done>runCommand(r -> new Subscribe(sub.ref(), r)); // twice: still one notice per decision
    configure(a, Policy.MAJORITY, ABC, 0.5, ConflictRule.NO_TRADE);
    submit(a, "a", Direction.SHORT, T); // quorum 1/3 < 0.5: none
    submit(a, "b", Direction.SHORT, T); // decision
    submit(a, "c", Direction.SHORT, T); // same direction: no notice
    submit(a, "c", Direction.SHORT, T); // duplicate: no notice
    submit(a, "a", Direction.SHORT, T + MIN); // same direction: no notice
    submit(a, "b", Direction.LONG, T + MIN); // conflict: withdrawn
    DecisionNotice made = sub.receiveMessage();
    assertEquals(Direction.SHORT, made.direction());
    assertEquals(List.of("a", "b"), made.contributors());
    assertEquals(a.id(), made.portfolio());
    DecisionNotice withdrawn = sub.receiveMessage(); // the next notice is the withdrawal, not a repeat
    assertNull(withdrawn.direction());
    assertEquals(T + MIN, withdrawn.at());
    sub.expectNoMessage(Duration.ofMillis(100));
    testKit.serializationTestKit().verifySerialization(made, true);
    testKit.serializationTestKit().verifySerialization(withdrawn, true);

    // nothing is re-published on recovery
    a.kit().restart();
    a.kit().<Done>runCommand(r -> new Subscribe(sub.ref(), r));
    submit(a, "b", Direction.SHORT, T + 2 * MIN); // a and b SHORT, c's SHORT still fresh: decided again
    assertEquals(Direction.SHORT, sub.receiveMessage().direction());
  }

  @Test
  void badConfigurationAndUnknownMembersAreRejected() {
    Agent a = agent();
    var early = submit(a, "a", Direction.LONG, T);
    assertTrue(early.hasNoEvents());
    assertTrue(early.reply().getError().getMessage().contains("not configured"));

    var threshold = configure(a, Policy.MAJORITY, ABC, 1.2, ConflictRule.NO_TRADE);
    assertTrue(threshold.hasNoEvents());
    assertEquals("bad configuration: threshold must be in (0, 1], was 1.2",
        threshold.reply().getError().getMessage());
    var members = configure(a, Policy.MAJORITY, List.of("a", " "), 0.5, ConflictRule.NO_TRADE);
    assertTrue(members.hasNoEvents());
    assertTrue(members.reply().getError().getMessage().contains("blank"));
    assertNull(a.kit().getState().config());

    configure(a, Policy.MAJORITY, ABC, 0.5, ConflictRule.NO_TRADE);
    var unknown = submit(a, "zed", Direction.LONG, T);
    assertTrue(unknown.hasNoEvents());
    assertEquals("unknown member zed: members are [a, b, c]", unknown.reply().getError().getMessage());
    var perf = a.kit().<StatusReply<Done>>runCommand(r -> new RecordPerformance("zed", 0.01, T, r));
    assertTrue(perf.hasNoEvents());
    assertTrue(perf.reply().getError().getMessage().startsWith("unknown member zed"));
    var strength = submit(a, new Intent("a", PAIR, Direction.LONG, 2, T));
    assertTrue(strength.hasNoEvents());
    assertTrue(strength.reply().getError().getMessage().contains("strength"));
  }

  @Test
  void staleAndOutOfOrderIntentsAreIgnored() {
    Agent a = agent();
    configure(a, Policy.UNANIMOUS, ABC, 0.5, ConflictRule.NO_TRADE);
    submit(a, "a", Direction.LONG, T);
    var stale = submit(a, "b", Direction.SHORT, T - 11 * MIN);
    assertTrue(stale.hasNoEvents());
    assertTrue(stale.reply().getValue().reason().startsWith("stale"));
    submit(a, "a", Direction.LONG, T + MIN);
    var older = submit(a, "a", Direction.SHORT, T);
    assertTrue(older.hasNoEvents());
    assertTrue(older.reply().getValue().reason().startsWith("older"));
    // b's LONG 10 minutes behind the pair's clock still counts: a and b unanimous with quorum 2/3
    var b = submit(a, "b", Direction.LONG, T - 9 * MIN);
    assertEquals(Direction.LONG, lastDecision(b).direction());
    assertTrue(b.events().get(0) instanceof IntentRecorded);
    assertTrue(a.kit().getState().scores().isEmpty());
    assertFalse(a.kit().getState().intents().isEmpty());
    assertEquals(0, a.kit().getState().decisions().get(PAIR).contributors().indexOf("a"));
    assertInstanceOf(PerformanceRecorded.class, a.kit().<StatusReply<Done>>runCommand(
        r -> new RecordPerformance("a", 0.01, T, r)).event());
  }

  @Test
  void aTentativeAnswerTellsTheDecisionTheWriteMakesBeforeIt() {
    Agent a = agent();
    assertTrue(configure(a, Policy.MAJORITY, ABC, 0.5, ConflictRule.NO_TRADE).reply().isSuccess());
    TestProbe<MetaDecisionAgent.Tentative> tentative = testKit.createTestProbe();
    long t = T;
    for (String[] vote : new String[][] {{"a", "LONG"}, {"b", "LONG"}, {"c", "FLAT"}, {"b", "FLAT"}}) {
      Intent i = new Intent(vote[0], PAIR, Direction.valueOf(vote[1]), 1.0, t += MIN);
      var r = a.kit().<StatusReply<IntentOutcome>>runCommand(rt -> new SubmitIntent(i, rt, tentative.getRef()));
      MetaDecisionAgent.Tentative early = tentative.receiveMessage();
      assertEquals(i, early.intent());
      assertEquals(r.reply().getValue(), early.outcome(), "tentative = durable answer after " + vote[0] + " " + vote[1]);
    }
    // an intent that counts for nothing is not written, so only the durable answer comes
    Intent dup = new Intent("b", PAIR, Direction.FLAT, 1.0, t);
    var r = a.kit().<StatusReply<IntentOutcome>>runCommand(rt -> new SubmitIntent(dup, rt, tentative.getRef()));
    assertFalse(r.reply().getValue().counted());
    tentative.expectNoMessage(Duration.ofMillis(50));
  }
}
