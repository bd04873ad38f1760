package org.distarray.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.distarray.arrays.DType;
import org.distarray.arrays.NdArray;
import org.distarray.arrays.Shape;
import org.distarray.arrays.ops.ReduceOp;
import org.distarray.arrays.ops.ReduceOptions;
import org.distarray.arrays.ops.Reductions;
import org.distarray.runtime.DistArray;
import org.distarray.runtime.DistContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * NumPy's reduction keywords ({@code dtype=}, {@code ddof=}, {@code keepdims=}) on every distribution kind, along
 * every axis and over all of them, against the local reductions (checked against NumPy in the arrays module).
 */
class ReduceOptionsConformanceTest {
  private static final EngineContexts CONTEXTS = new EngineContexts();
  private static final List<Object[]> OPTIONS = List.of(
      new Object[] {ReduceOp.VAR, ReduceOptions.ddof(1)},
      new Object[] {ReduceOp.STD, ReduceOptions.ddof(1).withKeepdims(true)},
      new Object[] {ReduceOp.VAR, ReduceOptions.ddof(5)}, // more than some axes hold: inf and NaN as NumPy
      new Object[] {ReduceOp.SUM, ReduceOptions.dtype(DType.INT8)}, // wraps in int8
      new Object[] {ReduceOp.SUM, ReduceOptions.dtype(DType.FLOAT32).withKeepdims(true)},
      new Object[] {ReduceOp.MEAN, ReduceOptions.dtype(DType.FLOAT32)},
      new Object[] {ReduceOp.PROD, ReduceOptions.dtype(DType.INT64)},
      new Object[] {ReduceOp.MAX, ReduceOptions.KEEPDIMS},
      new Object[] {ReduceOp.ARGMIN, ReduceOptions.KEEPDIMS});

  @AfterAll
  static void closeContexts() {
    CONTEXTS.close();
  }

  static Stream<Arguments> optionsOnEveryLayout() {
    List<Arguments> out = new ArrayList<>();
    for (DistCase c : DistributionCases.all()) {
      for (Object[] o : OPTIONS) {
        out.add(Arguments.of(c, o[0], o[1]));
      }
    }
    return out.stream();
  }

  @ParameterizedTest(name = "{1} with {2} on {0}")
  @MethodSource("optionsOnEveryLayout")
  void optionsGiveTheLocalResult(DistCase c, ReduceOp op, ReduceOptions options) {
    DistContext ctx = CONTEXTS.withEngines(c.engines());
    NdArray input = SampleArrays.values(DType.FLOAT64, c.shape(), 81, true, false);
    try (DistArray a = ctx.fromNdArray(input, c.distribution())) {
      int nd = c.shape().ndim();
      List<int[]> axesSets = new ArrayList<>();
      for (int k = 0; k < nd; k++) {
        axesSets.add(new int[] {k});
      }
      if (op != ReduceOp.ARGMIN || nd <= 1) {
        axesSets.add(new int[0]); // all axes
      }
      for (int[] axes : axesSets) {
        String what = op + " " + options + " along " + java.util.Arrays.toString(axes) + " on " + c;
        ArrayAssertions.assertSameOutcome(
            () -> Reductions.reduce(op, input, axes.length == 0 ? null : axes, options),
            () -> a.reduce(op, options, axes), r -> { }, what);
      }
    }
  }

  @Test
  void keepdimsShapesAndOptionErrors() {
    DistContext ctx = CONTEXTS.withEngines(3);
    try (DistArray a = ctx.fromNdArray(NdArray.arange(24).reshape(2, 3, 4), ctx.distribution(Shape.of(2, 3, 4), "bnc"))) {
      // NumPy: a.sum(axis=1, keepdims=True).shape == (2, 1, 4); a.var(ddof=1) == 50.0; a.std(keepdims=True).shape
      // == (1, 1, 1); a.sum(dtype=np.int8) == 20 (276 wraps)
      assertEquals(Shape.of(2, 1, 4), a.sum(ReduceOptions.KEEPDIMS, 1).shape());
      assertEquals(50.0, a.var(ReduceOptions.ddof(1)).toNdArray().getDouble(), 1e-12);
      assertEquals(Shape.of(1, 1, 1), a.std(ReduceOptions.KEEPDIMS).shape());
      DistArray small = a.sum(ReduceOptions.dtype(DType.INT8));
      assertEquals(DType.INT8, small.dtype());
      assertEquals(20, small.toNdArray().getLong());
      // NumPy: np.max(a, dtype=...) and np.sum(a, ddof=1) are TypeErrors
      assertThrows(IllegalArgumentException.class, () -> a.max(ReduceOptions.dtype(DType.INT8)));
      assertThrows(IllegalArgumentException.class, () -> a.sum(ReduceOptions.ddof(1), 0));
    }
  }
}
