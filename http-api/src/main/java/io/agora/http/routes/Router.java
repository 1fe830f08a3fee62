package io.agora.http.routes;

import static org.apache.pekko.http.javadsl.server.Directives.complete;
import static org.apache.pekko.http.javadsl.server.Directives.completeWithFuture;
import static org.apache.pekko.http.javadsl.server.Directives.extractMaterializer;
import static org.apache.pekko.http.javadsl.server.Directives.extractRequest;
import static org.apache.pekko.http.javadsl.server.Directives.handleExceptions;
import static org.apache.pekko.http.javadsl.server.Directives.handleRejections;
import static org.apache.pekko.http.javadsl.server.Directives.mapRouteResultWith;
import static org.apache.pekko.http.javadsl.server.Directives.respondWithHeaders;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.agora.http.HttpSettings;
import io.agora.http.audit.AuditLog.AuditEntry;
import io.agora.http.security.InvalidTokenException;
import io.agora.http.security.JwtVerifier;
import io.agora.http.security.Principal;
import io.agora.http.security.RateLimiter;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.apache.pekko.Done;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpHeader;
import org.apache.pekko.http.javadsl.model.HttpMethods;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.headers.RawHeader;
import org.apache.pekko.http.javadsl.server.Complete;
import org.apache.pekko.http.javadsl.server.ExceptionHandler;
import org.apache.pekko.http.javadsl.server.Rejection;
import org.apache.pekko.http.javadsl.server.RejectionHandler;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.http.javadsl.server.RouteResult;
import org.apache.pekko.http.scaladsl.model.EntityStreamException;
import org.apache.pekko.http.scaladsl.model.EntityStreamSizeException;
import org.apache.pekko.pattern.StatusReply;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The API's single Pekko HTTP route, built from the route table. Per request, in this order:
 *
 * <ol>
 *   <li>CORS: preflights answered, allowed origins get their headers;
 *   <li>the route table: no template fits → 404 {@code route_not_found}; wrong method → 405;
 *   <li>public routes (health, OpenAPI, docs) run the handler now; every other route:
 *   <li>authentication: a valid bearer token or 401;
 *   <li>the audit wrapper of state-changing routes (records the outcome of everything below);
 *   <li>authorization: the route's permission in the {@link io.agora.http.security.Permission} matrix, or 403;
 *   <li>rate: the principal's token bucket, or 429 with Retry-After;
 *   <li>size: a declared Content-Length over the limit is 413 at once, a streamed body over it 413 while read;
 *   <li>the handler: existence (404), validation (400), conflicts (409), the agents (503 on timeout).
 * </ol>
 *
 * So a viewer's state-changing request is 403 whatever its body or ids, and nothing about a resource is revealed
 * before the caller is authenticated and authorized. Every failure is a JSON {@link ApiError.Body}; what a client can
 * send never produces a 500.
 */
public final class Router {
  private static final Logger log = LoggerFactory.getLogger(Router.class);
  private static final byte[] EMPTY = new byte[0];
  private static final Pattern SECRET_KEY = Pattern.compile("(?i).*(secret|password|passwd|token|credential|apikey|api_key|private).*");
  private static final int MAX_AUDIT_PARAMETERS = 4000;
  private static final Pattern ILLEGAL_STATE = Pattern.compile("^cannot \\S+ in state \\S+.*", Pattern.DOTALL);

  /** Where audit entries go: the tenant's {@code AuditLog} entity (tests may record elsewhere). */
  @FunctionalInterface
  public interface AuditSink {
    CompletionStage<Done> record(AuditEntry entry);
  }

  private final List<ApiRoute> routes;
  private final HttpSettings settings;
  private final JwtVerifier verifier;
  private final RateLimiter limiter;
  private final AuditSink audit;
  private final ObjectMapper mapper;
  private final Clock clock;

  public Router(List<ApiRoute> routes, HttpSettings settings, JwtVerifier verifier, RateLimiter limiter,
      AuditSink audit, ObjectMapper mapper, Clock clock) {
    this.routes = List.copyOf(routes);
    this.settings = settings;
    this.verifier = verifier;
    this.limiter = limiter;
    this.audit = audit;
    this.mapper = mapper;
    this.clock = clock;
  }

  public List<ApiRoute> routes() {
    return routes;
  }

  /** The whole API as one route. */
  public Route route() {
    return sealed(() -> extractRequest(req -> cors(req, () -> dispatch(req))));
  }

  // ---- table dispatch ----

  private Route dispatch(HttpRequest req) {
    List<String> segments = new ArrayList<>();
    for (String s : req.getUri().pathSegments()) if (!s.isEmpty()) segments.add(s);
    String method = req.method().name();
    ApiRoute best = null;
    Map<String, String> params = null;
    Set<String> allowed = new LinkedHashSet<>();
    for (ApiRoute r : routes) {
      Map<String, String> p = r.match(segments);
      if (p == null) continue;
      allowed.add(r.method());
      if (r.method().equals(method) && (best == null || r.literals() > best.literals())) {
        best = r;
        params = p;
      }
    }
    if (best == null && allowed.isEmpty()) return error(ApiError.routeNotFound(req.getUri().path()));
    if (best == null) {
      return complete(errorResponse(ApiError.methodNotAllowed(method + " is not allowed here; allowed: "
          + String.join(", ", allowed))).addHeader(RawHeader.create("Allow", String.join(", ", allowed))));
    }
    ApiRoute r = best;
    Map<String, String> path = params;
    Exchange x = new Exchange();
    if (r.isPublic()) return handle(r, null, path, req, x);
    return authenticated(req, principal -> {
      long wait = limiter.tryAcquire(principal.key());
      // a request refused for its rate is not audited: a flood must not become a flood of audit events
      return audited(r, principal, path, req, x, wait == 0,
          () -> authorized(r, principal,
              () -> rateLimited(wait,
                  () -> sizeLimited(req,
                      () -> handle(r, principal, path, req, x)))));
    });
  }

  /** What the audit wrapper learns from below it: the body's bytes. */
  private static final class Exchange {
    volatile byte[] body = EMPTY;
  }

  // ---- the chain ----

  private Route authenticated(HttpRequest req, Function<Principal, Route> inner) {
    Optional<String> header = req.getHeader("Authorization").map(HttpHeader::value);
    if (header.isEmpty()) return unauthorized("missing bearer token (Authorization: Bearer <token>)", false);
    String v = header.get().trim();
    if (v.length() < 8 || !v.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return unauthorized("the Authorization header must be 'Bearer <token>'", true);
    }
    Principal p;
    try {
      p = verifier.verify(v.substring(7).trim());
    } catch (InvalidTokenException e) {
      log.debug("401 on {} {}: {}", req.method().name(), req.getUri().path(), e.getMessage());
      return unauthorized(e.getMessage(), true);
    }
    return inner.apply(p);
  }

  private Route unauthorized(String message, boolean invalidToken) {
    String challenge = "Bearer realm=\"agora\"" + (invalidToken ? ", error=\"invalid_token\"" : "");
    return complete(errorResponse(ApiError.unauthorized(message))
        .addHeader(RawHeader.create("WWW-Authenticate", challenge)));
  }

  private Route audited(ApiRoute r, Principal p, Map<String, String> path, HttpRequest req, Exchange x, boolean record,
      Supplier<Route> inner) {
    if (!r.stateChanging() || !record) return inner.get();
    return mapRouteResultWith(result -> {
      int status = result instanceof Complete c ? c.getResponse().status().intValue() : 500;
      AuditEntry entry = new AuditEntry(0, clock.instant(), p.sub(), p.role().claim(), p.tenant(), r.operationId(),
          r.method(), req.getUri().path(), parameters(path, req, x.body), status, AuditEntry.outcomeOf(status));
      CompletionStage<Done> recorded;
      try {
        recorded = audit.record(entry);
      } catch (RuntimeException e) {
        recorded = CompletableFuture.failedFuture(e);
      }
      return recorded.handle((done, err) -> {
        if (err != null) log.error("audit entry not recorded: {} ({})", entry, unwrap(err).toString());
        return (RouteResult) result;
      });
    }, () -> sealed(inner));
  }

  private Route authorized(ApiRoute r, Principal p, Supplier<Route> inner) {
    if (!r.permission().grantedTo(p.role())) {
      return error(ApiError.forbidden("role " + p.role().claim() + " may not " + r.operationId() + " (needs "
          + r.permission() + ")"));
    }
    return inner.get();
  }

  private Route rateLimited(long waitNanos, Supplier<Route> inner) {
    if (waitNanos == 0) return inner.get();
    long seconds = RateLimiter.retryAfterSeconds(waitNanos);
    return complete(errorResponse(ApiError.tooManyRequests("rate limit of " + settings.rateLimit().requestsPerSecond()
        + " requests per second exceeded; retry after " + seconds + " s"))
        .addHeader(RawHeader.create("Retry-After", Long.toString(seconds))));
  }

  private Route sizeLimited(HttpRequest req, Supplier<Route> inner) {
    var declared = req.entity().getContentLengthOption();
    if (declared.isPresent() && declared.getAsLong() > settings.maxRequestBytes()) {
      return error(ApiError.payloadTooLarge(settings.maxRequestBytes()));
    }
    return inner.get();
  }

  private Route handle(ApiRoute r, Principal p, Map<String, String> path, HttpRequest req, Exchange x) {
    return extractMaterializer(mat -> {
      CompletionStage<byte[]> body;
      if (r.hasBody()) {
        body = req.entity().toStrict(settings.requestReadTimeout().toMillis(), settings.maxRequestBytes(), mat)
            .<byte[]>thenApply(s -> s.getData().toArray())
            .exceptionally(e -> {
              Throwable t = unwrap(e);
              if (t instanceof EntityStreamSizeException || (t instanceof EntityStreamException es
                  && es.info().summary().toLowerCase(java.util.Locale.ROOT).contains("too large"))) {
                throw ApiError.payloadTooLarge(settings.maxRequestBytes());
              }
              if (t instanceof TimeoutException) {
                throw new ApiError(408, "request_timeout", "the request body was not received in time", null);
              }
              log.debug("request body not read", t);
              throw ApiError.badRequest("the request body could not be read");
            });
      } else {
        req.discardEntityBytes(mat);
        body = CompletableFuture.completedFuture(EMPTY);
      }
      CompletionStage<HttpResponse> response = body
          .thenCompose(bytes -> {
            x.body = bytes;
            return r.handler().handle(new Call(req, p, path, query(req), bytes, clock.instant(), mapper));
          })
          .handle((reply, err) -> err == null ? toResponse(reply) : errorResponse(translate(err)));
      return completeWithFuture(response);
    });
  }

  private static Map<String, String> query(HttpRequest req) {
    Map<String, String> q = new LinkedHashMap<>();
    for (Map.Entry<String, String> e : req.getUri().query().toMap().entrySet()) q.put(e.getKey(), e.getValue());
    return q;
  }

  // ---- CORS ----

  private Route cors(HttpRequest req, Supplier<Route> inner) {
    HttpSettings.Cors cors = settings.cors();
    Optional<String> origin = req.getHeader("Origin").map(HttpHeader::value);
    if (origin.isEmpty() || cors.allowedOrigins().isEmpty()) return inner.get();
    boolean allowed = cors.allows(origin.get());
    String allowOrigin = cors.allowedOrigins().contains("*") ? "*" : origin.get();
    if (req.method().equals(HttpMethods.OPTIONS) && req.getHeader("Access-Control-Request-Method").isPresent()) {
      if (!allowed) return error(ApiError.forbidden("origin " + origin.get() + " is not allowed (CORS)"));
      return complete(HttpResponse.create().withStatus(204).addHeaders(List.of(
          RawHeader.create("Access-Control-Allow-Origin", allowOrigin),
          RawHeader.create("Access-Control-Allow-Methods", "GET, POST, PUT, DELETE"),
          RawHeader.create("Access-Control-Allow-Headers", String.join(", ", cors.allowedHeaders())),
          RawHeader.create("Access-Control-Max-Age", Long.toString(cors.maxAge().toSeconds())),
          RawHeader.create("Vary", "Origin"))));
    }
    if (!allowed) return inner.get();
    return respondWithHeaders(List.of(
        RawHeader.create("Access-Control-Allow-Origin", allowOrigin),
        RawHeader.create("Access-Control-Expose-Headers", "Location, Retry-After, WWW-Authenticate"),
        RawHeader.create("Vary", "Origin")), inner);
  }

  // ---- errors ----

  private Route sealed(Supplier<Route> inner) {
    return handleExceptions(exceptionHandler(), () -> handleRejections(rejectionHandler(), inner));
  }

  private ExceptionHandler exceptionHandler() {
    return ExceptionHandler.newBuilder().match(Throwable.class, t -> complete(errorResponse(translate(t)))).build();
  }

  private RejectionHandler rejectionHandler() {
    return RejectionHandler.newBuilder()
        .handleAll(Rejection.class, rs -> error(ApiError.badRequest("request rejected: " + rs)))
        .handleNotFound(extractRequest(req -> error(ApiError.routeNotFound(req.getUri().path()))))
        .build();
  }

  private Route error(ApiError e) {
    return complete(errorResponse(e));
  }

  HttpResponse errorResponse(ApiError e) {
    return HttpResponse.create().withStatus(e.status())
        .withEntity(ContentTypes.APPLICATION_JSON, Json.write(mapper, e.body()));
  }

  private HttpResponse toResponse(Reply reply) {
    if (reply.raw() != null) return reply.raw();
    HttpResponse res = HttpResponse.create().withStatus(reply.status()).addHeaders(reply.headers());
    if (reply.body() == null) return res;
    try {
      return res.withEntity(ContentTypes.APPLICATION_JSON, mapper.writeValueAsBytes(reply.body()));
    } catch (Exception e) {
      log.error("cannot write the response body {}", reply.body().getClass().getName(), e);
      return errorResponse(ApiError.internal());
    }
  }

  /** Any failure as an API error: agents' refusals, timeouts, size; the unexpected as a logged 500. */
  ApiError translate(Throwable failure) {
    Throwable t = unwrap(failure);
    if (t instanceof ApiError e) return e;
    if (t instanceof StatusReply.ErrorMessage m) return fromAgent(m.getMessage());
    if (t instanceof TimeoutException) {
      return ApiError.unavailable("the agent did not answer within " + settings.askTimeout().toMillis() + " ms; retry");
    }
    if (t instanceof EntityStreamSizeException) return ApiError.payloadTooLarge(settings.maxRequestBytes());
    if (t instanceof org.apache.pekko.http.scaladsl.model.IllegalRequestException) {
      return ApiError.badRequest("malformed request: " + t.getMessage());
    }
    log.error("unexpected failure", t);
    return ApiError.internal();
  }

  /**
   * An agent's {@code StatusReply} error: an illegal lifecycle transition ("cannot X in state Y", "... is not
   * allowed") or a taken id is 409, an unknown order 404, anything else a refusal of the request's content (400).
   */
  public static ApiError fromAgent(String message) {
    String m = message == null ? "refused" : message;
    if (ILLEGAL_STATE.matcher(m).matches() || m.contains("not configured") || m.contains("is not allowed")
        || m.contains("already exists") || m.contains("already used")) {
      return ApiError.conflict(m);
    }
    if (m.startsWith("unknown order")) return ApiError.notFound(m);
    return ApiError.badRequest(m);
  }

  static Throwable unwrap(Throwable t) {
    while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
      t = t.getCause();
    }
    return t;
  }

  // ---- audit parameters ----

  /** Path and query parameters and the body as JSON, secrets replaced by "***", truncated. */
  private String parameters(Map<String, String> path, HttpRequest req, byte[] body) {
    ObjectNode n = mapper.createObjectNode();
    if (!path.isEmpty()) n.set("path", mapper.valueToTree(path));
    Map<String, String> q = query(req);
    if (!q.isEmpty()) n.set("query", redact(mapper.valueToTree(q)));
    if (body.length > 0) {
      try {
        n.set("body", redact(mapper.readTree(body)));
      } catch (Exception e) {
        n.put("body", "<" + body.length + " bytes, not JSON>");
      }
    }
    String s = n.toString();
    return s.length() <= MAX_AUDIT_PARAMETERS ? s : s.substring(0, MAX_AUDIT_PARAMETERS) + "...(truncated)";
  }

  private static JsonNode redact(JsonNode node) {
    if (node instanceof ObjectNode o) {
      Iterator<Map.Entry<String, JsonNode>> it = o.fields();
      List<String> secret = new ArrayList<>();
      while (it.hasNext()) {
        Map.Entry<String, JsonNode> e = it.next();
        if (SECRET_KEY.matcher(e.getKey()).matches()) secret.add(e.getKey());
        else redact(e.getValue());
      }
      for (String k : secret) o.put(k, "***");
    } else if (node != null && node.isArray()) {
      for (JsonNode c : node) redact(c);
    }
    return node;
  }
}
