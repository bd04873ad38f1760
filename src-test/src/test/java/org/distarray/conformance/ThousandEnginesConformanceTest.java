package org.distarray.conformance;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import org.distarray.arrays.DType;
import org.distarray.arrays.NdArray;
import org.distarray.arrays.Shape;
import org.distarray.arrays.dist.AxisMap;
import org.distarray.arrays.dist.Distribution;
import org.distarray.runtime.DistArray;
import org.distarray.runtime.DistContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Operations on 1,024 engines in one JVM give what they give on 4, for every distribution kind: creation, values
 * in and out, elementwise work, reductions, reshape and redistribution between 'b', 'c', block-cyclic, explicit
 * bounds, 'u' and undistributed layouts of 1-D and 2-D arrays (grids of 1,024 and 32 x 32). The values are
 * multiples of 0.25, so every sum is exact in any order and results compare exactly. The coordinator's work for a
 * redistribution does not grow with the array: engines plan their own pieces.
 */
class ThousandEnginesConformanceTest {
  private static final int E = 1024;
  private static final Shape VECTOR = Shape.of(5000);
  private static final Shape MATRIX = Shape.of(96, 100);
  private static DistContext wide;
  private static DistContext narrow;

  @BeforeAll
  static void start() {
    wide = DistContext.local(E);
    narrow = DistContext.local(4);
  }

  @AfterAll
  static void stop() {
    wide.close();
    narrow.close();
  }

  /** Layouts of VECTOR and MATRIX over all 1,024 engines (one on a single engine). */
  private static List<Distribution> layouts() {
    int[] all = DistributionCases.iota(E);
    int[] reversed = new int[E];
    for (int i = 0; i < E; i++) {
      reversed[i] = E - 1 - i;
    }
    List<Distribution> out = new ArrayList<>();
    out.add(Distribution.of(VECTOR, "b", all));
    out.add(Distribution.of(VECTOR, "c", all));
    out.add(Distribution.of(VECTOR, List.of(AxisMap.blockCyclic(3)), new int[] {E}, reversed));
    out.add(Distribution.of(VECTOR, List.of(AxisMap.blockBounds(DistributionCases.unevenBounds(5000, E))),
        new int[] {E}, all));
    out.add(Distribution.of(VECTOR, List.of(AxisMap.unstructured(DistributionCases.shuffledPartition(5000, E, 5))),
        new int[] {E}, all));
    out.add(Distribution.of(VECTOR, List.of(AxisMap.none()), new int[] {1}, new int[] {E - 1}));
    out.add(Distribution.of(MATRIX, "bn", all));
    out.add(Distribution.of(MATRIX, "nb", all));
    out.add(Distribution.of(MATRIX, "bb", new int[] {32, 32}, all));
    out.add(Distribution.of(MATRIX, "cc", new int[] {32, 32}, reversed));
    out.add(Distribution.of(MATRIX, "bc", new int[] {32, 32}, all));
    out.add(Distribution.of(MATRIX, List.of(AxisMap.blockCyclic(2), AxisMap.blockCyclic(3)), new int[] {32, 32}, all));
    out.add(Distribution.of(MATRIX, List.of(AxisMap.unstructured(DistributionCases.shuffledPartition(96, 32, 9)),
        AxisMap.blockBounds(DistributionCases.unevenBounds(100, 32))), new int[] {32, 32}, reversed));
    return out;
  }

  private static NdArray values(Shape shape) {
    return SampleArrays.second(DType.FLOAT64, shape, shape.ndim() * 31L);
  }

  @Test
  void everyLayoutHoldsItsValuesAndComputesAsOnFourEngines() {
    for (Distribution d : layouts()) {
      NdArray v = values(d.shape());
      Distribution four = Distribution.of(d.shape(), d.ndim() == 1 ? "b" : "bn", DistributionCases.iota(4));
      try (DistArray a = wide.fromNdArray(v, d); DistArray b = narrow.fromNdArray(v, four);
           DistArray doubled = a.multiply(2.0); DistArray twice = doubled.add(1.0).evaluate();
           DistArray doubledFour = b.multiply(2.0); DistArray twiceFour = doubledFour.add(1.0).evaluate()) {
        assertEquals(d, a.distribution());
        assertArrayEquals(v.toDoubleArray(), a.toNdArray().toDoubleArray(), 0.0, d.toString());
        assertArrayEquals(twiceFour.toNdArray().toDoubleArray(), twice.toNdArray().toDoubleArray(), 0.0,
            "2 a + 1 on " + d);
        assertEquals(b.sum(), a.sum(), 0.0, "sum on " + d);
        assertEquals(b.max(), a.max(), 0.0, "max on " + d);
        long last = d.shape().size() - 1;
        long[] index = d.ndim() == 1 ? new long[] {last} : new long[] {last / 100, last % 100};
        assertEquals(v.getDouble(index), a.getDouble(index), 0.0, "last element on " + d);
        if (d.ndim() == 2) {
          try (DistArray s0 = a.sum(0); DistArray s0Four = b.sum(0); DistArray s1 = a.sum(1);
               DistArray s1Four = b.sum(1)) {
            assertArrayEquals(s0Four.toNdArray().toDoubleArray(), s0.toNdArray().toDoubleArray(), 0.0, "sum(0) " + d);
            assertArrayEquals(s1Four.toNdArray().toDoubleArray(), s1.toNdArray().toDoubleArray(), 0.0, "sum(1) " + d);
          }
        }
      }
    }
    assertEquals(0, wide.memory().totalBlocks(), "blocks left on 1,024 engines");
  }

  @Test
  void redistributionBetweenEveryPairOfLayoutsKeepsEveryValue() {
    List<Distribution> layouts = layouts();
    for (Distribution from : layouts) {
      NdArray v = values(from.shape());
      try (DistArray a = wide.fromNdArray(v, from)) {
        for (Distribution to : layouts) {
          if (!to.shape().equals(from.shape())) {
            continue;
          }
          try (DistArray b = a.redistribute(to)) {
            assertEquals(to, b.distribution());
            assertArrayEquals(v.toDoubleArray(), b.toNdArray().toDoubleArray(), 0.0, from + " -> " + to);
          }
        }
      }
    }
    assertEquals(0, wide.memory().totalBlocks(), "blocks left on 1,024 engines");
  }

  @Test
  void reshapeOnAThousandEnginesIsNumPysCOrderReshape() {
    NdArray v = values(VECTOR);
    try (DistArray a = wide.fromNdArray(v, wide.distribution(VECTOR, "b"));
         DistArray m = a.reshape(50, 100); DistArray back = m.reshape(5000)) {
      assertArrayEquals(new long[] {50, 100}, m.shape().dims());
      assertArrayEquals(v.reshape(50, 100).toDoubleArray(), m.toNdArray().toDoubleArray(), 0.0);
      assertArrayEquals(v.toDoubleArray(), back.toNdArray().toDoubleArray(), 0.0);
      assertEquals(v.getDouble(4321), m.getDouble(43, 21), 0.0, "np.arange-like C order: [43, 21] is 4321");
    }
  }

  @Test
  void theCoordinatorsWorkForARedistributionDoesNotGrowWithTheArray() {
    long small = Long.MAX_VALUE;
    long large = Long.MAX_VALUE;
    for (int i = 0; i < 3; i++) { // the least of three: a sweep or a free of another array may fall into one
      small = Math.min(small, coordinatorBytesFor(100_000));
      large = Math.min(large, coordinatorBytesFor(4_000_000));
    }
    // O(engines) messages and their answers: about a kilobyte per engine, whatever the array's size (a plan built
    // here took gigabytes for 10^6 elements on 1,024 engines)
    assertTrue(small < 4L << 20 && large < 4L << 20, "coordinator allocated " + small + " and " + large + " bytes");
    assertTrue(large < small + (1L << 20), "coordinator allocated " + small + " bytes for 10^5 elements and "
        + large + " for 4 10^6");
  }

  /**
   * What the coordinators' threads (wide's, and narrow's idle one) allocate for the third of three 'b' -> 'c'
   * redistributions of n elements on wide.
   */
  private static long coordinatorBytesFor(long n) {
    com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    long[] coordinators = Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.getName().contains("coordinator-dispatcher")).mapToLong(Thread::getId).toArray();
    assertTrue(coordinators.length > 0, "no coordinator thread among " + Thread.getAllStackTraces().keySet());
    Distribution block = wide.distribution(Shape.of(n), "b");
    Distribution cyclic = wide.distribution(Shape.of(n), "c");
    try (DistArray a = wide.zeros(block)) {
      long bytes = 0;
      for (int i = 0; i < 3; i++) {
        long before = allocated(threads, coordinators);
        DistArray moved = a.redistribute(cyclic);
        bytes = allocated(threads, coordinators) - before;
        moved.close();
        a.sum(); // the coordinator has handled the close (it answers in order) before the next window opens
      }
      return bytes;
    }
  }

  private static long allocated(com.sun.management.ThreadMXBean threads, long[] ids) {
    long sum = 0;
    for (long b : threads.getThreadAllocatedBytes(ids)) {
      sum += Math.max(0, b); // -1 for a thread that ended
    }
    return sum;
  }
}
