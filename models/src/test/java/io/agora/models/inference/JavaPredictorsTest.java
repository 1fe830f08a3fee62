package io.agora.models.inference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agora.models.training.ModelTrainers;
import io.agora.models.training.SyntheticData;
import io.agora.models.training.TrainedModel;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class JavaPredictorsTest {
  private static final SyntheticData DATA = SyntheticData.generate(6_000, 12, 0.25, 21);

  private static TrainedModel train(String kind) {
    return ModelTrainers.create(kind, Map.of("epochs", "3")).fit(DATA.x(), DATA.trainRows(), 12, DATA.y(), 5);
  }

  @ParameterizedTest
  @ValueSource(strings = {"logistic", "mlp"})
  void readsTheWeightsFromTheGraphAndScoresLikeTheReference(String kind) {
    TrainedModel model = train(kind);
    int rows = DATA.testRows();
    float[] out = new float[rows];
    double max = 0;
    try (Predictor p = JavaPredictors.fromOnnx(model.onnx(), kind, ModelBinding.of(model), rows)) {
      assertEquals("java", p.provider());
      p.predict(DATA.testX(), rows, out);
    }
    for (int r = 0; r < rows; r++) {
      max = Math.max(max, Math.abs(out[r] - model.reference().probability(DATA.row(DATA.trainRows() + r))));
    }
    System.out.printf("%s plain-Java vs reference over %d rows: max error %.3g%n", kind, rows, max);
    assertTrue(max <= 1e-5, kind + " max error " + max);
  }

  @Test
  void refusesGraphsItCannotEvaluate() {
    TrainedModel fm = train("fm");
    InferenceException e = assertThrows(InferenceException.class,
        () -> JavaPredictors.fromOnnx(fm.onnx(), "fm-model", ModelBinding.of(fm), 8));
    assertTrue(e.getMessage().contains("fm-model") && e.getMessage().contains("no plain-Java evaluator"),
        e.getMessage());
  }

  @Test
  void refusesAWidthThatDiffersFromTheWeights() {
    TrainedModel mlp = train("mlp");
    ModelBinding ten = new ModelBinding(mlp.input(), mlp.output(), 10, 0);
    InferenceException e = assertThrows(InferenceException.class,
        () -> JavaPredictors.fromOnnx(mlp.onnx(), "mlp-model", ten, 8));
    assertTrue(e.getMessage().contains("do not fit 10 features"), e.getMessage());
  }

  @Test
  void nanRowsAreRefusedLikeOnnxRuntimePredictorsRefuseThem() {
    TrainedModel lr = train("logistic");
    try (Predictor p = JavaPredictors.fromOnnx(lr.onnx(), "lr", ModelBinding.of(lr), 2)) {
      float[] x = new float[24];
      x[13] = Float.NaN;
      InferenceException e = assertThrows(InferenceException.class, () -> p.predict(x, 2, new float[2]));
      assertTrue(e.getMessage().contains("feature 1 of row 1 is NaN"), e.getMessage());
    }
  }
}
