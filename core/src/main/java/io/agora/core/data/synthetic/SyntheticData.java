package io.agora.core.data.synthetic;

import io.agora.core.data.DataFormat;
import io.agora.core.data.OhlcvWriter;
import io.agora.core.market.CandleSeries;
import io.agora.core.market.CandleType;
import io.agora.core.market.Instrument;
import io.agora.core.market.Timeframe;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.stream.IntStream;

/**
 * Synthetic candles for tests and benchmarks: geometric Brownian motion whose volatility switches between a calm
 * and a volatile regime (a two-state Markov chain, so volatility clusters and returns have fat tails as in real
 * markets), with OHLC bars that are consistent (high ≥ max(open, close), low ≤ min(open, close), open near the
 * previous close) and positive volumes that rise with volatility. Candles may be left out at random to mimic
 * exchange gaps.
 *
 * <p>Each pair has its own random stream derived from the seed and the pair's index, so the output is the same
 * for the same {@link Spec} whatever the order or parallelism of generation, on every JVM (all arithmetic is
 * IEEE with StrictMath). Pairs are named {@code SYN0/USDT}, {@code SYN1/USDT}... ({@code SYN0/USDT:USDT} for
 * non-spot candle types).
 */
public final class SyntheticData {
  private static final double YEAR_MS = 365.25 * 86_400_000.0;
  private static final long DAY_MS = 86_400_000L;
  private static final long WEEK_MS = 7 * DAY_MS;
  /** Mean regime lengths: weeks of calm, days of turbulence. */
  private static final double CALM_DAYS = 30;
  private static final double VOLATILE_DAYS = 5;

  private SyntheticData() {}

  /**
   * What to generate.
   *
   * @param pairs number of pairs
   * @param candles candle slots per pair: all pairs span {@code candles} timeframes from the start; with gaps
   *     fewer candles are present
   * @param timeframe candle length (not months: their calendar lengths vary)
   * @param start first candle; moved onto the timeframe's grid (weekly candles open on Mondays)
   * @param seed random seed
   * @param gapProbability chance that a candle is missing, in [0, 1)
   * @param quote quote currency of the pair names
   * @param candleType spot, or a futures candle type (then pairs are {@code SYN0/USDT:USDT})
   */
  public record Spec(
      int pairs, int candles, Timeframe timeframe, Instant start, long seed, double gapProbability, String quote, CandleType candleType) {
    public Spec {
      Objects.requireNonNull(timeframe, "timeframe");
      Objects.requireNonNull(start, "start");
      Objects.requireNonNull(candleType, "candle type");
      if (pairs < 1) throw new IllegalArgumentException("pairs must be at least 1, got " + pairs);
      if (candles < 1) throw new IllegalArgumentException("candles must be at least 1, got " + candles);
      if (timeframe.text().endsWith("M")) {
        throw new IllegalArgumentException("month timeframes are not supported for synthetic data (use 1w or shorter)");
      }
      if (!(gapProbability >= 0 && gapProbability < 1)) {
        throw new IllegalArgumentException("gap probability must be in [0, 1), got " + gapProbability);
      }
      if (quote == null || !quote.matches("[A-Z0-9]{1,10}")) {
        throw new IllegalArgumentException("quote must be 1-10 capital letters or digits, got " + quote);
      }
      long span = Math.multiplyExact((long) candles, timeframe.millis());
      if (start.toEpochMilli() < 0 || Math.addExact(start.toEpochMilli(), span) > Instant.parse("9999-01-01T00:00:00Z").toEpochMilli()) {
        throw new IllegalArgumentException("candles from " + start + " would run past the year 9999");
      }
    }

    /** Spot {@code SYNi/USDT} pairs without gaps. */
    public static Spec of(int pairs, int candles, Timeframe timeframe, Instant start, long seed) {
      return new Spec(pairs, candles, timeframe, start, seed, 0.0, "USDT", CandleType.SPOT);
    }

    public Spec withGapProbability(double p) {
      return new Spec(pairs, candles, timeframe, start, seed, p, quote, candleType);
    }

    public Spec withCandleType(CandleType type) {
      return new Spec(pairs, candles, timeframe, start, seed, gapProbability, quote, type);
    }

    public Spec withQuote(String q) {
      return new Spec(pairs, candles, timeframe, start, seed, gapProbability, q, candleType);
    }

    /** The name of pair {@code i}. */
    public String pair(int i) {
      return "SYN" + i + "/" + quote + (candleType == CandleType.SPOT ? "" : ":" + quote);
    }

    /** Open time of the first candle slot. */
    public long firstCandleMs() {
      long ms = start.toEpochMilli();
      if (timeframe.millis() == WEEK_MS) {
        long monday = 4 * DAY_MS; // 1970-01-05
        return monday + Math.floorDiv(ms - monday + WEEK_MS - 1, WEEK_MS) * WEEK_MS;
      }
      return timeframe.floor(ms);
    }
  }

  /** All pairs, generated in parallel, in pair order. */
  public static List<CandleSeries> generate(Spec spec) {
    return IntStream.range(0, spec.pairs()).parallel().mapToObj(i -> generate(spec, i)).toList();
  }

  /** Pair {@code index} alone (the same candles as in {@link #generate(Spec)}). */
  public static CandleSeries generate(Spec spec, int index) {
    if (index < 0 || index >= spec.pairs()) throw new IndexOutOfBoundsException("pair " + index + " of " + spec.pairs());
    SplitMix64 rng = new SplitMix64(SplitMix64.derive(spec.seed(), index));
    Timeframe tf = spec.timeframe();
    int m = spec.candles();

    // per-pair character: price level, volatility, drift, turnover
    double price = 0.01 * StrictMath.pow(10, 5 * rng.nextDouble()); // 0.01 .. 1000
    double calmVol = 0.3 + 0.5 * rng.nextDouble(); // annualised
    double volatileVol = calmVol * (2.5 + 1.5 * rng.nextDouble());
    double drift = -0.2 + 0.5 * rng.nextDouble(); // annualised
    double turnover = StrictMath.pow(10, 3 + 3 * rng.nextDouble()); // quote units per candle, calm
    double dt = tf.millis() / YEAR_MS;
    double sqrtDt = StrictMath.sqrt(dt);
    double candlesPerDay = DAY_MS / (double) tf.millis();
    double toVolatile = Math.min(1, 1 / (CALM_DAYS * candlesPerDay));
    double toCalm = Math.min(1, 1 / (VOLATILE_DAYS * candlesPerDay));
    boolean turbulent = rng.nextDouble() < VOLATILE_DAYS / (CALM_DAYS + VOLATILE_DAYS);
    double gapP = spec.gapProbability();

    long[] t = new long[m];
    double[] o = new double[m], h = new double[m], l = new double[m], c = new double[m], v = new double[m];
    long first = spec.firstCandleMs();
    int n = 0;
    double close = price;
    for (int k = 0; k < m; k++) {
      if (rng.nextDouble() < (turbulent ? toCalm : toVolatile)) turbulent = !turbulent;
      double sigma = (turbulent ? volatileVol : calmVol) * sqrtDt;
      // the first trade of a candle is close to, not exactly at, the last one of the previous candle
      double open = close * StrictMath.exp(0.05 * sigma * rng.nextGaussian());
      double z = rng.nextGaussian();
      // GBM step with per-candle sigma: log return = mu dt - sigma^2 / 2 + sigma z
      close = open * StrictMath.exp(drift * dt - 0.5 * sigma * sigma + sigma * z);
      double up = Math.abs(rng.nextGaussian());
      double down = Math.abs(rng.nextGaussian());
      double volumeNoise = rng.nextGaussian();
      boolean missing = rng.nextDouble() < gapP;
      if (missing) continue; // the market moved on, but no candle was published
      double top = Math.max(open, close);
      double bottom = Math.min(open, close);
      t[n] = first + k * tf.millis();
      o[n] = open;
      c[n] = close;
      h[n] = top * StrictMath.exp(0.5 * sigma * up);
      l[n] = bottom * StrictMath.exp(-0.5 * sigma * down);
      double activity = (turbulent ? 2.5 : 1.0) * (1 + Math.abs(z));
      v[n] = turnover / close * activity * StrictMath.exp(0.5 * volumeNoise);
      n++;
    }
    if (n < m) {
      t = Arrays.copyOf(t, n);
      o = Arrays.copyOf(o, n);
      h = Arrays.copyOf(h, n);
      l = Arrays.copyOf(l, n);
      c = Arrays.copyOf(c, n);
      v = Arrays.copyOf(v, n);
    }
    return new CandleSeries(Instrument.of(spec.pair(index)), tf, t, o, h, l, c, v);
  }

  /**
   * Generates all pairs and writes each with Freqtrade's file name under {@code datadir} (non-spot candle types
   * under {@code futures/}). Pairs whose candles all fell into gaps are skipped. Returns the files in pair order.
   */
  public static List<Path> write(Spec spec, Path datadir, DataFormat format) {
    return IntStream.range(0, spec.pairs())
        .parallel()
        .mapToObj(i -> generate(spec, i))
        .filter(s -> !s.isEmpty())
        .map(s -> OhlcvWriter.write(datadir, s, spec.candleType(), format))
        .toList();
  }
}
