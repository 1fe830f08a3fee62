package io.agora.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agora.core.backtest.BacktestSettings;
import io.agora.core.backtest.TradingMode;
import io.agora.core.market.Instrument;
import io.agora.core.market.Timeframe;
import io.agora.core.strategy.Signal;
import io.agora.core.strategy.SignalGenerator;
import io.agora.core.strategy.Strategy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FreqtradeConfigTest {
  private static final Strategy PLAIN = new Strategy() {
    @Override
    public String name() {
      return "Plain";
    }

    @Override
    public SignalGenerator newSignalGenerator(Instrument instrument, Timeframe timeframe) {
      return (t, o, h, l, c, v) -> Signal.NONE;
    }

    @Override
    public Map<String, Object> defaults() {
      return Map.of("stoploss", -0.2, "minimal_roi", Map.of("0", 0.5), "timeframe", "1h");
    }
  };

  private static final String BASE = """
      {
        // Freqtrade allows comments and trailing commas
        "stake_currency": "BTC",
        "stake_amount": 0.05,
        "max_open_trades": 3,
        "fee": 0.0025,
        "dry_run_wallet": 10,
        "timeframe": "5m",
        "minimal_roi": {"40": 0.0, "0": 0.04, "20": 0.02},
        "stoploss": -0.10,
        "unfilledtimeout": {"entry": 10, "exit": 30, "unit": "seconds"},
        "order_types": {"entry": "market", "exit": "limit", "stoploss": "market", "stoploss_on_exchange": false},
        "telegram": {"enabled": false},
        "api_server": {"enabled": false},
        "exchange": {"name": "binance", "pair_whitelist": ["ETH/BTC", "LTC/BTC"]},
      }
      """;

  @Test
  void readsBacktestSettingsWithConfigOverStrategy() {
    FreqtradeConfig c = FreqtradeConfig.parse(BASE, "test.json");
    BacktestSettings s = c.toSettings(PLAIN);
    assertEquals(0.05, s.stakeAmount);
    assertEquals(3, s.maxOpenTrades);
    assertEquals(0.0025, s.fee);
    assertEquals(10, s.dryRunWallet);
    assertEquals("5m", s.timeframe.text(), "config wins over the strategy's timeframe");
    assertEquals(-0.10, s.stoploss);
    assertEquals(3, s.minimalRoi.asMap().size());
    assertEquals(0, s.minimalRoi.minutesAt(0), "ROI keys are sorted by minutes");
    assertEquals(10_000, s.entryTimeoutMs);
    assertEquals(30_000, s.exitTimeoutMs);
    assertFalse(s.entryOrderLimit);
    assertTrue(s.exitOrderLimit);
    assertEquals(TradingMode.SPOT, s.tradingMode);
    assertEquals(List.of("ETH/BTC", "LTC/BTC"), c.pairWhitelist());
    assertTrue(c.unknownKeyWarnings().isEmpty(), "Freqtrade keys a backtest ignores are accepted: " + c.unknownKeyWarnings());
    assertTrue(c.warnings().isEmpty());
  }

  @Test
  void strategyDefaultsApplyWhenTheConfigIsSilent() {
    FreqtradeConfig c = FreqtradeConfig.parse("{\"stake_currency\":\"USDT\",\"stake_amount\":10}", "t");
    BacktestSettings s = c.toSettings(PLAIN);
    assertEquals(-0.2, s.stoploss);
    assertEquals("1h", s.timeframe.text());
    assertEquals(FreqtradeConfig.DEFAULT_FEE, s.fee);
    assertTrue(c.warnings().get(0).contains("no 'fee'"), "a defaulted fee is warned about");
  }

  @Test
  void unknownKeysAreWarnedWithASuggestion() {
    FreqtradeConfig c = FreqtradeConfig.parse("{\"stop_loss\": -0.1, \"unfilledtimeout\": {\"entri\": 5}}", "cfg.json");
    List<String> w = c.unknownKeyWarnings();
    assertEquals(2, w.size());
    assertTrue(w.get(0).contains("'stop_loss'") && w.get(0).contains("did you mean 'stoploss'"), w.get(0));
    assertTrue(w.get(1).contains("'unfilledtimeout.entri'"), w.get(1));
  }

  @Test
  void invalidValuesNameTheKey() {
    assertMessage("{\"stake_currency\":\"BTC\",\"stake_amount\":\"lots\"}", "'stake_amount'");
    assertMessage("{\"stake_currency\":\"BTC\",\"stake_amount\":\"unlimited\"}", "'max_open_trades'");
    assertMessage("{\"stake_currency\":\"BTC\",\"stake_amount\":1,\"stoploss\":0.1}", "'stoploss'");
    assertMessage("{\"stake_currency\":\"BTC\",\"stake_amount\":1,\"fee\":\"x\"}", "'fee'");
    assertMessage("{\"stake_currency\":\"BTC\",\"stake_amount\":1,\"timeframe\":\"7x\"}", "'timeframe'");
    assertMessage("{\"stake_currency\":\"BTC\",\"stake_amount\":1,\"timeframe_detail\":\"1h\"}", "smaller");
    assertMessage("{\"stake_currency\":\"BTC\",\"stake_amount\":1,\"trading_mode\":\"options\"}", "'trading_mode'");
    assertMessage("{\"stake_currency\":\"BTC\",\"stake_amount\":1,\"order_types\":{\"entry\":\"stop\"}}", "'order_types.entry'");
    assertMessage("{\"stake_currency\":\"BTC\",\"stake_amount\":1,\"unfilledtimeout\":{\"entry\":1,\"unit\":\"hours\"}}", "'unfilledtimeout.unit'");
    assertMessage("{\"stake_currency\":\"BTC\",\"stake_amount\":1,\"timerange\":\"2018\"}", "'timerange'");
    assertMessage("{\"stake_currency\":\"BTC\",\"stake_amount\":1,\"minimal_roi\":{\"abc\":0.1}}", "minimal_roi");
    assertMessage("{\"stake_currency\":\"BTC\",\"stake_amount\":1,\"exchange\":{\"pair_whitelist\":\"ETH/BTC\"}}", "'exchange.pair_whitelist'");
  }

  private static void assertMessage(String json, String fragment) {
    FreqtradeConfig c = FreqtradeConfig.parse(json, "t.json");
    ConfigException e = assertThrows(ConfigException.class, () -> {
      c.pairWhitelist();
      c.toSettings(PLAIN);
    });
    assertTrue(e.getMessage().contains(fragment), "message '" + e.getMessage() + "' should contain " + fragment);
  }

  @Test
  void filesMergeLeftToRightAndBadJsonNamesFileAndLine(@TempDir Path dir) throws Exception {
    Path a = dir.resolve("a.json");
    Path b = dir.resolve("b.json");
    Files.writeString(a, BASE);
    Files.writeString(b, "{\"fee\": 0.001, \"exchange\": {\"pair_whitelist\": [\"XRP/BTC\"]}}");
    FreqtradeConfig c = FreqtradeConfig.load(List.of(a, b));
    assertEquals(0.001, c.toSettings(PLAIN).fee);
    assertEquals(List.of("XRP/BTC"), c.pairWhitelist());
    assertEquals("binance", c.exchangeName(), "objects merge key by key");

    Path bad = dir.resolve("bad.json");
    Files.writeString(bad, "{\n  \"fee\": 0.1,\n  \"stake_amount\" 10\n}");
    ConfigException e = assertThrows(ConfigException.class, () -> FreqtradeConfig.load(List.of(bad)));
    assertTrue(e.getMessage().contains("bad.json") && e.getMessage().contains("line 3"), e.getMessage());
    assertTrue(assertThrows(ConfigException.class, () -> FreqtradeConfig.load(List.of(dir.resolve("none.json"))))
        .getMessage().contains("does not exist"));
  }
}
