package io.agora.core.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agora.core.market.CandleSeries;
import io.agora.core.market.CandleType;
import io.agora.core.market.Instrument;
import io.agora.core.market.Timeframe;
import io.agora.core.testing.SharedData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import org.apache.arrow.vector.compression.CompressionUtil;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.parquet.ParquetReadOptions;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.LocalInputFile;
import org.apache.parquet.schema.MessageType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Write, read back, compare: every format keeps every bit; plus the format variants other writers produce. */
class OhlcvRoundTripTest {
  @TempDir Path dir;

  /** Awkward values: full-precision doubles, tiny and huge prices, negatives, NaN volume, sub-second times. */
  static CandleSeries awkward(int n) {
    SplittableRandom r = new SplittableRandom(42);
    long[] t = new long[n];
    double[] o = new double[n], h = new double[n], l = new double[n], c = new double[n], v = new double[n];
    for (int i = 0; i < n; i++) {
      t[i] = 1_515_560_100_000L + i * 300_000L + (i % 7 == 3 ? 17 : 0);
      double scale = Math.pow(10, (i % 13) - 8); // 1e-8 .. 1e4
      o[i] = scale * (1 + r.nextDouble());
      c[i] = scale * (1 + r.nextDouble());
      h[i] = Math.max(o[i], c[i]) * (1 + r.nextDouble() / 10);
      l[i] = i % 11 == 5 ? -0.0001 * r.nextDouble() : Math.min(o[i], c[i]) * (1 - r.nextDouble() / 10);
      v[i] = i % 5 == 2 ? Double.NaN : i % 5 == 4 ? 0.0 : r.nextDouble() * Math.pow(10, i % 9);
    }
    return new CandleSeries(Instrument.of("AWK/USDT"), Timeframe.parse("5m"), t, o, h, l, c, v);
  }

  static void assertSameSeries(CandleSeries a, CandleSeries b) {
    assertArrayEquals(a.openTime(), b.openTime(), "times");
    assertArrayEquals(a.open(), b.open(), "open");
    assertArrayEquals(a.high(), b.high(), "high");
    assertArrayEquals(a.low(), b.low(), "low");
    assertArrayEquals(a.close(), b.close(), "close");
    // assertArrayEquals on doubles compares bits, so NaN volumes must stay NaN
    assertArrayEquals(a.volume(), b.volume(), "volume");
  }

  @ParameterizedTest
  @EnumSource(DataFormat.class)
  void everyFormatRoundTripsExactly(DataFormat format) throws IOException {
    CandleSeries s = awkward(3000);
    Path file = dir.resolve("AWK_USDT-5m" + format.extension());
    OhlcvWriter.write(s, file, format);
    assertEquals(format, DataFormat.ofFile(file));
    assertSameSeries(s, OhlcvReader.readSeries(file, s.instrument(), s.timeframe()));
    assertTrue(Files.list(dir).noneMatch(p -> p.toString().endsWith(".tmp")), "no temp file left");
  }

  @ParameterizedTest
  @EnumSource(DataFormat.class)
  void writingIsDeterministic(DataFormat format) throws IOException {
    CandleSeries s = awkward(500);
    Path a = dir.resolve("a" + format.extension());
    Path b = dir.resolve("b" + format.extension());
    OhlcvWriter.write(s, a, format);
    OhlcvWriter.write(s, b, format);
    assertArrayEquals(Files.readAllBytes(a), Files.readAllBytes(b));
  }

  @Test
  void featherSpansSeveralRecordBatches() {
    CandleSeries s = awkward(FeatherOhlcvWriter.BATCH_ROWS * 2 + 123);
    Path file = OhlcvWriter.write(dir, s, CandleType.SPOT, DataFormat.FEATHER);
    assertEquals(dir.resolve("AWK_USDT-5m.feather"), file);
    assertSameSeries(s, OhlcvReader.readSeries(file, s.instrument(), s.timeframe()));
  }

  @Test
  void writerPutsNonSpotCandlesUnderFutures() {
    CandleSeries s = awkward(10);
    CandleSeries fut = new CandleSeries(Instrument.of("AWK/USDT:USDT"), Timeframe.parse("1M"), s.openTime(), s.open(), s.high(), s.low(), s.close(), s.volume());
    Path file = OhlcvWriter.write(dir, fut, CandleType.MARK, DataFormat.JSONGZ);
    assertEquals(dir.resolve("futures").resolve("AWK_USDT_USDT-1Mo-mark.json.gz"), file);
    assertTrue(Files.isRegularFile(file));
  }

  @Test
  void emptySeriesIsNotWritten() {
    CandleSeries empty = awkward(10).sliceIndex(0, 0);
    Path file = dir.resolve("E_F-5m.json");
    assertThrows(IllegalArgumentException.class, () -> OhlcvWriter.write(empty, file, DataFormat.JSON));
    assertTrue(Files.notExists(file));
  }

  @ParameterizedTest
  @EnumSource(value = CompressionUtil.CodecType.class, names = {"NO_COMPRESSION", "LZ4_FRAME", "ZSTD"})
  void featherCodecsAndColumnTypesOfOtherWriters(CompressionUtil.CodecType codec) throws IOException {
    OhlcvColumns c = OhlcvReader.read(ArrowFixtures.ohlcv(dir.resolve("A_B-5m.feather"), codec));
    assertEquals(ArrowFixtures.ROWS, c.size());
    for (int i = 0; i < c.size(); i++) {
      assertEquals(ArrowFixtures.T0 + i * 300_000L, c.time(i));
      assertEquals(1.0 + i, c.open(i));
      assertEquals(1.25 + i, c.close(i)); // float32 widened
      assertEquals(100.0 * i, c.volume(i)); // int64 widened
    }
  }

  @ParameterizedTest
  @EnumSource(value = TimeUnit.class)
  void featherTimestampUnits(TimeUnit unit) throws IOException {
    OhlcvColumns c = OhlcvReader.read(ArrowFixtures.ohlcv(dir.resolve("A_B-5m.feather"), CompressionUtil.CodecType.LZ4_FRAME, unit, null));
    assertEquals(ArrowFixtures.T0, c.time(0));
    assertEquals(ArrowFixtures.T0 + 4 * 300_000L, c.time(4));
  }

  @Test
  void parquetSchemaIsTheOneFreqtradeWrites() throws IOException {
    Path theirs = SharedData.testdata().resolve("derived/XRP_ETH-5m.parquet");
    Path ours = dir.resolve("XRP_ETH-5m.parquet");
    OhlcvWriter.write(OhlcvReader.readSeries(theirs, Instrument.of("XRP/ETH"), Timeframe.parse("5m")), ours, DataFormat.PARQUET);
    MessageType theirSchema = footerSchema(theirs);
    MessageType ourSchema = footerSchema(ours);
    assertEquals(theirSchema, ourSchema);
    FreqtradeTestdataTest.assertSameColumns(OhlcvReader.read(theirs), OhlcvReader.read(ours));
    try (ParquetFileReader r = open(ours)) {
      assertEquals(1, r.getRowGroups().size());
      assertEquals(CompressionCodecName.SNAPPY, r.getRowGroups().get(0).getColumns().get(0).getCodec());
    }
  }

  @Test
  void featherWrittenHereEqualsFreqtradesFeather() throws IOException {
    Path theirs = SharedData.testdata().resolve("XRP_ETH-5m.feather");
    CandleSeries s = OhlcvReader.readSeries(theirs, Instrument.of("XRP/ETH"), Timeframe.parse("5m"));
    Path ours = dir.resolve("XRP_ETH-5m.feather");
    OhlcvWriter.write(s, ours, DataFormat.FEATHER);
    FreqtradeTestdataTest.assertSameColumns(OhlcvReader.read(theirs), OhlcvReader.read(ours));
  }

  private static ParquetFileReader open(Path p) throws IOException {
    return new ParquetFileReader(
        new LocalInputFile(p),
        ParquetReadOptions.builder(new PlainParquetConfiguration()).withCodecFactory(ParquetCodecs.INSTANCE).build());
  }

  private static MessageType footerSchema(Path p) throws IOException {
    try (ParquetFileReader r = open(p)) {
      return r.getFileMetaData().getSchema();
    }
  }
}
