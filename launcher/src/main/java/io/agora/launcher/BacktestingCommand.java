package io.agora.launcher;

import io.agora.core.backtesting.BacktestRunner;
import io.agora.core.config.ConfigException;
import io.agora.core.config.FreqtradeConfig;
import io.agora.core.data.OhlcvDataException;
import io.agora.core.metrics.Period;
import io.agora.core.report.html.HtmlReport;
import io.agora.core.report.text.TextReport;
import io.agora.core.strategy.StrategyRegistry;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code agora backtesting}: Freqtrade's backtesting command on Agora's engine. Flags carry Freqtrade's names where
 * they mean the same; they override the configuration file.
 */
@Command(
    name = "backtesting",
    mixinStandardHelpOptions = true,
    description = {
      "Backtest a strategy with Freqtrade's semantics over Freqtrade OHLCV data.",
      "Reads a Freqtrade JSON config; flags override it. Example:",
      "  agora backtesting -c config.json -s signals --param signals_dir=signals --datadir user_data/data/binance"
    })
public final class BacktestingCommand implements Callable<Integer> {

  @Option(names = {"-c", "--config"}, paramLabel = "PATH", description = "Freqtrade config file (repeatable; later files override earlier ones)")
  List<Path> configs = new ArrayList<>();

  @Option(names = {"-s", "--strategy"}, paramLabel = "NAME", description = "strategy to run (see 'agora strategies'); default: the config's 'strategy'")
  String strategy;

  @Option(names = "--strategy-list", paramLabel = "NAME", split = "[ ,]", arity = "1..*",
      description = "several strategies over the same data, compared in one report (parameters via --param apply to all)")
  List<String> strategyList;

  @Option(names = {"-d", "--datadir", "--data-dir"}, paramLabel = "PATH", description = "folder of OHLCV files (default: config 'datadir', else user_data/data/<exchange>)")
  Path datadir;

  @Option(names = "--timerange", paramLabel = "RANGE", description = "YYYYMMDD-YYYYMMDD, YYYYMMDD- or -YYYYMMDD")
  String timerange;

  @Option(names = {"-i", "--timeframe"}, paramLabel = "TF", description = "candle timeframe, e.g. 5m, 1h")
  String timeframe;

  @Option(names = "--timeframe-detail", paramLabel = "TF", description = "smaller timeframe to simulate fills within each candle")
  String timeframeDetail;

  @Option(names = {"-p", "--pairs"}, paramLabel = "PAIR", split = "[ ,]", arity = "1..*", description = "pairs to backtest (replace the config's whitelist)")
  List<String> pairs;

  @Option(names = "--export-filename", paramLabel = "PATH", description = "write the result JSON exactly here (Freqtrade's layout)")
  Path exportFilename;

  @Option(names = "--export", paramLabel = "WHAT", description = "trades (default) or none")
  String export;

  @Option(names = "--report-filename", paramLabel = "PATH", description = "write the self-contained HTML report here (default: beside the result JSON)")
  Path reportFilename;

  @Option(names = "--param", paramLabel = "KEY=VALUE", description = "strategy parameter (repeatable), e.g. --param signals_dir=signals")
  Map<String, String> params = new LinkedHashMap<>();

  @Option(names = "--fee", paramLabel = "RATIO", description = "fee ratio applied on entry and exit, e.g. 0.001")
  Double fee;

  @Option(names = "--stake-amount", paramLabel = "AMOUNT", description = "stake per trade, a number or 'unlimited'")
  String stakeAmount;

  @Option(names = "--max-open-trades", paramLabel = "N", description = "maximum open trades (-1 = unlimited)")
  Integer maxOpenTrades;

  @Option(names = {"--dry-run-wallet", "--starting-balance"}, paramLabel = "AMOUNT", description = "starting balance")
  Double dryRunWallet;

  @Option(names = {"--eps", "--enable-position-stacking"}, description = "allow several open trades per pair")
  boolean positionStacking;

  @Option(names = "--data-format-ohlcv", paramLabel = "FORMAT", description = "feather, parquet, json, jsongz or csv")
  String dataFormat;

  @Option(names = "--breakdown", paramLabel = "PERIOD", split = ",", description = "also print a day, week and/or month breakdown")
  List<String> breakdown = new ArrayList<>();

  @Option(names = "--no-progress", description = "no progress bar even on a terminal")
  boolean noProgress;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    PrintStream out = System.out;
    try {
      TextReport.Options opts = TextReport.Options.defaults();
      for (String b : breakdown) {
        try {
          opts = opts.withBreakdowns(concat(opts.breakdowns(), Period.fromKey(b.trim())));
        } catch (IllegalArgumentException e) {
          throw new ConfigException("--breakdown takes day, week or month, got '" + b + "'");
        }
      }
      FreqtradeConfig cfg = FreqtradeConfig.load(configs);
      if (timerange != null) cfg.set("timerange", timerange);
      if (timeframe != null) cfg.set("timeframe", timeframe);
      if (timeframeDetail != null) cfg.set("timeframe_detail", timeframeDetail);
      if (pairs != null && !pairs.isEmpty()) cfg.setPairs(pairs.stream().filter(p -> !p.isBlank()).toList());
      if (fee != null) cfg.set("fee", fee);
      if (stakeAmount != null) cfg.set("stake_amount", stakeAmount.equals("unlimited") ? (Object) "unlimited" : (Object) parseNumber("--stake-amount", stakeAmount));
      if (maxOpenTrades != null) cfg.set("max_open_trades", maxOpenTrades);
      if (dryRunWallet != null) cfg.set("dry_run_wallet", dryRunWallet);
      if (positionStacking) cfg.set("position_stacking", true);
      if (dataFormat != null) cfg.set("dataformat_ohlcv", dataFormat);

      List<String> names = strategyList != null && !strategyList.isEmpty() ? strategyList.stream().filter(n -> !n.isBlank()).toList()
          : strategy != null ? List.of(strategy)
          : cfg.string("strategy", null) != null ? List.of(cfg.string("strategy", null)) : List.of();
      if (names.isEmpty()) throw new ConfigException("no strategy: pass --strategy NAME (see 'agora strategies') or set \"strategy\" in the config");
      Path dir = datadir != null ? datadir : defaultDatadir(cfg);
      Path exportFile = "none".equals(export) ? null : exportFilename;

      BacktestRunner runner = new BacktestRunner(StrategyRegistry.builtin(), Clock.systemUTC());
      ProgressBar bar = !noProgress && System.console() != null ? new ProgressBar(System.err) : null;
      if (bar != null) runner.progress(bar);
      List<BacktestRunner.Request> requests = names.stream()
          .map(n -> new BacktestRunner.Request(cfg, n, params, dir, exportFile)).toList();
      List<BacktestRunner.Outcome> outcomes = runner.runAll(requests, exportFile);
      if (bar != null) bar.finish();
      BacktestRunner.Outcome outcome = outcomes.get(0);

      out.println(outcomes.size() == 1 ? TextReport.render(outcome.stats(), outcome.strategyName(), opts) : TextReport.renderAll(outcome.stats(), opts));
      if (exportFile != null) out.println("Result written to " + exportFile);
      Path html = reportFilename != null ? reportFilename : exportFile != null ? siblingHtml(exportFile) : null;
      if (html != null) {
        for (BacktestRunner.Outcome o : outcomes) {
          // One page per strategy: with a strategy list each page is named after its strategy.
          Path page = outcomes.size() == 1 ? html : html.resolveSibling(stem(html) + "-" + o.strategyName() + ".html");
          HtmlReport.write(page, o.stats(), o.strategyName());
          out.println("Report written to " + page);
        }
      }
      return 0;
    } catch (ConfigException | OhlcvDataException | IllegalArgumentException | IllegalStateException e) {
      System.err.println("agora backtesting: " + e.getMessage());
      return 2;
    } catch (java.io.IOException e) {
      System.err.println("agora backtesting: " + e.getMessage());
      return 1;
    }
  }

  private static Period[] concat(List<Period> have, Period p) {
    List<Period> all = new ArrayList<>(have);
    if (!all.contains(p)) all.add(p);
    return all.toArray(new Period[0]);
  }

  private static double parseNumber(String flag, String v) {
    try {
      return Double.parseDouble(v);
    } catch (NumberFormatException e) {
      throw new ConfigException(flag + " must be a number or 'unlimited', got '" + v + "'");
    }
  }

  private static String stem(Path p) {
    String n = p.getFileName().toString();
    return n.endsWith(".html") ? n.substring(0, n.length() - 5) : n;
  }

  private static Path siblingHtml(Path json) {
    String name = json.getFileName().toString();
    String base = name.endsWith(".json") ? name.substring(0, name.length() - 5) : name;
    Path parent = json.toAbsolutePath().getParent();
    return parent.resolve(base + ".html");
  }

  /** Freqtrade's default: {@code user_data/data/<exchange>}, or the config's {@code datadir}. */
  static Path defaultDatadir(FreqtradeConfig cfg) {
    String d = cfg.string("datadir", null);
    if (d != null) return Path.of(d);
    String exchange = cfg.exchangeName();
    Path p = Path.of("user_data", "data", exchange.isEmpty() ? "" : exchange);
    if (!Files.isDirectory(p)) {
      throw new ConfigException("no data directory: pass --datadir PATH or set \"datadir\" in the config (looked for " + p + ")");
    }
    return p;
  }
}
