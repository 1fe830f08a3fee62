package io.agora.agents.readside;

import io.agora.core.market.Side;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.Objects;

/**
 * A position of one account on one venue in one pair, as the {@code positions} table keeps it.
 *
 * <p><b>Convention.</b> {@code quantity} is signed, in base currency: buys add, sells subtract, negative is short.
 * {@code averagePrice} is the volume-weighted price of the fills that opened the current position (quote per base);
 * fills that add to it re-weigh it, fills that reduce it leave it as it is, and it is 0 when the position is flat.
 * A reducing fill realises {@code (price − averagePrice) × closed × sign(quantity)} into {@code realizedPnl} (quote
 * currency), before fees: fees are per fill in {@code trades.fee}, so the net result is
 * {@code realized_pnl − SUM(trades.fee)}. A fill larger than the position closes it and opens the remainder the other
 * way at the fill's price. Values are kept at the tables' scale (18 decimals), so what is computed equals what is read
 * back.
 */
record Position(BigDecimal quantity, BigDecimal averagePrice, BigDecimal realizedPnl) {

  /** The scale of the tables' NUMERIC(38, 18) columns. */
  static final int SCALE = 18;

  static final Position FLAT = new Position(BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO);

  Position {
    quantity = scaled(Objects.requireNonNull(quantity, "quantity"));
    averagePrice = scaled(Objects.requireNonNull(averagePrice, "averagePrice"));
    realizedPnl = scaled(Objects.requireNonNull(realizedPnl, "realizedPnl"));
  }

  /** The position after a fill of {@code amount} (> 0, base currency) at {@code price}. */
  Position after(Side side, BigDecimal amount, BigDecimal price) {
    if (amount.signum() <= 0) throw new IllegalArgumentException("fill amount must be > 0, was " + amount);
    BigDecimal signed = side == Side.BUY ? amount : amount.negate();
    BigDecimal next = quantity.add(signed);
    if (quantity.signum() == 0 || quantity.signum() == signed.signum()) {
      BigDecimal cost = quantity.abs().multiply(averagePrice).add(amount.multiply(price));
      return new Position(next, cost.divide(next.abs(), MathContext.DECIMAL128), realizedPnl);
    }
    BigDecimal closed = amount.min(quantity.abs());
    BigDecimal pnl = price.subtract(averagePrice).multiply(closed).multiply(BigDecimal.valueOf(quantity.signum()));
    BigDecimal average = next.signum() == 0 ? BigDecimal.ZERO
        : next.signum() == quantity.signum() ? averagePrice
        : price;
    return new Position(next, average, realizedPnl.add(pnl));
  }

  static BigDecimal scaled(BigDecimal v) {
    return v.setScale(SCALE, RoundingMode.HALF_EVEN);
  }
}
