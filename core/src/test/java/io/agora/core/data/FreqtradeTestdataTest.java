package io.agora.core.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agora.core.market.CandleSeries;
import io.agora.core.market.CandleType;
import io.agora.core.market.Instrument;
import io.agora.core.market.Timeframe;
import io.agora.core.testing.SharedData;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The readers and the loader against Freqtrade's own test data, with the counts from its README. */
class FreqtradeTestdataTest {

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    // file, pair, timeframe, candle type, rows, first, last, rows after gap filling
    "ADA_BTC-5m.feather, ADA/BTC, 5m, spot, 5720, 2018-01-10T04:55:00Z, 2018-01-30T04:50:00Z, 5760",
    "DASH_BTC-5m.feather, DASH/BTC, 5m, spot, 5758, 2018-01-10T04:55:00Z, 2018-01-30T04:50:00Z, 5760",
    "ETC_BTC-5m.feather, ETC/BTC, 5m, spot, 5759, 2018-01-10T04:55:00Z, 2018-01-30T04:45:00Z, 5759",
    "ETH_BTC-5m.feather, ETH/BTC, 5m, spot, 5760, 2018-01-10T04:55:00Z, 2018-01-30T04:50:00Z, 5760",
    "LTC_BTC-5m.feather, LTC/BTC, 5m, spot, 5760, 2018-01-10T04:55:00Z, 2018-01-30T04:50:00Z, 5760",
    "NXT_BTC-5m.feather, NXT/BTC, 5m, spot, 5760, 2018-01-10T04:55:00Z, 2018-01-30T04:50:00Z, 5760",
    "TRX_BTC-5m.feather, TRX/BTC, 5m, spot, 5754, 2018-01-10T04:55:00Z, 2018-01-30T04:50:00Z, 5760",
    "XLM_BTC-5m.feather, XLM/BTC, 5m, spot, 5760, 2018-01-10T04:55:00Z, 2018-01-30T04:50:00Z, 5760",
    "XMR_BTC-5m.feather, XMR/BTC, 5m, spot, 5758, 2018-01-10T04:55:00Z, 2018-01-30T04:50:00Z, 5760",
    "ZEC_BTC-5m.feather, ZEC/BTC, 5m, spot, 5757, 2018-01-10T04:55:00Z, 2018-01-30T04:45:00Z, 5759",
    "UNITTEST_BTC-5m.feather, UNITTEST/BTC, 5m, spot, 5760, 2018-01-10T04:55:00Z, 2018-01-30T04:50:00Z, 5760",
    "UNITTEST_BTC-1m.feather, UNITTEST/BTC, 1m, spot, 13681, 2017-11-04T23:02:00Z, 2017-11-14T22:59:00Z, 14398",
    "UNITTEST_BTC-1m.json, UNITTEST/BTC, 1m, spot, 13681, 2017-11-04T23:02:00Z, 2017-11-14T22:59:00Z, 14398",
    "UNITTEST_BTC-30m.feather, UNITTEST/BTC, 30m, spot, 1920, 2017-12-03T13:00:00Z, 2018-01-12T12:30:00Z, 1920",
    "XRP_ETH-1m.feather, XRP/ETH, 1m, spot, 2469, 2019-10-11T00:00:00Z, 2019-10-13T11:19:00Z, 3560",
    "XRP_ETH-5m.feather, XRP/ETH, 5m, spot, 706, 2019-10-11T00:00:00Z, 2019-10-13T11:15:00Z, 712",
    "futures/XRP_USDT_USDT-5m-futures.feather, XRP/USDT:USDT, 5m, futures, 1999, 2021-11-15T00:00:00Z, 2021-11-21T22:30:00Z, 1999",
    "futures/XRP_USDT_USDT-1h-futures.feather, XRP/USDT:USDT, 1h, futures, 100, 2021-11-17T01:00:00Z, 2021-11-21T04:00:00Z, 100",
    "futures/XRP_USDT_USDT-1h-futures.json.gz, XRP/USDT:USDT, 1h, futures, 100, 2021-11-17T01:00:00Z, 2021-11-21T04:00:00Z, 100",
    "futures/XRP_USDT_USDT-1h-mark.feather, XRP/USDT:USDT, 1h, mark, 100, 2021-11-15T06:00:00Z, 2021-11-19T09:00:00Z, 100",
    "futures/XRP_USDT_USDT-8h-mark.feather, XRP/USDT:USDT, 8h, mark, 91, 2021-11-18T00:00:00Z, 2021-12-18T00:00:00Z, 91",
    "futures/XRP_USDT_USDT-8h-funding_rate.feather, XRP/USDT:USDT, 8h, funding_rate, 91, 2021-11-18T00:00:00.017Z, 2021-12-18T00:00:00.014Z, 91",
    "futures/UNITTEST_USDT_USDT-1h-mark.feather, UNITTEST/USDT:USDT, 1h, mark, 100, 2021-11-15T07:00:00Z, 2021-11-19T10:00:00Z, 100",
    "derived/XRP_ETH-5m.parquet, XRP/ETH, 5m, spot, 706, 2019-10-11T00:00:00Z, 2019-10-13T11:15:00Z, 712",
  })
  void readsRowsAndFillsGapsAsTheReadmeSays(
      String name, String pair, String tf, String type, int rows, String first, String last, int filled) {
    Path file = SharedData.testdata().resolve(name);
    Timeframe timeframe = Timeframe.parse(tf);
    Instrument instrument = Instrument.of(pair);

    OhlcvColumns raw = OhlcvReader.read(file);
    assertEquals(rows, raw.size(), "rows");
    assertEquals(Instant.parse(first).toEpochMilli(), raw.time(0), "first");
    assertEquals(Instant.parse(last).toEpochMilli(), raw.time(rows - 1), "last");
    assertTrue(raw.isStrictlyAscending(), "sorted, no duplicates");

    CandleSeries series = OhlcvCleaner.clean(raw, instrument, timeframe, true, name);
    assertEquals(filled, series.size(), "rows after gap filling");
    assertEquals(raw.close(rows - 1), series.close()[series.size() - 1], "last close kept");
    for (int i = 1; i < series.size(); i++) {
      assertEquals(timeframe.millis(), series.openTime()[i] - series.openTime()[i - 1], "grid step at " + i);
    }
    if (!name.startsWith("derived/")) {
      // the loader finds the same file by pair, timeframe and candle type
      OhlcvLoader loader = new OhlcvLoader(SharedData.testdata(), DataFormat.ofFile(file), true);
      assertEquals(file, loader.locate(pair, timeframe, CandleType.fromValue(type)));
      assertArrayEquals(series.close(), loader.load(pair, timeframe, CandleType.fromValue(type)).close());
    }
  }

  @Test
  void gapsAreFilledWithThePreviousCloseAndNoVolume() {
    CandleSeries s = new OhlcvLoader(SharedData.testdata()).load("ADA/BTC", Timeframe.parse("5m"));
    OhlcvColumns raw = OhlcvReader.read(SharedData.testdata().resolve("ADA_BTC-5m.feather"));
    int inserted = 0;
    int r = 0;
    for (int i = 0; i < s.size(); i++) {
      if (r < raw.size() && raw.time(r) == s.openTime()[i]) {
        assertEquals(raw.open(r), s.open()[i]);
        assertEquals(raw.volume(r), s.volume()[i]);
        r++;
      } else {
        inserted++;
        double prev = s.close()[i - 1];
        assertEquals(prev, s.open()[i]);
        assertEquals(prev, s.high()[i]);
        assertEquals(prev, s.low()[i]);
        assertEquals(prev, s.close()[i]);
        assertEquals(0.0, s.volume()[i]);
      }
    }
    assertEquals(raw.size(), r, "every file row kept");
    assertEquals(40, inserted);
  }

  @Test
  void jsonAndFeatherHoldTheSameCandles() {
    Path dir = SharedData.testdata();
    assertSameColumns(OhlcvReader.read(dir.resolve("UNITTEST_BTC-1m.feather")), OhlcvReader.read(dir.resolve("UNITTEST_BTC-1m.json")));
    assertSameColumns(
        OhlcvReader.read(dir.resolve("futures/XRP_USDT_USDT-1h-futures.feather")),
        OhlcvReader.read(dir.resolve("futures/XRP_USDT_USDT-1h-futures.json.gz")));
    assertSameColumns(OhlcvReader.read(dir.resolve("UNITTEST_BTC-1m.json")), OhlcvReader.read(dir.resolve("UNITTEST_BTC-8m.json.gz")));
    assertSameColumns(OhlcvReader.read(dir.resolve("ETH_BTC-5m.feather")), OhlcvReader.read(dir.resolve("UNITTEST_BTC-5m.feather")));
  }

  @Test
  void parquetWrittenByFreqtradeEqualsItsFeatherSource() {
    Path dir = SharedData.testdata();
    assertSameColumns(OhlcvReader.read(dir.resolve("XRP_ETH-5m.feather")), OhlcvReader.read(dir.resolve("derived/XRP_ETH-5m.parquet")));
  }

  @Test
  void markCandlesWithoutVolumeLoadAndGapFillingTurnsNaNVolumeIntoZeroAsPandasSumDoes() {
    Path dir = SharedData.testdata();
    OhlcvColumns raw = OhlcvReader.read(dir.resolve("futures/XRP_USDT_USDT-1h-mark.feather"));
    for (int i = 0; i < raw.size(); i++) assertTrue(Double.isNaN(raw.volume(i)), "NaN volume at " + i);
    CandleSeries unfilled = new OhlcvLoader(dir).withFillMissing(false).load("XRP/USDT:USDT", Timeframe.parse("1h"), CandleType.MARK);
    assertTrue(Double.isNaN(unfilled.volume()[0]));
    CandleSeries filled = new OhlcvLoader(dir).load("XRP/USDT:USDT", Timeframe.parse("1h"), CandleType.MARK);
    for (double v : filled.volume()) assertEquals(0.0, v);
    assertArrayEquals(unfilled.close(), filled.close());
  }

  @Test
  void fundingRateTimesAreSnappedToTheEightHourGrid() {
    Path dir = SharedData.testdata();
    Timeframe h8 = Timeframe.parse("8h");
    CandleSeries raw = new OhlcvLoader(dir).withFillMissing(false).load("XRP/USDT:USDT", h8, CandleType.FUNDING_RATE);
    assertEquals(Instant.parse("2021-11-18T00:00:00.017Z").toEpochMilli(), raw.openTime()[0]);
    CandleSeries s = new OhlcvLoader(dir).load("XRP/USDT:USDT", h8, CandleType.FUNDING_RATE);
    assertEquals(91, s.size());
    assertEquals(Instant.parse("2021-11-18T00:00:00Z").toEpochMilli(), s.openTime()[0]);
    assertEquals(Instant.parse("2021-12-18T00:00:00Z").toEpochMilli(), s.openTime()[90]);
    for (long t : s.openTime()) assertEquals(0, t % h8.millis(), "on the 8h grid");
    assertArrayEquals(raw.open(), s.open(), "funding rates unchanged by snapping");
    // they now join the 8h mark candles on date
    CandleSeries mark = new OhlcvLoader(dir).load("XRP/USDT:USDT", h8, CandleType.MARK);
    assertArrayEquals(mark.openTime(), s.openTime());
  }

  @Test
  void preferredFormatChoosesAmongSeveralAndOthersAreFallenBackTo() {
    Path dir = SharedData.testdata();
    Timeframe h1 = Timeframe.parse("1h");
    assertEquals(
        dir.resolve("futures/XRP_USDT_USDT-1h-futures.json.gz"),
        new OhlcvLoader(dir, DataFormat.JSONGZ, true).locate("XRP/USDT:USDT", h1, CandleType.FUTURES));
    assertEquals(
        dir.resolve("futures/XRP_USDT_USDT-1h-futures.feather"),
        new OhlcvLoader(dir, DataFormat.FEATHER, true).locate("XRP/USDT:USDT", h1, CandleType.FUTURES));
    assertEquals(
        dir.resolve("futures/XRP_USDT_USDT-1h-futures.feather"),
        new OhlcvLoader(dir, DataFormat.PARQUET, true).locate("XRP/USDT:USDT", h1, CandleType.FUTURES));
    assertEquals(
        dir.resolve("UNITTEST_BTC-1m.json"),
        new OhlcvLoader(dir, DataFormat.JSON, true).locate("UNITTEST/BTC", Timeframe.parse("1m"), CandleType.SPOT));
  }

  @Test
  void listsTheAvailablePairsTimeframesAndCandleTypes() {
    List<OhlcvLoader.DataFile> files = new OhlcvLoader(SharedData.testdata()).available();
    assertTrue(files.contains(new OhlcvLoader.DataFile(
        "ETH/BTC", Timeframe.parse("5m"), CandleType.SPOT, DataFormat.FEATHER, SharedData.testdata().resolve("ETH_BTC-5m.feather"))));
    assertTrue(files.contains(new OhlcvLoader.DataFile(
        "XRP/USDT:USDT", Timeframe.parse("1h"), CandleType.FUTURES, DataFormat.JSONGZ,
        SharedData.testdata().resolve("futures/XRP_USDT_USDT-1h-futures.json.gz"))));
    assertTrue(files.contains(new OhlcvLoader.DataFile(
        "XRP/USDT:USDT", Timeframe.parse("8h"), CandleType.FUNDING_RATE, DataFormat.FEATHER,
        SharedData.testdata().resolve("futures/XRP_USDT_USDT-8h-funding_rate.feather"))));
    // 17 files in the root and 7 in futures/; HDF5, the README and derived/ are left out
    assertEquals(24, files.size(), files.toString());
    assertFalse(files.stream().anyMatch(f -> f.path().toString().endsWith(".h5")));
  }

  @Test
  void loadsManyPairsAtOnce() {
    List<String> pairs = List.of("ADA/BTC", "DASH/BTC", "ETC/BTC", "ETH/BTC", "LTC/BTC", "NXT/BTC", "TRX/BTC", "XLM/BTC", "XMR/BTC", "ZEC/BTC");
    Map<String, CandleSeries> all = new OhlcvLoader(SharedData.testdata()).loadAll(pairs, Timeframe.parse("5m"), CandleType.SPOT);
    assertEquals(pairs, List.copyOf(all.keySet()));
    assertEquals(5759, all.get("ZEC/BTC").size());
    assertEquals(5760, all.get("ADA/BTC").size());
    assertEquals("ETH/BTC", all.get("ETH/BTC").pair());
  }

  static void assertSameColumns(OhlcvColumns a, OhlcvColumns b) {
    assertEquals(a.size(), b.size(), "rows");
    for (int i = 0; i < a.size(); i++) {
      assertEquals(a.time(i), b.time(i), "time at " + i);
      assertEquals(a.open(i), b.open(i), "open at " + i);
      assertEquals(a.high(i), b.high(i), "high at " + i);
      assertEquals(a.low(i), b.low(i), "low at " + i);
      assertEquals(a.close(i), b.close(i), "close at " + i);
      assertEquals(a.volume(i), b.volume(i), "volume at " + i);
    }
  }
}
