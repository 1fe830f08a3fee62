package io.agora.agents.inference;

import io.agora.models.inference.InferenceException;
import io.agora.models.inference.Predictor;

/**
 * Opens the predictor of a model reference ({@code name} or {@code name@version}). The inference actor calls it once
 * per model and keeps the predictor (predictors are not thread-safe: each actor opens its own). Production wiring to
 * the ONNX model registry comes with the models module; tests give plain-Java predictors.
 */
@FunctionalInterface
public interface PredictorFactory {

  /**
   * @throws InferenceException when the model is unknown or cannot be loaded (a corrupt file); the message names the
   *     model and the reason
   */
  Predictor open(String modelRef);
}
