package io.agora.models.strategy;

import io.agora.core.market.Instrument;
import io.agora.core.market.Timeframe;
import io.agora.core.strategy.ParameterSpec;
import io.agora.core.strategy.ScoredSignalGenerator;
import io.agora.core.strategy.Signal;
import io.agora.core.strategy.SignalGenerator;
import io.agora.core.strategy.Strategy;
import io.agora.core.strategy.StrategyParameters;
import io.agora.models.features.FeatureExtractor;
import io.agora.models.features.Normalization;
import io.agora.models.inference.InferenceException;
import io.agora.models.inference.OnnxPredictor;
import io.agora.models.inference.Provider;
import io.agora.models.registry.ModelCard;
import io.agora.models.registry.ModelRegistry;
import io.agora.models.registry.StoredModel;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * FreqAI-like: enters long when the model's probability that the price rises by the label's threshold within its
 * horizon passes {@code enter_threshold}, exits when it falls below {@code exit_threshold}; ROI and stoploss as any
 * strategy. The model comes from the registry ({@code model} = {@code name}, {@code name@latest} or
 * {@code name@N}), and its card fixes the features, their normalisation and the timeframe: the backtester, a live
 * agent and the walk-forward report compute the same inputs for the same model file.
 *
 * <p>Its generators are {@link ScoredSignalGenerator}s: the backtester scores each candle in process
 * ({@link SignalGenerator#onCandle}), a live signal agent asks an inference actor for the score of the features it
 * computed. {@link #withScores} replays precomputed scores instead (the walk-forward backtest, where every test
 * window is scored in one batch by the model trained just before it).
 */
public final class MlStrategy implements Strategy {
  public static final String NAME = "MlThreshold";
  public static final List<ParameterSpec> PARAMETERS = List.of(
      ParameterSpec.string("model", "", "model in the registry: name, name@latest or name@N (required)"),
      ParameterSpec.string("models_dir", "",
          "model registry folder (default: -Dagora.models.dir, else $AGORA_MODELS_DIR, else ./models)"),
      ParameterSpec.decimal("enter_threshold", 0.6, 0.0, 1.0, 0.01, "enter long when the probability is above this"),
      ParameterSpec.decimal("exit_threshold", 0.4, 0.0, 1.0, 0.01, "exit when the probability is below this"),
      ParameterSpec.choice("provider", "cpu", List.of("cpu", "cuda", "auto"),
          "ONNX Runtime provider when this process scores (backtests); live agents use their inference actors"));

  private final ModelCard card;
  private final Path onnxFile;
  private final double enter;
  private final double exit;
  private final Provider provider;
  private final Map<String, ScoreTable> scores;

  public MlStrategy(StrategyParameters p) {
    String ref = p.getString("model");
    if (ref.isBlank()) {
      throw new IllegalArgumentException(NAME + " needs the parameter 'model' (a registry name such as btc-logistic)");
    }
    StoredModel stored = new ModelRegistry(registryRoot(p.getString("models_dir"))).resolve(ref);
    this.card = stored.card();
    this.onnxFile = stored.onnxFile();
    this.enter = p.getDouble("enter_threshold");
    this.exit = p.getDouble("exit_threshold");
    this.provider = Provider.parse(p.getString("provider"));
    this.scores = null;
    check();
  }

  private MlStrategy(ModelCard card, double enter, double exit, Map<String, ScoreTable> scores) {
    this.card = card;
    this.onnxFile = null;
    this.enter = enter;
    this.exit = exit;
    this.provider = Provider.CPU;
    this.scores = Map.copyOf(scores);
    check();
  }

  /**
   * The same decisions over scores computed beforehand, per pair ({@link ScoreTable}); a candle without a score
   * (outside every test window, or warming up) neither enters nor exits by signal.
   */
  public static MlStrategy withScores(ModelCard card, double enterThreshold, double exitThreshold,
      Map<String, ScoreTable> scoresByPair) {
    return new MlStrategy(card, enterThreshold, exitThreshold, scoresByPair);
  }

  private void check() {
    if (!(exit <= enter)) {
      throw new IllegalArgumentException(NAME + ": exit_threshold (" + exit + ") must not be above enter_threshold (" + enter + ")");
    }
  }

  /** The registry folder: the parameter, else {@code -Dagora.models.dir}, else {@code $AGORA_MODELS_DIR}, else ./models. */
  public static Path registryRoot(String param) {
    if (param != null && !param.isBlank()) return Path.of(param);
    String prop = System.getProperty("agora.models.dir");
    if (prop != null && !prop.isBlank()) return Path.of(prop);
    String env = System.getenv("AGORA_MODELS_DIR");
    if (env != null && !env.isBlank()) return Path.of(env);
    return Path.of("models");
  }

  public ModelCard card() {
    return card;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public int startupCandleCount() {
    return scores != null ? 0 : FeatureExtractor.of(card.features()).warmup();
  }

  @Override
  public List<String> indicatorColumns() {
    return List.of("ml_score");
  }

  @Override
  public Map<String, Object> defaults() {
    Map<String, Object> d = new LinkedHashMap<>();
    d.put("timeframe", card.training().timeframe());
    d.put("minimal_roi", Map.of("0", 0.04));
    d.put("stoploss", -0.03);
    return d;
  }

  @Override
  public SignalGenerator newSignalGenerator(Instrument instrument, Timeframe timeframe) {
    String tf = card.training().timeframe();
    if (tf != null && !tf.equals(timeframe.toString())) {
      throw new IllegalArgumentException("model " + card.ref() + " was trained on " + tf + " candles, not " + timeframe);
    }
    if (scores != null) {
      ScoreTable table = scores.get(instrument.toString());
      return new Replayed(table == null ? ScoreTable.EMPTY : table);
    }
    return new Scored();
  }

  /** Probability → signal bits: the one decision rule every path shares. */
  int decide(double p) {
    if (Double.isNaN(p)) return Signal.NONE;
    if (p > enter) return Signal.ENTER_LONG;
    if (p < exit) return Signal.EXIT_LONG;
    return Signal.NONE;
  }

  /** Scores in process (backtests) or through {@link #features}/{@link #onScore} (live agents). */
  private final class Scored implements ScoredSignalGenerator {
    private final FeatureExtractor extractor = FeatureExtractor.of(card.features());
    private final Normalization norm = Normalization.of(card);
    private final float[] row = new float[extractor.size()];
    private final float[] out = new float[1];
    private OnnxPredictor predictor;
    private double last = Double.NaN;

    @Override
    public String modelRef() {
      return card.ref();
    }

    @Override
    public int featureCount() {
      return extractor.size();
    }

    @Override
    public boolean features(long t, double o, double h, double l, double c, double v, float[] dst, int offset) {
      if (!extractor.update(t, o, h, l, c, v, dst, offset)) return false;
      norm.applyRow(dst, offset);
      return true;
    }

    @Override
    public int onScore(double score) {
      last = score;
      return decide(score);
    }

    @Override
    public int onCandle(long t, double o, double h, double l, double c, double v) {
      if (!features(t, o, h, l, c, v, row, 0)) return onScore(Double.NaN);
      if (predictor == null) {
        if (onnxFile == null) throw new InferenceException("model " + card.ref() + " has no file to score with");
        predictor = OnnxPredictor.open(onnxFile, io.agora.models.inference.ModelBinding.of(card), provider, 1);
      }
      predictor.predict(row, 1, out);
      return onScore(out[0]);
    }

    @Override
    public double indicator(int k) {
      return last;
    }

    @Override
    public void onEnd() {
      if (predictor != null) predictor.close();
      predictor = null;
    }
  }

  /** Replays a {@link ScoreTable} by candle time. */
  private final class Replayed implements SignalGenerator {
    private final ScoreTable table;
    private int cursor;
    private double last = Double.NaN;

    Replayed(ScoreTable table) {
      this.table = table;
    }

    @Override
    public int onCandle(long t, double o, double h, double l, double c, double v) {
      long[] times = table.times();
      while (cursor < times.length && times[cursor] < t) cursor++;
      last = cursor < times.length && times[cursor] == t ? table.scores()[cursor] : Double.NaN;
      return decide(last);
    }

    @Override
    public double indicator(int k) {
      return last;
    }
  }

  /** Scores of one pair by candle open time (ascending); NaN where there is none. */
  public record ScoreTable(long[] times, float[] scores) {
    public static final ScoreTable EMPTY = new ScoreTable(new long[0], new float[0]);

    public ScoreTable {
      if (times.length != scores.length) throw new IllegalArgumentException("times and scores differ in length");
    }
  }
}
