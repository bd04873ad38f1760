package org.distarray.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.stream.Stream;
import org.distarray.arrays.DType;
import org.distarray.arrays.NdArray;
import org.distarray.arrays.Shape;
import org.distarray.arrays.ops.Reductions;
import org.distarray.arrays.ops.Ufuncs;
import org.distarray.runtime.DistArray;
import org.distarray.runtime.DistContext;
import org.distarray.runtime.EngineMemory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code transpose} on every distribution kind: NumPy's values ({@code a.T}, {@code a.transpose(axes)}), a view
 * that shares the blocks (writes go through, no block is allocated), usable in further work; views of views.
 */
class TransposeConformanceTest {
  private static final EngineContexts CONTEXTS = new EngineContexts();

  @AfterAll
  static void closeContexts() {
    CONTEXTS.close();
  }

  static Stream<DistCase> everyLayout() {
    return DistributionCases.all().stream();
  }

  private static long blockBytes(DistContext ctx) {
    long sum = 0;
    for (EngineMemory m : ctx.memory().engines().values()) {
      sum += m.blockBytes();
    }
    return sum;
  }

  @ParameterizedTest(name = "transpose on {0}")
  @MethodSource("everyLayout")
  void transposeIsAViewWithNumpysValues(DistCase c) {
    DistContext ctx = CONTEXTS.withEngines(c.engines());
    NdArray local = SampleArrays.values(DType.FLOAT64, c.shape(), 101, true, true);
    try (DistArray a = ctx.fromNdArray(local, c.distribution())) {
      long before = blockBytes(ctx);
      DistArray t = a.transpose();
      long after = blockBytes(ctx); // arrays earlier tests dropped may be freed meanwhile: never more than before
      assertTrue(after <= before, "a transpose allocates no block: " + before + " bytes before, " + after + " after");
      assertTrue(t.isView());
      assertEquals(local.transpose().shape(), t.shape());
      assertEquals(t.shape(), t.distribution().shape());
      ArrayAssertions.assertMatches(local.transpose(), t.toNdArray(), "a.T");
      // further work on the view: elementwise with the original's transpose, a reduction along each axis
      NdArray twice = Ufuncs.multiply(local.transpose(), 2.0);
      ArrayAssertions.assertMatches(twice, t.add(a.transpose()).toNdArray(), "a.T + a.T");
      for (int axis = 0; axis < t.ndim(); axis++) {
        ArrayAssertions.assertMatches(Reductions.sum(local.transpose(), axis), t.sum(axis).toNdArray(),
            "a.T.sum(" + axis + ")");
      }
      // the transpose of the transpose is the array again; a write through the view changes the array
      ArrayAssertions.assertMatches(local, t.transpose().toNdArray(), "a.T.T");
      if (c.shape().size() > 0) {
        long[] index = new long[t.ndim()];
        for (int k = 0; k < index.length; k++) {
          index[k] = t.shape().dims()[k] - 1;
        }
        t.set(42.5, index);
        long[] back = new long[index.length];
        for (int k = 0; k < index.length; k++) {
          back[k] = index[index.length - 1 - k];
        }
        assertEquals(42.5, a.getDouble(back), "written through a.T");
      }
      t.close();
    }
  }

  @Test
  void axesPermuteThreeDimensionsAndViewsOfViews() {
    DistContext ctx = CONTEXTS.withEngines(4);
    Shape shape = Shape.of(4, 6, 5);
    NdArray local = NdArray.arange(shape.size()).reshape(shape.dims()).astype(DType.FLOAT64);
    try (DistArray a = ctx.fromNdArray(local, ctx.distribution(shape, "bcn", new int[] {2, 2, 1},
        new int[] {3, 1, 0, 2}))) {
      // NumPy: np.arange(120.).reshape(4, 6, 5).transpose(2, 0, 1) has shape (5, 4, 6)
      DistArray t = a.transpose(2, 0, 1);
      assertEquals(Shape.of(5, 4, 6), t.shape());
      ArrayAssertions.assertMatches(local.transpose(2, 0, 1), t.toNdArray(), "transpose(2, 0, 1)");
      ArrayAssertions.assertMatches(local.transpose(2, 0, 1).transpose(1, -1, 0), t.transpose(1, -1, 0).toNdArray(),
          "transpose of a transpose");
      DistArray s = a.slice("1:, ::2, :"); // a view (block rows, cyclic columns with step 2)
      ArrayAssertions.assertMatches(local.slice("1:, ::2, :").transpose(), s.transpose().toNdArray(),
          "transpose of a slice view");
      ArrayAssertions.assertMatches(local.slice("1:, ::2, :").transpose().slice("::-1, 1, :"),
          s.transpose().slice("::-1, 1, :").toNdArray(), "a slice of the transpose of a slice");
      assertThrows(IllegalArgumentException.class, () -> a.transpose(0, 0, 1));
      assertThrows(IllegalArgumentException.class, () -> a.transpose(0, 1));
    }
  }
}
