package org.distarray.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.stream.Stream;
import org.distarray.arrays.DType;
import org.distarray.arrays.NdArray;
import org.distarray.arrays.Shape;
import org.distarray.arrays.ShapeMismatchException;
import org.distarray.arrays.ops.ReduceOp;
import org.distarray.arrays.ops.Reductions;
import org.distarray.arrays.ops.Ufuncs;
import org.distarray.runtime.DistArray;
import org.distarray.runtime.DistContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code where}, {@code clip}, the nan-reductions and {@code countNonzero} on every distribution kind, against the
 * local kernels (checked against NumPy in the arrays module) and NumPy's definitions written out here.
 */
class SelectionConformanceTest {
  private static final EngineContexts CONTEXTS = new EngineContexts();

  @AfterAll
  static void closeContexts() {
    CONTEXTS.close();
  }

  static Stream<DistCase> everyLayout() {
    return DistributionCases.all().stream();
  }

  /** Sample values with NaN at every third flat index and an infinity at index 1 (when there is one). */
  private static NdArray withNans(Shape shape, long seed) {
    NdArray a = SampleArrays.values(DType.FLOAT64, shape, seed, true, false);
    double[] v = a.toDoubleArray();
    for (int i = 0; i < v.length; i += 3) {
      v[i] = Double.NaN;
    }
    if (v.length > 1) {
      v[1] = Double.POSITIVE_INFINITY;
    }
    return NdArray.of(v, shape.dims());
  }

  @ParameterizedTest(name = "where and clip on {0}")
  @MethodSource("everyLayout")
  void whereAndClipMatchTheLocalKernels(DistCase c) {
    DistContext ctx = CONTEXTS.withEngines(c.engines());
    NdArray cond = withNans(c.shape(), 91); // NaN is non-zero: NumPy's where takes x there
    NdArray x = SampleArrays.values(DType.INT32, c.shape(), 92, true, false);
    NdArray y = SampleArrays.values(DType.FLOAT32, c.shape(), 93, true, false);
    long[] last = c.shape().dims().clone();
    last = last.length == 0 ? last : new long[] {last[last.length - 1]};
    NdArray row = SampleArrays.values(DType.FLOAT64, Shape.of(last), 94, true, false);
    try (DistArray dc = ctx.fromNdArray(cond, c.distribution()); DistArray dx = ctx.fromNdArray(x, c.distribution());
        DistArray dy = ctx.fromNdArray(y, c.distribution());
        DistArray dr = ctx.fromNdArray(row, ctx.distribution(Shape.of(last), last.length == 0 ? "" : "c"))) {
      DistArray w = dc.where(dx, dy); // int32 with float32: float64
      assertEquals(DType.FLOAT64, w.dtype());
      ArrayAssertions.assertMatches(Ufuncs.where(cond, x, y, null), w.toNdArray(), "where(cond, x, y)");
      // the condition as an expression, a broadcast row in another distribution, fused with more work
      DistArray mixed = dc.greater(0.0).where(dr, dx).multiply(2.0);
      ArrayAssertions.assertMatches(Ufuncs.multiply(Ufuncs.where(Ufuncs.greater(cond, 0.0), row, x, null), 2.0),
          mixed.toNdArray(), "where(cond > 0, row, x) * 2");
      ArrayAssertions.assertMatches(Ufuncs.where(cond, NdArray.scalar(DType.FLOAT64, 1.5),
          NdArray.scalar(DType.FLOAT64, -2.5), null), dc.where(1.5, -2.5).toNdArray(), "where(cond, 1.5, -2.5)");
      // clip: NumPy's minimum(maximum(a, min), max); int32 with Python floats gives float64; NaN stays NaN
      ArrayAssertions.assertMatches(Ufuncs.minimum(Ufuncs.maximum(x, -1.5), 2.0), dx.clip(-1.5, 2.0).toNdArray(),
          "clip of int32");
      ArrayAssertions.assertMatches(Ufuncs.minimum(Ufuncs.maximum(cond, -1.0), 1.0), dc.clip(-1.0, 1.0).toNdArray(),
          "clip with NaN");
      ArrayAssertions.assertMatches(Ufuncs.isnan(cond), dc.isnan().toNdArray(), "isnan");
      ArrayAssertions.assertMatches(Ufuncs.isfinite(cond), dc.isfinite().toNdArray(), "isfinite");
    }
  }

  @ParameterizedTest(name = "nan-reductions on {0}")
  @MethodSource("everyLayout")
  void nanReductionsIgnoreNanAndGiveNanForAllNanSlices(DistCase c) {
    DistContext ctx = CONTEXTS.withEngines(c.engines());
    NdArray a = withNans(c.shape(), 95);
    double[] v = a.toDoubleArray();
    try (DistArray d = ctx.fromNdArray(a, c.distribution())) {
      // NumPy's definitions: nansum adds the numbers (0 for none), nanmean divides by their count (NaN for none),
      // nanmin/nanmax of the numbers (NaN for none); count_nonzero counts NaN as non-zero
      double sum = 0;
      long count = 0;
      long nonzero = 0;
      double min = Double.NaN;
      double max = Double.NaN;
      for (double x : v) {
        nonzero += x != 0 ? 1 : 0;
        if (!Double.isNaN(x)) {
          sum += x;
          count++;
          min = Double.isNaN(min) || x < min ? x : min;
          max = Double.isNaN(max) || x > max ? x : max;
        }
      }
      ArrayAssertions.assertClose(sum, d.nansum(), "nansum");
      ArrayAssertions.assertClose(count == 0 ? Double.NaN : sum / count, d.nanmean(), "nanmean");
      assertEquals(nonzero, d.countNonzero());
      if (v.length > 0) {
        ArrayAssertions.assertClose(min, d.nanmin(), "nanmin");
        ArrayAssertions.assertClose(max, d.nanmax(), "nanmax");
      }
      for (int axis = 0; axis < c.shape().ndim(); axis++) {
        if (c.shape().dims()[axis] == 0 && c.shape().size() == 0 && c.shape().ndim() == 1) {
          continue;
        }
        NdArray isNum = Ufuncs.logicalNot(Ufuncs.isnan(a));
        NdArray zeroed = Ufuncs.where(isNum, a, NdArray.scalar(DType.FLOAT64, 0), null);
        NdArray sums = Reductions.sum(zeroed, axis);
        NdArray counts = Reductions.sum(isNum, axis);
        ArrayAssertions.assertMatches(sums, d.nansum(axis).toNdArray(), "nansum(" + axis + ")");
        ArrayAssertions.assertMatches(Ufuncs.divide(sums, counts), d.nanmean(axis).toNdArray(), "nanmean(" + axis + ")");
        if (a.dims()[axis] > 0) {
          NdArray lows = Reductions.min(Ufuncs.where(isNum, a, NdArray.scalar(DType.FLOAT64, Double.POSITIVE_INFINITY),
              null), axis);
          NdArray none = Ufuncs.equal(counts, 0.0);
          ArrayAssertions.assertMatches(Ufuncs.where(none, NdArray.scalar(DType.FLOAT64, Double.NaN), lows, null),
              d.nanmin(axis).toNdArray(), "nanmin(" + axis + ")");
        }
      }
    }
  }

  @Test
  void numpysNanReductionsOfOneMatrix() {
    DistContext ctx = CONTEXTS.withEngines(3);
    double nan = Double.NaN;
    double inf = Double.POSITIVE_INFINITY;
    NdArray a = NdArray.of(new double[] {1.5, nan, -2.0, nan, nan, nan, 4.0, 0.5, inf}, 3, 3);
    try (DistArray d = ctx.fromNdArray(a, ctx.distribution(Shape.of(3, 3), "cb"))) {
      // NumPy: nansum(a, 1) = [-0.5, 0, inf], nanmean(a, 1) = [-0.25, nan, inf], nanmin(a, 1) = [-2, nan, 0.5],
      // nanmax(a, 0) = [4, 0.5, inf], count_nonzero(a) = 9, nanmin(a) = -2
      ArrayAssertions.assertMatches(NdArray.of(new double[] {-0.5, 0, inf}), d.nansum(1).toNdArray(), "nansum(1)");
      ArrayAssertions.assertMatches(NdArray.of(new double[] {-0.25, nan, inf}), d.nanmean(1).toNdArray(), "nanmean");
      ArrayAssertions.assertMatches(NdArray.of(new double[] {-2, nan, 0.5}), d.nanmin(1).toNdArray(), "nanmin(1)");
      ArrayAssertions.assertMatches(NdArray.of(new double[] {4, 0.5, inf}), d.nanmax(0).toNdArray(), "nanmax(0)");
      assertEquals(9, d.countNonzero());
      assertEquals(-2.0, d.nanmin());
      // NumPy: np.clip([1, 5, -3, nan], -1.0, 2.0) = [1, 2, -1, nan]
      try (DistArray e = ctx.fromNdArray(NdArray.of(new double[] {1, 5, -3, nan}), ctx.distribution(Shape.of(4), "c"))) {
        ArrayAssertions.assertMatches(NdArray.of(new double[] {1, 2, -1, nan}), e.clip(-1.0, 2.0).toNdArray(), "clip");
        assertThrows(ShapeMismatchException.class, () -> d.where(e, d)); // (3, 3) and (4,) do not broadcast
      }
    }
  }
}
