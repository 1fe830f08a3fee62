package io.agora.core.market;

/** Direction of an order or a fill: a buy receives base and pays quote, a sell the reverse. */
public enum Side {
  BUY,
  SELL;

  /** +1 for a buy, -1 for a sell (also the direction in which slippage moves a price against the order). */
  public int sign() {
    return this == BUY ? 1 : -1;
  }
}
