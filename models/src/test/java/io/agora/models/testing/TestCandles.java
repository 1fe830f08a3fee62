package io.agora.models.testing;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.agora.core.data.OhlcvLoader;
import io.agora.core.data.synthetic.SyntheticData;
import io.agora.core.market.CandleSeries;
import io.agora.core.market.Timeframe;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.SplittableRandom;

/** Candle series for the models tests: synthetic ones, Freqtrade's real test data, and deliberately altered copies. */
public final class TestCandles {
  public static final Timeframe FIVE_MINUTES = Timeframe.parse("5m");

  private TestCandles() {}

  /** Synthetic 5m candles of one pair. */
  public static CandleSeries synthetic(int candles, long seed) {
    return SyntheticData.generate(
        SyntheticData.Spec.of(1, candles, FIVE_MINUTES, Instant.parse("2024-01-01T00:00:00Z"), seed), 0);
  }

  /**
   * A pair from {@code shared/data/freqtrade-testdata} (the build passes {@code -Dagora.shared.dir}); skips the
   * calling test, naming the folder, when the folder is absent.
   */
  public static CandleSeries real(String pair, Timeframe tf) {
    String p = System.getProperty("agora.shared.dir");
    Path shared = (p != null ? Path.of(p) : Path.of("..", "shared")).toAbsolutePath().normalize();
    Path dir = shared.resolve("data").resolve("freqtrade-testdata");
    assumeTrue(Files.isDirectory(dir), "skipped: shared data folder " + dir + " is absent");
    return new OhlcvLoader(dir).load(pair, tf);
  }

  /** A copy whose candles after {@code k} are replaced by random (positive, finite) values; times are kept. */
  public static CandleSeries withRandomFuture(CandleSeries s, int k, long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    double[] o = s.open().clone();
    double[] h = s.high().clone();
    double[] l = s.low().clone();
    double[] c = s.close().clone();
    double[] v = s.volume().clone();
    double level = s.close()[Math.max(0, Math.min(k, s.size() - 1))];
    for (int i = k + 1; i < s.size(); i++) {
      o[i] = level * Math.exp(rnd.nextGaussian() * 0.2);
      c[i] = level * Math.exp(rnd.nextGaussian() * 0.2);
      h[i] = Math.max(o[i], c[i]) * (1 + rnd.nextDouble() * 0.1);
      l[i] = Math.min(o[i], c[i]) * (1 - rnd.nextDouble() * 0.1);
      v[i] = rnd.nextDouble() < 0.1 ? 0.0 : rnd.nextDouble() * 1e6;
    }
    return new CandleSeries(s.instrument(), s.timeframe(), s.openTime(), o, h, l, c, v);
  }
}
