package io.agora.agents.inference;

import io.agora.models.inference.Predictor;
import io.agora.models.inference.Provider;
import io.agora.models.registry.ModelRegistry;
import java.nio.file.Path;

/**
 * The production {@link PredictorFactory}: models from the registry folder (shared by the nodes, or copied to each),
 * checked against their card's checksum and shape, run by ONNX Runtime on {@code provider}.
 */
public final class RegistryPredictors implements PredictorFactory {
  private final ModelRegistry registry;
  private final Provider provider;
  private final int maxBatch;

  public RegistryPredictors(Path root, Provider provider, int maxBatch) {
    this.registry = new ModelRegistry(root);
    this.provider = provider;
    this.maxBatch = maxBatch;
  }

  @Override
  public Predictor open(String modelRef) {
    return registry.resolve(modelRef).open(provider, maxBatch);
  }

  @Override
  public String toString() {
    return "models in " + registry.root() + " on " + provider.id();
  }
}
