package io.agora.core.capital;

import io.agora.core.market.Side;
import java.math.BigDecimal;
import java.util.Objects;

/**
 * One execution: {@code amount} of {@code base} bought or sold at {@code price} (quote per base), with {@code fee}
 * charged in {@code feeCurrency} (any currency, often the quote or the base, sometimes a third one).
 */
public record Fill(
    String base, String quote, Side side, BigDecimal amount, BigDecimal price, BigDecimal fee, String feeCurrency) {

  public Fill {
    Objects.requireNonNull(base, "base");
    Objects.requireNonNull(quote, "quote");
    Objects.requireNonNull(side, "side");
    Objects.requireNonNull(amount, "amount");
    Objects.requireNonNull(price, "price");
    if (base.equals(quote)) throw new IllegalArgumentException("base and quote must differ: " + base);
    if (amount.signum() <= 0) throw new IllegalArgumentException("fill amount must be > 0: " + amount);
    if (price.signum() <= 0) throw new IllegalArgumentException("fill price must be > 0: " + price);
    if (fee == null) fee = BigDecimal.ZERO;
    if (fee.signum() < 0) throw new IllegalArgumentException("fee must be >= 0: " + fee);
    if (fee.signum() > 0 && feeCurrency == null) throw new IllegalArgumentException("fee needs a fee currency");
  }

  /** The quote amount exchanged, exact: amount × price. */
  public BigDecimal notional() {
    return amount.multiply(price);
  }

  /** The pair key the ledger tracks positions under, e.g. {@code BTC/USDT}. */
  public String pair() {
    return base + "/" + quote;
  }
}
