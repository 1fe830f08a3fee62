package io.agora.agents.readside;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.agora.core.market.Side;
import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

class PositionTest {

  private static Position fills(Object... sideAmountPrice) {
    Position p = Position.FLAT;
    for (int i = 0; i < sideAmountPrice.length; i += 3) {
      p = p.after((Side) sideAmountPrice[i], new BigDecimal((String) sideAmountPrice[i + 1]),
          new BigDecimal((String) sideAmountPrice[i + 2]));
    }
    return p;
  }

  private static void assertPosition(String quantity, String average, String realized, Position p) {
    assertEquals(0, new BigDecimal(quantity).compareTo(p.quantity()), () -> "quantity " + p);
    assertEquals(0, new BigDecimal(average).compareTo(p.averagePrice()), () -> "average " + p);
    assertEquals(0, new BigDecimal(realized).compareTo(p.realizedPnl()), () -> "realized " + p);
  }

  @Test
  void buysAverageAndAReducingSellRealises() {
    assertPosition("4", "105", "0", fills(Side.BUY, "2", "100", Side.BUY, "2", "110"));
    assertPosition("3", "105", "15", fills(Side.BUY, "2", "100", Side.BUY, "2", "110", Side.SELL, "1", "120"));
  }

  @Test
  void closingToFlatResetsTheAverageAndKeepsThePnl() {
    assertPosition("0", "0", "-5", fills(Side.BUY, "1", "100", Side.SELL, "1", "95"));
  }

  @Test
  void shortsGainWhenThePriceFalls() {
    assertPosition("-2", "100", "0", fills(Side.SELL, "2", "100"));
    assertPosition("-1", "100", "10", fills(Side.SELL, "2", "100", Side.BUY, "1", "90"));
  }

  @Test
  void aFillBeyondThePositionOpensTheRestTheOtherWayAtItsPrice() {
    // long 1 at 100, sell 3 at 110: 10 realised on the closed 1, short 2 at 110
    assertPosition("-2", "110", "10", fills(Side.BUY, "1", "100", Side.SELL, "3", "110"));
  }

  @Test
  void averageIsKeptAtTheTablesScale() {
    Position p = fills(Side.BUY, "1", "1", Side.BUY, "2", "2");
    assertEquals(new BigDecimal("1.666666666666666667"), p.averagePrice());
    assertEquals(Position.SCALE, p.quantity().scale());
  }

  @Test
  void aFillNeedsAnAmount() {
    assertThrows(IllegalArgumentException.class, () -> Position.FLAT.after(Side.BUY, BigDecimal.ZERO, BigDecimal.ONE));
  }
}
