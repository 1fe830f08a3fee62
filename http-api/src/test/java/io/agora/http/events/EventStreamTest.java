package io.agora.http.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.agora.agents.events.AgentEvents;
import io.agora.http.ApiFixture;
import io.agora.http.HttpApi;
import io.agora.http.HttpSettings;
import io.agora.http.security.Role;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.http.javadsl.ServerBinding;
import org.apache.pekko.stream.Attributes;
import org.apache.pekko.stream.Materializer;
import org.apache.pekko.stream.javadsl.SinkQueueWithCancel;
import org.apache.pekko.stream.javadsl.Sink;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The live event stream read by a real client (java.net.http) from the real server. */
class EventStreamTest {
  private static ApiFixture api;
  private static ServerBinding binding;
  private static String base;
  private static final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @BeforeAll
  static void start() throws Exception {
    api = ApiFixture.shared();
    binding = HttpApi.start(api.system, api.settings.withBinding("127.0.0.1", 0)).toCompletableFuture()
        .get(20, TimeUnit.SECONDS);
    base = "http://127.0.0.1:" + binding.localAddress().getPort();
  }

  @AfterAll
  static void stop() throws Exception {
    binding.unbind().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  /** One SSE event: its name and its data as JSON. */
  private record Event(String name, JsonNode data) {}

  private static final class Stream implements AutoCloseable {
    final InputStream in;
    final BufferedReader reader;

    Stream(String tenant, String query) throws Exception {
      HttpResponse<InputStream> r = client.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/events" + query))
          .header("Authorization", "Bearer " + api.token(Role.VIEWER, tenant)).build(),
          HttpResponse.BodyHandlers.ofInputStream());
      assertEquals(200, r.statusCode());
      assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("text/event-stream"));
      in = r.body();
      reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
    }

    /** The next event (comments skipped). */
    Event next() throws Exception {
      String name = "message";
      StringBuilder data = new StringBuilder();
      String line;
      while ((line = reader.readLine()) != null) {
        if (line.isEmpty()) {
          if (data.length() > 0) return new Event(name, api.mapper.readTree(data.toString()));
          continue;
        }
        if (line.startsWith(":")) continue;
        if (line.startsWith("event: ")) name = line.substring(7);
        if (line.startsWith("data: ")) data.append(line.substring(6));
      }
      throw new IllegalStateException("the stream ended");
    }

    @Override
    public void close() throws Exception {
      in.close();
    }
  }

  private static void engage(String tenant, String account, String reason) {
    String op = api.token(Role.OPERATOR, tenant);
    api.post("/api/v1/accounts", op, "{\"account\": \"" + account + "\"}");
    ApiFixture.Response r = api.post("/api/v1/accounts/" + account + "/kill-switch", op,
        "{\"reason\": \"" + reason + "\"}");
    assertEquals(200, r.status(), r.toString());
  }

  @Test
  void aClientReadsItsTenantsAlertsLiveAndNoOtherTenants() throws Exception {
    try (Stream a = new Stream("sse-a", ""); Stream b = new Stream("sse-b", "?categories=alert")) {
      assertEquals("ready", a.next().name()); // registered from here on
      assertEquals("ready", b.next().name());
      engage("sse-b", "acct", "b's incident"); // published before a's: a's first event must be its own
      engage("sse-a", "acct", "a's incident");
      Event ea = a.next();
      assertEquals("alert", ea.name());
      assertEquals("kill-switch.engaged", ea.data().get("type").asText());
      assertEquals("sse-a", ea.data().get("tenant").asText());
      assertTrue(ea.data().get("message").asText().contains("a's incident"), ea.toString());
      Event eb = b.next();
      assertEquals("sse-b", eb.data().get("tenant").asText());
      assertTrue(eb.data().get("message").asText().contains("b's incident"), eb.toString());
      // a notice of the platform reaches every tenant
      AgentEvents.publish(api.system, AgentEvents.ALL_TENANTS, "alert", "kill-switch.engaged", "platform drill", "*");
      assertEquals("platform drill", a.next().data().get("message").asText());
      assertEquals("platform drill", b.next().data().get("message").asText());
    }
  }

  @Test
  void unknownCategoriesAre400AndATokenIsNeeded() throws Exception {
    HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/events?categories=x"))
        .header("Authorization", "Bearer " + api.token(Role.VIEWER, "sse-c")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertEquals(400, r.statusCode());
    assertEquals(401, client.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/events")).build(),
        HttpResponse.BodyHandlers.ofString()).statusCode());
  }

  @Test
  void aSlowClientIsDroppedAndTheOthersGoOn() throws Exception {
    EventHub hub = new EventHub(api.system, 2);
    Materializer mat = Materializer.matFromSystem(api.system);
    // one client that never pulls (a buffer of one after the hub's two), one that reads each notice
    SinkQueueWithCancel<EventHub.Sequenced> stalled = hub.stream("slow", Set.of())
        .runWith(Sink.<EventHub.Sequenced>queue().withAttributes(Attributes.inputBuffer(1, 1)), mat);
    SinkQueueWithCancel<EventHub.Sequenced> reader = hub.stream("slow", Set.of()).runWith(Sink.queue(), mat);
    hub.stream("another-tenant", Set.of()).runWith(Sink.queue(), mat);
    for (int i = 0; i < 10; i++) {
      hub.dispatch(new AgentEvents.Notice("slow", "order", "order.placed", "x", "n" + i, Map.of(), Instant.now()));
      assertEquals("n" + i, reader.pull().toCompletableFuture().get(5, TimeUnit.SECONDS).orElseThrow().notice()
          .message());
    }
    assertEquals(1, hub.dropped());
    assertEquals(2, hub.clients(), "the reader and the other tenant's client");
    Throwable failure = null;
    for (int i = 0; i < 10 && failure == null; i++) {
      try {
        stalled.pull().toCompletableFuture().get(5, TimeUnit.SECONDS);
      } catch (java.util.concurrent.ExecutionException e) {
        failure = e.getCause();
      }
    }
    assertInstanceOf(EventHub.SlowClient.class, failure);
  }
}
