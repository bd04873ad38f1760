package org.distarray.conformance;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.stream.Stream;
import org.apache.commons.math3.stat.descriptive.StatisticalSummary;
import org.distarray.arrays.DType;
import org.distarray.arrays.NdArray;
import org.distarray.arrays.ShapeMismatchException;
import org.distarray.runtime.DistArray;
import org.distarray.runtime.DistContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * matmul, dot, norm and summary give NumPy's answers on every distribution kind and 1 to 4 engines: 1-D and 2-D
 * operands of square, non-square and odd shapes ((7, 5) @ (5, 3), (1, 9) @ (9, 1), (13,) @ (13, 4), (6, 11) @ (11,),
 * (17,) @ (17,), which gives a 0-d array), empty ones ((0, 4) @ (4, 3), and (5, 0) @ (0, 2), which gives zeros),
 * float64, float32, int32 and int64 (their products wrapping as NumPy's do), bool (or of ands), complex128 and
 * complex64 (no conjugation) and mixes of them in NumPy's result dtype, one array as both operands, transposed and
 * sliced views and lazy operands; the operands' layouts differ from each other (kinds paired at an offset,
 * {@link LinalgLayouts}). The product's distribution is
 * the implementation's choice: its dtype, shape and values are checked, and the operands are unchanged afterwards.
 * Operands that NumPy cannot multiply, or that are not 1-D or 2-D, are refused naming both shapes.
 *
 * <p>Inputs and answers are fixtures made by {@code src-test/fixtures/generate_linalg.py} with NumPy 2
 * ({@link LinalgCase}): {@code np.matmul(a, b)}, {@code np.dot(a, b)}, {@code np.linalg.norm(x)} and, of the
 * elements as float64, {@code np.mean}, {@code np.var(ddof=1)}, {@code np.std(ddof=1)}, {@code np.min},
 * {@code np.max} and {@code np.sum}. Integer and bool products are exact; a float product's elements may differ from
 * NumPy's by the dtype's relative tolerance ({@value ArrayAssertions#RELATIVE_TOLERANCE} for float64,
 * {@value ArrayAssertions#FLOAT32_RELATIVE_TOLERANCE} for float32; a complex element's parts each by that of their
 * float dtype) times {@code k * max|a| * max|b|} (the scale of a sum of k products in another order). float64 cases
 * of up to {@value #SMALL} elements an operand run on every layout pair, the others on a sample with each kind once.
 */
class MatmulConformanceTest {
  private static final EngineContexts CONTEXTS = new EngineContexts();
  private static final List<LinalgCase> CASES = LinalgCase.readAll();
  /** float64 cases whose operands have at most this many elements run on every layout. */
  static final int SMALL = 100;

  @AfterAll
  static void closeContexts() {
    CONTEXTS.close();
  }

  static Stream<Arguments> products() {
    return CASES.stream().filter(s -> s.kind().equals(LinalgCase.MATMUL)).flatMap(s -> {
      boolean every = s.dtype("a") == DType.FLOAT64 && s.dtype("b") == DType.FLOAT64 && s.atMost(SMALL);
      List<LinalgLayouts.Pair> pairs = s.same() ? LinalgLayouts.selfPairs(s.storedShape("a"), every)
          : LinalgLayouts.pairs(s.storedShape("a"), s.storedShape("b"), every);
      return pairs.stream().map(p -> Arguments.of(s, p.a(), p.b()));
    });
  }

  static Stream<Arguments> vectorPairs() {
    return products().filter(args -> ((LinalgCase) args.get()[0]).json().has("dot"));
  }

  static Stream<Arguments> arrays() {
    return CASES.stream().filter(s -> s.kind().equals(LinalgCase.STATS)).flatMap(s -> {
      boolean every = s.dtype("x") == DType.FLOAT64 && s.storedShape("x").size() <= SMALL;
      return (every ? LinalgLayouts.every(s.storedShape("x")) : LinalgLayouts.sample(s.storedShape("x"))).stream()
          .map(c -> Arguments.of(s, c));
    });
  }

  @ParameterizedTest(name = "{0}: a on {1}, b on {2}")
  @MethodSource("products")
  void matmulGivesNumpysProduct(LinalgCase s, DistCase la, DistCase lb) {
    DistContext ctx = CONTEXTS.withEngines(la.engines());
    NdArray x = s.stored("a");
    NdArray y = s.stored("b");
    // closing an array twice does nothing: a and b are one array when s.same()
    try (DistArray a = ctx.fromNdArray(x, la.distribution());
        DistArray b = s.same() ? a : ctx.fromNdArray(y, lb.distribution());
        DistArray left = s.transposed("a") ? a.transpose() : a;
        DistArray right = s.transposed("b") ? b.transpose() : b;
        DistArray product = left.matmul(right)) {
      // NumPy: np.matmul(a, b) (a.T or b.T for a transposed view), in np.result_type(a, b)
      assertProduct(s.product(), s.scale(), product.toNdArray(), s + ": matmul");
      assertSameArray(x, a.toNdArray(), s + ": a after the product");
      assertSameArray(y, b.toNdArray(), s + ": b after the product");
    }
  }

  @ParameterizedTest(name = "{0}: a on {1}, b on {2}")
  @MethodSource("vectorPairs")
  void dotOfVectorsIsNumpysDot(LinalgCase s, DistCase la, DistCase lb) {
    DistContext ctx = CONTEXTS.withEngines(la.engines());
    NdArray x = s.stored("a");
    NdArray y = s.stored("b");
    // NumPy: float(np.dot(a, b)), of the product's dtype (bool: 1.0 when some pair is true in both)
    double expected = ProgramFixtures.number(s.json().get("dot"));
    DType dtype = s.product().dtype();
    try (DistArray a = ctx.fromNdArray(x, la.distribution());
        DistArray b = ctx.fromNdArray(y, lb.distribution())) {
      assertCloseTo(expected, dtype, s.scale(), a.dot(b), s + ": a.dot(b)");
      assertCloseTo(expected, dtype, s.scale(), b.dot(a), s + ": b.dot(a)");
      assertSameArray(x, a.toNdArray(), s + ": a after dot");
      assertSameArray(y, b.toNdArray(), s + ": b after dot");
    }
  }

  @ParameterizedTest(name = "norm and summary of {0} on {1}")
  @MethodSource("arrays")
  void normAndSummaryAreNumpys(LinalgCase s, DistCase c) {
    DistContext ctx = CONTEXTS.withEngines(c.engines());
    NdArray x = s.stored("x");
    try (DistArray a = ctx.fromNdArray(x, c.distribution())) {
      // NumPy: np.linalg.norm(x), float32 for float32 input (so float32's tolerance), float64 for any other
      double norm = ProgramFixtures.number(s.json().get("norm"));
      double actual = a.norm();
      if (!(Math.abs(norm - actual) <= ArrayAssertions.toleranceOf(x.dtype()) * norm)) {
        fail(s + ": norm() expected " + norm + " but was " + actual);
      }
      assertSummary(s, x, a.summary(), s + ": summary()");
      assertSameArray(x, a.toNdArray(), s + ": the array after norm and summary");
    }
  }

  @Test
  void viewsAndLazyOperandsGiveTheProductOfTheirValues() {
    LinalgCase s = caseNamed("random float64 (7, 5) @ (5, 3)");
    NdArray x = s.stored("a");
    NdArray y = s.stored("b");
    NdArray expected = s.product();
    double scale = s.scale();
    for (int engines = 1; engines <= DistributionCases.MAX_ENGINES; engines++) {
      DistContext ctx = CONTEXTS.withEngines(engines);
      String on = " on " + engines + " engines";
      try (DistArray a = ctx.fromNdArray(x, ctx.distribution(x.shape(), "bc"));
          DistArray b = ctx.fromNdArray(y, ctx.distribution(y.shape(), "cb"));
          DistArray lazy = a.multiply(1.0); // x * 1.0 is x
          DistArray everyOtherRow = a.slice("::2, :");
          DistArray reversedRows = a.slice("::-1, :");
          DistArray lastColumns = b.slice(":, 1:");
          DistArray aT = a.transpose();
          DistArray bT = b.transpose()) {
        try (DistArray p = lazy.matmul(b)) {
          assertProduct(expected, scale, p.toNdArray(), "a lazy operand" + on);
        }
        // np.matmul(x[::2], y) is np.matmul(x, y)[::2], row for row
        try (DistArray p = everyOtherRow.matmul(b)) {
          assertProduct(expected.slice("::2, :"), scale, p.toNdArray(), "x[::2] @ y" + on);
        }
        try (DistArray p = reversedRows.matmul(b)) {
          assertProduct(expected.slice("::-1, :"), scale, p.toNdArray(), "x[::-1] @ y" + on);
        }
        try (DistArray p = a.matmul(lastColumns)) {
          assertProduct(expected.slice(":, 1:"), scale, p.toNdArray(), "x @ y[:, 1:]" + on);
        }
        // np.matmul(y.T, x.T) is np.matmul(x, y).T
        try (DistArray p = bT.matmul(aT)) {
          assertProduct(expected.transpose(), scale, p.toNdArray(), "y.T @ x.T" + on);
        }
        // the product is an array of its own: writing into it leaves the operands as they were
        try (DistArray p = a.matmul(b)) {
          p.fill(0.0);
          assertSameArray(x, a.toNdArray(), "x after writing into x @ y" + on);
          assertSameArray(y, b.toNdArray(), "y after writing into x @ y" + on);
        }
      }
    }
  }

  @Test
  void operandsOfOtherShapesAreRefusedNamingBothShapes() {
    DistContext ctx = CONTEXTS.withEngines(3);
    try (DistArray m34 = arange(ctx, 3, 4);
        DistArray m52 = arange(ctx, 5, 2);
        DistArray m75 = arange(ctx, 7, 5);
        DistArray m42 = arange(ctx, 4, 2);
        DistArray v13 = arange(ctx, 13);
        DistArray v12 = arange(ctx, 12);
        DistArray v7 = arange(ctx, 7);
        DistArray v5 = arange(ctx, 5);
        DistArray v4 = arange(ctx, 4);
        DistArray c234 = arange(ctx, 2, 3, 4);
        DistArray c243 = arange(ctx, 2, 4, 3)) {
      // NumPy: ValueError, matmul: Input operand 1 has a mismatch in its core dimension 0
      assertRefused(() -> m34.matmul(m52), "(3, 4)", "(5, 2)");
      assertRefused(() -> v13.matmul(v12), "(13,)", "(12,)");
      assertRefused(() -> m75.matmul(v7), "(7, 5)", "(7,)");
      assertRefused(() -> v5.matmul(m75), "(5,)", "(7, 5)");
      // NumPy multiplies stacks of matrices; here operands of 3 dimensions are refused
      assertRefused(() -> c234.matmul(m42), "(2, 3, 4)", "(4, 2)");
      assertRefused(() -> v4.matmul(c243), "(4,)", "(2, 4, 3)");
      assertRefused(() -> c234.matmul(c243), "(2, 3, 4)", "(2, 4, 3)");
      // dot takes two vectors of one length (NumPy's dot of matrices is their product: use matmul)
      assertThrows(ShapeMismatchException.class, () -> m75.dot(m75));
      assertThrows(ShapeMismatchException.class, () -> v7.dot(m75));
      assertThrows(ShapeMismatchException.class, () -> m75.dot(v5));
      assertRefused(() -> v13.dot(v12), "(13,)", "(12,)");
      assertSameArray(NdArray.arange(35).astype(DType.FLOAT64).reshape(7, 5), m75.toNdArray(),
          "(7, 5) after the refusals");
      assertSameArray(NdArray.arange(13).astype(DType.FLOAT64), v13.toNdArray(), "(13,) after the refusals");
    }
  }

  private static LinalgCase caseNamed(String name) {
    return CASES.stream().filter(s -> s.name().equals(name)).findFirst()
        .orElseThrow(() -> new IllegalStateException("no case " + name + " in " + LinalgCase.RESOURCE));
  }

  /** The float64 values 0, 1, 2, ... in this shape, distributed as fromNdArray does by default. */
  private static DistArray arange(DistContext ctx, long... shape) {
    long size = 1;
    for (long d : shape) {
      size *= d;
    }
    return ctx.fromNdArray(NdArray.arange(size).astype(DType.FLOAT64).reshape(shape));
  }

  private static void assertRefused(Executable call, String... shapes) {
    ShapeMismatchException e = assertThrows(ShapeMismatchException.class, call);
    for (String shape : shapes) {
      assertTrue(String.valueOf(e.getMessage()).contains(shape),
          () -> "the message should name the shape " + shape + ": " + e.getMessage());
    }
  }

  private static void assertSameArray(NdArray expected, NdArray actual, String what) {
    if (expected.dtype().isComplex()) {
      assertEquals(expected.dtype(), actual.dtype(), () -> what + ": dtype");
      assertArrayEquals(expected.dims(), actual.dims(), () -> what + ": shape");
      assertArrayEquals(LinalgCase.flat(expected), LinalgCase.flat(actual), () -> what + ": elements");
      return;
    }
    SortConformanceTest.assertSameArray(expected.dtype(), expected.dims(), expected, actual, what);
  }

  /**
   * NumPy's product: the same dtype and shape, integers and bools exact, floats within the dtype's relative
   * tolerance times the scale of the rounding errors ({@link LinalgCase#scale}).
   */
  static void assertProduct(NdArray expected, double scale, NdArray actual, String what) {
    assertEquals(expected.dtype(), actual.dtype(), () -> what + ": dtype");
    assertArrayEquals(expected.dims(), actual.dims(), () -> what + ": shape " + actual.shape());
    if (!expected.dtype().isInexact()) {
      assertArrayEquals(expected.toLongArray(), actual.toLongArray(), () -> what + "\n expected " + expected
          + "\n actual   " + actual);
      return;
    }
    // complex: the real and imaginary parts each within the tolerance of their float dtype
    double slack = ArrayAssertions.toleranceOf(expected.dtype().partType()) * scale;
    double[] e = LinalgCase.flat(expected);
    double[] a = LinalgCase.flat(actual);
    for (int i = 0; i < e.length; i++) {
      if (!(Math.abs(e[i] - a[i]) <= slack)) {
        fail(what + ": flat index " + i + " expected " + e[i] + " but was " + a[i] + " (slack " + slack + ")"
            + "\n expected " + expected + "\n actual   " + actual);
      }
    }
  }

  /** A number of a product of dtype: exact for integers and bools, else within the tolerance times scale. */
  private static void assertCloseTo(double expected, DType dtype, double scale, double actual, String what) {
    double slack = dtype.isFloating() ? ArrayAssertions.toleranceOf(dtype) * scale : 0;
    if (!(Math.abs(expected - actual) <= slack)) {
      fail(what + ": expected " + expected + " but was " + actual + " (slack " + slack + ")");
    }
  }

  /**
   * The summary of x's values as float64 against NumPy's, within float64's relative tolerance (the values are
   * exact in float64 whatever x's dtype) of each statistic's rounding scale: n, min and max exact, the sum
   * {@code sum|x|}, the mean {@code max|x|}, the variance {@code sqrt(ms * var)} (at least var; ms is the mean of
   * the squares, which the variance of data far from 0 loses digits against), the standard deviation
   * {@code sqrt(ms)}; NaN where NumPy's is NaN (the variance of one element, the mean of none). A statistic NumPy
   * refuses (min and max of no elements) is not in the fixture and not checked.
   */
  private static void assertSummary(LinalgCase s, NdArray x, StatisticalSummary actual, String what) {
    JsonNode e = s.json().get("summary");
    double[] v = x.toDoubleArray();
    double sumAbs = 0;
    double squares = 0;
    for (double d : v) {
      sumAbs += Math.abs(d);
      squares += d * d;
    }
    double ms = v.length == 0 ? 0 : squares / v.length;
    double tolerance = ArrayAssertions.RELATIVE_TOLERANCE;
    assertEquals(e.get("n").asLong(), actual.getN(), () -> what + ": getN()");
    check(e, "sum", actual.getSum(), tolerance * sumAbs, what);
    check(e, "mean", actual.getMean(), tolerance * LinalgCase.largestMagnitude(x), what);
    double variance = e.has("variance") ? Math.abs(ProgramFixtures.number(e.get("variance"))) : 0;
    check(e, "variance", actual.getVariance(), tolerance * Math.max(variance, Math.sqrt(ms * variance)), what);
    check(e, "std", actual.getStandardDeviation(), tolerance * Math.sqrt(ms), what);
    check(e, "min", actual.getMin(), 0, what);
    check(e, "max", actual.getMax(), 0, what);
  }

  private static void check(JsonNode summary, String field, double actual, double slack, String what) {
    if (!summary.has(field)) {
      return;
    }
    double expected = ProgramFixtures.number(summary.get(field));
    boolean close = Double.isNaN(expected) ? Double.isNaN(actual) : Math.abs(expected - actual) <= slack;
    if (!close) {
      fail(what + ": " + field + " expected " + expected + " but was " + actual + " (slack " + slack + ")");
    }
  }
}
