package io.agora.http.routes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agora.http.ApiFixture;
import io.agora.http.ApiFixture.Response;
import io.agora.http.security.Role;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpEntities;
import org.apache.pekko.http.javadsl.model.HttpMethods;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.model.headers.RawHeader;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.util.ByteString;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A client's mistakes are 4xx with a JSON {error, message, field?}, never a 5xx. */
class MalformedInputTest {
  private static final String TENANT = "malformed";
  private static ApiFixture api;
  private static String admin;

  @BeforeAll
  static void start() {
    api = ApiFixture.shared();
    admin = api.token(Role.ADMIN, TENANT);
    assertEquals(201, api.post("/api/v1/accounts", admin, "{\"account\": \"acc\"}").status());
  }

  private static Response assertClientError(int status, Response r) {
    assertEquals(status, r.status(), r.toString());
    assertNotNull(r.json(), "a JSON body: " + r);
    assertNotNull(r.error(), r.toString());
    assertTrue(r.json().has("message"), r.toString());
    return r;
  }

  @ParameterizedTest
  @ValueSource(strings = {"{", "[1, 2]", "null", "\"text\"", "42", "{\"id\": \"x\",}", "{\"id\": \"x\"} trailing",
      "{\"id\": \"a\", \"id\": \"b\"}", "\u0000\u0001", "{\"id\": \"s\", \"strategy\": \"EmaCrossover\", "
      + "\"pair\": \"BTC/USDT\", \"config\": [1]}", "{\"id\": \"s\", \"strategy\": \"EmaCrossover\", "
      + "\"pair\": \"BTC/USDT\", \"params\": [\"a\"]}", "{\"id\": \"bad|id\", \"strategy\": \"X\", \"pair\": \"P\"}",
      "{\"id\": \"../x\", \"strategy\": \"X\", \"pair\": \"P\"}", "{\"strategy\": \"X\", \"pair\": \"P\"}"})
  void brokenOrInvalidStrategyBodiesAre400(String body) {
    assertClientError(400, api.post("/api/v1/agents/strategies", admin, body));
  }

  @Test
  void anEmptyBodyIs400() {
    assertClientError(400, api.post("/api/v1/agents/strategies", admin, ""));
    assertClientError(400, api.post("/api/v1/accounts", admin, null));
  }

  @Test
  void wrongTypesNameTheField() {
    Response r = assertClientError(400, api.post("/api/v1/accounts/acc/deposits", admin,
        "{\"currency\": \"USDT\", \"amount\": \"lots\"}"));
    assertEquals("amount", r.json().get("field").asText());
    r = assertClientError(400, api.post("/api/v1/accounts/acc/deposits", admin, "{\"currency\": \"USDT\", \"amount\": {}}"));
    assertEquals("amount", r.json().get("field").asText());
    r = assertClientError(400, api.post("/api/v1/accounts/acc/deposits", admin, "{\"currency\": \"USDT\", \"amount\": -1}"));
    assertEquals("amount", r.json().get("field").asText());
    r = assertClientError(400, api.post("/api/v1/accounts/acc/deposits", admin, "{\"currency\": \"US DT\", \"amount\": 1}"));
    assertEquals("currency", r.json().get("field").asText());
    r = assertClientError(400, api.send("PUT", "/api/v1/accounts/acc/risk/limits", admin, "{\"maxOpenTrades\": \"3\"}"));
    assertEquals("maxOpenTrades", r.json().get("field").asText());
    r = assertClientError(400, api.send("PUT", "/api/v1/accounts/acc/risk/limits", admin, "{\"maxOpenTrades\": 2.5}"));
    assertEquals("maxOpenTrades", r.json().get("field").asText());
    r = assertClientError(400, api.send("PUT", "/api/v1/accounts/acc/risk/limits", admin, "{\"pairCooldown\": \"soon\"}"));
    assertEquals("pairCooldown", r.json().get("field").asText());
    r = assertClientError(400, api.send("PUT", "/api/v1/accounts/acc/risk/limits", admin, "{\"maxOpenTrades\": -1}"));
    r = assertClientError(400, api.post("/api/v1/accounts/acc/kill-switch", admin, "{\"flatten\": \"yes\"}"));
    assertEquals("flatten", r.json().get("field").asText());
    r = assertClientError(400, api.post("/api/v1/accounts", admin, "{\"account\": \"a\", \"owner\": \"me\"}"));
    assertEquals("owner", r.json().get("field").asText());
    assertTrue(r.json().get("message").asText().contains("unknown field"), r.toString());
  }

  @Test
  void deeplyNestedJsonIs400() {
    String deep = "{\"account\": " + "[".repeat(5000) + "]".repeat(5000) + "}";
    assertClientError(400, api.post("/api/v1/accounts", admin, deep));
  }

  @Test
  void aHugeBodyIs413() {
    String huge = "{\"account\": \"" + "a".repeat(200_000) + "\"}";
    Response r = assertClientError(413, api.post("/api/v1/accounts", admin, huge));
    assertEquals("payload_too_large", r.error());
    // streamed without a Content-Length: 413 while it is read
    List<ByteString> chunks = java.util.Collections.nCopies(200, ByteString.fromString("a".repeat(1000)));
    HttpRequest chunked = HttpRequest.create("/api/v1/accounts").withMethod(HttpMethods.POST)
        .addHeader(RawHeader.create("Authorization", "Bearer " + admin))
        .withEntity(HttpEntities.createChunked(ContentTypes.APPLICATION_JSON, Source.from(chunks)));
    assertClientError(413, api.send(chunked));
  }

  @ParameterizedTest
  @ValueSource(strings = {"%00", "..", "a%7Cb", "%E2%98%83", "a%2Fb", "%25", "%20", "-leading", "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
      "%22%3Cscript%3E", "null", "a;b", "acc%00"})
  void oddPathIdsAre404(String id) {
    Response r = api.get("/api/v1/agents/strategies/" + id, admin);
    assertTrue(r.status() == 404 || r.status() == 400, r.toString());
    assertNotNull(r.error(), r.toString());
    assertClientError(404, api.get("/api/v1/accounts/" + id + "/balances", admin));
    assertClientError(404, api.post("/api/v1/accounts/acc/orders/" + id + "/cancel", admin, null));
    assertTrue(api.post("/api/v1/agents/strategies/" + id + "/start", admin, null).status() == 404);
  }

  @Test
  void badQueryParametersAre400() {
    assertEquals("limit", assertClientError(400, api.get("/api/v1/audit?limit=abc", admin)).json().get("field").asText());
    assertClientError(400, api.get("/api/v1/audit?limit=100000", admin));
    assertClientError(400, api.get("/api/v1/audit?before=-5", admin));
    assertClientError(400, api.get("/api/v1/accounts/acc/balances?prices=BTC", admin));
    assertClientError(400, api.get("/api/v1/accounts/acc/balances?reference=%00", admin));
    assertClientError(400, api.get("/api/v1/agents?kind=robots", admin));
  }

  @Test
  void unknownRoutesAndMethods() {
    Response r = assertClientError(404, api.get("/api/v1/nothing-here", admin));
    assertEquals("route_not_found", r.error());
    assertEquals("route_not_found", api.get("/", null).error());
    Response m = assertClientError(405, api.send("PATCH", "/api/v1/accounts", admin, "{}"));
    assertEquals("method_not_allowed", m.error());
    assertTrue(m.header("Allow").contains("POST"), m.headers().toString());
  }

  @Test
  void anAuthorizationHeaderThatIsNotBearerIs401() {
    HttpRequest basic = HttpRequest.create("/api/v1/accounts")
        .addHeader(RawHeader.create("Authorization", "Basic " + java.util.Base64.getEncoder()
            .encodeToString("a:b".getBytes(StandardCharsets.UTF_8))));
    assertClientError(401, api.send(basic));
    assertClientError(401, api.send(HttpRequest.create("/api/v1/accounts")
        .addHeader(RawHeader.create("Authorization", "Bearer"))));
  }
}
