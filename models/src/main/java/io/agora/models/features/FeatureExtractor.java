package io.agora.models.features;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Computes a model's raw feature row candle by candle, from nothing but the candles already closed. The same instance
 * type serves training (the dataset builder streams whole series through it) and a live agent (one candle at a
 * time), so a model sees identical inputs in both: there is no batch formula to drift from the live one.
 *
 * <p>Features are given by name ({@code ret_12}, {@code rsi_14}, ... see {@link #of}) because a model card stores
 * names only; each name fully determines its computation. Values are raw: normalise them with the
 * {@link Normalization} fitted on the training window.
 *
 * <p>Candles are expected without gaps (Freqtrade's loader fills them): {@code ret_12} means twelve candles, not a
 * span of time. Not thread-safe; nothing is allocated per update.
 */
public final class FeatureExtractor {
  private final List<String> names;
  private final Kernel[] kernels;
  private final float[] row;
  private final int warmup;
  private long count;
  private long lastOpenTime = Long.MIN_VALUE;

  private FeatureExtractor(List<String> names, Kernel[] kernels) {
    this.names = names;
    this.kernels = kernels;
    this.row = new float[kernels.length];
    int w = 1;
    for (Kernel k : kernels) {
      w = Math.max(w, k.warmup());
    }
    this.warmup = w;
  }

  /**
   * An extractor for these features, in this order.
   *
   * @throws IllegalArgumentException for an empty list, a duplicate, or a name that is unknown or malformed (the
   *     message names it and lists the supported forms)
   */
  public static FeatureExtractor of(List<String> names) {
    if (names == null || names.isEmpty()) {
      throw new IllegalArgumentException("no features given; supported: " + Kernels.SUPPORTED);
    }
    List<String> copy = List.copyOf(names);
    Set<String> seen = new HashSet<>();
    Kernel[] kernels = new Kernel[copy.size()];
    for (int i = 0; i < kernels.length; i++) {
      String name = copy.get(i);
      kernels[i] = Kernels.parse(name);
      if (!seen.add(name)) {
        throw new IllegalArgumentException("feature '" + name + "' is listed twice");
      }
    }
    return new FeatureExtractor(copy, kernels);
  }

  /** A fresh extractor with the same features (its own state). */
  public FeatureExtractor copy() {
    return of(names);
  }

  /**
   * Takes the candle that just closed and, when every feature is defined and finite as a float, writes the raw row
   * to {@code out[offset, offset + size())} and returns true. Otherwise (warm-up, a non-positive price, a value too
   * large for a float) returns false and leaves {@code out} untouched. A non-finite input stays in the recursive
   * averages, so every later row is false until {@link #reset()}.
   *
   * @throws IllegalArgumentException when {@code openTime} does not follow the previous candle's: feeding a candle
   *     twice would silently shift every window
   */
  public boolean update(long openTime, double open, double high, double low, double close, double volume,
      float[] out, int offset) {
    if (openTime <= lastOpenTime) {
      throw new IllegalArgumentException(
          "candle open time " + openTime + " does not follow the previous one, " + lastOpenTime);
    }
    lastOpenTime = openTime;
    count++;
    boolean valid = count >= warmup;
    for (int i = 0; i < kernels.length; i++) {
      // Every kernel sees every candle, valid row or not, to keep its state in step.
      float f = (float) kernels[i].update(open, high, low, close, volume);
      row[i] = f;
      valid &= Float.isFinite(f);
    }
    if (valid) {
      System.arraycopy(row, 0, out, offset, row.length);
    }
    return valid;
  }

  /** Candles consumed before the first row can be produced; the row of candle {@code warmup() - 1} is the first. */
  public int warmup() {
    return warmup;
  }

  public int size() {
    return kernels.length;
  }

  public List<String> names() {
    return names;
  }

  /** Back to the state before the first candle, for a new pair or after bad input. */
  public void reset() {
    for (Kernel k : kernels) {
      k.reset();
    }
    count = 0;
    lastOpenTime = Long.MIN_VALUE;
  }
}
