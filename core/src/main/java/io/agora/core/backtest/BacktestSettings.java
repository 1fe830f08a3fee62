package io.agora.core.backtest;

import io.agora.core.market.Timeframe;
import java.util.Objects;

/**
 * Everything the backtest loop needs from a Freqtrade configuration merged over the strategy's own settings.
 * Built with {@link #builder()}; defaults are Freqtrade's.
 */
public final class BacktestSettings {
  public final String stakeCurrency;
  /** Fixed stake per trade; ignored when {@link #unlimitedStake}. */
  public final double stakeAmount;
  public final boolean unlimitedStake;
  public final double dryRunWallet;
  public final double tradableBalanceRatio;
  /** Freqtrade's {@code available_capital}; NaN when unset. */
  public final double availableCapital;
  /** {@code max_open_trades}; -1 means unlimited. */
  public final int maxOpenTrades;
  public final double fee;
  public final RoiTable minimalRoi;
  public final double stoploss;
  public final boolean trailingStop;
  /** NaN when unset (Freqtrade's None). */
  public final double trailingStopPositive;
  public final double trailingStopPositiveOffset;
  public final boolean trailingOnlyOffsetIsReached;
  public final boolean useCustomStoploss;
  public final boolean useExitSignal;
  public final boolean exitProfitOnly;
  public final double exitProfitOffset;
  public final boolean ignoreRoiIfEntrySignal;
  public final TradingMode tradingMode;
  public final String marginMode;
  /** Unfilled order timeouts in milliseconds; -1 when unset. */
  public final long entryTimeoutMs;
  public final long exitTimeoutMs;
  public final boolean entryOrderLimit;
  public final boolean exitOrderLimit;
  public final double minStake;
  public final double maxStake;
  public final double maxLeverage;
  public final Timeframe timeframe;
  /** Null when no detail timeframe is used. */
  public final Timeframe timeframeDetail;
  public final boolean amendLastStakeAmount;
  public final double lastStakeAmountMinRatio;
  public final boolean positionStacking;
  /** Timerange in epoch ms; {@code Long.MIN_VALUE}/{@code Long.MAX_VALUE} when open. */
  public final long timerangeStart;
  public final long timerangeStop;

  private BacktestSettings(Builder b) {
    stakeCurrency = b.stakeCurrency;
    stakeAmount = b.stakeAmount;
    unlimitedStake = b.unlimitedStake;
    dryRunWallet = b.dryRunWallet;
    tradableBalanceRatio = b.tradableBalanceRatio;
    availableCapital = b.availableCapital;
    maxOpenTrades = b.maxOpenTrades;
    fee = b.fee;
    minimalRoi = b.minimalRoi;
    stoploss = b.stoploss;
    trailingStop = b.trailingStop;
    trailingStopPositive = b.trailingStopPositive;
    trailingStopPositiveOffset = b.trailingStopPositiveOffset;
    trailingOnlyOffsetIsReached = b.trailingOnlyOffsetIsReached;
    useCustomStoploss = b.useCustomStoploss;
    useExitSignal = b.useExitSignal;
    exitProfitOnly = b.exitProfitOnly;
    exitProfitOffset = b.exitProfitOffset;
    ignoreRoiIfEntrySignal = b.ignoreRoiIfEntrySignal;
    tradingMode = b.tradingMode;
    marginMode = b.marginMode;
    entryTimeoutMs = b.entryTimeoutMs;
    exitTimeoutMs = b.exitTimeoutMs;
    entryOrderLimit = b.entryOrderLimit;
    exitOrderLimit = b.exitOrderLimit;
    minStake = b.minStake;
    maxStake = b.maxStake;
    maxLeverage = b.maxLeverage;
    timeframe = Objects.requireNonNull(b.timeframe, "timeframe");
    timeframeDetail = b.timeframeDetail;
    amendLastStakeAmount = b.amendLastStakeAmount;
    lastStakeAmountMinRatio = b.lastStakeAmountMinRatio;
    positionStacking = b.positionStacking;
    timerangeStart = b.timerangeStart;
    timerangeStop = b.timerangeStop;
    if (timeframeDetail != null && timeframeDetail.millis() >= timeframe.millis()) {
      throw new IllegalArgumentException("timeframe_detail (" + timeframeDetail + ") must be smaller than timeframe (" + timeframe + ")");
    }
    if (unlimitedStake && maxOpenTrades < 0) {
      throw new IllegalArgumentException("stake_amount \"unlimited\" needs a finite max_open_trades");
    }
    if (!unlimitedStake && !(stakeAmount > 0)) {
      throw new IllegalArgumentException("stake_amount must be a positive number or \"unlimited\", got " + stakeAmount);
    }
    if (!(tradableBalanceRatio > 0 && tradableBalanceRatio <= 1)) {
      throw new IllegalArgumentException("tradable_balance_ratio must be in (0, 1], got " + tradableBalanceRatio);
    }
    if (!(fee >= 0 && fee < 0.1)) throw new IllegalArgumentException("fee must be a ratio in [0, 0.1), got " + fee);
    if (!(stoploss < 0 && stoploss >= -1)) throw new IllegalArgumentException("stoploss must be in [-1, 0), got " + stoploss);
  }

  public static Builder builder() {
    return new Builder();
  }

  public Builder toBuilder() {
    Builder b = new Builder();
    b.stakeCurrency = stakeCurrency;
    b.stakeAmount = stakeAmount;
    b.unlimitedStake = unlimitedStake;
    b.dryRunWallet = dryRunWallet;
    b.tradableBalanceRatio = tradableBalanceRatio;
    b.availableCapital = availableCapital;
    b.maxOpenTrades = maxOpenTrades;
    b.fee = fee;
    b.minimalRoi = minimalRoi;
    b.stoploss = stoploss;
    b.trailingStop = trailingStop;
    b.trailingStopPositive = trailingStopPositive;
    b.trailingStopPositiveOffset = trailingStopPositiveOffset;
    b.trailingOnlyOffsetIsReached = trailingOnlyOffsetIsReached;
    b.useCustomStoploss = useCustomStoploss;
    b.useExitSignal = useExitSignal;
    b.exitProfitOnly = exitProfitOnly;
    b.exitProfitOffset = exitProfitOffset;
    b.ignoreRoiIfEntrySignal = ignoreRoiIfEntrySignal;
    b.tradingMode = tradingMode;
    b.marginMode = marginMode;
    b.entryTimeoutMs = entryTimeoutMs;
    b.exitTimeoutMs = exitTimeoutMs;
    b.entryOrderLimit = entryOrderLimit;
    b.exitOrderLimit = exitOrderLimit;
    b.minStake = minStake;
    b.maxStake = maxStake;
    b.maxLeverage = maxLeverage;
    b.timeframe = timeframe;
    b.timeframeDetail = timeframeDetail;
    b.amendLastStakeAmount = amendLastStakeAmount;
    b.lastStakeAmountMinRatio = lastStakeAmountMinRatio;
    b.positionStacking = positionStacking;
    b.timerangeStart = timerangeStart;
    b.timerangeStop = timerangeStop;
    return b;
  }

  /** Mutable builder with Freqtrade's defaults. */
  public static final class Builder {
    public String stakeCurrency = "USDT";
    public double stakeAmount = Double.NaN;
    public boolean unlimitedStake;
    public double dryRunWallet = 1000;
    public double tradableBalanceRatio = 0.99;
    public double availableCapital = Double.NaN;
    public int maxOpenTrades = -1;
    public double fee = 0.001;
    public RoiTable minimalRoi = RoiTable.empty();
    public double stoploss = -0.1;
    public boolean trailingStop;
    public double trailingStopPositive = Double.NaN;
    public double trailingStopPositiveOffset = 0.0;
    public boolean trailingOnlyOffsetIsReached;
    public boolean useCustomStoploss;
    public boolean useExitSignal = true;
    public boolean exitProfitOnly;
    public double exitProfitOffset;
    public boolean ignoreRoiIfEntrySignal;
    public TradingMode tradingMode = TradingMode.SPOT;
    public String marginMode = "";
    public long entryTimeoutMs = -1;
    public long exitTimeoutMs = -1;
    public boolean entryOrderLimit = true;
    public boolean exitOrderLimit = true;
    public double minStake = 1e-5;
    public double maxStake = Double.POSITIVE_INFINITY;
    public double maxLeverage = Double.POSITIVE_INFINITY;
    public Timeframe timeframe;
    public Timeframe timeframeDetail;
    public boolean amendLastStakeAmount;
    public double lastStakeAmountMinRatio = 0.5;
    public boolean positionStacking;
    public long timerangeStart = Long.MIN_VALUE;
    public long timerangeStop = Long.MAX_VALUE;

    public BacktestSettings build() {
      return new BacktestSettings(this);
    }
  }
}
