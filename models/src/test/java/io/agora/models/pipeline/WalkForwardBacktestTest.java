package io.agora.models.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agora.core.backtest.TradeResult;
import io.agora.core.config.FreqtradeConfig;
import io.agora.core.data.DataFormat;
import io.agora.core.data.synthetic.SyntheticData;
import io.agora.core.market.Timeframe;
import io.agora.models.dataset.LabelSpec;
import io.agora.models.features.FeatureSets;
import io.agora.models.registry.ModelCard;
import io.agora.models.registry.ModelRegistry;
import io.agora.models.strategy.MlStrategy;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WalkForwardBacktestTest {
  private static final long FIVE_MIN = 300_000;
  private static final LabelSpec LABEL = new LabelSpec(12, 0.002);
  private static final String CONFIG = """
      {"stake_currency": "USDT", "stake_amount": 100, "dry_run_wallet": 1000, "max_open_trades": 2, "fee": 0.001}""";

  private static ModelTraining.Spec spec(String kind) {
    return new ModelTraining.Spec("wf", kind, Map.of(), FeatureSets.OHLCV_V1, FeatureSets.standard(), LABEL, 0.2, 0.55, 3);
  }

  private static FreqtradeConfig config() {
    return FreqtradeConfig.parse(CONFIG, "test").set("timeframe", "5m").setPairs(List.of("SYN0/USDT", "SYN1/USDT"));
  }

  @Test
  void everyTestWindowIsScoredByAModelThatSawOnlyEarlierCandles(@TempDir Path dir) {
    // 20 days of two pairs: 7 training days, then test windows of 3 days: 5 windows (the last cut short)
    SyntheticData.write(SyntheticData.Spec.of(2, 20 * 288, Timeframe.parse("5m"), Instant.parse("2024-03-01T00:00:00Z"), 5),
        dir.resolve("data"), DataFormat.FEATHER);
    ModelRegistry registry = new ModelRegistry(dir.resolve("models"));
    WalkForwardBacktest.Result r = WalkForwardBacktest.run(new WalkForwardBacktest.Request(config(), dir.resolve("data"),
        spec("logistic"), 7, 3, 0.55, 0.45, registry, dir.resolve("result.json")), Clock.systemUTC());

    assertEquals(5, r.windows().size());
    for (int i = 0; i < r.windows().size(); i++) {
      WalkForwardBacktest.Window w = r.windows().get(i);
      ModelCard c = w.card();
      assertEquals(i + 1, c.version(), "one registry version per window");
      // the last training row's label candle opens before the test window
      assertTrue(c.training().toMs() + LABEL.horizon() * FIVE_MIN < w.split().testFrom(), w.split().toString());
      assertTrue(c.training().fromMs() >= w.split().trainFrom());
      assertTrue(w.testRows() > 0);
      assertTrue(w.test().get("auc") > 0 && w.test().get("auc") < 1);
    }
    assertEquals(5, registry.list().size());
    long firstTest = r.windows().get(0).split().testFrom();
    for (Map.Entry<String, MlStrategy.ScoreTable> e : r.scores().entrySet()) {
      long[] t = e.getValue().times();
      assertTrue(t.length > 0, e.getKey());
      assertTrue(t[0] >= firstTest, "no candle before the first test window is scored");
    }
    List<TradeResult> trades = r.outcome().result().trades();
    assertFalse(trades.isEmpty());
    for (TradeResult t : trades) assertTrue(t.openTime() >= firstTest, "trade opened at " + t.openTime());
    assertTrue(java.nio.file.Files.isRegularFile(dir.resolve("result.json")));
  }

  @Test
  void tooLittleDataIsExplained(@TempDir Path dir) {
    SyntheticData.write(SyntheticData.Spec.of(2, 3 * 288, Timeframe.parse("5m"), Instant.parse("2024-03-01T00:00:00Z"), 5),
        dir, DataFormat.FEATHER);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> WalkForwardBacktest.run(
        new WalkForwardBacktest.Request(config(), dir, spec("logistic"), 7, 3, 0.55, 0.45, null, null), Clock.systemUTC()));
    assertTrue(e.getMessage().contains("too short"), e.getMessage());
  }
}
