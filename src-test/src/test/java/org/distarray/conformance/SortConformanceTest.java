package org.distarray.conformance;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.stream.Stream;
import org.distarray.arrays.DType;
import org.distarray.arrays.DTypeException;
import org.distarray.arrays.NdArray;
import org.distarray.arrays.Shape;
import org.distarray.runtime.DistArray;
import org.distarray.runtime.DistContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * sort, argsort, unique, searchsorted, median, percentile and histogram give NumPy's answers on every distribution
 * kind and 1 to 4 engines: random values, all equal, already sorted, reverse sorted, many ties (argsort keeps their
 * index order, -0.0 and 0.0 included), NaN (last) and infinities, int64 values beyond 2^53, float64, float32, int32,
 * int64, bool and uint8, empty and one-element arrays, sizes that the engine count does not divide, sorts along each
 * axis of 2-D and 3-D arrays, percentiles at 0, 100 and between elements, histogram values on the edges, at the
 * maximum (the last bin) and outside the range (not counted). Sorts keep the input's distribution and dtype, and no
 * operation changes its input; bad arguments are refused naming their value.
 *
 * <p>Inputs and answers are fixtures made by {@code src-test/fixtures/generate_sorting.py} with NumPy 2
 * ({@link SortCase}); the comment at each check names the NumPy call. Sorts, unique and searchsorted of cases of up to
 * {@value #SMALL} elements run on every layout of their shape ({@link SortLayouts#every}); larger cases, and the order
 * statistics and histograms of every case, on a sample with each kind once ({@link SortLayouts#sample}).
 */
class SortConformanceTest {
  private static final EngineContexts CONTEXTS = new EngineContexts();
  private static final List<SortCase> CASES = SortCase.readAll();
  /** Cases of at most this many elements run on every layout. */
  static final int SMALL = 64;

  @AfterAll
  static void closeContexts() {
    CONTEXTS.close();
  }

  /** Every case on every layout of its shape, the large cases on the sample layouts. */
  static Stream<Arguments> everyCase() {
    return CASES.stream().flatMap(s -> (s.shape().size() <= SMALL ? SortLayouts.every(s.shape())
        : SortLayouts.sample(s.shape())).stream().map(c -> Arguments.of(s, c)));
  }

  static Stream<Arguments> everyVector() {
    return everyCase().filter(args -> ((SortCase) args.get()[0]).shape().ndim() == 1);
  }

  static Stream<Arguments> everyCaseOnSampleLayouts() {
    return CASES.stream().flatMap(s -> SortLayouts.sample(s.shape()).stream().map(c -> Arguments.of(s, c)));
  }

  @ParameterizedTest(name = "sort {0} on {1}")
  @MethodSource("everyCase")
  void sortAlongEveryAxis(SortCase s, DistCase c) {
    DistContext ctx = CONTEXTS.withEngines(c.engines());
    NdArray x = s.input();
    long[] dims = s.shape().dims();
    try (DistArray a = ctx.fromNdArray(x, c.distribution())) {
      for (int axis = 0; axis < s.shape().ndim(); axis++) {
        // NumPy: np.sort(x, axis=axis, kind="stable")
        NdArray expected = s.values(s.sortedAlong(axis).get("values"));
        String what = s + ": sort(" + axis + ")";
        try (DistArray sorted = a.sort(axis)) {
          assertEquals(a.distribution(), sorted.distribution(), what + " keeps the distribution");
          assertSameArray(s.dtype(), dims, expected, sorted.toNdArray(), what);
        }
      }
      // NumPy: np.sort(x) sorts along the last axis
      NdArray expected = s.values(s.sortedAlong(s.shape().ndim() - 1).get("values"));
      try (DistArray sorted = a.sort()) {
        assertEquals(a.distribution(), sorted.distribution(), () -> s + ": sort() keeps the distribution");
        assertSameArray(s.dtype(), dims, expected, sorted.toNdArray(), s + ": sort()");
      }
      assertSameArray(s.dtype(), dims, x, a.toNdArray(), s + ": the input after sorting it");
    }
  }

  @ParameterizedTest(name = "argsort {0} on {1}")
  @MethodSource("everyCase")
  void argsortAlongEveryAxisKeepsTiesInIndexOrder(SortCase s, DistCase c) {
    DistContext ctx = CONTEXTS.withEngines(c.engines());
    NdArray x = s.input();
    long[] dims = s.shape().dims();
    try (DistArray a = ctx.fromNdArray(x, c.distribution())) {
      for (int axis = 0; axis < s.shape().ndim(); axis++) {
        // NumPy: np.argsort(x, axis=axis, kind="stable")
        NdArray expected = SortCase.values(s.sortedAlong(axis).get("indices"), DType.INT64);
        String what = s + ": argsort(" + axis + ")";
        try (DistArray order = a.argsort(axis)) {
          assertEquals(a.distribution(), order.distribution(), what + " keeps the distribution");
          assertSameArray(DType.INT64, dims, expected, order.toNdArray(), what);
        }
      }
      // NumPy: np.argsort(x, kind="stable") along the last axis
      NdArray expected = SortCase.values(s.sortedAlong(s.shape().ndim() - 1).get("indices"), DType.INT64);
      try (DistArray order = a.argsort()) {
        assertEquals(a.distribution(), order.distribution(), () -> s + ": argsort() keeps the distribution");
        assertSameArray(DType.INT64, dims, expected, order.toNdArray(), s + ": argsort()");
      }
      assertSameArray(s.dtype(), dims, x, a.toNdArray(), s + ": the input after argsort");
    }
  }

  @ParameterizedTest(name = "unique {0} on {1}")
  @MethodSource("everyCase")
  void uniqueValuesAndCounts(SortCase s, DistCase c) {
    DistContext ctx = CONTEXTS.withEngines(c.engines());
    NdArray x = s.input();
    // NumPy: values, counts = np.unique(x, return_counts=True) (one NaN, at the end)
    JsonNode u = s.json().get("unique");
    NdArray values = s.values(u.get("values"));
    long[] length = {values.size()};
    try (DistArray a = ctx.fromNdArray(x, c.distribution())) {
      try (DistArray unique = a.unique()) {
        assertSameArray(s.dtype(), length, values, unique.toNdArray(), s + ": unique()");
      }
      List<DistArray> both = a.uniqueCounts();
      assertEquals(2, both.size(), () -> s + ": uniqueCounts() gives values and counts");
      try (DistArray v = both.get(0); DistArray counts = both.get(1)) {
        assertSameArray(s.dtype(), length, values, v.toNdArray(), s + ": uniqueCounts() values");
        assertSameArray(DType.INT64, length, SortCase.values(u.get("counts"), DType.INT64), counts.toNdArray(),
            s + ": uniqueCounts() counts");
      }
      assertSameArray(s.dtype(), s.shape().dims(), x, a.toNdArray(), s + ": the input after unique");
    }
  }

  @ParameterizedTest(name = "searchsorted in {0} on {1}")
  @MethodSource("everyVector")
  void searchsortedFindsTheLeftmostPlace(SortCase s, DistCase c) {
    DistContext ctx = CONTEXTS.withEngines(c.engines());
    // the sorted array: NumPy's np.sort(x)
    NdArray sorted = s.values(s.sortedAlong(0).get("values"));
    JsonNode ss = s.json().get("searchsorted");
    long[] queryShape = ProgramFixtures.longs(ss.get("shape"));
    NdArray queries = s.values(ss.get("queries")).reshape(queryShape);
    try (DistArray a = ctx.fromNdArray(sorted, c.distribution());
        DistArray q = ctx.fromNdArray(queries, ctx.distribution(Shape.of(queryShape), "c".repeat(queryShape.length)));
        DistArray found = a.searchsorted(q)) {
      // NumPy: np.searchsorted(np.sort(x), queries, side="left")
      assertSameArray(DType.INT64, queryShape, SortCase.values(ss.get("indices"), DType.INT64), found.toNdArray(),
          s + ": searchsorted(" + queries + ")");
      assertSameArray(s.dtype(), s.shape().dims(), sorted, a.toNdArray(), s + ": the sorted array afterwards");
      assertSameArray(s.dtype(), queryShape, queries, q.toNdArray(), s + ": the queries afterwards");
    }
  }

  @ParameterizedTest(name = "median and percentiles of {0} on {1}")
  @MethodSource("everyCaseOnSampleLayouts")
  void medianAndPercentilesInterpolateLinearly(SortCase s, DistCase c) {
    DistContext ctx = CONTEXTS.withEngines(c.engines());
    NdArray x = s.input();
    JsonNode j = s.json();
    Tolerance tolerance = Tolerance.of(s);
    try (DistArray a = ctx.fromNdArray(x, c.distribution())) {
      if (j.has("median")) {
        // NumPy: np.median(x) (float32 inputs widened first: np.median(x.astype(np.float64)))
        tolerance.check(ProgramFixtures.number(j.get("median")), a.median(), s + ": median()");
      }
      for (JsonNode along : j.get("medianAlong")) {
        // NumPy: np.median(x, axis=axis)
        int axis = along.get("axis").asInt();
        try (DistArray m = a.median(axis)) {
          tolerance.check(along, m.toNdArray(), s + ": median(" + axis + ")");
        }
      }
      for (JsonNode p : j.get("percentiles")) {
        double q = ProgramFixtures.number(p.get("q"));
        if (p.has("value")) {
          // NumPy: np.percentile(x, q, method="linear")
          tolerance.check(ProgramFixtures.number(p.get("value")), a.percentile(q), s + ": percentile(" + q + ")");
        }
        for (JsonNode along : p.get("along")) {
          // NumPy: np.percentile(x, q, axis=axis, method="linear")
          int axis = along.get("axis").asInt();
          try (DistArray r = a.percentile(q, axis)) {
            tolerance.check(along, r.toNdArray(), s + ": percentile(" + q + ", " + axis + ")");
          }
        }
      }
      assertSameArray(s.dtype(), s.shape().dims(), x, a.toNdArray(), s + ": the input after its order statistics");
    }
  }

  @ParameterizedTest(name = "histograms of {0} on {1}")
  @MethodSource("everyCaseOnSampleLayouts")
  void histogramCountsValuesBetweenNumpysEdges(SortCase s, DistCase c) {
    DistContext ctx = CONTEXTS.withEngines(c.engines());
    NdArray x = s.input();
    try (DistArray a = ctx.fromNdArray(x, c.distribution())) {
      for (JsonNode h : s.json().get("histograms")) {
        int bins = h.get("bins").asInt();
        double min = ProgramFixtures.number(h.get("min"));
        double max = ProgramFixtures.number(h.get("max"));
        // NumPy: np.histogram(x, bins, range=(min, max))[0]
        long[] expected = ProgramFixtures.longs(h.get("counts"));
        assertArrayEquals(expected, a.histogram(bins, min, max),
            () -> s + ": histogram(" + bins + ", " + min + ", " + max + ")");
      }
      assertSameArray(s.dtype(), s.shape().dims(), x, a.toNdArray(), s + ": the input after its histograms");
    }
  }

  @Test
  void lazyInputsAndSortedResultsInFurtherWork() {
    SortCase s = caseNamed("NaN and infinities float64 (1000,)");
    NdArray x = s.input();
    long[] dims = s.shape().dims();
    JsonNode ss = s.json().get("searchsorted");
    long[] queryShape = ProgramFixtures.longs(ss.get("shape"));
    for (int engines = 1; engines <= DistributionCases.MAX_ENGINES; engines++) {
      DistContext ctx = CONTEXTS.withEngines(engines);
      try (DistArray a = ctx.fromNdArray(x, ctx.distribution(s.shape(), "c"));
          DistArray lazy = a.multiply(1.0); // x * 1.0 is x, element for element (NaN and -0.0 included)
          DistArray sorted = lazy.sort();
          DistArray order = lazy.argsort();
          DistArray q = ctx.fromNdArray(s.values(ss.get("queries")).reshape(queryShape),
              ctx.distribution(Shape.of(queryShape), "b"));
          DistArray found = sorted.searchsorted(q)) {
        // NumPy: np.sort(x, kind="stable") and np.argsort(x, kind="stable")
        assertSameArray(s.dtype(), dims, s.values(s.sortedAlong(0).get("values")), sorted.toNdArray(),
            "sort of a lazy input on " + engines + " engines");
        assertSameArray(DType.INT64, dims, SortCase.values(s.sortedAlong(0).get("indices"), DType.INT64),
            order.toNdArray(), "argsort of a lazy input on " + engines + " engines");
        // NumPy: np.searchsorted(np.sort(x), queries, side="left"), in the distributed sort's result
        assertSameArray(DType.INT64, queryShape, SortCase.values(ss.get("indices"), DType.INT64), found.toNdArray(),
            "searchsorted in a sorted result on " + engines + " engines");
        // the result is an array of its own: writing into it leaves the input as it was
        sorted.fill(0.0);
        assertSameArray(s.dtype(), dims, x, a.toNdArray(), "the input after writing into its sorted copy");
      }
    }
  }

  @Test
  void badArgumentsAreRefusedNamingTheirValue() {
    DistContext ctx = CONTEXTS.withEngines(3);
    SortCase v = caseNamed("random float64 (13,)");
    SortCase m = caseNamed("random float64 (7, 5)");
    try (DistArray a = ctx.fromNdArray(v.input(), ctx.distribution(v.shape(), "c"));
        DistArray b = ctx.fromNdArray(m.input(), ctx.distribution(m.shape(), "bc"));
        DistArray z = a.astype(DType.COMPLEX128)) {
      // NumPy sorts complex numbers by real, then imaginary part; here they are refused
      assertThrows(DTypeException.class, () -> z.sort());
      assertThrows(DTypeException.class, () -> z.sort(0));
      // NumPy: ValueError, percentiles must be in the range [0, 100]
      for (double q : new double[] {-1, 100.5}) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> a.percentile(q));
        assertMessageNames(e, q == -1 ? "-1" : "100.5");
        e = assertThrows(IllegalArgumentException.class, () -> b.percentile(q, 0));
        assertMessageNames(e, q == -1 ? "-1" : "100.5");
      }
      assertThrows(IllegalArgumentException.class, () -> a.percentile(Double.NaN));
      // NumPy: ValueError for bins < 1 and for a range whose minimum is larger than its maximum
      assertThrows(IllegalArgumentException.class, () -> a.histogram(0, 0.0, 1.0));
      assertMessageNames(assertThrows(IllegalArgumentException.class, () -> a.histogram(-3, 0.0, 1.0)), "-3");
      IllegalArgumentException range = assertThrows(IllegalArgumentException.class, () -> a.histogram(5, 2.5, 1.5));
      assertMessageNames(range, "2.5");
      assertMessageNames(range, "1.5");
      // searchsorted needs a sorted 1-D array
      RuntimeException notVector = assertThrows(RuntimeException.class, () -> b.searchsorted(a));
      String message = String.valueOf(notVector.getMessage());
      assertTrue(message.contains("(7, 5)") || message.contains("2-D") || message.contains("2 dimensions"),
          () -> "the message should name the shape (7, 5) or its 2 dimensions: " + message);
      // NumPy: AxisError
      assertThrows(IllegalArgumentException.class, () -> b.sort(2));
      assertThrows(IllegalArgumentException.class, () -> b.argsort(-3));
      assertThrows(IllegalArgumentException.class, () -> b.median(2));
      assertThrows(IllegalArgumentException.class, () -> b.percentile(50, 2));
      assertSameArray(v.dtype(), v.shape().dims(), v.input(), a.toNdArray(), "the vector after the refusals");
      assertSameArray(m.dtype(), m.shape().dims(), m.input(), b.toNdArray(), "the matrix after the refusals");
    }
  }

  private static SortCase caseNamed(String name) {
    return CASES.stream().filter(s -> s.name().equals(name)).findFirst()
        .orElseThrow(() -> new IllegalStateException("no case " + name + " in " + SortCase.RESOURCE));
  }

  private static void assertMessageNames(RuntimeException e, String value) {
    assertTrue(String.valueOf(e.getMessage()).contains(value),
        () -> "the message should name " + value + ": " + e.getMessage());
  }

  /**
   * The same dtype, shape and values: integers and bools exact, floats equal (so -0.0 equals 0.0) or both NaN.
   *
   * @param expectedFlat the expected values in C order, of any shape
   */
  static void assertSameArray(DType dtype, long[] shape, NdArray expectedFlat, NdArray actual, String what) {
    assertEquals(dtype, actual.dtype(), () -> what + ": dtype");
    assertArrayEquals(shape, actual.shape().dims(), () -> what + ": shape " + actual.shape());
    if (dtype.isFloating()) {
      double[] e = expectedFlat.toDoubleArray();
      double[] a = actual.toDoubleArray();
      for (int i = 0; i < e.length; i++) {
        if (!(e[i] == a[i] || Double.isNaN(e[i]) && Double.isNaN(a[i]))) {
          fail(what + ": flat index " + i + " expected " + e[i] + " but was " + a[i] + "\n expected " + expectedFlat
              + "\n actual   " + actual);
        }
      }
    } else {
      assertArrayEquals(expectedFlat.toLongArray(), actual.toLongArray(), () -> what + "\n expected " + expectedFlat
          + "\n actual   " + actual);
    }
  }

  /**
   * How close a median or percentile must be to NumPy's: NaN where NumPy's is NaN, infinities exact, finite values
   * within the relative tolerance of the input's dtype (float32's for float32 inputs, whose answers NumPy computed
   * from their float64 values) of the larger of the two values or, for floats, of the input's largest finite
   * magnitude (interpolations between neighbours of opposite sign may round differently where they nearly cancel).
   */
  private record Tolerance(double relative, double scale) {
    static Tolerance of(SortCase s) {
      return new Tolerance(ArrayAssertions.toleranceOf(s.dtype()),
          s.dtype().isFloating() ? s.largestFiniteMagnitude() : 0);
    }

    void check(double expected, double actual, String what) {
      boolean close;
      if (Double.isNaN(expected) || Double.isNaN(actual)) {
        close = Double.isNaN(expected) && Double.isNaN(actual);
      } else if (Double.isInfinite(expected) || Double.isInfinite(actual)) {
        close = expected == actual;
      } else {
        close = Math.abs(expected - actual) <= relative * Math.max(scale, Math.max(Math.abs(expected),
            Math.abs(actual)));
      }
      if (!close) {
        fail(what + ": expected " + expected + " but was " + actual);
      }
    }

    /** A float64 statistic along an axis: the fixture entry's shape and values. */
    void check(JsonNode along, NdArray actual, String what) {
      assertEquals(DType.FLOAT64, actual.dtype(), () -> what + ": dtype");
      assertArrayEquals(ProgramFixtures.longs(along.get("shape")), actual.shape().dims(), () -> what + ": shape");
      double[] expected = ProgramFixtures.doubles(along.get("values"));
      double[] a = actual.toDoubleArray();
      for (int i = 0; i < expected.length; i++) {
        check(expected[i], a[i], what + " at flat index " + i);
      }
    }
  }
}
