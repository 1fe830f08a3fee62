package io.agora.core.report.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agora.core.report.text.TextTable.Justify;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Python's number formats as Freqtrade's output shows them, and the table grid. */
class ReportFormatTest {
  @Test
  void fixedRoundsTheBinaryValueHalfEvenAndKeepsTheSign() {
    assertEquals("0.12", ReportFormat.fixed(0.125, 2)); // exact tie: to even (String.format gives 0.13)
    assertEquals("2.67", ReportFormat.fixed(2.675, 2)); // 2.67499999... in binary
    assertEquals("-0.00", ReportFormat.fixed(-0.001, 2));
    assertEquals("-0.00", ReportFormat.fixed(-0.0, 2));
    assertEquals("0.00104190", ReportFormat.fixed(0.0010419029856968845, 8));
    assertEquals("nan", ReportFormat.fixed(Double.NaN, 2));
    assertEquals("-inf", ReportFormat.fixed(Double.NEGATIVE_INFINITY, 2));
  }

  @Test
  void percentAndCoin() {
    assertEquals("10.42%", ReportFormat.pct(0.10419029856968845));
    assertEquals("-100.00%", ReportFormat.pct(-1));
    assertEquals("0.0002 BTC", ReportFormat.coin(0.0002000000000000001, "BTC"));
    assertEquals("1000 USDT", ReportFormat.coin(1000, "USDT"));
    assertEquals("0.12346 ETH", ReportFormat.coin(0.123456, "ETH"));
    assertEquals("-5", ReportFormat.coinPlain(-5.0001, "USDT"));
    assertEquals("12.000", ReportFormat.coinFixed(12, "USDT"));
  }

  @Test
  void pythonFloatRepr() {
    assertEquals("1.0", ReportFormat.pyFloat(1));
    assertEquals("9.42", ReportFormat.pyFloat(9.42));
    assertEquals("0.0001", ReportFormat.pyFloat(1e-4));
    assertEquals("1e-05", ReportFormat.pyFloat(1e-5));
    assertEquals("4.5112781954887056e-05", ReportFormat.pyFloat(4.5112781954887056E-5));
    assertEquals("123456789.0", ReportFormat.pyFloat(123456789.0));
    assertEquals("1.5e+16", ReportFormat.pyFloat(1.5e16));
    assertEquals("-0.0", ReportFormat.pyFloat(-0.0));
    assertEquals("True", ReportFormat.py(true));
    assertEquals("None", ReportFormat.py(null));
    assertEquals("3", ReportFormat.py(3));
    assertEquals("['t1', 'roi']", ReportFormat.py(List.of("t1", "roi")));
  }

  @Test
  void winsDrawsLosses() {
    assertEquals(" 170     0     9  95.0", ReportFormat.winsDrawsLosses(170, 0, 9));
    assertEquals("   3     0     0   100", ReportFormat.winsDrawsLosses(3, 0, 0));
    assertEquals("   0     1     0     0", ReportFormat.winsDrawsLosses(0, 1, 0));
    assertEquals("   1     1     1  33.3", ReportFormat.winsDrawsLosses(1, 1, 1));
  }

  @Test
  void tableGridTitleAndJustification() {
    String t =
        new TextTable("T", List.of("Pair", "N"), Justify.RIGHT)
            .addRow(List.of("ETH/BTC", "3"))
            .addRow(List.of("TOTAL", "12"))
            .render();
    assertEquals(
        String.join(
            "\n",
            "       T",
            "┏━━━━━━━━━┳━━━━┓",
            "┃    Pair ┃  N ┃",
            "┡━━━━━━━━━╇━━━━┩",
            "│ ETH/BTC │  3 │",
            "│   TOTAL │ 12 │",
            "└─────────┴────┘",
            ""),
        t);
    String left = new TextTable(null, List.of("Metric", "Value"), Justify.LEFT).addRow(List.of("Sharpe", "1.05")).render();
    assertTrue(left.startsWith("┏"));
    assertTrue(left.contains("│ Sharpe │ 1.05  │"), left);
  }

  @Test
  void controlCharactersInCellsCannotBreakTheGridOrDriveTheTerminal() {
    String t = new TextTable("T", List.of("Tag"), Justify.RIGHT).addRow(List.of("a\nb\u001b[31mc")).render();
    assertFalse(t.contains("\u001b"));
    assertEquals(6, t.split("\n").length); // title, three rules, header and the one row
    assertTrue(t.contains("a\uFFFDb\uFFFD[31mc"), t);
  }

  @Test
  void rowsMustMatchTheColumns() {
    TextTable t = new TextTable("T", List.of("A", "B"), Justify.RIGHT);
    assertThrows(IllegalArgumentException.class, () -> t.addRow(List.of("only one")));
  }
}
