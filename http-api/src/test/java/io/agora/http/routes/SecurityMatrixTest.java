package io.agora.http.routes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agora.http.ApiFixture;
import io.agora.http.ApiFixture.Response;
import io.agora.http.HttpSettings;
import io.agora.http.security.JwtIssuer;
import io.agora.http.security.Permission;
import io.agora.http.security.Principal;
import io.agora.http.security.Role;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Every route of the route table (the one the router is built from) × no token, bad tokens and every role, against
 * the permission matrix: 401 before 403 before anything about the resource or the body.
 */
class SecurityMatrixTest {
  private static final String TENANT = "matrix";
  private static ApiFixture api;

  @BeforeAll
  static void start() {
    api = ApiFixture.shared();
  }

  /** The route's path with its parameters filled in (ids that do not exist). */
  static String concrete(ApiRoute r) {
    String p = r.path();
    for (String name : r.pathParams()) p = p.replace("{" + name + "}", "missing-1");
    return p;
  }

  static String body(ApiRoute r) {
    return r.hasBody() ? "{}" : null;
  }

  @TestFactory
  Stream<DynamicTest> everyProtectedRouteNeedsAValidToken() {
    byte[] otherSecret = "another-secret-of-at-least-32-bytes!!".getBytes(StandardCharsets.UTF_8);
    String foreign = new JwtIssuer(otherSecret, null).issue(new Principal("eve", Role.ADMIN, TENANT),
        Duration.ofHours(1), Instant.now());
    String expired = new JwtIssuer(ApiFixture.SECRET.getBytes(StandardCharsets.UTF_8), null)
        .issue(new Principal("old", Role.ADMIN, TENANT), Duration.ofMinutes(1), Instant.now().minus(Duration.ofHours(1)));
    String admin = api.token(Role.ADMIN, TENANT);
    String[] tampered = admin.split("\\.");
    String swapped = tampered[0] + "." + api.token(Role.VIEWER, TENANT).split("\\.")[1] + "." + tampered[2];
    Map<String, String> bad = Map.of("garbage", "not-a-jwt", "foreign-secret", foreign, "expired", expired,
        "tampered", swapped, "alg-none", unsigned());
    List<DynamicTest> tests = new ArrayList<>();
    for (ApiRoute r : api.router.routes()) {
      if (r.isPublic()) continue;
      tests.add(DynamicTest.dynamicTest(r.method() + " " + r.path() + " without a token", () -> {
        Response res = api.send(r.method(), concrete(r), null, body(r));
        assertEquals(401, res.status(), res.toString());
        assertEquals("unauthorized", res.error());
        assertNotNull(res.header("WWW-Authenticate"));
      }));
      for (Map.Entry<String, String> b : bad.entrySet()) {
        tests.add(DynamicTest.dynamicTest(r.method() + " " + r.path() + " with a " + b.getKey() + " token", () -> {
          Response res = api.send(r.method(), concrete(r), b.getValue(), body(r));
          assertEquals(401, res.status(), res.toString());
        }));
      }
    }
    return tests.stream();
  }

  @TestFactory
  Stream<DynamicTest> everyRoleGetsExactlyWhatTheMatrixGrants() {
    List<DynamicTest> tests = new ArrayList<>();
    for (ApiRoute r : api.router.routes()) {
      for (Role role : Role.values()) {
        tests.add(DynamicTest.dynamicTest(role.claim() + " " + r.method() + " " + r.path(), () -> {
          Response res = api.send(r.method(), concrete(r), api.token(role, TENANT), body(r));
          assertTrue(res.status() < 500, res.toString());
          if (r.isPublic() || r.permission().grantedTo(role)) {
            assertNotEquals(401, res.status(), res.toString());
            assertNotEquals(403, res.status(), res.toString());
            assertNotEquals("route_not_found", res.error(), res.toString());
          } else {
            assertEquals(403, res.status(), res.toString());
            assertEquals("forbidden", res.error());
          }
        }));
      }
    }
    return tests.stream();
  }

  @Test
  void aViewersStateChangingRequestIs403WhateverItsBodyOrIds() {
    String viewer = api.token(Role.VIEWER, TENANT);
    String huge = "{\"x\": \"" + "a".repeat(200_000) + "\"}";
    for (ApiRoute r : api.router.routes()) {
      if (!r.stateChanging()) continue;
      for (String body : new String[] {null, "{", "[1,2", huge, "{\"account\": 5}"}) {
        String path = r.path().replace("{account}", "%E2%98%83").replace("{id}", "a%7Cb").replace("{clientOrderId}", "..")
            .replaceAll("\\{[^}]+}", "x%2Fy");
        Response res = api.send(r.method(), path, viewer, body);
        assertEquals(403, res.status(), r.path() + " " + res);
      }
    }
  }

  @Test
  void theMatrixIsTheOneTable() {
    // viewers read and nothing else; admins hold everything
    for (Permission p : Permission.values()) {
      assertTrue(p.grantedTo(Role.ADMIN), p.name());
    }
    for (ApiRoute r : api.router.routes()) {
      if (r.stateChanging()) assertTrue(!r.isPublic(), "state-changing routes need a token: " + r.path());
      if (r.stateChanging()) assertTrue(!r.permission().grantedTo(Role.VIEWER), r.path());
    }
  }

  @Test
  void rateLimitPerPrincipalAfterAuthorization() {
    HttpSettings s = api.settings;
    ApiFixture limited = api.with(new HttpSettings(s.host(), s.port(), s.askTimeout(), s.maxRequestBytes(),
        s.requestReadTimeout(), new HttpSettings.RateLimit(0.5, 2), s.cors(), s.jwt(), s.auditEntriesInMemory()));
    String alice = limited.token(Role.VIEWER, "rates", "alice");
    assertEquals(200, limited.get("/api/v1/accounts", alice).status());
    assertEquals(200, limited.get("/api/v1/accounts", alice).status());
    Response third = limited.get("/api/v1/accounts", alice);
    assertEquals(429, third.status(), third.toString());
    assertEquals("too_many_requests", third.error());
    assertTrue(Long.parseLong(third.header("Retry-After")) >= 1, third.headers().toString());
    // authorization comes first: a forbidden request stays 403
    assertEquals(403, limited.post("/api/v1/accounts", alice, "{\"account\": \"x\"}").status());
    // and so does authentication
    assertEquals(401, limited.get("/api/v1/accounts", null).status());
    // another principal has a bucket of its own
    assertEquals(200, limited.get("/api/v1/accounts", limited.token(Role.VIEWER, "rates", "bob")).status());
    // public routes are not limited per principal
    assertEquals(200, limited.get("/api/v1/health/live", null).status());
  }

  /** A token with {@code alg: none} claiming admin. */
  private static String unsigned() {
    java.util.Base64.Encoder b64 = java.util.Base64.getUrlEncoder().withoutPadding();
    String header = b64.encodeToString("{\"alg\":\"none\"}".getBytes(StandardCharsets.UTF_8));
    String claims = b64.encodeToString(("{\"sub\":\"mallory\",\"role\":\"admin\",\"tenant\":\"" + TENANT
        + "\",\"exp\":" + (Instant.now().getEpochSecond() + 3600) + "}").getBytes(StandardCharsets.UTF_8));
    return header + "." + claims + ".";
  }
}
