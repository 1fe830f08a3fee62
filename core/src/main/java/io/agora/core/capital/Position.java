package io.agora.core.capital;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * A position in one pair held at average cost: {@code quantity} of base (negative when more was sold than bought
 * through this ledger) and {@code cost} in quote, with the same sign as the quantity.
 */
public record Position(String base, String quote, BigDecimal quantity, BigDecimal cost) {

  /** Scale of the cost released when part of a position is closed (the only division in the ledger). */
  public static final int COST_SCALE = 18;

  public static Position flat(String base, String quote) {
    return new Position(base, quote, BigDecimal.ZERO, BigDecimal.ZERO);
  }

  public boolean isFlat() {
    return quantity.signum() == 0;
  }

  /** The result of trading {@code signedQty} at {@code price}: the new position and the PnL it realised. */
  public record Trade(Position position, BigDecimal realisedPnl) {}

  /**
   * Adds {@code signedQty} (positive buys) at {@code price}. Opening or adding keeps the exact cost; reducing
   * releases the closed share of the cost (rounded to {@link #COST_SCALE}, all of it when the position is closed)
   * and realises the difference to the proceeds, so cost released + PnL always equals the quote exchanged.
   */
  public Trade trade(BigDecimal signedQty, BigDecimal price) {
    if (quantity.signum() == 0 || quantity.signum() == signedQty.signum()) {
      return new Trade(
          new Position(base, quote, quantity.add(signedQty), cost.add(signedQty.multiply(price))), BigDecimal.ZERO);
    }
    BigDecimal held = quantity.abs();
    BigDecimal closing = signedQty.abs().min(held);
    BigDecimal released =
        closing.compareTo(held) == 0
            ? cost
            : cost.multiply(closing).divide(held, COST_SCALE, RoundingMode.HALF_EVEN);
    BigDecimal proceeds = closing.multiply(price);
    BigDecimal realised = quantity.signum() > 0 ? proceeds.subtract(released) : proceeds.negate().subtract(released);
    BigDecimal newQty = quantity.add(signedQty);
    BigDecimal newCost = cost.subtract(released);
    if (closing.compareTo(signedQty.abs()) < 0) { // flipped: the remainder opens the other side at this price
      newCost = newCost.add(newQty.multiply(price));
    }
    return new Trade(new Position(base, quote, newQty, newCost), realised);
  }
}
