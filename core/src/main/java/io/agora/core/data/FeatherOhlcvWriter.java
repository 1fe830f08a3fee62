package io.agora.core.data;

import io.agora.core.market.CandleSeries;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.TimeStampNanoTZVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.compression.CompressionUtil;
import org.apache.arrow.vector.ipc.ArrowFileWriter;
import org.apache.arrow.vector.ipc.message.IpcOption;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Feather V2 as pandas' {@code to_feather} writes it for Freqtrade: nullable {@code date} timestamp[ns, tz=UTC] and
 * five nullable doubles, LZ4_FRAME-compressed ({@link FeatherCodecs}), in record batches of 64Ki rows (pyarrow's
 * default chunk size).
 * NaN volume is written as null, which is what pyarrow makes of pandas' NaN.
 */
final class FeatherOhlcvWriter {
  static final int BATCH_ROWS = 1 << 16;

  private static final ArrowType DOUBLE = new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE);
  private static final Schema SCHEMA =
      new Schema(
          List.of(
              Field.nullable("date", new ArrowType.Timestamp(TimeUnit.NANOSECOND, "UTC")),
              Field.nullable("open", DOUBLE),
              Field.nullable("high", DOUBLE),
              Field.nullable("low", DOUBLE),
              Field.nullable("close", DOUBLE),
              Field.nullable("volume", DOUBLE)));

  private FeatherOhlcvWriter() {}

  static void write(CandleSeries s, Path file) throws IOException {
    long[] t = s.openTime();
    double[][] values = {s.open(), s.high(), s.low(), s.close(), s.volume()};
    try (BufferAllocator alloc = ArrowMemory.forFile(file.toString());
        VectorSchemaRoot root = VectorSchemaRoot.create(SCHEMA, alloc);
        FileChannel ch =
            FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE);
        ArrowFileWriter writer =
            new ArrowFileWriter(
                root,
                null,
                ch,
                Map.of(),
                IpcOption.DEFAULT,
                FeatherCodecs.INSTANCE,
                CompressionUtil.CodecType.LZ4_FRAME,
                Optional.empty())) {
      writer.start();
      TimeStampNanoTZVector date = (TimeStampNanoTZVector) root.getVector(0);
      for (int from = 0; from < t.length; from += BATCH_ROWS) {
        int n = Math.min(BATCH_ROWS, t.length - from);
        date.allocateNew(n);
        for (int i = 0; i < n; i++) date.set(i, Math.multiplyExact(t[from + i], 1_000_000L));
        date.setValueCount(n);
        for (int c = 0; c < 5; c++) {
          Float8Vector v = (Float8Vector) root.getVector(c + 1);
          double[] src = values[c];
          v.allocateNew(n);
          for (int i = 0; i < n; i++) {
            double d = src[from + i];
            if (Double.isNaN(d)) v.setNull(i);
            else v.set(i, d);
          }
          v.setValueCount(n);
        }
        root.setRowCount(n);
        writer.writeBatch();
      }
      writer.end();
    }
  }
}
