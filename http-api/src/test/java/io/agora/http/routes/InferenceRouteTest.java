package io.agora.http.routes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.agora.agents.inference.Inference;
import io.agora.agents.inference.InferenceActor;
import io.agora.http.ApiFixture;
import io.agora.http.ApiFixture.Response;
import io.agora.http.security.Role;
import io.agora.models.inference.Predictor;
import java.time.Duration;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code GET /cluster/inference}: what serves models in the cluster, with the provider each open model runs on, for
 * SREs only. The fixture's node has the {@code gpu} role and a plain-Java predictor standing in for ONNX Runtime.
 */
class InferenceRouteTest {
  private static ApiFixture api;

  /** p = sigmoid(sum of the row): enough to be served and counted. */
  private static final class SumPredictor implements Predictor {
    @Override
    public int featureCount() {
      return 2;
    }

    @Override
    public int maxBatch() {
      return 16;
    }

    @Override
    public void predict(float[] x, int rows, float[] out) {
      for (int r = 0; r < rows; r++) out[r] = (float) (1 / (1 + Math.exp(-(x[2 * r] + x[2 * r + 1]))));
    }

    @Override
    public String provider() {
      return "java";
    }

    @Override
    public void close() {}
  }

  @BeforeAll
  static void start() {
    api = new ApiFixture("pekko.cluster.roles = [gpu]\nagora.inference.fallback = none");
    Inference.init(api.system, ref -> new SumPredictor());
  }

  @AfterAll
  static void stop() {
    api.close();
  }

  @Test
  void sresSeeTheInferenceActorsTheirCountersAndProviders() {
    String sre = api.token(Role.SRE, "ops");
    TestProbe<Object> probe = TestProbe.create(api.system);
    JsonNode before = probe.awaitAssert(Duration.ofSeconds(10), () -> {
      Response r = api.get("/api/v1/cluster/inference", sre);
      assertEquals(200, r.status(), r.toString());
      assertEquals(1, r.json().get("actors").size(), "the gpu node's actor registered: " + r.json());
      return r.json();
    });
    assertEquals("none", before.get("fallback").asText());
    assertEquals(before.get("node").asText(), before.get("actors").get(0).get("node").asText());

    TestProbe<InferenceActor.Reply> reply = TestProbe.create(api.system);
    Inference.router(api.system).orElseThrow()
        .tell(new InferenceActor.Predict("m@1", new float[] {1, 2, 3, 4}, 2, reply.getRef()));
    assertTrue(reply.receiveMessage(Duration.ofSeconds(10)) instanceof InferenceActor.Predicted);

    JsonNode actor = api.get("/api/v1/cluster/inference", sre).json().get("actors").get(0);
    assertEquals(1, actor.get("requests").asLong());
    assertEquals(2, actor.get("rows").asLong());
    assertEquals("java", actor.get("models").get("m@1").asText());

    assertEquals(403, api.get("/api/v1/cluster/inference", api.token(Role.OPERATOR, "ops")).status());
    assertEquals(401, api.get("/api/v1/cluster/inference", null).status());
  }
}
