package io.agora.core.paper;

import io.agora.core.market.Side;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class PaperFillModelTest {
  private static final double EPS = 1e-12;
  private static final Candle C = new Candle(60_000, 100, 110, 90, 105, 50);
  private final PaperFillModel real = new PaperFillModel(FillSettings.realistic(0.001, 0.002, 10, 0.1));
  private final PaperFillModel ft = new PaperFillModel(FillSettings.freqtrade(0.001));

  @Test
  void marketBuyFillsAtOpenWithAdverseSlippageAndTakerFee() {
    Fill f = real.onCandle(new PaperOrder(Side.BUY, OrderType.MARKET, 0, 2), C, real.volumeBudget(C));
    assertNotNull(f);
    assertEquals(100.1, f.price(), EPS);
    assertEquals(2, f.amount(), EPS);
    assertEquals(2 * 100.1 * 0.002, f.fee(), EPS);
    assertEquals(Liquidity.TAKER, f.liquidity());
    assertEquals(60_000, f.time());
    assertTrue(f.completes());
  }

  @Test
  void marketSellSlipsDown() {
    Fill f = real.onCandle(new PaperOrder(Side.SELL, OrderType.MARKET, 0, 1), C, real.volumeBudget(C));
    assertEquals(99.9, f.price(), EPS);
  }

  @Test
  void volumeLimitGivesPartialFillsOverCandles() {
    // 10 % of 50 = 5 per candle; 12 needs three candles
    List<Fill> fills = real.onCandles(new PaperOrder(Side.BUY, OrderType.LIMIT, 95, 12), List.of(C, C, C, C));
    assertEquals(3, fills.size());
    assertEquals(5, fills.get(0).amount(), EPS);
    assertFalse(fills.get(0).completes());
    assertEquals(5, fills.get(1).amount(), EPS);
    assertEquals(2, fills.get(2).amount(), EPS);
    assertTrue(fills.get(2).completes());
    for (Fill f : fills) {
      assertEquals(95, f.price(), EPS);
      assertEquals(Liquidity.MAKER, f.liquidity());
      assertEquals(f.amount() * 95 * 0.001, f.fee(), EPS);
    }
  }

  @Test
  void sharedBudgetAndZeroVolume() {
    assertNull(real.onCandle(new PaperOrder(Side.BUY, OrderType.MARKET, 0, 1), C, 0));
    Candle empty = new Candle(0, 100, 100, 100, 100, 0);
    assertNull(real.onCandle(new PaperOrder(Side.BUY, OrderType.MARKET, 0, 1), empty, real.volumeBudget(empty)));
    Fill f = real.onCandle(new PaperOrder(Side.BUY, OrderType.MARKET, 0, 10), C, 1.5);
    assertEquals(1.5, f.amount(), EPS);
  }

  @Test
  void limitOutsideRangeStaysOpen() {
    assertNull(real.onCandle(new PaperOrder(Side.BUY, OrderType.LIMIT, 89.99, 1), C, 100));
    assertNull(real.onCandle(new PaperOrder(Side.SELL, OrderType.LIMIT, 110.01, 1), C, 100));
    assertNull(ft.onCandle(new PaperOrder(Side.BUY, OrderType.LIMIT, 89.99, 1), C, 100));
    // range bounds are inclusive
    assertNotNull(real.onCandle(new PaperOrder(Side.BUY, OrderType.LIMIT, 90, 1), C, 100));
    assertNotNull(real.onCandle(new PaperOrder(Side.SELL, OrderType.LIMIT, 110, 1), C, 100));
  }

  @Test
  void freqtradeModeFullFillsAtOrderPriceOrOpen() {
    Fill lim = ft.onCandle(new PaperOrder(Side.BUY, OrderType.LIMIT, 93.5, 1_000_000), C, ft.volumeBudget(C));
    assertEquals(93.5, lim.price(), 0);
    assertEquals(1_000_000, lim.amount(), 0);
    assertTrue(lim.completes());
    assertEquals(1_000_000 * 93.5 * 0.001, lim.fee(), 1e-6);
    Fill mkt = ft.onCandle(new PaperOrder(Side.SELL, OrderType.MARKET, 0, 7), C, 0.0);
    assertEquals(100, mkt.price(), 0);
    assertEquals(7, mkt.amount(), 0);
  }

  @Test
  void freqtradeModeMatchesBacktesterRuleOnAGrid() {
    // the backtester's _try_close_open_order: fills at the order price iff low <= price <= high
    for (double price = 80; price <= 120; price += 0.5) {
      for (Side side : Side.values()) {
        Fill f = ft.onCandle(new PaperOrder(side, OrderType.LIMIT, price, 3), C, ft.volumeBudget(C));
        boolean inside = C.low() <= price && price <= C.high();
        assertEquals(inside, f != null, "price " + price + " " + side);
        if (f != null) {
          assertEquals(price, f.price(), 0);
          assertEquals(3, f.amount(), 0);
        }
      }
    }
  }

  @Test
  void quoteRules() {
    Quote q = new Quote(5, 99, 4, 101, 20);
    Fill m = real.onQuote(new PaperOrder(Side.BUY, OrderType.MARKET, 0, 5), q);
    assertEquals(101 * 1.001, m.price(), EPS);
    assertEquals(2, m.amount(), EPS); // 10 % of 20
    assertNull(real.onQuote(new PaperOrder(Side.BUY, OrderType.LIMIT, 100.9, 1), q));
    Fill l = real.onQuote(new PaperOrder(Side.BUY, OrderType.LIMIT, 101.05, 1), q);
    assertEquals(101.05, l.price(), EPS); // slippage capped at the limit
    Fill s = real.onQuote(new PaperOrder(Side.SELL, OrderType.LIMIT, 98, 0.1), q);
    assertEquals(99 * 0.999, s.price(), EPS);
  }

  @Test
  void deterministic() {
    PaperOrder o = new PaperOrder(Side.BUY, OrderType.LIMIT, 95, 12);
    assertEquals(real.onCandles(o, List.of(C, C, C)), real.onCandles(o, List.of(C, C, C)));
  }

  @Test
  void validation() {
    assertThrows(IllegalArgumentException.class, () -> new PaperOrder(Side.BUY, OrderType.LIMIT, 0, 1));
    assertThrows(IllegalArgumentException.class, () -> new Candle(0, 100, 99, 90, 95, 1));
    assertThrows(IllegalArgumentException.class, () -> new FillSettings(0.001, 0.002, 0, Double.POSITIVE_INFINITY, true));
  }
}
