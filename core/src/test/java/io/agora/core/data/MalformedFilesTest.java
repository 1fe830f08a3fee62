package io.agora.core.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every broken file fails with a message naming the file, the row (or header) and the reason. */
class MalformedFilesTest {
  @TempDir Path dir;

  private static final String ROW1 = "[1509836520000, 0.00162008, 0.00162008, 0.00162008, 0.00162008, 108.14853839]";
  private static final String ROW2 = "[1509836580000, 0.00161, 0.00161, 0.00161, 0.00161, 82.390199]";

  private Path file(String name, String content) throws IOException {
    Path p = dir.resolve(name);
    Files.writeString(p, content, StandardCharsets.UTF_8);
    return p;
  }

  private static OhlcvDataException fails(Path file) {
    OhlcvDataException e = assertThrows(OhlcvDataException.class, () -> OhlcvReader.read(file));
    assertTrue(e.getMessage().startsWith(file.toString() + ": "), e.getMessage());
    assertEquals(file, e.file());
    return e;
  }

  private static void assertContains(String message, String... parts) {
    for (String p : parts) assertTrue(message.contains(p), "'" + p + "' missing in: " + message);
  }

  @Test
  void jsonRowWithFiveValues() throws IOException {
    Path f = file("ETH_BTC-5m.json", "[" + ROW1 + ", " + ROW2 + ", [1509836640000, 1.0, 1.0, 1.0, 1.0]]");
    assertContains(fails(f).getMessage(), "row 3: expected 6 values [ms, open, high, low, close, volume], got 5");
  }

  @Test
  void jsonTruncated() throws IOException {
    Path f = file("ETH_BTC-5m.json", "[" + ROW1 + ", " + ROW2 + ", [1509836640000, 0.0016");
    assertContains(fails(f).getMessage(), "row 3", "truncated");
  }

  @Test
  void jsonTextInANumber() throws IOException {
    Path f = file("ETH_BTC-5m.json", "[" + ROW1 + ", [1509836580000, 0.00161, \"abc\", 0.00161, 0.00161, 82.3]]");
    assertContains(fails(f).getMessage(), "row 2: high is not a number: the text \"abc\"");
  }

  @Test
  void jsonEmptyArrayAndEmptyFile() throws IOException {
    assertContains(fails(file("NOPAIR_XXX-4m.json", "[]")).getMessage(), "no candles (empty array [])");
    assertContains(fails(file("EMPTY_XXX-4m.json", "")).getMessage(), "file is empty (0 bytes)");
    assertContains(fails(file("BLANK_XXX-4m.json", "  \n")).getMessage(), "file is empty");
  }

  @Test
  void jsonNotAnArrayOfRows() throws IOException {
    assertContains(fails(file("A_B-5m.json", "{\"open\": 1}")).getMessage(), "expected a JSON array", "found an object");
    assertContains(fails(file("A_B-5m.json", "[1, 2]")).getMessage(), "row 1: expected a row [ms, open, high, low, close, volume], found 1");
    assertContains(fails(file("A_B-5m.json", "[" + ROW1 + "] x")).getMessage(), "row 1", "invalid JSON");
  }

  @Test
  void jsonDateMustBeIntegerMilliseconds() throws IOException {
    Path f = file("A_B-5m.json", "[" + ROW1 + ", [\"2018-01-10\", 1, 1, 1, 1, 1]]");
    assertContains(fails(f).getMessage(), "row 2: date must be an integer (milliseconds");
    Path g = file("A_B-5m.json", "[[1509836520000.5, 1, 1, 1, 1, 1]]");
    assertContains(fails(g).getMessage(), "row 1: date must be an integer");
  }

  @Test
  void jsonNaNPriceIsRejectedButNaNVolumeAccepted() throws IOException {
    Path bad = file("A_B-5m.json", "[" + ROW1 + ", [1509836580000, 1.0, 1.0, null, 1.0, 5.0]]");
    assertContains(fails(bad).getMessage(), "row 2: low is NaN (missing); prices must be finite numbers");
    Path ok = file("A_B-1h-mark.json", "[[1509836520000, 1.0, 2.0, 0.5, 1.5, null], [1509836580000, 1.0, 2.0, 0.5, 1.5, NaN]]");
    OhlcvColumns c = OhlcvReader.read(ok);
    assertTrue(Double.isNaN(c.volume(0)) && Double.isNaN(c.volume(1)));
  }

  @Test
  void highBelowLowAndNegativeValuesAreAcceptedAsFreqtradeDoes() throws IOException {
    OhlcvColumns c = OhlcvReader.read(file("A_B-8h-funding_rate.json", "[[1509836520000, -0.0001, 0.5, 0.9, -0.0002, 0.0]]"));
    assertEquals(-0.0001, c.open(0));
    assertEquals(0.9, c.low(0));
  }

  @Test
  void gzipTruncated() throws IOException {
    StringBuilder sb = new StringBuilder("[");
    for (int i = 0; i < 2000; i++) sb.append(i == 0 ? "" : ",").append("[").append(1509836520000L + i * 60_000L).append(",1.5,2.5,0.5,1.25,").append(i).append("]");
    var bytes = new java.io.ByteArrayOutputStream();
    try (OutputStream gz = new GZIPOutputStream(bytes)) {
      gz.write(sb.append("]").toString().getBytes(StandardCharsets.US_ASCII));
    }
    byte[] full = bytes.toByteArray();
    Path f = dir.resolve("A_B-1m.json.gz");
    Files.write(f, java.util.Arrays.copyOf(full, full.length / 2));
    assertContains(fails(f).getMessage(), "gzip");
    Files.write(f, "not gzip at all".getBytes(StandardCharsets.US_ASCII));
    assertContains(fails(f).getMessage(), "gzip");
  }

  @Test
  void featherEmptyAndNotArrow() throws IOException {
    Path empty = dir.resolve("UNITTEST_BTC-8m.feather");
    Files.createFile(empty);
    assertContains(fails(empty).getMessage(), "file is empty (0 bytes)");
    assertContains(fails(file("X_Y-5m.feather", "date,open\n1,2\n")).getMessage(), "not a Feather V2 (Arrow IPC file) file");
    assertContains(fails(file("X_Y-5m.feather", "FEA1 and more bytes here")).getMessage(), "Feather V1 files are not supported");
  }

  @Test
  void featherTruncatedAfterTheMagic() throws IOException {
    Path good = ArrowFixtures.ohlcv(dir.resolve("good.feather"), org.apache.arrow.vector.compression.CompressionUtil.CodecType.LZ4_FRAME);
    byte[] b = Files.readAllBytes(good);
    Path cut = dir.resolve("A_B-5m.feather");
    Files.write(cut, java.util.Arrays.copyOf(b, b.length - 40));
    assertContains(fails(cut).getMessage(), "cannot read Feather (Arrow IPC) file");
  }

  @Test
  void featherWithAnotherSchema() throws IOException {
    Path f = ArrowFixtures.twoColumns(dir.resolve("A_B-5m.feather"));
    assertContains(
        fails(f).getMessage(),
        "header: not an OHLCV table: expected the 6 columns [date, open, high, low, close, volume] in this order, found [date: Timestamp(NANOSECOND, UTC), price: FloatingPoint(DOUBLE)]");
  }

  @Test
  void featherWithANullPrice() throws IOException {
    Path f = ArrowFixtures.withNullClose(dir.resolve("A_B-5m.feather"), 2);
    assertContains(fails(f).getMessage(), "row 3: close is missing (null)");
  }

  @Test
  void parquetEmptyAndNotParquet() throws IOException {
    Path empty = dir.resolve("A_B-5m.parquet");
    Files.createFile(empty);
    assertContains(fails(empty).getMessage(), "file is empty (0 bytes)");
    assertContains(fails(file("A_B-5m.parquet", "PAR1 but then nothing useful PAR1")).getMessage(), "cannot read Parquet file");
    assertContains(fails(file("A_B-5m.parquet", "hello world, not parquet")).getMessage(), "not a Parquet file");
  }

  @Test
  void csvBadDate() throws IOException {
    Path f = file("A_B-5m.csv", "date,open,high,low,close,volume\n2018-01-10T04:55:00Z,1,2,0.5,1.5,10\n\n10/01/2018 05:00,1,2,0.5,1.5,10\n");
    assertContains(fails(f).getMessage(), "row 2: date '10/01/2018 05:00' is neither epoch milliseconds nor an ISO-8601 time");
  }

  @Test
  void csvHeaderWrongCountsAndNumbers() throws IOException {
    assertContains(fails(file("A_B-5m.csv", "time,o,h,l,c,v\n1,1,1,1,1,1\n")).getMessage(), "header: not an OHLCV table", "'time,o,h,l,c,v'");
    assertContains(fails(file("A_B-5m.csv", "date,open,high,low,close,volume\n1,1,1,1,1\n")).getMessage(), "row 1: expected 6 values date,open,high,low,close,volume, got 5");
    assertContains(fails(file("A_B-5m.csv", "date,open,high,low,close,volume\n1,1,1,1,1,1\n2,1,1d,1,1,1\n")).getMessage(), "row 2: high is not a number: '1d'");
    assertContains(fails(file("A_B-5m.csv", "date,open,high,low,close,volume\n1,1,1,,1,1\n")).getMessage(), "row 1: low is empty");
    assertContains(fails(file("A_B-5m.csv", "date,open,high,low,close,volume\n1,inf,1,1,1,1\n")).getMessage(), "row 1: open is Infinity");
    assertContains(fails(file("A_B-5m.csv", "date,open,high,low,close,volume\n\n")).getMessage(), "no candles");
    assertContains(fails(file("A_B-5m.csv", "")).getMessage(), "file is empty (0 bytes)");
  }

  @Test
  void csvFormsOfDatesAndMissingVolume() throws IOException {
    Path f =
        file(
            "A_B-5m.csv",
            "\uFEFFDate,Open,High,Low,Close,Volume\n"
                + "2018-01-10T04:55:00Z,1,2,0.5,1.5,10\n"
                + "\n"
                + "\"2018-01-10 05:00:00+00:00\",1,2,0.5,1.5,\n"
                + "1515560700000,1,2,0.5,1.5,NaN\n"
                + "2018-01-10 05:10:00,1,2,0.5,1.5,3.5\n");
    OhlcvColumns c = OhlcvReader.read(f);
    assertEquals(4, c.size());
    long t0 = java.time.Instant.parse("2018-01-10T04:55:00Z").toEpochMilli();
    for (int i = 0; i < 4; i++) assertEquals(t0 + i * 300_000L, c.time(i), "row " + (i + 1));
    assertTrue(Double.isNaN(c.volume(1)) && Double.isNaN(c.volume(2)));
    assertEquals(3.5, c.volume(3));
  }

  @Test
  void hdf5AndUnknownExtensions() throws IOException {
    assertContains(fails(file("UNITTEST_BTC-5m.h5", "x")).getMessage(), "HDF5 is not supported, convert with freqtrade convert-data");
    assertContains(fails(file("UNITTEST_BTC-5m.txt", "x")).getMessage(), "unknown file type");
    MissingDataException e = assertThrows(MissingDataException.class, () -> OhlcvReader.read(dir.resolve("NONE-5m.json")));
    assertContains(e.getMessage(), "NONE-5m.json", "no such file");
  }
}
