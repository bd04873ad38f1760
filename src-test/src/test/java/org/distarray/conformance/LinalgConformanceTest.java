package org.distarray.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.distarray.arrays.DType;
import org.distarray.arrays.DTypeException;
import org.distarray.arrays.NdArray;
import org.distarray.arrays.Shape;
import org.distarray.arrays.ShapeMismatchException;
import org.distarray.runtime.DistArray;
import org.distarray.runtime.DistContext;
import org.distarray.runtime.Linalg;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Linalg's qr, svd, lstsq, cov and corrcoef give NumPy's answers on every distribution kind and 1 to 4 engines
 * ({@link LinalgLayouts}: 'bn' and the other automatic grids, block-cyclic, unstructured rows, columns in uneven
 * bounds, subsets of the engines in shuffled order): tall-skinny matrices of odd and non-square shapes ((7, 3),
 * (13, 5), (37, 1), (100, 4)), square ones ((5, 5), (1, 1)) and an ill-conditioned (200, 8) of condition number
 * 1e10, of float64, float32, int32 and int64; right-hand sides of shape (m,) and (m, k), laid out independently of
 * a; cov and corrcoef of (4, 9), (9, 4) and (7, 3) with rowvar true and false, most of them of values around 1e6 with
 * a spread of 1 to 10, where sums of products about the origin would keep only a few digits. All results are
 * float64; q and u are distributed by whole rows, and the inputs are unchanged afterwards. Transposed and
 * reversed-row views and lazy operands give the answers of their values, and matrices with fewer rows than columns,
 * of other than two dimensions or of complex values are refused.
 *
 * <p>The expectations are fixtures made by {@code src-test/fixtures/generate_factorisations.py} with NumPy 2
 * ({@link FactorisationCase}): {@code np.linalg.qr(a)} (signs normalised so that r's diagonal is non-negative, which
 * makes q and r unique), {@code np.linalg.svd(a, full_matrices=False)} (singular vectors compared up to one sign a
 * pair), {@code np.linalg.lstsq(a, b, rcond=None)[0]}, {@code np.linalg.cond(a)}, {@code np.cov(a, rowvar=r)} and
 * {@code np.corrcoef(a, rowvar=r)}. {@link FactorAssertions} lists the tolerances: NumPy's answers within the
 * perturbation bounds of each (float32's tolerance for float32 input, which NumPy factors in float32), and the
 * factors' own properties (q and u orthonormal, r upper triangular with a non-negative diagonal, q r and
 * u diag(s) vt equal to a) to float64's precision. The ill-conditioned least-squares problems are solved within
 * 1e-4 (b = a x) and 1e-3 (b = a x + r, r orthogonal to a's columns and 1e-8 of b) of the exact solution, with
 * NumPy's residual norm to 1e-6: a solution of the normal equations misses them by a factor of more than 1e4. float64
 * matrices of up to {@value #SMALL} elements run on every layout, the others on a sample with each kind once.
 */
class LinalgConformanceTest {
  private static final EngineContexts CONTEXTS = new EngineContexts();
  private static final List<FactorisationCase> CASES = FactorisationCase.readAll();
  /** float64 matrices of at most this many elements run on every layout. */
  static final int SMALL = 100;

  @AfterAll
  static void closeContexts() {
    CONTEXTS.close();
  }

  static Stream<Arguments> matrices() {
    return ofKind(FactorisationCase.FACTOR).flatMap(s -> layouts(s).stream().map(c -> Arguments.of(s, c)));
  }

  /** Each problem with a and b on layouts of one engine count (every layout only for b of shape (m,)). */
  static Stream<Arguments> problems() {
    return ofKind(FactorisationCase.FACTOR).flatMap(s -> s.problems().stream()).flatMap(p -> {
      boolean every = p.matrix().smallFloat64(SMALL) && p.index() == 0;
      return LinalgLayouts.pairs(p.matrix().shape(), p.bShape(), every).stream()
          .map(l -> Arguments.of(p, l.a(), l.b()));
    });
  }

  static Stream<Arguments> covariances() {
    return ofKind(FactorisationCase.COV).flatMap(s -> layouts(s).stream().map(c -> Arguments.of(s, c)));
  }

  @ParameterizedTest(name = "{0} on {1}")
  @MethodSource("matrices")
  void qrGivesNumpysFactors(FactorisationCase s, DistCase c) {
    DistContext ctx = CONTEXTS.withEngines(c.engines());
    NdArray x = s.a();
    try (DistArray a = ctx.fromNdArray(x, c.distribution())) {
      // NumPy: np.linalg.qr(a), q[:, j] and r[j, :] negated where r[j, j] < 0
      assertQr(s, x, s.answer("qr", "q"), a, s + ": qr");
      assertSameArray(x, a.toNdArray(), s + ": a after qr");
    }
  }

  @ParameterizedTest(name = "{0} on {1}")
  @MethodSource("matrices")
  void svdGivesNumpysFactors(FactorisationCase s, DistCase c) {
    DistContext ctx = CONTEXTS.withEngines(c.engines());
    NdArray x = s.a();
    try (DistArray a = ctx.fromNdArray(x, c.distribution())) {
      // NumPy: np.linalg.svd(a, full_matrices=False)
      assertSvd(s, x, s.answer("svd", "u"), a, s + ": svd");
      assertSameArray(x, a.toNdArray(), s + ": a after svd");
    }
  }

  @ParameterizedTest(name = "{0}: a on {1}, b on {2}")
  @MethodSource("problems")
  void lstsqGivesNumpysSolution(FactorisationCase.Problem p, DistCase la, DistCase lb) {
    DistContext ctx = CONTEXTS.withEngines(la.engines());
    NdArray x = p.matrix().a();
    NdArray y = p.b();
    try (DistArray a = ctx.fromNdArray(x, la.distribution());
        DistArray b = ctx.fromNdArray(y, lb.distribution())) {
      // NumPy: np.linalg.lstsq(a, b, rcond=None)[0]
      assertLstsq(p, x, y, a, b, p + ": lstsq");
      assertSameArray(x, a.toNdArray(), p + ": a after lstsq");
      assertSameArray(y, b.toNdArray(), p + ": b after lstsq");
    }
  }

  @ParameterizedTest(name = "{0} on {1}")
  @MethodSource("covariances")
  void covAndCorrcoefAreNumpys(FactorisationCase s, DistCase c) {
    DistContext ctx = CONTEXTS.withEngines(c.engines());
    NdArray x = s.a();
    try (DistArray a = ctx.fromNdArray(x, c.distribution())) {
      for (boolean rowvar : new boolean[] {true, false}) {
        // NumPy: np.cov(a, rowvar=rowvar) and np.corrcoef(a, rowvar=rowvar)
        JsonNode e = s.covariances(rowvar);
        FactorAssertions.assertCovariances(FactorisationCase.array(e.get("cov")),
            FactorisationCase.array(e.get("corrcoef")), Linalg.cov(a, rowvar), Linalg.corrcoef(a, rowvar),
            s + ", rowvar " + rowvar);
      }
      assertSameArray(x, a.toNdArray(), s + ": a after cov and corrcoef");
    }
  }

  @Test
  void viewsAndLazyOperandsFactorAsTheirValues() {
    FactorisationCase s = caseNamed("random float64 (13, 5)");
    FactorisationCase.Problem p = s.problems().get(1);
    FactorisationCase c = caseNamed("offset 1e6 float64 (9, 4)");
    NdArray x = s.a();
    NdArray y = p.b();
    NdArray z = c.a();
    for (int engines = 1; engines <= DistributionCases.MAX_ENGINES; engines++) {
      DistContext ctx = CONTEXTS.withEngines(engines);
      String on = " on " + engines + " engines";
      // a.T stored with both axes distributed, so that the view's column axis is distributed
      try (DistArray stored = ctx.fromNdArray(x.transpose().copy(), ctx.distribution(Shape.of(5, 13), "cb"));
          DistArray a = stored.transpose();
          DistArray lazy = a.multiply(1.0); // x * 1.0 is x
          DistArray reversed = a.slice("::-1, :");
          DistArray b = ctx.fromNdArray(y, ctx.distribution(y.shape(), "bc"));
          DistArray reversedB = b.slice("::-1, :")) {
        for (DistArray v : List.of(a, lazy)) {
          String what = (v == a ? "a transposed view" : "a lazy operand") + on;
          assertQr(s, x, s.answer("qr", "q"), v, what + ": qr");
          assertSvd(s, x, s.answer("svd", "u"), v, what + ": svd");
          assertLstsq(p, x, y, v, b, what + ": lstsq");
        }
        // np.linalg.qr(x[::-1]) is (q[::-1], r), svd(x[::-1]) is (u[::-1], s, vt), lstsq(x[::-1], b[::-1]) is
        // lstsq(x, b): a permutation of the rows leaves x.T x, and so r, s, vt and x, as they were
        NdArray xr = x.slice("::-1, :");
        assertQr(s, xr, s.answer("qr", "q").slice("::-1, :"), reversed, "x[::-1]" + on + ": qr");
        assertSvd(s, xr, s.answer("svd", "u").slice("::-1, :"), reversed, "x[::-1]" + on + ": svd");
        assertLstsq(p, xr, y.slice("::-1, :"), reversed, reversedB, "x[::-1]" + on + ": lstsq");
        assertSameArray(x, a.toNdArray(), "x after its factorisations" + on);
      }
      try (DistArray a = ctx.fromNdArray(z, ctx.distribution(z.shape(), "cc"));
          DistArray transposed = a.transpose();
          DistArray reversed = a.slice("::-1, :")) {
        for (boolean rowvar : new boolean[] {true, false}) {
          JsonNode e = c.covariances(rowvar);
          NdArray cov = FactorisationCase.array(e.get("cov"));
          NdArray corr = FactorisationCase.array(e.get("corrcoef"));
          // np.cov(x.T, rowvar=not r) is np.cov(x, rowvar=r)
          FactorAssertions.assertCovariances(cov, corr, Linalg.cov(transposed, !rowvar),
              Linalg.corrcoef(transposed, !rowvar), "x.T" + on + ", rowvar " + !rowvar);
          // reversing the rows reverses the variables (rowvar) or reorders the observations (not rowvar)
          String order = rowvar ? "::-1, ::-1" : ":, :";
          FactorAssertions.assertCovariances(cov.slice(order), corr.slice(order), Linalg.cov(reversed, rowvar),
              Linalg.corrcoef(reversed, rowvar), "x[::-1]" + on + ", rowvar " + rowvar);
        }
      }
    }
  }

  @Test
  void matricesOfFewerRowsThanColumnsOrNotTwoDimensionsAreRefusedNamingTheShapes() {
    DistContext ctx = CONTEXTS.withEngines(3);
    try (DistArray wide = arange(ctx, 3, 5);
        DistArray vector = arange(ctx, 7);
        DistArray cube = arange(ctx, 2, 3, 4);
        DistArray tall = arange(ctx, 7, 3);
        DistArray b3 = arange(ctx, 3);
        DistArray b7 = arange(ctx, 7);
        DistArray b6 = arange(ctx, 6);
        DistArray b62 = arange(ctx, 6, 2)) {
      // NumPy's reduced qr and thin svd take wide matrices; these are for tall-skinny ones
      for (DistArray m : List.of(wide, vector, cube)) {
        String shape = m.shape().toString();
        assertRefused(() -> Linalg.qr(m), shape);
        assertRefused(() -> Linalg.svd(m), shape);
      }
      assertRefused(() -> Linalg.lstsq(wide, b3), "(3, 5)");
      assertRefused(() -> Linalg.lstsq(vector, b7), "(7,)");
      // NumPy: LinAlgError, Incompatible dimensions
      assertRefused(() -> Linalg.lstsq(tall, b6), "(7, 3)", "(6,)");
      assertRefused(() -> Linalg.lstsq(tall, b62), "(7, 3)", "(6, 2)");
      assertSameArray(NdArray.arange(21).astype(DType.FLOAT64).reshape(7, 3), tall.toNdArray(),
          "(7, 3) after the refusals");
    }
  }

  @Test
  void complexArraysAreRefused() {
    DistContext ctx = CONTEXTS.withEngines(2);
    double[] parts = new double[2 * 21];
    for (int i = 0; i < parts.length; i++) {
      parts[i] = (i * 7) % 11 - 5;
    }
    try (DistArray complex = ctx.fromNdArray(NdArray.ofComplex(parts, 7, 3));
        DistArray complexB = ctx.fromNdArray(NdArray.ofComplex(Arrays.copyOf(parts, 14), 7));
        DistArray real = arange(ctx, 7, 3);
        DistArray b = arange(ctx, 7)) {
      assertThrows(DTypeException.class, () -> Linalg.qr(complex));
      assertThrows(DTypeException.class, () -> Linalg.svd(complex));
      assertThrows(DTypeException.class, () -> Linalg.lstsq(complex, b));
      assertThrows(DTypeException.class, () -> Linalg.lstsq(real, complexB));
      assertThrows(DTypeException.class, () -> Linalg.cov(complex, true));
      assertThrows(DTypeException.class, () -> Linalg.corrcoef(complex, false));
    }
  }

  // ---------------------------------------------------------------- one call and its checks

  /** qr of a, which holds the values x: NumPy's q (qExpected) and r, q distributed by whole rows. */
  private static void assertQr(FactorisationCase s, NdArray x, NdArray qExpected, DistArray a, String what) {
    Linalg.QR qr = Linalg.qr(a);
    try (DistArray q = qr.q()) {
      assertRowsDistributed(q, x.shape(), what + ": q");
      FactorAssertions.assertQr(x, qExpected, s.answer("qr", "r"), FactorAssertions.Scale.of(s), q.toNdArray(),
          qr.r(), what);
    }
  }

  /** svd of a, which holds the values x: NumPy's u (uExpected), s and vt, u distributed by whole rows. */
  private static void assertSvd(FactorisationCase s, NdArray x, NdArray uExpected, DistArray a, String what) {
    Linalg.SVD svd = Linalg.svd(a);
    try (DistArray u = svd.u()) {
      assertRowsDistributed(u, x.shape(), what + ": u");
      FactorAssertions.assertSvd(x, uExpected, s.answer("svd", "s"), s.answer("svd", "vt"),
          FactorAssertions.Scale.of(s), u.toNdArray(), svd.s(), svd.vt(), what);
    }
  }

  /** lstsq of a and b, which hold the values x and y: NumPy's solution of problem p. */
  private static void assertLstsq(FactorisationCase.Problem p, NdArray x, NdArray y, DistArray a, DistArray b,
      String what) {
    NdArray xTrue = p.xTrue();
    FactorAssertions.assertLstsq(x, y, p.x(), xTrue, xTrue == null ? null : p.xTrueTolerance(),
        FactorAssertions.Scale.of(p.matrix()), Linalg.lstsq(a, b), what);
  }

  /** Of shape (rows, cols) and distributed by rows: each engine holds whole rows. */
  private static void assertRowsDistributed(DistArray m, Shape shape, String what) {
    assertEquals(shape, m.shape(), () -> what + ": shape");
    assertEquals(1, m.distribution().gridShape()[1], () -> what + ": distributed by rows, not over the columns: "
        + m.distribution());
  }

  private static Stream<FactorisationCase> ofKind(String kind) {
    return CASES.stream().filter(s -> s.kind().equals(kind));
  }

  private static List<DistCase> layouts(FactorisationCase s) {
    return s.smallFloat64(SMALL) ? LinalgLayouts.every(s.shape()) : LinalgLayouts.sample(s.shape());
  }

  private static FactorisationCase caseNamed(String name) {
    return CASES.stream().filter(s -> s.name().equals(name)).findFirst()
        .orElseThrow(() -> new IllegalStateException("no case " + name + " in " + FactorisationCase.RESOURCE));
  }

  /** The float64 values 0, 1, 2, ... in this shape, distributed as fromNdArray does by default. */
  private static DistArray arange(DistContext ctx, long... shape) {
    return ctx.fromNdArray(NdArray.arange(Shape.of(shape).size()).astype(DType.FLOAT64).reshape(shape));
  }

  private static void assertRefused(Executable call, String... shapes) {
    ShapeMismatchException e = assertThrows(ShapeMismatchException.class, call);
    for (String shape : shapes) {
      assertTrue(String.valueOf(e.getMessage()).contains(shape),
          () -> "the message should name the shape " + shape + ": " + e.getMessage());
    }
  }

  private static void assertSameArray(NdArray expected, NdArray actual, String what) {
    SortConformanceTest.assertSameArray(expected.dtype(), expected.dims(), expected, actual, what);
  }
}
