package io.agora.models.pipeline;

import io.agora.core.backtesting.BacktestRunner;
import io.agora.core.config.ConfigException;
import io.agora.core.config.FreqtradeConfig;
import io.agora.core.config.TimeRange;
import io.agora.core.data.DataFormat;
import io.agora.core.market.Timeframe;
import io.agora.core.strategy.StrategyRegistry;
import io.agora.models.dataset.Dataset;
import io.agora.models.dataset.WalkForward;
import io.agora.models.inference.ModelBinding;
import io.agora.models.inference.OnnxPredictor;
import io.agora.models.inference.Provider;
import io.agora.models.registry.ModelCard;
import io.agora.models.registry.ModelRegistry;
import io.agora.models.strategy.MlStrategy;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * FreqAI's walk-forward backtest: for each split, train on the training window (rows whose label is known before
 * the test window starts), score the whole test window in batches with that model's ONNX graph, then backtest the
 * ML strategy over the scores of every test window with the ordinary backtester: no candle is ever scored by a
 * model that saw it. Each window's model can be kept in a registry (a version per window), the last one being what a
 * live agent would start with.
 */
public final class WalkForwardBacktest {
  private static final Logger log = LoggerFactory.getLogger(WalkForwardBacktest.class);
  /** The strategy name the report carries. */
  public static final String STRATEGY = "MlWalkForward";

  /**
   * @param config   Freqtrade configuration: pairs, timeframe, timerange, stake and wallet as for a backtest
   * @param registry where each window's model is saved (null: not kept)
   */
  public record Request(FreqtradeConfig config, Path datadir, ModelTraining.Spec spec, int trainDays, int testDays,
      double enterThreshold, double exitThreshold, ModelRegistry registry, Path exportFile) {}

  /** One split: its model (versioned when kept) and the model's metrics on the test window it scored. */
  public record Window(WalkForward.Split split, ModelCard card, int testRows, Map<String, Double> test) {}

  public record Result(List<Window> windows, Map<String, MlStrategy.ScoreTable> scores, BacktestRunner.Outcome outcome) {}

  private WalkForwardBacktest() {}

  public static Result run(Request req, Clock clock) {
    FreqtradeConfig cfg = req.config();
    String tfText = cfg.string("timeframe", null);
    if (tfText == null) throw new ConfigException("the walk-forward backtest needs a timeframe (--timeframe or config 'timeframe')");
    Timeframe tf = Timeframe.parse(tfText);
    DataFormat format;
    try {
      format = DataFormat.fromValue(cfg.string("dataformat_ohlcv", "feather"));
    } catch (IllegalArgumentException e) {
      throw new ConfigException("config key 'dataformat_ohlcv': " + e.getMessage());
    }
    List<String> pairs = cfg.pairWhitelist();
    if (pairs.isEmpty()) throw new ConfigException("no pair to train on: pass --pairs or set exchange.pair_whitelist");
    TimeRange range = cfg.timeRange();
    Dataset all = ModelTraining.load(req.datadir(), format, pairs, tf, range, req.spec());
    List<WalkForward.Split> splits = WalkForward.splits(all.times(), req.trainDays(), req.testDays());
    log.info("walk-forward: {} rows of {} pairs, {} windows of {} training / {} test days", all.rows(), pairs.size(),
        splits.size(), req.trainDays(), req.testDays());

    int f = all.featureCount();
    float[] score = new float[all.rows()];
    java.util.Arrays.fill(score, Float.NaN);
    List<Window> windows = new ArrayList<>();
    ModelCard last = null;
    for (WalkForward.Split split : splits) {
      ModelTraining.Trained trained = ModelTraining.train(req.spec(), all, tfText, split.trainFrom(), split.trainTo());
      ModelCard card = req.registry() == null ? trained.card() : req.registry().save(trained.card(), trained.onnx());
      int a = WalkForward.firstAtOrAfter(all.times(), split.testFrom());
      int b = WalkForward.firstAtOrAfter(all.times(), split.testTo());
      float[] x = java.util.Arrays.copyOfRange(all.x(), a * f, b * f);
      trained.normalization().apply(x, 0, b - a);
      float[] p = new float[b - a];
      try (OnnxPredictor predictor = OnnxPredictor.open(trained.onnx(), card.name(), ModelBinding.of(card), Provider.CPU, 256)) {
        Scoring.predict(predictor, x, b - a, p);
      }
      System.arraycopy(p, 0, score, a, b - a);
      windows.add(new Window(split, card, b - a, testMetrics(all, a, b, p, req.enterThreshold())));
      log.info("walk-forward {}: model {} trained on {} rows (validation AUC {}), test AUC {} over {} rows", split,
          card.ref(), card.training().rows(), card.validation().get("auc"), windows.get(windows.size() - 1).test().get("auc"), b - a);
      last = card;
    }

    Map<String, MlStrategy.ScoreTable> tables = tables(all, score);
    ModelCard finalCard = last;
    StrategyRegistry strategies = new StrategyRegistry().register(new StrategyRegistry.Entry(STRATEGY,
        "the ML strategy over walk-forward scores", List.of(),
        params -> MlStrategy.withScores(finalCard, req.enterThreshold(), req.exitThreshold(), tables)));
    // trade only where a model scored: from the first test window on
    FreqtradeConfig bt = cfg.set("timerange", splits.get(0).testFrom() + "-" + (range.hasStop() ? String.valueOf(range.stopMs()) : ""));
    BacktestRunner.Outcome outcome = new BacktestRunner(strategies, clock)
        .run(new BacktestRunner.Request(bt, STRATEGY, Map.of(), req.datadir(), req.exportFile()));
    return new Result(windows, tables, outcome);
  }

  private static Map<String, Double> testMetrics(Dataset all, int a, int b, float[] p, double threshold) {
    int n = 0;
    for (int r = a; r < b; r++) if (all.y()[r] >= 0) n++;
    float[] q = new float[n];
    int[] y = new int[n];
    int k = 0;
    for (int r = a; r < b; r++) {
      if (all.y()[r] >= 0) {
        q[k] = p[r - a];
        y[k++] = all.y()[r];
      }
    }
    return Metrics.of(q, y, n, threshold);
  }

  /** Per pair, the scored rows in time order. */
  private static Map<String, MlStrategy.ScoreTable> tables(Dataset all, float[] score) {
    Map<String, MlStrategy.ScoreTable> out = new LinkedHashMap<>();
    for (int pi = 0; pi < all.pairs().size(); pi++) {
      int n = 0;
      for (int r = 0; r < all.rows(); r++) if (all.pairIndex()[r] == pi && !Float.isNaN(score[r])) n++;
      long[] t = new long[n];
      float[] s = new float[n];
      int k = 0;
      for (int r = 0; r < all.rows(); r++) {
        if (all.pairIndex()[r] == pi && !Float.isNaN(score[r])) {
          t[k] = all.times()[r];
          s[k++] = score[r];
        }
      }
      out.put(all.pairs().get(pi), new MlStrategy.ScoreTable(t, s));
    }
    return out;
  }
}
