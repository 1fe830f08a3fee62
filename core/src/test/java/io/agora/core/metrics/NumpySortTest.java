package io.agora.core.metrics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class NumpySortTest {

  @Test
  void sortsAndReturnsAPermutation() {
    Random rnd = new Random(42);
    for (int n : new int[] {0, 1, 2, 15, 16, 17, 100, 179, 1000}) {
      long[] v = new long[n];
      for (int i = 0; i < n; i++) v[i] = rnd.nextInt(20);
      assertSorted(v, NumpySort.argsort(v));
    }
  }

  @Test
  void tiesComeOutInNumpysOrderNotStably() {
    // Orders traced through numpy 1.26's generic aquicksort (median-of-3 pivot, Hoare partition, insertion sort <= 16).
    long[] equal = new long[20];
    Arrays.fill(equal, 5);
    assertArrayEquals(new int[] {0, 17, 16, 15, 14, 13, 12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 18, 19}, NumpySort.argsort(equal));
    long[] mixed = {3, 1, 2, 1, 3, 2, 1, 2, 3, 1, 2, 3, 1, 1, 2, 2, 3, 3, 1, 2};
    assertArrayEquals(new int[] {9, 1, 3, 13, 6, 12, 18, 15, 14, 10, 19, 7, 5, 2, 11, 4, 16, 17, 8, 0}, NumpySort.argsort(mixed));
    // Up to 16 elements numpy only runs insertion sort, which is stable.
    long[] small = {2, 1, 2, 1, 2, 1};
    assertArrayEquals(new int[] {1, 3, 5, 0, 2, 4}, NumpySort.argsort(small));
  }

  @Test
  void heapsortFallbackSortsASubrange() {
    Random rnd = new Random(7);
    long[] v = new long[300];
    for (int i = 0; i < v.length; i++) v[i] = rnd.nextInt(50);
    int[] idx = new int[v.length];
    for (int i = 0; i < idx.length; i++) idx[i] = i;
    NumpySort.heapsort(v, idx, 10, 250);
    for (int i = 0; i < 10; i++) assertEquals(i, idx[i]);
    for (int i = 260; i < 300; i++) assertEquals(i, idx[i]);
    for (int i = 11; i < 260; i++) assertTrue(v[idx[i - 1]] <= v[idx[i]], "heap-sorted at " + i);
  }

  private static void assertSorted(long[] v, int[] idx) {
    assertEquals(v.length, idx.length);
    boolean[] seen = new boolean[v.length];
    for (int i : idx) {
      assertTrue(!seen[i], "index " + i + " twice");
      seen[i] = true;
    }
    for (int i = 1; i < idx.length; i++) assertTrue(v[idx[i - 1]] <= v[idx[i]], "not sorted at " + i);
  }
}
