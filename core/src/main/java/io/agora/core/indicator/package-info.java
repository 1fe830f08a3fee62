/**
 * Technical indicators as small incremental kernels over primitives.
 *
 * <p>Each indicator is a final class with a constructor taking its parameters, an {@code update(...)} taking one
 * candle's inputs in O(1) (amortized for the rolling extrema and the rolling variance), accessors for its outputs,
 * {@link io.agora.core.indicator.Indicator#isReady()} and {@link io.agora.core.indicator.Indicator#reset()}. Nothing
 * is allocated after construction, so a live agent feeds it candle by candle. A static {@code compute(...)} runs the
 * same class over whole arrays for a backtest, so batch and incremental results are identical by construction.
 * Outputs are {@code NaN} until their warm-up ends; each class documents where.
 *
 * <p>Where TA-Lib (hence Freqtrade) and ta4j differ, both are available: {@link io.agora.core.indicator.Seeding}
 * for EMA, MACD, RSI, StochRSI, ATR and ADX ({@code SMA} = TA-Lib, the default; {@code FIRST_VALUE} = ta4j and
 * pandas {@code ewm(adjust=False)}), {@link io.agora.core.indicator.Obv.Origin} for OBV and
 * {@link io.agora.core.indicator.StdDevKind} for the deviation behind Bollinger bands, standard deviation and
 * z-score. Degenerate inputs (zero range, no losses, zero variance) give the values TA-Lib gives, never an
 * infinity; zero volume gives {@code NaN} for a VWAP, as ta4j and pandas.
 *
 * <p>Sliding and cumulative sums are compensated (Neumaier), and the rolling variance is rebuilt around a value
 * inside its window every {@code period} updates, so results stay within 1e-9 of a direct computation over
 * millions of candles and a window of identical values has a deviation of exactly 0.
 */
package io.agora.core.indicator;
