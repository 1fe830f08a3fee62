package io.agora.core.data;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.agora.core.market.CandleSeries;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;

/**
 * Freqtrade's JSON layout: one compact array of {@code [ms, open, high, low, close, volume]} rows; NaN as null.
 * Numbers are written so that pandas, and so Freqtrade, reads back the exact doubles ({@link PandasJsonNumbers}).
 */
final class JsonOhlcvWriter {
  private static final JsonFactory JSON = new JsonFactory();

  private JsonOhlcvWriter() {}

  static void write(CandleSeries s, Path file, boolean gzip) throws IOException {
    long[] t = s.openTime();
    double[] o = s.open(), h = s.high(), l = s.low(), c = s.close(), v = s.volume();
    try (OutputStream raw = Files.newOutputStream(file);
        OutputStream out = gzip ? new GZIPOutputStream(raw, 1 << 16) : new BufferedOutputStream(raw, 1 << 16);
        JsonGenerator g = JSON.createGenerator(out)) {
      g.writeStartArray();
      for (int i = 0; i < t.length; i++) {
        g.writeStartArray();
        g.writeNumber(t[i]);
        number(g, o[i]);
        number(g, h[i]);
        number(g, l[i]);
        number(g, c[i]);
        number(g, v[i]);
        g.writeEndArray();
      }
      g.writeEndArray();
    }
  }

  private static void number(JsonGenerator g, double d) throws IOException {
    if (Double.isNaN(d)) g.writeNull(); // what pandas writes, and valid JSON
    else if (Double.isInfinite(d)) g.writeNumber(d); // unreadable by pandas, and rejected by the reader anyway
    else g.writeNumber(PandasJsonNumbers.encode(d));
  }
}
