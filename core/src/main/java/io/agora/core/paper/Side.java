package io.agora.core.paper;

/** Order side. */
public enum Side {
  BUY,
  SELL;

  /** +1 for a buy, -1 for a sell: the direction in which slippage moves the price against the order. */
  public int sign() {
    return this == BUY ? 1 : -1;
  }
}
