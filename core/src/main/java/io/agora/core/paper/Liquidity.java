package io.agora.core.paper;

/** Whether a fill added liquidity (maker fee) or took it (taker fee). */
public enum Liquidity {
  MAKER,
  TAKER
}
