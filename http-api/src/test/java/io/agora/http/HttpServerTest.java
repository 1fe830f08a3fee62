package io.agora.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.agora.http.security.Role;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.http.javadsl.ServerBinding;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The real server on a free port, driven by java.net.http. */
class HttpServerTest {
  private static ApiFixture api;
  private static ServerBinding binding;
  private static String base;
  private static final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @BeforeAll
  static void start() throws Exception {
    api = ApiFixture.shared();
    HttpSettings s = api.settings;
    HttpSettings settings = new HttpSettings("127.0.0.1", 0, s.askTimeout(), s.maxRequestBytes(),
        s.requestReadTimeout(), s.rateLimit(), new HttpSettings.Cors(List.of("https://ops.example.com"),
        List.of("Authorization", "Content-Type"), Duration.ofMinutes(10)), s.jwt(), s.auditEntriesInMemory());
    binding = HttpApi.start(api.system, settings).toCompletableFuture().get(20, TimeUnit.SECONDS);
    base = "http://127.0.0.1:" + binding.localAddress().getPort();
  }

  @AfterAll
  static void stop() throws Exception {
    binding.unbind().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  private static HttpResponse<String> send(HttpRequest.Builder b) throws Exception {
    return client.send(b.timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
  }

  private static JsonNode json(HttpResponse<String> r) throws Exception {
    return api.mapper.readTree(r.body());
  }

  @Test
  void healthAndDocumentWithoutAToken() throws Exception {
    assertEquals(200, send(HttpRequest.newBuilder(URI.create(base + "/api/v1/health/live"))).statusCode());
    HttpResponse<String> ready = send(HttpRequest.newBuilder(URI.create(base + "/api/v1/health/ready")));
    assertEquals(200, ready.statusCode(), ready.body());
    assertEquals("ready", json(ready).get("status").asText());
    HttpResponse<String> doc = send(HttpRequest.newBuilder(URI.create(base + "/api/v1/openapi.json")));
    assertEquals(200, doc.statusCode());
    assertTrue(json(doc).get("paths").has("/api/v1/agents/strategies/{id}/start"));
  }

  @Test
  void aClientCreatesAndStartsAStrategy() throws Exception {
    String token = api.token(Role.OPERATOR, "server", "cli");
    HttpResponse<String> missing = send(HttpRequest.newBuilder(URI.create(base + "/api/v1/agents")));
    assertEquals(401, missing.statusCode());
    assertTrue(missing.headers().firstValue("WWW-Authenticate").isPresent());
    String body = "{\"id\": \"srv1\", \"strategy\": \"RsiMeanReversion\", \"pair\": \"ETH/USDT\", \"config\": "
        + ApiFixture.STRATEGY_CONFIG + "}";
    HttpResponse<String> created = send(HttpRequest.newBuilder(URI.create(base + "/api/v1/agents/strategies"))
        .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body)));
    assertEquals(201, created.statusCode(), created.body());
    assertEquals("application/json", created.headers().firstValue("Content-Type").orElse(""));
    HttpResponse<String> started = send(HttpRequest.newBuilder(URI.create(base + "/api/v1/agents/strategies/srv1/start"))
        .header("Authorization", "Bearer " + token).POST(HttpRequest.BodyPublishers.noBody()));
    assertEquals(200, started.statusCode(), started.body());
    assertEquals("RUNNING", json(started).get("lifecycle").asText());
    HttpResponse<String> big = send(HttpRequest.newBuilder(URI.create(base + "/api/v1/agents/strategies"))
        .header("Authorization", "Bearer " + token)
        .POST(HttpRequest.BodyPublishers.ofString("{\"id\":\"" + "x".repeat(1_000_000) + "\"}")));
    assertEquals(413, big.statusCode(), big.body());
  }

  @Test
  void cors() throws Exception {
    HttpResponse<String> preflight = send(HttpRequest.newBuilder(URI.create(base + "/api/v1/agents"))
        .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
        .header("Origin", "https://ops.example.com").header("Access-Control-Request-Method", "GET"));
    assertEquals(204, preflight.statusCode());
    assertEquals("https://ops.example.com", preflight.headers().firstValue("Access-Control-Allow-Origin").orElse(""));
    assertTrue(preflight.headers().firstValue("Access-Control-Allow-Headers").orElse("").contains("Authorization"));
    HttpResponse<String> evil = send(HttpRequest.newBuilder(URI.create(base + "/api/v1/agents"))
        .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
        .header("Origin", "https://evil.example.com").header("Access-Control-Request-Method", "GET"));
    assertEquals(403, evil.statusCode());
    HttpResponse<String> get = send(HttpRequest.newBuilder(URI.create(base + "/api/v1/health/live"))
        .header("Origin", "https://ops.example.com"));
    assertEquals("https://ops.example.com", get.headers().firstValue("Access-Control-Allow-Origin").orElse(""));
    HttpResponse<String> other = send(HttpRequest.newBuilder(URI.create(base + "/api/v1/health/live"))
        .header("Origin", "https://evil.example.com"));
    assertTrue(other.headers().firstValue("Access-Control-Allow-Origin").isEmpty());
  }

  @Test
  void requestsPekkoCannotParseAre400NotA5xx() throws Exception {
    for (String target : new String[] {"/api/v1/agents/strategies/%zz", "/api/v1/agents/strategies/a b"}) {
      try (Socket s = new Socket("127.0.0.1", binding.localAddress().getPort())) {
        s.setSoTimeout(10_000);
        OutputStream out = s.getOutputStream();
        out.write(("GET " + target + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
            .getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
        String status = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.ISO_8859_1))
            .readLine();
        assertTrue(status != null && status.startsWith("HTTP/1.1 4"), target + ": " + status);
      }
    }
  }
}
