package io.agora.models.features;

import io.agora.core.indicator.Atr;
import io.agora.core.indicator.BollingerBands;
import io.agora.core.indicator.Ema;
import io.agora.core.indicator.Macd;
import io.agora.core.indicator.RollingStdDev;
import io.agora.core.indicator.Rsi;
import io.agora.core.indicator.StdDevKind;
import io.agora.core.indicator.ZScore;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns a feature name into its kernel. The name is the whole specification (a model card stores only names), so
 * parsing is strict: canonical numbers only ({@code ret_012} is refused, it would be a second name for
 * {@code ret_12}), and parameters the computation cannot honour are refused here rather than producing NaN rows.
 */
final class Kernels {
  /** What {@link #parse} accepts; quoted in every error so that a typo in a model card is fixed in one go. */
  static final String SUPPORTED = "ret_N (log return over N candles), rsi_N, ema_dist_N (close/EMA(N) - 1), "
      + "macd_hist_F_S_G (MACD histogram / close, F < S), bb_pctb_N (Bollinger %B, 2 population std, N >= 2), "
      + "atr_pct_N (ATR(N) / close), vol_N (sample std of the last N one-candle log returns, N >= 2), "
      + "volume_z_N (z-score of log(1 + volume) over N candles, N >= 2), range_pct ((high - low) / close), "
      + "body_pct ((close - open) / open); N, F, S, G are whole numbers from 1 to " + Kernels.MAX_PERIOD
      + " without leading zeros";

  /** Far beyond any sensible window; bounds the buffers a mistyped name could allocate. */
  static final int MAX_PERIOD = 10_000;

  private static final String NUM = "([1-9][0-9]{0,4})";
  private static final Pattern ONE = Pattern.compile("(ret|rsi|ema_dist|bb_pctb|atr_pct|vol|volume_z)_" + NUM);
  private static final Pattern MACD = Pattern.compile("macd_hist_" + NUM + "_" + NUM + "_" + NUM);

  private Kernels() {}

  static Kernel parse(String name) {
    if (name == null) {
      throw new IllegalArgumentException("feature name is null; supported: " + SUPPORTED);
    }
    if (name.equals("range_pct")) {
      return new RangePct();
    }
    if (name.equals("body_pct")) {
      return new BodyPct();
    }
    Matcher m = ONE.matcher(name);
    if (m.matches()) {
      int n = period(name, m.group(2));
      return switch (m.group(1)) {
        case "ret" -> new LogReturn(n);
        case "rsi" -> new RsiKernel(n);
        case "ema_dist" -> new EmaDistance(n);
        case "bb_pctb" -> new PercentB(atLeastTwo(name, n));
        case "atr_pct" -> new AtrPct(n);
        case "vol" -> new Volatility(atLeastTwo(name, n));
        default -> new VolumeZ(atLeastTwo(name, n));
      };
    }
    Matcher mm = MACD.matcher(name);
    if (mm.matches()) {
      int fast = period(name, mm.group(1));
      int slow = period(name, mm.group(2));
      int signal = period(name, mm.group(3));
      if (fast >= slow) {
        throw invalid(name, "the fast period must be below the slow one");
      }
      return new MacdHist(fast, slow, signal);
    }
    throw invalid(name, "unknown feature");
  }

  private static int period(String name, String digits) {
    int n = Integer.parseInt(digits);
    if (n > MAX_PERIOD) {
      throw invalid(name, "period " + n + " is above " + MAX_PERIOD);
    }
    return n;
  }

  private static int atLeastTwo(String name, int n) {
    if (n < 2) {
      throw invalid(name, "a standard deviation needs a window of at least 2");
    }
    return n;
  }

  private static IllegalArgumentException invalid(String name, String why) {
    return new IllegalArgumentException("feature '" + name + "': " + why + "; supported: " + SUPPORTED);
  }

  /** {@code log(close / close N candles ago)}: log so that horizons add up and the scale is price-free. */
  static final class LogReturn implements Kernel {
    private final double[] closes;
    private int next;
    private long count;

    LogReturn(int n) {
      closes = new double[n + 1];
    }

    @Override
    public double update(double open, double high, double low, double close, double volume) {
      closes[next] = close;
      next = next + 1 == closes.length ? 0 : next + 1;
      count++;
      // After the write, `next` is the oldest slot: exactly N candles back once the buffer is full.
      return count >= closes.length ? Math.log(close / closes[next]) : Double.NaN;
    }

    @Override
    public int warmup() {
      return closes.length;
    }

    @Override
    public void reset() {
      next = 0;
      count = 0;
    }
  }

  /** TA-Lib's RSI (Freqtrade's), left on its 0..100 scale: normalisation rescales it anyway. */
  static final class RsiKernel implements Kernel {
    private final Rsi rsi;

    RsiKernel(int n) {
      rsi = new Rsi(n);
    }

    @Override
    public double update(double open, double high, double low, double close, double volume) {
      return rsi.update(close);
    }

    @Override
    public int warmup() {
      return rsi.warmUp();
    }

    @Override
    public void reset() {
      rsi.reset();
    }
  }

  /** Distance to the EMA as a fraction of it, so pairs at any price level share one scale. */
  static final class EmaDistance implements Kernel {
    private final Ema ema;

    EmaDistance(int n) {
      ema = new Ema(n);
    }

    @Override
    public double update(double open, double high, double low, double close, double volume) {
      return close / ema.update(close) - 1.0;
    }

    @Override
    public int warmup() {
      return ema.warmUp();
    }

    @Override
    public void reset() {
      ema.reset();
    }
  }

  /** The histogram is in price units; dividing by the close makes it comparable across pairs. */
  static final class MacdHist implements Kernel {
    private final Macd macd;

    MacdHist(int fast, int slow, int signal) {
      macd = new Macd(fast, slow, signal);
    }

    @Override
    public double update(double open, double high, double low, double close, double volume) {
      macd.update(close);
      return macd.histogram() / close;
    }

    @Override
    public int warmup() {
      return macd.warmUp();
    }

    @Override
    public void reset() {
      macd.reset();
    }
  }

  /**
   * Bollinger %B. Collapsed bands (a window of identical closes) read 0.5, the close sitting on the middle, rather
   * than 0/0: a flat stretch of gap-filled candles would otherwise drop rows.
   */
  static final class PercentB implements Kernel {
    private final BollingerBands bands;

    PercentB(int n) {
      bands = new BollingerBands(n, 2.0);
    }

    @Override
    public double update(double open, double high, double low, double close, double volume) {
      bands.update(close);
      if (!bands.isReady()) {
        return Double.NaN;
      }
      double width = bands.upper() - bands.lower();
      return width == 0.0 ? 0.5 : (close - bands.lower()) / width;
    }

    @Override
    public int warmup() {
      return bands.warmUp();
    }

    @Override
    public void reset() {
      bands.reset();
    }
  }

  /** ATR relative to the close, for the same price-free scale as the other features. */
  static final class AtrPct implements Kernel {
    private final Atr atr;

    AtrPct(int n) {
      atr = new Atr(n);
    }

    @Override
    public double update(double open, double high, double low, double close, double volume) {
      return atr.update(high, low, close) / close;
    }

    @Override
    public int warmup() {
      return atr.warmUp();
    }

    @Override
    public void reset() {
      atr.reset();
    }
  }

  /** Sample deviation (pandas' {@code rolling(N).std()}), so a Python cross-check reproduces it directly. */
  static final class Volatility implements Kernel {
    private final RollingStdDev std;
    private double previousClose;
    private boolean started;

    Volatility(int n) {
      std = new RollingStdDev(n, StdDevKind.SAMPLE);
    }

    @Override
    public double update(double open, double high, double low, double close, double volume) {
      if (!started) {
        started = true;
        previousClose = close;
        return Double.NaN;
      }
      double r = Math.log(close / previousClose);
      previousClose = close;
      return std.update(r);
    }

    @Override
    public int warmup() {
      return std.warmUp() + 1;
    }

    @Override
    public void reset() {
      std.reset();
      started = false;
      previousClose = 0.0;
    }
  }

  /** Volume is heavy-tailed and often 0 on filled candles: log(1 + v) tames both before the z-score. */
  static final class VolumeZ implements Kernel {
    private final ZScore z;

    VolumeZ(int n) {
      z = new ZScore(n);
    }

    @Override
    public double update(double open, double high, double low, double close, double volume) {
      return z.update(Math.log1p(volume));
    }

    @Override
    public int warmup() {
      return z.warmUp();
    }

    @Override
    public void reset() {
      z.reset();
    }
  }

  static final class RangePct implements Kernel {
    @Override
    public double update(double open, double high, double low, double close, double volume) {
      return (high - low) / close;
    }

    @Override
    public int warmup() {
      return 1;
    }

    @Override
    public void reset() {}
  }

  static final class BodyPct implements Kernel {
    @Override
    public double update(double open, double high, double low, double close, double volume) {
      return (close - open) / open;
    }

    @Override
    public int warmup() {
      return 1;
    }

    @Override
    public void reset() {}
  }
}
