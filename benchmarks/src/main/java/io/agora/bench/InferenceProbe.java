package io.agora.bench;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtProvider;
import io.agora.models.inference.InferenceException;
import io.agora.models.inference.ModelBinding;
import io.agora.models.inference.OnnxPredictor;
import io.agora.models.inference.Provider;
import io.agora.models.training.ModelTrainers;
import io.agora.models.training.TrainedModel;
import java.util.Map;

/**
 * Opens a small model on one provider and says where it runs, before a long benchmark run is started on a node
 * whose CUDA setup is unproven: a missing CUDA or cuDNN library then costs seconds and one clear line, not a JMH
 * stack trace per fork.
 *
 * <pre>java -cp benchmarks/target/benchmarks.jar io.agora.bench.InferenceProbe cuda</pre>
 *
 * Exit status 0 when the model opened and scored on the provider asked for, 1 otherwise.
 */
public final class InferenceProbe {
  private InferenceProbe() {}

  public static void main(String[] args) {
    String asked = args.length > 0 ? args[0] : "cuda";
    System.out.println("ONNX Runtime " + OrtEnvironment.getEnvironment().getVersion() + ", providers in this build: "
        + OrtEnvironment.getAvailableProviders());
    int rows = 2_000;
    InferenceBenchmark.Data data = InferenceBenchmark.data(rows, InferenceBenchmark.SEED);
    // Few epochs: only whether the session opens and runs matters here, not the model's quality.
    TrainedModel model = ModelTrainers.create("logistic", Map.of("epochs", "1"))
        .fit(data.x(), rows, InferenceBenchmark.FEATURES, data.y(), InferenceBenchmark.SEED);
    int batch = InferenceBenchmark.BATCH;
    float[] out = new float[batch];
    try (OnnxPredictor p = OnnxPredictor.open(model.onnx(), "probe", ModelBinding.of(model), Provider.parse(asked),
        batch)) {
      p.predict(data.x(), batch, out);
      System.out.println("provider asked: " + asked + ", active provider: " + p.provider() + ", scored " + batch
          + " rows");
    } catch (InferenceException | IllegalArgumentException e) {
      System.err.println("FAILED: " + e.getMessage());
      if (!OrtEnvironment.getAvailableProviders().contains(OrtProvider.CUDA)) {
        System.err.println("This jar carries the CPU build of ONNX Runtime: build it with -Pcuda for the GPU one.");
      }
      System.exit(1);
    }
  }
}
