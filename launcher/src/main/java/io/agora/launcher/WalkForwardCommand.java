package io.agora.launcher;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.agora.core.backtesting.BacktestRunner;
import io.agora.core.config.ConfigException;
import io.agora.core.config.FreqtradeConfig;
import io.agora.core.data.OhlcvDataException;
import io.agora.core.market.Instrument;
import io.agora.core.report.html.HtmlReport;
import io.agora.core.report.text.TextReport;
import io.agora.models.inference.InferenceException;
import io.agora.models.pipeline.ModelTraining;
import io.agora.models.pipeline.WalkForwardBacktest;
import io.agora.models.registry.ModelCard;
import io.agora.models.registry.ModelRegistry;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code agora walk-forward}: FreqAI's walk-forward backtest. Each test window is scored by a model trained only on
 * the days before it, and the ML strategy is backtested over those scores, so the report shows what retraining on a
 * schedule would have done, not how well a model fits data it has seen.
 */
@Command(
    name = "walk-forward",
    mixinStandardHelpOptions = true,
    description = {
      "Walk-forward backtest of the ML strategy: train on --train-days, score the next --test-days with that model,",
      "move on by --test-days, then backtest the strategy over every test window's scores. Example:",
      "  agora walk-forward -d user_data/data/binance -p ETH/BTC LTC/BTC -i 5m --name demo --export-filename wf.json"
    })
public final class WalkForwardCommand implements Callable<Integer> {
  private static final DateTimeFormatter MINUTE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(ZoneOffset.UTC);

  @Mixin ModelOptions model;

  @CommandLine.Spec CommandLine.Model.CommandSpec command;

  @Option(names = "--train-days", paramLabel = "N", defaultValue = "7", description = "training window in days (default: ${DEFAULT-VALUE})")
  int trainDays;

  @Option(names = "--test-days", paramLabel = "N", defaultValue = "3",
      description = "test window in days, also the step between retrainings (default: ${DEFAULT-VALUE})")
  int testDays;

  @Option(names = "--enter-threshold", paramLabel = "P", defaultValue = "0.6",
      description = "enter long when the probability is above this (default: ${DEFAULT-VALUE})")
  double enterThreshold;

  @Option(names = "--exit-threshold", paramLabel = "P", defaultValue = "0.4",
      description = "exit when the probability is below this (default: ${DEFAULT-VALUE})")
  double exitThreshold;

  @Option(names = "--fee", paramLabel = "RATIO", description = "fee ratio applied on entry and exit, e.g. 0.001")
  Double fee;

  @Option(names = "--stake-amount", paramLabel = "AMOUNT",
      description = "stake per trade, a number or 'unlimited' (default: the config's, else 100)")
  String stakeAmount;

  @Option(names = {"--dry-run-wallet", "--starting-balance"}, paramLabel = "AMOUNT",
      description = "starting balance (default: the config's, else 1000)")
  Double dryRunWallet;

  @Option(names = "--max-open-trades", paramLabel = "N",
      description = "maximum open trades, -1 = unlimited (default: the config's, else the number of pairs)")
  Integer maxOpenTrades;

  @Option(names = "--no-save", description = "do not keep the windows' models (default: each becomes a version of --name)")
  boolean noSave;

  @Option(names = "--export-filename", paramLabel = "PATH",
      description = "write the result JSON here (Freqtrade's layout) and the windows beside it as <name>.walkforward.json")
  Path exportFilename;

  @Option(names = "--report-filename", paramLabel = "PATH",
      description = "write the self-contained HTML report here (default: beside the result JSON)")
  Path reportFilename;

  @Override
  public Integer call() {
    PrintStream out = System.out;
    try {
      if (trainDays < 1 || testDays < 1) {
        throw new ConfigException("--train-days and --test-days must be at least 1, got " + trainDays + " and " + testDays);
      }
      if (!(enterThreshold > 0 && enterThreshold < 1 && exitThreshold >= 0 && exitThreshold <= enterThreshold)) {
        throw new ConfigException("--enter-threshold must be in (0, 1) and --exit-threshold in [0, enter threshold], got "
            + enterThreshold + " and " + exitThreshold);
      }
      // Validation precision is only comparable with the test windows' when both are measured where the strategy enters.
      if (!command.commandLine().getParseResult().hasMatchedOption("--threshold")) model.threshold = enterThreshold;
      ModelTraining.Spec spec = model.spec();
      FreqtradeConfig cfg = model.config();
      Path dir = model.datadir(cfg);
      List<String> pairs = model.pairs(cfg);
      model.timeframe(cfg);
      model.format(cfg);
      applyBacktestDefaults(cfg, pairs);
      ModelRegistry registry = noSave ? null : new ModelRegistry(model.registryRoot());

      WalkForwardBacktest.Result result = WalkForwardBacktest.run(
          new WalkForwardBacktest.Request(cfg, dir, spec, trainDays, testDays, enterThreshold, exitThreshold, registry, exportFilename),
          Clock.systemUTC());

      out.print(windowTable(result.windows()));
      out.println();
      BacktestRunner.Outcome outcome = result.outcome();
      out.println(TextReport.render(outcome.stats(), outcome.strategyName(), TextReport.Options.defaults()));
      if (registry != null && !result.windows().isEmpty()) {
        out.println("Models saved in " + registry.root() + ": " + result.windows().get(0).card().ref() + " .. "
            + result.windows().get(result.windows().size() - 1).card().ref());
      }
      if (exportFilename != null) {
        out.println("Result written to " + exportFilename);
        Path windows = sibling(exportFilename, ".walkforward.json");
        writeWindows(windows, result, spec, pairs, cfg.string("timeframe", null));
        out.println("Windows written to " + windows);
      }
      Path html = reportFilename != null ? reportFilename : exportFilename != null ? sibling(exportFilename, ".html") : null;
      if (html != null) {
        HtmlReport.write(html, outcome.stats(), outcome.strategyName());
        out.println("Report written to " + html);
      }
      return 0;
    } catch (ConfigException | OhlcvDataException | IllegalArgumentException | IllegalStateException e) {
      System.err.println("agora walk-forward: " + e.getMessage());
      return 2;
    } catch (InferenceException | UncheckedIOException | IOException e) {
      System.err.println("agora walk-forward: " + e.getMessage());
      return 1;
    }
  }

  /**
   * What a backtest needs that a data folder alone does not say. The stake currency is the pairs' quote: it is the
   * only currency they can all be bought with.
   */
  private void applyBacktestDefaults(FreqtradeConfig cfg, List<String> pairs) {
    if (fee != null) cfg.set("fee", fee);
    if (stakeAmount != null) {
      if (stakeAmount.equals("unlimited")) {
        cfg.set("stake_amount", "unlimited");
      } else {
        try {
          cfg.set("stake_amount", Double.parseDouble(stakeAmount));
        } catch (NumberFormatException e) {
          throw new ConfigException("--stake-amount must be a number or 'unlimited', got '" + stakeAmount + "'");
        }
      }
    } else if (!cfg.has("stake_amount")) {
      cfg.set("stake_amount", 100);
    }
    if (dryRunWallet != null) cfg.set("dry_run_wallet", dryRunWallet);
    else if (!cfg.has("dry_run_wallet")) cfg.set("dry_run_wallet", 1000);
    if (maxOpenTrades != null) cfg.set("max_open_trades", maxOpenTrades);
    else if (!cfg.has("max_open_trades")) cfg.set("max_open_trades", pairs.size());
    if (!cfg.has("stake_currency")) {
      Set<String> quotes = new LinkedHashSet<>();
      for (String p : pairs) quotes.add(Instrument.of(p).quote());
      if (quotes.size() != 1) {
        throw new ConfigException("pairs " + pairs + " are quoted in " + quotes
            + ": pass pairs of one quote currency, or set \"stake_currency\" in a config given with -c");
      }
      cfg.set("stake_currency", quotes.iterator().next());
    }
  }

  static String windowTable(List<WalkForwardBacktest.Window> windows) {
    StringBuilder sb = new StringBuilder();
    sb.append("WALK-FORWARD WINDOWS\n");
    String head = String.format(Locale.ROOT, "%3s  %-35s  %-35s  %-14s  %10s  %7s  %8s  %9s  %7s  %9s%n", "#", "train (UTC)",
        "test (UTC)", "model", "train rows", "val AUC", "test AUC", "test prec", "signals", "test rows");
    sb.append(head);
    sb.append("-".repeat(head.length() - 1)).append('\n');
    int i = 1;
    for (WalkForwardBacktest.Window w : windows) {
      ModelCard c = w.card();
      sb.append(String.format(Locale.ROOT, "%3d  %-35s  %-35s  %-14s  %10d  %7s  %8s  %9s  %7d  %9d%n", i++,
          range(w.split().trainFrom(), w.split().trainTo()), range(w.split().testFrom(), w.split().testTo()),
          c.version() == 0 ? "(not saved)" : c.ref(), c.training().rows(), ModelOptions.num(c.validation().get("auc")),
          ModelOptions.num(w.test().get("auc")), ModelOptions.num(w.test().get("precision")),
          w.test().getOrDefault("signals", 0.0).intValue(), w.testRows()));
    }
    sb.append("signals: labelled test rows scored above the enter threshold; test prec: the share of them that were positive\n");
    return sb.toString();
  }

  private static String range(long from, long to) {
    return MINUTE.format(Instant.ofEpochMilli(from)) + " .. " + MINUTE.format(Instant.ofEpochMilli(to));
  }

  private void writeWindows(Path file, WalkForwardBacktest.Result result, ModelTraining.Spec spec, List<String> pairs,
      String timeframe) throws IOException {
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("strategy", result.outcome().strategyName());
    doc.put("pairs", pairs);
    doc.put("timeframe", timeframe);
    doc.put("train_days", trainDays);
    doc.put("test_days", testDays);
    doc.put("enter_threshold", enterThreshold);
    doc.put("exit_threshold", exitThreshold);
    Map<String, Object> s = new LinkedHashMap<>();
    s.put("name", spec.name());
    s.put("kind", spec.kind());
    s.put("hyperparameters", spec.hyperparameters());
    s.put("feature_set", spec.featureSet());
    s.put("features", spec.features());
    s.put("label_horizon", spec.label().horizon());
    s.put("label_threshold", spec.label().threshold());
    s.put("validation_fraction", spec.validationFraction());
    s.put("threshold", spec.threshold());
    s.put("seed", spec.seed());
    doc.put("model", s);
    List<Map<String, Object>> ws = new ArrayList<>();
    for (WalkForwardBacktest.Window w : result.windows()) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("train_from", Instant.ofEpochMilli(w.split().trainFrom()).toString());
      m.put("train_to", Instant.ofEpochMilli(w.split().trainTo()).toString());
      m.put("test_from", Instant.ofEpochMilli(w.split().testFrom()).toString());
      m.put("test_to", Instant.ofEpochMilli(w.split().testTo()).toString());
      m.put("model", w.card().version() == 0 ? null : w.card().ref());
      m.put("train_rows", w.card().training().rows());
      m.put("train_positives", w.card().training().positives());
      m.put("validation", finite(w.card().validation()));
      m.put("test_rows", w.testRows());
      m.put("test", finite(w.test()));
      ws.add(m);
    }
    doc.put("windows", ws);
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null) Files.createDirectories(parent);
    new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(file.toFile(), doc);
  }

  /** NaN (an AUC over one class) as null: JSON has no NaN, and a string would break numeric readers. */
  private static Map<String, Double> finite(Map<String, Double> m) {
    Map<String, Double> out = new LinkedHashMap<>();
    m.forEach((k, v) -> out.put(k, v == null || !Double.isFinite(v) ? null : v));
    return out;
  }

  /** {@code results/wf.json} → {@code results/wf<suffix>}. */
  static Path sibling(Path json, String suffix) {
    String name = json.getFileName().toString();
    String base = name.endsWith(".json") ? name.substring(0, name.length() - 5) : name;
    return json.resolveSibling(base + suffix);
  }
}
