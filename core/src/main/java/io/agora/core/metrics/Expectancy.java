package io.agora.core.metrics;

/**
 * Freqtrade's {@code calculate_expectancy} result.
 *
 * @param expectancy average result per trade in the value's unit: {@code winrate * avgWin - lossrate * avgLoss}
 * @param ratio {@code (1 + avgWin / avgLoss) * winrate - 1}; 100 when there is no losing trade (Freqtrade's
 *     sentinel)
 */
public record Expectancy(double expectancy, double ratio) {}
