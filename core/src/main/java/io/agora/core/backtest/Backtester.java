package io.agora.core.backtest;

import io.agora.core.market.CandleSeries;
import io.agora.core.strategy.SignalGenerator;
import io.agora.core.strategy.Strategy;
import io.agora.core.strategy.TradeView;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Freqtrade's backtesting loop ({@code freqtrade/optimize/backtesting.py} at c9ae5e1), candle by candle and pair by
 * pair, with the same order of work, exit priority, fill prices and float arithmetic, so that its trades match
 * Freqtrade's trade for trade.
 *
 * <p>Signals are computed first for each pair into a {@code byte[]} (one pass of the strategy's incremental
 * generator), then the time loop runs over primitive columns. Objects are only created per trade and per order,
 * never per candle.
 *
 * <p>The per-pair step of the loop (Freqtrade's {@code backtest_loop} for one pair and candle) is a
 * {@link PairTrader} per pair, the class a live strategy agent drives too; this class keeps what spans the pairs:
 * the order of work (pairs with open trades first), Freqtrade's {@code Wallets} and {@code max_open_trades} (as
 * the traders' {@link PairTrader.Wallet}), detail candles, the counters and the final force exit.
 *
 * <p>Not modelled (yet): position adjustment (DCA) and partial exits, protections, liquidation prices, margin
 * interest, exchange precision. Funding fees are applied in futures mode when funding data is given.
 */
public final class Backtester {
  private static final Logger log = LoggerFactory.getLogger(Backtester.class);

  /** Receives progress as (steps done, steps in total); called at most every few thousand steps. */
  public interface Progress {
    void update(long done, long total);
  }

  private final BacktestSettings s;
  private final Strategy strategy;
  private final long tfMs;

  // Per-pair prepared columns, indexed by pair.
  private String[] pairs;
  private long[][] time;
  private double[][] open;
  private double[][] high;
  private double[][] low;
  private double[][] close;
  private byte[][] rawSignals;
  private String[][] enterTags;
  private String[][] exitTags;
  private int[] first;
  private int[] end;
  private CandleSeries[] detail;
  private PairTrader[] traders;
  private long fundingIntervalMs = 8 * 3_600_000L;
  private int[] firstSeen;
  private int firstSeenCount;
  private boolean[] seenOnce;

  // Simulation state across pairs: Freqtrade's open trades (in the order they opened) and Wallets.
  private List<SimTrade> openTrades;
  private List<TradeResult> closed;
  private double closedProfit;
  private final PairTrader.Wallet wallet = new BacktestWallet();

  public Backtester(BacktestSettings settings, Strategy strategy) {
    this.s = settings;
    this.strategy = strategy;
    this.tfMs = settings.timeframe.millis();
  }

  /** Sets the funding interval used in futures mode (Freqtrade's {@code funding_fee_timeframe}). */
  public Backtester fundingInterval(long millis) {
    if (millis <= 0) throw new IllegalArgumentException("funding interval must be positive");
    this.fundingIntervalMs = millis;
    return this;
  }

  /** Runs over {@code data} (whitelist order, startup candles included) without detail candles. */
  public BacktestResult run(List<CandleSeries> data) {
    return run(data, Map.of(), null);
  }

  /**
   * Runs the backtest.
   *
   * @param data candles per pair in whitelist order, including the strategy's startup candles
   * @param detailData candles of {@code timeframe_detail} per pair (may be empty)
   * @param progress progress listener, or null
   */
  public BacktestResult run(List<CandleSeries> data, Map<String, CandleSeries> detailData, Progress progress) {
    return run(data, detailData, Map.of(), progress);
  }

  /**
   * Runs the backtest with funding data for futures mode ({@code fundingData} per pair; funding is charged every
   * {@link #fundingInterval(long)}, 8 h by default, as Freqtrade's exchanges do).
   */
  public BacktestResult run(List<CandleSeries> data, Map<String, CandleSeries> detailData,
      Map<String, FundingSeries> fundingData, Progress progress) {
    int n = data.size();
    if (n == 0) throw new IllegalArgumentException("no pair to backtest: the whitelist is empty");
    pairs = new String[n];
    time = new long[n][];
    open = new double[n][];
    high = new double[n][];
    low = new double[n][];
    close = new double[n][];
    rawSignals = new byte[n][];
    enterTags = new String[n][];
    exitTags = new String[n][];
    first = new int[n];
    end = new int[n];
    detail = new CandleSeries[n];
    traders = new PairTrader[n];
    firstSeen = new int[n];
    firstSeenCount = 0;
    seenOnce = new boolean[n];
    openTrades = new ArrayList<>();
    closed = new ArrayList<>();
    closedProfit = 0;

    int startup = strategy.startupCandleCount();
    long startDate = Long.MAX_VALUE;
    long endDate = Long.MIN_VALUE;
    for (int p = 0; p < n; p++) {
      CandleSeries cs = data.get(p);
      if (!cs.timeframe().equals(s.timeframe)) {
        throw new IllegalArgumentException("candles of " + cs.pair() + " are " + cs.timeframe() + ", the backtest runs on " + s.timeframe);
      }
      pairs[p] = cs.pair();
      time[p] = cs.openTime();
      open[p] = cs.open();
      high[p] = cs.high();
      low[p] = cs.low();
      close[p] = cs.close();
      traders[p] = new PairTrader(s, strategy, cs.pair(), p, wallet, false);
      computeSignals(p, cs);
      // Freqtrade trims the analysed frame: the startup candles by count, else by the timerange start.
      int from = startup > 0 ? Math.min(startup, cs.size()) : cs.indexAtOrAfter(s.timerangeStart);
      int to = s.timerangeStop == Long.MAX_VALUE ? cs.size() : cs.indexAtOrAfter(s.timerangeStop == Long.MAX_VALUE ? Long.MAX_VALUE : s.timerangeStop + 1);
      if (from >= to) {
        log.warn("{} has no data left after adjusting for startup candles, skipping.", cs.pair());
        first[p] = end[p] = 0;
        continue;
      }
      first[p] = from;
      end[p] = to;
      startDate = Math.min(startDate, time[p][from]);
      endDate = Math.max(endDate, time[p][to - 1]);
      traders[p].funding(fundingData.get(cs.pair()), fundingIntervalMs);
      CandleSeries d = detailData.get(cs.pair());
      if (d != null && !d.isEmpty()) detail[p] = d;
    }
    if (startDate == Long.MAX_VALUE) throw new IllegalArgumentException("No data left after adjusting for startup candles.");

    // Row 0 of each trimmed frame only supplies the shifted signal for row 1.
    int[] cursor = new int[n];
    for (int p = 0; p < n; p++) cursor[p] = first[p] + 1;

    long totalSteps = Math.max(1, (endDate - startDate) / tfMs);
    long step = 0;
    long candles = 0;
    int[] order = new int[n];
    boolean[] seen = new boolean[n];
    for (long t = startDate + tfMs; t <= endDate; t += tfMs) {
      int count = pairOrder(order, seen);
      boolean isLastRow = t == endDate;
      for (int k = 0; k < count; k++) {
        int p = order[k];
        int i = cursor[p];
        if (i >= end[p] || time[p][i] > t) continue;
        cursor[p] = i + 1;
        candles++;
        if (!seenOnce[p]) {
          seenOnce[p] = true;
          firstSeen[firstSeenCount++] = p;
        }
        int sig = rawSignals[p][i - 1];
        PairTrader trader = traders[p];
        int dir = trader.entryDirection(sig);
        // No entry and no trade of this pair: backtest_loop would do nothing (and the detail candles are only
        // used under the same condition), so the candle's prices and tags are not even read.
        if (dir == 0 && !trader.hasOpenTrades()) continue;
        String eTag = enterTags[p] == null ? null : enterTags[p][i - 1];
        String xTag = exitTags[p] == null ? null : exitTags[p][i - 1];
        if (detail[p] != null) {
          if (runDetail(p, i, t, dir, sig, eTag, xTag, !isLastRow)) continue;
        }
        trader.backtestLoop(time[p][i], open[p][i], high[p][i], low[p][i], close[p][i], sig, eTag, xTag, t, dir, !isLastRow);
      }
      if (progress != null && (++step & 0xFFF) == 0) progress.update(step, totalSteps);
    }
    handleLeftOpen();
    if (progress != null) progress.update(totalSteps, totalSteps);

    int rejected = 0, timedoutEntry = 0, timedoutExit = 0, canceledTrades = 0, canceledOrders = 0, replaced = 0;
    for (PairTrader tr : traders) {
      rejected += tr.rejectedSignals();
      timedoutEntry += tr.timedoutEntryOrders();
      timedoutExit += tr.timedoutExitOrders();
      canceledTrades += tr.canceledTradeEntries();
      canceledOrders += tr.canceledEntryOrders();
      replaced += tr.replacedEntryOrders();
    }
    return new BacktestResult(
        strategy.name(),
        closed,
        startDate,
        endDate,
        s.dryRunWallet,
        walletTotal(),
        rejected,
        timedoutEntry,
        timedoutExit,
        canceledTrades,
        canceledOrders,
        replaced,
        candles);
  }

  private void computeSignals(int p, CandleSeries cs) {
    SignalGenerator gen = strategy.newSignalGenerator(cs.instrument(), cs.timeframe());
    int size = cs.size();
    byte[] sig = new byte[size];
    String[] eTags = null;
    String[] xTags = null;
    long[] t = cs.openTime();
    double[] o = cs.open(), h = cs.high(), l = cs.low(), c = cs.close(), v = cs.volume();
    for (int i = 0; i < size; i++) {
      sig[i] = (byte) gen.onCandle(t[i], o[i], h[i], l[i], c[i], v[i]);
      if (sig[i] != 0) {
        String et = gen.enterTag();
        if (et != null && !et.isEmpty()) {
          if (eTags == null) eTags = new String[size];
          eTags[i] = et;
        }
        String xt = gen.exitTag();
        if (xt != null && !xt.isEmpty()) {
          if (xTags == null) xTags = new String[size];
          xTags[i] = xt;
        }
      }
    }
    gen.onEnd();
    rawSignals[p] = sig;
    enterTags[p] = eTags;
    exitTags[p] = xTags;
  }

  /** Pairs with open trades first (in the order the trades opened), then the whitelist: Freqtrade's slot order. */
  private int pairOrder(int[] order, boolean[] seen) {
    int n = pairs.length;
    if (openTrades.isEmpty()) {
      for (int p = 0; p < n; p++) order[p] = p;
      return n;
    }
    int c = 0;
    for (int k = 0; k < openTrades.size(); k++) {
      int p = openTrades.get(k).pairIndex;
      if (!seen[p]) {
        seen[p] = true;
        order[c++] = p;
      }
    }
    for (int p = 0; p < n; p++) {
      if (!seen[p]) order[c++] = p;
      else seen[p] = false;
    }
    return c;
  }

  /** Spreads a main candle over its detail candles; false when there are none (then the main candle is used). */
  private boolean runDetail(int p, int i, long t, int dir, int sig, String eTag, String xTag, boolean canEnter) {
    CandleSeries d = detail[p];
    long[] dt = d.openTime();
    long rowStart = time[p][i];
    long rowEnd = rowStart + tfMs;
    int a = d.indexAtOrAfter(rowStart);
    int b = a;
    while (b < dt.length && dt[b] < rowEnd) b++;
    if (a == b) return false;
    double[] o = d.open(), h = d.high(), l = d.low(), c = d.close();
    long tDet = t;
    long detMs = s.timeframeDetail.millis();
    for (int k = a; k < b; k++) {
      traders[p].backtestLoop(dt[k], o[k], h[k], l[k], c[k], sig, eTag, xTag, tDet, dir, k == a && canEnter);
      tDet += detMs;
    }
    return true;
  }

  // --- wallet (Freqtrade's Wallets in backtest mode, computed on demand) -------------------------------------

  /** Freqtrade's {@code Wallets} and {@code max_open_trades} over all pairs, for the pairs' {@link PairTrader}s. */
  private final class BacktestWallet implements PairTrader.Wallet {
    @Override
    public boolean slotAvailable() {
      return s.maxOpenTrades <= 0 || openTrades.size() < s.maxOpenTrades;
    }

    @Override
    public double tradeStakeAmount() {
      return Backtester.this.tradeStakeAmount();
    }

    @Override
    public double availableStakeAmount() {
      return Backtester.this.availableStakeAmount();
    }

    @Override
    public void onTradeOpened(TradeView trade) {
      openTrades.add((SimTrade) trade);
    }

    @Override
    public void onTradeCanceled(TradeView trade) {
      openTrades.remove((SimTrade) trade);
    }

    @Override
    public void onTradeClosed(TradeView trade, TradeResult result) {
      openTrades.remove((SimTrade) trade);
      closedProfit += ((SimTrade) trade).closeProfitAbs;
      closed.add(result);
    }
  }

  private double tiedUp() {
    double v = 0;
    for (int k = 0; k < openTrades.size(); k++) v += openTrades.get(k).stakeAmount;
    return v;
  }

  private double walletFree() {
    return s.dryRunWallet + closedProfit - tiedUp();
  }

  private double walletTotal() {
    if (s.tradingMode == TradingMode.FUTURES) return s.dryRunWallet + closedProfit;
    double used = 0;
    for (int k = 0; k < openTrades.size(); k++) {
      SimTrade t = openTrades.get(k);
      for (SimOrder o : t.orders) if (o.open && o.entry) used += o.amount * o.price / t.leverage;
    }
    return walletFree() + used;
  }

  private double totalStakeAmount() {
    if (!Double.isNaN(s.availableCapital)) return s.availableCapital + closedProfit;
    return (tiedUp() + walletFree()) * s.tradableBalanceRatio;
  }

  private double availableStakeAmount() {
    double free = walletFree();
    return Math.min(totalStakeAmount() - tiedUp(), free);
  }

  /** {@code get_trade_stake_amount}; NaN stands for Freqtrade's DependencyException (no trade). */
  private double tradeStakeAmount() {
    double tied = tiedUp();
    double available = availableStakeAmount();
    double stake = s.stakeAmount;
    if (s.unlimitedStake) {
      if (s.maxOpenTrades == 0) stake = 0;
      else stake = Math.min((available + tied) / s.maxOpenTrades, available);
    }
    if (s.amendLastStakeAmount) {
      stake = available > stake * s.lastStakeAmountMinRatio ? Math.min(stake, available) : 0;
    }
    if (available < stake) return Double.NaN;
    return stake;
  }

  /**
   * {@code handle_left_open}: force-exit at the open of each pair's last candle, pair by pair in the order the
   * pairs were first processed (the order of Freqtrade's per-pair dict), trades in the order they opened.
   */
  private void handleLeftOpen() {
    for (int k = 0; k < firstSeenCount; k++) {
      int p = firstSeen[k];
      int last = end[p] - 1;
      if (last < first[p] + 1) continue;
      traders[p].forceExit(time[p][last], open[p][last], high[p][last], low[p][last]);
    }
  }
}
