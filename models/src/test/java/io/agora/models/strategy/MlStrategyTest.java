package io.agora.models.strategy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agora.core.backtest.Backtester;
import io.agora.core.backtest.TradeResult;
import io.agora.core.config.FreqtradeConfig;
import io.agora.core.data.synthetic.SyntheticData;
import io.agora.core.market.CandleSeries;
import io.agora.core.market.Instrument;
import io.agora.core.market.Timeframe;
import io.agora.core.strategy.ScoredSignalGenerator;
import io.agora.core.strategy.Signal;
import io.agora.core.strategy.SignalGenerator;
import io.agora.core.strategy.Strategy;
import io.agora.core.strategy.StrategyRegistry;
import io.agora.models.dataset.Dataset;
import io.agora.models.dataset.LabelSpec;
import io.agora.models.features.FeatureSets;
import io.agora.models.features.Normalization;
import io.agora.models.inference.OnnxPredictor;
import io.agora.models.inference.Provider;
import io.agora.models.pipeline.ModelTraining;
import io.agora.models.pipeline.Scoring;
import io.agora.models.registry.ModelCard;
import io.agora.models.registry.ModelRegistry;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The ML strategy decides the same way on every path: scoring candle by candle in process (the backtester, and a
 * live agent's features), and replaying scores computed in one batch (the walk-forward backtest).
 */
class MlStrategyTest {
  private static final Timeframe TF = Timeframe.parse("5m");
  private static final String CONFIG = """
      {"timeframe": "5m", "stake_currency": "USDT", "stake_amount": 100, "dry_run_wallet": 1000,
       "max_open_trades": 1, "fee": 0.001}""";

  @TempDir static Path dir;
  static CandleSeries series;
  static Dataset data;
  static ModelCard card;
  static float[] batchScores;
  static double enter;
  static double exit;

  @BeforeAll
  static void trainAndRegister() {
    series = SyntheticData.generate(SyntheticData.Spec.of(1, 4000, TF, Instant.parse("2024-01-01T00:00:00Z"), 7)).get(0);
    data = Dataset.build(series, FeatureSets.standard(), new LabelSpec(12, 0.002));
    ModelTraining.Spec spec = new ModelTraining.Spec("syn", "logistic", Map.of(), FeatureSets.OHLCV_V1,
        FeatureSets.standard(), new LabelSpec(12, 0.002), 0.2, 0.6, 11);
    long[] t = data.times();
    ModelTraining.Trained trained = ModelTraining.train(spec, data, "5m", t[0], t[t.length - 1] + 1);
    card = new ModelRegistry(dir).save(trained.card(), trained.onnx());

    float[] x = data.x().clone();
    Normalization.of(card).apply(x, 0, data.rows());
    batchScores = new float[data.rows()];
    try (OnnxPredictor p = new ModelRegistry(dir).resolve("syn").open(Provider.CPU, 256)) {
      Scoring.predict(p, x, data.rows(), batchScores);
    }
    // thresholds inside the score distribution, so that both entries and exits happen
    float[] sorted = batchScores.clone();
    Arrays.sort(sorted);
    enter = sorted[(int) (sorted.length * 0.8)];
    exit = sorted[(int) (sorted.length * 0.4)];
  }

  private static Strategy inProcess() {
    return StrategyRegistry.builtin().create(MlStrategy.NAME, Map.of("model", "syn", "models_dir", dir.toString(),
        "enter_threshold", Double.toString(enter), "exit_threshold", Double.toString(exit)));
  }

  private static Strategy replayed() {
    return MlStrategy.withScores(card, enter, exit,
        Map.of(series.instrument().toString(), new MlStrategy.ScoreTable(data.times(), batchScores)));
  }

  private static int[] bits(Strategy s) {
    SignalGenerator g = s.newSignalGenerator(series.instrument(), TF);
    int[] out = new int[series.size()];
    for (int i = 0; i < series.size(); i++) {
      out[i] = g.onCandle(series.openTime()[i], series.open()[i], series.high()[i], series.low()[i], series.close()[i], series.volume()[i]);
    }
    g.onEnd();
    return out;
  }

  @Test
  void candleByCandleScoringDecidesAsTheBatchScores() {
    int[] single = bits(inProcess());
    int[] batch = bits(replayed());
    assertArrayEquals(batch, single);
    long entries = Arrays.stream(single).filter(b -> (b & Signal.ENTER_LONG) != 0).count();
    long exits = Arrays.stream(single).filter(b -> (b & Signal.EXIT_LONG) != 0).count();
    assertTrue(entries > 50 && exits > 50, "entries " + entries + ", exits " + exits);
  }

  @Test
  void theBacktesterTradesTheSameOnBothPaths() {
    Strategy a = inProcess();
    Strategy b = replayed();
    List<TradeResult> ta = new Backtester(FreqtradeConfig.parse(CONFIG, "test").toSettings(a), a).run(List.of(series)).trades();
    List<TradeResult> tb = new Backtester(FreqtradeConfig.parse(CONFIG, "test").toSettings(b), b).run(List.of(series)).trades();
    assertTrue(ta.size() > 10, "trades: " + ta.size());
    assertEquals(tb, ta);
  }

  @Test
  void theLiveFeaturesAreTheTrainingRowsNormalisedWithTheCard() {
    ScoredSignalGenerator g = assertInstanceOf(ScoredSignalGenerator.class,
        inProcess().newSignalGenerator(series.instrument(), TF));
    assertEquals("syn@1", g.modelRef());
    float[] expected = data.x().clone();
    Normalization.of(card).apply(expected, 0, data.rows());
    int f = g.featureCount();
    float[] row = new float[f];
    int r = 0;
    for (int i = 0; i < series.size(); i++) {
      boolean ok = g.features(series.openTime()[i], series.open()[i], series.high()[i], series.low()[i], series.close()[i], series.volume()[i], row, 0);
      if (ok) {
        assertEquals(data.times()[r], series.openTime()[i]);
        assertArrayEquals(Arrays.copyOfRange(expected, r * f, (r + 1) * f), row, "row " + r);
        assertEquals(r < data.rows() && batchScores[r] > enter ? Signal.ENTER_LONG
            : batchScores[r] < exit ? Signal.EXIT_LONG : Signal.NONE, g.onScore(batchScores[r]));
        r++;
      } else {
        assertEquals(Signal.NONE, g.onScore(Double.NaN));
      }
    }
    assertEquals(data.rows(), r);
  }

  @Test
  void badParametersAreExplained() {
    StrategyRegistry reg = StrategyRegistry.builtin();
    String d = dir.toString();
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> reg.create(MlStrategy.NAME, Map.of("models_dir", d)));
    assertTrue(e.getMessage().contains("'model'"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> reg.create(MlStrategy.NAME, Map.of("model", "nope", "models_dir", d)));
    assertTrue(e.getMessage().contains("nope"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> reg.create(MlStrategy.NAME,
        Map.of("model", "syn", "models_dir", d, "enter_threshold", "0.3", "exit_threshold", "0.5")));
    assertTrue(e.getMessage().contains("exit_threshold"), e.getMessage());
    Strategy s = reg.create(MlStrategy.NAME, Map.of("model", "syn@1", "models_dir", d));
    e = assertThrows(IllegalArgumentException.class,
        () -> s.newSignalGenerator(Instrument.of("SYN0/USDT"), Timeframe.parse("1h")));
    assertTrue(e.getMessage().contains("5m"), e.getMessage());
    assertEquals("5m", s.defaults().get("timeframe"));
  }
}
