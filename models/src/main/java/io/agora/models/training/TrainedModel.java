package io.agora.models.training;

import java.util.Map;

/**
 * A fitted model: its ONNX graph and the training library's own scorer (the reference the ONNX export must match).
 *
 * @param onnx            the serialised {@code ModelProto}
 * @param input           the graph's input name ({@code [-1, featureCount]} float32)
 * @param output          the graph's output name
 * @param positiveIndex   the output column holding the positive-label probability
 * @param opset           the ONNX opset the graph uses
 * @param hyperparameters what was used (for the model card)
 * @param reference       probabilities as the training library computes them
 */
public record TrainedModel(String kind, int featureCount, byte[] onnx, String input, String output, int positiveIndex,
    int opset, Map<String, String> hyperparameters, ReferenceScorer reference) {

  /** The training library's own prediction: positive-label probability of one row. */
  @FunctionalInterface
  public interface ReferenceScorer {
    double probability(float[] row);
  }
}
