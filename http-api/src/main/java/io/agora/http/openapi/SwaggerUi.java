package io.agora.http.openapi;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.apache.pekko.http.javadsl.model.ContentType;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpCharsets;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.MediaTypes;
import org.apache.pekko.http.javadsl.model.headers.RawHeader;

/**
 * Swagger UI from the {@code org.webjars:swagger-ui} WebJar: a page at {@code /api/v1/docs} that loads the
 * document from {@code /api/v1/openapi.json}, and the WebJar's files under {@code /api/v1/docs/}.
 */
public final class SwaggerUi {
  private static final Pattern FILE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,100}");
  private final String base;
  private final String docsPath;
  private final String documentPath;
  private final ConcurrentHashMap<String, Optional<byte[]>> cache = new ConcurrentHashMap<>();

  public SwaggerUi(String docsPath, String documentPath) {
    this.base = "META-INF/resources/webjars/swagger-ui/" + version() + "/";
    this.docsPath = docsPath;
    this.documentPath = documentPath;
  }

  /** The WebJar's version, from its Maven properties. */
  static String version() {
    try (InputStream in = SwaggerUi.class.getClassLoader()
        .getResourceAsStream("META-INF/maven/org.webjars/swagger-ui/pom.properties")) {
      if (in == null) throw new IllegalStateException("the swagger-ui WebJar is not on the class path");
      Properties p = new Properties();
      p.load(in);
      return p.getProperty("version");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public HttpResponse page() {
    String html = "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>Agora API</title>\n"
        + "<link rel=\"stylesheet\" href=\"" + docsPath + "/swagger-ui.css\"></head>\n"
        + "<body><div id=\"swagger-ui\"></div>\n"
        + "<script src=\"" + docsPath + "/swagger-ui-bundle.js\"></script>\n"
        + "<script>window.ui = SwaggerUIBundle({url: \"" + documentPath + "\", dom_id: \"#swagger-ui\", "
        + "persistAuthorization: false});</script>\n"
        + "</body></html>\n";
    return HttpResponse.create().withStatus(200)
        .withEntity(ContentTypes.TEXT_HTML_UTF8, html.getBytes(StandardCharsets.UTF_8));
  }

  /** A file of the WebJar, or empty when there is none of that name. */
  public Optional<HttpResponse> file(String name) {
    if (!FILE.matcher(name).matches()) return Optional.empty();
    Optional<byte[]> bytes = cache.computeIfAbsent(name, n -> {
      try (InputStream in = SwaggerUi.class.getClassLoader().getResourceAsStream(base + n)) {
        return in == null ? Optional.empty() : Optional.of(in.readAllBytes());
      } catch (IOException e) {
        return Optional.empty();
      }
    });
    return bytes.map(b -> HttpResponse.create().withStatus(200).withEntity(contentType(name), b)
        .addHeader(RawHeader.create("Cache-Control", "public, max-age=86400")));
  }

  private static ContentType contentType(String name) {
    if (name.endsWith(".js")) return MediaTypes.APPLICATION_JAVASCRIPT.toContentType(HttpCharsets.UTF_8);
    if (name.endsWith(".css")) return MediaTypes.TEXT_CSS.toContentType(HttpCharsets.UTF_8);
    if (name.endsWith(".html")) return ContentTypes.TEXT_HTML_UTF8;
    if (name.endsWith(".png")) return MediaTypes.IMAGE_PNG.toContentType();
    return ContentTypes.TEXT_PLAIN_UTF8;
  }
}
