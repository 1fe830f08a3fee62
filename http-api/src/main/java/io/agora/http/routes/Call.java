package io.agora.http.routes;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.agora.http.security.Principal;
import java.time.Instant;
import java.util.Map;
import org.apache.pekko.http.javadsl.model.HttpRequest;

/**
 * One request as a handler sees it, after authentication, authorization, rate and size checks: the principal (null
 * on public routes), the path parameters of the route's template, the query parameters (first value of each), the
 * body's bytes (empty for GET and DELETE) and the time it arrived.
 */
public record Call(HttpRequest request, Principal principal, Map<String, String> path, Map<String, String> query,
    byte[] body, Instant now, ObjectMapper mapper) {

  public String path(String name) {
    String v = path.get(name);
    if (v == null) throw new IllegalStateException("route has no path parameter " + name);
    return v;
  }

  public String query(String name, String orElse) {
    String v = query.get(name);
    return v == null || v.isEmpty() ? orElse : v;
  }

  public <T> T body(Class<T> type) {
    return Json.read(mapper, body, type);
  }

  public String tenant() {
    return principal.tenant();
  }

  public String sub() {
    return principal.sub();
  }
}
