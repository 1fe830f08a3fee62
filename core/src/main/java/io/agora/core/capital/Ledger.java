package io.agora.core.capital;

import io.agora.core.market.Side;
import java.math.BigDecimal;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.Set;

/**
 * An exact, immutable multi-currency ledger: balances, fees paid, deposits, withdrawals, realised PnL (before fees)
 * per currency and average-cost positions per pair.
 *
 * <p>Money is never created or lost. For every currency {@code c}:
 *
 * <pre>
 * balance(c) + feesPaid(c) + Σ cost(pairs quoted in c) − Σ quantity(pairs with base c)
 *     = deposited(c) − withdrawn(c) + realisedPnl(c)
 * </pre>
 *
 * that is, the balances plus fees paid equal deposits minus withdrawals plus realised PnL once open positions are
 * carried at cost. {@link #conservationResidual(String)} computes the difference, which is exactly zero.
 */
public record Ledger(
    Map<String, BigDecimal> balances,
    Map<String, BigDecimal> feesPaid,
    Map<String, BigDecimal> deposited,
    Map<String, BigDecimal> withdrawn,
    Map<String, BigDecimal> realisedPnl,
    Map<String, Position> positions) {

  public Ledger {
    balances = Map.copyOf(balances);
    feesPaid = Map.copyOf(feesPaid);
    deposited = Map.copyOf(deposited);
    withdrawn = Map.copyOf(withdrawn);
    realisedPnl = Map.copyOf(realisedPnl);
    positions = Map.copyOf(positions);
  }

  public static Ledger empty() {
    return new Ledger(Map.of(), Map.of(), Map.of(), Map.of(), Map.of(), Map.of());
  }

  public BigDecimal balance(String currency) {
    return balances.getOrDefault(currency, BigDecimal.ZERO);
  }

  public BigDecimal fees(String currency) {
    return feesPaid.getOrDefault(currency, BigDecimal.ZERO);
  }

  public Ledger deposit(String currency, BigDecimal amount) {
    requirePositive(amount);
    return new Ledger(
        add(balances, currency, amount), feesPaid, add(deposited, currency, amount), withdrawn, realisedPnl, positions);
  }

  public Ledger withdraw(String currency, BigDecimal amount) {
    requirePositive(amount);
    return new Ledger(
        add(balances, currency, amount.negate()), feesPaid, deposited, add(withdrawn, currency, amount), realisedPnl,
        positions);
  }

  /** Applies a fill: base and quote balances move by the exact amounts, the fee leaves its currency. */
  public Ledger applyFill(Fill fill) {
    BigDecimal signedQty = fill.side() == Side.BUY ? fill.amount() : fill.amount().negate();
    Map<String, BigDecimal> b = add(balances, fill.base(), signedQty);
    b = add(b, fill.quote(), signedQty.negate().multiply(fill.price()));
    Map<String, BigDecimal> fees = feesPaid;
    if (fill.fee().signum() > 0) {
      b = add(b, fill.feeCurrency(), fill.fee().negate());
      fees = add(fees, fill.feeCurrency(), fill.fee());
    }
    Position before = positions.getOrDefault(fill.pair(), Position.flat(fill.base(), fill.quote()));
    Position.Trade trade = before.trade(signedQty, fill.price());
    Map<String, Position> pos = new TreeMap<>(positions);
    if (trade.position().isFlat()) pos.remove(fill.pair());
    else pos.put(fill.pair(), trade.position());
    Map<String, BigDecimal> pnl =
        trade.realisedPnl().signum() == 0 ? realisedPnl : add(realisedPnl, fill.quote(), trade.realisedPnl());
    return new Ledger(b, fees, deposited, withdrawn, pnl, pos);
  }

  /** Every currency the ledger has seen. */
  public Set<String> currencies() {
    Set<String> all = new TreeSet<>(balances.keySet());
    all.addAll(feesPaid.keySet());
    all.addAll(deposited.keySet());
    all.addAll(withdrawn.keySet());
    all.addAll(realisedPnl.keySet());
    for (Position p : positions.values()) {
      all.add(p.base());
      all.add(p.quote());
    }
    return all;
  }

  /** Left side minus right side of the conservation equation for {@code currency}; exactly zero for a sound ledger. */
  public BigDecimal conservationResidual(String currency) {
    BigDecimal lhs = balance(currency).add(fees(currency));
    for (Position p : positions.values()) {
      if (p.quote().equals(currency)) lhs = lhs.add(p.cost());
      if (p.base().equals(currency)) lhs = lhs.subtract(p.quantity());
    }
    BigDecimal rhs =
        deposited.getOrDefault(currency, BigDecimal.ZERO)
            .subtract(withdrawn.getOrDefault(currency, BigDecimal.ZERO))
            .add(realisedPnl.getOrDefault(currency, BigDecimal.ZERO));
    return lhs.subtract(rhs);
  }

  private static void requirePositive(BigDecimal amount) {
    Objects.requireNonNull(amount, "amount");
    if (amount.signum() <= 0) throw new IllegalArgumentException("amount must be > 0: " + amount);
  }

  private static Map<String, BigDecimal> add(Map<String, BigDecimal> m, String key, BigDecimal delta) {
    Map<String, BigDecimal> copy = new TreeMap<>(m);
    copy.merge(key, delta, BigDecimal::add);
    return copy;
  }
}
