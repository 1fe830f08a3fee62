package io.agora.http.routes;

import java.util.List;
import org.apache.pekko.http.javadsl.model.HttpHeader;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.headers.RawHeader;

/** What a handler answers: a status and a body written as JSON, or a ready response (static files). */
public record Reply(int status, Object body, List<HttpHeader> headers, HttpResponse raw) {

  public static Reply ok(Object body) {
    return new Reply(200, body, List.of(), null);
  }

  public static Reply created(Object body, String location) {
    return new Reply(201, body, List.of(RawHeader.create("Location", location)), null);
  }

  public static Reply of(int status, Object body) {
    return new Reply(status, body, List.of(), null);
  }

  public static Reply raw(HttpResponse response) {
    return new Reply(response.status().intValue(), null, List.of(), response);
  }
}
