package io.agora.models.training;

import java.util.Map;

/** Looks trainers up by kind. */
public final class ModelTrainers {
  private ModelTrainers() {}

  /**
   * @param kind            {@code logistic}, {@code fm}, {@code ensemble} or {@code mlp}
   * @param hyperparameters overrides of the kind's defaults (null or empty: all defaults)
   * @throws IllegalArgumentException for an unknown kind, an unknown key or a bad value, naming it
   */
  public static ModelTrainer create(String kind, Map<String, String> hyperparameters) {
    if (kind == null) {
      throw new IllegalArgumentException("model kind is null; expected logistic, fm, ensemble or mlp");
    }
    switch (kind) {
      case "logistic":
        return TribuoTrainer.logistic(hyperparameters);
      case "fm":
        return TribuoTrainer.fm(hyperparameters);
      case "ensemble":
        return TribuoTrainer.ensemble(hyperparameters);
      case "mlp":
        return MlpTrainer.create(hyperparameters);
      default:
        throw new IllegalArgumentException("unknown model kind '" + kind + "'; expected logistic, fm, ensemble or mlp");
    }
  }
}
