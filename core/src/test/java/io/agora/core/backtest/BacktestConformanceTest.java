package io.agora.core.backtest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.agora.core.market.CandleSeries;
import io.agora.core.market.Instrument;
import io.agora.core.market.Timeframe;
import io.agora.core.strategy.Signal;
import io.agora.core.strategy.SignalGenerator;
import io.agora.core.strategy.Strategy;
import io.agora.core.strategy.TradeView;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Freqtrade's 54 backtest-detail scenarios ({@code tests/optimize/test_backtest_detail.py}), replayed trade for
 * trade against what the real Freqtrade produced (fill prices within 1e-9 relative).
 */
class BacktestConformanceTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  static Stream<Arguments> cases() throws IOException {
    try (InputStream in = BacktestConformanceTest.class.getResourceAsStream("/freqtrade-conformance/backtest_detail_cases.json")) {
      JsonNode root = JSON.readTree(in);
      List<Arguments> out = new ArrayList<>();
      for (JsonNode c : root.get("cases")) out.add(Arguments.of(c.get("name").asText(), c));
      return out.stream();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void matchesFreqtrade(String name, JsonNode c) {
    JsonNode params = c.get("params");
    JsonNode candles = c.get("candles");
    int n = candles.size();
    long[] t = new long[n];
    double[] o = new double[n], h = new double[n], l = new double[n], cl = new double[n], v = new double[n];
    byte[] sig = new byte[n];
    String[] tags = new String[n];
    for (int i = 0; i < n; i++) {
      JsonNode r = candles.get(i);
      t[i] = Instant.parse(r.get("date").asText()).toEpochMilli();
      o[i] = r.get("open").asDouble();
      h[i] = r.get("high").asDouble();
      l[i] = r.get("low").asDouble();
      cl[i] = r.get("close").asDouble();
      v[i] = r.get("volume").asDouble();
      int b = 0;
      if (r.get("enter_long").asInt() == 1) b |= Signal.ENTER_LONG;
      if (r.get("exit_long").asInt() == 1) b |= Signal.EXIT_LONG;
      if (r.get("enter_short").asInt() == 1) b |= Signal.ENTER_SHORT;
      if (r.get("exit_short").asInt() == 1) b |= Signal.EXIT_SHORT;
      sig[i] = (byte) b;
      tags[i] = r.get("enter_tag").isNull() ? null : r.get("enter_tag").asText();
    }
    Timeframe tf = Timeframe.parse("1h");
    CandleSeries series = new CandleSeries(Instrument.of("UNITTEST/BTC"), tf, t, o, h, l, cl, v);

    BacktestSettings.Builder b = BacktestSettings.builder();
    b.timeframe = tf;
    b.stakeCurrency = "BTC";
    b.stakeAmount = 0.001;
    b.dryRunWallet = 1000;
    b.maxOpenTrades = 10;
    b.fee = 0.0;
    b.tradingMode = TradingMode.MARGIN;
    b.minStake = 0.00001;
    b.stoploss = params.get("stoploss").asDouble();
    Map<String, Double> roi = new LinkedHashMap<>();
    params.get("minimal_roi").fields().forEachRemaining(e -> roi.put(e.getKey(), e.getValue().asDouble()));
    b.minimalRoi = RoiTable.of(roi);
    b.trailingStop = params.get("trailing_stop").asBoolean();
    b.trailingStopPositive = params.get("trailing_stop_positive").isNull() ? Double.NaN : params.get("trailing_stop_positive").asDouble();
    b.trailingStopPositiveOffset = params.get("trailing_stop_positive_offset").asDouble();
    b.trailingOnlyOffsetIsReached = params.get("trailing_only_offset_is_reached").asBoolean();
    b.useExitSignal = params.get("use_exit_signal").asBoolean();
    b.useCustomStoploss = params.get("use_custom_stoploss").asBoolean();
    b.entryTimeoutMs = params.get("unfilledtimeout_minutes").get("entry").asLong() * 60_000L;
    b.exitTimeoutMs = params.get("unfilledtimeout_minutes").get("exit").asLong() * 60_000L;

    double cep = num(params, "custom_entry_price");
    double cxp = num(params, "custom_exit_price");
    double aep = num(params, "adjust_entry_price");
    double lev = params.get("leverage").asDouble();
    Strategy strategy = new CaseStrategy(t, sig, tags, cep, cxp, aep, lev);

    BacktestResult res = new Backtester(b.build(), strategy).run(List.of(series));

    JsonNode expected = c.get("expected");
    JsonNode observed = c.get("observed_freqtrade");
    assertEquals(expected.get("trade_count").asInt(), res.trades().size(), name + ": trade count");
    for (int k = 0; k < res.trades().size(); k++) {
      TradeResult tr = res.trades().get(k);
      JsonNode et = expected.get("trades").get(k);
      JsonNode ot = observed.get("trades").get(k);
      String where = name + " trade " + k + ": ";
      assertEquals(Instant.parse(et.get("open_date").asText()).toEpochMilli(), tr.openTime(), where + "open date");
      assertEquals(Instant.parse(et.get("close_date").asText()).toEpochMilli(), tr.closeTime(), where + "close date");
      assertEquals(et.get("exit_reason").asText(), tr.exitReason(), where + "exit reason");
      assertEquals(et.get("is_short").asBoolean(), tr.isShort(), where + "side");
      String tag = et.get("enter_tag").isNull() ? null : et.get("enter_tag").asText();
      assertEquals(tag, tr.enterTag(), where + "enter tag");
      assertClose(ot.get("open_rate").asDouble(), tr.openRate(), where + "open rate");
      assertClose(ot.get("close_rate").asDouble(), tr.closeRate(), where + "close rate");
      assertClose(ot.get("profit_abs").asDouble(), tr.profitAbs(), where + "profit abs");
      assertClose(ot.get("profit_ratio").asDouble(), tr.profitRatio(), where + "profit ratio");
      assertClose(ot.get("amount").asDouble(), FtMath.round8(tr.amount()), where + "amount");
      assertClose(ot.get("stake_amount").asDouble(), FtMath.round8(tr.stakeAmount()), where + "stake amount");
      assertClose(ot.get("leverage").asDouble(), tr.leverage(), where + "leverage");
      assertClose(ot.get("stop_loss_abs").asDouble(), tr.stopLossAbs(), where + "stop loss");
      assertClose(ot.get("initial_stop_loss_abs").asDouble(), tr.initialStopLossAbs(), where + "initial stop loss");
      assertClose(ot.get("stop_loss_ratio").asDouble(), tr.stopLossRatio(), where + "stop loss ratio");
      assertClose(ot.get("min_rate").asDouble(), tr.minRate(), where + "min rate");
      assertClose(ot.get("max_rate").asDouble(), tr.maxRate(), where + "max rate");
      assertEquals(ot.get("trade_duration_min").asLong(), tr.durationMinutes(), where + "duration");
    }
    double sum = res.trades().stream().mapToDouble(TradeResult::profitRatio).sum();
    assertEquals(Math.round(expected.get("profit_ratio_sum").asDouble() * 1000), Math.round(sum * 1000), name + ": profit sum (3 decimals)");
    assertClose(observed.get("final_balance").asDouble(), res.finalBalance(), name + ": final balance");
    JsonNode counters = observed.get("counters");
    assertEquals(counters.get("rejected_signals").asInt(), res.rejectedSignals(), name + ": rejected");
    assertEquals(counters.get("timedout_entry_orders").asInt(), res.timedoutEntryOrders(), name + ": timed-out entries");
    assertEquals(counters.get("timedout_exit_orders").asInt(), res.timedoutExitOrders(), name + ": timed-out exits");
    assertEquals(counters.get("canceled_trade_entries").asInt(), res.canceledTradeEntries(), name + ": canceled trade entries");
    assertEquals(counters.get("canceled_entry_orders").asInt(), res.canceledEntryOrders(), name + ": canceled entry orders");
    assertEquals(counters.get("replaced_entry_orders").asInt(), res.replacedEntryOrders(), name + ": replaced entry orders");
  }

  private static double num(JsonNode params, String key) {
    JsonNode v = params.get(key);
    return v == null || v.isNull() ? Double.NaN : v.asDouble();
  }

  static void assertClose(double expected, double actual, String what) {
    double tol = Math.max(1e-12, 1e-9 * Math.max(Math.abs(expected), Math.abs(actual)));
    assertTrue(Math.abs(expected - actual) <= tol, what + ": expected " + expected + " but was " + actual);
  }

  /** The strategy Freqtrade's test builds: fixed signal columns plus mocked callbacks. */
  private static final class CaseStrategy implements Strategy {
    private final long[] times;
    private final byte[] sig;
    private final String[] tags;
    private final double cep, cxp, aep, lev;

    CaseStrategy(long[] times, byte[] sig, String[] tags, double cep, double cxp, double aep, double lev) {
      this.times = times;
      this.sig = sig;
      this.tags = tags;
      this.cep = cep;
      this.cxp = cxp;
      this.aep = aep;
      this.lev = lev;
    }

    @Override
    public String name() {
      return "StrategyTestV3";
    }

    @Override
    public boolean canShort() {
      return true;
    }

    @Override
    public SignalGenerator newSignalGenerator(Instrument instrument, Timeframe timeframe) {
      return new SignalGenerator() {
        int i = -1;

        @Override
        public int onCandle(long openTime, double open, double high, double low, double close, double volume) {
          i++;
          assertEquals(times[i], openTime);
          return sig[i];
        }

        @Override
        public String enterTag() {
          return tags[i];
        }
      };
    }

    @Override
    public double customEntryPrice(String pair, TradeView trade, long time, double proposedRate, String entryTag, boolean isShort) {
      return Double.isNaN(cep) ? proposedRate : cep;
    }

    @Override
    public double customExitPrice(TradeView trade, long time, double proposedRate, double currentProfit, String exitTag) {
      return Double.isNaN(cxp) ? proposedRate : cxp;
    }

    @Override
    public double adjustEntryPrice(TradeView trade, long orderTime, long time, double proposedRate, double currentOrderRate, String entryTag, boolean isShort) {
      return aep;
    }

    @Override
    public double leverage(String pair, long time, double currentRate, double proposedLeverage, double maxLeverage, String entryTag, boolean isShort) {
      return lev;
    }
  }
}
