package io.agora.http.routes;

import io.agora.http.security.Permission;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletionStage;

/**
 * One row of the route table, from which both the router and the OpenAPI document are built.
 *
 * @param method GET, POST, PUT or DELETE
 * @param path the full path template, e.g. {@code /api/v1/agents/strategies/{id}/start}
 * @param permission what the caller's role must hold; null for the few routes that need no token
 * @param operationId a stable name (also the audit log's action), e.g. {@code strategies.start}
 * @param tag the OpenAPI tag (group)
 * @param summary one line for the document
 * @param requestType the JSON body's type, null when there is none
 * @param responseType the success body's type (JSON), null when it is not JSON
 * @param successStatus the status of a success
 * @param queryParams names and descriptions of the query parameters
 * @param handler the work
 */
public record ApiRoute(String method, String path, Permission permission, String operationId, String tag,
    String summary, Class<?> requestType, Class<?> responseType, int successStatus, Map<String, String> queryParams,
    Handler handler) {

  @FunctionalInterface
  public interface Handler {
    CompletionStage<Reply> handle(Call call);
  }

  public ApiRoute {
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(handler, "handler");
    if (!path.startsWith("/")) throw new IllegalArgumentException("path must start with /: " + path);
    queryParams = Collections.unmodifiableMap(new LinkedHashMap<>(queryParams));
  }

  public boolean isPublic() {
    return permission == null;
  }

  /** Anything but GET changes state: it is audited. */
  public boolean stateChanging() {
    return !method.equals("GET");
  }

  public boolean hasBody() {
    return method.equals("POST") || method.equals("PUT");
  }

  public List<String> segments() {
    List<String> out = new ArrayList<>();
    for (String s : path.split("/")) if (!s.isEmpty()) out.add(s);
    return out;
  }

  /** The path parameters' names, in order. */
  public List<String> pathParams() {
    List<String> out = new ArrayList<>();
    for (String s : segments()) if (isParam(s)) out.add(s.substring(1, s.length() - 1));
    return out;
  }

  static boolean isParam(String segment) {
    return segment.startsWith("{") && segment.endsWith("}");
  }

  /** The path parameters when {@code segments} (decoded) fit the template, else null. */
  public Map<String, String> match(List<String> segments) {
    List<String> template = segments();
    if (template.size() != segments.size()) return null;
    Map<String, String> params = new LinkedHashMap<>();
    for (int i = 0; i < template.size(); i++) {
      String t = template.get(i);
      String s = segments.get(i);
      if (isParam(t)) {
        if (s.isEmpty()) return null;
        params.put(t.substring(1, t.length() - 1), s);
      } else if (!t.equals(s)) {
        return null;
      }
    }
    return params;
  }

  /** How many literal segments the template has: the most specific template wins. */
  int literals() {
    int n = 0;
    for (String s : segments()) if (!isParam(s)) n++;
    return n;
  }
}
