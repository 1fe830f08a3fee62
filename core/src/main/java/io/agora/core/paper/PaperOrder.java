package io.agora.core.paper;

import io.agora.core.market.Side;
/**
 * What the fill model needs to know about an open order: {@code price} is the limit price (ignored for market
 * orders), {@code remaining} the amount still open (base currency).
 */
public record PaperOrder(Side side, OrderType type, double price, double remaining) {
  public PaperOrder {
    if (side == null || type == null) throw new IllegalArgumentException("order needs side and type");
    if (type == OrderType.LIMIT && !(price > 0)) throw new IllegalArgumentException("limit order needs a price > 0");
    if (!(remaining >= 0)) throw new IllegalArgumentException("remaining amount must be >= 0");
  }
}
