package io.agora.http.openapi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.agora.http.routes.ApiRoute;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Locale;
import java.util.Map;

/**
 * The OpenAPI 3 document, generated from the route table (the same rows the router is built from): every route with
 * its full path, method, operation id, permission, parameters, request and response schemas (from the records'
 * components) and the error responses. Routes without a permission are marked {@code security: []}.
 */
public final class OpenApi {
  private final ObjectMapper mapper;
  private final ObjectNode schemas;

  private OpenApi(ObjectMapper mapper) {
    this.mapper = mapper;
    this.schemas = mapper.createObjectNode();
  }

  public static ObjectNode document(Iterable<ApiRoute> routes, ObjectMapper mapper, String version) {
    return new OpenApi(mapper).build(routes, version);
  }

  private ObjectNode build(Iterable<ApiRoute> routes, String version) {
    ObjectNode doc = mapper.createObjectNode();
    doc.put("openapi", "3.0.3");
    ObjectNode info = doc.putObject("info");
    info.put("title", "Agora control API");
    info.put("version", version);
    info.put("description", "Control of Agora's agents. Every route but health, this document and the docs needs "
        + "a bearer token (JWT: sub, role, tenant, exp; `agora token`). Checks run in this order: authentication "
        + "(401), authorization by role (403), rate (429), size (413), existence (404), validation (400), "
        + "conflicts (409); an agent that does not answer in time gives 503. Errors are {error, message, field?}. "
        + "Resources are scoped to the token's tenant: another tenant's ids answer 404.");
    ObjectNode paths = doc.putObject("paths");
    for (ApiRoute r : routes) {
      ObjectNode item = paths.has(r.path()) ? (ObjectNode) paths.get(r.path()) : paths.putObject(r.path());
      item.set(r.method().toLowerCase(Locale.ROOT), operation(r));
    }
    ObjectNode components = doc.putObject("components");
    ObjectNode security = components.putObject("securitySchemes");
    ObjectNode bearer = security.putObject("bearer");
    bearer.put("type", "http");
    bearer.put("scheme", "bearer");
    bearer.put("bearerFormat", "JWT");
    ObjectNode error = schemas.putObject("Error");
    error.put("type", "object");
    ObjectNode ep = error.putObject("properties");
    ep.putObject("error").put("type", "string");
    ep.putObject("message").put("type", "string");
    ep.putObject("field").put("type", "string");
    error.putArray("required").add("error").add("message");
    components.set("schemas", schemas);
    ArrayNode sec = doc.putArray("security");
    sec.addObject().putArray("bearer");
    return doc;
  }

  private ObjectNode operation(ApiRoute r) {
    ObjectNode op = mapper.createObjectNode();
    op.put("operationId", r.operationId());
    op.putArray("tags").add(r.tag());
    op.put("summary", r.summary());
    if (r.isPublic()) {
      op.putArray("security");
      op.put("description", "No token needed.");
    } else {
      op.put("description", "Permission " + r.permission() + ": roles "
          + r.permission().roles().stream().map(x -> x.claim()).toList() + "."
          + (r.stateChanging() ? " Audited." : ""));
      op.put("x-permission", r.permission().name());
    }
    ArrayNode params = mapper.createArrayNode();
    for (String p : r.pathParams()) {
      ObjectNode n = params.addObject();
      n.put("name", p);
      n.put("in", "path");
      n.put("required", true);
      n.putObject("schema").put("type", "string");
    }
    for (Map.Entry<String, String> q : r.queryParams().entrySet()) {
      ObjectNode n = params.addObject();
      n.put("name", q.getKey());
      n.put("in", "query");
      n.put("required", false);
      n.put("description", q.getValue());
      n.putObject("schema").put("type", "string");
    }
    if (!params.isEmpty()) op.set("parameters", params);
    if (r.requestType() != null) {
      ObjectNode body = op.putObject("requestBody");
      body.put("required", !r.operationId().endsWith("kill-switch.engage")); // their bodies are optional
      body.putObject("content").putObject("application/json").set("schema", schemaRef(r.requestType()));
    }
    ObjectNode responses = op.putObject("responses");
    ObjectNode ok = responses.putObject(Integer.toString(r.successStatus()));
    ok.put("description", "success");
    if (r.responseType() != null) {
      ok.putObject("content").putObject("application/json").set("schema", schemaRef(r.responseType()));
    } else if (r.operationId().equals("events.stream")) {
      ok.putObject("content").putObject("text/event-stream").putObject("schema").put("type", "string");
    }
    if (!r.isPublic()) {
      error(responses, 401, "missing or invalid token");
      error(responses, 403, "the role lacks " + r.permission());
      error(responses, 429, "rate limit exceeded (Retry-After)");
    }
    if (r.requestType() != null) {
      error(responses, 400, "invalid request");
      error(responses, 413, "request body too large");
    }
    if (!r.pathParams().isEmpty()) error(responses, 404, "unknown id (in this tenant)");
    if (r.stateChanging()) error(responses, 409, "conflict: illegal lifecycle transition or id taken");
    if (!r.isPublic()) error(responses, 503, "an agent did not answer in time");
    return op;
  }

  private void error(ObjectNode responses, int status, String description) {
    ObjectNode e = responses.putObject(Integer.toString(status));
    e.put("description", description);
    e.putObject("content").putObject("application/json").putObject("schema").put("$ref", "#/components/schemas/Error");
  }

  private JsonNode schemaRef(Class<?> type) {
    if (!type.isRecord()) return schema(type);
    String name = name(type);
    if (!schemas.has(name)) {
      ObjectNode s = schemas.putObject(name); // placeholder first: records may refer to themselves
      s.put("type", "object");
      ObjectNode props = s.putObject("properties");
      for (RecordComponent c : type.getRecordComponents()) props.set(c.getName(), schema(c.getGenericType()));
    }
    ObjectNode ref = mapper.createObjectNode();
    ref.put("$ref", "#/components/schemas/" + name);
    return ref;
  }

  private static String name(Class<?> type) {
    Class<?> outer = type.getEnclosingClass();
    return outer == null || outer.getSimpleName().equals("Dto") ? type.getSimpleName()
        : outer.getSimpleName() + type.getSimpleName();
  }

  private JsonNode schema(Type t) {
    ObjectNode s = mapper.createObjectNode();
    if (t instanceof ParameterizedType p) {
      Class<?> raw = (Class<?>) p.getRawType();
      if (Collection.class.isAssignableFrom(raw)) {
        s.put("type", "array");
        s.set("items", schema(p.getActualTypeArguments()[0]));
        return s;
      }
      if (Map.class.isAssignableFrom(raw)) {
        s.put("type", "object");
        s.set("additionalProperties", schema(p.getActualTypeArguments()[1]));
        return s;
      }
      return schema(raw);
    }
    Class<?> c = (Class<?>) t;
    if (c == String.class) s.put("type", "string");
    else if (c == int.class || c == Integer.class || c == long.class || c == Long.class) s.put("type", "integer");
    else if (c == double.class || c == Double.class || c == BigDecimal.class) s.put("type", "number");
    else if (c == boolean.class || c == Boolean.class) s.put("type", "boolean");
    else if (c == Instant.class) s.put("type", "string").put("format", "date-time");
    else if (c == Duration.class) s.put("type", "string").put("format", "duration").put("example", "PT30M");
    else if (c.isEnum()) {
      s.put("type", "string");
      ArrayNode values = s.putArray("enum");
      for (Object o : c.getEnumConstants()) values.add(o.toString());
    } else if (c.isRecord()) return schemaRef(c);
    else s.put("type", "object"); // JsonNode, Object
    return s;
  }
}
