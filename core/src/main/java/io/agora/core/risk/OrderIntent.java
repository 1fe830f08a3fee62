package io.agora.core.risk;

import io.agora.core.market.Side;
import java.math.BigDecimal;
import java.util.Objects;

/**
 * An order about to be sent: spot, long only, so a BUY is an entry (it opens or adds) and a SELL an exit. Exits
 * are never blocked by the entry-only rules (size, exposure, open trades, losses, protections).
 */
public record OrderIntent(String pair, String asset, Side side, BigDecimal amount, BigDecimal price) {
  public OrderIntent {
    Objects.requireNonNull(pair, "pair");
    Objects.requireNonNull(asset, "asset");
    Objects.requireNonNull(side, "side");
    if (amount == null || amount.signum() <= 0) throw new IllegalArgumentException("amount must be > 0");
    if (price == null || price.signum() <= 0) throw new IllegalArgumentException("price must be > 0");
  }

  public boolean isEntry() {
    return side == Side.BUY;
  }

  public BigDecimal notional() {
    return amount.multiply(price);
  }
}
