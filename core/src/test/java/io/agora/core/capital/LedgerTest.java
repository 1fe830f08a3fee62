package io.agora.core.capital;

import io.agora.core.market.Side;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class LedgerTest {

  private static BigDecimal d(String s) {
    return new BigDecimal(s);
  }

  @Test
  void roundTripRealisesPnlAndChargesFees() {
    Ledger l = Ledger.empty().deposit("USDT", d("1000"));
    l = l.applyFill(new Fill("BTC", "USDT", Side.BUY, d("0.5"), d("100"), d("0.1"), "USDT"));
    assertEquals(0, l.balance("USDT").compareTo(d("949.9")));
    assertEquals(0, l.balance("BTC").compareTo(d("0.5")));
    l = l.applyFill(new Fill("BTC", "USDT", Side.SELL, d("0.2"), d("110"), d("0.001"), "BTC"));
    // realised = 0.2 * (110 - 100) = 2
    assertEquals(0, l.realisedPnl().get("USDT").compareTo(d("2")));
    assertEquals(0, l.balance("BTC").compareTo(d("0.299")));
    assertEquals(0, l.balance("USDT").compareTo(d("971.9")));
    assertEquals(0, l.positions().get("BTC/USDT").cost().compareTo(d("30")));
    for (String c : l.currencies()) assertEquals(0, l.conservationResidual(c).signum(), c);
  }

  @Test
  void closingAPositionRemovesItAndReleasesAllCost() {
    Ledger l = Ledger.empty().deposit("USDT", d("100"));
    l = l.applyFill(new Fill("ETH", "USDT", Side.BUY, d("3"), d("10"), null, null));
    l = l.applyFill(new Fill("ETH", "USDT", Side.SELL, d("1"), d("9"), null, null));
    l = l.applyFill(new Fill("ETH", "USDT", Side.SELL, d("2"), d("12"), null, null));
    assertTrue(l.positions().isEmpty());
    assertEquals(0, l.realisedPnl().get("USDT").compareTo(d("3"))); // -1 + 4
    assertEquals(0, l.balance("USDT").compareTo(d("103")));
  }

  @Test
  void flippingThroughZeroOpensTheRemainderAtThePrice() {
    Ledger l = Ledger.empty().applyFill(new Fill("ETH", "USDT", Side.BUY, d("1"), d("10"), null, null));
    l = l.applyFill(new Fill("ETH", "USDT", Side.SELL, d("3"), d("12"), null, null));
    Position p = l.positions().get("ETH/USDT");
    assertEquals(0, p.quantity().compareTo(d("-2")));
    assertEquals(0, p.cost().compareTo(d("-24")));
    assertEquals(0, l.realisedPnl().get("USDT").compareTo(d("2")));
    for (String c : l.currencies()) assertEquals(0, l.conservationResidual(c).signum(), c);
  }

  @Test
  void rejectsNonPositiveAmounts() {
    assertThrows(IllegalArgumentException.class, () -> Ledger.empty().deposit("USDT", BigDecimal.ZERO));
    assertThrows(IllegalArgumentException.class, () -> Ledger.empty().withdraw("USDT", d("-1")));
    assertThrows(IllegalArgumentException.class, () -> new Fill("A", "B", Side.BUY, d("0"), d("1"), null, null));
    assertThrows(IllegalArgumentException.class, () -> new Fill("A", "A", Side.BUY, d("1"), d("1"), null, null));
  }

  /** Property: over random deposits, withdrawals and fills (with awkward prices and fee currencies) no money appears or vanishes. */
  @Test
  void moneyIsConservedOverRandomSequences() {
    List<String[]> pairs = List.of(
        new String[] {"BTC", "USDT"}, new String[] {"ETH", "USDT"}, new String[] {"ETH", "BTC"});
    List<String> feeCurrencies = List.of("USDT", "BTC", "ETH", "BNB");
    for (long seed = 1; seed <= 200; seed++) {
      Random r = new Random(seed);
      Ledger l = Ledger.empty();
      for (int i = 0; i < 60; i++) {
        int op = r.nextInt(10);
        if (op == 0) {
          l = l.deposit(feeCurrencies.get(r.nextInt(4)), amount(r, 4));
        } else if (op == 1) {
          l = l.withdraw(feeCurrencies.get(r.nextInt(4)), amount(r, 4));
        } else {
          String[] p = pairs.get(r.nextInt(pairs.size()));
          BigDecimal fee = r.nextInt(3) == 0 ? BigDecimal.ZERO : amount(r, 8).movePointLeft(3);
          l = l.applyFill(new Fill(p[0], p[1], r.nextBoolean() ? Side.BUY : Side.SELL, amount(r, 6),
              amount(r, 7), fee, fee.signum() == 0 ? null : feeCurrencies.get(r.nextInt(4))));
        }
        for (String c : l.currencies()) {
          assertEquals(0, l.conservationResidual(c).signum(), "seed " + seed + " step " + i + " currency " + c
              + " residual " + l.conservationResidual(c));
        }
      }
    }
  }

  /** The residual does detect a leak: a ledger with a balance nobody deposited is not conserved. */
  @Test
  void residualDetectsALeak() {
    Ledger l = Ledger.empty().deposit("USDT", d("10"));
    Ledger leaked = new Ledger(java.util.Map.of("USDT", d("10.0001")), l.feesPaid(), l.deposited(), l.withdrawn(),
        l.realisedPnl(), l.positions());
    assertEquals(0, leaked.conservationResidual("USDT").compareTo(d("0.0001")));
  }

  private static BigDecimal amount(Random r, int scale) {
    return BigDecimal.valueOf(1 + r.nextInt(2_000_000), scale);
  }
}
