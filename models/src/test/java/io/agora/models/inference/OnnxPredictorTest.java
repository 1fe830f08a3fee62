package io.agora.models.inference;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtProvider;
import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.agora.models.training.ModelTrainers;
import io.agora.models.training.SyntheticData;
import io.agora.models.training.TrainedModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

class OnnxPredictorTest {
  private static final int F = 12;
  private static SyntheticData data;
  private static TrainedModel model;

  @TempDir
  Path dir;

  @BeforeAll
  static void train() {
    data = SyntheticData.generate(3_000, F, 0.2, 11);
    model = ModelTrainers.create("logistic", Map.of("epochs", "2"))
        .fit(data.x(), data.trainRows(), F, data.y(), 3);
  }

  private static OnnxPredictor open(Provider provider, int maxBatch) {
    return OnnxPredictor.open(model.onnx(), "test-logistic", ModelBinding.of(model), provider, maxBatch);
  }

  /** ONNX Runtime's CPU build lists no CUDA provider; with the GPU build these checks depend on the machine. */
  private static boolean cudaCompiledIn() {
    return OrtEnvironment.getAvailableProviders().contains(OrtProvider.CUDA);
  }

  @Test
  void everyBatchSizeScoresLikeSingleRowsAndSmallBatchesAfterLargeOnesSeeNoStaleRows() {
    int max = 8;
    float[] x = Arrays.copyOf(data.testX(), max * F);
    float[] expected = new float[max];
    float[] out = new float[max];
    try (OnnxPredictor p = open(Provider.CPU, max)) {
      for (int r = 0; r < max; r++) {
        p.predict(Arrays.copyOfRange(x, r * F, (r + 1) * F), 1, out);
        expected[r] = out[0];
      }
      for (int n = max; n >= 1; n--) {
        Arrays.fill(out, -1f);
        p.predict(x, n, out);
        assertArrayEquals(Arrays.copyOf(expected, n), Arrays.copyOf(out, n), 1e-7f, "batch of " + n);
        assertEquals(-1f, n < max ? out[n] : -1f, "rows past n are left alone");
      }
      assertEquals(12, p.featureCount());
      assertEquals(max, p.maxBatch());
    }
  }

  @Test
  void aNanFeatureIsRefusedWithItsRowAndIndexAndThePredictorStaysUsable() {
    float[] x = Arrays.copyOf(data.testX(), 5 * F);
    float[] before = new float[5];
    float[] after = new float[5];
    try (OnnxPredictor p = open(Provider.CPU, 16)) {
      p.predict(x, 5, before);
      float[] bad = x.clone();
      bad[3 * F + 7] = Float.NaN;
      InferenceException e = assertThrows(InferenceException.class, () -> p.predict(bad, 5, new float[5]));
      assertTrue(e.getMessage().contains("feature 7 of row 3 is NaN"), e.getMessage());
      bad[3 * F + 7] = Float.NEGATIVE_INFINITY;
      e = assertThrows(InferenceException.class, () -> p.predict(bad, 5, new float[5]));
      assertTrue(e.getMessage().contains("feature 7 of row 3 is -Infinity"), e.getMessage());
      p.predict(x, 5, after);
    }
    assertArrayEquals(before, after);
  }

  @Test
  void refusesMoreRowsThanMaxBatchAndShortArrays() {
    try (OnnxPredictor p = open(Provider.CPU, 4)) {
      float[] x = new float[5 * F];
      InferenceException e = assertThrows(InferenceException.class, () -> p.predict(x, 5, new float[5]));
      assertTrue(e.getMessage().contains("max batch is 4"), e.getMessage());
      e = assertThrows(InferenceException.class, () -> p.predict(new float[F], 2, new float[2]));
      assertTrue(e.getMessage().contains("need 24"), e.getMessage());
    }
  }

  @Test
  void aClosedPredictorSaysSo() {
    OnnxPredictor p = open(Provider.CPU, 4);
    p.close();
    p.close();
    InferenceException e = assertThrows(InferenceException.class, () -> p.predict(new float[F], 1, new float[1]));
    assertTrue(e.getMessage().contains("closed"), e.getMessage());
  }

  @Test
  void cpuReportsCpu() {
    try (OnnxPredictor p = open(Provider.CPU, 4)) {
      assertEquals("cpu", p.provider());
    }
  }

  @Test
  void autoFallsBackToCpuWithAWarningWhenCudaIsMissing() {
    assumeFalse(cudaCompiledIn(), "GPU build of ONNX Runtime: AUTO may really get CUDA");
    Logger logger = (Logger) LoggerFactory.getLogger(OnnxPredictor.class);
    ListAppender<ILoggingEvent> appender = new ListAppender<>();
    appender.start();
    logger.addAppender(appender);
    try (OnnxPredictor p = open(Provider.AUTO, 4)) {
      assertEquals("cpu", p.provider());
      float[] out = new float[1];
      p.predict(data.row(0), 1, out);
      assertEquals(model.reference().probability(data.row(0)), out[0], 1e-5);
    } finally {
      logger.detachAppender(appender);
    }
    assertTrue(appender.list.stream().anyMatch(ev -> ev.getLevel() == Level.WARN
        && ev.getFormattedMessage().contains("falling back to CPU")), appender.list.toString());
    assertTrue(appender.list.stream().anyMatch(ev -> ev.getLevel() == Level.INFO
        && ev.getFormattedMessage().contains("on cpu")), appender.list.toString());
  }

  @Test
  void cudaFailsClearlyWhenCudaIsMissing() {
    assumeFalse(cudaCompiledIn(), "GPU build of ONNX Runtime: CUDA may really work");
    InferenceException e = assertThrows(InferenceException.class, () -> open(Provider.CUDA, 4));
    assertTrue(e.getMessage().contains("cannot open model test-logistic on CUDA"), e.getMessage());
  }

  @Test
  void randomBytesAreRefusedNamingTheFile() throws Exception {
    byte[] junk = new byte[4096];
    new SplittableRandom(5).nextBytes(junk);
    Path file = Files.write(dir.resolve("junk.onnx"), junk);
    InferenceException e = assertThrows(InferenceException.class,
        () -> OnnxPredictor.open(file, ModelBinding.of(model), Provider.CPU, 4));
    assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
  }

  @Test
  void aTruncatedModelIsRefusedNamingTheFile() throws Exception {
    Path file = Files.write(dir.resolve("half.onnx"), Arrays.copyOf(model.onnx(), model.onnx().length / 2));
    InferenceException e = assertThrows(InferenceException.class,
        () -> OnnxPredictor.open(file, ModelBinding.of(model), Provider.CPU, 4));
    assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
  }

  @Test
  void aMissingFileIsRefusedNamingIt() {
    Path file = dir.resolve("absent.onnx");
    InferenceException e = assertThrows(InferenceException.class,
        () -> OnnxPredictor.open(file, ModelBinding.of(model), Provider.CPU, 4));
    assertTrue(e.getMessage().contains("cannot read model file " + file), e.getMessage());
  }

  @Test
  void aFeatureCountThatDiffersFromTheGraphIsRefusedWithBothShapes() {
    ModelBinding ten = new ModelBinding(model.input(), model.output(), 10, model.positiveIndex());
    InferenceException e = assertThrows(InferenceException.class,
        () -> OnnxPredictor.open(model.onnx(), "m12", ten, Provider.CPU, 4));
    assertTrue(e.getMessage().contains("[-1, 12]") && e.getMessage().contains("expected [-1, 10]"), e.getMessage());
  }

  @Test
  void unknownInputOrOutputNamesAndAMissingPositiveColumnAreRefused() {
    InferenceException e = assertThrows(InferenceException.class, () -> OnnxPredictor.open(model.onnx(), "m",
        new ModelBinding("features", model.output(), F, 1), Provider.CPU, 4));
    assertTrue(e.getMessage().contains("no input 'features'") && e.getMessage().contains("[input]"), e.getMessage());
    e = assertThrows(InferenceException.class, () -> OnnxPredictor.open(model.onnx(), "m",
        new ModelBinding(model.input(), "probabilities", F, 1), Provider.CPU, 4));
    assertTrue(e.getMessage().contains("no output 'probabilities'"), e.getMessage());
    e = assertThrows(InferenceException.class, () -> OnnxPredictor.open(model.onnx(), "m",
        new ModelBinding(model.input(), model.output(), F, 2), Provider.CPU, 4));
    assertTrue(e.getMessage().contains("no column 2"), e.getMessage());
  }

  @Test
  void providersParseCaseInsensitivelyAndBadOnesAreNamed() {
    assertEquals(Provider.CUDA, Provider.parse("CUDA"));
    assertEquals(Provider.AUTO, Provider.parse(" auto "));
    assertEquals(Provider.CPU, Provider.parse("cpu"));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Provider.parse("tpu"));
    assertTrue(e.getMessage().contains("'tpu'") && e.getMessage().contains("cpu, cuda or auto"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> Provider.parse(null));
  }
}
