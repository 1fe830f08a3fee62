package io.agora.http.routes;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A failure answered as {@code {error, message, field?}} with a 4xx/5xx status. Thrown (or completing a stage
 * exceptionally) anywhere in a handler; the router turns it into the response.
 */
public final class ApiError extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final int status;
  private final String error;
  private final String field;

  public ApiError(int status, String error, String message, String field) {
    super(message, null, false, false);
    this.status = status;
    this.error = error;
    this.field = field;
  }

  /** The JSON body of every error response. {@code field} names the offending input, when there is one. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Body(String error, String message, String field) {}

  public int status() {
    return status;
  }

  public String error() {
    return error;
  }

  public String field() {
    return field;
  }

  public Body body() {
    return new Body(error, getMessage(), field);
  }

  public static ApiError badRequest(String message) {
    return new ApiError(400, "bad_request", message, null);
  }

  public static ApiError badRequest(String field, String message) {
    return new ApiError(400, "bad_request", message, field);
  }

  public static ApiError unauthorized(String message) {
    return new ApiError(401, "unauthorized", message, null);
  }

  public static ApiError forbidden(String message) {
    return new ApiError(403, "forbidden", message, null);
  }

  public static ApiError notFound(String message) {
    return new ApiError(404, "not_found", message, null);
  }

  public static ApiError routeNotFound(String path) {
    return new ApiError(404, "route_not_found", "no route for " + path, null);
  }

  public static ApiError methodNotAllowed(String message) {
    return new ApiError(405, "method_not_allowed", message, null);
  }

  public static ApiError conflict(String message) {
    return new ApiError(409, "conflict", message, null);
  }

  public static ApiError payloadTooLarge(long max) {
    return new ApiError(413, "payload_too_large", "the request body is larger than " + max + " bytes", null);
  }

  public static ApiError tooManyRequests(String message) {
    return new ApiError(429, "too_many_requests", message, null);
  }

  public static ApiError unavailable(String message) {
    return new ApiError(503, "unavailable", message, null);
  }

  public static ApiError internal() {
    return new ApiError(500, "internal", "internal error (logged on the node)", null);
  }
}
