package io.agora.core.indicator;

/**
 * What every indicator kernel in this package has in common. The kernels take one candle per {@code update(...)}
 * call in O(1) time and allocate nothing after construction, so one instance serves a live agent candle by candle
 * and, through each class's static {@code compute(...)}, a backtest over whole arrays.
 *
 * <p>Outputs are {@code NaN} until the warm-up is over. Inputs are expected to be finite: a {@code NaN} fed in
 * stays in the state until {@link #reset()}.
 */
public interface Indicator {

  /** True once every output is defined, that is after {@link #warmUp()} updates. */
  boolean isReady();

  /** Back to the freshly constructed state; the buffers are kept. */
  void reset();

  /** Number of updates after which {@link #isReady()} turns true (TA-Lib's "lookback" plus one). */
  int warmUp();
}
