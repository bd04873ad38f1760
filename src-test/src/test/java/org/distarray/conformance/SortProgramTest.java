package org.distarray.conformance;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.distarray.arrays.NdArray;
import org.distarray.arrays.Shape;
import org.distarray.arrays.dist.AxisMap;
import org.distarray.arrays.dist.Distribution;
import org.distarray.runtime.DistArray;
import org.distarray.runtime.DistContext;
import org.distarray.runtime.EngineMemory;
import org.junit.jupiter.api.Test;

/**
 * A program of 150 steps on 4 engines: each step makes an array of a random size, layout and value mix, sorts it,
 * argsorts it, takes its unique values, searches the sorted copy, asks for its median and a histogram, checks each
 * answer against plain Java on the same values (NumPy's rules: {@code Arrays.sort} of doubles puts NaN last, as
 * {@code np.sort} does), writes into the sorted result (the input does not change) and closes everything. At the end
 * the engines hold no block: no exchange, key run or mailbox is left behind.
 */
class SortProgramTest {
  private static final String[] KINDS = {"b", "c", "u", "bc"};

  @Test
  void aLongProgramOfSortsChecksEveryStepAndLeavesNothingBehind() {
    Random random = new Random(20261206);
    try (DistContext ctx = DistContext.local(4)) {
      for (int step = 0; step < 150; step++) {
        int n = random.nextInt(3000);
        double[] v = new double[n];
        int distinct = 1 + random.nextInt(step % 3 == 0 ? 5 : 100_000);
        for (int i = 0; i < n; i++) {
          v[i] = random.nextInt(distinct) - distinct / 2 + (step % 2 == 0 ? 0.25 : 0);
          if (random.nextInt(50) == 0) {
            v[i] = random.nextBoolean() ? Double.NaN : Double.NEGATIVE_INFINITY;
          }
        }
        String kind = KINDS[step % KINDS.length];
        int parts = (int) Math.max(1, Math.min(1 + step % 4, n)); // an unstructured part holds one index or more
        Distribution d = kind.equals("u") ? Distribution.of(Shape.of(n), List.of(AxisMap.unstructured(
            DistributionCases.shuffledPartition(n, parts, step))), new int[] {parts},
            Arrays.copyOf(new int[] {3, 1, 0, 2}, parts)) : kind.equals("bc")
            ? ctx.distribution(Shape.of(1, n), "nb") : ctx.distribution(Shape.of(n), kind);
        check(ctx, v, d, step);
      }
      for (EngineMemory m : ctx.memory().engines().values()) {
        assertEquals(0, m.blocks(), "blocks left on engine " + m.engineId() + " after the program: " + m);
      }
    }
  }

  private static void check(DistContext ctx, double[] v, Distribution d, int step) {
    int n = v.length;
    double[] sorted = v.clone();
    Arrays.sort(sorted); // NaN last, as np.sort
    try (DistArray a = ctx.fromNdArray(NdArray.of(v, d.shape().dims()), d);
        DistArray s = a.sort(-1); DistArray order = a.argsort(-1)) {
      String at = "step " + step + " (" + n + " elements, " + d + ")";
      assertEquals(d, s.distribution(), at);
      assertArrayEquals(sorted, s.toNdArray().toDoubleArray(), at + ": sort");
      long[] idx = order.toNdArray().toLongArray();
      for (int i = 0; i < n; i++) {
        assertEquals(Double.doubleToLongBits(sorted[i] + 0.0), Double.doubleToLongBits(v[(int) idx[i]] + 0.0),
            at + ": v[argsort][" + i + "]");
        if (i > 0 && Double.compare(sorted[i - 1] + 0.0, sorted[i] + 0.0) == 0) {
          assertEquals(true, idx[i - 1] < idx[i], at + ": argsort keeps ties in index order at " + i);
        }
      }
      try (DistArray flat = s.reshape(-1); DistArray u = a.unique();
          DistArray queries = ctx.fromNdArray(NdArray.of(new double[] {-1e9, 0.25, 3, Double.NaN}, 4));
          DistArray found = flat.searchsorted(queries)) {
        double[] distinct = Arrays.stream(sorted).map(x -> x + 0.0).distinct().toArray(); // one NaN, -0.0 as 0.0
        assertEquals(distinct.length, u.size(), at + ": unique");
        double[] q = {-1e9, 0.25, 3, Double.NaN};
        long[] where = found.toNdArray().toLongArray();
        for (int k = 0; k < q.length; k++) {
          double query = q[k] + 0.0;
          long below = Arrays.stream(sorted).filter(x -> Double.compare(x + 0.0, query) < 0).count();
          assertEquals(below, where[k], at + ": searchsorted(" + q[k] + ")");
        }
      }
      if (n > 0) {
        double expected = Double.isNaN(sorted[n - 1]) ? Double.NaN
            : n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2.0;
        assertEquals(expected, a.median(), 0.0, at + ": median");
      }
      long[] hist = a.histogram(7, -50, 50);
      long[] counted = new long[7];
      for (double x : v) {
        if (x >= -50 && x <= 50) {
          counted[Math.min(6, (int) ((x + 50) / 100 * 7))]++;
        }
      }
      assertArrayEquals(counted, hist, at + ": histogram");
      if (n > 0) {
        s.set(12345.0, d.ndim() == 1 ? new long[] {0} : new long[] {0, 0});
      }
      assertArrayEquals(v, a.toNdArray().toDoubleArray(), at + ": the input after a write into its sorted copy");
    }
  }
}
