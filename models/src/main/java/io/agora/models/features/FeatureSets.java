package io.agora.models.features;

import java.util.List;

/**
 * Named, frozen lists of features. A model card records the set's name beside the feature list so that a reader sees
 * at a glance which models share inputs; a set's contents never change once models reference it (a change is a new
 * name, {@code ohlcv-v2}).
 */
public final class FeatureSets {
  /** Name of {@link #standard()}. */
  public static final String OHLCV_V1 = "ohlcv-v1";

  private static final List<String> STANDARD = List.of(
      "ret_1", "ret_3", "ret_12", "ret_48",
      "rsi_14",
      "ema_dist_20", "ema_dist_50",
      "macd_hist_12_26_9",
      "bb_pctb_20",
      "atr_pct_14",
      "vol_12", "vol_48",
      "volume_z_48",
      "range_pct", "body_pct");

  private FeatureSets() {}

  /**
   * Momentum over four horizons, trend distance, oscillators, volatility and volume activity; every value is
   * price-free, so one model can train on several pairs at once. Warm-up: 50 candles.
   */
  public static List<String> standard() {
    return STANDARD;
  }

  /**
   * The features of a named set.
   *
   * @throws IllegalArgumentException for an unknown name, listing the known ones
   */
  public static List<String> byName(String name) {
    if (OHLCV_V1.equals(name)) {
      return STANDARD;
    }
    throw new IllegalArgumentException("unknown feature set '" + name + "'; known: " + OHLCV_V1);
  }
}
