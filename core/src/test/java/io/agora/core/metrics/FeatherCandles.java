package io.agora.core.metrics;

import io.agora.core.market.CandleSeries;
import io.agora.core.market.Instrument;
import io.agora.core.market.Timeframe;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import org.apache.arrow.compression.CommonsCompressionFactory;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.TimeStampVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowFileReader;

/**
 * Minimal reader of Freqtrade's OHLCV feather files for tests (columns date, open, high, low, close, volume by
 * position; date in ns). The data loader proper lives elsewhere; this only feeds the market-change conformance case.
 */
final class FeatherCandles {
  private FeatherCandles() {}

  static CandleSeries read(Path file, String pair, String timeframe) {
    try (BufferAllocator alloc = new RootAllocator();
        FileChannel ch = FileChannel.open(file, StandardOpenOption.READ);
        ArrowFileReader reader = new ArrowFileReader(ch, alloc, CommonsCompressionFactory.INSTANCE)) {
      VectorSchemaRoot root = reader.getVectorSchemaRoot();
      int n = 0;
      long[] time = new long[0];
      double[][] cols = new double[5][0];
      while (reader.loadNextBatch()) {
        int rows = root.getRowCount();
        time = Arrays.copyOf(time, n + rows);
        for (int c = 0; c < 5; c++) cols[c] = Arrays.copyOf(cols[c], n + rows);
        FieldVector date = root.getVector(0);
        for (int r = 0; r < rows; r++) {
          long raw = date instanceof TimeStampVector ts ? ts.get(r) : ((BigIntVector) date).get(r);
          time[n + r] = Math.floorDiv(raw, 1_000_000L);
          for (int c = 0; c < 5; c++) {
            Float8Vector v = (Float8Vector) root.getVector(c + 1);
            cols[c][n + r] = v.isNull(r) ? Double.NaN : v.get(r);
          }
        }
        n += rows;
      }
      return new CandleSeries(Instrument.of(pair), Timeframe.parse(timeframe), time, cols[0], cols[1], cols[2], cols[3], cols[4]);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }
}
