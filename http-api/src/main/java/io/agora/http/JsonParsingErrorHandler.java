package io.agora.http;

import java.nio.charset.StandardCharsets;
import org.apache.pekko.event.LoggingAdapter;
import org.apache.pekko.http.ParsingErrorHandler;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.scaladsl.model.ErrorInfo;
import org.apache.pekko.http.scaladsl.model.StatusCode;
import org.apache.pekko.http.scaladsl.settings.ServerSettings;

/**
 * Requests so malformed that Pekko cannot parse them (a bad request line, illegal percent-encoding, oversized
 * headers) never reach the route: Pekko answers them with this handler ({@code
 * pekko.http.server.parsing.error-handler}), which gives the API's JSON error body and turns Pekko's 5xx answers to
 * such requests (505 for a broken protocol field) into 400: they are the client's mistake.
 */
public final class JsonParsingErrorHandler extends ParsingErrorHandler {
  /** Pekko looks the handler up as a Scala object: the static {@code MODULE$} instance. */
  public static final JsonParsingErrorHandler MODULE$ = new JsonParsingErrorHandler();

  @Override
  public HttpResponse handle(StatusCode status, ErrorInfo info, LoggingAdapter log, ServerSettings settings) {
    int code = status.intValue() >= 500 ? 400 : status.intValue();
    String error = switch (code) {
      case 413 -> "payload_too_large";
      case 414 -> "uri_too_long";
      case 431 -> "headers_too_large";
      default -> code == 400 ? "bad_request" : "invalid_request";
    };
    log.warning("Illegal request, responding with status {}: {}", code, info.formatPretty());
    String json = "{\"error\":\"" + error + "\",\"message\":\"" + escape(info.summary()) + "\"}";
    return HttpResponse.create().withStatus(code)
        .withEntity(ContentTypes.APPLICATION_JSON, json.getBytes(StandardCharsets.UTF_8));
  }

  private static String escape(String s) {
    StringBuilder b = new StringBuilder(s.length());
    for (char c : s.toCharArray()) {
      if (c == '"' || c == '\\') b.append('\\').append(c);
      else if (c < 0x20) b.append(String.format("\\u%04x", (int) c));
      else b.append(c);
    }
    return b.toString();
  }
}
