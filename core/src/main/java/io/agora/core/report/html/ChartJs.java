package io.agora.core.report.html;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Properties;

/**
 * The Chart.js bundle from the {@code org.webjars.npm:chart.js} WebJar, read once from the classpath. The path inside
 * the jar carries the version, so the version is taken from the jar's own Maven properties: bumping the dependency
 * needs no code change.
 */
final class ChartJs {
  private static final String PROPERTIES = "/META-INF/maven/org.webjars.npm/chart.js/pom.properties";

  private ChartJs() {}

  /** The Chart.js version on the classpath, e.g. {@code 4.5.1}. */
  static String version() {
    return Holder.VERSION;
  }

  /**
   * The minified UMD bundle (it defines the global {@code Chart} with every component registered), with line ends
   * normalised to LF as an HTML parser does, so that a hash of it matches what the browser hashes.
   */
  static String source() {
    return Holder.SOURCE;
  }

  private static final class Holder {
    static final String VERSION = readVersion();
    static final String SOURCE = readSource(VERSION);
  }

  private static String readVersion() {
    try (InputStream in = ChartJs.class.getResourceAsStream(PROPERTIES)) {
      if (in == null) throw missing(PROPERTIES);
      Properties p = new Properties();
      p.load(in);
      String v = p.getProperty("version");
      if (v == null || v.isBlank()) throw new IllegalStateException(PROPERTIES + " names no version");
      return v.trim();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String readSource(String version) {
    String path = "/META-INF/resources/webjars/chart.js/" + version + "/dist/chart.umd.min.js";
    try (InputStream in = ChartJs.class.getResourceAsStream(path)) {
      if (in == null) throw missing(path);
      String js = new String(in.readAllBytes(), StandardCharsets.UTF_8).replace("\r\n", "\n").replace('\r', '\n');
      // Either sequence would end or confuse the inline <script> element; rewriting minified code is not safe, so a
      // bundle holding one is refused rather than patched.
      String lower = js.toLowerCase(Locale.ROOT);
      if (lower.contains("</script") || lower.contains("<!--")) {
        throw new IllegalStateException("Chart.js " + version + " cannot be inlined: it contains </script or <!--");
      }
      return js;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static IllegalStateException missing(String path) {
    return new IllegalStateException(
        "Chart.js WebJar (org.webjars.npm:chart.js) is not on the classpath: " + path + " not found");
  }
}
