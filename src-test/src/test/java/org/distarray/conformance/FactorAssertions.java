package org.distarray.conformance;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.Arrays;
import org.distarray.arrays.DType;
import org.distarray.arrays.NdArray;

/**
 * The checks of {@link LinalgConformanceTest} on gathered results, with tolerances from the perturbation theory of
 * each answer (the generator checks that another stable algorithm meets them ten times over):
 *
 * <ul>
 *   <li>against NumPy, {@code tol} being the relative tolerance of NumPy's dtype ({@link FactorisationCase#tolerance},
 *       float32's for float32 input, which NumPy factors in float32), {@code cond} a's condition number and
 *       {@code s0} its largest singular value: q within {@code tol * cond}, r within {@code tol * cond * s0}; s
 *       within {@code tol * s0}, the j-th column of u and row of vt (signs matched to NumPy's at its largest entry of
 *       the column of u) within {@code tol * s0 / gap(j)}, the distance from s[j] to the other singular values (and
 *       to 0 when rows > columns); each column of lstsq's x within {@code tol * cond * (|x| + cond * |r| / s0)} of
 *       NumPy's x, where r = a x - b is NumPy's residual, and its residual norm within {@code 1e-6 * |r| +
 *       tol * rows * s0 * |x|} of NumPy's; cov within 1e-12 of {@code sqrt(cov[i, i] * cov[j, j])} and corrcoef
 *       within 1e-12;</li>
 *   <li>of the factors themselves, to float64's precision whatever the input's dtype (they are float64): r exactly
 *       0 below the diagonal with a non-negative diagonal, s non-negative and descending, {@code q.T q}, {@code u.T u}
 *       and {@code vt vt.T} within {@code 1e-12 * rows} of the identity, {@code q r} and {@code u diag(s) vt} within
 *       {@code 1e-12 * rows * s0} of a.</li>
 * </ul>
 */
final class FactorAssertions {
  /** float64's relative tolerance: of orthogonality per row, and of a product of factors against a. */
  static final double PRECISION = ArrayAssertions.RELATIVE_TOLERANCE;
  /** The relative difference allowed between a residual norm and NumPy's. */
  static final double RESIDUAL = 1e-6;

  private FactorAssertions() {}

  /** The scale of one matrix's errors: NumPy's relative tolerance, a's condition number and its 2-norm. */
  record Scale(double tolerance, double cond, double norm2) {
    static Scale of(FactorisationCase s) {
      return new Scale(s.tolerance(), s.cond(), s.norm2());
    }
  }

  /** An allowed difference for each element of a matrix. */
  private interface Slack {
    double at(int i, int j);
  }

  /** NumPy's q and r (the diagonal of r non-negative) of a, and the factorisation's own properties. */
  static void assertQr(NdArray a, NdArray qExpected, NdArray rExpected, Scale k, NdArray q, NdArray r, String what) {
    int rows = (int) a.dims()[0];
    int cols = (int) a.dims()[1];
    assertFloat64(q, new long[] {rows, cols}, what + ": q");
    assertFloat64(r, new long[] {cols, cols}, what + ": r");
    double[][] qa = rows(q);
    double[][] ra = rows(r);
    for (int i = 0; i < cols; i++) {
      for (int j = 0; j < i; j++) {
        if (ra[i][j] != 0) {
          fail(what + ": r[" + i + ", " + j + "] is " + ra[i][j] + ", below the diagonal of an upper triangular r\n"
              + r);
        }
      }
      if (!(ra[i][i] >= 0)) {
        fail(what + ": r[" + i + ", " + i + "] is " + ra[i][i] + ", the diagonal of r is non-negative\n" + r);
      }
    }
    assertWithin(rows(qExpected), qa, (i, j) -> k.tolerance() * k.cond(), what + ": q against NumPy's");
    assertWithin(rows(rExpected), ra, (i, j) -> k.tolerance() * k.cond() * k.norm2(), what + ": r against NumPy's");
    assertOrthonormalColumns(qa, rows, what + ": q.T @ q");
    assertWithin(rows(a), product(qa, ra), (i, j) -> PRECISION * rows * k.norm2(), what + ": q @ r against a");
  }

  /**
   * NumPy's s, u and vt of a (the columns of u and rows of vt up to one sign each), and the factorisation's own
   * properties.
   */
  static void assertSvd(NdArray a, NdArray uExpected, NdArray sExpected, NdArray vtExpected, Scale k, NdArray u,
      NdArray s, NdArray vt, String what) {
    int rows = (int) a.dims()[0];
    int cols = (int) a.dims()[1];
    assertFloat64(u, new long[] {rows, cols}, what + ": u");
    assertFloat64(s, new long[] {cols}, what + ": s");
    assertFloat64(vt, new long[] {cols, cols}, what + ": vt");
    double[] se = sExpected.toDoubleArray();
    double[] sa = s.toDoubleArray();
    for (int j = 0; j < cols; j++) {
      if (!(sa[j] >= 0 && (j == 0 || sa[j] <= sa[j - 1]))) {
        fail(what + ": s is non-negative and descending, this one is " + s);
      }
    }
    assertWithin(new double[][] {se}, new double[][] {sa}, (i, j) -> k.tolerance() * k.norm2(),
        what + ": s against NumPy's");
    double[][] ue = rows(uExpected);
    double[][] ua = rows(u);
    double[][] va = rows(vt);
    double[] slack = new double[cols];
    for (int j = 0; j < cols; j++) {
      // the sign NumPy chose for this pair of singular vectors, at the largest entry of its column of u
      int largest = 0;
      for (int i = 1; i < rows; i++) {
        largest = Math.abs(ue[i][j]) > Math.abs(ue[largest][j]) ? i : largest;
      }
      if (ua[largest][j] * ue[largest][j] < 0) {
        for (int i = 0; i < rows; i++) {
          ua[i][j] = -ua[i][j];
        }
        for (int i = 0; i < cols; i++) {
          va[j][i] = -va[j][i];
        }
      }
      slack[j] = k.tolerance() * k.norm2() / gap(se, j, rows > cols);
    }
    assertWithin(ue, ua, (i, j) -> slack[j], what + ": u against NumPy's (signs matched)");
    assertWithin(rows(vtExpected), va, (i, j) -> slack[i], what + ": vt against NumPy's (signs matched)");
    assertOrthonormalColumns(ua, rows, what + ": u.T @ u");
    assertOrthonormalColumns(transpose(va), rows, what + ": vt @ vt.T");
    double[][] us = new double[rows][cols];
    for (int i = 0; i < rows; i++) {
      for (int j = 0; j < cols; j++) {
        us[i][j] = ua[i][j] * sa[j];
      }
    }
    assertWithin(rows(a), product(us, va), (i, j) -> PRECISION * rows * k.norm2(), what + ": u diag(s) vt against a");
  }

  /**
   * NumPy's least-squares solution of a x = b column by column, the residual norm NumPy's achieves and, when the
   * fixture has the exact solution, within its allowed relative error of it.
   */
  static void assertLstsq(NdArray a, NdArray b, NdArray xExpected, NdArray xTrue, double[] xTrueTolerance, Scale k,
      NdArray x, String what) {
    long[] shape = b.ndim() == 1 ? new long[] {a.dims()[1]} : new long[] {a.dims()[1], b.dims()[1]};
    assertFloat64(x, shape, what + ": x");
    double[][] am = rows(a);
    double[][] bm = rows(b);
    double[][] xe = rows(xExpected);
    double[][] xa = rows(x);
    double[][] truth = xTrue == null ? null : rows(xTrue);
    int rows = am.length;
    for (int j = 0; j < bm[0].length; j++) {
      double[] expected = column(xe, j);
      double[] actual = column(xa, j);
      double[] rhs = column(bm, j);
      String col = what + (bm[0].length > 1 ? ", column " + j + " of b" : "");
      double size = norm(expected);
      double residual = norm(residual(am, expected, rhs));
      double slack = k.tolerance() * k.cond() * (size + k.cond() * residual / k.norm2());
      assertWithin(new double[][] {expected}, new double[][] {actual}, (r, c) -> slack, col + ": x against NumPy's");
      double achieved = norm(residual(am, actual, rhs));
      double residualSlack = RESIDUAL * residual + k.tolerance() * rows * k.norm2() * size;
      if (!(Math.abs(achieved - residual) <= residualSlack)) {
        fail(col + ": |a x - b| is " + achieved + ", NumPy's solution's " + residual + " (slack " + residualSlack
            + ")");
      }
      if (truth != null) {
        double[] t = column(truth, j);
        double[] error = new double[t.length];
        for (int i = 0; i < t.length; i++) {
          error[i] = actual[i] - t[i];
        }
        double relative = norm(error) / norm(t);
        if (!(relative <= xTrueTolerance[j])) {
          fail(col + ": |x - x_true| / |x_true| is " + relative + ", at most " + xTrueTolerance[j]
              + " allowed\n x      " + Arrays.toString(actual) + "\n x_true " + Arrays.toString(t));
        }
      }
    }
  }

  /** NumPy's cov within 1e-12 of {@code sqrt(cov[i, i] * cov[j, j])}, its corrcoef within 1e-12. */
  static void assertCovariances(NdArray covExpected, NdArray corrExpected, NdArray cov, NdArray corr, String what) {
    assertFloat64(cov, covExpected.dims(), what + ": cov");
    assertFloat64(corr, corrExpected.dims(), what + ": corrcoef");
    double[][] ce = rows(covExpected);
    assertWithin(ce, rows(cov), (i, j) -> PRECISION * Math.sqrt(ce[i][i] * ce[j][j]), what + ": cov");
    assertWithin(rows(corrExpected), rows(corr), (i, j) -> PRECISION, what + ": corrcoef");
  }

  // ---------------------------------------------------------------- matrices

  /** The rows of a 2-D array as float64, a 1-D array as one column. */
  static double[][] rows(NdArray m) {
    long[] dims = m.dims();
    int r = (int) dims[0];
    int c = dims.length == 1 ? 1 : (int) dims[1];
    double[] flat = m.toDoubleArray();
    double[][] out = new double[r][c];
    for (int i = 0; i < r; i++) {
      System.arraycopy(flat, i * c, out[i], 0, c);
    }
    return out;
  }

  static double[][] product(double[][] x, double[][] y) {
    double[][] out = new double[x.length][y[0].length];
    for (int i = 0; i < x.length; i++) {
      for (int l = 0; l < y.length; l++) {
        for (int j = 0; j < y[0].length; j++) {
          out[i][j] += x[i][l] * y[l][j];
        }
      }
    }
    return out;
  }

  static double[][] transpose(double[][] x) {
    double[][] out = new double[x[0].length][x.length];
    for (int i = 0; i < x.length; i++) {
      for (int j = 0; j < x[0].length; j++) {
        out[j][i] = x[i][j];
      }
    }
    return out;
  }

  private static void assertFloat64(NdArray actual, long[] shape, String what) {
    assertEquals(DType.FLOAT64, actual.dtype(), () -> what + ": dtype");
    assertArrayEquals(shape, actual.dims(), () -> what + ": shape " + actual.shape());
  }

  /** The columns of m (rows x cols) orthonormal: {@code m.T @ m} within {@code 1e-12 * rows} of the identity. */
  private static void assertOrthonormalColumns(double[][] m, int rows, String what) {
    double[][] gram = product(transpose(m), m);
    double[][] identity = new double[gram.length][gram.length];
    for (int i = 0; i < gram.length; i++) {
      identity[i][i] = 1;
    }
    assertWithin(identity, gram, (i, j) -> PRECISION * rows, what + " against the identity");
  }

  private static void assertWithin(double[][] expected, double[][] actual, Slack slack, String what) {
    for (int i = 0; i < expected.length; i++) {
      for (int j = 0; j < expected[i].length; j++) {
        double allowed = slack.at(i, j);
        if (!(Math.abs(expected[i][j] - actual[i][j]) <= allowed)) {
          fail(what + ": [" + i + ", " + j + "] expected " + expected[i][j] + " but was " + actual[i][j] + " (slack "
              + allowed + ")");
        }
      }
    }
  }

  /** The distance from s[j] to the nearest other singular value, and to 0 when a has more rows than columns. */
  private static double gap(double[] s, int j, boolean toZero) {
    double gap = toZero || s.length == 1 ? s[j] : Double.POSITIVE_INFINITY;
    for (int i = 0; i < s.length; i++) {
      if (i != j) {
        gap = Math.min(gap, Math.abs(s[i] - s[j]));
      }
    }
    return gap;
  }

  private static double[] column(double[][] m, int j) {
    double[] out = new double[m.length];
    for (int i = 0; i < m.length; i++) {
      out[i] = m[i][j];
    }
    return out;
  }

  private static double[] residual(double[][] a, double[] x, double[] b) {
    double[] r = new double[a.length];
    for (int i = 0; i < a.length; i++) {
      double sum = -b[i];
      for (int j = 0; j < x.length; j++) {
        sum += a[i][j] * x[j];
      }
      r[i] = sum;
    }
    return r;
  }

  private static double norm(double[] v) {
    double sum = 0;
    for (double d : v) {
      sum += d * d;
    }
    return Math.sqrt(sum);
  }
}
