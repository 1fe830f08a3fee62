package io.agora.core.metrics;

/**
 * numpy's default {@code argsort(kind="quicksort")} for 64-bit integers (the generic introsort of numpy 1.26's
 * {@code npysort/quicksort.cpp}: median-of-3 quicksort, insertion sort below 16 elements, heapsort past the depth
 * limit). pandas' {@code sort_values} uses it, and it is not stable: rows with equal keys come out in an order that
 * depends on the algorithm. Freqtrade's drawdown sorts trades by close date this way, and where several trades close
 * at the same time that order decides which row is the trough, so we reproduce it exactly rather than sort stably.
 *
 * <p>numpy builds with AVX-512 may use a vectorised argsort instead; Freqtrade's expected values agree with this one.
 */
public final class NumpySort {
  private static final int SMALL_QUICKSORT = 15;
  private static final int STACK = 128;

  private NumpySort() {}

  /** Indices that sort {@code v} ascending, ties ordered as numpy's quicksort leaves them. */
  public static int[] argsort(long[] v) {
    int num = v.length;
    int[] a = new int[num];
    for (int i = 0; i < num; i++) a[i] = i;
    if (num <= 1) return a;
    int pl = 0;
    int pr = num - 1;
    int[] stack = new int[STACK];
    int[] depth = new int[STACK / 2];
    int sptr = 0;
    int psdepth = 0;
    int cdepth = msb(num) * 2;
    for (; ; ) {
      boolean sorted = false;
      if (cdepth < 0) {
        heapsort(v, a, pl, pr - pl + 1);
        sorted = true;
      }
      while (!sorted && pr - pl > SMALL_QUICKSORT) {
        int pm = pl + ((pr - pl) >> 1);
        if (v[a[pm]] < v[a[pl]]) swap(a, pm, pl);
        if (v[a[pr]] < v[a[pm]]) swap(a, pr, pm);
        if (v[a[pm]] < v[a[pl]]) swap(a, pm, pl);
        long vp = v[a[pm]];
        int pi = pl;
        int pj = pr - 1;
        swap(a, pm, pj);
        for (; ; ) {
          do ++pi;
          while (v[a[pi]] < vp);
          do --pj;
          while (vp < v[a[pj]]);
          if (pi >= pj) break;
          swap(a, pi, pj);
        }
        swap(a, pi, pr - 1);
        // Keep working on the smaller side; the larger goes on the stack.
        if (pi - pl < pr - pi) {
          stack[sptr++] = pi + 1;
          stack[sptr++] = pr;
          pr = pi - 1;
        } else {
          stack[sptr++] = pl;
          stack[sptr++] = pi - 1;
          pl = pi + 1;
        }
        depth[psdepth++] = --cdepth;
      }
      if (!sorted) {
        for (int pi = pl + 1; pi <= pr; ++pi) {
          int vi = a[pi];
          long key = v[vi];
          int pj = pi;
          int pk = pi - 1;
          while (pj > pl && key < v[a[pk]]) a[pj--] = a[pk--];
          a[pj] = vi;
        }
      }
      if (sptr == 0) break;
      pr = stack[--sptr];
      pl = stack[--sptr];
      cdepth = depth[--psdepth];
    }
    return a;
  }

  /** numpy's {@code aheapsort_} on {@code a[from, from + n)} (1-based heap arithmetic kept as in numpy). */
  static void heapsort(long[] v, int[] a, int from, int n) {
    int base = from - 1;
    for (int l = n >> 1; l > 0; --l) {
      int tmp = a[base + l];
      int i = l;
      for (int j = l << 1; j <= n; ) {
        if (j < n && v[a[base + j]] < v[a[base + j + 1]]) j += 1;
        if (v[tmp] < v[a[base + j]]) {
          a[base + i] = a[base + j];
          i = j;
          j += j;
        } else {
          break;
        }
      }
      a[base + i] = tmp;
    }
    for (; n > 1; ) {
      int tmp = a[base + n];
      a[base + n] = a[base + 1];
      n -= 1;
      int i = 1;
      for (int j = 2; j <= n; ) {
        if (j < n && v[a[base + j]] < v[a[base + j + 1]]) j++;
        if (v[tmp] < v[a[base + j]]) {
          a[base + i] = a[base + j];
          i = j;
          j += j;
        } else {
          break;
        }
      }
      a[base + i] = tmp;
    }
  }

  /** Index of the most significant set bit ({@code npy_get_msb}). */
  private static int msb(int n) {
    int d = 0;
    while ((n >>>= 1) != 0) d++;
    return d;
  }

  private static void swap(int[] a, int i, int j) {
    int t = a[i];
    a[i] = a[j];
    a[j] = t;
  }
}
