package io.agora.models.registry;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agora.models.inference.InferenceException;
import io.agora.models.inference.OnnxPredictor;
import io.agora.models.inference.Provider;
import io.agora.models.training.ModelTrainers;
import io.agora.models.training.SyntheticData;
import io.agora.models.training.TrainedModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ModelRegistryTest {
  private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-21T10:00:00Z"), ZoneOffset.UTC);
  private static SyntheticData data;
  private static TrainedModel model;

  @TempDir
  Path root;

  @BeforeAll
  static void train() {
    data = SyntheticData.generate(2_000, 12, 0.5, 3);
    model = ModelTrainers.create("mlp", Map.of("epochs", "2", "hidden", "4"))
        .fit(data.x(), data.trainRows(), 12, data.y(), 1);
  }

  private ModelRegistry registry() {
    return new ModelRegistry(root, CLOCK);
  }

  private static ModelCard draft(String name, int features) {
    List<String> names = IntStream.range(0, features).mapToObj(i -> "ret_" + (i + 1)).toList();
    double[] mean = new double[features];
    double[] std = new double[features];
    Arrays.fill(std, 1);
    mean[0] = 0.25;
    return new ModelCard(name, 0, model.kind(), "returns-v1", names, mean, std,
        new ModelCard.Label("up", 12, 0.002),
        new ModelCard.Training(List.of("BTC/USDT"), "1h", 1_600_000_000_000L, 1_700_000_000_000L, 1000, 480, 1,
            model.hyperparameters()),
        Map.of("auc", 0.61),
        new ModelCard.Onnx(model.input(), model.output(), model.positiveIndex(), model.opset(), null), null);
  }

  @Test
  void savesNumberedVersionsAndResolvesThemBack() throws Exception {
    ModelRegistry registry = registry();
    ModelCard first = registry.save(draft("btc-up", 12), model.onnx());
    ModelCard second = registry.save(draft("btc-up", 12), model.onnx());
    assertEquals(1, first.version());
    assertEquals(2, second.version());
    assertEquals("2026-11-21T10:00:00Z", first.createdAt());
    assertEquals(64, first.onnx().sha256().length());

    assertEquals(2, registry.resolve("btc-up").card().version());
    assertEquals(2, registry.resolve("btc-up@latest").card().version());
    StoredModel v1 = registry.resolve("btc-up@1");
    assertEquals(root.resolve("btc-up/1/model.onnx"), v1.onnxFile());
    assertArrayEquals(model.onnx(), Files.readAllBytes(v1.onnxFile()));

    ModelCard read = v1.card();
    assertEquals(first.features(), read.features());
    assertArrayEquals(first.mean(), read.mean());
    assertArrayEquals(first.std(), read.std());
    assertEquals(first.label(), read.label());
    assertEquals(first.training().hyperparameters(), read.training().hyperparameters());
    assertEquals(first.validation(), read.validation());
    assertEquals(first.onnx(), read.onnx());
    assertEquals("btc-up@1", read.ref());

    String json = Files.readString(root.resolve("btc-up/1/model.json"));
    assertTrue(json.contains("\n  \"name\" : \"btc-up\""), json);
    try (Stream<Path> left = Files.list(root.resolve("btc-up"))) {
      assertEquals(List.of("1", "2"), left.map(p -> p.getFileName().toString()).sorted().toList(),
          "no staging directories are left behind");
    }
  }

  @Test
  void aResolvedModelOpensAndScoresLikeTheTrainer() {
    ModelRegistry registry = registry();
    registry.save(draft("mlp-small", 12), model.onnx());
    float[] out = new float[1];
    try (OnnxPredictor p = registry.resolve("mlp-small").open(Provider.CPU, 1)) {
      p.predict(data.row(5), 1, out);
    }
    assertEquals(model.reference().probability(data.row(5)), out[0], 1e-5);
  }

  @Test
  void listsEveryVersionByNameThenVersion() {
    ModelRegistry registry = registry();
    registry.save(draft("zeta", 12), model.onnx());
    registry.save(draft("alpha", 12), model.onnx());
    registry.save(draft("zeta", 12), model.onnx());
    assertEquals(List.of("alpha@1", "zeta@1", "zeta@2"), registry.list().stream().map(ModelCard::ref).toList());
    assertEquals(List.of(), new ModelRegistry(root.resolve("absent")).list());
  }

  @Test
  void aModifiedFileIsReportedAsCorrupt() throws Exception {
    ModelRegistry registry = registry();
    registry.save(draft("btc-up", 12), model.onnx());
    Path file = root.resolve("btc-up/1/model.onnx");
    byte[] bytes = Files.readAllBytes(file);
    bytes[bytes.length - 1] ^= 1;
    Files.write(file, bytes);
    InferenceException e = assertThrows(InferenceException.class, () -> registry.resolve("btc-up@1"));
    assertTrue(e.getMessage().startsWith("corrupt model file " + file), e.getMessage());
  }

  @Test
  void aCardEditedToDisagreeWithTheGraphIsRefusedOnResolve() throws Exception {
    ModelRegistry registry = registry();
    registry.save(draft("btc-up", 12), model.onnx());
    Path card = root.resolve("btc-up/1/model.json");
    // Drop the last two features from the card (and their normalisation); the file's hash stays valid.
    com.fasterxml.jackson.databind.ObjectMapper mapper = new com.fasterxml.jackson.databind.ObjectMapper();
    ModelCard edited = mapper.readValue(card.toFile(), ModelCard.class);
    List<String> ten = edited.features().subList(0, 10);
    ModelCard tenFeatures = new ModelCard(edited.name(), edited.version(), edited.kind(), edited.featureSet(), ten,
        Arrays.copyOf(edited.mean(), 10), Arrays.copyOf(edited.std(), 10), edited.label(), edited.training(),
        edited.validation(), edited.onnx(), edited.createdAt());
    mapper.writeValue(card.toFile(), tenFeatures);
    InferenceException e = assertThrows(InferenceException.class, () -> registry.resolve("btc-up"));
    assertTrue(e.getMessage().contains("the card lists 10 features but the graph's input 'input' is [batch, 12]"),
        e.getMessage());
  }

  @Test
  void refusesToSaveACardThatDoesNotFitTheGraphOrItself() {
    ModelRegistry registry = registry();
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> registry.save(draft("btc-up", 10), model.onnx()));
    assertTrue(e.getMessage().contains("lists 10 features") && e.getMessage().contains("[batch, 12]"),
        e.getMessage());
    ModelCard ok = draft("btc-up", 12);
    ModelCard shortMean = new ModelCard(ok.name(), 0, ok.kind(), ok.featureSet(), ok.features(), new double[3],
        ok.std(), ok.label(), ok.training(), ok.validation(), ok.onnx(), null);
    e = assertThrows(IllegalArgumentException.class, () -> registry.save(shortMean, model.onnx()));
    assertTrue(e.getMessage().contains("12 features but has 3 means"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> registry.save(ok, new byte[] {1, 2, 3, 4, 5}));
    assertTrue(e.getMessage().contains("not an ONNX model"), e.getMessage());
    ModelCard wrongInput = new ModelCard(ok.name(), 0, ok.kind(), ok.featureSet(), ok.features(), ok.mean(),
        ok.std(), ok.label(), ok.training(), ok.validation(), new ModelCard.Onnx("x", "output", 0, 17, null), null);
    e = assertThrows(IllegalArgumentException.class, () -> registry.save(wrongInput, model.onnx()));
    assertTrue(e.getMessage().contains("no input 'x'"), e.getMessage());
    assertEquals(List.of(), registry.list(), "nothing was stored");
  }

  @ParameterizedTest
  @ValueSource(strings = {"BTC", "-up", "../etc", "a/b", "a b", ""})
  void refusesBadNamesOnSave(String name) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> registry().save(draft(name, 12), model.onnx()));
    assertTrue(e.getMessage().contains("bad model name '" + name + "'"), e.getMessage());
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "BTC", "btc@", "btc@0", "btc@-1", "btc@x", "btc@1@2", "../btc", "btc@01"})
  void refusesMalformedReferences(String ref) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> registry().resolve(ref));
    assertTrue(e.getMessage().startsWith("bad model reference '" + ref + "'"), e.getMessage());
  }

  @Test
  void unknownNamesAndVersionsSayWhatExists() {
    ModelRegistry registry = registry();
    registry.save(draft("btc-up", 12), model.onnx());
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> registry.resolve("eth-up"));
    assertTrue(e.getMessage().contains("no model named 'eth-up'") && e.getMessage().contains("[btc-up]"),
        e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> registry.resolve("btc-up@7"));
    assertTrue(e.getMessage().contains("has no version 7; versions: [1]"), e.getMessage());
  }

  @Test
  void concurrentSavesGetDistinctVersions() throws Exception {
    ModelRegistry registry = registry();
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<ModelCard>> saves = new ArrayList<>();
      for (int i = 0; i < 12; i++) {
        saves.add(pool.submit(() -> registry.save(draft("busy", 12), model.onnx())));
      }
      List<Integer> versions = new ArrayList<>();
      for (Future<ModelCard> f : saves) {
        versions.add(f.get().version());
      }
      assertEquals(IntStream.rangeClosed(1, 12).boxed().toList(), versions.stream().sorted().toList());
    } finally {
      pool.shutdown();
    }
  }
}
