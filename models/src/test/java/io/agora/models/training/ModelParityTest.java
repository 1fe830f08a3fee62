package io.agora.models.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agora.models.inference.ModelBinding;
import io.agora.models.inference.OnnxPredictor;
import io.agora.models.inference.Provider;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Every kind: the ONNX export, run by ONNX Runtime, scores like the training library, and the model learned. */
class ModelParityTest {
  private static final SyntheticData DATA = SyntheticData.generate(20_000, 12, 0.2, 42);
  private static final Map<String, TrainedModel> MODELS = new ConcurrentHashMap<>();
  private static final int MAX_BATCH = 256;

  private static TrainedModel model(String kind) {
    return MODELS.computeIfAbsent(kind, k -> ModelTrainers.create(k, hyperparameters(k))
        .fit(DATA.x(), DATA.trainRows(), DATA.features(), DATA.y(), 7));
  }

  private static Map<String, String> hyperparameters(String kind) {
    // Ensemble members are factorization machines here so that the ensemble can learn the interaction term.
    return "ensemble".equals(kind) ? Map.of("member", "fm", "members", "3", "epochs", "5") : Map.of();
  }

  @ParameterizedTest
  @ValueSource(strings = {"logistic", "fm", "ensemble", "mlp"})
  void onnxRuntimeMatchesTheTrainingLibraryInBatchesAndSingleRows(String kind) {
    TrainedModel model = model(kind);
    int rows = DATA.testRows();
    float[] x = DATA.testX();
    double[] expected = new double[rows];
    for (int r = 0; r < rows; r++) {
      expected[r] = model.reference().probability(DATA.row(DATA.trainRows() + r));
    }
    float[] batched = new float[rows];
    float[] single = new float[rows];
    try (OnnxPredictor predictor =
        OnnxPredictor.open(model.onnx(), kind, ModelBinding.of(model), Provider.CPU, MAX_BATCH)) {
      // Full batches, then a 160-row remainder: both the max-batch and the in-between sizes.
      float[] chunk = new float[MAX_BATCH * 12];
      float[] scores = new float[MAX_BATCH];
      for (int start = 0; start < rows; start += MAX_BATCH) {
        int n = Math.min(MAX_BATCH, rows - start);
        System.arraycopy(x, start * 12, chunk, 0, n * 12);
        predictor.predict(chunk, n, scores);
        System.arraycopy(scores, 0, batched, start, n);
      }
      float[] one = new float[1];
      for (int r = 0; r < rows; r++) {
        predictor.predict(DATA.row(DATA.trainRows() + r), 1, one);
        single[r] = one[0];
      }
    }
    double maxBatched = maxAbsDiff(expected, batched);
    double maxSingle = maxAbsDiff(expected, single);
    System.out.printf("%s parity over %d rows: max |onnx - reference| batched %.3g, single %.3g%n", kind, rows,
        maxBatched, maxSingle);
    assertTrue(maxBatched <= 1e-5, kind + " batched max error " + maxBatched);
    assertTrue(maxSingle <= 1e-5, kind + " single-row max error " + maxSingle);
  }

  @ParameterizedTest
  @CsvSource({"logistic, 0.75", "fm, 0.85", "ensemble, 0.85", "mlp, 0.88"})
  void learnsTheRuleBetterThanChanceOnHeldOutRows(String kind, double minAuc) {
    TrainedModel model = model(kind);
    int rows = DATA.testRows();
    double[] scores = new double[rows];
    for (int r = 0; r < rows; r++) {
      scores[r] = model.reference().probability(DATA.row(DATA.trainRows() + r));
    }
    double auc = SyntheticData.auc(scores, DATA.testY());
    System.out.printf("%s held-out AUC %.4f%n", kind, auc);
    assertTrue(auc >= minAuc, kind + " AUC " + auc + " < " + minAuc);
  }

  @ParameterizedTest
  @ValueSource(strings = {"logistic", "fm", "ensemble", "mlp"})
  void describesItsGraph(String kind) {
    TrainedModel model = model(kind);
    assertEquals(kind, model.kind());
    assertEquals(12, model.featureCount());
    assertTrue(model.opset() > 0 && model.opset() <= 17, "opset " + model.opset());
    assertTrue(model.hyperparameters().containsKey("epochs"), model.hyperparameters().toString());
  }

  private static double maxAbsDiff(double[] expected, float[] actual) {
    double max = 0;
    for (int i = 0; i < expected.length; i++) {
      max = Math.max(max, Math.abs(expected[i] - actual[i]));
    }
    return max;
  }
}
