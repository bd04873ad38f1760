package org.distarray.arrays.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The kernels that walk the pairwise tree leaf by leaf give NumPy's recursive {@code pairwise_sum} bit for bit. The
 * reference below is NumPy's C code (numpy/core/src/umath/loops_utils.h.src) written out in Java, recursion included.
 */
class PairwiseWalkTest {
  /** NumPy's pairwise_sum over a[p], a[p+s], ..., n terms. */
  static double numpyPairwise(double[] a, int p, int s, int n) {
    if (n < 8) {
      double res = 0.0;
      for (int i = 0; i < n; i++) {
        res += a[p + i * s];
      }
      return res;
    }
    if (n <= 128) {
      double[] r = new double[8];
      for (int j = 0; j < 8; j++) {
        r[j] = a[p + j * s];
      }
      int i = 8;
      for (; i < n - (n % 8); i += 8) {
        for (int j = 0; j < 8; j++) {
          r[j] += a[p + (i + j) * s];
        }
      }
      double res = ((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7]));
      for (; i < n; i++) {
        res += a[p + i * s];
      }
      return res;
    }
    int n2 = n / 2;
    n2 -= n2 % 8;
    return numpyPairwise(a, p, s, n2) + numpyPairwise(a, p + n2 * s, s, n - n2);
  }

  static double[] terms(int n, long seed) {
    Random r = new Random(seed);
    double[] a = new double[n];
    for (int i = 0; i < n; i++) {
      a[i] = r.nextGaussian() * Math.pow(10, r.nextInt(16) - 8);
    }
    return a;
  }

  @Test
  void theLeavesCoverTheRunInOrderAsNumpySplitsIt() {
    for (int n : new int[] {1, 8, 128, 129, 200, 1000, 4096, 100_003}) {
      PairwiseWalk w = new PairwiseWalk(n);
      int next = 0;
      int leaves = 0;
      do {
        assertEquals(next, w.start(), "n=" + n + ": leaf " + leaves + " starts where the last ended");
        assertTrue(w.length() <= 128 && (n <= 128 || w.length() >= 64), "n=" + n + ": leaf of " + w.length());
        next += w.length();
        leaves++;
      } while (w.add(1.0)); // every leaf counts one: the total is the number of leaves
      assertEquals(n, next, "n=" + n);
      assertEquals(leaves, w.total(), "n=" + n);
    }
  }

  @Test
  void everyKernelSumsAsNumpysRecursionForShortAndOddRuns() {
    double[] a = terms(9000, 21);
    for (int n = 1; n <= 2100; n++) {
      int p = n % 5;
      long expected = bits(numpyPairwise(a, p, 1, n));
      assertEquals(expected, bits(RowReductions.scalarSum(a, p, n)), "scalar n=" + n);
      assertEquals(expected, bits(RowReductions.sumContiguous(a, p, n)), "contiguous n=" + n);
      if (n >= 8) {
        assertEquals(expected, bits(VectorSums.sum(a, p, n)), "vector n=" + n);
      }
      assertEquals(bits(numpyPairwise(a, p, 3, n)), bits(RowReductions.sum(a, p, 3, n)), "stride 3 n=" + n);
    }
  }

  @Test
  void everyKernelSumsAsNumpysRecursionForLongRuns() {
    double[] a = terms((1 << 21) + 100, 22);
    for (int n : new int[] {8193, 12_345, 100_003, 1 << 20, (1 << 20) + 77, (1 << 21) + 100}) {
      long expected = bits(numpyPairwise(a, 0, 1, n));
      assertEquals(expected, bits(RowReductions.scalarSum(a, 0, n)), "scalar n=" + n);
      assertEquals(expected, bits(VectorSums.sum(a, 0, n)), "vector n=" + n);
      int m = n / 2 - 1; // longer than PairwiseWalk.WALKED_ABOVE from 100_003 on: walked
      assertEquals(bits(numpyPairwise(a, 1, 2, m)), bits(RowReductions.sum(a, 1, 2, m)), "stride 2 n=" + m);
    }
  }

  private static long bits(double v) {
    return Double.doubleToRawLongBits(v);
  }
}
