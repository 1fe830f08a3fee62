package io.agora.models.pipeline;

import java.util.LinkedHashMap;
import java.util.Map;

/** Classification metrics of probabilities against 0/1 labels: what a model card records as its validation. */
public final class Metrics {
  private Metrics() {}

  /**
   * {@code rows}, {@code base_rate} (share of positives), {@code auc} (NaN with one class only), {@code accuracy}
   * at 0.5, {@code log_loss} (clipped at 1e-7), and {@code precision}/{@code signals} at {@code threshold}: how
   * often a strategy entering above it would have been right, and how often it would have entered.
   */
  public static Map<String, Double> of(float[] p, int[] y, int n, double threshold) {
    int pos = 0;
    int correct = 0;
    int signals = 0;
    int hits = 0;
    double logLoss = 0;
    for (int i = 0; i < n; i++) {
      double q = Math.min(1 - 1e-7, Math.max(1e-7, p[i]));
      pos += y[i];
      if ((p[i] >= 0.5 ? 1 : 0) == y[i]) correct++;
      if (p[i] > threshold) {
        signals++;
        hits += y[i];
      }
      logLoss -= y[i] == 1 ? Math.log(q) : Math.log(1 - q);
    }
    Map<String, Double> m = new LinkedHashMap<>();
    m.put("rows", (double) n);
    m.put("base_rate", n == 0 ? Double.NaN : pos / (double) n);
    m.put("auc", auc(p, y, n));
    m.put("accuracy", n == 0 ? Double.NaN : correct / (double) n);
    m.put("log_loss", n == 0 ? Double.NaN : logLoss / n);
    m.put("signals", (double) signals);
    m.put("precision", signals == 0 ? Double.NaN : hits / (double) signals);
    return m;
  }

  /** Area under the ROC curve by ranks (ties share their mean rank): Mann-Whitney U / (P × N). */
  public static double auc(float[] p, int[] y, int n) {
    Integer[] order = new Integer[n];
    for (int i = 0; i < n; i++) order[i] = i;
    java.util.Arrays.sort(order, (a, b) -> Float.compare(p[a], p[b]));
    double rankSumPos = 0;
    long pos = 0;
    int i = 0;
    while (i < n) {
      int j = i;
      while (j + 1 < n && p[order[j + 1]] == p[order[i]]) j++;
      double meanRank = (i + j) / 2.0 + 1;
      for (int k = i; k <= j; k++) {
        if (y[order[k]] == 1) {
          rankSumPos += meanRank;
          pos++;
        }
      }
      i = j + 1;
    }
    long neg = n - pos;
    if (pos == 0 || neg == 0) return Double.NaN;
    return (rankSumPos - pos * (pos + 1) / 2.0) / ((double) pos * neg);
  }
}
