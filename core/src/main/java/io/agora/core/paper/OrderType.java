package io.agora.core.paper;

/** Order type understood by the paper venue. */
public enum OrderType {
  MARKET,
  LIMIT
}
