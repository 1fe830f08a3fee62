package io.agora.http.routes;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.agora.http.ApiFixture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeoutException;
import org.apache.pekko.pattern.StatusReply;
import org.junit.jupiter.api.Test;

/** Agents' refusals, timeouts and the unexpected, as API errors. */
class ErrorMappingTest {

  @Test
  void agentsRefusals() {
    assertEquals(409, Router.fromAgent("cannot Start in state STOPPED").status());
    assertEquals(409, Router.fromAgent("not configured: send Configure first").status());
    assertEquals(409, Router.fromAgent("order o-1 is FILLED: FILLED → CANCELED is not allowed").status());
    assertEquals(409, Router.fromAgent("strategy s1 already exists").status());
    assertEquals(409, Router.fromAgent("client order id o-1 is already used by a different order").status());
    assertEquals(404, Router.fromAgent("unknown order o-1").status());
    assertEquals(400, Router.fromAgent("bad configuration: unknown strategy X").status());
    assertEquals(400, Router.fromAgent("insufficient available USDT: 5 < 10").status());
    assertEquals(400, Router.fromAgent(null).status());
  }

  @Test
  void failuresOfAsks() {
    Router router = ApiFixture.shared().router;
    ApiError timeout = router.translate(new CompletionException(new TimeoutException("Ask timed out")));
    assertEquals(503, timeout.status());
    assertEquals("unavailable", timeout.error());
    assertEquals(409, router.translate(new CompletionException(
        new StatusReply.ErrorMessage("cannot Pause in state IDLE"))).status());
    assertEquals(413, router.translate(new org.apache.pekko.http.scaladsl.model.EntityStreamSizeException(10,
        scala.Option.empty())).status());
    ApiError unexpected = router.translate(new IllegalStateException("a bug"));
    assertEquals(500, unexpected.status());
    assertEquals("internal", unexpected.error());
    assertEquals("internal error (logged on the node)", unexpected.getMessage(), "no internals in the answer");
  }
}
