package io.agora.models.features;

/**
 * The incremental state behind one feature. A kernel sees each closed candle once and never an index, so it cannot
 * read ahead: the no-lookahead guarantee holds by construction and the tests only confirm it.
 */
interface Kernel {

  /** Takes the candle just closed; returns the feature's raw value, {@code NaN} while warming up. */
  double update(double open, double high, double low, double close, double volume);

  /** Updates after which {@link #update} returns a value (the candle that produces the first one included). */
  int warmup();

  void reset();
}
