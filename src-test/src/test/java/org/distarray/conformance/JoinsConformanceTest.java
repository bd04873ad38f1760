package org.distarray.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.stream.Stream;
import org.distarray.arrays.DType;
import org.distarray.arrays.NdArray;
import org.distarray.arrays.Shape;
import org.distarray.arrays.ShapeMismatchException;
import org.distarray.runtime.DistArray;
import org.distarray.runtime.DistContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code concatenate}, {@code stack}, {@code split} ({@code array_split}) and {@code roll} on every distribution
 * kind, against NumPy's definitions written out locally with slices, and NumPy-printed values.
 */
class JoinsConformanceTest {
  private static final EngineContexts CONTEXTS = new EngineContexts();

  @AfterAll
  static void closeContexts() {
    CONTEXTS.close();
  }

  static Stream<DistCase> everyLayout() {
    return DistributionCases.all().stream().filter(c -> c.shape().ndim() > 0);
  }

  @ParameterizedTest(name = "concatenate, stack, split and roll on {0}")
  @MethodSource("everyLayout")
  void joinsSplitsAndRollsGiveNumpysArrays(DistCase c) {
    DistContext ctx = CONTEXTS.withEngines(c.engines());
    NdArray x = SampleArrays.values(DType.FLOAT64, c.shape(), 111, true, true);
    NdArray y = SampleArrays.values(DType.INT32, c.shape(), 112, true, false);
    int nd = c.shape().ndim();
    try (DistArray a = ctx.fromNdArray(x, c.distribution());
        DistArray b = ctx.fromNdArray(y, ctx.distribution(c.shape(), "c".repeat(nd)))) {
      for (int axis = 0; axis < nd; axis++) {
        long n = c.shape().dims()[axis];
        // concatenate([x, y, x], axis): float64 (int32 promotes), pieces in order along axis
        long[] dims = c.shape().dims();
        dims[axis] = 3 * n;
        NdArray cat = NdArray.zeros(DType.FLOAT64, dims);
        cat.slice(SampleArrays.along(nd, axis, "0:" + n)).copyFrom(x);
        cat.slice(SampleArrays.along(nd, axis, n + ":" + 2 * n)).copyFrom(y);
        cat.slice(SampleArrays.along(nd, axis, 2 * n + ":")).copyFrom(x);
        DistArray joined = ctx.concatenate(axis, a, b, a);
        ArrayAssertions.assertMatches(cat, joined.toNdArray(), "concatenate along " + axis);
        assertEquals(joined.shape(), joined.distribution().shape());
        // stack([x, y], axis): a new axis of length 2
        long[] sdims = new long[nd + 1];
        for (int k = 0, j = 0; k <= nd; k++) {
          sdims[k] = k == axis ? 2 : c.shape().dims()[j++];
        }
        NdArray st = NdArray.zeros(DType.FLOAT64, sdims);
        st.slice(SampleArrays.along(nd + 1, axis, "0")).copyFrom(x);
        st.slice(SampleArrays.along(nd + 1, axis, "1")).copyFrom(y);
        ArrayAssertions.assertMatches(st, ctx.stack(axis, a, b).toNdArray(), "stack along " + axis);
        // array_split into 3: lengths n/3 + 1 for the first n % 3
        List<DistArray> parts = a.split(3, axis);
        long at = 0;
        for (int i = 0; i < 3; i++) {
          long len = n / 3 + (i < n % 3 ? 1 : 0);
          ArrayAssertions.assertMatches(x.slice(SampleArrays.along(nd, axis, at + ":" + (at + len))), parts.get(i).toNdArray(),
              "part " + i + " of split along " + axis);
          at += len;
        }
        // roll by -7 and by 2: element i goes to (i + shift) mod n
        for (long shift : new long[] {-7, 2}) {
          NdArray rolled = x.copy();
          long s = n == 0 ? 0 : Math.floorMod(shift, n);
          if (s > 0) {
            rolled.slice(SampleArrays.along(nd, axis, s + ":")).copyFrom(x.slice(SampleArrays.along(nd, axis, ":" + (n - s))));
            rolled.slice(SampleArrays.along(nd, axis, ":" + s)).copyFrom(x.slice(SampleArrays.along(nd, axis, (n - s) + ":")));
          }
          DistArray r = a.roll(shift, axis);
          ArrayAssertions.assertMatches(rolled, r.toNdArray(), "roll " + shift + " along " + axis);
          assertEquals(a.distribution(), r.distribution(), "roll keeps the distribution");
        }
      }
    }
  }

  @Test
  void numpysExamplesAndErrors() {
    DistContext ctx = CONTEXTS.withEngines(3);
    try (DistArray a = ctx.fromNdArray(NdArray.arange(6).reshape(2, 3), ctx.distribution(Shape.of(2, 3), "bc"));
        DistArray b = ctx.fromNdArray(NdArray.of(new double[] {9, 10.5, 12, 13.5, 15, 16.5}, 2, 3),
            ctx.distribution(Shape.of(2, 3), "nb"))) {
      // NumPy: np.concatenate([a, b], 1) = [[0, 1, 2, 9, 10.5, 12], [3, 4, 5, 13.5, 15, 16.5]] (float64)
      ArrayAssertions.assertMatches(NdArray.of(new double[] {0, 1, 2, 9, 10.5, 12, 3, 4, 5, 13.5, 15, 16.5}, 2, 6),
          ctx.concatenate(1, a, b).toNdArray(), "concatenate");
      // NumPy: np.stack([a, a], 1) = [[[0, 1, 2], [0, 1, 2]], [[3, 4, 5], [3, 4, 5]]] (int64)
      ArrayAssertions.assertMatches(NdArray.of(new long[] {0, 1, 2, 0, 1, 2, 3, 4, 5, 3, 4, 5}, 2, 2, 3),
          ctx.stack(1, a, a).toNdArray(), "stack");
      // NumPy: np.roll(np.arange(10).reshape(2, 5), -7, 1) = [[2, 3, 4, 0, 1], [7, 8, 9, 5, 6]]
      try (DistArray t = ctx.fromNdArray(NdArray.arange(10).reshape(2, 5), ctx.distribution(Shape.of(2, 5), "cc"))) {
        ArrayAssertions.assertMatches(NdArray.of(new long[] {2, 3, 4, 0, 1, 7, 8, 9, 5, 6}, 2, 5),
            t.roll(-7, 1).toNdArray(), "roll");
      }
      // NumPy: np.array_split(np.arange(7), 3) = [[0, 1, 2], [3, 4], [5, 6]]
      try (DistArray s = ctx.fromNdArray(NdArray.arange(7), ctx.distribution(Shape.of(7), "c"))) {
        List<DistArray> parts = s.split(3, 0);
        assertEquals(List.of(Shape.of(3), Shape.of(2), Shape.of(2)), parts.stream().map(DistArray::shape).toList());
        ArrayAssertions.assertMatches(NdArray.of(new long[] {5, 6}), parts.get(2).toNdArray(), "third part");
      }
      assertThrows(ShapeMismatchException.class, () -> ctx.concatenate(0, a, ctx.zeros(Shape.of(2, 4))));
      assertThrows(ShapeMismatchException.class, () -> ctx.stack(0, a, b.transpose()));
      assertThrows(IllegalArgumentException.class, () -> ctx.concatenate(0));
      assertThrows(IllegalArgumentException.class, () -> a.split(0, 0));
      assertThrows(IllegalArgumentException.class, () -> ctx.concatenate(2, a, b));
    }
  }
}
