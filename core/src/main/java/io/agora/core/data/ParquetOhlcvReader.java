package io.agora.core.data;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.parquet.ParquetReadOptions;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.ColumnReader;
import org.apache.parquet.column.impl.ColumnReadStoreImpl;
import org.apache.parquet.column.page.PageReadStore;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.metadata.FileMetaData;
import org.apache.parquet.io.LocalInputFile;
import org.apache.parquet.io.api.Converter;
import org.apache.parquet.io.api.GroupConverter;
import org.apache.parquet.io.api.PrimitiveConverter;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Type;

/**
 * Reads Parquet candle files as Freqtrade (pandas/pyarrow) writes them: {@code date} INT64
 * {@code TIMESTAMP(NANOS, UTC)} (MICROS and MILLIS accepted) and five DOUBLE columns. Uses parquet-java's column
 * readers directly, one column at a time into primitive arrays, so no record objects are assembled.
 */
final class ParquetOhlcvReader {
  private static final byte[] MAGIC = "PAR1".getBytes(StandardCharsets.US_ASCII);

  /** Column readers need a converter tree; values are pulled with getDouble/getLong instead, so it does nothing. */
  private static final GroupConverter NO_CONVERTER =
      new GroupConverter() {
        private final PrimitiveConverter primitive = new PrimitiveConverter() {};

        @Override
        public Converter getConverter(int fieldIndex) {
          return primitive;
        }

        @Override
        public void start() {}

        @Override
        public void end() {}
      };

  private ParquetOhlcvReader() {}

  static OhlcvColumns read(Path file) {
    checkMagic(file);
    // the plain configuration and our codecs keep parquet-java from instantiating Hadoop's Configuration
    ParquetReadOptions options =
        ParquetReadOptions.builder(new PlainParquetConfiguration()).withCodecFactory(ParquetCodecs.INSTANCE).build();
    try (ParquetFileReader reader = new ParquetFileReader(new LocalInputFile(file), options)) {
      FileMetaData meta = reader.getFileMetaData();
      MessageType schema = meta.getSchema();
      long dateUnitsPerSecond = checkSchema(file, schema);
      long total = reader.getRecordCount();
      if (total == 0) {
        throw OhlcvDataException.inFile(file, "no candles (the table has 0 rows); download the data again or remove the file");
      }
      if (total > Integer.MAX_VALUE - 16) throw OhlcvDataException.inFile(file, "too many rows: " + total);
      OhlcvColumns cols = new OhlcvColumns((int) total);
      List<ColumnDescriptor> columns = schema.getColumns();
      int offset = 0;
      PageReadStore group;
      while ((group = reader.readNextRowGroup()) != null) {
        int n = (int) group.getRowCount();
        cols.ensureCapacity(offset + n);
        ColumnReadStoreImpl store = new ColumnReadStoreImpl(group, NO_CONVERTER, schema, meta.getCreatedBy());
        readTimes(file, store.getColumnReader(columns.get(0)), columns.get(0), n, cols.timeArray(), offset, dateUnitsPerSecond);
        readValues(file, store.getColumnReader(columns.get(1)), columns.get(1), n, cols.openArray(), offset, false);
        readValues(file, store.getColumnReader(columns.get(2)), columns.get(2), n, cols.highArray(), offset, false);
        readValues(file, store.getColumnReader(columns.get(3)), columns.get(3), n, cols.lowArray(), offset, false);
        readValues(file, store.getColumnReader(columns.get(4)), columns.get(4), n, cols.closeArray(), offset, false);
        readValues(file, store.getColumnReader(columns.get(5)), columns.get(5), n, cols.volumeArray(), offset, true);
        offset += n;
      }
      cols.size(offset);
      OhlcvSchema.checkValues(file, cols, 0, offset, 1);
      return cols;
    } catch (OhlcvDataException e) {
      throw e;
    } catch (IOException | RuntimeException e) {
      throw OhlcvDataException.inFile(file, "cannot read Parquet file: " + e, e);
    }
  }

  private static void checkMagic(Path file) {
    try {
      long size = Files.size(file);
      if (size == 0) {
        throw OhlcvDataException.inFile(file, "file is empty (0 bytes); download the data again or remove the file");
      }
      byte[] head;
      try (InputStream in = Files.newInputStream(file)) {
        head = in.readNBytes(MAGIC.length);
      }
      boolean ok = size >= 12 && java.util.Arrays.equals(head, MAGIC);
      if (!ok) throw OhlcvDataException.inFile(file, "not a Parquet file: it does not start with PAR1");
    } catch (IOException e) {
      throw OhlcvDataException.inFile(file, "cannot read: " + e, e);
    }
  }

  private static long checkSchema(Path file, MessageType schema) {
    List<Type> fields = schema.getFields();
    OhlcvSchema.checkNames(file, fields.stream().map(Type::getName).toList(), describe(schema));
    for (Type f : fields) {
      if (!f.isPrimitive() || f.isRepetition(Type.Repetition.REPEATED)) {
        throw OhlcvDataException.inHeader(file, "column " + f.getName() + " is nested or repeated; expected a plain column");
      }
    }
    PrimitiveType date = fields.get(0).asPrimitiveType();
    LogicalTypeAnnotation logical = date.getLogicalTypeAnnotation();
    if (date.getPrimitiveTypeName() != PrimitiveTypeName.INT64
        || !(logical instanceof LogicalTypeAnnotation.TimestampLogicalTypeAnnotation ts)) {
      throw OhlcvDataException.inHeader(
          file, "column date is " + date + "; expected INT64 TIMESTAMP (NANOS, MICROS or MILLIS), as pandas writes it");
    }
    for (int c = 1; c < 6; c++) {
      PrimitiveTypeName t = fields.get(c).asPrimitiveType().getPrimitiveTypeName();
      if (t != PrimitiveTypeName.DOUBLE && t != PrimitiveTypeName.FLOAT && t != PrimitiveTypeName.INT64 && t != PrimitiveTypeName.INT32
          || fields.get(c).getLogicalTypeAnnotation() != null) {
        throw OhlcvDataException.inHeader(file, "column " + fields.get(c) + " is not numeric; expected DOUBLE");
      }
    }
    return switch (ts.getUnit()) {
      case MILLIS -> 1_000L;
      case MICROS -> 1_000_000L;
      case NANOS -> 1_000_000_000L;
    };
  }

  private static String describe(MessageType schema) {
    StringBuilder sb = new StringBuilder("[");
    for (Type f : schema.getFields()) {
      if (sb.length() > 1) sb.append(", ");
      sb.append(f.toString().trim());
    }
    return sb.append(']').toString();
  }

  private static void readTimes(
      Path file, ColumnReader r, ColumnDescriptor d, int n, long[] dst, int offset, long unitsPerSecond) {
    int defined = d.getMaxDefinitionLevel();
    for (int i = 0; i < n; i++) {
      if (r.getCurrentDefinitionLevel() < defined) throw OhlcvDataException.atRow(file, offset + i + 1L, "date is missing (null)");
      dst[offset + i] = OhlcvSchema.toMillis(r.getLong(), unitsPerSecond);
      r.consume();
    }
  }

  private static void readValues(
      Path file, ColumnReader r, ColumnDescriptor d, int n, double[] dst, int offset, boolean nullIsNaN) {
    int defined = d.getMaxDefinitionLevel();
    PrimitiveTypeName type = d.getPrimitiveType().getPrimitiveTypeName();
    for (int i = 0; i < n; i++) {
      if (r.getCurrentDefinitionLevel() < defined) {
        if (!nullIsNaN) {
          throw OhlcvDataException.atRow(
              file, offset + i + 1L, d.getPath()[0] + " is missing (null); prices must be finite numbers");
        }
        dst[offset + i] = Double.NaN;
      } else {
        dst[offset + i] =
            switch (type) {
              case DOUBLE -> r.getDouble();
              case FLOAT -> r.getFloat();
              case INT64 -> r.getLong();
              default -> r.getInteger();
            };
      }
      r.consume();
    }
  }
}
