package io.agora.core.paper;

import io.agora.core.market.Side;
import java.util.ArrayList;
import java.util.List;

/**
 * Deterministic fill model of the paper venue (XChange's simulated exchange idea, without an order book): an open
 * order meets the next candle (or a quote) and may produce a fill. Stateless; the caller keeps the order's remaining
 * amount and, when several orders meet one candle, the candle's remaining volume budget.
 *
 * <p>Rules on a candle:
 * <ul>
 *   <li>Market: fills at the open, moved against the order by {@code slippageBps}; taker fee.</li>
 *   <li>Limit: fills only when {@code low <= price <= high}, at the limit price (no slippage, a limit guarantees
 *       its price); maker fee. A limit outside the range stays open, even a marketable one, as in the backtester.</li>
 *   <li>Volume: at most {@code maxVolumeFraction * volume} per candle (shared by the orders that meet it); the rest
 *       stays open for the next candle. A candle with volume 0 fills nothing.</li>
 *   <li>Freqtrade mode: no slippage, no volume limit, full fills, so paper trading reproduces the backtester.</li>
 * </ul>
 * Rules on a quote: a market order (and a limit that the quote crosses: buy {@code ask <= price}, sell
 * {@code bid >= price}) fills at the touch with slippage, never beyond its limit, taker fee, at most
 * {@code maxVolumeFraction} of the touch size when the size is known.
 */
public final class PaperFillModel {
  private final FillSettings settings;

  public PaperFillModel(FillSettings settings) {
    this.settings = settings;
  }

  public FillSettings settings() {
    return settings;
  }

  /** The volume the orders meeting {@code candle} may take together. */
  public double volumeBudget(Candle candle) {
    if (settings.freqtradeMode() || settings.maxVolumeFraction() == Double.POSITIVE_INFINITY) {
      return Double.POSITIVE_INFINITY;
    }
    return settings.maxVolumeFraction() * candle.volume();
  }

  /** The fill of {@code order} on {@code candle}, or null; {@code budget} from {@link #volumeBudget}, less what earlier orders took. */
  public Fill onCandle(PaperOrder order, Candle candle, double budget) {
    if (!(order.remaining() > 0)) return null;
    double price;
    double rate;
    Liquidity liq;
    if (order.type() == OrderType.MARKET) {
      price = slipped(order.side(), candle.open());
      rate = settings.takerFee();
      liq = Liquidity.TAKER;
    } else {
      if (!(candle.low() <= order.price() && order.price() <= candle.high())) return null;
      price = order.price();
      rate = settings.makerFee();
      liq = Liquidity.MAKER;
    }
    return sized(order, candle.openTime(), price, rate, liq, settings.freqtradeMode() ? Double.POSITIVE_INFINITY : budget);
  }

  /** Fills of {@code order} over consecutive candles, each with its full budget, until it is filled. */
  public List<Fill> onCandles(PaperOrder order, List<Candle> candles) {
    List<Fill> fills = new ArrayList<>();
    PaperOrder o = order;
    for (Candle c : candles) {
      Fill f = onCandle(o, c, volumeBudget(c));
      if (f == null) continue;
      fills.add(f);
      if (f.completes()) break;
      o = new PaperOrder(o.side(), o.type(), o.price(), o.remaining() - f.amount());
    }
    return fills;
  }

  /** The fill of {@code order} against the top of book, or null. */
  public Fill onQuote(PaperOrder order, Quote quote) {
    if (!(order.remaining() > 0)) return null;
    boolean buy = order.side() == Side.BUY;
    double touch = buy ? quote.ask() : quote.bid();
    double size = buy ? quote.askSize() : quote.bidSize();
    if (order.type() == OrderType.LIMIT && (buy ? touch > order.price() : touch < order.price())) return null;
    double price = settings.freqtradeMode() ? touch : slipped(order.side(), touch);
    if (order.type() == OrderType.LIMIT) price = buy ? Math.min(price, order.price()) : Math.max(price, order.price());
    double budget = settings.freqtradeMode() || size == 0 || settings.maxVolumeFraction() == Double.POSITIVE_INFINITY
        ? Double.POSITIVE_INFINITY
        : settings.maxVolumeFraction() * size;
    return sized(order, quote.time(), price, settings.takerFee(), Liquidity.TAKER, budget);
  }

  private Fill sized(PaperOrder order, long time, double price, double rate, Liquidity liq, double budget) {
    if (!(budget > 0)) return null;
    boolean completes = budget >= order.remaining();
    double amount = completes ? order.remaining() : budget;
    return new Fill(time, amount, price, amount * price * rate, rate, liq, completes);
  }

  private double slipped(Side side, double price) {
    if (settings.freqtradeMode() || settings.slippageBps() == 0) return price;
    return price * (1 + side.sign() * settings.slippageBps() / 10_000.0);
  }
}
