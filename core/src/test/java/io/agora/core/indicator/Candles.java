package io.agora.core.indicator;

import java.util.Arrays;
import java.util.Random;

/** Test candles, column-wise like CandleSeries, generated from a seed. */
final class Candles {
  final double[] open;
  final double[] high;
  final double[] low;
  final double[] close;
  final double[] volume;

  private Candles(int n) {
    open = new double[n];
    high = new double[n];
    low = new double[n];
    close = new double[n];
    volume = new double[n];
  }

  int size() {
    return close.length;
  }

  /** A flat stretch: open, high, low and close all equal; volume zero or not. */
  record Flat(int start, int length, boolean zeroVolume) {
    int end() {
      return start + length;
    }
  }

  /**
   * A geometric random walk with intrabar ranges and the occasional gap, starting with 30 strictly rising closes
   * (no losses at all: RSI 100 under every convention) and with flat stretches at 20%, 45% and 70% of the series
   * (60, 40 and 25 candles; the first and last without volume), plus short random flat runs.
   */
  static Candles randomWalk(long seed, int n, double startPrice, double sigma, boolean zeroVolumeFlats) {
    Flat[] flats = flats(n, zeroVolumeFlats);
    Random random = new Random(seed);
    Candles c = new Candles(n);
    double previous = startPrice;
    int shortFlat = 0;
    for (int i = 0; i < n; i++) {
      Flat flat = flatAt(flats, i);
      if (shortFlat == 0 && flat == null && i > 30 && random.nextDouble() < 0.01) {
        shortFlat = 2 + random.nextInt(4);
      }
      if (flat != null || shortFlat > 0) {
        boolean noVolume = flat != null ? flat.zeroVolume() : shortFlat % 2 == 0;
        if (shortFlat > 0) {
          shortFlat--;
        }
        c.open[i] = c.high[i] = c.low[i] = c.close[i] = previous;
        c.volume[i] = noVolume ? 0.0 : 10.0 * Math.exp(random.nextGaussian());
        continue;
      }
      double o = random.nextDouble() < 0.1 ? previous * (1 + 0.3 * sigma * random.nextGaussian()) : previous;
      double move = sigma * random.nextGaussian();
      if (i < 30) {
        // Strictly rising, and opening at the previous close, so that no candle of the run is a loss.
        o = previous;
        move = sigma * (0.2 + Math.abs(move / sigma));
      }
      double cl = o * Math.exp(move);
      c.open[i] = o;
      c.close[i] = cl;
      c.high[i] = Math.max(o, cl) * (1 + 0.5 * sigma * Math.abs(random.nextGaussian()));
      c.low[i] = Math.min(o, cl) * (1 - 0.5 * sigma * Math.abs(random.nextGaussian()));
      c.volume[i] = 1000.0 * Math.exp(0.7 * random.nextGaussian());
      previous = cl;
    }
    return c;
  }

  static Flat[] flats(int n, boolean zeroVolumeFlats) {
    return new Flat[] {
      new Flat(n / 5, 60, zeroVolumeFlats), new Flat(n * 45 / 100, 40, false), new Flat(n * 7 / 10, 25, zeroVolumeFlats)
    };
  }

  private static Flat flatAt(Flat[] flats, int i) {
    for (Flat f : flats) {
      if (i >= f.start() && i < f.end()) {
        return f;
      }
    }
    return null;
  }

  /** The same price on every candle, with constant volume. */
  static Candles constant(int n, double price, double volume) {
    Candles c = new Candles(n);
    Arrays.fill(c.open, price);
    Arrays.fill(c.high, price);
    Arrays.fill(c.low, price);
    Arrays.fill(c.close, price);
    Arrays.fill(c.volume, volume);
    return c;
  }

  /** Around 0.05 with 0.2% moves: a small-cap altcoin quoted in USDT. */
  static Candles small() {
    return randomWalk(20240501L, 6000, 0.05, 0.002, true);
  }

  /** Around 30,000 with 0.1% moves: BTC/USDT. */
  static Candles large() {
    return randomWalk(20240502L, 6000, 30_000.0, 0.001, true);
  }
}
