package io.agora.models.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnx.proto.OnnxMl;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ModelTrainersTest {
  private static final SyntheticData DATA = SyntheticData.generate(2_000, 12, 0.1, 9);

  @Test
  void unknownKindsAreNamed() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> ModelTrainers.create("xgboost", Map.of()));
    assertTrue(e.getMessage().contains("'xgboost'") && e.getMessage().contains("logistic, fm, ensemble or mlp"),
        e.getMessage());
  }

  @ParameterizedTest
  @ValueSource(strings = {"logistic", "fm", "ensemble", "mlp"})
  void unknownHyperparametersAreNamedWithTheKnownOnes(String kind) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> ModelTrainers.create(kind, Map.of("epochz", "3")));
    assertTrue(e.getMessage().contains("[epochz]") && e.getMessage().contains(kind)
        && e.getMessage().contains("epochs"), e.getMessage());
  }

  @ParameterizedTest
  @CsvSource({
      "logistic, epochs, 0", "logistic, learningRate, -1", "logistic, optimizer, lbfgs", "fm, factors, two",
      "fm, variance, NaN", "ensemble, members, 0", "ensemble, member, mlp", "mlp, hidden, 1.5",
      "mlp, batchSize, 0", "mlp, l2, -0.1", "mlp, learningRate, Infinity"})
  void badValuesAreNamed(String kind, String key, String value) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> ModelTrainers.create(kind, Map.of(key, value)));
    assertTrue(e.getMessage().contains("hyperparameter " + key + " of " + kind + " is '" + value + "'"),
        e.getMessage());
  }

  @Test
  void defaultsAreReportedWithTheOverrides() {
    ModelTrainer trainer = ModelTrainers.create("mlp", Map.of("hidden", "8", "epochs", "1"));
    TrainedModel m = trainer.fit(DATA.x(), DATA.trainRows(), 12, DATA.y(), 1);
    assertEquals("8", m.hyperparameters().get("hidden"));
    assertEquals("64", m.hyperparameters().get("batchSize"));
    assertEquals("mlp", trainer.kind());
    assertEquals(ModelTrainers.create("logistic", null).kind(), "logistic");
  }

  @ParameterizedTest
  @ValueSource(strings = {"logistic", "fm", "ensemble", "mlp"})
  void rejectsDataItCannotLearnFrom(String kind) {
    ModelTrainer t = ModelTrainers.create(kind, Map.of("epochs", "1"));
    int[] allOnes = new int[100];
    Arrays.fill(allOnes, 1);
    assertMessage("all 100 rows have label 1", () -> t.fit(new float[1200], 100, 12, allOnes, 1));
    assertMessage("no rows", () -> t.fit(new float[0], 0, 12, new int[0], 1));
    float[] x = Arrays.copyOf(DATA.x(), 100 * 12);
    x[5 * 12 + 2] = Float.NaN;
    assertMessage("feature 2 of row 5 is NaN", () -> t.fit(x, 100, 12, DATA.y(), 1));
    int[] y = Arrays.copyOf(DATA.y(), 100);
    y[4] = 2;
    assertMessage("label of row 4 is 2", () -> t.fit(DATA.x(), 100, 12, y, 1));
    assertMessage("need rows * featureCount = 1200", () -> t.fit(new float[10], 100, 12, y, 1));
  }

  private static void assertMessage(String expected, org.junit.jupiter.api.function.Executable fit) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, fit);
    assertTrue(e.getMessage().contains(expected), e.getMessage());
  }

  @ParameterizedTest
  @ValueSource(strings = {"logistic", "mlp"})
  void theSameSeedGivesTheSameModelAndAnotherSeedADifferentOne(String kind) {
    ModelTrainer t = ModelTrainers.create(kind, Map.of("epochs", "2"));
    TrainedModel a = t.fit(DATA.x(), DATA.trainRows(), 12, DATA.y(), 1);
    TrainedModel b = t.fit(DATA.x(), DATA.trainRows(), 12, DATA.y(), 1);
    TrainedModel c = t.fit(DATA.x(), DATA.trainRows(), 12, DATA.y(), 2);
    float[] row = DATA.row(DATA.trainRows());
    assertEquals(a.reference().probability(row), b.reference().probability(row));
    assertTrue(a.reference().probability(row) != c.reference().probability(row));
  }

  @Test
  void featureNamesSortInRowOrder() {
    String[] names = TribuoTrainer.featureNames(1200);
    assertEquals("f0000", names[0]);
    String[] sorted = names.clone();
    Arrays.sort(sorted);
    assertArrayEquals(names, sorted);
    assertEquals("f011", TribuoTrainer.featureNames(12)[11]);
  }

  /**
   * Column i of the ONNX input is feature i: a logistic model fitted on a label that depends on one feature only
   * puts its largest weight on that feature's row of the exported weight matrix.
   */
  @Test
  void theOnnxInputColumnOrderIsTheRowOrder() throws Exception {
    int rows = 2_000;
    int features = 12;
    for (int target : new int[] {0, 7, 11}) {
      float[] x = Arrays.copyOf(DATA.x(), rows * features);
      int[] y = new int[rows];
      for (int r = 0; r < rows; r++) {
        y[r] = x[r * features + target] > 0 ? 1 : 0;
      }
      TrainedModel m = ModelTrainers.create("logistic", Map.of("epochs", "3")).fit(x, rows, features, y, 1);
      OnnxMl.TensorProto w = OnnxMl.ModelProto.parseFrom(m.onnx()).getGraph().getInitializerList().stream()
          .filter(t -> t.getDimsCount() == 2).findFirst().orElseThrow();
      float[] flat = new float[features * 2];
      w.getRawData().asReadOnlyByteBuffer().order(java.nio.ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(flat);
      int argmax = 0;
      for (int f = 0; f < features; f++) {
        double margin = Math.abs(flat[f * 2 + 1] - flat[f * 2]);
        if (margin > Math.abs(flat[argmax * 2 + 1] - flat[argmax * 2])) {
          argmax = f;
        }
      }
      assertEquals(target, argmax, "weight row of the feature the label depends on");
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"logistic", "fm"})
  void aColumnThatIsZeroInEveryRowKeepsItsPlace(String kind) throws Exception {
    float[] x = Arrays.copyOf(DATA.x(), DATA.trainRows() * 12);
    for (int r = 0; r < DATA.trainRows(); r++) {
      x[r * 12 + 3] = 0f;
    }
    TrainedModel m = ModelTrainers.create(kind, Map.of("epochs", "1")).fit(x, DATA.trainRows(), 12, DATA.y(), 1);
    OnnxMl.ValueInfoProto input = OnnxMl.ModelProto.parseFrom(m.onnx()).getGraph().getInput(0);
    assertEquals(12, input.getType().getTensorType().getShape().getDim(1).getDimValue());
  }
}
