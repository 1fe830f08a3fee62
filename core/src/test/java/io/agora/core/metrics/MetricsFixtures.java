package io.agora.core.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.agora.core.backtest.TradeResult;
import io.agora.core.report.json.TradeJson;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Loads the Freqtrade conformance fixture (a test resource copied from the shared data folder). */
final class MetricsFixtures {
  static final String RESOURCE = "/freqtrade-conformance/metrics_cases.json";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static JsonNode root;

  private MetricsFixtures() {}

  static synchronized JsonNode root() {
    if (root == null) {
      try (InputStream in = MetricsFixtures.class.getResourceAsStream(RESOURCE)) {
        assertNotNull(in, "test resource " + RESOURCE + " is missing");
        root = JSON.readTree(in);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return root;
  }

  /**
   * The 179 trades as Freqtrade's tests see them: {@code load_backtest_data} sorts the file's trades by
   * {@code open_date} with pandas' default (unstable) quicksort, and the metrics then run in that order.
   */
  static List<TradeResult> trades179() {
    List<TradeResult> file = trades179FileOrder();
    long[] open = file.stream().mapToLong(TradeResult::openTime).toArray();
    List<TradeResult> out = new ArrayList<>(file.size());
    for (int i : NumpySort.argsort(open)) out.add(file.get(i));
    return out;
  }

  /** The 179 trades of Freqtrade's {@code backtest-result.json}, in file order. */
  @SuppressWarnings("unchecked")
  static List<TradeResult> trades179FileOrder() {
    JsonNode trades = root().path("backtest_result_json").path("trades");
    List<TradeResult> out = new ArrayList<>();
    for (JsonNode t : trades) {
      TradeResult r = TradeJson.fromJson(JSON.convertValue(t, Map.class));
      // The fixture's own duration must agree with the one derived from the dates.
      assertEquals(t.path("trade_duration").asLong(), r.durationMinutes(), "trade_duration of " + t);
      out.add(r);
    }
    assertEquals(root().path("backtest_result_json").path("trade_count").asInt(), out.size());
    return out;
  }

  /** A bare closed trade for metric tests: only pair, dates, profits and exit facts matter. */
  static TradeResult trade(
      String pair, boolean isShort, String enterTag, String exitReason, long open, long close, double profitAbs, double profitRatio) {
    return new TradeResult(
        pair, isShort, enterTag, exitReason, open, close, 1.0, 1.0 + profitRatio, 10.0, 10.0, 1.0, 0.001, 0.001,
        profitAbs, profitRatio, 0.9, 1.1, 0.9, -0.1, 0.9, -0.1, List.of());
  }
}
