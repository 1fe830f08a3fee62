package io.agora.models.registry;

import ai.onnx.proto.OnnxMl;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.google.protobuf.InvalidProtocolBufferException;
import io.agora.models.inference.InferenceException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Versioned models on disk: {@code root/<name>/<version>/model.onnx} and {@code model.json} (the {@link ModelCard}).
 * A version is written into a hidden temporary directory and renamed into place, so readers see a whole version or
 * none. Versions are numbered 1, 2, ...; methods are synchronized, which makes one registry object safe to share
 * inside a process (two processes saving the same name at once are not coordinated beyond the rename failing).
 */
public final class ModelRegistry {
  private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9_-]*");
  private static final Pattern VERSION_DIR = Pattern.compile("[1-9][0-9]*");
  private static final String ONNX_FILE = "model.onnx";
  private static final String CARD_FILE = "model.json";

  private final Path root;
  private final Clock clock;
  private final ObjectMapper json = new ObjectMapper()
      .enable(SerializationFeature.INDENT_OUTPUT)
      // Cards written by later versions of this module may carry more fields.
      .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  public ModelRegistry(Path root) {
    this(root, Clock.systemUTC());
  }

  /** @param clock stamps {@code createdAt} on drafts that have none */
  public ModelRegistry(Path root, Clock clock) {
    this.root = root;
    this.clock = clock;
  }

  public Path root() {
    return root;
  }

  /**
   * Stores {@code onnx} as the next version of {@code draft.name()}. The draft's version and SHA-256 are ignored:
   * the registry assigns both.
   *
   * @return the card as stored
   * @throws IllegalArgumentException for a bad name, a card whose features, normalisation or graph interface do not
   *     fit together or do not fit the graph, or bytes that are not an ONNX model
   */
  public synchronized ModelCard save(ModelCard draft, byte[] onnx) {
    validateDraft(draft, onnx);
    String problem = graphMismatch(onnx, draft);
    if (problem != null) {
      throw new IllegalArgumentException("cannot save " + draft.name() + ": " + problem);
    }
    ModelCard.Onnx io = draft.onnx();
    ModelCard.Onnx withSha = new ModelCard.Onnx(io.input(), io.output(), io.positiveIndex(), io.opset(), sha256(onnx));
    ModelCard base = new ModelCard(draft.name(), 0, draft.kind(), draft.featureSet(), draft.features(), draft.mean(),
        draft.std(), draft.label(), draft.training(), draft.validation(), withSha,
        draft.createdAt() != null ? draft.createdAt() : clock.instant().toString());
    Path modelDir = root.resolve(draft.name());
    try {
      Files.createDirectories(modelDir);
      Path staging = Files.createTempDirectory(modelDir, ".saving-");
      try {
        for (int attempt = 0; ; attempt++) {
          ModelCard card = base.withVersion(latestVersion(modelDir, false) + 1);
          Files.write(staging.resolve(ONNX_FILE), onnx);
          json.writeValue(staging.resolve(CARD_FILE).toFile(), card);
          try {
            Files.move(staging, modelDir.resolve(Integer.toString(card.version())), StandardCopyOption.ATOMIC_MOVE);
            return card;
          } catch (FileAlreadyExistsException | DirectoryNotEmptyException e) {
            // Another process took that version number: take the next one.
            if (attempt >= 10) {
              throw e;
            }
          }
        }
      } finally {
        deleteRecursively(staging);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot save model " + draft.name() + " under " + modelDir, e);
    }
  }

  /**
   * Finds {@code name}, {@code name@latest} or {@code name@<version>} and checks its file against the card.
   *
   * @throws IllegalArgumentException for a malformed reference or an unknown name or version
   * @throws InferenceException       when the file is missing, does not match the card's SHA-256, or the graph does
   *     not fit the card
   */
  public synchronized StoredModel resolve(String ref) {
    Ref parsed = Ref.parse(ref);
    Path modelDir = root.resolve(parsed.name());
    if (!Files.isDirectory(modelDir)) {
      throw new IllegalArgumentException("no model named '" + parsed.name() + "' in " + root + "; known: " + names());
    }
    int version = parsed.version() == 0 ? latestVersion(modelDir, true) : parsed.version();
    Path versionDir = modelDir.resolve(Integer.toString(version));
    if (version == 0 || !Files.isRegularFile(versionDir.resolve(CARD_FILE))) {
      throw new IllegalArgumentException("model '" + parsed.name() + "' has no version "
          + (version == 0 ? "saved" : version) + "; versions: " + versions(modelDir));
    }
    ModelCard card = readCard(versionDir.resolve(CARD_FILE));
    if (!parsed.name().equals(card.name()) || card.version() != version) {
      throw new InferenceException("corrupt model card " + versionDir.resolve(CARD_FILE) + ": it says " + card.ref()
          + ", it is stored as " + parsed.name() + "@" + version);
    }
    Path onnxFile = versionDir.resolve(ONNX_FILE);
    byte[] onnx;
    try {
      onnx = Files.readAllBytes(onnxFile);
    } catch (IOException e) {
      throw new InferenceException("cannot read model file " + onnxFile + ": " + e, e);
    }
    String actual = sha256(onnx);
    if (card.onnx() == null || !actual.equals(card.onnx().sha256())) {
      throw new InferenceException("corrupt model file " + onnxFile + ": its sha256 is " + actual + ", the card says "
          + (card.onnx() == null ? "nothing" : card.onnx().sha256()));
    }
    String problem = graphMismatch(onnx, card);
    if (problem != null) {
      throw new InferenceException("model " + card.ref() + " (" + onnxFile + "): " + problem);
    }
    return new StoredModel(card, onnxFile);
  }

  /** Every stored version, by name then version. */
  public synchronized List<ModelCard> list() {
    List<ModelCard> cards = new ArrayList<>();
    for (String name : names()) {
      Path modelDir = root.resolve(name);
      for (int v : versions(modelDir)) {
        cards.add(readCard(modelDir.resolve(Integer.toString(v)).resolve(CARD_FILE)));
      }
    }
    return cards;
  }

  private record Ref(String name, int version) {
    // version 0: latest
    static Ref parse(String ref) {
      String usage = "bad model reference '" + ref + "': expected name, name@latest or name@<version>, with a name of"
          + " lower-case letters, digits, '_' and '-'";
      if (ref == null) {
        throw new IllegalArgumentException(usage);
      }
      int at = ref.indexOf('@');
      String name = at < 0 ? ref : ref.substring(0, at);
      if (!NAME.matcher(name).matches()) {
        throw new IllegalArgumentException(usage);
      }
      if (at < 0) {
        return new Ref(name, 0);
      }
      String version = ref.substring(at + 1);
      if ("latest".equals(version)) {
        return new Ref(name, 0);
      }
      if (!VERSION_DIR.matcher(version).matches() || version.length() > 9) {
        throw new IllegalArgumentException(usage + " (version '" + version + "' is not a number >= 1)");
      }
      return new Ref(name, Integer.parseInt(version));
    }
  }

  private static void validateDraft(ModelCard draft, byte[] onnx) {
    if (draft == null || onnx == null || onnx.length == 0) {
      throw new IllegalArgumentException("a card and the ONNX bytes are required");
    }
    if (draft.name() == null || !NAME.matcher(draft.name()).matches()) {
      throw new IllegalArgumentException("bad model name '" + draft.name()
          + "': use lower-case letters, digits, '_' and '-', starting with a letter or digit");
    }
    String name = draft.name();
    if (draft.kind() == null || draft.onnx() == null || draft.onnx().input() == null
        || draft.onnx().output() == null) {
      throw new IllegalArgumentException("card " + name + " needs a kind and the graph's input and output names");
    }
    if (draft.features() == null || draft.features().isEmpty()) {
      throw new IllegalArgumentException("card " + name + " lists no features");
    }
    int n = draft.features().size();
    if (draft.mean() == null || draft.std() == null || draft.mean().length != n || draft.std().length != n) {
      throw new IllegalArgumentException("card " + name + " lists " + n + " features but has "
          + (draft.mean() == null ? "no" : Integer.toString(draft.mean().length)) + " means and "
          + (draft.std() == null ? "no" : Integer.toString(draft.std().length)) + " standard deviations");
    }
    for (int i = 0; i < n; i++) {
      if (!Double.isFinite(draft.mean()[i]) || !(draft.std()[i] > 0) || !Double.isFinite(draft.std()[i])) {
        throw new IllegalArgumentException("card " + name + ": feature " + draft.features().get(i) + " has mean "
            + draft.mean()[i] + " and std " + draft.std()[i] + " (need finite values and std > 0)");
      }
    }
  }

  /** @return what is wrong between the card and the graph's interface, or null */
  private static String graphMismatch(byte[] onnx, ModelCard card) {
    OnnxMl.GraphProto graph;
    try {
      graph = OnnxMl.ModelProto.parseFrom(onnx).getGraph();
    } catch (InvalidProtocolBufferException e) {
      return "the bytes are not an ONNX model (" + e.getMessage() + ")";
    }
    OnnxMl.ValueInfoProto input = graph.getInputList().stream()
        .filter(v -> v.getName().equals(card.onnx().input())).findFirst().orElse(null);
    if (input == null) {
      return "the graph has no input '" + card.onnx().input() + "'";
    }
    if (graph.getOutputList().stream().noneMatch(v -> v.getName().equals(card.onnx().output()))) {
      return "the graph has no output '" + card.onnx().output() + "'";
    }
    List<OnnxMl.TensorShapeProto.Dimension> dims = input.getType().getTensorType().getShape().getDimList();
    int features = card.features().size();
    if (dims.size() != 2 || !dims.get(1).hasDimValue() || dims.get(1).getDimValue() != features) {
      return "the card lists " + features + " features but the graph's input '" + card.onnx().input() + "' is "
          + describe(dims);
    }
    return null;
  }

  private static String describe(List<OnnxMl.TensorShapeProto.Dimension> dims) {
    List<String> parts = new ArrayList<>();
    for (OnnxMl.TensorShapeProto.Dimension d : dims) {
      parts.add(d.hasDimValue() ? Long.toString(d.getDimValue()) : d.getDimParam().isEmpty() ? "?" : d.getDimParam());
    }
    return parts.toString();
  }

  private ModelCard readCard(Path file) {
    try {
      return json.readValue(file.toFile(), ModelCard.class);
    } catch (IOException e) {
      throw new InferenceException("corrupt model card " + file + ": " + e.getMessage(), e);
    }
  }

  private List<String> names() {
    if (!Files.isDirectory(root)) {
      return List.of();
    }
    try (Stream<Path> dirs = Files.list(root)) {
      return dirs.filter(Files::isDirectory).map(p -> p.getFileName().toString())
          .filter(n -> NAME.matcher(n).matches()).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + root, e);
    }
  }

  /** Complete versions (a card is present), ascending. */
  private static List<Integer> versions(Path modelDir) {
    try (Stream<Path> dirs = Files.list(modelDir)) {
      return dirs.filter(p -> VERSION_DIR.matcher(p.getFileName().toString()).matches())
          .filter(p -> Files.isRegularFile(p.resolve(CARD_FILE)))
          .map(p -> Integer.parseInt(p.getFileName().toString())).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + modelDir, e);
    }
  }

  /**
   * @param complete only versions with a card; otherwise any version directory counts, so that a number is never
   *     reused even if a version was left half-deleted
   */
  private static int latestVersion(Path modelDir, boolean complete) {
    if (complete) {
      List<Integer> v = versions(modelDir);
      return v.isEmpty() ? 0 : v.get(v.size() - 1);
    }
    try (Stream<Path> dirs = Files.list(modelDir)) {
      return dirs.map(p -> p.getFileName().toString()).filter(n -> VERSION_DIR.matcher(n).matches())
          .mapToInt(Integer::parseInt).max().orElse(0);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + modelDir, e);
    }
  }

  private static void deleteRecursively(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }

  static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }
}
