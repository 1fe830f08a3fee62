package io.agora.core.report;

import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.agora.core.backtest.TradeResult;
import io.agora.core.metrics.BacktestOutcome;
import io.agora.core.metrics.BacktestRunInfo;
import io.agora.core.metrics.BacktestStats;
import io.agora.core.metrics.StrategyRun;
import io.agora.core.report.json.TradeJson;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Result documents for the report tests, built by the metrics code from known trades. */
public final class ReportFixtures {
  /** A tag that would run script if a report put it into HTML unescaped. */
  public static final String EVIL_TAG = "</script><img src=x onerror=alert(1)>";

  /** A pair name that would end the page's JSON data block, or open a comment in it, if written unescaped. */
  public static final String EVIL_PAIR = "<!--</script><script>alert(2)</script>/USDT";

  public static final List<String> PAIRS_179 =
      List.of("TRX/BTC", "ADA/BTC", "XLM/BTC", "ETH/BTC", "XMR/BTC", "ZEC/BTC", "NXT/BTC", "LTC/BTC", "ETC/BTC", "DASH/BTC");

  private static final ObjectMapper JSON = new ObjectMapper();

  private ReportFixtures() {}

  public static long t(String date) {
    return TradeJson.parseDate(date);
  }

  /**
   * Freqtrade's 179-trade {@code backtest-result.json} run as "StrategyTestV3" (10 BTC pairs, 5m, stake 0.001, wallet
   * 0.01, max open trades 3), the same run the metrics conformance tests check.
   */
  public static Map<String, Object> result179() {
    BacktestRunInfo info =
        BacktestRunInfo.builder()
            .pairlist(PAIRS_179)
            .stakeCurrency("BTC")
            .stakeAmount(0.001)
            .maxOpenTrades(3)
            .dryRunWallet(0.01)
            .timeframe("5m")
            .backtestStart(t("2018-01-10 07:15:00"))
            .backtestEnd(t("2018-01-30 04:45:00"))
            .build();
    BacktestOutcome outcome = BacktestOutcome.of(0.011041902985696884, "asdf", 1601575200L, 1601575260L);
    return BacktestStats.generate(List.of(new StrategyRun("StrategyTestV3", trades179(), info, outcome)), 1.22);
  }

  @SuppressWarnings("unchecked")
  private static List<TradeResult> trades179() {
    JsonNode root;
    String resource = "/freqtrade-conformance/metrics_cases.json";
    try (InputStream in = ReportFixtures.class.getResourceAsStream(resource)) {
      assertNotNull(in, "test resource " + resource + " is missing");
      root = JSON.readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    List<TradeResult> out = new ArrayList<>();
    for (JsonNode n : root.path("backtest_result_json").path("trades")) out.add(TradeJson.fromJson(JSON.convertValue(n, Map.class)));
    return out;
  }

  /**
   * Five USDT trades on three pairs, one short, one with {@link #EVIL_TAG} as entry tag; wallet 1000, final 1008.
   * Per pair: ETH/USDT +10 and +2 (one short), ADA/USDT -5 and +1, XRP/USDT 0 (force exit, left open).
   */
  public static Map<String, Object> handMade() {
    BacktestOutcome outcome = new BacktestOutcome(1008, 4, 1, 2, 0, 0, 0, List.of(), "r1", 100, 160);
    return BacktestStats.generate(List.of(new StrategyRun("Hand", handTrades("ETH/USDT"), handInfo("ETH/USDT"), outcome)), 0.25);
  }

  /** {@link #handMade()} with ETH/USDT renamed to {@link #EVIL_PAIR}. */
  public static Map<String, Object> evilPair() {
    BacktestOutcome outcome = new BacktestOutcome(1008, 4, 1, 2, 0, 0, 0, List.of(), "r1", 100, 160);
    return BacktestStats.generate(List.of(new StrategyRun("Hand", handTrades(EVIL_PAIR), handInfo(EVIL_PAIR), outcome)), 0.25);
  }

  /** {@link #handMade()}'s run and an idle one in one result, as a multi-strategy backtest gives. */
  public static Map<String, Object> twoStrategies() {
    BacktestOutcome hand = new BacktestOutcome(1008, 4, 1, 2, 0, 0, 0, List.of(), "r1", 100, 160);
    BacktestOutcome idle = BacktestOutcome.of(1000, "r0", 100, 160);
    return BacktestStats.generate(
        List.of(
            new StrategyRun("Hand", handTrades("ETH/USDT"), handInfo("ETH/USDT"), hand),
            new StrategyRun("Idle", List.of(), handInfo("ETH/USDT"), idle)),
        0.25);
  }

  private static List<TradeResult> handTrades(String eth) {
    return List.of(
        trade(eth, false, "t1", "roi", "2021-01-04 10:00:00", "2021-01-04 11:00:00", 10, 0.01),
        trade("ADA/USDT", false, null, "stop_loss", "2021-01-05 08:00:00", "2021-01-05 09:30:00", -5, -0.005),
        trade(eth, true, EVIL_TAG, "exit_signal", "2021-01-12 00:00:00", "2021-01-12 01:00:00", 2, 0.002),
        trade("XRP/USDT", false, "t1", "force_exit", "2021-01-30 00:00:00", "2021-02-01 00:00:00", 0, 0.0),
        trade("ADA/USDT", false, "t1", "roi", "2021-02-02 00:00:00", "2021-02-02 00:30:00", 1, 0.001));
  }

  /** A run on the same configuration as {@link #handMade()} that made no trade. */
  public static Map<String, Object> noTrades() {
    BacktestOutcome outcome = BacktestOutcome.of(1000, "r0", 100, 160);
    return BacktestStats.generate(List.of(new StrategyRun("Idle", List.of(), handInfo("ETH/USDT"), outcome)), 0.0);
  }

  private static BacktestRunInfo handInfo(String eth) {
    return BacktestRunInfo.builder()
        .pairlist(List.of(eth, "ADA/USDT", "XRP/USDT"))
        .stakeCurrency("USDT")
        .stakeAmount(10)
        .maxOpenTrades(3)
        .dryRunWallet(1000)
        .timeframe("1h")
        .timerange("20210104-20210203")
        .backtestStart(t("2021-01-04 00:00:00"))
        .backtestEnd(t("2021-02-03 00:00:00"))
        .stoploss(-0.1)
        .build();
  }

  private static TradeResult trade(
      String pair, boolean isShort, String enterTag, String exitReason, String open, String close, double profitAbs, double profitRatio) {
    return new TradeResult(
        pair, isShort, enterTag, exitReason, t(open), t(close), 1.0, 1.0 + profitRatio, 10.0, 10.0, 1.0, 0.001, 0.001,
        profitAbs, profitRatio, 0.9, 1.1, 0.9, -0.1, 0.9, -0.1, List.of());
  }
}
