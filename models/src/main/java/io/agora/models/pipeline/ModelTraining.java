package io.agora.models.pipeline;

import io.agora.models.dataset.Dataset;
import io.agora.models.dataset.LabelSpec;
import io.agora.models.dataset.WalkForward;
import io.agora.models.features.Normalization;
import io.agora.models.inference.ModelBinding;
import io.agora.models.inference.OnnxPredictor;
import io.agora.models.inference.Provider;
import io.agora.models.registry.ModelCard;
import io.agora.models.training.ModelTrainers;
import io.agora.models.training.TrainedModel;
import java.util.List;
import java.util.Map;

/**
 * From a dataset to a model card and its ONNX graph, the way every model of the platform is made: only rows whose
 * label is known before the end of the training window, normalisation fitted on the fitting rows alone, the later
 * part of the window (by time, purged of rows whose label reaches into it) held out for the validation metrics, and
 * those metrics measured through ONNX Runtime on the exported graph, i.e. on what will actually be served.
 */
public final class ModelTraining {
  private ModelTraining() {}

  /**
   * What to train.
   *
   * @param name               registry name of the model
   * @param kind               {@code logistic}, {@code fm}, {@code ensemble} or {@code mlp}
   * @param validationFraction share of the window's time held out for validation, in [0, 0.5]
   * @param threshold          the entry threshold the strategy will use (for the precision metric)
   */
  public record Spec(String name, String kind, Map<String, String> hyperparameters, String featureSet,
      List<String> features, LabelSpec label, double validationFraction, double threshold, long seed) {
    public Spec {
      if (name == null || !name.matches("[a-z0-9][a-z0-9_-]*")) {
        throw new IllegalArgumentException("model name '" + name + "' must match [a-z0-9][a-z0-9_-]*");
      }
      if (!(validationFraction >= 0 && validationFraction <= 0.5)) {
        throw new IllegalArgumentException("validation fraction must be in [0, 0.5], got " + validationFraction);
      }
      if (!(threshold > 0 && threshold < 1)) {
        throw new IllegalArgumentException("threshold must be in (0, 1), got " + threshold);
      }
      hyperparameters = hyperparameters == null ? Map.of() : Map.copyOf(hyperparameters);
      features = List.copyOf(features);
    }
  }

  /** A trained model not yet in a registry (its card has version 0 and no checksum). */
  public record Trained(ModelCard card, byte[] onnx, Normalization normalization, TrainedModel model) {}

  /**
   * Trains on the rows of {@code data} opening in {@code [fromMs, toMs)} whose label is known before {@code toMs}
   * (a row at {@code t} needs {@code t + horizon * timeframe < toMs}): the model learns nothing from later candles.
   *
   * @throws IllegalArgumentException when too few labelled rows remain, or when they hold a single class
   */
  public static Trained train(Spec spec, Dataset data, String timeframe, long fromMs, long toMs) {
    if (!data.features().equals(spec.features())) {
      throw new IllegalArgumentException("dataset features " + data.features() + " differ from the spec's " + spec.features());
    }
    long reach = (long) data.label().horizon() * data.timeframeMs();
    long[] t = data.times();
    int a = WalkForward.firstAtOrAfter(t, fromMs);
    int end = WalkForward.firstAtOrAfter(t, toMs - reach);
    if (end - a < 100) {
      throw new IllegalArgumentException("only " + Math.max(0, end - a) + " rows with a known label between "
          + java.time.Instant.ofEpochMilli(fromMs) + " and " + java.time.Instant.ofEpochMilli(toMs)
          + ": need at least 100 (a longer training window or a shorter label horizon)");
    }
    int fitEnd = end;
    int valFrom = end;
    if (spec.validationFraction() > 0) {
      long cut = t[a + (int) ((end - a) * (1 - spec.validationFraction()))];
      fitEnd = Math.max(a, WalkForward.firstAtOrAfter(t, cut - reach));
      valFrom = WalkForward.firstAtOrAfter(t, cut);
    }
    Dataset fit = data.labelled(a, fitEnd);
    Dataset val = data.labelled(valFrom, end);
    int f = data.featureCount();
    Normalization norm = Normalization.fit(fit.x(), fit.rows(), f);
    float[] x = fit.x().clone();
    norm.apply(x, 0, fit.rows());
    TrainedModel model = ModelTrainers.create(spec.kind(), spec.hyperparameters()).fit(x, fit.rows(), f, fit.y(), spec.seed());

    Map<String, Double> validation;
    if (val.rows() > 0) {
      float[] p = new float[val.rows()];
      float[] vx = val.x().clone();
      norm.apply(vx, 0, val.rows());
      try (OnnxPredictor predictor = OnnxPredictor.open(model.onnx(), spec.name(), ModelBinding.of(model), Provider.CPU, 256)) {
        Scoring.predict(predictor, vx, val.rows(), p);
      }
      validation = Metrics.of(p, val.y(), val.rows(), spec.threshold());
    } else {
      validation = Map.of();
    }
    ModelCard card = new ModelCard(spec.name(), 0, model.kind(), spec.featureSet(), spec.features(), norm.mean(),
        norm.std(), spec.label().toCard(),
        new ModelCard.Training(data.pairs(), timeframe, fit.times()[0], fit.times()[fit.rows() - 1], fit.rows(),
            fit.positives(), spec.seed(), model.hyperparameters()),
        validation,
        new ModelCard.Onnx(model.input(), model.output(), model.positiveIndex(), model.opset(), null),
        null);
    return new Trained(card, model.onnx(), norm, model);
  }

  /**
   * Every pair's rows for {@code spec}, merged by time, from gap-filled spot candles loaded as a backtest loads them.
   *
   * @throws io.agora.core.config.ConfigException for a missing data file or a pair without candles in the range
   */
  public static Dataset load(java.nio.file.Path datadir, io.agora.core.data.DataFormat format, List<String> pairs,
      io.agora.core.market.Timeframe tf, io.agora.core.config.TimeRange range, Spec spec) {
    io.agora.core.data.OhlcvLoader loader = new io.agora.core.data.OhlcvLoader(datadir, format, true);
    List<Dataset> parts = new java.util.ArrayList<>();
    for (String pair : pairs) {
      io.agora.core.market.CandleSeries cs;
      try {
        cs = loader.load(pair, tf, io.agora.core.market.CandleType.SPOT, range.startMs(), range.stopMs());
      } catch (io.agora.core.data.MissingDataException e) {
        throw new io.agora.core.config.ConfigException(e.getMessage());
      }
      if (cs.isEmpty()) {
        throw new io.agora.core.config.ConfigException(
            "no " + pair + " " + tf + " candles in timerange " + range + " under " + datadir);
      }
      parts.add(Dataset.build(cs, spec.features(), spec.label()));
    }
    return parts.size() == 1 ? parts.get(0) : Dataset.concat(parts);
  }
}
