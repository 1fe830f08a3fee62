package io.agora.launcher;

import io.agora.core.config.ConfigException;
import io.agora.core.config.FreqtradeConfig;
import io.agora.core.data.DataFormat;
import io.agora.core.market.Timeframe;
import io.agora.models.dataset.LabelSpec;
import io.agora.models.features.FeatureExtractor;
import io.agora.models.features.FeatureSets;
import io.agora.models.pipeline.ModelTraining;
import io.agora.models.strategy.MlStrategy;
import io.agora.models.training.ModelTrainers;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import picocli.CommandLine.Option;

/**
 * The options {@code agora train} and {@code agora walk-forward} share: where the candles are, what to learn from them
 * and where models go. Every value is checked here, before any file is read, so that a typo fails in a second with
 * the flag's name rather than after minutes of loading and training.
 */
final class ModelOptions {
  static final Set<String> KINDS = Set.of("logistic", "fm", "ensemble", "mlp");
  // Tribuo reports every fit at INFO through java.util.logging, two lines per window in the middle of the output;
  // the pipeline's own log says what was trained. Held in a field: JUL keeps loggers only weakly.
  private static final java.util.logging.Logger TRIBUO = java.util.logging.Logger.getLogger("org.tribuo");

  static {
    TRIBUO.setLevel(java.util.logging.Level.WARNING);
  }

  @Option(names = {"-c", "--config"}, paramLabel = "PATH",
      description = "Freqtrade config file (repeatable): pairs, timeframe, timerange, datadir; flags override it")
  List<Path> configs = new ArrayList<>();

  @Option(names = {"-d", "--datadir", "--data-dir"}, paramLabel = "PATH",
      description = "folder of OHLCV files (default: config 'datadir')")
  Path datadir;

  @Option(names = {"-p", "--pairs"}, paramLabel = "PAIR", split = "[ ,]", arity = "1..*",
      description = "pairs whose candles make the dataset, e.g. ETH/BTC LTC/BTC")
  List<String> pairs;

  @Option(names = {"-i", "--timeframe"}, paramLabel = "TF", description = "candle timeframe, e.g. 5m, 1h")
  String timeframe;

  @Option(names = "--timerange", paramLabel = "RANGE", description = "YYYYMMDD-YYYYMMDD, YYYYMMDD- or -YYYYMMDD")
  String timerange;

  @Option(names = "--data-format-ohlcv", paramLabel = "FORMAT",
      description = "feather (default), parquet, json, jsongz or csv")
  String dataFormat;

  @Option(names = "--name", paramLabel = "NAME", required = true,
      description = "registry name of the model: lower-case letters, digits, '_' and '-'")
  String name;

  @Option(names = "--kind", paramLabel = "KIND", defaultValue = "logistic",
      description = "logistic, fm, ensemble or mlp (default: ${DEFAULT-VALUE})")
  String kind;

  @Option(names = "--hp", paramLabel = "KEY=VALUE",
      description = "hyperparameter of the kind (repeatable), e.g. --hp epochs=10")
  Map<String, String> hyperparameters = new LinkedHashMap<>();

  @Option(names = "--features", paramLabel = "SET|LIST", defaultValue = FeatureSets.OHLCV_V1,
      description = "a feature set (ohlcv-v1) or a comma list of features, e.g. ret_1,rsi_14,vol_12 (default: ${DEFAULT-VALUE})")
  String features;

  @Option(names = "--label-horizon", paramLabel = "N", defaultValue = "12",
      description = "the label looks this many candles ahead (default: ${DEFAULT-VALUE})")
  int labelHorizon;

  @Option(names = "--label-threshold", paramLabel = "RATIO", defaultValue = "0.004",
      description = "positive when the close N candles ahead is above this close by more than RATIO (default: ${DEFAULT-VALUE})")
  double labelThreshold;

  @Option(names = "--validation", paramLabel = "FRACTION", defaultValue = "0.2",
      description = "latest share of the training time held out for the validation metrics, 0 to 0.5 (default: ${DEFAULT-VALUE})")
  double validation;

  @Option(names = "--threshold", paramLabel = "P", defaultValue = "0.6",
      description = "entry probability the precision metric is measured at (default: ${DEFAULT-VALUE}; walk-forward: --enter-threshold)")
  double threshold;

  @Option(names = "--seed", paramLabel = "N", defaultValue = "42", description = "random seed (default: ${DEFAULT-VALUE})")
  long seed;

  @Option(names = "--models-dir", paramLabel = "DIR",
      description = "model registry folder (default: $AGORA_MODELS_DIR, else ./models; the rule MlThreshold uses)")
  Path modelsDir;

  /** The config files with the flags applied over them. */
  FreqtradeConfig config() {
    FreqtradeConfig cfg = FreqtradeConfig.load(configs);
    if (timerange != null) cfg.set("timerange", timerange);
    if (timeframe != null) cfg.set("timeframe", timeframe);
    if (pairs != null && !pairs.isEmpty()) cfg.setPairs(pairs.stream().filter(p -> !p.isBlank()).toList());
    if (dataFormat != null) cfg.set("dataformat_ohlcv", dataFormat);
    return cfg;
  }

  Path datadir(FreqtradeConfig cfg) {
    if (datadir != null) return datadir;
    String d = cfg.string("datadir", null);
    if (d == null) throw new ConfigException("no data directory: pass --datadir PATH (or set \"datadir\" in a config given with -c)");
    return Path.of(d);
  }

  List<String> pairs(FreqtradeConfig cfg) {
    List<String> p = cfg.pairWhitelist();
    if (p.isEmpty()) throw new ConfigException("no pairs: pass --pairs ETH/BTC LTC/BTC (or set exchange.pair_whitelist in a config)");
    return p;
  }

  Timeframe timeframe(FreqtradeConfig cfg) {
    String tf = cfg.string("timeframe", null);
    if (tf == null) throw new ConfigException("no timeframe: pass --timeframe 5m (or set \"timeframe\" in a config)");
    try {
      return Timeframe.parse(tf);
    } catch (IllegalArgumentException e) {
      throw new ConfigException("--timeframe: " + e.getMessage());
    }
  }

  DataFormat format(FreqtradeConfig cfg) {
    try {
      return DataFormat.fromValue(cfg.string("dataformat_ohlcv", "feather"));
    } catch (IllegalArgumentException e) {
      throw new ConfigException("--data-format-ohlcv: " + e.getMessage());
    }
  }

  Path registryRoot() {
    return MlStrategy.registryRoot(modelsDir == null ? null : modelsDir.toString());
  }

  /**
   * What to train, every flag checked. The hyperparameters are parsed by creating the trainer once, which is cheap
   * and otherwise would only happen after the data is loaded.
   */
  ModelTraining.Spec spec() {
    if (name == null || !name.matches("[a-z0-9][a-z0-9_-]*")) {
      throw new ConfigException("--name '" + name + "': use lower-case letters, digits, '_' and '-', starting with a letter or digit");
    }
    if (!KINDS.contains(kind)) {
      throw new ConfigException("--kind '" + kind + "' is unknown: use logistic, fm, ensemble or mlp");
    }
    try {
      ModelTrainers.create(kind, hyperparameters);
    } catch (IllegalArgumentException e) {
      throw new ConfigException("--hp: " + e.getMessage());
    }
    String setName;
    List<String> names;
    if (FeatureSets.OHLCV_V1.equals(features.trim())) {
      setName = FeatureSets.OHLCV_V1;
      names = FeatureSets.standard();
    } else {
      // A list with its own name would suggest a frozen set; "custom" tells a reader of the card to look at the list.
      setName = "custom";
      names = Arrays.stream(features.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
      try {
        FeatureExtractor.of(names);
      } catch (IllegalArgumentException e) {
        throw new ConfigException("--features '" + features + "': " + e.getMessage() + "; or name a set: " + FeatureSets.OHLCV_V1);
      }
    }
    if (labelHorizon < 1) throw new ConfigException("--label-horizon must be at least 1 candle, got " + labelHorizon);
    if (!Double.isFinite(labelThreshold) || labelThreshold <= -1) {
      throw new ConfigException("--label-threshold must be a finite ratio above -1 (0.004 = 0.4 %), got " + labelThreshold);
    }
    if (!(validation >= 0 && validation <= 0.5)) throw new ConfigException("--validation must be in [0, 0.5], got " + validation);
    if (!(threshold > 0 && threshold < 1)) throw new ConfigException("--threshold must be a probability in (0, 1), got " + threshold);
    return new ModelTraining.Spec(name, kind, hyperparameters, setName, names, new LabelSpec(labelHorizon, labelThreshold),
        validation, threshold, seed);
  }

  static String num(Double v) {
    return v == null || v.isNaN() ? "-" : String.format(Locale.ROOT, "%.4f", v);
  }
}
