package io.agora.core.backtesting;

import io.agora.core.backtest.BacktestResult;
import io.agora.core.backtest.BacktestSettings;
import io.agora.core.backtest.Backtester;
import io.agora.core.backtest.FundingSeries;
import io.agora.core.backtest.TradingMode;
import io.agora.core.config.ConfigException;
import io.agora.core.config.FreqtradeConfig;
import io.agora.core.config.TimeRange;
import io.agora.core.data.DataFormat;
import io.agora.core.data.MissingDataException;
import io.agora.core.data.OhlcvLoader;
import io.agora.core.market.CandleSeries;
import io.agora.core.market.CandleType;
import io.agora.core.market.Timeframe;
import io.agora.core.metrics.BacktestOutcome;
import io.agora.core.metrics.BacktestRunInfo;
import io.agora.core.metrics.BacktestStats;
import io.agora.core.metrics.StrategyRun;
import io.agora.core.report.json.BacktestResultWriter;
import io.agora.core.strategy.Strategy;
import io.agora.core.strategy.StrategyRegistry;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Freqtrade's {@code backtesting} command as a library call: reads the configuration, loads candles the way
 * Freqtrade does (timerange widened by the startup candles, trimmed, then gap-filled), runs the
 * {@link Backtester}, computes Freqtrade's statistics and optionally writes the result JSON.
 */
public final class BacktestRunner {
  private static final Logger log = LoggerFactory.getLogger(BacktestRunner.class);

  /** What to run; {@code config} already carries the command-line overrides. */
  public record Request(
      FreqtradeConfig config,
      String strategyName,
      Map<String, String> strategyParams,
      Path datadir,
      Path exportFile) {}

  /** What a run produced. */
  public record Outcome(
      String strategyName,
      BacktestResult result,
      Map<String, Object> stats,
      Map<String, CandleSeries> data,
      BacktestSettings settings,
      List<String> warnings) {

    /** Freqtrade's per-strategy statistics block. */
    @SuppressWarnings("unchecked")
    public Map<String, Object> strategyStats() {
      return (Map<String, Object>) ((Map<String, Object>) stats.get("strategy")).get(strategyName);
    }
  }

  private final StrategyRegistry registry;
  private final Clock clock;
  private Backtester.Progress progress;

  public BacktestRunner(StrategyRegistry registry, Clock clock) {
    this.registry = registry;
    this.clock = clock;
  }

  public BacktestRunner progress(Backtester.Progress p) {
    this.progress = p;
    return this;
  }

  /** Runs one strategy; the result file (when asked for) holds that strategy alone. */
  public Outcome run(Request req) {
    return runAll(List.of(req), req.exportFile()).get(0);
  }

  /**
   * Runs several strategies over the same configuration (Freqtrade's {@code --strategy-list}): one statistics
   * document with a block per strategy and the strategy comparison, written to {@code exportFile} when given.
   */
  public List<Outcome> runAll(List<Request> requests, Path exportFile) {
    if (requests.isEmpty()) throw new ConfigException("no strategy to run");
    List<Simulation> sims = new ArrayList<>();
    for (int i = 0; i < requests.size(); i++) sims.add(simulate(requests.get(i), i == 0));
    // Freqtrade loads the data once with the longest startup: the market change comes from that load.
    Simulation widest = sims.get(0);
    for (Simulation sim : sims) if (sim.startup > widest.startup) widest = sim;
    Map<String, Object> stats = BacktestStats.generate(sims.stream().map(Simulation::run).toList(), widest.data);
    if (exportFile != null) {
      try {
        BacktestResultWriter.write(exportFile, stats);
      } catch (IOException e) {
        throw new ConfigException("cannot write the result file " + exportFile + ": " + e.getMessage());
      }
    }
    List<Outcome> out = new ArrayList<>();
    for (Simulation sim : sims) out.add(new Outcome(sim.run.strategyName(), sim.result, stats, sim.data, sim.settings, sim.warnings));
    return out;
  }

  private record Simulation(StrategyRun run, BacktestResult result, Map<String, CandleSeries> data,
      BacktestSettings settings, List<String> warnings, int startup) {}

  private Simulation simulate(Request req, boolean reportConfigWarnings) {
    long runStart = clock.millis();
    FreqtradeConfig cfg = req.config();
    List<String> warnings = new ArrayList<>(reportConfigWarnings ? cfg.unknownKeyWarnings() : List.of());

    Map<String, String> params = new LinkedHashMap<>(cfg.strategyParams());
    params.putAll(req.strategyParams());
    Strategy strategy;
    try {
      strategy = registry.create(req.strategyName(), params);
    } catch (IllegalArgumentException e) {
      throw new ConfigException(e.getMessage());
    }
    BacktestSettings s = cfg.toSettings(strategy);
    if (reportConfigWarnings) warnings.addAll(cfg.warnings());
    warnings.forEach(log::warn);

    CandleType candleType = s.tradingMode == TradingMode.FUTURES ? CandleType.FUTURES : CandleType.SPOT;
    DataFormat format;
    try {
      format = DataFormat.fromValue(cfg.string("dataformat_ohlcv", "feather"));
    } catch (IllegalArgumentException e) {
      throw new ConfigException("config key 'dataformat_ohlcv': " + e.getMessage());
    }
    OhlcvLoader loader = new OhlcvLoader(req.datadir(), format, true);
    List<String> pairs = resolvePairs(cfg, loader, s.timeframe, candleType);

    TimeRange tr = cfg.timeRange();
    int startup = strategy.startupCandleCount();
    TimeRange withStartup = tr.withStartEarlierBy(s.timeframe.millis() * startup);
    Map<String, CandleSeries> data = new LinkedHashMap<>();
    for (String pair : pairs) {
      try {
        CandleSeries cs = loader.load(pair, s.timeframe, candleType, withStartup.startMs(), withStartup.stopMs());
        if (cs.isEmpty()) {
          warn(warnings, "No history for " + pair + ", " + candleType.value() + ", " + s.timeframe + " in the timerange " + tr + ": skipped");
        } else {
          data.put(pair, cs);
        }
      } catch (MissingDataException e) {
        warn(warnings, e.getMessage() + ": " + pair + " skipped");
      }
    }
    if (data.isEmpty()) {
      throw new ConfigException("No data found for any pair of the whitelist " + pairs + " (timeframe " + s.timeframe
          + ", timerange " + tr + ", data dir " + req.datadir().toAbsolutePath() + ")");
    }
    if (startup > 0) log.info("Using indicator startup period: {} candles", startup);

    Map<String, CandleSeries> detail = new LinkedHashMap<>();
    if (s.timeframeDetail != null) {
      for (String pair : data.keySet()) {
        try {
          CandleSeries d = loader.load(pair, s.timeframeDetail, candleType, tr.startMs(), tr.stopMs());
          if (!d.isEmpty()) detail.put(pair, d);
        } catch (MissingDataException e) {
          throw new ConfigException("timeframe_detail " + s.timeframeDetail + " is set but " + e.getMessage());
        }
      }
    }

    Backtester backtester = new Backtester(s, strategy);
    Map<String, FundingSeries> funding = Map.of();
    if (s.tradingMode == TradingMode.FUTURES) {
      Timeframe fundingTf = Timeframe.parse(cfg.string("funding_fee_timeframe", "8h"));
      backtester.fundingInterval(fundingTf.millis());
      funding = loadFunding(loader, data.keySet(), fundingTf, tr, warnings);
    }

    BacktestResult result = backtester.run(new ArrayList<>(data.values()), detail, funding, progress);
    long runEnd = clock.millis();

    BacktestRunInfo info = runInfo(s, new ArrayList<>(data.keySet()), tr, result, strategy);
    BacktestOutcome outcome = new BacktestOutcome(result.finalBalance(), result.rejectedSignals(), result.timedoutEntryOrders(),
        result.timedoutExitOrders(), result.canceledTradeEntries(), result.canceledEntryOrders(), result.replacedEntryOrders(),
        List.of(), "", runStart / 1000, runEnd / 1000);
    StrategyRun run = new StrategyRun(req.strategyName(), result.trades(), info, outcome);
    return new Simulation(run, result, data, s, warnings, startup);
  }

  private static void warn(List<String> warnings, String w) {
    warnings.add(w);
    log.warn(w);
  }

  /**
   * {@code exchange.pair_whitelist} minus {@code pair_blacklist}. Entries with regex wildcards (such as {@code .*-BTC} written as a pattern) are
   * expanded against the pairs that have data, as Freqtrade expands them against the exchange's markets.
   */
  private List<String> resolvePairs(FreqtradeConfig cfg, OhlcvLoader loader, Timeframe tf, CandleType type) {
    List<String> wl = cfg.pairWhitelist();
    if (wl.isEmpty()) throw new ConfigException("No pair in whitelist: set exchange.pair_whitelist in the config or pass --pairs");
    Set<String> out = new LinkedHashSet<>();
    List<String> available = null;
    for (String p : wl) {
      if (p.matches("[A-Za-z0-9_\\-]+/[A-Za-z0-9_\\-]+(:[A-Za-z0-9_\\-]+)?")) {
        out.add(p);
        continue;
      }
      Pattern rx;
      try {
        rx = Pattern.compile(p);
      } catch (PatternSyntaxException e) {
        throw new ConfigException("exchange.pair_whitelist entry '" + p + "' is neither a pair nor a valid pattern: " + e.getDescription());
      }
      if (available == null) {
        available = loader.available().stream()
            .filter(f -> f.timeframe().equals(tf) && f.candleType() == type).map(OhlcvLoader.DataFile::pair).distinct().sorted().toList();
      }
      available.stream().filter(a -> rx.matcher(a).matches()).forEach(out::add);
    }
    for (String b : cfg.pairBlacklist()) {
      try {
        Pattern rx = Pattern.compile(b);
        out.removeIf(pp -> pp.equals(b) || rx.matcher(pp).matches());
      } catch (PatternSyntaxException e) {
        out.remove(b);
      }
    }
    if (out.isEmpty()) throw new ConfigException("No pair in whitelist after expanding patterns and removing the blacklist: " + wl);
    return new ArrayList<>(out);
  }

  private static Map<String, FundingSeries> loadFunding(
      OhlcvLoader loader, Set<String> pairs, Timeframe tf, TimeRange tr, List<String> warnings) {
    Map<String, FundingSeries> out = new LinkedHashMap<>();
    for (String pair : pairs) {
      try {
        CandleSeries rate = loader.load(pair, tf, CandleType.FUNDING_RATE, tr.startMs(), tr.stopMs());
        CandleSeries mark = loader.load(pair, tf, CandleType.MARK, tr.startMs(), tr.stopMs());
        out.put(pair, join(rate, mark));
      } catch (MissingDataException e) {
        warn(warnings, "futures: " + e.getMessage() + "; " + pair + " is backtested without funding fees");
      }
    }
    return out;
  }

  /** Inner join of funding rates and mark candles on time. */
  static FundingSeries join(CandleSeries rate, CandleSeries mark) {
    int n = Math.min(rate.size(), mark.size());
    long[] t = new long[n];
    double[] r = new double[n];
    double[] m = new double[n];
    int i = 0, j = 0, k = 0;
    long[] rt = rate.openTime(), mt = mark.openTime();
    while (i < rt.length && j < mt.length) {
      if (rt[i] < mt[j]) i++;
      else if (rt[i] > mt[j]) j++;
      else {
        t[k] = rt[i];
        r[k] = rate.open()[i];
        m[k] = mark.open()[j];
        k++;
        i++;
        j++;
      }
    }
    return new FundingSeries(java.util.Arrays.copyOf(t, k), java.util.Arrays.copyOf(r, k), java.util.Arrays.copyOf(m, k));
  }

  private static BacktestRunInfo runInfo(BacktestSettings s, List<String> pairs, TimeRange tr, BacktestResult r, Strategy strategy) {
    Map<Integer, Double> roi = new TreeMap<>();
    s.minimalRoi.asMap().forEach((k, v) -> roi.put(Integer.parseInt(k), v));
    BacktestRunInfo.Builder b = BacktestRunInfo.builder()
        .pairlist(pairs)
        .stakeCurrency(s.stakeCurrency)
        .maxOpenTrades(s.maxOpenTrades)
        .dryRunWallet(s.dryRunWallet)
        .timeframe(s.timeframe.text())
        .timeframeDetail(s.timeframeDetail == null ? "" : s.timeframeDetail.text())
        .timerange(tr.hasStart() || tr.hasStop() ? tr.toString() : "")
        .backtestStart(r.startTime())
        .backtestEnd(r.endTime())
        .minimalRoi(roi)
        .stoploss(s.stoploss)
        .trailingStop(s.trailingStop)
        .trailingStopPositive(Double.isNaN(s.trailingStopPositive) ? null : s.trailingStopPositive)
        .trailingStopPositiveOffset(s.trailingStopPositiveOffset)
        .trailingOnlyOffsetIsReached(s.trailingOnlyOffsetIsReached)
        .useCustomStoploss(s.useCustomStoploss)
        .useExitSignal(s.useExitSignal)
        .exitProfitOnly(s.exitProfitOnly)
        .exitProfitOffset(s.exitProfitOffset)
        .ignoreRoiIfEntrySignal(s.ignoreRoiIfEntrySignal)
        .enableProtections(false)
        .tradingMode(s.tradingMode.value())
        .marginMode(s.marginMode);
    if (s.unlimitedStake) b.unlimitedStake();
    else b.stakeAmount(s.stakeAmount);
    return b.build();
  }
}
