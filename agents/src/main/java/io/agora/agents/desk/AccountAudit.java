package io.agora.agents.desk;

import io.agora.agents.capital.CapitalAgent;
import io.agora.agents.execution.ExecutionAgent.FillView;
import io.agora.agents.execution.ExecutionAgent.OrderView;
import io.agora.core.market.Instrument;
import io.agora.core.market.Side;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Checks an account's books against its venue: the balances the capital agent holds must be exactly the deposits
 * plus every fill the execution agent recorded (base moves by the signed amount, quote by the opposite notional,
 * fees leave the quote), each fill counted once. A fill lost between the venue and the ledger, or applied twice,
 * shows as a difference. Used by the tests that kill nodes and by operators after an incident.
 */
public final class AccountAudit {
  private AccountAudit() {}

  /** {@code expected} and {@code actual} balances per currency; {@code problems} empty when the books agree. */
  public record Result(Map<String, BigDecimal> expected, Map<String, BigDecimal> actual, List<String> problems) {
    public boolean ok() {
      return problems.isEmpty();
    }
  }

  /**
   * @param deposits net deposits per currency (deposits minus withdrawals)
   * @param capital the capital agent's view of the account
   * @param orders every order of the account's execution agents
   */
  public static Result check(Map<String, BigDecimal> deposits, CapitalAgent.AccountView capital,
      List<OrderView> orders) {
    Map<String, BigDecimal> expected = new TreeMap<>(deposits);
    List<String> problems = new ArrayList<>();
    Set<String> fillIds = new HashSet<>();
    Set<String> orderIds = new HashSet<>();
    for (OrderView o : orders) {
      if (!orderIds.add(o.clientOrderId())) problems.add("order " + o.clientOrderId() + " appears twice");
      Instrument i = Instrument.of(o.pair());
      double filled = 0;
      for (FillView f : o.fills()) {
        if (!fillIds.add(f.fillId())) problems.add("fill " + f.fillId() + " appears twice");
        filled += f.amount();
        // the same conversions the desk makes when it hands the fill to the capital agent
        BigDecimal qty = BigDecimal.valueOf(f.amount());
        BigDecimal signed = o.side() == Side.BUY ? qty : qty.negate();
        expected.merge(i.base(), signed, BigDecimal::add);
        expected.merge(i.quote(), signed.negate().multiply(BigDecimal.valueOf(f.price())), BigDecimal::add);
        expected.merge(i.quote(), BigDecimal.valueOf(f.fee()).negate(), BigDecimal::add);
      }
      if (filled > o.amount() * (1 + 1e-12)) {
        problems.add("order " + o.clientOrderId() + " filled " + filled + " of " + o.amount());
      }
    }
    Map<String, BigDecimal> actual = new TreeMap<>(capital.balances());
    Set<String> currencies = new HashSet<>(expected.keySet());
    currencies.addAll(actual.keySet());
    for (String c : currencies) {
      BigDecimal e = expected.getOrDefault(c, BigDecimal.ZERO);
      BigDecimal a = actual.getOrDefault(c, BigDecimal.ZERO);
      if (e.compareTo(a) != 0) {
        problems.add(c + ": ledger " + a.toPlainString() + " but deposits and venue fills give " + e.toPlainString());
      }
    }
    return new Result(expected, actual, problems);
  }
}
