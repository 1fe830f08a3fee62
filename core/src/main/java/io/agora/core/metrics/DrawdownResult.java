package io.agora.core.metrics;

/**
 * Freqtrade's {@code DrawDownResult}: the largest fall of the cumulative profit, the dates of the peak before it and
 * of the trough, the cumulative values there, and the fall relative to the account at the peak.
 *
 * @param drawdownAbs absolute drawdown (positive) in the value's unit
 * @param highDate epoch ms of the peak (the row where the running high was first reached)
 * @param lowDate epoch ms of the trough
 * @param highValue cumulative value at the peak (without starting balance)
 * @param lowValue cumulative value at the trough (without starting balance)
 * @param relativeAccountDrawdown {@code (peak balance - trough balance) / peak balance}; with a starting balance of 0
 *     Freqtrade divides by the peak cumulative value instead, which can be negative or infinite
 */
public record DrawdownResult(
    double drawdownAbs, long highDate, long lowDate, double highValue, double lowValue, double relativeAccountDrawdown) {}
