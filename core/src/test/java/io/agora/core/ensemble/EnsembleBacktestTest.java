package io.agora.core.ensemble;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agora.core.backtesting.BacktestRunner;
import io.agora.core.config.FreqtradeConfig;
import io.agora.core.data.DataFormat;
import io.agora.core.data.synthetic.SyntheticData;
import io.agora.core.market.Timeframe;
import io.agora.core.strategy.StrategyRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EnsembleBacktestTest {
  private static final StrategyRegistry REGISTRY = StrategyRegistry.builtin();
  @TempDir static Path dir;

  @BeforeAll
  static void data() {
    SyntheticData.write(SyntheticData.Spec.of(2, 40 * 288, Timeframe.parse("5m"), Instant.parse("2024-01-01T00:00:00Z"), 7),
        dir, DataFormat.JSON);
  }

  static FreqtradeConfig config(String timerange) {
    FreqtradeConfig c = FreqtradeConfig.parse("""
        {"timeframe": "5m", "stake_currency": "USDT", "stake_amount": 100, "dry_run_wallet": 1000,
         "max_open_trades": 2, "fee": 0.001, "minimal_roi": {"0": 0.02}, "stoploss": -0.03,
         "dataformat_ohlcv": "json"}""", "test");
    c.setPairs(List.of("SYN0/USDT", "SYN1/USDT"));
    if (timerange != null) c.set("timerange", timerange);
    return c;
  }

  @Test
  void everyParameterSetEqualsADirectBacktestOfIt() {
    for (String timerange : new String[] {"20240110-20240205", null}) {
      FreqtradeConfig cfg = config(timerange);
      List<Map<String, String>> sets = ParameterSets.grid(REGISTRY.entry("EmaCrossover"),
          grid("fast", List.of("5", "9", "30"), "slow", List.of("20", "26", "60")), 100);
      EnsembleBacktest.Plan plan = EnsembleBacktest.check(REGISTRY, "EmaCrossover", sets, cfg);
      assertEquals(7, plan.valid().size(), "fast 30 / slow 20 and 26 refused, 30/60 kept");
      assertEquals(List.of(6, 7), plan.refused().keySet().stream().sorted().toList(), plan.refused().toString());
      assertEquals(60, plan.maxStartup());
      EnsembleBacktest eb = EnsembleBacktest.load(REGISTRY, "EmaCrossover", cfg, dir, plan.valid().get(0),
          plan.maxStartup());
      List<EnsembleBacktest.Row> rows = eb.runAll(plan.valid(), 2, null);
      for (EnsembleBacktest.Row row : rows) {
        assertNull(row.error());
        Map<String, String> params = plan.valid().get(row.index());
        BacktestRunner.Outcome direct = new BacktestRunner(REGISTRY, Clock.systemUTC())
            .run(new BacktestRunner.Request(config(timerange), "EmaCrossover", params, dir, null));
        Map<String, Object> st = direct.strategyStats();
        EnsembleMetrics m = row.metrics();
        String what = params + " " + timerange;
        assertEquals(((Number) st.get("total_trades")).intValue(), m.trades(), what);
        assertTrue(m.trades() > 0, what);
        assertEquals((Double) st.get("profit_total_abs"), m.profitAbs(), 1e-9, what);
        assertEquals((Double) st.get("sharpe"), m.sharpe(), 1e-12, what);
        assertEquals((Double) st.get("sortino"), m.sortino(), 1e-12, what);
        assertEquals((Double) st.get("calmar"), m.calmar(), 1e-12, what);
        assertEquals((Double) st.get("max_drawdown_account"), m.maxDrawdownAccount(), 1e-12, what);
      }
      List<EnsembleBacktest.Row> ranked = EnsembleBacktest.rank(rows, Objective.SORTINO);
      for (int i = 1; i < ranked.size(); i++) {
        assertTrue(ranked.get(i - 1).metrics().sortino() >= ranked.get(i).metrics().sortino());
      }
    }
  }

  @Test
  void gridsAreCheckedAgainstTheDeclaredParameters() {
    StrategyRegistry.Entry ema = REGISTRY.entry("EmaCrossover");
    assertEquals("grid.nope", assertThrows(EnsembleSpecException.class,
        () -> ParameterSets.grid(ema, grid("nope", List.of("1")), 10)).field());
    assertEquals("grid.fast", assertThrows(EnsembleSpecException.class,
        () -> ParameterSets.grid(ema, grid("fast", List.of("1")), 10)).field(), "below the declared min 2");
    assertEquals("grid.fast", assertThrows(EnsembleSpecException.class,
        () -> ParameterSets.grid(ema, grid("fast", List.of()), 10)).field());
    assertEquals("grid", assertThrows(EnsembleSpecException.class,
        () -> ParameterSets.grid(ema, Map.of(), 10)).field());
    assertEquals("grid", assertThrows(EnsembleSpecException.class,
        () -> ParameterSets.grid(ema, grid("fast", List.of("2", "3", "4"), "slow", List.of("10", "11", "12", "13")), 11))
        .field());
    assertEquals(List.of(Map.of("fast", "2"), Map.of("fast", "3")),
        ParameterSets.grid(ema, grid("fast", List.of("2", "3", "03")), 10), "values canonical and distinct");
  }

  @Test
  void samplesAreSeededAndInsideTheRanges() {
    StrategyRegistry.Entry rsi = REGISTRY.entry("RsiMeanReversion");
    List<Map<String, String>> a = ParameterSets.samples(rsi, 50, 3, 100);
    assertEquals(a, ParameterSets.samples(rsi, 50, 3, 100));
    for (Map<String, String> s : a) REGISTRY.create("RsiMeanReversion", s); // every value parses in range
    StrategyRegistry.Entry ema = REGISTRY.entry("EmaCrossover");
    List<Map<String, String>> b = ParameterSets.samples(ema, 200, 1, 1000, s -> {
      try {
        REGISTRY.create("EmaCrossover", s);
        return true;
      } catch (IllegalArgumentException e) {
        return false;
      }
    });
    assertEquals(200, b.size());
    assertEquals("samples", assertThrows(EnsembleSpecException.class,
        () -> ParameterSets.samples(ema, 1001, 1, 1000)).field());
  }

  private static Map<String, List<String>> grid(Object... kv) {
    Map<String, List<String>> m = new LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      @SuppressWarnings("unchecked") List<String> v = (List<String>) kv[i + 1];
      m.put((String) kv[i], v);
    }
    return m;
  }
}
