package org.distarray.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.stream.Stream;
import org.distarray.arrays.DType;
import org.distarray.arrays.NdArray;
import org.distarray.arrays.Shape;
import org.distarray.arrays.ops.Scans;
import org.distarray.runtime.DistArray;
import org.distarray.runtime.DistContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * cumsum and cumprod along every axis on every distribution kind and several dtypes, against the local scans
 * (checked against NumPy in the arrays module), and NumPy-printed values.
 */
class ScanConformanceTest {
  private static final EngineContexts CONTEXTS = new EngineContexts();
  private static final List<DType> DTYPES = List.of(DType.FLOAT64, DType.INT32, DType.UINT8, DType.BOOL,
      DType.COMPLEX128, DType.FLOAT32);

  @AfterAll
  static void closeContexts() {
    CONTEXTS.close();
  }

  static Stream<Arguments> everyLayoutAndDtype() {
    return DistributionCases.all().stream().filter(c -> c.shape().ndim() > 0)
        .flatMap(c -> DTYPES.stream().map(t -> Arguments.of(c, t)));
  }

  @ParameterizedTest(name = "{1} on {0}")
  @MethodSource("everyLayoutAndDtype")
  void cumsumAndCumprodAlongEveryAxis(DistCase c, DType t) {
    DistContext ctx = CONTEXTS.withEngines(c.engines());
    NdArray x = SampleArrays.values(t, c.shape(), 121, true, true);
    try (DistArray a = ctx.fromNdArray(x, c.distribution())) {
      for (int axis = 0; axis < c.shape().ndim(); axis++) {
        DistArray s = a.cumsum(axis);
        assertEquals(c.distribution(), s.distribution(), "cumsum keeps the distribution");
        ArrayAssertions.assertMatches(Scans.scan(false, x, axis), s.toNdArray(), "cumsum(" + axis + ")");
        ArrayAssertions.assertMatches(Scans.scan(true, x, axis), a.cumprod(axis).toNdArray(), "cumprod(" + axis + ")");
        // used in further work: a lazy input, and the scan's result in a reduction
        ArrayAssertions.assertMatches(Scans.scan(false, Scans.scan(false, x, axis), axis),
            s.cumsum(axis).toNdArray(), "cumsum of cumsum");
      }
    }
  }

  @Test
  void numpysRunningTotals() {
    DistContext ctx = CONTEXTS.withEngines(4);
    // NumPy: np.cumsum(np.arange(10)) = [0, 1, 3, 6, 10, 15, 21, 28, 36, 45];
    // np.arange(1, 7).reshape(2, 3).cumprod(0) = [[1, 2, 3], [4, 10, 18]]
    try (DistArray v = ctx.fromNdArray(NdArray.arange(10), ctx.distribution(Shape.of(10), "c"));
        DistArray m = ctx.fromNdArray(NdArray.of(new long[] {1, 2, 3, 4, 5, 6}, 2, 3),
            ctx.distribution(Shape.of(2, 3), "bb", new int[] {2, 2}, new int[] {2, 0, 3, 1}))) {
      ArrayAssertions.assertMatches(NdArray.of(new long[] {0, 1, 3, 6, 10, 15, 21, 28, 36, 45}),
          v.add(0L).cumsum(0).toNdArray(), "cumsum");
      ArrayAssertions.assertMatches(NdArray.of(new long[] {1, 2, 3, 4, 10, 18}, 2, 3), m.cumprod(0).toNdArray(),
          "cumprod(0)");
      assertThrows(IllegalArgumentException.class, () -> m.cumsum(2));
    }
  }
}
