package io.agora.core.report.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.agora.core.backtest.TradeResult;
import io.agora.core.backtest.TradeResult.OrderResult;
import io.agora.core.metrics.BacktestOutcome;
import io.agora.core.metrics.BacktestRunInfo;
import io.agora.core.metrics.BacktestStats;
import io.agora.core.metrics.StrategyRun;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Writes a two-strategy result, parses it back with a strict JSON parser and checks layout and values. */
class BacktestResultWriterTest {
  private static final ObjectMapper STRICT = new ObjectMapper();

  private static long t(String s) {
    return TradeJson.parseDate(s);
  }

  private static TradeResult trade(String pair, long open, long close, double profitAbs, double ratio, String tag, String reason) {
    List<OrderResult> orders =
        List.of(
            new OrderResult(true, "buy", "limit", open, open, 100.0, 0.5, 0.5, 50.0, tag),
            new OrderResult(false, "sell", "limit", close, close, 100.0 * (1 + ratio), 0.5, 0.5, 50.0 * (1 + ratio), reason),
            // An order that never filled is not exported, as Freqtrade exports filled orders only.
            new OrderResult(false, "sell", "limit", close, 0, 120.0, 0.5, 0.0, 0.0, "cancelled"));
    return new TradeResult(
        pair, false, tag, reason, open, close, 100.0, 100.0 * (1 + ratio), 0.5, 50.0, 1.0, 0.001, 0.001, profitAbs, ratio,
        99.0, 110.0, 92.0, -0.08, 90.0, -0.1, orders);
  }

  private static Map<String, Object> result() {
    List<TradeResult> a =
        List.of(
            trade("ETH/USDT", t("2024-03-01 10:00:00"), t("2024-03-01 12:05:00"), 2.5, 0.05, "breakout", "roi"),
            trade("BTC/USDT", t("2024-03-02 10:00:00"), t("2024-03-03 11:00:00"), -1.0, -0.02, null, "stop_loss"));
    List<TradeResult> b = List.of(trade("ETH/USDT", t("2024-03-01 09:00:00"), t("2024-03-01 09:30:00"), 0.5, 0.01, null, "exit_signal"));
    BacktestRunInfo info =
        BacktestRunInfo.builder()
            .pairlist(List.of("ETH/USDT", "BTC/USDT"))
            .stakeCurrency("USDT")
            .stakeAmount(50)
            .maxOpenTrades(2)
            .dryRunWallet(1000)
            .timeframe("5m")
            .timeframeDetail("1m")
            .backtestStart(t("2024-03-01 00:00:00"))
            .backtestEnd(t("2024-03-05 00:00:00"))
            .build();
    return BacktestStats.generate(
        List.of(
            new StrategyRun("Alpha", a, info, BacktestOutcome.of(1001.5, "run-a", 1_700_000_000L, 1_700_000_060L)),
            new StrategyRun("Beta", b, info, BacktestOutcome.of(1000.5, "run-b", 1_700_000_100L, 1_700_000_130L))),
        // No candle data: numpy's mean of nothing, NaN, which must come out as null.
        Double.NaN);
  }

  private static List<String> fieldNames(JsonNode n) {
    List<String> out = new ArrayList<>();
    for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) out.add(it.next());
    return out;
  }

  @Test
  void writesFreqtradesLayoutAtExactlyThePath(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("results/my-backtest.json");
    BacktestResultWriter.write(file, result());
    try (var listing = Files.list(file.getParent())) {
      assertEquals(List.of(file), listing.toList(), "exactly one file, named as asked, no temp file left");
    }
    JsonNode root = STRICT.readTree(file.toFile());
    assertEquals(List.of("strategy", "strategy_comparison", "metadata"), fieldNames(root));
    assertEquals(List.of("Alpha", "Beta"), fieldNames(root.path("strategy")));

    JsonNode alpha = root.path("strategy").path("Alpha");
    assertEquals("trades", fieldNames(alpha).get(0));
    assertTrue(alpha.path("market_change").isNull(), "NaN is written as null");
    assertEquals(2, alpha.path("total_trades").asInt());
    assertEquals(0.5, alpha.path("winrate").asDouble());
    assertEquals("Alpha", alpha.path("strategy_name").asText());
    assertEquals("1m", alpha.path("timeframe_detail").asText());
    assertEquals("ETH/USDT", alpha.path("best_pair").path("key").asText());
    assertEquals(2, alpha.path("max_open_trades").asInt());
    assertEquals(1.0, alpha.path("max_drawdown_abs").asDouble());
    assertEquals("2024-03-01 12:05:00", alpha.path("drawdown_start").asText());

    JsonNode trade = alpha.path("trades").get(0);
    assertEquals(
        List.of("pair", "stake_amount", "max_stake_amount", "amount", "open_date", "close_date", "open_rate", "close_rate",
            "fee_open", "fee_close", "trade_duration", "profit_ratio", "profit_abs", "exit_reason", "initial_stop_loss_abs",
            "initial_stop_loss_ratio", "stop_loss_abs", "stop_loss_ratio", "min_rate", "max_rate", "is_open", "enter_tag",
            "leverage", "is_short", "open_timestamp", "close_timestamp", "orders"),
        fieldNames(trade));
    assertEquals("2024-03-01 10:00:00+00:00", trade.path("open_date").asText());
    assertEquals(125, trade.path("trade_duration").asInt());
    assertEquals(t("2024-03-01 12:05:00"), trade.path("close_timestamp").asLong());
    assertEquals("breakout", trade.path("enter_tag").asText());
    assertTrue(alpha.path("trades").get(1).path("enter_tag").isNull());
    assertEquals(2, trade.path("orders").size());
    JsonNode entry = trade.path("orders").get(0);
    assertEquals(
        List.of("amount", "safe_price", "ft_order_side", "order_filled_timestamp", "ft_is_entry", "ft_order_tag"), fieldNames(entry));
    assertTrue(entry.path("ft_is_entry").asBoolean());
    assertFalse(trade.path("orders").get(1).path("ft_is_entry").asBoolean());

    JsonNode cmp = root.path("strategy_comparison");
    assertEquals(2, cmp.size());
    assertEquals("Alpha", cmp.get(0).path("key").asText());
    assertEquals("1", cmp.get(0).path("max_drawdown_abs").asText(), "coin-formatted, USDT has 3 decimals, zeros stripped");
    assertEquals("Beta", cmp.get(1).path("key").asText());
    assertEquals(1, cmp.get(1).path("trades").asInt());

    JsonNode meta = root.path("metadata").path("Beta");
    assertEquals("run-b", meta.path("run_id").asText());
    assertEquals(1_700_000_100L, meta.path("backtest_start_time").asLong());
    assertEquals(t("2024-03-01 00:00:00") / 1000, meta.path("backtest_start_ts").asLong());
  }

  @Test
  @SuppressWarnings("unchecked")
  void tradesReadBackToTheSameTrades(@TempDir Path dir) throws IOException {
    Map<String, Object> res = result();
    Path file = dir.resolve("r.json");
    BacktestResultWriter.write(file, res);
    BacktestResultWriter.write(file, res); // replacing an existing file works too
    Map<String, Object> back = STRICT.readValue(file.toFile(), Map.class);
    List<Map<String, Object>> trades =
        (List<Map<String, Object>>) ((Map<String, Object>) ((Map<String, Object>) back.get("strategy")).get("Alpha")).get("trades");
    TradeResult original = trade("ETH/USDT", t("2024-03-01 10:00:00"), t("2024-03-01 12:05:00"), 2.5, 0.05, "breakout", "roi");
    TradeResult read = TradeJson.fromJson(trades.get(0));
    assertEquals(original.pair(), read.pair());
    assertEquals(original.openTime(), read.openTime());
    assertEquals(original.closeTime(), read.closeTime());
    assertEquals(original.profitAbs(), read.profitAbs());
    assertEquals(original.profitRatio(), read.profitRatio());
    assertEquals(original.stopLossRatio(), read.stopLossRatio());
    assertEquals(original.enterTag(), read.enterTag());
    assertEquals(2, read.orders().size());
    assertEquals(original.orders().get(1).price(), read.orders().get(1).price());
    assertEquals("roi", read.orders().get(1).tag());
    // The same document as a string parses to the same tree.
    assertEquals(STRICT.readTree(file.toFile()), STRICT.readTree(BacktestResultWriter.toJson(res)));
  }

  @Test
  void refusesADocumentWithoutStrategyBlock(@TempDir Path dir) {
    assertThrows(IllegalArgumentException.class, () -> BacktestResultWriter.write(dir.resolve("x.json"), Map.of("metadata", Map.of())));
  }

  @Test
  void nonFiniteNumbersBecomeNull() throws IOException {
    String json = BacktestResultWriter.toJson(Map.of("strategy", Map.of("S", Map.of("a", Double.POSITIVE_INFINITY, "b", Float.NaN, "c", 1.5))));
    JsonNode s = STRICT.readTree(json).path("strategy").path("S");
    assertTrue(s.path("a").isNull());
    assertTrue(s.path("b").isNull());
    assertEquals(1.5, s.path("c").asDouble());
  }
}
