package io.agora.core.data;

import io.agora.core.market.CandleSeries;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

/** CSV with an ISO-8601 UTC date ({@code 2018-01-10T04:55:00Z}); NaN volume as an empty field, as pandas writes it. */
final class CsvOhlcvWriter {
  private CsvOhlcvWriter() {}

  static void write(CandleSeries s, Path file) throws IOException {
    long[] t = s.openTime();
    double[] o = s.open(), h = s.high(), l = s.low(), c = s.close(), v = s.volume();
    try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      w.write("date,open,high,low,close,volume\n");
      StringBuilder sb = new StringBuilder(128);
      for (int i = 0; i < t.length; i++) {
        sb.setLength(0);
        sb.append(Instant.ofEpochMilli(t[i])).append(',');
        sb.append(o[i]).append(',').append(h[i]).append(',').append(l[i]).append(',').append(c[i]).append(',');
        if (!Double.isNaN(v[i])) sb.append(v[i]);
        sb.append('\n');
        w.append(sb);
      }
    }
  }
}
