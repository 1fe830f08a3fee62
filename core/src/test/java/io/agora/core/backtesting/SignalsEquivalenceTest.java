package io.agora.core.backtesting;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agora.core.backtest.TradeResult;
import io.agora.core.config.FreqtradeConfig;
import io.agora.core.config.TimeRange;
import io.agora.core.market.CandleType;
import io.agora.core.data.OhlcvLoader;
import io.agora.core.market.CandleSeries;
import io.agora.core.market.Instrument;
import io.agora.core.market.Timeframe;
import io.agora.core.strategy.Signal;
import io.agora.core.strategy.SignalGenerator;
import io.agora.core.strategy.Strategy;
import io.agora.core.strategy.StrategyRegistry;
import io.agora.core.testing.SharedData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Signals computed anywhere and written as CSV backtest exactly like the strategy that computed them: the
 * {@code signals} strategy must reproduce EmaCrossover's trades on Freqtrade's real test data, trade for trade.
 */
class SignalsEquivalenceTest {
  private static final List<String> PAIRS = List.of("ETH/BTC", "LTC/BTC", "ADA/BTC", "TRX/BTC", "ZEC/BTC");

  @Test
  void signalsFilesReproduceTheStrategyThatWroteThem(@TempDir Path tmp) throws IOException {
    Path data = SharedData.testdata();
    Timeframe tf = Timeframe.parse("5m");
    Strategy ema = StrategyRegistry.builtin().create("EmaCrossover", Map.of("fast", "8", "slow", "21", "can_short", "true"));
    Path signals = tmp.resolve("signals");
    Files.createDirectories(signals);
    OhlcvLoader loader = new OhlcvLoader(data);
    // Indicators depend on history: compute over the window the runner loads (timerange widened by the startup).
    TimeRange window = TimeRange.parse("20180112-20180125").withStartEarlierBy(21 * tf.millis());
    for (String pair : PAIRS) {
      CandleSeries cs = loader.load(pair, tf, CandleType.SPOT, window.startMs(), window.stopMs());
      SignalGenerator g = ema.newSignalGenerator(cs.instrument(), tf);
      StringBuilder csv = new StringBuilder("date,enter_long,exit_long,enter_short,exit_short\n");
      for (int i = 0; i < cs.size(); i++) {
        int b = g.onCandle(cs.openTime()[i], cs.open()[i], cs.high()[i], cs.low()[i], cs.close()[i], cs.volume()[i]);
        if (b == 0) continue;
        // Mix the accepted date forms.
        String date = i % 2 == 0 ? Instant.ofEpochMilli(cs.openTime()[i]).toString()
            : Instant.ofEpochMilli(cs.openTime()[i]).toString().replace("T", " ").replace("Z", "+00:00");
        csv.append(date).append(',').append(bit(b, Signal.ENTER_LONG)).append(',').append(bit(b, Signal.EXIT_LONG))
            .append(',').append(bit(b, Signal.ENTER_SHORT)).append(',').append(bit(b, Signal.EXIT_SHORT)).append('\n');
      }
      Files.writeString(signals.resolve(Instrument.fileName(pair) + "-5m.csv"), csv);
    }

    String config = """
        {"stake_currency": "BTC", "stake_amount": "unlimited", "max_open_trades": 3, "fee": 0.0025,
         "dry_run_wallet": 0.5, "tradable_balance_ratio": 0.9, "timeframe": "5m",
         "minimal_roi": {"0": 0.03, "40": 0.01, "120": 0.0}, "stoploss": -0.04,
         "trailing_stop": true, "trailing_stop_positive": 0.01, "trailing_stop_positive_offset": 0.02,
         "trailing_only_offset_is_reached": true, "trading_mode": "margin", "margin_mode": "isolated",
         "timerange": "20180112-20180125",
         "exchange": {"name": "binance", "pair_whitelist": %s}}
        """.formatted(PAIRS.stream().map(p -> "\"" + p + "\"").toList());
    BacktestRunner runner = new BacktestRunner(StrategyRegistry.builtin(), Clock.systemUTC());
    BacktestRunner.Outcome direct = runner.run(new BacktestRunner.Request(
        FreqtradeConfig.parse(config, "test"), "EmaCrossover", Map.of("fast", "8", "slow", "21", "can_short", "true"), data, null));
    BacktestRunner.Outcome replayed = runner.run(new BacktestRunner.Request(
        FreqtradeConfig.parse(config, "test"), "signals",
        Map.of("signals_dir", signals.toString(), "startup_candle_count", "21"), data, tmp.resolve("out/result.json")));

    List<TradeResult> a = direct.result().trades();
    List<TradeResult> b = replayed.result().trades();
    assertTrue(a.size() > 50, "enough trades to mean something: " + a.size());
    assertTrue(a.stream().anyMatch(TradeResult::isShort) && a.stream().anyMatch(t -> !t.isShort()), "longs and shorts");
    assertEquals(a.size(), b.size());
    for (int i = 0; i < a.size(); i++) {
      TradeResult x = a.get(i), y = b.get(i);
      assertEquals(x.pair(), y.pair());
      assertEquals(x.openTime(), y.openTime());
      assertEquals(x.closeTime(), y.closeTime());
      assertEquals(x.exitReason(), y.exitReason());
      assertEquals(x.openRate(), y.openRate());
      assertEquals(x.closeRate(), y.closeRate());
      assertEquals(x.amount(), y.amount());
      assertEquals(x.profitAbs(), y.profitAbs());
    }
    assertEquals(direct.result().finalBalance(), replayed.result().finalBalance());
    assertTrue(Files.isRegularFile(tmp.resolve("out/result.json")), "the result is written exactly at the given path");
    // Money is conserved: final balance = start + sum of realised profits.
    double sum = b.stream().mapToDouble(TradeResult::profitAbs).sum();
    assertEquals(0.5 + sum, replayed.result().finalBalance(), 1e-12);
  }

  private static int bit(int b, int s) {
    return (b & s) != 0 ? 1 : 0;
  }
}
