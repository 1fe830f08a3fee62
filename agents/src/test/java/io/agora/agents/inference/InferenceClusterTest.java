package io.agora.agents.inference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.agora.agents.TestConfig;
import io.agora.agents.inference.InferenceActor.Predict;
import io.agora.agents.inference.InferenceActor.PredictFailed;
import io.agora.agents.inference.InferenceActor.Predicted;
import io.agora.agents.inference.InferenceActor.Reply;
import io.agora.agents.inference.InferenceRouter.Routes;
import java.time.Duration;
import java.util.List;
import org.apache.pekko.actor.Address;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Join;
import org.apache.pekko.cluster.typed.Leave;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Inference across nodes: A has the {@code gpu} role (its predictors are the test's CPU ones), B and C have not;
 * B falls back to local CPU inference, C (fallback none) does not. Requests from B and C are served by A while A is
 * Up; once A has left (gracefully: a two-node cluster cannot survive a crash of its oldest node), B serves its own
 * and C answers a clear failure.
 */
class InferenceClusterTest {
  private static final Duration T = Duration.ofSeconds(20);
  private static final float[] ROW = {0.3f, -0.7f, 1.1f, 0.05f};

  private ActorTestKit a;
  private ActorTestKit b;
  private ActorTestKit c;

  private static ActorTestKit node(String roles, String fallback) {
    Config cfg = ConfigFactory.parseString("""
        pekko.actor.provider = cluster
        pekko.remote.artery.canonical { hostname = "127.0.0.1", port = 0 }
        pekko.cluster.jmx.multi-mbeans-in-same-jvm = on
        pekko.cluster.roles = [%s]
        agora.inference.fallback = %s
        """.formatted(roles, fallback)).withFallback(TestConfig.config());
    return ActorTestKit.create("InferenceClusterTest", cfg);
  }

  private static Address address(ActorTestKit kit) {
    return Cluster.get(kit.system()).selfMember().address();
  }

  private static void awaitUp(ActorTestKit kit, int members) {
    TestProbe<Object> probe = kit.createTestProbe();
    probe.awaitAssert(T, () -> {
      Cluster cluster = Cluster.get(kit.system());
      assertEquals(MemberStatus.up(), cluster.selfMember().status());
      long up = java.util.stream.StreamSupport.stream(cluster.state().getMembers().spliterator(), false)
          .filter(m -> m.status() == MemberStatus.up()).count();
      assertEquals(members, up);
      return null;
    });
  }

  private static ActorRef<InferenceRouter.Command> router(ActorSystem<?> system) {
    return Inference.router(system).orElseThrow();
  }

  private static void awaitRoutes(ActorTestKit kit, List<String> instances) {
    TestProbe<Routes> probe = kit.createTestProbe();
    probe.awaitAssert(T, () -> {
      router(kit.system()).tell(new InferenceRouter.GetRoutes(probe.getRef()));
      assertEquals(instances, probe.receiveMessage().instances());
      return null;
    });
  }

  private static Reply predict(ActorTestKit kit) {
    TestProbe<Reply> probe = kit.createTestProbe();
    router(kit.system()).tell(new Predict("logistic", ROW.clone(), 1, probe.getRef()));
    return probe.receiveMessage(T);
  }

  private static void assertServedBy(Address node, Reply reply) {
    Predicted p = assertInstanceOf(Predicted.class, reply, () -> "reply " + reply);
    assertEquals(node.toString(), p.node());
    assertEquals("cpu", p.provider());
    assertEquals(TestPredictors.expected(ROW, 0), p.probabilities()[0]);
  }

  @AfterEach
  void stop() {
    for (ActorTestKit kit : new ActorTestKit[] {c, b, a}) if (kit != null) kit.shutdownTestKit();
  }

  @Test
  void requestsGoToTheGpuNodeAndFallBackWhenItLeaves() {
    a = node("gpu", "local-cpu");
    b = node("", "local-cpu");
    c = node("", "none");
    TestPredictors onA = new TestPredictors("cpu", 64);
    TestPredictors onB = new TestPredictors("cpu", 64);
    TestPredictors onC = new TestPredictors("cpu", 64);
    Address addrA = address(a);
    Cluster.get(a.system()).manager().tell(Join.create(addrA));
    awaitUp(a, 1);
    Cluster.get(b.system()).manager().tell(Join.create(addrA));
    Cluster.get(c.system()).manager().tell(Join.create(addrA));
    awaitUp(a, 3);
    awaitUp(b, 3);
    awaitUp(c, 3);
    Inference.init(a.system(), onA);
    Inference.init(b.system(), onB);
    Inference.init(c.system(), onC);
    assertTrue(Inference.served(a.system()).isPresent(), "the gpu node hosts an inference actor");
    assertTrue(Inference.served(b.system()).isEmpty(), "a node without the gpu role hosts none");

    awaitRoutes(b, List.of(addrA.toString()));
    awaitRoutes(c, List.of(addrA.toString()));
    assertServedBy(addrA, predict(b));
    assertServedBy(addrA, predict(c));
    assertEquals(0, onB.opened.get() + onC.opened.get(), "B and C opened no model while A was up");

    Cluster.get(a.system()).manager().tell(Leave.create(addrA));
    awaitRoutes(b, List.of());
    awaitRoutes(c, List.of());

    Address addrB = address(b);
    assertServedBy(addrB, predict(b));
    assertEquals(1, onB.opened.get(), "B's local CPU fallback opened the model");
    PredictFailed failed = assertInstanceOf(PredictFailed.class, predict(c));
    assertTrue(failed.error().contains("no inference node with the gpu role is up"), failed.error());
    assertEquals(0, onC.opened.get());
  }
}
