package org.distarray.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.distarray.arrays.NdArray;
import org.distarray.arrays.Shape;
import org.distarray.arrays.task.LocalBlocks;
import org.distarray.arrays.task.LocalTask;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Ownership and NumPy's value semantics on the embedded runtime: lazy results keep their inputs' values across later
 * writes, overlapping assignment copies first, views and copies, and every block freed again.
 */
class OwnershipTest {
  private static DistContext ctx;

  @BeforeAll
  static void start() {
    ctx = DistContext.local(2);
  }

  @AfterAll
  static void stop() {
    ctx.close();
  }

  @AfterEach
  void nothingLeft() {
    assertEquals(0, blocksAfterCollecting(), "blocks left on the engines after the test: " + ctx.memory());
  }

  /** Frees what the program dropped (the collector finds it) and counts the blocks left on the engines. */
  static int blocksAfterCollecting() {
    ctx.handles().collectUnreachable();
    return ctx.memory().totalBlocks();
  }

  /** Sets element 0 of the first block to a value (a task that writes). */
  record SetFirst(double value) implements LocalTask<Integer> {
    @Override
    public Integer run(LocalBlocks blocks) {
      if (blocks.rank() == 0) {
        blocks.block(0).set(value, 0);
      }
      return 0;
    }
  }

  @Test
  void lazyResultKeepsItsInputsValuesAcrossSet() {
    // NumPy: a = arange(4.); b = a * 2; a[0] = 0 -> b[0] == 2 ... a = [1,2,3,4] here
    try (DistArray a = ctx.fromNdArray(NdArray.of(new double[] {1, 2, 3, 4}, 4));
        DistArray b = a.multiply(2.0)) {
      a.set(0.0, 0);
      assertEquals(2.0, b.getDouble(0));
      assertArrayEquals(new double[] {0, 2, 3, 4}, a.toNdArray().toDoubleArray());
    }
  }

  @Test
  void lazyResultKeepsItsInputsValuesAcrossAssignTasksAndViews() {
    try (DistArray a = ctx.fromNdArray(NdArray.of(new double[] {1, 2, 3, 4, 5, 6}, 6));
        DistArray byAssign = a.add(10.0)) {
      a.assign(":", 0.0);
      DistArray byTask = a.add(1.0); // a is [0,0,0,0,0,0] now
      ctx.apply(new SetFirst(7.0), a);
      DistArray byView = a.multiply(3.0); // a is [7,0,0,0,0,0]
      try (DistArray v = a.slice("::1")) {
        assertTrue(v.isView());
        v.assign(":", 5.0);
      }
      // NumPy: each result was computed from a's values at the time it was made
      assertArrayEquals(new double[] {11, 12, 13, 14, 15, 16}, byAssign.toNdArray().toDoubleArray());
      assertArrayEquals(new double[] {1, 1, 1, 1, 1, 1}, byTask.toNdArray().toDoubleArray());
      assertArrayEquals(new double[] {21, 0, 0, 0, 0, 0}, byView.toNdArray().toDoubleArray());
      assertArrayEquals(new double[] {5, 5, 5, 5, 5, 5}, a.toNdArray().toDoubleArray());
      byTask.close();
      byView.close();
    }
  }

  @Test
  void writeIntoAViewForcesResultsThatReadItsBase() {
    try (DistArray a = ctx.fromNdArray(NdArray.of(new double[] {1, 2, 3, 4}, 4));
        DistArray v = a.slice("1:3");
        DistArray sum = v.add(a.slice("1:3"))) {
      a.set(100.0, 1); // written through the base: the result read the view
      assertArrayEquals(new double[] {4, 6}, sum.toNdArray().toDoubleArray());
    }
  }

  @Test
  void overlappingSelfAssignmentCopiesTheSourceFirst() {
    // NumPy: x = arange(16.).reshape(4, 4); x[1:, :3] = x[:-1, :3]
    try (DistArray x = ctx.fromNdArray(NdArray.of(range(16), 4, 4), ctx.distribution(Shape.of(4, 4), "bn"));
        DistArray src = x.slice(":-1, :3")) {
      x.assign("1:, :3", src);
      assertArrayEquals(new double[] {0, 1, 2, 3, 0, 1, 2, 7, 4, 5, 6, 11, 8, 9, 10, 15},
          x.toNdArray().toDoubleArray());
    }
  }

  @Test
  void reversedSelfAssignmentAcrossEngines() {
    // NumPy: x = arange(8.); x[:] = x[::-1]
    try (DistArray x = ctx.fromNdArray(NdArray.of(range(8), 8), ctx.distribution(Shape.of(8), "c"));
        DistArray reversed = x.slice("::-1")) {
      x.assign(":", reversed);
      assertArrayEquals(new double[] {7, 6, 5, 4, 3, 2, 1, 0}, x.toNdArray().toDoubleArray());
    }
  }

  @Test
  void copyHasBlocksOfItsOwnAndSliceViewsShare() {
    try (DistArray a = ctx.fromNdArray(NdArray.of(range(6), 6));
        DistArray c = a.copy();
        DistArray v = a.slice("2:")) {
      assertFalse(a.isView());
      assertFalse(c.isView());
      assertTrue(v.isView());
      assertEquals(a.distribution(), c.distribution());
      c.set(-1.0, 0);
      v.set(-2.0, 0);
      assertArrayEquals(new double[] {0, 1, -2, 3, 4, 5}, a.toNdArray().toDoubleArray());
      assertArrayEquals(new double[] {-1, 1, 2, 3, 4, 5}, c.toNdArray().toDoubleArray());
    }
  }

  @Test
  void closingTheBaseKeepsALiveViewUsable() {
    DistArray a = ctx.fromNdArray(NdArray.of(range(6), 6));
    DistArray v = a.slice("1:4");
    a.close();
    assertArrayEquals(new double[] {1, 2, 3}, v.toNdArray().toDoubleArray());
    v.close();
  }

  @Test
  void rebindingWithoutCloseFreesTheDroppedArrays() {
    int before = ctx.memory().totalBlocks();
    DistArray x = ctx.zeros(ctx.distribution(Shape.of(1000), "b"));
    for (int i = 0; i < 200; i++) {
      x = x.multiply(0.5).add(1.0); // the earlier x is dropped, never closed
    }
    // NumPy: x_{k+1} = x_k / 2 + 1 from 0 tends to 2
    assertEquals(2.0, x.getDouble(999), 1e-12);
    x.close();
    assertEquals(before, blocksAfterCollecting());
  }

  @Test
  void memoryReportCountsBlocksAndBytesPerEngine() {
    MemoryReport empty = ctx.memory();
    try (DistArray a = ctx.zeros(ctx.distribution(Shape.of(1000), "b"))) {
      MemoryReport r = ctx.memory();
      assertEquals(2, r.engines().size());
      assertEquals(empty.totalBlocks() + 2, r.totalBlocks());
      assertEquals(empty.totalBlockBytes() + 8000, r.totalBlockBytes());
      assertTrue(r.engines().get(0).budgetBytes() > 0);
      assertTrue(r.liveArrays() >= 1);
    }
  }

  @Test
  void anArrayOverTheBudgetFailsAndTheContextGoesOn() {
    long budget = ctx.memory().engines().get(0).budgetBytes();
    long elements = budget / 8 * 3; // 1.5 budgets per engine over two engines
    EngineMemoryException e = assertThrows(EngineMemoryException.class,
        () -> ctx.zeros(ctx.distribution(Shape.of(elements), "b")));
    assertTrue(e.requestedBytes() > e.freeBytes(), e.getMessage());
    assertTrue(e.getMessage().contains("engine " + e.engineId()), e.getMessage());
    try (DistArray small = ctx.arange(10)) {
      assertEquals(45.0, small.sum());
    }
  }

  /** Allocates far more than any heap of the tests: the JVM throws OutOfMemoryError at once. */
  record AllocatesTooMuch() implements LocalTask<Integer> {
    @Override
    public Integer run(LocalBlocks blocks) {
      long[] huge = new long[Integer.MAX_VALUE - 16];
      return huge.length;
    }
  }

  @Test
  void aTaskThatRunsOutOfHeapFailsItsCallAndTheEnginesGoOn() {
    EngineMemoryException e = assertThrows(EngineMemoryException.class, () -> ctx.apply(new AllocatesTooMuch()));
    assertTrue(e.getMessage().contains("ran out of JVM heap"), e.getMessage());
    try (DistArray a = ctx.arange(100)) {
      assertEquals(4950.0, a.sum());
    }
  }

  static double[] range(int n) {
    double[] d = new double[n];
    for (int i = 0; i < n; i++) {
      d[i] = i;
    }
    return d;
  }
}
