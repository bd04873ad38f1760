package org.distarray.arrays.ops;

/**
 * Reductions of one strided run of primitives to one value: pairwise summation with eight accumulators (as NumPy's
 * {@code pairwise_sum}), products, NaN-propagating minimum and maximum, any and all.
 */
final class RowReductions {
  private static final boolean SIMD = Simd.available();

  private RowReductions() {}

  /** Sum of a[p], a[p+s], ..., n terms, pairwise with eight accumulators. */
  static double sum(double[] a, int p, int s, int n) {
    if (s == 1) {
      return sumContiguous(a, p, n);
    }
    if (n <= PairwiseWalk.BLOCK) {
      return stridedLeaf(a, p, s, n);
    }
    if (n <= PairwisePlan.MAX) {
      PairwisePlan plan = PairwisePlan.of(n);
      double[] stack = new double[PairwisePlan.DEPTH];
      int top = 0;
      for (int k = 0; k < plan.leaves(); k++) {
        double r = stridedLeaf(a, p + plan.start(k) * s, s, plan.length(k));
        for (int j = plan.merges(k); j > 0; j--) {
          r = stack[--top] + r;
        }
        stack[top++] = r;
      }
      return stack[0];
    }
    PairwiseWalk w = new PairwiseWalk(n);
    double leaf;
    do {
      leaf = stridedLeaf(a, p + w.start() * s, s, w.length());
    } while (w.add(leaf));
    return w.total();
  }

  /** A leaf of {@link #sum(double[], int, int, int)}: at most {@value PairwiseWalk#BLOCK} terms. */
  private static double stridedLeaf(double[] a, int p, int s, int n) {
    if (n < 8) {
      double r = 0.0;
      for (int i = 0; i < n; i++) {
        r += a[p + i * s];
      }
      return r;
    }
    double r0 = a[p];
    double r1 = a[p + s];
    double r2 = a[p + 2 * s];
    double r3 = a[p + 3 * s];
    double r4 = a[p + 4 * s];
    double r5 = a[p + 5 * s];
    double r6 = a[p + 6 * s];
    double r7 = a[p + 7 * s];
    int i = 8;
    for (; i <= n - 8; i += 8) {
      int q = p + i * s;
      r0 += a[q];
      r1 += a[q + s];
      r2 += a[q + 2 * s];
      r3 += a[q + 3 * s];
      r4 += a[q + 4 * s];
      r5 += a[q + 5 * s];
      r6 += a[q + 6 * s];
      r7 += a[q + 7 * s];
    }
    double r = ((r0 + r1) + (r2 + r3)) + ((r4 + r5) + (r6 + r7));
    for (; i < n; i++) {
      r += a[p + i * s];
    }
    return r;
  }

  /**
   * {@link #sum(double[], int, int, int)} for stride 1, where the plain indexing lets the loop run at memory speed;
   * on the vector API when the JVM has it ({@link VectorSums}: the same sums, about 1.6 times as fast in caches).
   */
  static double sumContiguous(double[] a, int p, int n) {
    return n > PairwiseWalk.BLOCK && SIMD ? VectorSums.sum(a, p, n) : scalarSum(a, p, n);
  }

  /** The scalar kernel of {@link #sumContiguous}. */
  static double scalarSum(double[] a, int p, int n) {
    if (n <= PairwiseWalk.BLOCK) {
      return scalarLeaf(a, p, n);
    }
    if (n <= PairwisePlan.MAX) {
      PairwisePlan plan = PairwisePlan.of(n);
      double[] stack = new double[PairwisePlan.DEPTH];
      int top = 0;
      for (int k = 0; k < plan.leaves(); k++) {
        double r = scalarLeaf(a, p + plan.start(k), plan.length(k));
        for (int j = plan.merges(k); j > 0; j--) {
          r = stack[--top] + r;
        }
        stack[top++] = r;
      }
      return stack[0];
    }
    PairwiseWalk w = new PairwiseWalk(n);
    double leaf;
    do {
      leaf = scalarLeaf(a, p + w.start(), w.length());
    } while (w.add(leaf));
    return w.total();
  }

  /** A leaf of {@link #scalarSum}: at most {@value PairwiseWalk#BLOCK} terms. */
  private static double scalarLeaf(double[] a, int p, int n) {
    if (n < 8) {
      double r = 0.0;
      for (int i = p; i < p + n; i++) {
        r += a[i];
      }
      return r;
    }
    double r0 = a[p];
    double r1 = a[p + 1];
    double r2 = a[p + 2];
    double r3 = a[p + 3];
    double r4 = a[p + 4];
    double r5 = a[p + 5];
    double r6 = a[p + 6];
    double r7 = a[p + 7];
    int i = p + 8;
    int end = p + n;
    for (; i <= end - 8; i += 8) {
      r0 += a[i];
      r1 += a[i + 1];
      r2 += a[i + 2];
      r3 += a[i + 3];
      r4 += a[i + 4];
      r5 += a[i + 5];
      r6 += a[i + 6];
      r7 += a[i + 7];
    }
    double r = ((r0 + r1) + (r2 + r3)) + ((r4 + r5) + (r6 + r7));
    for (; i < end; i++) {
      r += a[i];
    }
    return r;
  }

  /** Sum of n longs, wrapping like NumPy's int64 sum; four accumulators. */
  static long sum(long[] a, int p, int s, int n) {
    long r0 = 0;
    long r1 = 0;
    long r2 = 0;
    long r3 = 0;
    int i = 0;
    for (; i <= n - 4; i += 4) {
      int q = p + i * s;
      r0 += a[q];
      r1 += a[q + s];
      r2 += a[q + 2 * s];
      r3 += a[q + 3 * s];
    }
    for (; i < n; i++) {
      r0 += a[p + i * s];
    }
    return (r0 + r1) + (r2 + r3);
  }

  static double prod(double[] a, int p, int s, int n) {
    double r0 = 1.0;
    double r1 = 1.0;
    int i = 0;
    for (; i <= n - 2; i += 2) {
      r0 *= a[p + i * s];
      r1 *= a[p + (i + 1) * s];
    }
    for (; i < n; i++) {
      r0 *= a[p + i * s];
    }
    return r0 * r1;
  }

  static long prod(long[] a, int p, int s, int n) {
    long r = 1;
    for (int i = 0; i < n; i++) {
      r *= a[p + i * s];
    }
    return r;
  }

  /** Minimum, NaN if any term is NaN; +infinity for n = 0. */
  static double min(double[] a, int p, int s, int n) {
    double r0 = Double.POSITIVE_INFINITY;
    double r1 = Double.POSITIVE_INFINITY;
    int i = 0;
    for (; i <= n - 2; i += 2) {
      r0 = Math.min(r0, a[p + i * s]);
      r1 = Math.min(r1, a[p + (i + 1) * s]);
    }
    for (; i < n; i++) {
      r0 = Math.min(r0, a[p + i * s]);
    }
    return Math.min(r0, r1);
  }

  /** Maximum, NaN if any term is NaN; -infinity for n = 0. */
  static double max(double[] a, int p, int s, int n) {
    double r0 = Double.NEGATIVE_INFINITY;
    double r1 = Double.NEGATIVE_INFINITY;
    int i = 0;
    for (; i <= n - 2; i += 2) {
      r0 = Math.max(r0, a[p + i * s]);
      r1 = Math.max(r1, a[p + (i + 1) * s]);
    }
    for (; i < n; i++) {
      r0 = Math.max(r0, a[p + i * s]);
    }
    return Math.max(r0, r1);
  }

  /** The unsigned minimum of start and the n UINT64 values from p with stride s. */
  static long minUnsigned(long start, long[] a, int p, int s, int n) {
    long m = start ^ Long.MIN_VALUE; // flipping the sign bit turns unsigned order into signed order
    for (int i = 0; i < n; i++) {
      m = Math.min(m, a[p + i * s] ^ Long.MIN_VALUE);
    }
    return m ^ Long.MIN_VALUE;
  }

  /** The unsigned maximum of start and the n UINT64 values from p with stride s. */
  static long maxUnsigned(long start, long[] a, int p, int s, int n) {
    long m = start ^ Long.MIN_VALUE;
    for (int i = 0; i < n; i++) {
      m = Math.max(m, a[p + i * s] ^ Long.MIN_VALUE);
    }
    return m ^ Long.MIN_VALUE;
  }

  static long min(long[] a, int p, int s, int n) {
    long r = Long.MAX_VALUE;
    for (int i = 0; i < n; i++) {
      r = Math.min(r, a[p + i * s]);
    }
    return r;
  }

  static long max(long[] a, int p, int s, int n) {
    long r = Long.MIN_VALUE;
    for (int i = 0; i < n; i++) {
      r = Math.max(r, a[p + i * s]);
    }
    return r;
  }

  static boolean any(boolean[] a, int p, int s, int n) {
    for (int i = 0; i < n; i++) {
      if (a[p + i * s]) {
        return true;
      }
    }
    return false;
  }

  static boolean all(boolean[] a, int p, int s, int n) {
    for (int i = 0; i < n; i++) {
      if (!a[p + i * s]) {
        return false;
      }
    }
    return true;
  }

  /** Offset (0..n-1) of the first minimum, or of the first NaN when there is one; n must be positive. */
  static int argmin(double[] a, int p, int s, int n) {
    int best = 0;
    double v = a[p];
    if (v != v) {
      return 0;
    }
    for (int i = 1; i < n; i++) {
      double x = a[p + i * s];
      if (x < v || x != x) {
        best = i;
        v = x;
        if (x != x) {
          return i;
        }
      }
    }
    return best;
  }

  /** Offset of the first maximum, or of the first NaN when there is one; n must be positive. */
  static int argmax(double[] a, int p, int s, int n) {
    int best = 0;
    double v = a[p];
    if (v != v) {
      return 0;
    }
    for (int i = 1; i < n; i++) {
      double x = a[p + i * s];
      if (x > v || x != x) {
        best = i;
        v = x;
        if (x != x) {
          return i;
        }
      }
    }
    return best;
  }

  static int argmin(long[] a, int p, int s, int n) {
    int best = 0;
    long v = a[p];
    for (int i = 1; i < n; i++) {
      if (a[p + i * s] < v) {
        v = a[p + i * s];
        best = i;
      }
    }
    return best;
  }

  static int argmax(long[] a, int p, int s, int n) {
    int best = 0;
    long v = a[p];
    for (int i = 1; i < n; i++) {
      if (a[p + i * s] > v) {
        v = a[p + i * s];
        best = i;
      }
    }
    return best;
  }
}
