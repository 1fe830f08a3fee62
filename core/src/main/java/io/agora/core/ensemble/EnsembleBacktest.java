package io.agora.core.ensemble;

import io.agora.core.backtest.BacktestSettings;
import io.agora.core.backtest.Backtester;
import io.agora.core.backtest.TradingMode;
import io.agora.core.config.ConfigException;
import io.agora.core.config.FreqtradeConfig;
import io.agora.core.config.TimeRange;
import io.agora.core.data.DataFormat;
import io.agora.core.data.MissingDataException;
import io.agora.core.data.OhlcvLoader;
import io.agora.core.market.CandleSeries;
import io.agora.core.market.CandleType;
import io.agora.core.strategy.Strategy;
import io.agora.core.strategy.StrategyRegistry;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Many backtests of one strategy over the same candles: the data are loaded ONCE (timerange widened by the largest
 * startup of all parameter sets), and each parameter set runs the plain {@link Backtester} on them, then only the
 * ranking figures are computed ({@link EnsembleMetrics}), not the whole report.
 *
 * <p>Each parameter set sees exactly the candles a direct backtest ({@code BacktestRunner}) with the same parameters
 * would load: the series starts {@code startup} candles before the timerange (a copy is made per distinct startup,
 * shared by consecutive runs of a {@link Runner}). The one difference: when the first candle a direct load would
 * read is missing from the file, a direct load starts at the next candle while this one starts at the gap-filled
 * candle. Spot only; no {@code timeframe_detail}.
 *
 * <p>A {@link Runner} per thread; the instance itself is read-only after {@link #load} and shared.
 */
public final class EnsembleBacktest {
  private final StrategyRegistry registry;
  private final String strategyName;
  private final FreqtradeConfig config;
  private final Map<String, String> configParams;
  private final List<CandleSeries> data;
  private final TimeRange timerange;
  private final long tfMs;

  private EnsembleBacktest(StrategyRegistry registry, String strategyName, FreqtradeConfig config,
      List<CandleSeries> data, TimeRange timerange, long tfMs) {
    this.registry = registry;
    this.strategyName = strategyName;
    this.config = config;
    this.configParams = Map.copyOf(config.strategyParams());
    this.data = List.copyOf(data);
    this.timerange = timerange;
    this.tfMs = tfMs;
  }

  /** What {@link #check} found: the runnable sets (in order), the refused ones with why, the largest startup. */
  public record Plan(List<Map<String, String>> valid, Map<Integer, String> refused, int maxStartup,
      BacktestSettings settings) {}

  /**
   * Creates every parameter set's strategy and the first one's settings, without data: refuses strategies that do
   * not exist, configurations the backtester cannot run and modes ensembles do not support (config errors name the
   * field {@code config}).
   */
  public static Plan check(StrategyRegistry registry, String strategyName, List<Map<String, String>> sets,
      FreqtradeConfig config) {
    StrategyRegistry.Entry entry;
    try {
      entry = registry.entry(strategyName);
    } catch (IllegalArgumentException e) {
      throw new EnsembleSpecException("strategy", e.getMessage());
    }
    List<Map<String, String>> valid = new ArrayList<>();
    Map<Integer, String> refused = new LinkedHashMap<>();
    int maxStartup = 0;
    Strategy first = null;
    for (int i = 0; i < sets.size(); i++) {
      Map<String, String> p = new LinkedHashMap<>(config.strategyParams());
      p.putAll(sets.get(i));
      try {
        Strategy s = registry.create(entry.name(), p);
        valid.add(sets.get(i));
        maxStartup = Math.max(maxStartup, s.startupCandleCount());
        if (first == null) first = s;
      } catch (IllegalArgumentException e) {
        refused.put(i, e.getMessage());
      }
    }
    BacktestSettings settings = null;
    if (first != null) {
      try {
        settings = config.toSettings(first);
        config.timeRange();
      } catch (ConfigException e) {
        throw new EnsembleSpecException("config", e.getMessage());
      }
      if (settings.tradingMode != TradingMode.SPOT) {
        throw new EnsembleSpecException("config.trading_mode", "ensembles backtest spot only");
      }
      if (settings.timeframeDetail != null) {
        throw new EnsembleSpecException("config.timeframe_detail", "ensembles do not use timeframe_detail");
      }
    }
    return new Plan(List.copyOf(valid), Map.copyOf(refused), maxStartup, settings);
  }

  /**
   * Loads the whitelist's candles once, from {@code timerange start − maxStartup candles} (the timerange and the
   * whitelist come from {@code config}; {@code probeSet}, any valid parameter set, gives the timeframe).
   *
   * @throws EnsembleSpecException when no pair has candles
   */
  public static EnsembleBacktest load(StrategyRegistry registry, String strategyName, FreqtradeConfig config,
      Path datadir, Map<String, String> probeSet, int maxStartup) {
    Strategy probe = registry.create(strategyName, merged(config.strategyParams(), probeSet));
    BacktestSettings s = config.toSettings(probe);
    TimeRange tr = config.timeRange();
    DataFormat format = DataFormat.fromValue(config.string("dataformat_ohlcv", "feather"));
    OhlcvLoader loader = new OhlcvLoader(datadir, format, true);
    TimeRange widest = tr.withStartEarlierBy(s.timeframe.millis() * maxStartup);
    List<CandleSeries> data = new ArrayList<>();
    List<String> missing = new ArrayList<>();
    for (String pair : config.pairWhitelist()) {
      try {
        CandleSeries cs = loader.load(pair, s.timeframe, CandleType.SPOT, widest.startMs(), widest.stopMs());
        if (cs.isEmpty()) missing.add(pair + " (no candle in " + tr + ")");
        else data.add(cs);
      } catch (MissingDataException e) {
        missing.add(e.getMessage());
      }
    }
    if (data.isEmpty()) {
      throw new EnsembleSpecException("pairs", "no candles for any pair of " + config.pairWhitelist() + " ("
          + s.timeframe + ", timerange " + tr + "): " + missing);
    }
    return new EnsembleBacktest(registry, strategyName, config, data, tr, s.timeframe.millis());
  }

  /** The candles loaded (startup of the largest parameter set included), in whitelist order. */
  public List<CandleSeries> data() {
    return data;
  }

  public long candlesLoaded() {
    long n = 0;
    for (CandleSeries cs : data) n += cs.size();
    return n;
  }

  /** One thread's way to run parameter sets; it keeps the last candle slice it made. */
  public Runner runner() {
    return new Runner();
  }

  public final class Runner {
    private int slicedFor = -1;
    private List<CandleSeries> slice;

    private Runner() {}

    /**
     * Backtests one parameter set (the configuration's own {@code strategy_parameters} under it).
     *
     * @throws IllegalArgumentException when the strategy refuses the parameters
     */
    public EnsembleMetrics run(Map<String, String> params) {
      Map<String, String> p = merged(configParams, params);
      Strategy strategy = registry.create(strategyName, p);
      BacktestSettings settings;
      synchronized (config) { // toSettings records warnings in the shared configuration
        settings = config.toSettings(strategy);
      }
      return EnsembleMetrics.of(new Backtester(settings, strategy).run(candles(strategy.startupCandleCount())));
    }

    private List<CandleSeries> candles(int startup) {
      if (!timerange.hasStart()) return data;
      if (startup == slicedFor) return slice;
      long from = timerange.startMs() - startup * tfMs;
      List<CandleSeries> out = new ArrayList<>(data.size());
      for (CandleSeries cs : data) {
        int i = cs.indexAtOrAfter(from);
        out.add(i == 0 ? cs : cs.sliceIndex(i, cs.size()));
      }
      slicedFor = startup;
      slice = out;
      return out;
    }
  }

  private static Map<String, String> merged(Map<String, String> base, Map<String, String> params) {
    if (base.isEmpty()) return params;
    Map<String, String> p = new LinkedHashMap<>(base);
    p.putAll(params);
    return p;
  }

  /** One parameter set's outcome: its index in the ensemble, metrics, or why it failed. */
  public record Row(int index, EnsembleMetrics metrics, String error) {}

  /**
   * Runs {@code sets} on {@code threads} threads of its own (parameter sets handed out one at a time, so uneven
   * run times balance); rows in the order of {@code sets}. The form a single node and the benchmark use.
   */
  public List<Row> runAll(List<Map<String, String>> sets, int threads, java.util.function.IntConsumer progress) {
    int n = sets.size();
    Row[] rows = new Row[n];
    int[] order = byStartup(sets);
    AtomicInteger next = new AtomicInteger();
    AtomicInteger done = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, threads), r -> {
      Thread t = new Thread(r, "ensemble-backtest");
      t.setDaemon(true);
      return t;
    });
    try {
      List<Future<?>> fs = new ArrayList<>();
      for (int w = 0; w < Math.max(1, threads); w++) {
        fs.add(pool.submit(() -> {
          Runner r = runner();
          for (int k = next.getAndIncrement(); k < n; k = next.getAndIncrement()) {
            int i = order[k];
            rows[i] = runOne(r, i, sets.get(i));
            int d = done.incrementAndGet();
            if (progress != null) progress.accept(d);
          }
        }));
      }
      for (Future<?> f : fs) f.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    } catch (java.util.concurrent.ExecutionException e) {
      throw new IllegalStateException(e.getCause());
    } finally {
      pool.shutdownNow();
    }
    return List.of(rows);
  }

  /** A row for one set: its metrics, or the error of a set the strategy or backtester refused. */
  public static Row runOne(Runner r, int index, Map<String, String> params) {
    try {
      return new Row(index, r.run(params), null);
    } catch (RuntimeException e) {
      return new Row(index, null, String.valueOf(e.getMessage()));
    }
  }

  /** Indices of {@code sets} ordered so that sets of one startup (one candle slice) follow each other. */
  public int[] byStartup(List<Map<String, String>> sets) {
    Integer[] idx = new Integer[sets.size()];
    int[] startup = new int[sets.size()];
    for (int i = 0; i < idx.length; i++) {
      idx[i] = i;
      try {
        startup[i] = registry.create(strategyName, merged(configParams, sets.get(i)))
            .startupCandleCount();
      } catch (RuntimeException e) {
        startup[i] = -1;
      }
    }
    java.util.Arrays.sort(idx, (a, b) -> Integer.compare(startup[a], startup[b]));
    int[] out = new int[idx.length];
    for (int i = 0; i < idx.length; i++) out[i] = idx[i];
    return out;
  }

  /** Ranks rows by {@code objective}, best first; failed rows last, ties by index. */
  public static List<Row> rank(List<Row> rows, Objective objective) {
    List<Row> out = new ArrayList<>(rows);
    out.sort((a, b) -> {
      double x = a.metrics() == null ? Double.NaN : objective.score(a.metrics());
      double y = b.metrics() == null ? Double.NaN : objective.score(b.metrics());
      boolean xn = Double.isNaN(x), yn = Double.isNaN(y);
      if (xn != yn) return xn ? 1 : -1;
      int c = xn ? 0 : Double.compare(y, x);
      return c != 0 ? c : Integer.compare(a.index(), b.index());
    });
    return out;
  }

  /** The timeframe's length in ms. */
  public long timeframeMillis() {
    return tfMs;
  }
}
