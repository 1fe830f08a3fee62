package io.agora.core.metrics;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The configuration facts and data range of one backtest run that Freqtrade's {@code generate_strategy_stats} copies
 * into the report. Build it with {@link #builder()}, whose defaults are Freqtrade's.
 *
 * @param pairlist the pairs of the run, in data order (Freqtrade uses the keys of the loaded data)
 * @param stakeCurrency e.g. {@code BTC}, {@code USDT}
 * @param stakeAmount stake per trade; {@link #UNLIMITED_STAKE} for Freqtrade's {@code "unlimited"}
 * @param maxOpenTrades configured maximum of open trades; -1 for unlimited (Freqtrade's {@code inf})
 * @param dryRunWallet starting balance
 * @param timeframe e.g. {@code 5m}
 * @param timeframeDetail detail timeframe, or null when none
 * @param timerange the timerange argument as given ({@code 20180110-20180130}), or null when none
 * @param backtestStart first candle time of the backtest (Freqtrade's {@code min_date}), epoch ms
 * @param backtestEnd last candle time of the backtest ({@code max_date}), epoch ms
 * @param minimalRoi minutes since entry to required profit ratio; kept sorted by minutes
 * @param stoploss stop-loss ratio (negative)
 * @param trailingStopPositive null when not configured
 * @param tradingMode {@code spot}, {@code margin} or {@code futures}
 * @param marginMode {@code isolated}, {@code cross}, or empty for spot
 */
public record BacktestRunInfo(
    List<String> pairlist,
    String stakeCurrency,
    double stakeAmount,
    int maxOpenTrades,
    double dryRunWallet,
    String timeframe,
    String timeframeDetail,
    String timerange,
    long backtestStart,
    long backtestEnd,
    Map<Integer, Double> minimalRoi,
    double stoploss,
    boolean trailingStop,
    Double trailingStopPositive,
    double trailingStopPositiveOffset,
    boolean trailingOnlyOffsetIsReached,
    boolean useCustomStoploss,
    boolean useExitSignal,
    boolean exitProfitOnly,
    double exitProfitOffset,
    boolean ignoreRoiIfEntrySignal,
    boolean enableProtections,
    String tradingMode,
    String marginMode) {

  /** Freqtrade's {@code stake_amount: "unlimited"}. */
  public static final double UNLIMITED_STAKE = Double.POSITIVE_INFINITY;

  public BacktestRunInfo {
    pairlist = List.copyOf(pairlist);
    Objects.requireNonNull(stakeCurrency, "stakeCurrency");
    Objects.requireNonNull(timeframe, "timeframe");
    Objects.requireNonNull(tradingMode, "tradingMode");
    Objects.requireNonNull(marginMode, "marginMode");
    if (!(stakeAmount > 0)) throw new IllegalArgumentException("stake amount must be positive (or unlimited): " + stakeAmount);
    // Every relative figure divides by the starting balance.
    if (!(dryRunWallet > 0)) throw new IllegalArgumentException("dry_run_wallet (starting balance) must be positive: " + dryRunWallet);
    if (maxOpenTrades < -1) throw new IllegalArgumentException("max_open_trades must be -1 (unlimited) or >= 0: " + maxOpenTrades);
    minimalRoi = Collections.unmodifiableMap(new LinkedHashMap<>(new TreeMap<>(minimalRoi)));
  }

  public boolean unlimitedStake() {
    return stakeAmount == UNLIMITED_STAKE;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Builder with Freqtrade's configuration defaults; pairlist, stake currency and amount, wallet, timeframe and dates are required. */
  public static final class Builder {
    private List<String> pairlist;
    private String stakeCurrency;
    private double stakeAmount = Double.NaN;
    private int maxOpenTrades = -1;
    private double dryRunWallet = 1000;
    private String timeframe;
    private String timeframeDetail;
    private String timerange;
    private Long backtestStart;
    private Long backtestEnd;
    private Map<Integer, Double> minimalRoi = Map.of();
    private double stoploss = -0.10;
    private boolean trailingStop;
    private Double trailingStopPositive;
    private double trailingStopPositiveOffset = 0.0;
    private boolean trailingOnlyOffsetIsReached;
    private boolean useCustomStoploss;
    private boolean useExitSignal = true;
    private boolean exitProfitOnly;
    private double exitProfitOffset = 0.0;
    private boolean ignoreRoiIfEntrySignal;
    private boolean enableProtections;
    private String tradingMode = "spot";
    private String marginMode = "";

    private Builder() {}

    public Builder pairlist(List<String> v) { pairlist = v; return this; }
    public Builder stakeCurrency(String v) { stakeCurrency = v; return this; }
    public Builder stakeAmount(double v) { stakeAmount = v; return this; }
    public Builder unlimitedStake() { stakeAmount = UNLIMITED_STAKE; return this; }
    public Builder maxOpenTrades(int v) { maxOpenTrades = v; return this; }
    public Builder dryRunWallet(double v) { dryRunWallet = v; return this; }
    public Builder timeframe(String v) { timeframe = v; return this; }
    public Builder timeframeDetail(String v) { timeframeDetail = v; return this; }
    public Builder timerange(String v) { timerange = v; return this; }
    public Builder backtestStart(long epochMs) { backtestStart = epochMs; return this; }
    public Builder backtestEnd(long epochMs) { backtestEnd = epochMs; return this; }
    public Builder minimalRoi(Map<Integer, Double> v) { minimalRoi = v; return this; }
    public Builder stoploss(double v) { stoploss = v; return this; }
    public Builder trailingStop(boolean v) { trailingStop = v; return this; }
    public Builder trailingStopPositive(Double v) { trailingStopPositive = v; return this; }
    public Builder trailingStopPositiveOffset(double v) { trailingStopPositiveOffset = v; return this; }
    public Builder trailingOnlyOffsetIsReached(boolean v) { trailingOnlyOffsetIsReached = v; return this; }
    public Builder useCustomStoploss(boolean v) { useCustomStoploss = v; return this; }
    public Builder useExitSignal(boolean v) { useExitSignal = v; return this; }
    public Builder exitProfitOnly(boolean v) { exitProfitOnly = v; return this; }
    public Builder exitProfitOffset(double v) { exitProfitOffset = v; return this; }
    public Builder ignoreRoiIfEntrySignal(boolean v) { ignoreRoiIfEntrySignal = v; return this; }
    public Builder enableProtections(boolean v) { enableProtections = v; return this; }
    public Builder tradingMode(String v) { tradingMode = v; return this; }
    public Builder marginMode(String v) { marginMode = v; return this; }

    public BacktestRunInfo build() {
      if (pairlist == null) throw new IllegalStateException("pairlist is required");
      if (backtestStart == null || backtestEnd == null) throw new IllegalStateException("backtest start and end are required");
      return new BacktestRunInfo(
          pairlist,
          stakeCurrency,
          stakeAmount,
          maxOpenTrades,
          dryRunWallet,
          timeframe,
          timeframeDetail,
          timerange,
          backtestStart,
          backtestEnd,
          minimalRoi,
          stoploss,
          trailingStop,
          trailingStopPositive,
          trailingStopPositiveOffset,
          trailingOnlyOffsetIsReached,
          useCustomStoploss,
          useExitSignal,
          exitProfitOnly,
          exitProfitOffset,
          ignoreRoiIfEntrySignal,
          enableProtections,
          tradingMode,
          marginMode);
    }
  }
}
