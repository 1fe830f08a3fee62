package io.agora.core.data;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowFileReader;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Reads Feather V2 (Arrow IPC file) candle files as pandas/Freqtrade write them: {@code date} as
 * {@code timestamp[ns, tz=UTC]} and five double columns, body buffers LZ4_FRAME- or ZSTD-compressed or plain.
 * Values are copied straight from the Arrow buffers into primitive arrays.
 */
final class FeatherOhlcvReader {
  private static final byte[] ARROW_MAGIC = "ARROW1".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] FEATHER_V1_MAGIC = "FEA1".getBytes(StandardCharsets.US_ASCII);

  private FeatherOhlcvReader() {}

  static OhlcvColumns read(Path file) {
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      checkMagic(file, ch);
      try (BufferAllocator alloc = ArrowMemory.forFile(file.toString());
          ArrowFileReader reader = new ArrowFileReader(ch, alloc, FeatherCodecs.INSTANCE)) {
        VectorSchemaRoot root = reader.getVectorSchemaRoot();
        long dateUnitsPerSecond = checkSchema(file, root.getSchema());
        OhlcvColumns cols = new OhlcvColumns(0);
        int offset = 0;
        while (reader.loadNextBatch()) {
          int n = root.getRowCount();
          cols.ensureCapacity(offset + n);
          List<FieldVector> v = root.getFieldVectors();
          copyTimes(file, v.get(0), n, cols.timeArray(), offset, dateUnitsPerSecond);
          copyValues(file, v.get(1), n, cols.openArray(), offset, false);
          copyValues(file, v.get(2), n, cols.highArray(), offset, false);
          copyValues(file, v.get(3), n, cols.lowArray(), offset, false);
          copyValues(file, v.get(4), n, cols.closeArray(), offset, false);
          copyValues(file, v.get(5), n, cols.volumeArray(), offset, true);
          offset += n;
        }
        cols.size(offset);
        if (offset == 0) {
          throw OhlcvDataException.inFile(file, "no candles (the table has 0 rows); download the data again or remove the file");
        }
        OhlcvSchema.checkValues(file, cols, 0, offset, 1);
        return cols;
      }
    } catch (OhlcvDataException e) {
      throw e;
    } catch (IOException | RuntimeException e) {
      // Arrow reports damage as assorted runtime exceptions (bad flatbuffers, short buffers, unknown codecs)
      throw OhlcvDataException.inFile(file, "cannot read Feather (Arrow IPC) file: " + e, e);
    }
  }

  private static void checkMagic(Path file, FileChannel ch) throws IOException {
    long size = ch.size();
    if (size == 0) {
      throw OhlcvDataException.inFile(file, "file is empty (0 bytes); download the data again or remove the file");
    }
    ByteBuffer head = ByteBuffer.allocate(6);
    while (head.hasRemaining() && ch.read(head, head.position()) > 0) {}
    byte[] b = head.array();
    if (startsWith(b, head.position(), FEATHER_V1_MAGIC)) {
      throw OhlcvDataException.inFile(
          file, "Feather V1 files are not supported; re-save with pandas (df.to_feather) or convert with freqtrade convert-data");
    }
    if (!startsWith(b, head.position(), ARROW_MAGIC) || size < 2L * ARROW_MAGIC.length + 8) {
      throw OhlcvDataException.inFile(file, "not a Feather V2 (Arrow IPC file) file: it does not start with ARROW1 or is truncated");
    }
  }

  private static boolean startsWith(byte[] b, int len, byte[] magic) {
    if (len < magic.length) return false;
    for (int i = 0; i < magic.length; i++) if (b[i] != magic[i]) return false;
    return true;
  }

  /** Validates the schema and returns the date column's units per second. */
  private static long checkSchema(Path file, Schema schema) {
    List<Field> fields = schema.getFields();
    OhlcvSchema.checkNames(file, fields.stream().map(Field::getName).toList(), describe(schema));
    ArrowType date = fields.get(0).getType();
    long unitsPerSecond;
    if (date instanceof ArrowType.Timestamp ts) {
      unitsPerSecond =
          switch (ts.getUnit()) {
            case SECOND -> 1L;
            case MILLISECOND -> 1_000L;
            case MICROSECOND -> 1_000_000L;
            case NANOSECOND -> 1_000_000_000L;
          };
    } else if (date instanceof ArrowType.Int i && i.getBitWidth() == 64 && i.getIsSigned()) {
      unitsPerSecond = 1_000L; // Freqtrade converts a plain integer date column with unit="ms"
    } else {
      throw OhlcvDataException.inHeader(
          file, "column date has type " + date + "; expected timestamp (e.g. timestamp[ns, tz=UTC]) or int64 milliseconds");
    }
    for (int c = 1; c < 6; c++) {
      ArrowType t = fields.get(c).getType();
      boolean ok =
          t instanceof ArrowType.FloatingPoint fp && fp.getPrecision() != FloatingPointPrecision.HALF
              || t instanceof ArrowType.Int i && i.getIsSigned();
      if (!ok) {
        throw OhlcvDataException.inHeader(
            file, "column " + fields.get(c).getName() + " has type " + t + "; expected double (float64)");
      }
    }
    return unitsPerSecond;
  }

  private static String describe(Schema schema) {
    StringBuilder sb = new StringBuilder("[");
    for (Field f : schema.getFields()) {
      if (sb.length() > 1) sb.append(", ");
      sb.append(f.getName()).append(": ").append(f.getType());
    }
    return sb.append(']').toString();
  }

  private static void copyTimes(Path file, FieldVector v, int n, long[] dst, int offset, long unitsPerSecond) {
    ArrowBuf data = v.getDataBuffer();
    boolean nulls = v.getNullCount() > 0;
    for (int i = 0; i < n; i++) {
      if (nulls && v.isNull(i)) throw OhlcvDataException.atRow(file, offset + i + 1L, "date is missing (null)");
      dst[offset + i] = OhlcvSchema.toMillis(data.getLong((long) i * 8), unitsPerSecond);
    }
  }

  private static void copyValues(Path file, FieldVector v, int n, double[] dst, int offset, boolean nullIsNaN) {
    ArrowBuf data = v.getDataBuffer();
    ArrowType t = v.getField().getType();
    boolean nulls = v.getNullCount() > 0;
    if (t instanceof ArrowType.FloatingPoint fp && fp.getPrecision() == FloatingPointPrecision.DOUBLE) {
      for (int i = 0; i < n; i++) dst[offset + i] = data.getDouble((long) i * 8);
    } else if (t instanceof ArrowType.FloatingPoint) {
      for (int i = 0; i < n; i++) dst[offset + i] = data.getFloat((long) i * 4);
    } else {
      int width = ((ArrowType.Int) t).getBitWidth();
      for (int i = 0; i < n; i++) {
        dst[offset + i] =
            switch (width) {
              case 8 -> data.getByte(i);
              case 16 -> data.getShort((long) i * 2);
              case 32 -> data.getInt((long) i * 4);
              default -> data.getLong((long) i * 8);
            };
      }
    }
    if (nulls) {
      for (int i = 0; i < n; i++) {
        if (!v.isNull(i)) continue;
        if (!nullIsNaN) {
          throw OhlcvDataException.atRow(
              file, offset + i + 1L, v.getField().getName() + " is missing (null); prices must be finite numbers");
        }
        dst[offset + i] = Double.NaN;
      }
    }
  }
}
