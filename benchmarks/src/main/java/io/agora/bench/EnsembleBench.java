package io.agora.bench;

import io.agora.core.config.FreqtradeConfig;
import io.agora.core.data.DataFormat;
import io.agora.core.data.synthetic.SyntheticData;
import io.agora.core.ensemble.EnsembleBacktest;
import io.agora.core.ensemble.Objective;
import io.agora.core.ensemble.ParameterSets;
import io.agora.core.market.Timeframe;
import io.agora.core.strategy.StrategyRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The ensemble check as a main (not JMH: one ensemble is one long operation, measured end to end, warm-up
 * rounds first): {@code sets} EmaCrossover parameter sets (a fast × slow grid) × {@code days} days of 5m synthetic
 * candles of one pair, through {@link EnsembleBacktest} exactly as a worker node runs an ensemble: the candles loaded
 * once from the Freqtrade JSON file, then every parameter set backtested on {@code threads} threads and ranked.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar io.agora.bench.EnsembleBench [sets=1000] [days=365] [threads=cores] [rounds=3]
 * </pre>
 */
public final class EnsembleBench {
  private EnsembleBench() {}

  public static void main(String[] args) throws Exception {
    int sets = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
    int days = args.length > 1 ? Integer.parseInt(args[1]) : 365;
    int threads = args.length > 2 ? Integer.parseInt(args[2]) : Runtime.getRuntime().availableProcessors();
    int rounds = args.length > 3 ? Integer.parseInt(args[3]) : 3;
    Path dir = Files.createTempDirectory("agora-ensemble-bench");
    SyntheticData.write(SyntheticData.Spec.of(1, days * 288, Timeframe.parse("5m"),
        Instant.parse("2023-01-01T00:00:00Z"), 42), dir, DataFormat.JSON);
    StrategyRegistry registry = StrategyRegistry.builtin();
    // fast 2..41 × slow 50, 60, ...: every combination valid (fast < slow)
    int slowCount = Math.max(1, (sets + 39) / 40);
    List<String> fast = new ArrayList<>();
    for (int f = 2; f < 42; f++) fast.add(Integer.toString(f));
    List<String> slow = new ArrayList<>();
    for (int k = 0; k < slowCount; k++) slow.add(Integer.toString(50 + 10 * k));
    Map<String, List<String>> grid = new LinkedHashMap<>();
    grid.put("fast", fast);
    grid.put("slow", slow);
    List<Map<String, String>> all = ParameterSets.grid(registry.entry("EmaCrossover"), grid, 100_000)
        .subList(0, sets);
    System.out.printf(Locale.ROOT, "ensemble: %d parameter sets x %d days of 5m candles (1 pair), %d threads, %d "
        + "cores%n", sets, days, threads, Runtime.getRuntime().availableProcessors());
    for (int round = 1; round <= rounds; round++) {
      long t0 = System.nanoTime();
      FreqtradeConfig cfg = FreqtradeConfig.parse("""
          {"timeframe": "5m", "stake_currency": "USDT", "stake_amount": 100, "dry_run_wallet": 1000,
           "max_open_trades": 1, "fee": 0.001, "minimal_roi": {"0": 0.05}, "stoploss": -0.05,
           "dataformat_ohlcv": "json"}""", "bench");
      cfg.setPairs(List.of("SYN0/USDT"));
      EnsembleBacktest.Plan plan = EnsembleBacktest.check(registry, "EmaCrossover", all, cfg);
      EnsembleBacktest eb = EnsembleBacktest.load(registry, "EmaCrossover", cfg, dir, plan.valid().get(0),
          plan.maxStartup());
      long t1 = System.nanoTime();
      List<EnsembleBacktest.Row> rows = eb.runAll(plan.valid(), threads, null);
      List<EnsembleBacktest.Row> ranked = EnsembleBacktest.rank(rows, Objective.SHARPE);
      long t2 = System.nanoTime();
      long candles = eb.candlesLoaded() * (long) rows.size();
      EnsembleBacktest.Row best = ranked.get(0);
      System.out.printf(Locale.ROOT, "round %d: %.2f s in all (check + load %.2f s, backtests + ranking %.2f s), "
              + "%.1f M candles/s; best %s: sharpe %.3f, %d trades%n", round, (t2 - t0) / 1e9, (t1 - t0) / 1e9,
          (t2 - t1) / 1e9, candles / ((t2 - t1) / 1e9) / 1e6, all.get(best.index()), best.metrics().sharpe(),
          best.metrics().trades());
    }
  }
}
