package io.agora.core.data;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class PandasJsonNumbersTest {

  @Test
  void decodesLikePandasDefaultReadJson() {
    // pandas.read_json('[0.00162]') gives 0.0016200000000000001: 162 * 1e-05 in doubles, not the nearest double
    assertEquals(0.0016200000000000001, PandasJsonNumbers.decode("0.00162"));
    assertEquals(108.14853839, PandasJsonNumbers.decode("108.14853839"));
    assertEquals(-0.0016200000000000001, PandasJsonNumbers.decode("-0.00162"));
    // fraction digits past the 15th are dropped, not rounded
    assertEquals(123456789012345.0 * 1e-15, PandasJsonNumbers.decode("0.1234567890123459"));
    assertEquals(PandasJsonNumbers.decode("0.123456789012345"), PandasJsonNumbers.decode("0.1234567890123459"));
    assertEquals(1.5e-7, PandasJsonNumbers.decode("1.5e-7"));
    assertEquals(2500.0, PandasJsonNumbers.decode("2.5E+3"));
    assertEquals(3.0, PandasJsonNumbers.decode("3"));
  }

  @Test
  void encodesEveryDoubleSoThatPandasReadsItBackExactly() {
    SplittableRandom r = new SplittableRandom(7);
    for (int i = 0; i < 200_000; i++) {
      double x = Math.exp((r.nextDouble() - 0.5) * 60) * (r.nextBoolean() ? 1 : -1); // 1e-13 .. 1e13
      String text = PandasJsonNumbers.encode(x);
      assertEquals(x, PandasJsonNumbers.decode(text), text);
      assertEquals(x, Double.parseDouble(text), 2 * Math.ulp(x), "and any other JSON reader is within 2 ulp: " + text);
    }
    assertEquals("0.0", PandasJsonNumbers.encode(0.0));
    assertEquals("3478.0", PandasJsonNumbers.encode(3478.0));
  }
}
