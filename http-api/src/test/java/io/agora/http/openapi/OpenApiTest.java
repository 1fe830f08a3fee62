package io.agora.http.openapi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.agora.http.ApiFixture;
import io.agora.http.ApiFixture.Response;
import io.agora.http.routes.ApiRoute;
import io.agora.http.security.Role;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The OpenAPI document and the router agree: same paths and methods, and every documented operation is served. */
class OpenApiTest {
  private static ApiFixture api;
  private static JsonNode doc;

  @BeforeAll
  static void start() {
    api = ApiFixture.shared();
    Response r = api.get("/api/v1/openapi.json", null);
    assertEquals(200, r.status(), "the document needs no token: " + r);
    doc = r.json();
  }

  @Test
  void documentAndRouterListTheSameRoutes() {
    Set<String> documented = new TreeSet<>();
    Iterator<Map.Entry<String, JsonNode>> paths = doc.get("paths").fields();
    while (paths.hasNext()) {
      Map.Entry<String, JsonNode> p = paths.next();
      assertTrue(p.getKey().startsWith("/api/v1/"), "full paths: " + p.getKey());
      p.getValue().fieldNames().forEachRemaining(m -> documented.add(m.toUpperCase(Locale.ROOT) + " " + p.getKey()));
    }
    Set<String> routed = new TreeSet<>();
    for (ApiRoute r : api.router.routes()) routed.add(r.method() + " " + r.path());
    assertEquals(routed, documented);
    assertEquals("3.0.3", doc.get("openapi").asText());
  }

  @Test
  void everyDocumentedOperationIsServedByTheRouter() {
    String admin = api.token(Role.ADMIN, "openapi");
    Iterator<Map.Entry<String, JsonNode>> paths = doc.get("paths").fields();
    int n = 0;
    while (paths.hasNext()) {
      Map.Entry<String, JsonNode> p = paths.next();
      String concrete = p.getKey().replaceAll("\\{[^}]+}", "doc-1");
      for (Iterator<String> ms = p.getValue().fieldNames(); ms.hasNext(); ) {
        String method = ms.next().toUpperCase(Locale.ROOT);
        Response res = api.send(method, concrete, admin, method.equals("POST") || method.equals("PUT") ? "{}" : null);
        assertNotEquals("route_not_found", res.error(), method + " " + concrete + ": " + res);
        assertNotEquals(405, res.status(), method + " " + concrete + ": " + res);
        assertTrue(res.status() < 500, method + " " + concrete + ": " + res);
        n++;
      }
    }
    assertEquals(api.router.routes().size(), n);
    // and what is not documented is not routed
    assertEquals("route_not_found", api.get("/api/v1/agents/strategies/x/explode", admin).error());
  }

  @Test
  void operationsCarryPermissionsSchemasAndErrors() {
    JsonNode start = doc.get("paths").get("/api/v1/agents/strategies/{id}/start").get("post");
    assertEquals("strategies.start", start.get("operationId").asText());
    assertEquals("STRATEGIES_CONTROL", start.get("x-permission").asText());
    assertTrue(start.get("responses").has("403"));
    assertTrue(start.get("responses").has("409"));
    assertEquals("id", start.get("parameters").get(0).get("name").asText());
    JsonNode live = doc.get("paths").get("/api/v1/health/live").get("get");
    assertEquals(0, live.get("security").size(), "public");
    JsonNode create = doc.get("paths").get("/api/v1/agents/strategies").get("post");
    assertEquals("#/components/schemas/CreateStrategy",
        create.get("requestBody").get("content").get("application/json").get("schema").get("$ref").asText());
    JsonNode schema = doc.get("components").get("schemas").get("Limits").get("properties");
    assertEquals("integer", schema.get("maxOpenTrades").get("type").asText());
    assertEquals("duration", schema.get("pairCooldown").get("format").asText());
    assertTrue(doc.get("components").get("schemas").has("Error"));
  }

  @Test
  void swaggerUiIsServedFromTheWebJar() {
    Response page = api.get("/api/v1/docs", null);
    assertEquals(200, page.status());
    assertTrue(page.body().contains("/api/v1/openapi.json"), page.body());
    assertTrue(page.header("Content-Type") == null || page.body().contains("swagger-ui-bundle.js"));
    Response js = api.get("/api/v1/docs/swagger-ui-bundle.js", null);
    assertEquals(200, js.status());
    assertTrue(js.body().length() > 100_000);
    assertEquals(404, api.get("/api/v1/docs/nope.js", null).status());
    assertEquals(404, api.get("/api/v1/docs/..%2Fpom.properties", null).status());
  }
}
