package io.agora.core.paper;

/** Top of book: best bid and ask with their sizes (0 size means unknown, not empty). */
public record Quote(long time, double bid, double bidSize, double ask, double askSize) {
  public Quote {
    if (!(bid > 0) || !(ask > 0) || bid > ask) {
      throw new IllegalArgumentException("inconsistent quote at " + time + ": bid=" + bid + " ask=" + ask);
    }
    if (!(bidSize >= 0) || !(askSize >= 0)) throw new IllegalArgumentException("quote sizes must be >= 0");
  }
}
