package org.distarray.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.distarray.arrays.DType;
import org.distarray.arrays.NdArray;
import org.distarray.arrays.Shape;
import org.distarray.arrays.ShapeMismatchException;
import org.distarray.arrays.dist.Distribution;
import org.distarray.arrays.task.LocalBlocks;
import org.distarray.arrays.task.LocalTask;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The embedded runtime end to end on three engines, every message through its wire format. */
class DistContextTest {
  private static DistContext ctx;

  @BeforeAll
  static void start() {
    ctx = DistContext.local(3);
  }

  @AfterAll
  static void stop() {
    ctx.close();
  }

  record BlockSize() implements LocalTask<Long> {
    @Override
    public Long run(LocalBlocks blocks) {
      return blocks.block(0).size();
    }
  }

  record Fails(String why) implements LocalTask<Integer> {
    @Override
    public Integer run(LocalBlocks blocks) {
      throw new IllegalArgumentException(why);
    }
  }

  record FailsWithAnError(String why) implements LocalTask<Integer> {
    @Override
    public Integer run(LocalBlocks blocks) {
      throw new AssertionError(why);
    }
  }

  @Test
  void arangeSumsLikeNumpy() {
    try (DistArray a = ctx.arange(10)) {
      assertEquals(45.0, a.sum());
      assertEquals(DType.INT64, a.dtype());
      assertArrayEquals(new long[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9}, a.toNdArray().toLongArray());
    }
  }

  @Test
  void elementwiseAndAxisReductionsOnACyclicGridMatchLocalKernels() {
    Distribution d = ctx.distribution(Shape.of(7, 5), "cb");
    NdArray local = NdArray.arange(35).reshape(7, 5).astype(DType.FLOAT64);
    try (DistArray a = ctx.fromNdArray(local, d);
         DistArray b = a.multiply(2.0).add(a);
         DistArray s = b.sum(0);
         DistArray m = b.argmax(1)) {
      assertEquals(d, b.distribution());
      assertArrayEquals(new double[] {315, 336, 357, 378, 399}, s.toNdArray().toDoubleArray()); // (3a).sum(0)
      assertArrayEquals(new long[] {4, 4, 4, 4, 4, 4, 4}, m.toNdArray().toLongArray());
      assertEquals(3 * 595.0, b.sum());
      assertEquals(34, b.argmax());
      assertEquals(Math.sqrt(102.0) * 3, b.std(), 1e-9); // np.std(3 * np.arange(35))
    }
  }

  @Test
  void tasksReturnResultsInRankOrderAndFailuresNameTheEngine() {
    try (DistArray a = ctx.zeros(ctx.distribution(Shape.of(10), "b"))) {
      assertEquals(List.of(4L, 3L, 3L), ctx.apply(new BlockSize(), a));
      EngineTaskException e = assertThrows(EngineTaskException.class, () -> ctx.apply(new Fails("bad input 42"), a));
      assertTrue(e.getMessage().contains("bad input 42"), e.getMessage());
      assertTrue(e.getMessage().contains("engine"), e.getMessage());
      assertEquals(10.0, a.add(1.0).sum());
      EngineTaskException error = assertThrows(EngineTaskException.class,
          () -> ctx.apply(new FailsWithAnError("broken invariant 7"), a));
      assertTrue(error.getMessage().contains("AssertionError: broken invariant 7"), error.getMessage());
      assertEquals(List.of(4L, 3L, 3L), ctx.apply(new BlockSize(), a));
    }
  }

  @Test
  void chainedElementwiseWorkIsFusedAndMatchesLocalKernels() {
    Distribution d = ctx.distribution(Shape.of(9, 4), "cb");
    NdArray x = NdArray.arange(36).reshape(9, 4).astype(DType.FLOAT64);
    NdArray y = org.distarray.arrays.ops.Ufuncs.sin(x);
    try (DistArray a = ctx.fromNdArray(x, d); DistArray b = ctx.fromNdArray(y, d)) {
      DistArray lazy = a.multiply(b).add(a).subtract(1.5).sqrt().astype(DType.FLOAT32);
      a.close(); // a stays on the engines while the lazy result still reads it
      NdArray expected = org.distarray.arrays.ops.Ufuncs.sqrt(org.distarray.arrays.ops.Ufuncs.subtract(
          org.distarray.arrays.ops.Ufuncs.add(org.distarray.arrays.ops.Ufuncs.multiply(x, y), x), 1.5)).astype(DType.FLOAT32);
      assertEquals(DType.FLOAT32, lazy.dtype());
      assertEquals(org.distarray.arrays.ops.Reductions.sum(expected), lazy.sum(), 1e-3);
      assertArrayEquals(expected.toFloatArray(), lazy.toNdArray().toFloatArray());
      lazy.close();
      IllegalStateException closed = assertThrows(IllegalStateException.class, a::sum);
      assertTrue(closed.getMessage().contains("closed"), closed.getMessage());
    }
  }

  @Test
  void integerErrorsFoundDuringFusedEvaluationSurfaceAtTheRead() {
    try (DistArray a = ctx.arange(6); DistArray p = a.power(-1.0); DistArray q = a.subtract(3.0).astype(DType.INT64)) {
      assertEquals(DType.FLOAT64, p.dtype());
      DistArray bad = q.binary(org.distarray.arrays.ops.BinaryOp.POWER, q);
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, bad::sum);
      assertTrue(e.getMessage().contains("negative integer powers"), e.getMessage());
      assertEquals(-3.0, q.sum());
    }
  }

  /** Released by the test that blocks an engine on it. */
  private static final java.util.concurrent.CountDownLatch RELEASE = new java.util.concurrent.CountDownLatch(1);

  record WaitForRelease() implements LocalTask<Boolean> {
    @Override
    public Boolean run(LocalBlocks blocks) {
      try {
        return RELEASE.await(20, java.util.concurrent.TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    }
  }

  @Test
  void aCallThatGetsNoAnswerTimesOutNamingWhatItWaitedFor() {
    try (DistContext quick = DistContext.local(1, java.time.Duration.ofMillis(300));
         DistArray a = quick.zeros(Shape.of(3))) {
      DistTimeoutException e = assertThrows(DistTimeoutException.class, () -> quick.apply(new WaitForRelease(), a));
      assertTrue(e.getMessage().contains("task WaitForRelease"), e.getMessage());
      assertTrue(e.getMessage().contains("300 ms"), e.getMessage());
      RELEASE.countDown();
      assertEquals(0.0, a.sum()); // the engine finished the task and answers again
    }
  }

  /** Released by the test that keeps engine 0 busy. */
  private static final java.util.concurrent.CountDownLatch BUSY = new java.util.concurrent.CountDownLatch(1);

  record StayBusy() implements LocalTask<Boolean> {
    @Override
    public Boolean run(LocalBlocks blocks) {
      try {
        return BUSY.await(20, java.util.concurrent.TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    }
  }

  @Test
  void aBusyEngineStarvesNeitherItsPeersNorTheCoordinator() throws Exception {
    Distribution onZero = ctx.distribution(Shape.of(4), "b", new int[] {1}, new int[] {0});
    Distribution onOthers = ctx.distribution(Shape.of(6), "b", new int[] {2}, new int[] {1, 2});
    try (DistArray busy = ctx.zeros(onZero); DistArray free = ctx.ones(onOthers)) {
      java.util.concurrent.CompletableFuture<List<Boolean>> task =
          java.util.concurrent.CompletableFuture.supplyAsync(() -> ctx.apply(new StayBusy(), busy));
      try {
        assertEquals(12.0, free.multiply(2.0).sum()); // coordinator and engines 1, 2 answer while engine 0 works
        assertEquals(1.0, free.getDouble(5));
      } finally {
        BUSY.countDown();
      }
      assertEquals(List.of(true), task.get(20, java.util.concurrent.TimeUnit.SECONDS));
    }
  }

  @Test
  void singleElementsGoToTheirOwner() {
    try (DistArray a = ctx.zeros(ctx.distribution(Shape.of(4, 6), "bc"))) {
      a.set(7.5, 3, -1);
      assertEquals(7.5, a.getDouble(3, 5));
      assertEquals(7.5, a.sum());
    }
  }

  @Test
  void randomValuesDoNotDependOnTheEngineCount() {
    NdArray here;
    try (DistArray r = ctx.random(5).rand(ctx.distribution(Shape.of(6, 4), "bc"))) {
      here = r.toNdArray();
    }
    try (DistContext one = DistContext.local(1); DistArray r = one.random(5).rand(one.distribution(Shape.of(6, 4), "b"))) {
      assertArrayEquals(here.toDoubleArray(), r.toNdArray().toDoubleArray());
    }
  }

  @Test
  void mismatchedShapesRaiseAtTheCall() {
    try (DistArray a = ctx.zeros(Shape.of(4)); DistArray b = ctx.zeros(Shape.of(5))) {
      ShapeMismatchException e = assertThrows(ShapeMismatchException.class, () -> a.add(b));
      assertTrue(e.getMessage().contains("(4,)") && e.getMessage().contains("(5,)"), e.getMessage());
    }
  }
}
