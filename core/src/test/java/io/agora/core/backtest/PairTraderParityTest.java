package io.agora.core.backtest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agora.core.data.synthetic.SyntheticData;
import io.agora.core.market.CandleSeries;
import io.agora.core.market.Timeframe;
import io.agora.core.strategy.SignalGenerator;
import io.agora.core.strategy.Strategy;
import io.agora.core.strategy.StrategyRegistry;
import io.agora.core.strategy.TradeView;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A {@link PairTrader} driven candle by candle, as a live strategy agent drives it (signals computed as the
 * candles arrive, a wallet of its own), gives exactly the trades of {@link Backtester#run} on the same pair.
 */
class PairTraderParityTest {
  private static final Timeframe TF = Timeframe.parse("5m");
  private static final double STAKE = 100;
  private static final double WALLET = 1000;

  /** The simplest wallet: a fixed stake from a cash balance, one trade at a time. */
  private static final class SimpleWallet implements PairTrader.Wallet {
    final List<TradeView> open = new ArrayList<>();
    double profit;
    int opened;
    int canceled;

    double free() {
      double tied = 0;
      for (TradeView t : open) tied += t.stakeAmount();
      return WALLET + profit - tied;
    }

    @Override
    public boolean slotAvailable() {
      return open.isEmpty();
    }

    @Override
    public double tradeStakeAmount() {
      return free() >= STAKE ? STAKE : Double.NaN;
    }

    @Override
    public double availableStakeAmount() {
      return free();
    }

    @Override
    public void onTradeOpened(TradeView trade) {
      opened++;
      open.add(trade);
    }

    @Override
    public void onTradeCanceled(TradeView trade) {
      canceled++;
      open.remove(trade);
    }

    @Override
    public void onTradeClosed(TradeView trade, TradeResult result) {
      open.remove(trade);
      profit += result.profitAbs();
    }
  }

  private static BacktestSettings settings(String config) {
    BacktestSettings.Builder b = BacktestSettings.builder();
    b.timeframe = TF;
    b.stakeAmount = STAKE;
    b.dryRunWallet = WALLET;
    b.maxOpenTrades = 1;
    b.fee = 0.001;
    switch (config) {
      case "spot" -> {
        b.minimalRoi = RoiTable.of(Map.of("0", 0.01, "60", 0.005, "240", 0.0));
        b.stoploss = -0.005;
      }
      case "margin-trailing" -> {
        b.tradingMode = TradingMode.MARGIN;
        b.marginMode = "isolated";
        b.minimalRoi = RoiTable.of(Map.of("0", 0.02, "30", 0.01, "120", 0.002));
        b.stoploss = -0.01;
        b.trailingStop = true;
        b.trailingStopPositive = 0.002;
        b.trailingStopPositiveOffset = 0.004;
        b.trailingOnlyOffsetIsReached = true;
      }
      case "margin-market" -> {
        b.tradingMode = TradingMode.MARGIN;
        b.marginMode = "isolated";
        b.minimalRoi = RoiTable.of(Map.of("0", 0.01, "45", 0.005));
        b.stoploss = -0.006;
        b.trailingStop = true;
        b.trailingStopPositive = 0.002;
        b.entryOrderLimit = false;
        b.exitOrderLimit = false;
      }
      default -> throw new IllegalArgumentException(config);
    }
    return b.build();
  }

  private static Strategy strategy() {
    return StrategyRegistry.builtin().create("EmaCrossover", Map.of("fast", "5", "slow", "13", "can_short", "true"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"spot", "margin-trailing", "margin-market"})
  void pairTraderDrivenCandleByCandleMatchesBacktester(String config) {
    BacktestSettings s = settings(config);
    CandleSeries cs = SyntheticData.generate(
        SyntheticData.Spec.of(1, 6000, TF, Instant.parse("2024-01-01T00:00:00Z"), config.hashCode()), 0);

    BacktestResult expected = new Backtester(s, strategy()).run(List.of(cs));

    Strategy strategy = strategy();
    SimpleWallet wallet = new SimpleWallet();
    PairTrader trader = new PairTrader(s, strategy, cs.pair(), wallet);
    SignalGenerator gen = strategy.newSignalGenerator(cs.instrument(), cs.timeframe());
    long[] t = cs.openTime();
    double[] o = cs.open(), h = cs.high(), l = cs.low(), c = cs.close(), v = cs.volume();
    int n = cs.size();
    // As the backtester: the startup candles only warm the strategy up, the first candle after them only
    // supplies the (shifted) signal of the next, no entry on the last candle, force exit at its open.
    int first = Math.min(strategy.startupCandleCount(), n);
    int sig = 0;
    String enterTag = null;
    String exitTag = null;
    for (int i = 0; i < n; i++) {
      if (i > first) trader.onCandle(t[i], o[i], h[i], l[i], c[i], sig, enterTag, exitTag, t[i], i < n - 1);
      sig = gen.onCandle(t[i], o[i], h[i], l[i], c[i], v[i]);
      enterTag = sig != 0 ? emptyToNull(gen.enterTag()) : null;
      exitTag = sig != 0 ? emptyToNull(gen.exitTag()) : null;
    }
    trader.forceExit(t[n - 1], o[n - 1], h[n - 1], l[n - 1]);

    List<TradeResult> trades = trader.closedTrades();
    assertTrue(expected.trades().size() > 20, "too few trades to compare: " + expected.trades().size());
    assertEquals(expected.trades().size(), trades.size());
    for (int k = 0; k < trades.size(); k++) assertEquals(expected.trades().get(k), trades.get(k), "trade " + k);
    assertEquals(expected.rejectedSignals(), trader.rejectedSignals());
    assertEquals(expected.timedoutEntryOrders(), trader.timedoutEntryOrders());
    assertEquals(expected.timedoutExitOrders(), trader.timedoutExitOrders());
    assertEquals(expected.canceledTradeEntries(), trader.canceledTradeEntries());
    assertEquals(expected.canceledEntryOrders(), trader.canceledEntryOrders());
    assertEquals(expected.replacedEntryOrders(), trader.replacedEntryOrders());
    assertEquals(expected.finalBalance(), WALLET + wallet.profit);
    assertEquals(trades.size(), wallet.opened - wallet.canceled);
    assertTrue(wallet.open.isEmpty() && trader.openTrades().isEmpty() && !trader.hasOpenTrades());
    assertThrows(UnsupportedOperationException.class, () -> trader.closedTrades().clear());

    // The configurations exercise what they are meant to.
    Set<String> reasons = trades.stream().map(TradeResult::exitReason).collect(Collectors.toCollection(TreeSet::new));
    Set<String> wanted = switch (config) {
      case "spot" -> Set.of("exit_signal", "roi", "stop_loss");
      case "margin-trailing" -> Set.of("exit_signal", "roi", "trailing_stop_loss");
      default -> Set.of("exit_signal", "stop_loss", "trailing_stop_loss");
    };
    assertTrue(reasons.containsAll(wanted), reasons.toString());
    if (!config.equals("spot")) assertTrue(trades.stream().anyMatch(TradeResult::isShort), "no short trade");
  }

  private static String emptyToNull(String s) {
    return s == null || s.isEmpty() ? null : s;
  }
}
