package io.agora.core.data.synthetic;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agora.core.data.DataFormat;
import io.agora.core.data.OhlcvLoader;
import io.agora.core.market.CandleSeries;
import io.agora.core.market.CandleType;
import io.agora.core.market.Timeframe;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SyntheticDataTest {
  private static final Timeframe M5 = Timeframe.parse("5m");
  private static final Instant START = Instant.parse("2024-01-01T00:00:00Z");

  private static void assertSame(CandleSeries a, CandleSeries b) {
    assertEquals(a.pair(), b.pair());
    assertArrayEquals(a.openTime(), b.openTime());
    assertArrayEquals(a.open(), b.open());
    assertArrayEquals(a.high(), b.high());
    assertArrayEquals(a.low(), b.low());
    assertArrayEquals(a.close(), b.close());
    assertArrayEquals(a.volume(), b.volume());
  }

  @Test
  void sameSeedSameCandlesWhateverTheOrderOfGeneration() {
    SyntheticData.Spec spec = SyntheticData.Spec.of(4, 5000, M5, START, 42).withGapProbability(0.01);
    List<CandleSeries> all = SyntheticData.generate(spec);
    List<CandleSeries> again = SyntheticData.generate(spec);
    for (int i = 0; i < 4; i++) {
      assertSame(all.get(i), again.get(i));
      assertSame(all.get(i), SyntheticData.generate(spec, i));
    }
    assertEquals(List.of("SYN0/USDT", "SYN1/USDT", "SYN2/USDT", "SYN3/USDT"), all.stream().map(CandleSeries::pair).toList());
    assertFalse(Math.abs(all.get(0).close()[10] - all.get(1).close()[10]) < 1e-12, "pairs differ");
    CandleSeries otherSeed = SyntheticData.generate(SyntheticData.Spec.of(4, 5000, M5, START, 43).withGapProbability(0.01), 0);
    assertFalse(otherSeed.close()[0] == all.get(0).close()[0], "seeds differ");
  }

  @Test
  void outputIsPinnedSoThatItStaysTheSameAcrossVersionsAndMachines() {
    CandleSeries s = SyntheticData.generate(SyntheticData.Spec.of(2, 1000, M5, START, 7).withGapProbability(0.05), 1);
    long h = 1;
    for (int i = 0; i < s.size(); i++) {
      h = 31 * h + s.openTime()[i];
      h = 31 * h + Double.doubleToLongBits(s.open()[i]);
      h = 31 * h + Double.doubleToLongBits(s.high()[i]);
      h = 31 * h + Double.doubleToLongBits(s.low()[i]);
      h = 31 * h + Double.doubleToLongBits(s.close()[i]);
      h = 31 * h + Double.doubleToLongBits(s.volume()[i]);
    }
    assertEquals(PINNED_SIZE, s.size());
    assertEquals(PINNED_HASH, h, "the generator changed: if intended, update the pinned values");
  }

  private static final int PINNED_SIZE = 933;
  private static final long PINNED_HASH = 1870187298641713261L;

  @Test
  void barsAreConsistentAndVolumesPositive() {
    for (CandleSeries s : SyntheticData.generate(SyntheticData.Spec.of(3, 20_000, M5, START, 1))) {
      assertEquals(20_000, s.size());
      assertEquals(START.toEpochMilli(), s.openTime()[0]);
      for (int i = 0; i < s.size(); i++) {
        if (i > 0) {
          assertEquals(M5.millis(), s.openTime()[i] - s.openTime()[i - 1]);
          // open is the previous close give or take a small fraction of a candle's typical move
          assertEquals(s.close()[i - 1], s.open()[i], s.close()[i - 1] * 0.01, "open near previous close at " + i);
        }
        assertTrue(s.high()[i] >= Math.max(s.open()[i], s.close()[i]), "high at " + i);
        assertTrue(s.low()[i] <= Math.min(s.open()[i], s.close()[i]), "low at " + i);
        assertTrue(s.low()[i] > 0, "positive prices at " + i);
        assertTrue(s.volume()[i] > 0 && Double.isFinite(s.volume()[i]), "volume at " + i);
      }
    }
  }

  @Test
  void volatilityComesInRegimes() {
    // a year of 1h candles: daily realised volatility must vary far more than under one constant sigma, and
    // returns must have fat tails (kurtosis well above the normal 3)
    CandleSeries s = SyntheticData.generate(SyntheticData.Spec.of(1, 24 * 365, Timeframe.parse("1h"), START, 11), 0);
    int n = s.size();
    double[] r = new double[n - 1];
    for (int i = 1; i < n; i++) r[i - 1] = Math.log(s.close()[i] / s.close()[i - 1]);
    double mean = 0;
    for (double x : r) mean += x / r.length;
    double m2 = 0, m4 = 0;
    for (double x : r) {
      m2 += (x - mean) * (x - mean) / r.length;
      m4 += Math.pow(x - mean, 4) / r.length;
    }
    double kurtosis = m4 / (m2 * m2);
    assertTrue(kurtosis > 4, "kurtosis " + kurtosis);
    double lo = Double.MAX_VALUE, hi = 0;
    for (int d = 0; d + 24 <= r.length; d += 24) {
      double ss = 0;
      for (int i = d; i < d + 24; i++) ss += r[i] * r[i];
      lo = Math.min(lo, ss);
      hi = Math.max(hi, ss);
    }
    assertTrue(Math.sqrt(hi / lo) > 4, "daily volatility range " + Math.sqrt(hi / lo));
  }

  @Test
  void gapsAreLeftOutAtTheRequestedRate() {
    SyntheticData.Spec spec = SyntheticData.Spec.of(1, 20_000, M5, START, 5).withGapProbability(0.1);
    CandleSeries s = SyntheticData.generate(spec, 0);
    int missing = 20_000 - s.size();
    assertTrue(missing > 1_800 && missing < 2_200, "missing " + missing); // binomial sd is 42
    int gaps = 0;
    for (int i = 1; i < s.size(); i++) if (s.openTime()[i] - s.openTime()[i - 1] > M5.millis()) gaps++;
    assertTrue(gaps > 1_500, "gaps " + gaps);
    assertEquals(20_000, SyntheticData.generate(spec.withGapProbability(0), 0).size());
  }

  @Test
  void writtenDataLoadsBackWithFreqtradeNamesAndIdenticalBytesPerSeed(@TempDir Path a, @TempDir Path b) throws IOException {
    SyntheticData.Spec spec = SyntheticData.Spec.of(3, 3000, M5, START, 9).withGapProbability(0.02);
    List<Path> files = SyntheticData.write(spec, a, DataFormat.FEATHER);
    assertEquals(List.of(a.resolve("SYN0_USDT-5m.feather"), a.resolve("SYN1_USDT-5m.feather"), a.resolve("SYN2_USDT-5m.feather")), files);
    List<Path> again = SyntheticData.write(spec, b, DataFormat.FEATHER);
    for (int i = 0; i < 3; i++) assertArrayEquals(Files.readAllBytes(files.get(i)), Files.readAllBytes(again.get(i)));

    OhlcvLoader raw = new OhlcvLoader(a).withFillMissing(false);
    for (int i = 0; i < 3; i++) assertSame(SyntheticData.generate(spec, i), raw.load(spec.pair(i), M5));
    CandleSeries filled = new OhlcvLoader(a).load("SYN0/USDT", M5);
    long span = filled.openTime()[filled.size() - 1] - filled.openTime()[0];
    assertEquals(span / M5.millis() + 1, filled.size(), "gap filling restores every slot");

    List<Path> fut = SyntheticData.write(spec.withCandleType(CandleType.FUTURES), a, DataFormat.JSONGZ);
    assertEquals(a.resolve("futures/SYN0_USDT_USDT-5m-futures.json.gz"), fut.get(0));
    assertSame(SyntheticData.generate(spec.withCandleType(CandleType.FUTURES), 0), raw.load("SYN0/USDT:USDT", M5));
  }

  @Test
  void startIsPutOnTheGrid() {
    Instant odd = Instant.parse("2024-01-03T10:07:13Z"); // a Wednesday
    assertEquals(Instant.parse("2024-01-03T10:05:00Z").toEpochMilli(), SyntheticData.Spec.of(1, 1, M5, odd, 1).firstCandleMs());
    assertEquals(Instant.parse("2024-01-08T00:00:00Z").toEpochMilli(), SyntheticData.Spec.of(1, 1, Timeframe.parse("1w"), odd, 1).firstCandleMs());
  }

  @Test
  void badSpecsAreRejectedWithReasons() {
    assertThrows(IllegalArgumentException.class, () -> SyntheticData.Spec.of(0, 10, M5, START, 1));
    assertThrows(IllegalArgumentException.class, () -> SyntheticData.Spec.of(1, 0, M5, START, 1));
    assertThrows(IllegalArgumentException.class, () -> SyntheticData.Spec.of(1, 10, M5, START, 1).withGapProbability(1.0));
    assertThrows(IllegalArgumentException.class, () -> SyntheticData.Spec.of(1, 10, M5, START, 1).withGapProbability(Double.NaN));
    assertThrows(IllegalArgumentException.class, () -> SyntheticData.Spec.of(1, 10, Timeframe.parse("1M"), START, 1));
    assertThrows(IllegalArgumentException.class, () -> SyntheticData.Spec.of(1, 10, M5, START, 1).withQuote("us/dt"));
  }

  @Test
  void aYearOfFiveMinuteCandlesForAHundredPairsTakesSeconds() {
    SyntheticData.Spec spec = SyntheticData.Spec.of(100, 105_120, M5, START, 3).withGapProbability(0.001);
    long t0 = System.nanoTime();
    List<CandleSeries> all = SyntheticData.generate(spec);
    double seconds = (System.nanoTime() - t0) / 1e9;
    assertEquals(100, all.size());
    assertTrue(all.get(99).size() > 104_000);
    // generous for a busy two-core build machine; typically one to three seconds
    assertTrue(seconds < 30, "took " + seconds + " s");
  }
}
