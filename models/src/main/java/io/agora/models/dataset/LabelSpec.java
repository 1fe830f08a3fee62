package io.agora.models.dataset;

import io.agora.models.registry.ModelCard;

/**
 * What a model is asked to predict: whether the close {@code horizon} candles ahead is above this candle's close by
 * more than {@code threshold} (0.004 = 0.4 %). A threshold above the round-trip fee makes "positive" mean "worth
 * entering", not merely "up".
 *
 * <p>The label of candle {@code t} is only known once candle {@code t + horizon} has closed, which is why
 * {@link WalkForward#rows} purges training rows whose horizon reaches into the test window.
 */
public record LabelSpec(int horizon, double threshold) {
  /** The {@link ModelCard.Label#kind()} written for this label. */
  public static final String KIND = "forward_return_above";

  public LabelSpec {
    if (horizon < 1) {
      throw new IllegalArgumentException("label horizon must be at least 1 candle, got " + horizon);
    }
    if (!Double.isFinite(threshold) || threshold <= -1.0) {
      throw new IllegalArgumentException("label threshold must be finite and above -1, got " + threshold);
    }
  }

  /** From a model card's label. */
  public static LabelSpec of(ModelCard.Label label) {
    if (!KIND.equals(label.kind())) {
      throw new IllegalArgumentException("label kind '" + label.kind() + "' is not " + KIND);
    }
    return new LabelSpec(label.horizon(), label.threshold());
  }

  public ModelCard.Label toCard() {
    return new ModelCard.Label(KIND, horizon, threshold);
  }

  /** 1 when {@code later / now - 1 > threshold}, else 0. */
  public int label(double now, double later) {
    return later / now - 1.0 > threshold ? 1 : 0;
  }
}
