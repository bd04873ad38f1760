package org.distarray.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import java.util.stream.Stream;
import org.distarray.arrays.DType;
import org.distarray.arrays.DTypeException;
import org.distarray.arrays.IndexOutOfRangeException;
import org.distarray.arrays.NdArray;
import org.distarray.arrays.Shape;
import org.distarray.arrays.ops.Reductions;
import org.distarray.runtime.DistArray;
import org.distarray.runtime.DistContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * NumPy's {@code take} and {@code put} with flat indices on every distribution kind of the array, index arrays in
 * other layouts and dtypes, repeated and negative indices; results used in further work; errors before anything
 * changes. Expected values: NumPy's {@code a.flat[i]} written out here.
 */
class TakeConformanceTest {
  private static final EngineContexts CONTEXTS = new EngineContexts();

  @AfterAll
  static void closeContexts() {
    CONTEXTS.close();
  }

  static Stream<DistCase> everyLayout() {
    return DistributionCases.all().stream();
  }

  @ParameterizedTest(name = "take and put on {0}")
  @MethodSource("everyLayout")
  void takeAndPutFollowFlatIndices(DistCase c) {
    DistContext ctx = CONTEXTS.withEngines(c.engines());
    NdArray x = SampleArrays.values(DType.FLOAT64, c.shape(), 141, true, true);
    double[] flat = x.toDoubleArray();
    int n = flat.length;
    Random rnd = new Random(142);
    try (DistArray a = ctx.fromNdArray(x, c.distribution())) {
      if (n == 0) {
        try (DistArray none = ctx.fromNdArray(NdArray.zeros(DType.INT64, 0), ctx.distribution(Shape.of(0), "b"))) {
          assertEquals(Shape.of(0), a.take(none).shape());
          assertThrows(IndexOutOfRangeException.class,
              () -> a.take(ctx.fromNdArray(NdArray.zeros(DType.INT64, 2), ctx.distribution(Shape.of(2), "b"))));
        }
        return;
      }
      // (5, 3) indices in [-n, n), repeats likely, as INT64 'cc' and as INT32 'b'
      long[] idx = new long[15];
      double[] expected = new double[15];
      for (int i = 0; i < idx.length; i++) {
        idx[i] = rnd.nextInt(2 * n) - n;
        expected[i] = flat[(int) (idx[i] < 0 ? idx[i] + n : idx[i])];
      }
      NdArray want = NdArray.of(expected, 5, 3);
      try (DistArray i64 = ctx.fromNdArray(NdArray.of(idx, 5, 3), ctx.distribution(Shape.of(5, 3), "cc"));
          DistArray i32 = ctx.fromNdArray(NdArray.of(idx, 5, 3).astype(DType.INT32),
              ctx.distribution(Shape.of(5, 3), "b"))) {
        DistArray t = a.take(i64);
        assertEquals(i64.distribution(), t.distribution(), "shaped and distributed like the indices");
        ArrayAssertions.assertMatches(want, t.toNdArray(), "take with int64 'cc' indices");
        ArrayAssertions.assertMatches(want, a.take(i32).toNdArray(), "take with int32 'b' indices");
        ArrayAssertions.assertClose(Reductions.sum(want), t.sum(), "sum of the taken values");
        // put: distinct positions, values in another layout
        int m = Math.min(n, 6);
        long[] positions = new long[m];
        double[] values = new double[m];
        NdArray expectedAfter = x.copy().reshape(-1);
        for (int i = 0; i < m; i++) {
          positions[i] = i % 2 == 0 ? i : i - n; // some negative
          values[i] = 100 + i;
          expectedAfter.set(values[i], i);
        }
        try (DistArray p = ctx.fromNdArray(NdArray.of(positions), ctx.distribution(Shape.of(m), "c"));
            DistArray v = ctx.fromNdArray(NdArray.of(values), ctx.distribution(Shape.of(m), "b"))) {
          a.put(p, v);
          ArrayAssertions.assertMatches(expectedAfter.reshape(c.shape().dims()), a.toNdArray(), "after put");
          // an index out of range raises before anything is written
          long[] bad = positions.clone();
          bad[m - 1] = n;
          try (DistArray b = ctx.fromNdArray(NdArray.of(bad), ctx.distribution(Shape.of(m), "b"))) {
            IndexOutOfRangeException e = assertThrows(IndexOutOfRangeException.class, () -> a.put(b, v));
            assertTrue(e.getMessage().contains(Long.toString(n)), e.getMessage());
            ArrayAssertions.assertMatches(expectedAfter.reshape(c.shape().dims()), a.toNdArray(), "unchanged");
          }
        }
      }
    }
  }

  @ParameterizedTest(name = "take along axes on {0}")
  @MethodSource("everyLayout")
  void takeAlongEveryAxisPicksSlices(DistCase c) {
    DistContext ctx = CONTEXTS.withEngines(c.engines());
    NdArray x = SampleArrays.values(DType.FLOAT64, c.shape(), 143, true, true);
    int nd = c.shape().ndim();
    try (DistArray a = ctx.fromNdArray(x, c.distribution())) {
      for (int axis = 0; axis < nd; axis++) {
        long len = c.shape().dims()[axis];
        long[] idx = len == 0 ? new long[0] : new long[] {len - 1, 0, -1, len / 2, 0};
        long[] outDims = c.shape().dims();
        outDims[axis] = idx.length;
        NdArray expected = NdArray.zeros(DType.FLOAT64, outDims);
        for (int j = 0; j < idx.length; j++) { // NumPy: out[..., j, ...] = a[..., idx[j], ...]
          long at = idx[j] < 0 ? idx[j] + len : idx[j];
          expected.slice(SampleArrays.along(nd, axis, Integer.toString(j))).copyFrom(x.slice(SampleArrays.along(nd, axis, Long.toString(at))));
        }
        try (DistArray i = ctx.fromNdArray(NdArray.of(idx), ctx.distribution(Shape.of(idx.length), "c"))) {
          ArrayAssertions.assertMatches(expected, a.take(i, axis).toNdArray(), "take along axis " + axis);
        }
      }
    }
  }

  @Test
  void numpysTakeAndErrors() {
    DistContext ctx = CONTEXTS.withEngines(3);
    // NumPy: np.take([[4., 3.], [5., 7.], [6., 8.]], [[0, -1], [3, 3]]) = [[4., 8.], [7., 7.]]
    try (DistArray a = ctx.fromNdArray(NdArray.of(new double[] {4, 3, 5, 7, 6, 8}, 3, 2),
        ctx.distribution(Shape.of(3, 2), "cn"));
        DistArray i = ctx.fromNdArray(NdArray.of(new long[] {0, -1, 3, 3}, 2, 2), ctx.distribution(Shape.of(2, 2), "nb"))) {
      ArrayAssertions.assertMatches(NdArray.of(new double[] {4, 8, 7, 7}, 2, 2), a.take(i).toNdArray(), "take");
      // NumPy: np.take(a, [[0, -1], [1, 1]], axis=1) has shape (3, 2, 2): [[[4, 3], [3, 3]], [[5, 7], [7, 7]],
      // [[6, 8], [8, 8]]]
      try (DistArray j = ctx.fromNdArray(NdArray.of(new long[] {0, -1, 1, 1}, 2, 2), ctx.distribution(Shape.of(2, 2),
          "bn"))) {
        ArrayAssertions.assertMatches(NdArray.of(new double[] {4, 3, 3, 3, 5, 7, 7, 7, 6, 8, 8, 8}, 3, 2, 2),
            a.take(j, 1).toNdArray(), "take along axis 1");
        assertThrows(IllegalArgumentException.class, () -> a.take(j, 2)); // NumPy: AxisError
        try (DistArray two = ctx.fromNdArray(NdArray.of(new long[] {2}), ctx.distribution(Shape.of(1), "b"))) {
          IndexOutOfRangeException e = assertThrows(IndexOutOfRangeException.class, () -> a.take(two, 1));
          assertTrue(e.getMessage().contains("index 2") && e.getMessage().contains("axis 1"), e.getMessage());
        }
      }
      assertThrows(DTypeException.class, () -> a.take(a));
      try (DistArray far = ctx.fromNdArray(NdArray.of(new long[] {-7}), ctx.distribution(Shape.of(1), "b"))) {
        IndexOutOfRangeException e = assertThrows(IndexOutOfRangeException.class, () -> a.take(far));
        assertTrue(e.getMessage().contains("-7"), e.getMessage());
      }
    }
  }

  @Test
  void manyOwnersCountTheirIndicesFirst() {
    // more than four owners: the engines count their indices per owner before writing requests (a mailbox as long
    // as the indices for every owner would cost too much); NumPy's a[idx] with a = arange(1000.) * 0.5 is idx * 0.5
    DistContext ctx = CONTEXTS.withEngines(6);
    Random rnd = new Random(143);
    long[] idx = new long[777];
    double[] expected = new double[idx.length];
    for (int i = 0; i < idx.length; i++) {
      idx[i] = rnd.nextInt(2000) - 1000;
      expected[i] = (idx[i] < 0 ? idx[i] + 1000 : idx[i]) * 0.5;
    }
    for (String kind : new String[] {"b", "c"}) {
      try (DistArray a = ctx.arange(1000).multiply(0.5).redistribute(ctx.distribution(Shape.of(1000), kind));
          DistArray i = ctx.fromNdArray(NdArray.of(idx), ctx.distribution(Shape.of(idx.length), "c"))) {
        assertEquals(6, a.distribution().ranks());
        ArrayAssertions.assertMatches(NdArray.of(expected), a.take(i).toNdArray(), "take over 6 '" + kind + "' owners");
        long[] bad = idx.clone();
        bad[400] = 1000;
        try (DistArray b = ctx.fromNdArray(NdArray.of(bad), ctx.distribution(Shape.of(bad.length), "b"))) {
          IndexOutOfRangeException e = assertThrows(IndexOutOfRangeException.class, () -> a.take(b));
          assertTrue(e.getMessage().contains("1000"), e.getMessage());
        }
      }
    }
  }

  @Test
  void anIndexOutOfRangeFarIntoALongListIsFound() {
    // the one-pass take checks its indices chunk by chunk: a bad one after several thousand good ones still raises,
    // naming it, and the same array can be taken from afterwards (NumPy: IndexError, a unchanged)
    DistContext ctx = CONTEXTS.withEngines(3);
    long[] idx = new long[10_000];
    for (int i = 0; i < idx.length; i++) {
      idx[i] = (i * 7919L) % 1000 - 500;
    }
    long[] bad = idx.clone();
    bad[9_000] = -1001;
    try (DistArray a = ctx.arange(1000).multiply(2.0).evaluate();
        DistArray b = ctx.fromNdArray(NdArray.of(bad), ctx.distribution(Shape.of(bad.length), "b"));
        DistArray i = ctx.fromNdArray(NdArray.of(idx), ctx.distribution(Shape.of(idx.length), "b"))) {
      IndexOutOfRangeException e = assertThrows(IndexOutOfRangeException.class, () -> a.take(b));
      assertTrue(e.getMessage().contains("-1001"), e.getMessage());
      double[] expected = new double[idx.length];
      for (int k = 0; k < idx.length; k++) {
        expected[k] = 2.0 * (idx[k] < 0 ? idx[k] + 1000 : idx[k]);
      }
      ArrayAssertions.assertMatches(NdArray.of(expected), a.take(i).toNdArray(), "take after the failed one");
    }
  }

  @Test
  void putWithRepeatedIndicesKeepsTheLastValueInCOrder() {
    // NumPy: a = np.zeros(10); np.put(a, [[3, 7, 3], [-7, 7, 0]], [[1, 2, 3], [4, 5, 6]]) gives a[3] = 4 (the last of
    // 3, 3 and -7 in C order), a[7] = 5, a[0] = 6: [6, 0, 0, 4, 0, 0, 0, 5, 0, 0]
    double[] expected = {6, 0, 0, 4, 0, 0, 0, 5, 0, 0};
    for (int engines = 1; engines <= 4; engines++) {
      DistContext ctx = CONTEXTS.withEngines(engines);
      for (String kind : new String[] {"cc", "bc", "cb", "nb"}) {
        if (kind.equals("nb") && engines > 3) {
          continue; // 3 columns hold at most 3 engines
        }
        try (DistArray a = ctx.zeros(ctx.distribution(Shape.of(10), engines == 1 ? "b" : "c"));
            DistArray i = ctx.fromNdArray(NdArray.of(new long[] {3, 7, 3, -7, 7, 0}, 2, 3),
                ctx.distribution(Shape.of(2, 3), kind));
            DistArray v = ctx.fromNdArray(NdArray.of(new double[] {1, 2, 3, 4, 5, 6}, 2, 3),
                ctx.distribution(Shape.of(2, 3), "b"))) {
          a.put(i, v);
          ArrayAssertions.assertMatches(NdArray.of(expected), a.toNdArray(),
              "put with repeats, indices '" + kind + "' on " + engines + " engines");
        }
      }
    }
  }
}
