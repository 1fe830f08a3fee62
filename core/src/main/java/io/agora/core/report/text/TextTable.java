package io.agora.core.report.text;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A titled text table drawn like the tables of Freqtrade's terminal output ({@code rich}'s heavy-head box): heavy
 * lines around the header, light lines around the body, one space of padding in every cell, the title centred above.
 * Unlike {@code rich} it never wraps cells to a terminal width, so the output is the same wherever it is printed.
 *
 * <pre>
 *     BACKTESTING REPORT
 * ┏━━━━━━━━━┳━━━━━━━━┓
 * ┃    Pair ┃ Trades ┃
 * ┡━━━━━━━━━╇━━━━━━━━┩
 * │ ETH/BTC │      3 │
 * │   TOTAL │      3 │
 * └─────────┴────────┘
 * </pre>
 */
public final class TextTable {
  /** Horizontal placement of a column's header and cells. */
  public enum Justify {
    LEFT,
    RIGHT
  }

  private final String title;
  private final List<String> headers;
  private final Justify justify;
  private final List<List<String>> rows = new ArrayList<>();

  /**
   * @param title printed centred above the table; null or empty for none
   * @param justify placement of every column, as Freqtrade's {@code print_rich_table}
   */
  public TextTable(String title, List<String> headers, Justify justify) {
    if (headers.isEmpty()) throw new IllegalArgumentException("a table needs at least one column");
    this.title = title;
    this.headers = List.copyOf(headers);
    this.justify = Objects.requireNonNull(justify, "justify");
  }

  /** Adds a row; it must have one cell per column. Null cells print empty. */
  public TextTable addRow(List<String> cells) {
    if (cells.size() != headers.size()) {
      throw new IllegalArgumentException("row has " + cells.size() + " cells, the table " + headers.size() + " columns: " + cells);
    }
    List<String> row = new ArrayList<>(cells.size());
    for (String c : cells) row.add(clean(c));
    rows.add(row);
    return this;
  }

  public int rowCount() {
    return rows.size();
  }

  /** The table, each line ended by a newline. */
  public String render() {
    int n = headers.size();
    int[] width = new int[n];
    List<String> head = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      head.add(clean(headers.get(i)));
      width[i] = length(head.get(i));
    }
    for (List<String> r : rows) for (int i = 0; i < n; i++) width[i] = Math.max(width[i], length(r.get(i)));

    StringBuilder out = new StringBuilder();
    int total = 1;
    for (int w : width) total += w + 3;
    if (title != null && !title.isEmpty()) {
      String t = clean(title);
      out.append(" ".repeat(Math.max(0, (total - length(t)) / 2))).append(t).append('\n');
    }
    rule(out, width, '┏', '━', '┳', '┓');
    line(out, head, width, '┃');
    rule(out, width, '┡', '━', '╇', '┩');
    for (List<String> r : rows) line(out, r, width, '│');
    rule(out, width, '└', '─', '┴', '┘');
    return out.toString();
  }

  @Override
  public String toString() {
    return render();
  }

  private static void rule(StringBuilder out, int[] width, char left, char fill, char cross, char right) {
    out.append(left);
    for (int i = 0; i < width.length; i++) {
      if (i > 0) out.append(cross);
      out.append(String.valueOf(fill).repeat(width[i] + 2));
    }
    out.append(right).append('\n');
  }

  private void line(StringBuilder out, List<String> cells, int[] width, char bar) {
    out.append(bar);
    for (int i = 0; i < width.length; i++) {
      String c = cells.get(i);
      String pad = " ".repeat(width[i] - length(c));
      out.append(' ').append(justify == Justify.RIGHT ? pad + c : c + pad).append(' ').append(bar);
    }
    out.append('\n');
  }

  private static int length(String s) {
    return s.codePointCount(0, s.length());
  }

  /**
   * Pair names and tags come from strategies and exchanges: a control character in one (a newline, an ANSI escape)
   * would break the grid or drive the terminal, so each is shown as a replacement character.
   */
  private static String clean(String s) {
    if (s == null) return "";
    StringBuilder sb = null;
    for (int i = 0; i < s.length(); i++) {
      char ch = s.charAt(i);
      if (Character.isISOControl(ch)) {
        if (sb == null) sb = new StringBuilder(s.substring(0, i));
        sb.append('\uFFFD');
      } else if (sb != null) {
        sb.append(ch);
      }
    }
    return sb == null ? s : sb.toString();
  }
}
