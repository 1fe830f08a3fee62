package io.agora.models.registry;

import java.util.List;
import java.util.Map;

/**
 * What a model needs besides its weights to be used correctly, stored as {@code model.json} beside
 * {@code model.onnx}: its features in input order (each name fully describes its computation, e.g. {@code ret_12},
 * {@code rsi_14}), the normalisation fitted on the training window only, the label it predicts, the training window
 * and the validation metrics. A live agent and the backtester build the same features from it.
 *
 * @param name     registry name ({@code [a-z0-9][a-z0-9_-]*})
 * @param version  1, 2, ... assigned by the registry on save (0 before)
 * @param kind     {@code logistic}, {@code fm}, {@code ensemble} or {@code mlp}
 * @param features feature names in the model's input order
 * @param mean     per-feature mean of the training window (same order)
 * @param std      per-feature standard deviation of the training window (never 0: constant features get 1)
 */
public record ModelCard(
    String name,
    int version,
    String kind,
    String featureSet,
    List<String> features,
    double[] mean,
    double[] std,
    Label label,
    Training training,
    Map<String, Double> validation,
    Onnx onnx,
    String createdAt) {

  /** Positive label: the close {@code horizon} candles ahead is above this close by more than {@code threshold}. */
  public record Label(String kind, int horizon, double threshold) {}

  /** The data the model was fitted on; times are epoch milliseconds UTC (open times, inclusive). */
  public record Training(List<String> pairs, String timeframe, long fromMs, long toMs, int rows, int positives,
      long seed, Map<String, String> hyperparameters) {}

  /**
   * The graph's interface: input name ({@code [-1, features]} float32), output name, which output column is the
   * positive probability, opset, and the SHA-256 of {@code model.onnx} (checked on load).
   */
  public record Onnx(String input, String output, int positiveIndex, int opset, String sha256) {}

  public ModelCard withVersion(int v) {
    return new ModelCard(name, v, kind, featureSet, features, mean, std, label, training, validation, onnx, createdAt);
  }

  /** {@code name@version}. */
  public String ref() {
    return name + "@" + version;
  }
}
