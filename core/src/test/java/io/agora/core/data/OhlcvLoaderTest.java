package io.agora.core.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.agora.core.market.CandleSeries;
import io.agora.core.market.CandleType;
import io.agora.core.market.Instrument;
import io.agora.core.market.Timeframe;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

class OhlcvLoaderTest {
  @TempDir Path dir;

  private static final Timeframe M5 = Timeframe.parse("5m");

  private static CandleSeries series(String pair, Timeframe tf, double price, int n) {
    long[] t = new long[n];
    double[] p = new double[n], v = new double[n];
    for (int i = 0; i < n; i++) {
      t[i] = 1_700_000_000_000L - 1_700_000_000_000L % tf.millis() + i * tf.millis();
      p[i] = price;
      v[i] = i;
    }
    return new CandleSeries(Instrument.of(pair), tf, t, p, p, p, p, v);
  }

  @Test
  void fileNamesFollowFreqtrade() {
    assertEquals(dir.resolve("ETH_BTC-5m.feather"), OhlcvLoader.dataFile(dir, "ETH/BTC", M5, CandleType.SPOT, DataFormat.FEATHER));
    assertEquals(
        dir.resolve("futures/XRP_USDT_USDT-1h-futures.feather"),
        OhlcvLoader.dataFile(dir, "XRP/USDT:USDT", Timeframe.parse("1h"), CandleType.FUTURES, DataFormat.FEATHER));
    assertEquals(
        dir.resolve("futures/XRP_USDT_USDT-8h-funding_rate.json.gz"),
        OhlcvLoader.dataFile(dir, "XRP/USDT:USDT", Timeframe.parse("8h"), CandleType.FUNDING_RATE, DataFormat.JSONGZ));
    assertEquals(
        dir.resolve("futures/BTC_USDT_USDT-1Mo-premiumIndex.parquet"),
        OhlcvLoader.dataFile(dir, "BTC/USDT:USDT", Timeframe.parse("1M"), CandleType.PREMIUM_INDEX, DataFormat.PARQUET));
    assertEquals(dir.resolve("1INCH_USDT-1d.csv"), OhlcvLoader.dataFile(dir, "1INCH/USDT", Timeframe.parse("1d"), CandleType.SPOT, DataFormat.CSV));
  }

  @Test
  void pairsAreRebuiltFromFileNamesAsFreqtradeDoes() {
    assertEquals("ETH/BTC", OhlcvLoader.pairFromFileName("ETH_BTC"));
    assertEquals("XRP/USDT:USDT", OhlcvLoader.pairFromFileName("XRP_USDT_USDT"));
    assertEquals("1INCH/USDT", OhlcvLoader.pairFromFileName("1INCH_USDT"));
    assertEquals("UNITTEST/BTC", OhlcvLoader.pairFromFileName("UNITTEST_BTC"));
  }

  @Test
  void preferredFormatWinsAndAnotherIsUsedWithAnInfoLog() {
    OhlcvWriter.write(dir, series("ETH/BTC", M5, 1.0, 10), CandleType.SPOT, DataFormat.JSON);
    OhlcvWriter.write(dir, series("ETH/BTC", M5, 2.0, 10), CandleType.SPOT, DataFormat.PARQUET);
    assertEquals(1.0, new OhlcvLoader(dir, DataFormat.JSON, true).load("ETH/BTC", M5).close()[0]);
    assertEquals(2.0, new OhlcvLoader(dir, DataFormat.PARQUET, true).load("ETH/BTC", M5).close()[0]);

    ListAppender<ILoggingEvent> log = new ListAppender<>();
    log.start();
    Logger logger = (Logger) LoggerFactory.getLogger(OhlcvLoader.class);
    logger.addAppender(log);
    try {
      // no feather: the first other format in DataFormat order (parquet) is taken
      CandleSeries s = new OhlcvLoader(dir).load("ETH/BTC", M5);
      assertEquals(2.0, s.close()[0]);
      List<ILoggingEvent> infos = log.list.stream().filter(e -> e.getLevel() == Level.INFO).toList();
      assertEquals(1, infos.size());
      assertTrue(infos.get(0).getFormattedMessage().contains(dir.resolve("ETH_BTC-5m.parquet").toString()), infos.get(0).getFormattedMessage());
    } finally {
      logger.detachAppender(log);
    }
  }

  @Test
  void missingDataNamesThePathsLookedFor() {
    MissingDataException e =
        assertThrows(MissingDataException.class, () -> new OhlcvLoader(dir).load("SOL/USDT:USDT", Timeframe.parse("1h"), CandleType.MARK));
    String msg = e.getMessage();
    for (DataFormat f : DataFormat.values()) {
      assertTrue(msg.contains(dir.resolve("futures/SOL_USDT_USDT-1h-mark" + f.extension()).toString()), msg);
    }
    assertTrue(msg.indexOf(".feather") < msg.indexOf(".parquet"), "preferred format first: " + msg);
  }

  @Test
  void onlyHdf5SaysHowToConvert() throws IOException {
    Files.writeString(dir.resolve("ETH_BTC-5m.h5"), "not really hdf5");
    OhlcvDataException e = assertThrows(OhlcvDataException.class, () -> new OhlcvLoader(dir).load("ETH/BTC", M5));
    assertTrue(e.getMessage().contains("HDF5 is not supported, convert with freqtrade convert-data"), e.getMessage());
    assertEquals(dir.resolve("ETH_BTC-5m.h5"), e.file());
    IllegalArgumentException f = assertThrows(IllegalArgumentException.class, () -> DataFormat.fromValue("hdf5"));
    assertTrue(f.getMessage().contains("HDF5 is not supported"));
  }

  @Test
  void monthFilesAreFoundUnderBothNames() throws IOException {
    Timeframe month = Timeframe.parse("1M");
    CandleSeries s = series("ETH/BTC", Timeframe.parse("1d"), 3.0, 1);
    OhlcvWriter.write(s, dir.resolve("ETH_BTC-1M.json"), DataFormat.JSON);
    assertEquals(dir.resolve("ETH_BTC-1M.json"), new OhlcvLoader(dir).locate("ETH/BTC", month, CandleType.SPOT));
    OhlcvWriter.write(s, dir.resolve("ETH_BTC-1Mo.json"), DataFormat.JSON);
    assertEquals(dir.resolve("ETH_BTC-1Mo.json"), new OhlcvLoader(dir).locate("ETH/BTC", month, CandleType.SPOT));
  }

  @Test
  void dataFormatValues() {
    assertEquals(DataFormat.FEATHER, DataFormat.fromValue("feather"));
    assertEquals(DataFormat.JSONGZ, DataFormat.fromValue("jsongz"));
    assertEquals(DataFormat.JSONGZ, DataFormat.fromValue("JSON.GZ"));
    assertEquals(DataFormat.CSV, DataFormat.fromValue(" csv "));
    assertThrows(IllegalArgumentException.class, () -> DataFormat.fromValue("xlsx"));
    assertEquals(DataFormat.JSONGZ, DataFormat.ofFile(Path.of("A_B-5m.json.gz")));
    assertEquals(DataFormat.JSON, DataFormat.ofFile(Path.of("A_B-5m.json")));
    assertNull(DataFormat.ofFile(Path.of("A_B-5m.h5")));
  }

  @Test
  void availableListsWhatIsThereAndIgnoresTheRest() throws IOException {
    OhlcvWriter.write(dir, series("ETH/BTC", M5, 1.0, 3), CandleType.SPOT, DataFormat.FEATHER);
    OhlcvWriter.write(dir, series("ETH/BTC", Timeframe.parse("1h"), 1.0, 3), CandleType.SPOT, DataFormat.CSV);
    OhlcvWriter.write(dir, series("XRP/USDT:USDT", Timeframe.parse("8h"), 1.0, 3), CandleType.FUNDING_RATE, DataFormat.PARQUET);
    Files.writeString(dir.resolve("notes.txt"), "x");
    Files.writeString(dir.resolve("ETH_BTC-5m.h5"), "x");
    Files.writeString(dir.resolve("config.json"), "{}");
    List<OhlcvLoader.DataFile> all = new OhlcvLoader(dir).available();
    assertEquals(
        List.of(
            new OhlcvLoader.DataFile("ETH/BTC", M5, CandleType.SPOT, DataFormat.FEATHER, dir.resolve("ETH_BTC-5m.feather")),
            new OhlcvLoader.DataFile("ETH/BTC", Timeframe.parse("1h"), CandleType.SPOT, DataFormat.CSV, dir.resolve("ETH_BTC-1h.csv")),
            new OhlcvLoader.DataFile(
                "XRP/USDT:USDT", Timeframe.parse("8h"), CandleType.FUNDING_RATE, DataFormat.PARQUET, dir.resolve("futures/XRP_USDT_USDT-8h-funding_rate.parquet"))),
        all);
    assertTrue(new OhlcvLoader(dir.resolve("nowhere")).available().isEmpty());
  }

  @Test
  void loadAllKeepsThePairOrderAndReportsAMissingPair() {
    for (String p : List.of("C/USDT", "A/USDT", "B/USDT")) OhlcvWriter.write(dir, series(p, M5, p.charAt(0), 4), CandleType.SPOT, DataFormat.FEATHER);
    var all = new OhlcvLoader(dir).loadAll(List.of("C/USDT", "A/USDT", "B/USDT"), M5, CandleType.SPOT);
    assertEquals(List.of("C/USDT", "A/USDT", "B/USDT"), List.copyOf(all.keySet()));
    assertEquals('A', all.get("A/USDT").close()[0]);
    MissingDataException e =
        assertThrows(MissingDataException.class, () -> new OhlcvLoader(dir).loadAll(List.of("A/USDT", "Z/USDT"), M5, CandleType.SPOT));
    assertTrue(e.getMessage().contains("Z/USDT"), e.getMessage());
  }

  @Test
  void loadPicksSpotOrFuturesFromThePair() {
    OhlcvWriter.write(dir, series("XRP/USDT:USDT", Timeframe.parse("1h"), 5.0, 3), CandleType.FUTURES, DataFormat.FEATHER);
    assertEquals(5.0, new OhlcvLoader(dir).load("XRP/USDT:USDT", Timeframe.parse("1h")).close()[2]);
    assertThrows(MissingDataException.class, () -> new OhlcvLoader(dir).load("XRP/USDT", Timeframe.parse("1h")));
  }
}
