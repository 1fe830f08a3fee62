package io.agora.core.data;

import io.agora.core.market.CandleSeries;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.conf.ParquetConfiguration;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.api.WriteSupport;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.LocalOutputFile;
import org.apache.parquet.io.OutputFile;
import org.apache.parquet.io.api.RecordConsumer;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Types;

/**
 * Parquet as Freqtrade's {@code ParquetDataHandler} (pandas + pyarrow) writes it: optional INT64
 * {@code TIMESTAMP(NANOS, UTC)} date and five optional DOUBLE columns, Snappy pages, one row group for candle-sized
 * data. NaN volume is written as null, like pyarrow does.
 */
final class ParquetOhlcvWriter {
  static final MessageType SCHEMA =
      Types.buildMessage()
          .optional(PrimitiveTypeName.INT64)
          .as(LogicalTypeAnnotation.timestampType(true, LogicalTypeAnnotation.TimeUnit.NANOS))
          .named("date")
          .optional(PrimitiveTypeName.DOUBLE)
          .named("open")
          .optional(PrimitiveTypeName.DOUBLE)
          .named("high")
          .optional(PrimitiveTypeName.DOUBLE)
          .named("low")
          .optional(PrimitiveTypeName.DOUBLE)
          .named("close")
          .optional(PrimitiveTypeName.DOUBLE)
          .named("volume")
          .named("schema");

  private static final String[] NAMES = {"date", "open", "high", "low", "close", "volume"};

  private ParquetOhlcvWriter() {}

  static void write(CandleSeries s, Path file) throws IOException {
    Cursor row = new Cursor(s);
    try (ParquetWriter<Cursor> w =
        new Builder(new LocalOutputFile(file))
            .withConf(new PlainParquetConfiguration())
            .withCodecFactory(ParquetCodecs.INSTANCE)
            .withCompressionCodec(CompressionCodecName.SNAPPY)
            .withWriteMode(ParquetFileWriter.Mode.OVERWRITE)
            .withValidation(false)
            .build()) {
      for (int i = 0; i < s.size(); i++) {
        row.index = i;
        w.write(row);
      }
    }
  }

  /** The row being written: one reused object, so writing allocates nothing per candle. */
  private static final class Cursor {
    final long[] t;
    final double[][] values;
    int index;

    Cursor(CandleSeries s) {
      t = s.openTime();
      values = new double[][] {s.open(), s.high(), s.low(), s.close(), s.volume()};
    }
  }

  private static final class Support extends WriteSupport<Cursor> {
    private RecordConsumer out;

    @Override
    @SuppressWarnings("deprecation") // abstract in parquet-java, never called with the plain configuration
    public WriteContext init(Configuration configuration) {
      return new WriteContext(SCHEMA, Map.of());
    }

    @Override
    public WriteContext init(ParquetConfiguration configuration) {
      return new WriteContext(SCHEMA, Map.of());
    }

    @Override
    public void prepareForWrite(RecordConsumer recordConsumer) {
      out = recordConsumer;
    }

    @Override
    public void write(Cursor row) {
      int i = row.index;
      out.startMessage();
      out.startField(NAMES[0], 0);
      out.addLong(Math.multiplyExact(row.t[i], 1_000_000L));
      out.endField(NAMES[0], 0);
      for (int c = 0; c < 5; c++) {
        double d = row.values[c][i];
        if (Double.isNaN(d)) continue; // an absent optional field is a null
        out.startField(NAMES[c + 1], c + 1);
        out.addDouble(d);
        out.endField(NAMES[c + 1], c + 1);
      }
      out.endMessage();
    }
  }

  private static final class Builder extends ParquetWriter.Builder<Cursor, Builder> {
    Builder(OutputFile file) {
      super(file);
    }

    @Override
    protected Builder self() {
      return this;
    }

    @Override
    @SuppressWarnings("deprecation") // abstract in parquet-java, never called with the plain configuration
    protected WriteSupport<Cursor> getWriteSupport(Configuration conf) {
      return new Support();
    }

    @Override
    protected WriteSupport<Cursor> getWriteSupport(ParquetConfiguration conf) {
      return new Support();
    }
  }
}
