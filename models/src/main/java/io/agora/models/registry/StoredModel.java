package io.agora.models.registry;

import io.agora.models.inference.ModelBinding;
import io.agora.models.inference.OnnxPredictor;
import io.agora.models.inference.Provider;
import java.nio.file.Path;

/** A registered model whose file matched its card's SHA-256 when it was resolved. */
public record StoredModel(ModelCard card, Path onnxFile) {

  /** Opens the graph with the card's input, output and feature count. */
  public OnnxPredictor open(Provider provider, int maxBatch) {
    return OnnxPredictor.open(onnxFile, ModelBinding.of(card), provider, maxBatch);
  }
}
