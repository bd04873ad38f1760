package org.distarray.arrays.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * A {@link PairwisePlan} is NumPy's pairwise tree: its leaves are {@link PairwiseWalk}'s, and the kernels that
 * follow it sum every row as NumPy's recursive {@code pairwise_sum} does, bit for bit, however plans of different
 * lengths take turns in its table.
 */
class PairwisePlanTest {
  @Test
  void theLeavesAreTheWalksAndTheMergesCloseEveryNodeOnce() {
    for (int n : new int[] {129, 200, 1000, 4096, 4100, 8191, 8192}) {
      PairwisePlan plan = PairwisePlan.of(n);
      PairwiseWalk w = new PairwiseWalk(n);
      int merges = 0;
      for (int k = 0; k < plan.leaves(); k++) {
        assertEquals(w.start(), plan.start(k), "n=" + n + ": leaf " + k + "'s start");
        assertEquals(w.length(), plan.length(k), "n=" + n + ": leaf " + k + "'s length");
        merges += plan.merges(k);
        assertEquals(k < plan.leaves() - 1, w.add(0.0), "n=" + n + ": leaf " + k + " is the last one");
      }
      // a binary tree with L leaves has L - 1 inner nodes, each closed by exactly one leaf
      assertEquals(plan.leaves() - 1, merges, "n=" + n);
    }
    // 4096 = 32 leaves of 128 in a perfect tree: leaf k closes as many nodes as k + 1 has trailing zero bits
    PairwisePlan perfect = PairwisePlan.of(4096);
    assertEquals(32, perfect.leaves());
    for (int k = 0; k < 32; k++) {
      assertEquals(Integer.numberOfTrailingZeros(k + 1), perfect.merges(k), "leaf " + k);
    }
  }

  @Test
  void aPlanIsKeptForItsLengthAndRunsOutsideItsRangeAreRefused() {
    assertSame(PairwisePlan.of(4096), PairwisePlan.of(4096));
    IllegalArgumentException shortRun = assertThrows(IllegalArgumentException.class, () -> PairwisePlan.of(128));
    assertTrue(shortRun.getMessage().contains("not 128"), shortRun.getMessage());
    IllegalArgumentException longRun = assertThrows(IllegalArgumentException.class, () -> PairwisePlan.of(8193));
    assertTrue(longRun.getMessage().contains("not 8193"), longRun.getMessage());
  }

  @Test
  void rowsOfPlannedLengthsSumAsNumpyWhileLengthsShareATableSlot() {
    double[] a = PairwiseWalkTest.terms(3 * 8192 + 64, 31);
    // 4096 and 4160 (and 4224) fall into the same slot of the table: each call may replace the other's plan
    int[] lengths = {2101, 4096, 4160, 4224, 4097, 5000, 8191, 8192};
    for (int round = 0; round < 3; round++) {
      for (int n : lengths) {
        for (int row = 0; row < 3; row++) {
          int p = row * n + round;
          long expected = bits(PairwiseWalkTest.numpyPairwise(a, p, 1, n));
          assertEquals(expected, bits(RowReductions.scalarSum(a, p, n)), "scalar n=" + n + " p=" + p);
          assertEquals(expected, bits(RowReductions.sumContiguous(a, p, n)), "contiguous n=" + n + " p=" + p);
          assertEquals(expected, bits(VectorSums.sum(a, p, n)), "vector n=" + n + " p=" + p);
        }
        int m = n / 3;
        assertEquals(bits(PairwiseWalkTest.numpyPairwise(a, 2, 3, m)), bits(RowReductions.sum(a, 2, 3, m)),
            "stride 3 n=" + m);
      }
    }
  }

  @Test
  void threadsSharingPlansOfCollidingLengthsSumAsNumpy() throws InterruptedException {
    double[] a = PairwiseWalkTest.terms(8192 + 64, 32);
    int[] lengths = {4096, 4160, 4224, 4288};
    long[] expected = new long[lengths.length];
    for (int i = 0; i < lengths.length; i++) {
      expected[i] = bits(PairwiseWalkTest.numpyPairwise(a, 0, 1, lengths[i]));
    }
    String[] failure = new String[1];
    Thread[] threads = new Thread[4];
    for (int t = 0; t < threads.length; t++) {
      int first = t;
      threads[t] = new Thread(() -> {
        for (int rep = 0; rep < 2000; rep++) {
          int i = (first + rep) % lengths.length;
          long got = bits(RowReductions.sumContiguous(a, 0, lengths[i]));
          if (got != expected[i]) {
            synchronized (failure) {
              failure[0] = "n=" + lengths[i] + " gave " + Double.longBitsToDouble(got);
            }
          }
        }
      });
      threads[t].start();
    }
    for (Thread t : threads) {
      t.join(60_000);
      assertTrue(!t.isAlive(), "a summing thread still runs after 60 s");
    }
    synchronized (failure) {
      assertEquals(null, failure[0]);
    }
  }

  private static long bits(double v) {
    return Double.doubleToRawLongBits(v);
  }
}
