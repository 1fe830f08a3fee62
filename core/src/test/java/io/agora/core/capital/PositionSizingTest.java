package io.agora.core.capital;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agora.core.capital.PositionSizing.FixedStake;
import io.agora.core.capital.PositionSizing.FractionOfEquity;
import io.agora.core.capital.PositionSizing.Sizing;
import io.agora.core.capital.PositionSizing.VolatilityTarget;
import io.agora.core.market.Instrument;
import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

class PositionSizingTest {
  private static final Instrument BTC = Instrument.of("BTC/USDT").withConstraints(0.01, 0.001, 10);

  private static BigDecimal d(String s) {
    return new BigDecimal(s);
  }

  private static void assertAmount(String expected, Sizing s) {
    assertTrue(s.accepted(), s.rejection());
    assertEquals(0, s.amount().compareTo(d(expected)), "amount " + s.amount());
  }

  @Test
  void fixedStakeIsRoundedDownToStep() {
    // 100 / 30000 = 0.0033333 -> 0.003
    Sizing s = PositionSizing.size(new FixedStake(d("100")), d("1000"), d("1000"), d("30000"), null, BTC);
    assertAmount("0.003", s);
    assertEquals(0, s.notional().compareTo(d("90")));
  }

  @Test
  void withoutInstrumentNoRounding() {
    assertAmount("0.5", PositionSizing.size(new FixedStake(d("50")), d("1000"), d("1000"), d("100"), null, null));
  }

  @Test
  void fractionOfEquity() {
    assertAmount("0.5", PositionSizing.size(new FractionOfEquity(d("0.25")), d("2000"), d("2000"), d("1000"), null, null));
  }

  @Test
  void volatilityTarget() {
    // risk 1% of 10000 = 100; stop = 2 * ATR 25 = 50 -> 2 units
    assertAmount("2", PositionSizing.size(new VolatilityTarget(d("0.01"), d("2")), d("10000"), d("10000"), d("100"),
        d("25"), null));
  }

  @Test
  void volatilityTargetWithoutAtrIsRefused() {
    Sizing s = PositionSizing.size(new VolatilityTarget(d("0.01"), d("2")), d("10000"), d("10000"), d("100"), null, null);
    assertFalse(s.accepted());
    assertTrue(s.rejection().contains("ATR"), s.rejection());
  }

  @Test
  void cappedByAvailable() {
    assertAmount("0.003", PositionSizing.size(new FixedStake(d("1000")), d("1000"), d("95"), d("30000"), null, BTC));
  }

  @Test
  void belowMinNotionalIsRefused() {
    Sizing s = PositionSizing.size(new FixedStake(d("9")), d("1000"), d("1000"), d("1"), null, BTC);
    assertFalse(s.accepted());
    assertTrue(s.rejection().contains("min notional"), s.rejection());
    assertEquals(0, s.amount().signum());
  }

  @Test
  void roundsToZeroAtStepIsRefused() {
    Sizing s = PositionSizing.size(new FixedStake(d("20")), d("1000"), d("1000"), d("30000"), null, BTC);
    assertFalse(s.accepted());
    assertTrue(s.rejection().contains("step size 0.001"), s.rejection());
  }

  @Test
  void nothingAvailableOrNoEquityIsRefused() {
    assertFalse(PositionSizing.size(new FixedStake(d("10")), d("1000"), BigDecimal.ZERO, d("1"), null, null).accepted());
    assertFalse(PositionSizing.size(new FixedStake(d("10")), BigDecimal.ZERO, d("10"), d("1"), null, null).accepted());
  }

  @Test
  void roundDownToStepIsExactForDecimalSteps() {
    assertEquals(0, PositionSizing.roundDownToStep(d("0.3"), d("0.1")).compareTo(d("0.3")));
    assertEquals(0, PositionSizing.roundDownToStep(d("0.29999"), d("0.1")).compareTo(d("0.2")));
    assertEquals(0, PositionSizing.roundDownToStep(d("7"), d("2.5")).compareTo(d("5")));
    assertThrows(IllegalArgumentException.class, () -> PositionSizing.roundDownToStep(d("1"), BigDecimal.ZERO));
  }

  @Test
  void invalidMethodsAreRefusedAtConstruction() {
    assertThrows(IllegalArgumentException.class, () -> new FractionOfEquity(d("1.5")));
    assertThrows(IllegalArgumentException.class, () -> new FixedStake(d("0")));
    assertThrows(IllegalArgumentException.class, () -> new VolatilityTarget(d("0.01"), d("0")));
  }
}
