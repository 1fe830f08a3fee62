package io.agora.core.paper;

/**
 * Parameters of the paper venue.
 *
 * @param makerFee fee rate of a fill that rests in the book (limit orders), e.g. 0.001 for 0.1 %
 * @param takerFee fee rate of a fill that takes liquidity (market orders, quote-crossing limit orders)
 * @param slippageBps adverse slippage in basis points applied to market fills (buys pay more, sells get less)
 * @param maxVolumeFraction at most this fraction of a candle's volume is filled per candle, over all orders fed
 *     that candle; {@link Double#POSITIVE_INFINITY} switches the limit off
 * @param freqtradeMode reproduce the backtester: no slippage, no volume limit, full fills; a limit fills at its price
 *     when {@code low <= price <= high}, a market order at the candle open; one fee rate ({@code takerFee ==
 *     makerFee})
 */
public record FillSettings(
    double makerFee, double takerFee, double slippageBps, double maxVolumeFraction, boolean freqtradeMode) {

  public FillSettings {
    if (!(makerFee >= 0) || !(takerFee >= 0)) throw new IllegalArgumentException("fee rates must be >= 0");
    if (!(slippageBps >= 0)) throw new IllegalArgumentException("slippage must be >= 0 bps");
    if (!(maxVolumeFraction > 0)) throw new IllegalArgumentException("max volume fraction must be > 0");
    if (freqtradeMode && (makerFee != takerFee || slippageBps != 0 || maxVolumeFraction != Double.POSITIVE_INFINITY)) {
      throw new IllegalArgumentException("freqtrade mode has one fee rate, no slippage and no volume limit");
    }
  }

  /** The backtester's rules with Freqtrade's single {@code fee} rate. */
  public static FillSettings freqtrade(double fee) {
    return new FillSettings(fee, fee, 0, Double.POSITIVE_INFINITY, true);
  }

  /** A realistic venue: maker/taker fees, adverse slippage, volume-limited partial fills. */
  public static FillSettings realistic(double makerFee, double takerFee, double slippageBps, double maxVolumeFraction) {
    return new FillSettings(makerFee, takerFee, slippageBps, maxVolumeFraction, false);
  }
}
