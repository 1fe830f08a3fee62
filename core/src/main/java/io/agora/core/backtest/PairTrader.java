package io.agora.core.backtest;

import io.agora.core.strategy.Signal;
import io.agora.core.strategy.Strategy;
import io.agora.core.strategy.TradeView;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The trades of one pair, managed candle by candle exactly as Freqtrade's {@code backtest_loop} manages them
 * ({@code freqtrade/optimize/backtesting.py} at c9ae5e1): open order timeouts and entry price replacement, entry,
 * fills of entry orders within the candle's range, exit checks with {@code should_exit}'s priority (signal,
 * stop loss, ROI, trailing stop) and Freqtrade's fill prices ({@code _get_close_rate_for_stoploss},
 * {@code _get_close_rate_for_roi}, custom exit price clamped to the candle), fills of exit orders, and funding
 * fees in futures mode.
 *
 * <p>This is the code the {@link Backtester} runs for each pair and candle, and the code a live strategy agent
 * runs on replayed or live candles, so that both give the same trades. What depends on the other pairs (free
 * capital, trade slots, stake) is asked of the caller's {@link Wallet}; the order of work across pairs (pairs with
 * open trades first), the counters across pairs and the force exit at the end are the caller's.
 *
 * <p>Not thread-safe. {@link #onCandle} creates objects only per trade and per order, never per candle.
 */
public final class PairTrader {

  /**
   * What a {@link PairTrader} asks of the capital it trades with and tells it back: Freqtrade's {@code Wallets}
   * and {@code max_open_trades} in the backtester, the capital and risk agents in a live agent.
   */
  public interface Wallet {
    /** Whether a new trade may open now (Freqtrade: open trades below {@code max_open_trades}). */
    boolean slotAvailable();

    /** Freqtrade's {@code get_trade_stake_amount}: the stake for a new trade, or NaN for none. */
    double tradeStakeAmount();

    /** Freqtrade's {@code get_available_stake_amount}: the most a new trade may stake. */
    double availableStakeAmount();

    /** A trade opened: its entry order was placed (filled or not); its stake is tied up from now on. */
    void onTradeOpened(TradeView trade);

    /** A trade was deleted before any entry filled (entry timeout or canceled replacement); nothing was booked. */
    void onTradeCanceled(TradeView trade);

    /** A trade closed with {@code result} (its profit is {@link TradeResult#profitAbs()}). */
    void onTradeClosed(TradeView trade, TradeResult result);
  }

  private final BacktestSettings s;
  private final Strategy strategy;
  private final String pair;
  private final int pairIndex;
  private final Wallet wallet;
  private final boolean keepClosed;
  private final boolean canShort;
  private final long tfMin;
  private final boolean needsOpenProfit;
  private FundingSeries funding;
  private long fundingIntervalMs = 8 * 3_600_000L;

  private final List<SimTrade> mine = new ArrayList<>(1);
  private final List<TradeView> openView = Collections.unmodifiableList(mine);
  private final List<TradeResult> closed = new ArrayList<>();
  private final List<TradeResult> closedView = Collections.unmodifiableList(closed);
  private int tradeIdCounter;
  private int orderIdCounter;
  private int rejected;
  private int timedoutEntry;
  private int timedoutExit;
  private int canceledTradeEntries;
  private int canceledEntryOrders;
  private int replacedEntryOrders;

  /**
   * A trader for {@code pair} on {@code settings.timeframe}.
   *
   * @param wallet stake, capital and slot decisions, and the trades' opening and closing
   */
  public PairTrader(BacktestSettings settings, Strategy strategy, String pair, Wallet wallet) {
    this(settings, strategy, pair, 0, wallet, true);
  }

  /** {@code keepClosed} false: closed trades are only handed to the wallet (the backtester collects them). */
  PairTrader(BacktestSettings settings, Strategy strategy, String pair, int pairIndex, Wallet wallet, boolean keepClosed) {
    this.s = settings;
    this.strategy = strategy;
    this.pair = pair;
    this.pairIndex = pairIndex;
    this.wallet = wallet;
    this.keepClosed = keepClosed;
    this.canShort = settings.tradingMode != TradingMode.SPOT && strategy.canShort();
    this.tfMin = settings.timeframe.minutes();
    this.needsOpenProfit = settings.exitProfitOnly || (settings.useExitSignal && overrides(strategy, "customExit",
        TradeView.class, long.class, double.class, double.class));
  }

  /** Whether the strategy overrides a callback (a default callback's inputs need not be computed). */
  private static boolean overrides(Strategy strategy, String method, Class<?>... params) {
    try {
      return strategy.getClass().getMethod(method, params).getDeclaringClass() != Strategy.class;
    } catch (NoSuchMethodException e) {
      return true;
    }
  }

  /**
   * Sets the funding fees charged in futures mode: {@code series} (null for none) every {@code intervalMillis}
   * (Freqtrade's {@code funding_fee_timeframe}, 8 h by default).
   */
  public PairTrader funding(FundingSeries series, long intervalMillis) {
    if (intervalMillis <= 0) throw new IllegalArgumentException("funding interval must be positive");
    this.funding = series;
    this.fundingIntervalMs = intervalMillis;
    return this;
  }

  public String pair() {
    return pair;
  }

  /**
   * One step of {@code backtest_loop} for this pair.
   *
   * @param rowTime open time of the candle (the main candle, or the detail candle when spreading over detail)
   * @param open the candle's open, at which market orders fill
   * @param high the candle's high
   * @param low the candle's low
   * @param close the candle's close
   * @param signalBits the strategy's {@link Signal} bits of the previous candle (Freqtrade shifts signals by one)
   * @param enterTag the enter tag that goes with {@code signalBits}, or null
   * @param exitTag the exit tag that goes with {@code signalBits}, or null
   * @param now the loop's current time (Freqtrade's {@code current_time}), for timeouts, ROI and funding
   * @param canEnter whether a new trade may be entered on this candle (false on the backtest's last candle and
   *     after the first detail candle)
   */
  public void onCandle(long rowTime, double open, double high, double low, double close, int signalBits,
      String enterTag, String exitTag, long now, boolean canEnter) {
    backtestLoop(rowTime, open, high, low, close, signalBits, enterTag, exitTag, now, entryDirection(signalBits), canEnter);
  }

  /**
   * The direction a new trade would take on {@code signalBits}: 1 long, -1 short (only where shorts are allowed),
   * 0 none (no entry signal, or colliding signals).
   */
  public int entryDirection(int sig) {
    boolean enterLong = Signal.has(sig, Signal.ENTER_LONG);
    boolean exitLong = Signal.has(sig, Signal.EXIT_LONG);
    boolean enterShort = canShort && Signal.has(sig, Signal.ENTER_SHORT);
    boolean exitShort = canShort && Signal.has(sig, Signal.EXIT_SHORT);
    if (enterLong && !(exitLong || enterShort)) return 1;
    if (enterShort && !(exitShort || enterLong)) return -1;
    return 0;
  }

  /** Whether this pair has an open trade (filled or not). */
  public boolean hasOpenTrades() {
    return !mine.isEmpty();
  }

  /** The open trades, in the order they opened: a read-only live view. */
  public List<TradeView> openTrades() {
    return openView;
  }

  /** The closed trades, in the order they closed: a read-only live view. */
  public List<TradeResult> closedTrades() {
    return closedView;
  }

  /** Entry signals refused because the wallet had no slot ({@code rejected_signals}). */
  public int rejectedSignals() {
    return rejected;
  }

  public int timedoutEntryOrders() {
    return timedoutEntry;
  }

  public int timedoutExitOrders() {
    return timedoutExit;
  }

  public int canceledTradeEntries() {
    return canceledTradeEntries;
  }

  public int canceledEntryOrders() {
    return canceledEntryOrders;
  }

  public int replacedEntryOrders() {
    return replacedEntryOrders;
  }

  /**
   * Deletes the open trades opened at or before {@code openedBy} as if their entries never filled: the venue, or
   * the risk or capital agent in front of it, refused the entry order. Each goes through
   * {@link Wallet#onTradeCanceled}. The backtester never calls this; a live agent does when its entry was refused.
   *
   * @return how many trades were deleted
   */
  public int dropOpenTrades(long openedBy) {
    int n = 0;
    for (int k = 0; k < mine.size(); k++) {
      SimTrade t = mine.get(k);
      if (t.openTime > openedBy) continue;
      mine.remove(k--);
      canceledTradeEntries++;
      wallet.onTradeCanceled(t);
      n++;
    }
    return n;
  }

  /** Package-private access for the backtester's pair order and wallet arithmetic. */
  List<SimTrade> openSimTrades() {
    return mine;
  }

  int pairIndex() {
    return pairIndex;
  }

  /**
   * {@code handle_left_open} for this pair: force-exits every trade with a filled entry at {@code open} of the
   * candle opening at {@code rowTime} (the last candle), in the order the trades opened. Trades whose entry never
   * filled are left as they are.
   */
  public void forceExit(long rowTime, double open, double high, double low) {
    List<SimTrade> left = new ArrayList<>(mine);
    for (SimTrade t : left) {
      if (t.hasOpenOrders() && t.filledEntriesCount() == 0) continue;
      placeExitOrder(t, rowTime, open, ExitType.FORCE_EXIT.value());
      t.exitReason = ExitType.FORCE_EXIT.value();
      SimOrder order = t.orders.get(t.orders.size() - 1);
      processExitOrder(order, t, rowTime, high, low);
    }
  }

  // --- backtest_loop ------------------------------------------------------------------------------------------

  void backtestLoop(long rowTime, double o, double h, double l, double c, int sig, String eTag,
      String xTag, long now, int dir, boolean canEnter) {
    // 1. Manage open orders (timeouts, replacements).
    for (int k = 0; k < mine.size(); k++) {
      SimTrade t = mine.get(k);
      if (manageOpenOrders(t, now, rowTime, o, h, l, eTag)) {
        mine.remove(k);
        wallet.onTradeCanceled(t);
        k--;
      }
    }
    // 2. Entries.
    if (canEnter && dir != 0 && (s.positionStacking || mine.isEmpty())) {
      if (tradeSlotAvailable()) {
        enterTrade(rowTime, o, h, l, dir < 0, eTag, null, Double.NaN, Double.NaN);
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
    if (wallet.slotAvailable()) return true;
    rejected++;
    return false;
  }

  private double validateStakeAmount(double stake, double minStake, double maxStake, double tradeStake) {
    if (!(stake != 0) || Double.isNaN(stake)) return 0;
    double maxAllowed = Math.min(maxStake, wallet.availableStakeAmount());
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
  private SimTrade enterTrade(long rowTime, double o, double h, double l, boolean isShort, String entryTag,
      SimTrade trade, double requestedRate, double requestedStake) {
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
      stake = wallet.tradeStakeAmount();
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
          Math.min(wallet.availableStakeAmount(), maxStake), leverage, tag, isShort);
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
      trade = new SimTrade(++tradeIdCounter, pairIndex, pair, isShort, rowTime, propose, stake, s.fee, leverage, tag);
      mine.add(trade);
      wallet.onTradeOpened(trade);
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
      enterTrade(rowTime, o, h, l, t.isShort, t.enterTag, t, requested,
          order.remaining() * order.price / t.leverage);
      if (!t.hasOpenOrders() && t.filledEntriesCount() == 0) return true;
      replacedEntryOrders++;
      return false;
    }
    return t.filledEntriesCount() == 0;
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
    FundingSeries f = funding;
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
    mine.remove(t);
    TradeResult result = toResult(t);
    if (keepClosed) closed.add(result);
    wallet.onTradeClosed(t, result);
    return true;
  }

  static TradeResult toResult(SimTrade t) {
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
