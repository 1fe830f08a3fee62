package io.agora.core.backtest;

import io.agora.core.strategy.TradeView;
import java.util.ArrayList;
import java.util.List;

/**
 * A trade of the simulation, mutable like Freqtrade's {@code LocalTrade}. Field semantics follow Freqtrade's so
 * that the arithmetic can be followed line by line: {@code stopLoss == 0} means "not set", NaN means None.
 */
final class SimTrade implements TradeView {
  final int id;
  final int pairIndex;
  final String pair;
  final boolean isShort;
  final long openTime;
  final double feeOpen;
  final double feeClose;
  final double leverage;
  final String enterTag;
  final List<SimOrder> orders = new ArrayList<>(2);

  double openRate;
  double stakeAmount;
  double maxStakeAmount;
  double amount;
  double openTradeValue;
  double stopLoss;
  double stopLossPct = Double.NaN;
  double initialStopLoss;
  double initialStopLossPct = Double.NaN;
  boolean stopLossTrailing;
  double maxRate = Double.NaN;
  double minRate = Double.NaN;
  double fundingFees;
  double fundingFeeRunning;
  boolean isOpen = true;
  long closeTime = Long.MIN_VALUE;
  double closeRate = Double.NaN;
  String exitReason;
  double closeProfit;
  double closeProfitAbs;

  SimTrade(int id, int pairIndex, String pair, boolean isShort, long openTime, double openRate, double stakeAmount,
      double fee, double leverage, String enterTag) {
    this.id = id;
    this.pairIndex = pairIndex;
    this.pair = pair;
    this.isShort = isShort;
    this.openTime = openTime;
    this.openRate = openRate;
    this.stakeAmount = stakeAmount;
    this.feeOpen = fee;
    this.feeClose = fee;
    this.leverage = leverage;
    this.enterTag = enterTag;
  }

  // --- Freqtrade's LocalTrade arithmetic -------------------------------------------------------------------

  double calcOpenTradeValue(double amt, double rate) {
    double v = amt * rate;
    double fees = v * feeOpen;
    return isShort ? v - fees : v + fees;
  }

  void recalcOpenTradeValue() {
    openTradeValue = calcOpenTradeValue(amount, openRate);
  }

  double calcCloseTradeValue(double rate, double amt, TradingMode mode) {
    double v = amt * rate;
    double fees = v * feeClose;
    double base = isShort ? v + fees : v - fees;
    if (mode == TradingMode.FUTURES) return isShort ? base - fundingFees : base + fundingFees;
    return base;
  }

  /** {@code calc_profit_ratio}: fee-inclusive, leveraged, rounded to 8 decimals like Freqtrade. */
  double calcProfitRatio(double rate, TradingMode mode) {
    double close = calcCloseTradeValue(rate, amount, mode);
    if (openTradeValue == 0.0) return 0.0;
    double r = isShort ? (1 - close / openTradeValue) * leverage : (close / openTradeValue - 1) * leverage;
    return FtMath.round8(r);
  }

  /** {@code adjust_min_max_rates}. */
  void adjustMinMaxRates(double high, double low) {
    maxRate = Math.max(high, Double.isNaN(maxRate) || maxRate == 0 ? openRate : maxRate);
    minRate = Math.min(low, Double.isNaN(minRate) || minRate == 0 ? openRate : minRate);
  }

  /** {@code adjust_stop_loss}: stops only ratchet in the trade's favour unless {@code allowRefresh}. */
  void adjustStopLoss(double currentPrice, double stoploss, boolean initial, boolean allowRefresh) {
    if (Double.isNaN(stoploss) || (initial && stopLoss != 0)) return;
    double newLoss = isShort
        ? currentPrice * (1 + Math.abs(stoploss / leverage))
        : currentPrice * (1 - Math.abs(stoploss / leverage));
    if (Double.isNaN(initialStopLossPct)) {
      setStopLoss(newLoss, stoploss);
      initialStopLoss = newLoss;
      initialStopLossPct = -1 * Math.abs(stoploss);
    } else {
      boolean higher = newLoss > stopLoss;
      boolean lower = newLoss < stopLoss;
      if (allowRefresh || (higher && !isShort) || (lower && isShort)) {
        if (!allowRefresh) stopLossTrailing = true;
        setStopLoss(newLoss, stoploss);
      }
    }
  }

  private void setStopLoss(double sl, double percent) {
    if (stopLoss == 0) initialStopLoss = sl;
    stopLoss = sl;
    stopLossPct = -1 * Math.abs(percent);
  }

  /** {@code set_funding_fees}: the running fee since the last fill, on top of the fees booked on orders. */
  void setFundingFees(double fee) {
    fundingFeeRunning = fee;
    double prior = 0;
    for (int i = 0; i < orders.size(); i++) prior += orders.get(i).fundingFee;
    fundingFees = prior + fee;
  }

  /** {@code date_last_filled_utc}. */
  long lastFilledTime() {
    long t = Long.MIN_VALUE;
    for (int i = 0; i < orders.size(); i++) {
      SimOrder o = orders.get(i);
      if (!o.open && o.filled > 0) t = Math.max(t, o.filledTime);
    }
    return t == Long.MIN_VALUE ? openTime : t;
  }

  // Counters kept in step with the order list: the loop asks about open orders several times per candle.
  private int openOrderCount;
  private int filledEntries;

  void addOrder(SimOrder o) {
    orders.add(o);
    if (o.open) openOrderCount++;
  }

  void removeOrder(SimOrder o) {
    if (orders.remove(o)) {
      if (o.open) openOrderCount--;
      else if (o.entry && o.filled > 0) filledEntries--;
    }
  }

  /** Marks an open order of this trade filled. */
  void markFilled(SimOrder o) {
    o.open = false;
    openOrderCount--;
    if (o.entry && o.filled > 0) filledEntries++;
  }

  boolean hasOpenOrders() {
    return openOrderCount > 0;
  }

  SimOrder openOrder(boolean entrySide) {
    if (openOrderCount == 0) return null;
    for (int i = 0; i < orders.size(); i++) {
      SimOrder o = orders.get(i);
      if (o.open && o.entry == entrySide) return o;
    }
    return null;
  }

  int filledEntriesCount() {
    return filledEntries;
  }

  /** {@code recalc_trade_from_orders} for the single-entry, single-exit trades the backtester makes. */
  void recalcFromOrders(boolean closing, TradingMode mode) {
    double currentAmount = 0;
    double currentStake = 0;
    double maxStake = 0;
    double totalStake = 0;
    double avgPrice = 0;
    double profitAbsSum = 0;
    double funding = 0;
    for (int i = 0; i < orders.size(); i++) {
      SimOrder o = orders.get(i);
      if (o.open || o.filled == 0) continue;
      funding += o.fundingFee;
      fundingFees = funding;
      double amt = o.filled;
      double price = o.price;
      if (!o.entry) {
        currentAmount -= amt;
        currentStake -= avgPrice * amt;
        profitAbsSum += profitAbs(price, amt, avgPrice, mode);
      } else {
        currentAmount += amt;
        currentStake += price * amt;
        if (currentAmount > 0) avgPrice = currentStake / currentAmount;
        totalStake += calcOpenTradeValue(amt, price);
        maxStake += amt * price;
      }
    }
    fundingFees = funding;
    maxStakeAmount = maxStake;
    if (currentAmount > 0) {
      openRate = currentStake / currentAmount;
      amount = currentAmount;
      stakeAmount = currentStake / leverage;
      recalcOpenTradeValue();
      if (!Double.isNaN(stopLossPct)) adjustStopLoss(openRate, stopLossPct, false, false);
    } else if (closing && totalStake > 0) {
      closeProfit = (profitAbsSum / totalStake) * leverage;
      closeProfitAbs = profitAbsSum;
    }
  }

  /** {@code calculate_profit(rate, amount, open_rate).profit_abs}, rounded to 8 decimals. */
  private double profitAbs(double rate, double amt, double avgOpen, TradingMode mode) {
    double close = calcCloseTradeValue(rate, amt, mode);
    double open = calcOpenTradeValue(amt, avgOpen);
    return FtMath.round8(isShort ? open - close : close - open);
  }

  // --- TradeView --------------------------------------------------------------------------------------------

  @Override
  public String pair() {
    return pair;
  }

  @Override
  public boolean isShort() {
    return isShort;
  }

  @Override
  public long openTime() {
    return openTime;
  }

  @Override
  public double openRate() {
    return openRate;
  }

  @Override
  public double amount() {
    return amount;
  }

  @Override
  public double stakeAmount() {
    return stakeAmount;
  }

  @Override
  public double leverage() {
    return leverage;
  }

  @Override
  public String enterTag() {
    return enterTag;
  }

  @Override
  public double stopLoss() {
    return stopLoss;
  }

  @Override
  public int filledEntries() {
    return filledEntriesCount();
  }
}
