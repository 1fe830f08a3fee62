package io.agora.core.data;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.arrow.compression.CommonsCompressionFactory;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.TimeStampVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.compression.CompressionUtil;
import org.apache.arrow.vector.compression.NoCompressionCodec;
import org.apache.arrow.vector.ipc.ArrowFileWriter;
import org.apache.arrow.vector.ipc.message.IpcOption;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;

/** Feather files the production writer never makes: other codecs, units, types and schemas. */
final class ArrowFixtures {
  static final long T0 = 1_515_560_100_000L; // 2018-01-10T04:55:00Z
  static final int ROWS = 5;

  private ArrowFixtures() {}

  private static final ArrowType DOUBLE = new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE);

  /** Five 5m candles, date in {@code unit}, close as float32, volume as int64: all must read as doubles. */
  static Path ohlcv(Path file, CompressionUtil.CodecType codec, TimeUnit unit, String tz) throws IOException {
    Schema schema =
        new Schema(
            List.of(
                Field.nullable("date", new ArrowType.Timestamp(unit, tz)),
                Field.nullable("open", DOUBLE),
                Field.nullable("high", DOUBLE),
                Field.nullable("low", DOUBLE),
                Field.nullable("close", new ArrowType.FloatingPoint(FloatingPointPrecision.SINGLE)),
                Field.nullable("volume", new ArrowType.Int(64, true))));
    long perMs =
        switch (unit) {
          case SECOND -> 0;
          case MILLISECOND -> 1;
          case MICROSECOND -> 1_000;
          case NANOSECOND -> 1_000_000;
        };
    return write(file, schema, codec, root -> {
      TimeStampVector date = (TimeStampVector) root.getVector(0);
      for (int i = 0; i < ROWS; i++) {
        long ms = T0 + i * 300_000L;
        date.setSafe(i, perMs == 0 ? ms / 1000 : ms * perMs);
        ((Float8Vector) root.getVector(1)).setSafe(i, 1.0 + i);
        ((Float8Vector) root.getVector(2)).setSafe(i, 2.0 + i);
        ((Float8Vector) root.getVector(3)).setSafe(i, 0.5 + i);
        ((Float4Vector) root.getVector(4)).setSafe(i, 1.25f + i);
        ((BigIntVector) root.getVector(5)).setSafe(i, 100L * i);
      }
    });
  }

  static Path ohlcv(Path file, CompressionUtil.CodecType codec) throws IOException {
    return ohlcv(file, codec, TimeUnit.NANOSECOND, "UTC");
  }

  static Path twoColumns(Path file) throws IOException {
    Schema schema =
        new Schema(List.of(Field.nullable("date", new ArrowType.Timestamp(TimeUnit.NANOSECOND, "UTC")), Field.nullable("price", DOUBLE)));
    return write(file, schema, CompressionUtil.CodecType.NO_COMPRESSION, root -> {
      ((TimeStampVector) root.getVector(0)).setSafe(0, T0 * 1_000_000L);
      ((Float8Vector) root.getVector(1)).setSafe(0, 1.0);
    });
  }

  static Path withNullClose(Path file, int nullRow) throws IOException {
    Schema schema =
        new Schema(
            List.of(
                Field.nullable("date", new ArrowType.Timestamp(TimeUnit.NANOSECOND, "UTC")),
                Field.nullable("open", DOUBLE),
                Field.nullable("high", DOUBLE),
                Field.nullable("low", DOUBLE),
                Field.nullable("close", DOUBLE),
                Field.nullable("volume", DOUBLE)));
    return write(file, schema, CompressionUtil.CodecType.LZ4_FRAME, root -> {
      for (int i = 0; i < ROWS; i++) {
        ((TimeStampVector) root.getVector(0)).setSafe(i, (T0 + i * 300_000L) * 1_000_000L);
        for (int c = 1; c < 6; c++) {
          Float8Vector v = (Float8Vector) root.getVector(c);
          if (c == 4 && i == nullRow) v.setNull(i);
          else v.setSafe(i, 1.0);
        }
      }
    });
  }

  private interface Filler {
    void fill(VectorSchemaRoot root);
  }

  private static Path write(Path file, Schema schema, CompressionUtil.CodecType codec, Filler filler) throws IOException {
    try (BufferAllocator alloc = new RootAllocator();
        VectorSchemaRoot root = VectorSchemaRoot.create(schema, alloc);
        FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE);
        ArrowFileWriter w =
            new ArrowFileWriter(
                root,
                null,
                ch,
                Map.of(),
                IpcOption.DEFAULT,
                codec == CompressionUtil.CodecType.NO_COMPRESSION ? NoCompressionCodec.Factory.INSTANCE : CommonsCompressionFactory.INSTANCE,
                codec,
                Optional.empty())) {
      for (FieldVector v : root.getFieldVectors()) v.allocateNew();
      filler.fill(root);
      int rows = root.getVector(0).getValueCount() == 0 ? countSet(root) : root.getVector(0).getValueCount();
      for (FieldVector v : root.getFieldVectors()) v.setValueCount(rows);
      root.setRowCount(rows);
      w.start();
      w.writeBatch();
      w.end();
    }
    return file;
  }

  private static int countSet(VectorSchemaRoot root) {
    FieldVector v = root.getVector(0);
    int n = 0;
    while (n < v.getValueCapacity() && !v.isNull(n)) n++;
    return n;
  }
}
