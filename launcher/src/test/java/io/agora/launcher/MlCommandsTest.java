package io.agora.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.agora.core.data.DataFormat;
import io.agora.core.data.synthetic.SyntheticData;
import io.agora.core.market.Timeframe;
import io.agora.launcher.AgoraCliTest.Run;
import io.agora.models.registry.ModelCard;
import io.agora.models.registry.ModelRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code agora train} and {@code agora walk-forward} driven through the real command line. */
class MlCommandsTest {
  @TempDir static Path dir;
  static Path data;

  @BeforeAll
  static void data() {
    data = dir.resolve("data");
    // 11 days of two pairs: room for three 5-day/2-day walk-forward windows, small enough to train in seconds.
    SyntheticData.write(SyntheticData.Spec.of(2, 11 * 288, Timeframe.parse("5m"), Instant.parse("2024-01-01T00:00:00Z"), 11),
        data, DataFormat.FEATHER);
  }

  static Run run(String... args) {
    return AgoraCliTest.run(args);
  }

  @Test
  void trainSavesNumberedVersionsAndSaysHowToUseThem() throws Exception {
    Path models = dir.resolve("train-models");
    Run r = run("train", "-d", data.toString(), "-p", "SYN0/USDT", "SYN1/USDT", "-i", "5m", "--name", "syn-lr",
        "--models-dir", models.toString(), "--hp", "epochs=3");
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().contains("Trained syn-lr@1"), r.out());
    assertTrue(r.out().contains("--strategy MlThreshold --param model=syn-lr@1"), r.out());
    for (String metric : List.of("auc", "accuracy", "log_loss", "precision", "base_rate")) assertTrue(r.out().contains(metric), metric);
    Path v1 = models.resolve("syn-lr").resolve("1");
    assertTrue(Files.isRegularFile(v1.resolve("model.onnx")) && Files.isRegularFile(v1.resolve("model.json")));
    assertTrue(r.out().contains(v1.resolve("model.onnx").toString()), "the files written are named: " + r.out());

    ModelCard card = new ModelRegistry(models).resolve("syn-lr@1").card();
    assertEquals(List.of("SYN0/USDT", "SYN1/USDT"), card.training().pairs());
    assertEquals("ohlcv-v1", card.featureSet());
    assertEquals("3", card.training().hyperparameters().get("epochs"));
    assertEquals(12, card.label().horizon());
    assertTrue(card.validation().get("auc") > 0 && card.validation().get("auc") < 1, card.validation().toString());

    // What the summary says to run works.
    Path config = dir.resolve("ml-config.json");
    Files.writeString(config, """
        {"stake_currency": "USDT", "stake_amount": 100, "max_open_trades": 2, "fee": 0.001, "dry_run_wallet": 1000}
        """);
    r = run("backtesting", "-c", config.toString(), "-d", data.toString(), "-p", "SYN0/USDT", "SYN1/USDT", "-i", "5m",
        "--strategy", "MlThreshold", "--param", "model=syn-lr@1", "--param", "models_dir=" + models, "--export", "none");
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().contains("MlThreshold"), r.out());

    r = run("train", "-d", data.toString(), "-p", "SYN0/USDT", "-i", "5m", "--name", "syn-lr", "--models-dir", models.toString(),
        "--features", "ret_1, rsi_14,vol_12", "--label-horizon", "6", "--timerange", "20240102-20240108");
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().contains("Trained syn-lr@2"), r.out());
    ModelCard second = new ModelRegistry(models).resolve("syn-lr").card();
    assertEquals(2, second.version());
    assertEquals(List.of("ret_1", "rsi_14", "vol_12"), second.features());
    assertEquals(6, second.label().horizon());
    assertTrue(second.training().fromMs() >= Instant.parse("2024-01-02T00:00:00Z").toEpochMilli());
    assertTrue(second.training().toMs() < Instant.parse("2024-01-08T00:05:00Z").toEpochMilli());
  }

  @Test
  void trainRejectsBadInputWithExitCode2AndNoStackTrace() {
    Path models = dir.resolve("bad-models");
    String[] base = {"train", "-d", data.toString(), "-i", "5m", "--models-dir", models.toString(), "--name", "bad"};

    usageError(List.of("--features", "momentum_9"), concat(base, "-p", "SYN0/USDT", "--features", "ret_1,momentum_9"));
    usageError(List.of("NOPE/USDT", data.toString()), concat(base, "-p", "NOPE/USDT"));
    usageError(List.of("--hp", "epochz"), concat(base, "-p", "SYN0/USDT", "--hp", "epochz=3"));
    usageError(List.of("--hp", "epochs", "many"), concat(base, "-p", "SYN0/USDT", "--hp", "epochs=many"));
    usageError(List.of("--kind", "forest"), concat(base, "-p", "SYN0/USDT", "--kind", "forest"));
    // No 12-candle move is above +90 %: every label is 0.
    usageError(List.of("both classes"), concat(base, "-p", "SYN0/USDT", "--label-threshold", "0.9"));
    usageError(List.of("--datadir"), "train", "-p", "SYN0/USDT", "-i", "5m", "--name", "bad", "--models-dir", models.toString());
    usageError(List.of("--timeframe"), "train", "-d", data.toString(), "-p", "SYN0/USDT", "--name", "bad", "--models-dir", models.toString());
    usageError(List.of("--name"), "train", "-d", data.toString(), "-p", "SYN0/USDT", "-i", "5m", "--models-dir", models.toString());
    usageError(List.of("--name", "Bad Name"), "train", "-d", data.toString(), "-p", "SYN0/USDT", "-i", "5m", "--name", "Bad Name");
    assertFalse(Files.exists(models.resolve("bad")), "nothing saved on failure");
  }

  /** Exit code 2, every fragment in the message, and no stack trace. */
  private static void usageError(List<String> fragments, String... args) {
    Run r = run(args);
    assertEquals(2, r.code(), String.join(" ", args) + " -> " + r.out() + r.err());
    for (String f : fragments) assertTrue(r.err().contains(f), "'" + f + "' in: " + r.err());
    assertFalse(r.err().contains("\tat "), r.err());
  }

  @Test
  void walkForwardKeepsAModelPerWindowAndWritesTheReports() throws Exception {
    Path models = dir.resolve("wf-models");
    Path export = dir.resolve("wf/result.json");
    Run r = run("walk-forward", "-d", data.toString(), "-p", "SYN0/USDT", "SYN1/USDT", "-i", "5m", "--name", "syn-wf",
        "--models-dir", models.toString(), "--train-days", "5", "--test-days", "2", "--hp", "epochs=3",
        "--enter-threshold", "0.3", "--exit-threshold", "0.1", "--export-filename", export.toString());
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().contains("WALK-FORWARD WINDOWS"), r.out());
    // Rows start after the features' 50-candle warm-up (04:05); windows are counted from there: days 5-7, 7-9, 9-11.
    for (int v = 1; v <= 3; v++) assertTrue(r.out().contains("syn-wf@" + v), "window " + v + " in " + r.out());
    assertTrue(r.out().contains("2024-01-06 04:05 .. 2024-01-08 04:05"), r.out());
    assertTrue(r.out().contains("BACKTESTING REPORT") && r.out().contains("SUMMARY METRICS"), r.out());

    List<ModelCard> cards = new ModelRegistry(models).list();
    assertEquals(3, cards.size());
    assertEquals(List.of(1, 2, 3), cards.stream().map(ModelCard::version).toList());

    assertTrue(Files.isRegularFile(export));
    assertTrue(Files.isRegularFile(dir.resolve("wf/result.html")));
    JsonNode result = new ObjectMapper().readTree(export.toFile());
    JsonNode stats = result.get("strategy").get("MlWalkForward");
    assertTrue(stats.get("total_trades").asInt() > 0, "a 0.3 threshold enters somewhere: " + stats.get("total_trades"));
    // Trading starts with the first test window: nothing before day 5 is scored.
    assertTrue(stats.get("backtest_start").asText().startsWith("2024-01-06"), stats.get("backtest_start").asText());

    JsonNode wf = new ObjectMapper().readTree(dir.resolve("wf/result.walkforward.json").toFile());
    assertEquals(3, wf.get("windows").size());
    JsonNode w0 = wf.get("windows").get(0);
    assertEquals("2024-01-01T04:05:00Z", w0.get("train_from").asText());
    assertEquals("2024-01-06T04:05:00Z", w0.get("test_from").asText());
    assertEquals("syn-wf@1", w0.get("model").asText());
    assertTrue(w0.get("test").get("auc").isNumber() && w0.get("validation").get("auc").isNumber(), w0.toString());
    assertEquals(cards.get(0).training().rows(), w0.get("train_rows").asInt());
    assertEquals("logistic", wf.get("model").get("kind").asText());
    assertEquals(0.3, wf.get("model").get("threshold").asDouble(), "validation precision measured at the enter threshold");
  }

  @Test
  void walkForwardWithoutSavingLeavesTheRegistryAlone() {
    Path models = dir.resolve("nosave-models");
    Run r = run("walk-forward", "-d", data.toString(), "-p", "SYN0/USDT", "-i", "5m", "--name", "syn-tmp",
        "--models-dir", models.toString(), "--train-days", "5", "--test-days", "3", "--hp", "epochs=2", "--no-save");
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().contains("(not saved)"), r.out());
    assertFalse(Files.exists(models.resolve("syn-tmp")));
  }

  @Test
  void walkForwardRejectsASpanShorterThanTheTrainingWindow() {
    Run r = run("walk-forward", "-d", data.toString(), "-p", "SYN0/USDT", "-i", "5m", "--name", "syn-long",
        "--models-dir", dir.resolve("long-models").toString(), "--train-days", "30", "--no-save");
    assertEquals(2, r.code());
    assertTrue(r.err().contains("too short for 30 training days"), r.err());
  }

  @Test
  void walkForwardOnFreqtradeTestData() throws Exception {
    String shared = System.getProperty("agora.shared.dir");
    Path testdata = (shared != null ? Path.of(shared) : Path.of("..", "shared")).toAbsolutePath().normalize()
        .resolve("data").resolve("freqtrade-testdata");
    assumeTrue(Files.isDirectory(testdata), "skipped: shared data folder " + testdata + " is absent");
    Path export = dir.resolve("real/wf.json");
    Run r = run("walk-forward", "-d", testdata.toString(), "-p", "ETH/BTC", "LTC/BTC", "XMR/BTC", "-i", "5m", "--name", "real-wf",
        "--models-dir", dir.resolve("real-models").toString(), "--hp", "epochs=3", "--export-filename", export.toString());
    assertEquals(0, r.code(), r.err());
    JsonNode wf = new ObjectMapper().readTree(dir.resolve("real/wf.walkforward.json").toFile());
    // Rows from 2018-01-10 09:00 (04:55 + 50-candle warm-up) to 01-30 04:50: tests start on day 7, 10, 13, 16 and 19.
    assertEquals(5, wf.get("windows").size());
    assertEquals("2018-01-17T09:00:00Z", wf.get("windows").get(0).get("test_from").asText());
    for (JsonNode w : wf.get("windows")) {
      assertTrue(w.get("train_rows").asInt() > 1000, w.toString());
      assertTrue(w.get("test_rows").asInt() > 0, w.toString());
    }
    JsonNode stats = new ObjectMapper().readTree(export.toFile()).get("strategy").get("MlWalkForward");
    assertEquals("BTC", stats.get("stake_currency").asText());
    assertEquals(3, stats.get("max_open_trades").asInt());
    assertTrue(r.out().contains("real-wf@5"), r.out());
  }

  private static String[] concat(String[] a, String... b) {
    String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
