package io.agora.core.metrics;

/** Longest runs of consecutive winning and non-winning trades (Freqtrade's {@code calc_streak}). */
public record Streaks(int maxConsecutiveWins, int maxConsecutiveLosses) {}
