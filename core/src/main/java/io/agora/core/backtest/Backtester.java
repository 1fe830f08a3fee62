package io.agora.core.backtest;

import io.agora.core.market.CandleSeries;
import io.agora.core.strategy.Signal;
import io.agora.core.strategy.SignalGenerator;
import io.agora.core.strategy.Strategy;
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
  private final boolean canShort;
  private final long tfMs;
  private final long tfMin;
  private final boolean needsOpenProfit;

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
  private FundingSeries[] funding;
  private long fundingIntervalMs = 8 * 3_600_000L;
  private int[] firstSeen;
  private int firstSeenCount;
  private boolean[] seenOnce;

  // Simulation state.
  private final List<SimTrade> openTrades = new ArrayList<>();
  private List<SimTrade>[] openByPair;
  private final List<TradeResult> closed = new ArrayList<>();
  private double closedProfit;
  private int tradeIdCounter;
  private int orderIdCounter;
  private int rejected;
  private int timedoutEntry;
  private int timedoutExit;
  private int canceledTradeEntries;
  private int canceledEntryOrders;
  private int replacedEntryOrders;

  public Backtester(BacktestSettings settings, Strategy strategy) {
    this.s = settings;
    this.strategy = strategy;
    this.canShort = settings.tradingMode != TradingMode.SPOT && strategy.canShort();
    this.tfMs = settings.timeframe.millis();
    this.tfMin = settings.timeframe.minutes();
    this.needsOpenProfit = settings.exitProfitOnly || (settings.useExitSignal && overrides(strategy, "customExit",
        io.agora.core.strategy.TradeView.class, long.class, double.class, double.class));
  }

  /** Whether the strategy overrides a callback (a default callback's inputs need not be computed). */
  private static boolean overrides(Strategy strategy, String method, Class<?>... params) {
    try {
      return strategy.getClass().getMethod(method, params).getDeclaringClass() != Strategy.class;
    } catch (NoSuchMethodException e) {
      return true;
    }
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
  @SuppressWarnings("unchecked")
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
    funding = new FundingSeries[n];
    firstSeen = new int[n];
    seenOnce = new boolean[n];
    openByPair = new List[n];

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
      openByPair[p] = new ArrayList<>(1);
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
      funding[p] = fundingData.get(cs.pair());
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
        int dir = tradeDirection(sig);
        // No entry and no trade of this pair: backtest_loop would do nothing (and the detail candles are only
        // used under the same condition), so the candle's prices and tags are not even read.
        if (dir == 0 && openByPair[p].isEmpty()) continue;
        String eTag = enterTags[p] == null ? null : enterTags[p][i - 1];
        String xTag = exitTags[p] == null ? null : exitTags[p][i - 1];
        if (detail[p] != null) {
          if (runDetail(p, i, t, dir, sig, eTag, xTag, !isLastRow)) continue;
        }
        backtestLoop(p, time[p][i], open[p][i], high[p][i], low[p][i], close[p][i], sig, eTag, xTag, t, dir, !isLastRow);
      }
      if (progress != null && (++step & 0xFFF) == 0) progress.update(step, totalSteps);
    }
    handleLeftOpen();
    if (progress != null) progress.update(totalSteps, totalSteps);

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
        canceledTradeEntries,
        canceledEntryOrders,
        replacedEntryOrders,
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

  /** 1 long, -1 short, 0 none: colliding signals open nothing. */
  private int tradeDirection(int sig) {
    boolean enterLong = Signal.has(sig, Signal.ENTER_LONG);
    boolean exitLong = Signal.has(sig, Signal.EXIT_LONG);
    boolean enterShort = canShort && Signal.has(sig, Signal.ENTER_SHORT);
    boolean exitShort = canShort && Signal.has(sig, Signal.EXIT_SHORT);
    if (enterLong && !(exitLong || enterShort)) return 1;
    if (enterShort && !(exitShort || enterLong)) return -1;
    return 0;
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
      backtestLoop(p, dt[k], o[k], h[k], l[k], c[k], sig, eTag, xTag, tDet, dir, k == a && canEnter);
      tDet += detMs;
    }
    return true;
  }

  // --- backtest_loop ------------------------------------------------------------------------------------------

  private void backtestLoop(int p, long rowTime, double o, double h, double l, double c, int sig, String eTag,
      String xTag, long now, int dir, boolean canEnter) {
    List<SimTrade> mine = openByPair[p];
    // 1. Manage open orders (timeouts, replacements).
    for (int k = 0; k < mine.size(); k++) {
      SimTrade t = mine.get(k);
      if (manageOpenOrders(t, now, rowTime, o, h, l, eTag)) {
        removeTrade(t);
        k--;
      }
    }
    // 2. Entries.
    if (canEnter && dir != 0 && (s.positionStacking || mine.isEmpty())) {
      if (tradeSlotAvailable()) {
        enterTrade(p, rowTime, o, h, l, dir < 0, eTag, null, Double.NaN, Double.NaN);
      }
    }
    for (int k = 0; k < mine.size(); k++) {
      SimTrade t = mine.get(k);
      // 3. Fill entry orders.
      tryCloseOpenOrder(t.openOrder(true), t, now, h, l);
      // 4. Exit checks.
      if (!t.hasOpenOrders()) checkTradeExit(t, rowTime, o, h, l, c, sig, xTag, now);
      // 5. Fill exit orders.
      SimOrder exit = t.openOrder(false);
      if (exit != null && processExitOrder(exit, t, now, h, l)) k--;
    }
  }

  private boolean tradeSlotAvailable() {
    if (s.maxOpenTrades <= 0 || openTrades.size() < s.maxOpenTrades) return true;
    rejected++;
    return false;
  }

  // --- wallet (Freqtrade's Wallets in backtest mode, computed on demand) -------------------------------------

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

  private double validateStakeAmount(double stake, double minStake, double maxStake, double tradeStake) {
    if (!(stake != 0) || Double.isNaN(stake)) return 0;
    double maxAllowed = Math.min(maxStake, availableStakeAmount());
    if (!Double.isNaN(tradeStake) && tradeStake != 0) maxAllowed = Math.min(maxAllowed, maxStake - tradeStake);
    if (minStake > maxAllowed) return 0;
    if (stake < minStake) {
      if (stake * 1.3 < minStake) return 0;
      stake = minStake;
    }
    if (stake > maxAllowed) stake = maxAllowed;
    return stake;
  }

  // --- entries ------------------------------------------------------------------------------------------------

  /**
   * {@code _enter_trade}: a new trade ({@code trade == null}) or a replacement entry order at
   * {@code requestedRate}. Returns the trade (possibly null when nothing was entered).
   */
  private SimTrade enterTrade(int p, long rowTime, double o, double h, double l, boolean isShort, String entryTag,
      SimTrade trade, double requestedRate, double requestedStake) {
    String pair = pairs[p];
    String tag = entryTag;
    double propose = o;
    if (s.entryOrderLimit) {
      double r = strategy.customEntryPrice(pair, trade, rowTime, propose, tag, isShort);
      if (!Double.isNaN(r) && r != propose) propose = r;
      propose = isShort ? Math.max(propose, l) : Math.min(propose, h);
    }
    boolean posAdjust = trade != null;
    double leverage = trade != null ? trade.leverage : 1.0;
    double stake;
    if (!posAdjust) {
      stake = tradeStakeAmount();
      if (Double.isNaN(stake)) return null;
      double maxLev = s.maxLeverage;
      leverage = s.tradingMode != TradingMode.SPOT
          ? strategy.leverage(pair, rowTime, o, 1.0, maxLev, tag, isShort)
          : 1.0;
      leverage = Math.min(Math.max(leverage, 1.0), maxLev);
    } else {
      stake = trade.stakeAmount;
    }
    double minStake = s.minStake;
    double maxStake = s.maxStake;
    if (!posAdjust) {
      stake = strategy.customStakeAmount(pair, rowTime, propose, stake, minStake,
          Math.min(availableStakeAmount(), maxStake), leverage, tag, isShort);
    }
    stake = validateStakeAmount(stake, minStake, maxStake, trade != null ? trade.stakeAmount : Double.NaN);

    if (!Double.isNaN(requestedRate) && requestedRate != 0) propose = requestedRate;
    if (!Double.isNaN(requestedStake) && requestedStake != 0) stake = requestedStake;
    if (!(stake != 0) || Double.isNaN(stake)) return trade;
    if (minStake != 0 && stake < minStake) return trade;

    double amount = (stake / propose) * leverage;
    if (!(amount > 0)) return trade;
    stake = amount * propose / leverage;
    boolean positionAdjustment = trade != null && Double.isNaN(requestedRate);
    if (!positionAdjustment && !strategy.confirmTradeEntry(pair, amount, propose, rowTime, tag, isShort)) return trade;
    if (trade == null) {
      trade = new SimTrade(++tradeIdCounter, p, pair, isShort, rowTime, propose, stake, s.fee, leverage, tag);
      openTrades.add(trade);
      openByPair[p].add(trade);
    }
    trade.adjustStopLoss(trade.openRate, s.stoploss, true, false);
    SimOrder order = new SimOrder(++orderIdCounter, true, s.entryOrderLimit ? "limit" : "market", rowTime, propose, amount, tag);
    trade.addOrder(order);
    tryCloseOpenOrder(order, trade, rowTime, h, l);
    trade.recalcFromOrders(false, s.tradingMode);
    return trade;
  }

  /** {@code _try_close_open_order}: a limit order fills when its price lies within the candle. */
  private boolean tryCloseOpenOrder(SimOrder order, SimTrade trade, long now, double h, double l) {
    if (order == null || !(l <= order.price && order.price <= h)) return false;
    order.filledTime = now;
    order.filled = order.amount;
    trade.markFilled(order);
    order.fundingFee = trade.fundingFeeRunning;
    trade.fundingFeeRunning = 0;
    if (order.entry && order.price != 0) {
      trade.openRate = order.price;
      trade.recalcFromOrders(false, s.tradingMode);
      if (trade.filledEntriesCount() == 1) {
        trade.initialStopLossPct = Double.NaN;
        trade.stopLossTrailing = false;
      }
      trade.adjustStopLoss(trade.openRate, trade.stopLossPct, false, false);
    }
    runFundingFees(trade, now, true);
    if (!(!order.entry && order.amount == trade.amount)) {
      callAdjustStop(now, trade, order.price);
    }
    return true;
  }

  private void callAdjustStop(long now, SimTrade trade, double rate) {
    if (!strategy.customStoplossAfterFill()) return;
    double profit = trade.calcProfitRatio(rate, s.tradingMode);
    stoplossAdjust(rate, trade, now, profit, Double.NaN, Double.NaN, true);
  }

  // --- open order management ----------------------------------------------------------------------------------

  /** {@code manage_open_orders}: true when the trade is to be deleted. */
  private boolean manageOpenOrders(SimTrade t, long now, long rowTime, double o, double h, double l, String eTag) {
    for (int k = 0; k < t.orders.size(); k++) {
      SimOrder order = t.orders.get(k);
      if (!order.open) continue;
      int oc = checkOrderCancel(t, order, now);
      if (oc == 1) return true;
      if (oc == -1 && checkOrderReplace(t, order, now, rowTime, o, h, l)) {
        canceledTradeEntries++;
        return true;
      }
      if (oc == 0 || !t.orders.contains(order)) k--;
    }
    return false;
  }

  /** 1: delete the trade; 0: order canceled; -1: order still active. */
  private int checkOrderCancel(SimTrade t, SimOrder order, long now) {
    long timeout = order.entry ? s.entryTimeoutMs : s.exitTimeoutMs;
    boolean timedOut = timeout >= 0 && order.open && order.orderTime < now - timeout;
    if (!timedOut) return -1;
    if (order.entry) {
      timedoutEntry++;
      if (t.filledEntriesCount() == 0) return 1;
      t.removeOrder(order);
      return 0;
    }
    timedoutExit++;
    t.removeOrder(order);
    return 0;
  }

  /** {@code check_order_replace}: true when the trade is to be deleted. */
  private boolean checkOrderReplace(SimTrade t, SimOrder order, long now, long rowTime, double o, double h, double l) {
    if (!order.entry || now <= order.orderTime) return false;
    double requested = strategy.adjustEntryPrice(t, order.orderTime, now, o, order.price, t.enterTag, t.isShort);
    if (requested == order.price) return false;
    t.removeOrder(order);
    canceledEntryOrders++;
    if (!Double.isNaN(requested) && requested != 0) {
      enterTrade(t.pairIndex, rowTime, o, h, l, t.isShort, t.enterTag, t, requested,
          order.remaining() * order.price / t.leverage);
      if (!t.hasOpenOrders() && t.filledEntriesCount() == 0) return true;
      replacedEntryOrders++;
      return false;
    }
    return t.filledEntriesCount() == 0;
  }

  private void removeTrade(SimTrade t) {
    openTrades.remove(t);
    openByPair[t.pairIndex].remove(t);
  }

  // --- exits --------------------------------------------------------------------------------------------------

  private static final int SL_NONE = 0;
  private static final int SL_STOP = 1;
  private static final int SL_TRAILING = 2;

  /** {@code _check_trade_exit} with {@code should_exit}'s priority: signal, stop loss, ROI, trailing stop. */
  private void checkTradeExit(SimTrade t, long rowTime, double o, double h, double l, double c, int sig, String xTag, long now) {
    runFundingFees(t, now, false);
    if (!t.isOpen) return;
    boolean enter = Signal.has(sig, t.isShort ? Signal.ENTER_SHORT : Signal.ENTER_LONG);
    boolean exitSig = Signal.has(sig, t.isShort ? Signal.EXIT_SHORT : Signal.EXIT_LONG);
    TradingMode mode = s.tradingMode;

    // The profit at the open only matters to custom_exit and exit_profit_only; rounding it costs (see benchmarks).
    double currentProfit = needsOpenProfit ? t.calcProfitRatio(o, mode) : Double.NaN;
    t.adjustMinMaxRates(h, l);

    int stopFlag = stoplossReached(o, t, rowTime, currentProfit, l, h);
    boolean roiReached = !(enter && s.ignoreRoiIfEntrySignal) && minRoiReached(t, t.isShort ? l : h, rowTime);

    String signalReason = null;
    ExitType signalType = ExitType.NONE;
    if (s.useExitSignal) {
      if (exitSig && !enter) {
        signalType = ExitType.EXIT_SIGNAL;
      } else {
        String custom = strategy.customExit(t, rowTime, o, currentProfit);
        if (custom != null) {
          signalType = ExitType.CUSTOM_EXIT;
          signalReason = custom.isEmpty() ? null : (custom.length() > 255 ? custom.substring(0, 255) : custom);
        }
      }
      if (signalType == ExitType.EXIT_SIGNAL && s.exitProfitOnly && !(currentProfit > s.exitProfitOffset)) {
        signalType = ExitType.NONE;
      }
    }
    if (signalType != ExitType.NONE && exitForSignal(t, rowTime, o, h, l, c, signalType, signalReason, xTag, now)) return;
    if (stopFlag == SL_STOP && exitForSignal(t, rowTime, o, h, l, c, ExitType.STOP_LOSS, null, xTag, now)) return;
    if (roiReached && exitForSignal(t, rowTime, o, h, l, c, ExitType.ROI, null, xTag, now)) return;
    if (stopFlag == SL_TRAILING) exitForSignal(t, rowTime, o, h, l, c, ExitType.TRAILING_STOP_LOSS, null, xTag, now);
  }

  /** {@code _run_funding_fees}: in futures mode, on funding times (or forced at a fill). */
  private void runFundingFees(SimTrade t, long now, boolean force) {
    if (s.tradingMode != TradingMode.FUTURES) return;
    FundingSeries f = funding[t.pairIndex];
    if (f == null) return;
    if (force || Math.floorMod(now, fundingIntervalMs) == 0) {
      t.setFundingFees(f.fees(t.amount, t.isShort, t.lastFilledTime(), now));
    }
  }

  /** {@code min_roi_reached} with the profit at the candle's best price ({@code bestRate}). */
  private boolean minRoiReached(SimTrade t, double bestRate, long now) {
    long dur = Math.floorDiv(now - t.openTime, 60_000L);
    int idx = s.minimalRoi.entryIndex(dur);
    return idx >= 0 && t.calcProfitRatio(bestRate, s.tradingMode) > s.minimalRoi.ratioAt(idx);
  }

  /** {@code ft_stoploss_reached}. */
  private int stoplossReached(double rate, SimTrade t, long now, double currentProfit, double l, double h) {
    stoplossAdjust(rate, t, now, currentProfit, l, h, false);
    boolean slHigherLong = !t.isShort && t.stopLoss >= l;
    boolean slLowerShort = t.isShort && t.stopLoss <= h;
    if (slHigherLong || slLowerShort) return t.stopLossTrailing ? SL_TRAILING : SL_STOP;
    return SL_NONE;
  }

  /** {@code ft_stoploss_adjust}: custom stoploss and trailing stop, ratcheted with the candle's best price. */
  private void stoplossAdjust(double rate, SimTrade t, long now, double currentProfit, double l, double h, boolean afterFill) {
    double stopValue = s.stoploss;
    t.adjustStopLoss(t.openRate, stopValue, true, false);
    boolean haveRange = !Double.isNaN(l);
    boolean dirCorrect = t.isShort ? t.stopLoss > (haveRange ? h : rate) : t.stopLoss < (haveRange ? l : rate);
    // Only a custom or a trailing stop moves the stop from here on; without them the profit at the candle's best
    // price (calcProfitRatio has no side effects) is not needed, so it is not computed.
    if (!dirCorrect || !(s.useCustomStoploss || s.trailingStop)) return;
    double bound = haveRange ? (t.isShort ? l : h) : Double.NaN;
    boolean useBound = haveRange && bound != 0;
    double boundProfit = useBound ? t.calcProfitRatio(bound, s.tradingMode)
        : Double.isNaN(currentProfit) ? t.calcProfitRatio(rate, s.tradingMode) : currentProfit;
    double boundRate = useBound ? bound : rate;
    if (s.useCustomStoploss) {
      double v = strategy.customStoploss(t, now, boundRate, boundProfit, afterFill, s.stoploss);
      if (v != 0 && Double.isFinite(v)) {
        stopValue = v;
        t.adjustStopLoss(boundRate, stopValue, false, afterFill);
      }
    }
    if (s.trailingStop) {
      double offset = s.trailingStopPositiveOffset;
      if (!(s.trailingOnlyOffsetIsReached && boundProfit < offset)) {
        if (!Double.isNaN(s.trailingStopPositive) && boundProfit > offset) stopValue = s.trailingStopPositive;
        t.adjustStopLoss(boundRate, stopValue, false, false);
      }
    }
  }

  /** {@code _get_exit_for_signal}: prices the exit and places the exit order; false when it does not apply. */
  private boolean exitForSignal(SimTrade t, long rowTime, double o, double h, double l, double c, ExitType type,
      String customReason, String xTag, long now) {
    long dur = Math.floorDiv(now - t.openTime, 60_000L);
    String reason = customReason != null ? customReason : type.value();
    double closeRate;
    switch (type) {
      case STOP_LOSS, TRAILING_STOP_LOSS, LIQUIDATION -> closeRate = closeRateForStoploss(t, o, h, l, type, dur);
      case ROI -> {
        closeRate = closeRateForRoi(t, o, h, l, c, dur);
        if (Double.isNaN(closeRate)) return false;
      }
      default -> closeRate = o;
    }
    if (type == ExitType.EXIT_SIGNAL || type == ExitType.CUSTOM_EXIT) {
      if (type == ExitType.EXIT_SIGNAL && xTag != null && !xTag.isEmpty()) reason = xTag;
      if (s.exitOrderLimit) {
        double currentProfit = t.calcProfitRatio(closeRate, s.tradingMode);
        double r = strategy.customExitPrice(t, now, closeRate, currentProfit, reason);
        if (!Double.isNaN(r) && r != closeRate) closeRate = r;
        closeRate = t.isShort ? Math.min(closeRate, h) : Math.max(closeRate, l);
      }
    }
    if (type != ExitType.LIQUIDATION && !strategy.confirmTradeExit(t, t.amount, closeRate, reason, now)) return false;
    t.exitReason = reason;
    placeExitOrder(t, rowTime, closeRate, reason);
    return true;
  }

  private void placeExitOrder(SimTrade t, long rowTime, double rate, String reason) {
    t.addOrder(new SimOrder(++orderIdCounter, false, s.exitOrderLimit ? "limit" : "market", rowTime, rate, t.amount, reason));
  }

  /** {@code _get_close_rate_for_stoploss}. */
  private double closeRateForStoploss(SimTrade t, double o, double h, double l, ExitType type, long dur) {
    double lev = t.leverage;
    int side = t.isShort ? -1 : 1;
    double stop = t.stopLoss;
    if (t.isShort ? stop < l : stop > h) return o;
    if (type == ExitType.TRAILING_STOP_LOSS && dur == 0) {
      double stopRate;
      if (!s.useCustomStoploss && s.trailingStop && s.trailingOnlyOffsetIsReached
          && !Double.isNaN(s.trailingStopPositive) && s.trailingStopPositive != 0) {
        stopRate = o * (1 + side * Math.abs(s.trailingStopPositiveOffset) - side * Math.abs(s.trailingStopPositive / lev));
      } else {
        double pct = Double.isNaN(t.stopLossPct) ? 0.0 : t.stopLossPct;
        stopRate = o * (1 - side * Math.abs(pct / lev));
      }
      return t.isShort ? Math.min(h, stopRate) : Math.max(l, stopRate);
    }
    return stop;
  }

  /** {@code _get_close_rate_for_roi}; NaN where Freqtrade raises (ROI on the opening candle's wrong side). */
  private double closeRateForRoi(SimTrade t, double o, double h, double l, double c, long dur) {
    int idx = s.minimalRoi.entryIndex(dur);
    if (idx < 0) return o;
    int roiEntry = s.minimalRoi.minutesAt(idx);
    double roi = s.minimalRoi.ratioAt(idx);
    boolean onBoundary = roiEntry % tfMin == 0;
    if (roi == -1 && onBoundary) return o;
    int side = t.isShort ? -1 : 1;
    double roiRate = t.openRate * roi / t.leverage;
    double openFeeRate = side * t.openRate * (1 + side * t.feeOpen);
    double closeRate = -(roiRate + openFeeRate) / (t.feeClose - side * 1);
    boolean isNewRoi = t.isShort ? o < closeRate : o > closeRate;
    if (dur > 0 && dur == roiEntry && onBoundary && isNewRoi) return o;
    if (dur == 0
        && ((t.isShort && o < c && t.openRate > o && closeRate < c)
            || (!t.isShort && o > c && t.openRate < o && closeRate > c))) {
      return Double.NaN;
    }
    return Math.min(Math.max(closeRate, l), h);
  }

  /** {@code _process_exit_order}: true when the trade closed. */
  private boolean processExitOrder(SimOrder order, SimTrade t, long now, double h, double l) {
    if (!tryCloseOpenOrder(order, t, now, h, l)) return false;
    t.closeTime = now;
    t.closeRate = order.price;
    t.isOpen = false;
    t.recalcFromOrders(true, s.tradingMode);
    removeTrade(t);
    closedProfit += t.closeProfitAbs;
    closed.add(toResult(t));
    return true;
  }

  /**
   * {@code handle_left_open}: force-exit at the open of each pair's last candle, pair by pair in the order the
   * pairs were first processed (the order of Freqtrade's per-pair dict), trades in the order they opened.
   */
  private void handleLeftOpen() {
    List<SimTrade> left = new ArrayList<>();
    for (int k = 0; k < firstSeenCount; k++) left.addAll(openByPair[firstSeen[k]]);
    for (SimTrade t : left) {
      if (t.hasOpenOrders() && t.filledEntriesCount() == 0) continue;
      int p = t.pairIndex;
      int last = end[p] - 1;
      if (last < first[p] + 1) continue;
      long rowTime = time[p][last];
      double o = open[p][last];
      placeExitOrder(t, rowTime, o, ExitType.FORCE_EXIT.value());
      t.exitReason = ExitType.FORCE_EXIT.value();
      SimOrder order = t.orders.get(t.orders.size() - 1);
      processExitOrder(order, t, rowTime, high[p][last], low[p][last]);
    }
  }

  private TradeResult toResult(SimTrade t) {
    List<TradeResult.OrderResult> orders = new ArrayList<>(t.orders.size());
    for (SimOrder o : t.orders) {
      if (o.open) continue;
      String side = o.entry != t.isShort ? "buy" : "sell";
      orders.add(new TradeResult.OrderResult(
          o.entry, side, o.orderType, o.orderTime, o.filledTime, o.price, o.amount, o.filled, o.filled * o.price, o.tag));
    }
    return new TradeResult(
        t.pair,
        t.isShort,
        t.enterTag,
        t.exitReason,
        t.openTime,
        t.closeTime,
        t.openRate,
        t.closeRate,
        t.amount,
        t.stakeAmount,
        t.leverage,
        t.feeOpen,
        t.feeClose,
        t.closeProfitAbs,
        t.closeProfit,
        t.minRate,
        t.maxRate,
        t.stopLoss,
        t.stopLossPct,
        t.initialStopLoss,
        t.initialStopLossPct,
        orders);
  }
}
