package io.agora.core.meta;

/**
 * The latest wish of one strategy instance for one pair. {@code time} is the open time (epoch millis) of the candle
 * the strategy decided on: two intents of one strategy with the same time are the same vote. {@code strength} is in
 * [0, 1] and scales the strategy's weight under {@link Policy#WEIGHTED}.
 */
public record Intent(String strategyId, String pair, Direction direction, double strength, long time) {

  /** Why this intent cannot be used, or null. */
  public String problem() {
    if (strategyId == null || strategyId.isBlank()) return "intent needs a strategy id";
    if (pair == null || pair.isBlank()) return "intent of " + strategyId + " needs a pair";
    if (direction == null) return "intent of " + strategyId + " needs a direction";
    if (!(strength >= 0 && strength <= 1)) return "strength must be in [0, 1], was " + strength;
    return null;
  }
}
