package io.agora.launcher;

import io.agora.core.config.ConfigException;
import io.agora.core.config.FreqtradeConfig;
import io.agora.core.config.TimeRange;
import io.agora.core.data.OhlcvDataException;
import io.agora.core.market.Timeframe;
import io.agora.models.dataset.Dataset;
import io.agora.models.inference.InferenceException;
import io.agora.models.pipeline.ModelTraining;
import io.agora.models.registry.ModelCard;
import io.agora.models.registry.ModelRegistry;
import io.agora.models.registry.StoredModel;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code agora train}: one model from candle files into the registry, trained the way every window of the
 * walk-forward backtest is (the latest part of the range held out for validation), so that its metrics mean the same.
 */
@Command(
    name = "train",
    mixinStandardHelpOptions = true,
    description = {
      "Train a model on OHLCV data and save it as the next version of --name in the model registry.",
      "Example:",
      "  agora train -d user_data/data/binance -p ETH/BTC LTC/BTC -i 5m --name eth-ltc --kind logistic",
      "Then backtest it: agora backtesting --strategy MlThreshold --param model=eth-ltc@1 ..."
    })
public final class TrainCommand implements Callable<Integer> {

  @Mixin ModelOptions model;

  @Override
  public Integer call() {
    PrintStream out = System.out;
    try {
      ModelTraining.Spec spec = model.spec();
      FreqtradeConfig cfg = model.config();
      Path dir = model.datadir(cfg);
      List<String> pairs = model.pairs(cfg);
      Timeframe tf = model.timeframe(cfg);
      TimeRange range = cfg.timeRange();
      Dataset data = ModelTraining.load(dir, model.format(cfg), pairs, tf, range, spec);
      long[] t = data.times();
      // Exclusive end just past the last candle: every row whose label candle exists is used.
      ModelTraining.Trained trained = ModelTraining.train(spec, data, tf.text(), t[0], t[t.length - 1] + tf.millis());
      ModelRegistry registry = new ModelRegistry(model.registryRoot());
      ModelCard card = registry.save(trained.card(), trained.onnx());
      StoredModel stored = registry.resolve(card.ref());
      printSummary(out, card, stored.onnxFile(), data, pairs, tf);
      return 0;
    } catch (ConfigException | OhlcvDataException | IllegalArgumentException | IllegalStateException e) {
      System.err.println("agora train: " + e.getMessage());
      return 2;
    } catch (InferenceException | UncheckedIOException e) {
      System.err.println("agora train: " + e.getMessage());
      return 1;
    }
  }

  private void printSummary(PrintStream out, ModelCard card, Path onnx, Dataset data, List<String> pairs, Timeframe tf) {
    ModelCard.Training tr = card.training();
    out.printf(Locale.ROOT, "Trained %s: %s on %d features (%s), %s %s%n", card.ref(), card.kind(), card.features().size(),
        card.featureSet(), String.join(", ", pairs), tf);
    out.printf(Locale.ROOT, "  dataset      %d rows, %d labelled, %d positive (label: close %d candles ahead > +%s)%n",
        data.rows(), labelled(data), data.positives(), card.label().horizon(), pct(card.label().threshold()));
    out.printf(Locale.ROOT, "  fitted on    %d rows, %d positive (%s), %s .. %s%n", tr.rows(), tr.positives(),
        pct(tr.rows() == 0 ? Double.NaN : tr.positives() / (double) tr.rows()), Instant.ofEpochMilli(tr.fromMs()),
        Instant.ofEpochMilli(tr.toMs()));
    Map<String, Double> v = card.validation();
    if (v.isEmpty()) {
      out.println("  validation   none (--validation 0)");
    } else {
      out.printf(Locale.ROOT, "  validation   %d rows: auc %s  accuracy %s  log_loss %s  precision %s (%d signals above %s)  base_rate %s%n",
          v.getOrDefault("rows", 0.0).intValue(), ModelOptions.num(v.get("auc")), ModelOptions.num(v.get("accuracy")),
          ModelOptions.num(v.get("log_loss")), ModelOptions.num(v.get("precision")), v.getOrDefault("signals", 0.0).intValue(),
          model.threshold, ModelOptions.num(v.get("base_rate")));
    }
    out.println("Files written:");
    out.println("  " + onnx);
    out.println("  " + onnx.resolveSibling("model.json"));
    String dirParam = model.modelsDir != null ? " --param models_dir=" + model.modelsDir : "";
    out.printf("Use it: agora backtesting --strategy MlThreshold --param model=%s%s -i %s ...%n", card.ref(), dirParam, tf);
  }

  private static int labelled(Dataset d) {
    int n = 0;
    for (int y : d.y()) if (y >= 0) n++;
    return n;
  }

  private static String pct(double r) {
    return Double.isNaN(r) ? "-" : String.format(Locale.ROOT, "%.2f %%", r * 100);
  }
}
