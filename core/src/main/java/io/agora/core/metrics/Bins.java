package io.agora.core.metrics;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Rows sorted by date and cut into consecutive calendar bins, empty bins included, as pandas' {@code resample} does
 * between the first and the last row.
 */
final class Bins {
  /** Bin labels, ascending and consecutive. */
  final List<LocalDate> labels = new ArrayList<>();
  /** Row range {@code [start[i], start[i + 1])} of bin i in the sorted order; one more entry than labels. */
  final int[] start;
  /** Original row index of each sorted row. */
  final int[] order;

  private Bins(int[] order, int bins) {
    this.order = order;
    this.start = new int[bins + 1];
  }

  static Bins of(long[] dates, Period period) {
    // pandas' resample sorts with a stable mergesort.
    int[] order = stableOrder(dates);
    if (dates.length == 0) return new Bins(order, 0);
    LocalDate first = period.label(dates[order[0]]);
    LocalDate last = period.label(dates[order[order.length - 1]]);
    List<LocalDate> labels = new ArrayList<>();
    for (LocalDate d = first; !d.isAfter(last); d = period.next(d)) labels.add(d);
    Bins b = new Bins(order, labels.size());
    b.labels.addAll(labels);
    int row = 0;
    for (int i = 0; i < labels.size(); i++) {
      b.start[i] = row;
      while (row < order.length && period.label(dates[order[row]]).equals(labels.get(i))) row++;
    }
    b.start[labels.size()] = row;
    return b;
  }

  private static int[] stableOrder(long[] dates) {
    return IntStream.range(0, dates.length)
        .boxed()
        .sorted((x, y) -> Long.compare(dates[x], dates[y]))
        .mapToInt(Integer::intValue)
        .toArray();
  }

  int size() {
    return labels.size();
  }

  /** The values of bin i, in sorted row order. */
  double[] values(int i, double[] column) {
    double[] out = new double[start[i + 1] - start[i]];
    for (int k = 0; k < out.length; k++) out[k] = column[order[start[i] + k]];
    return out;
  }
}
