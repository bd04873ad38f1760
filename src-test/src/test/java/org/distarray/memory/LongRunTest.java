package org.distarray.memory;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.distarray.arrays.Shape;
import org.distarray.runtime.DistArray;
import org.distarray.runtime.DistContext;
import org.distarray.runtime.EngineMemoryException;
import org.distarray.runtime.MemoryReport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Iterative programs in a small heap (this class runs in a JVM of its own with -Xmx512m, see the pom): a thousand
 * heat steps written with slices and assignment and nothing closed, five hundred rebindings of one name, and an
 * array larger than the heap; the engines' blocks return to the baseline and the JVM never shuts down.
 */
class LongRunTest {
  private static DistContext ctx;

  @BeforeAll
  static void start() {
    ctx = DistContext.local(4);
  }

  @AfterAll
  static void stop() {
    ctx.close();
  }

  @Test
  void runsInASmallHeap() {
    long max = Runtime.getRuntime().maxMemory();
    assertTrue(max <= 600L << 20, "this class must run with -Xmx512m (see the pom), max heap is " + max);
  }

  @Test
  void thousandHeatStepsWithNothingClosedStayWithinMemory() {
    int baseline = Leaks.blocksAfterCollecting(ctx);
    int n = 1000;
    int steps = 1000;
    double alpha = 0.2;
    DistArray u = ctx.zeros(ctx.distribution(Shape.of(n, n), "bb"));
    u.assign("0, :", 100.0);
    for (int s = 0; s < steps; s++) {
      DistArray c = u.slice("1:-1, 1:-1");
      DistArray north = u.slice(":-2, 1:-1");
      DistArray south = u.slice("2:, 1:-1");
      DistArray west = u.slice("1:-1, :-2");
      DistArray east = u.slice("1:-1, 2:");
      u.assign("1:-1, 1:-1", c.add(north.add(south).add(west).add(east).subtract(c.multiply(4.0)).multiply(alpha)));
    }
    double[] expected = Leaks.heatSteps(n, steps, alpha);
    assertArrayEquals(expected, u.toNdArray().toDoubleArray(), 1e-9);
    u.close();
    assertEquals(baseline, Leaks.blocksAfterCollecting(ctx), "blocks left after the heat loop: " + ctx.memory());
  }

  @Test
  void fiveHundredRebindingsWithoutCloseStayWithinMemory() {
    int baseline = Leaks.blocksAfterCollecting(ctx);
    DistArray x = ctx.zeros(ctx.distribution(Shape.of(2_000_000), "b"));
    for (int i = 0; i < 500; i++) {
      x = x.multiply(0.5).add(1.0);
      if (i % 50 == 0) {
        x.evaluate(); // as a loop that reads its state now and then would
      }
    }
    // NumPy: x_{k+1} = 0.5 x_k + 1 from 0 is 2 - 2^(1-k): 2.0 to the last bit after 500 steps
    assertEquals(2.0, x.getDouble(1_999_999));
    assertEquals(4_000_000.0, x.sum());
    x.close();
    assertEquals(baseline, Leaks.blocksAfterCollecting(ctx), "blocks left after the rebindings: " + ctx.memory());
  }

  @Test
  void anArrayLargerThanTheHeapFailsWithinSecondsAndChangesNothing() {
    MemoryReport before = ctx.memory();
    try (DistArray keep = ctx.arange(1000)) {
      long elements = Runtime.getRuntime().maxMemory() / 8 * 2; // twice the heap
      long started = System.nanoTime();
      EngineMemoryException e = assertThrows(EngineMemoryException.class,
          () -> ctx.zeros(ctx.distribution(Shape.of(elements), "b")));
      assertTrue(System.nanoTime() - started < 10_000_000_000L, "the failure took more than 10 s");
      assertTrue(e.requestedBytes() > e.freeBytes(), e.getMessage());
      assertEquals(499500.0, keep.sum());
      assertEquals(before.totalBlocks() + 4, ctx.memory().totalBlocks(), "the failed array left blocks behind");
    }
    try (DistArray after = ctx.ones(ctx.distribution(Shape.of(1000, 1000), "bb"))) {
      assertEquals(1_000_000.0, after.sum());
    }
  }
}
