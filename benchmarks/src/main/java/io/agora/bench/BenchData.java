package io.agora.bench;

import io.agora.core.backtest.BacktestResult;
import io.agora.core.backtest.BacktestSettings;
import io.agora.core.backtest.RoiTable;
import io.agora.core.backtest.TradeResult;
import io.agora.core.data.synthetic.SyntheticData;
import io.agora.core.market.CandleSeries;
import io.agora.core.market.Timeframe;
import io.agora.core.strategy.Strategy;
import io.agora.core.strategy.StrategyRegistry;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Data sets and settings shared by the benchmarks; everything is seeded, so every run sees the same candles. */
final class BenchData {
  private BenchData() {}

  static final Instant START = Instant.parse("2023-01-01T00:00:00Z");
  static final long SEED = 42L;

  /** One year of 1m candles (365 days). */
  static final int YEAR_1M = 525_600;
  /** One year of 5m candles (365 days). */
  static final int YEAR_5M = 105_120;
  static final int PAIRS_5M = 100;

  static List<CandleSeries> candles(int pairs, int candles, String timeframe) {
    return SyntheticData.generate(SyntheticData.Spec.of(pairs, candles, Timeframe.parse(timeframe), START, SEED));
  }

  static long totalCandles(List<CandleSeries> data) {
    long n = 0;
    for (CandleSeries cs : data) n += cs.size();
    return n;
  }

  /** The strategy under test: EMA 12/26 crossover, long only (spot). */
  static Strategy emaCrossover() {
    return StrategyRegistry.builtin().create("EmaCrossover", Map.of("fast", "12", "slow", "26"));
  }

  /**
   * A typical Freqtrade spot config: 100 USDT stake, fee 0.1 %, a stepped ROI table, a 5 % stop loss, the
   * builder's (Freqtrade's) defaults otherwise, and a 10,000 USDT dry-run wallet: with
   * Freqtrade's default of 1,000 the fees of the crossover on random-walk candles drain the wallet within months,
   * after which no trade opens and the loop would do less work than a real backtest.
   */
  static BacktestSettings settings(String timeframe, int maxOpenTrades) {
    BacktestSettings.Builder b = BacktestSettings.builder();
    b.timeframe = Timeframe.parse(timeframe);
    b.stakeCurrency = "USDT";
    b.stakeAmount = 100;
    b.dryRunWallet = 10_000;
    b.maxOpenTrades = maxOpenTrades;
    b.fee = 0.001;
    b.minimalRoi = RoiTable.of(Map.of("0", 0.04, "30", 0.02, "60", 0.01, "120", 0.0));
    b.stoploss = -0.05;
    return b.build();
  }

  /** One line on stderr so that the reader of the JMH log sees that the loop did real work. */
  static void report(String what, List<CandleSeries> data, BacktestResult r) {
    Map<String, Integer> reasons = new TreeMap<>();
    long lastClose = Long.MIN_VALUE;
    for (TradeResult t : r.trades()) {
      reasons.merge(t.exitReason(), 1, Integer::sum);
      lastClose = Math.max(lastClose, t.closeTime());
    }
    System.err.printf("%n[setup] %s: %d pair(s), %,d candles in, %,d candles simulated, %,d trades %s, %,d entry"
            + " signals rejected (no slot), last exit %s, data %s .. %s, balance %.2f -> %.2f USDT%n",
        what, data.size(), totalCandles(data), r.candlesProcessed(), r.trades().size(), reasons, r.rejectedSignals(),
        lastClose == Long.MIN_VALUE ? "-" : Instant.ofEpochMilli(lastClose), Instant.ofEpochMilli(r.startTime()),
        Instant.ofEpochMilli(r.endTime()), r.startingBalance(), r.finalBalance());
  }
}
