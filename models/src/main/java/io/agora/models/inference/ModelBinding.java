package io.agora.models.inference;

import io.agora.models.registry.ModelCard;
import io.agora.models.training.TrainedModel;

/**
 * How to call a graph: input and output names, the input width, and which output column is the positive-class
 * probability.
 */
public record ModelBinding(String input, String output, int featureCount, int positiveIndex) {

  public ModelBinding {
    if (input == null || output == null) {
      throw new IllegalArgumentException("input and output names are required");
    }
    if (featureCount <= 0 || positiveIndex < 0) {
      throw new IllegalArgumentException(
          "featureCount must be > 0 and positiveIndex >= 0, were " + featureCount + ", " + positiveIndex);
    }
  }

  public static ModelBinding of(TrainedModel model) {
    return new ModelBinding(model.input(), model.output(), model.featureCount(), model.positiveIndex());
  }

  /** The card's feature list is the input width: a graph of another width is refused when it is opened. */
  public static ModelBinding of(ModelCard card) {
    return new ModelBinding(card.onnx().input(), card.onnx().output(), card.features().size(),
        card.onnx().positiveIndex());
  }
}
