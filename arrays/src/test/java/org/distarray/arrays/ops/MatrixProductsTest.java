package org.distarray.arrays.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.distarray.arrays.DType;
import org.distarray.arrays.NdArray;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Block products against NumPy's definition of matmul, {@code c[i, j] = sum_p a[i, p] b[p, j]} (complex: {@code
 * (ar + ai j)(br + bi j) = ar br - ai bi + (ar bi + ai br) j}, no conjugation; integers wrapping in their dtype; bool
 * an or of ands), summed here in plain float64 loops: float64 and float32, complex128 and complex64, int64
 * and int32 (wrapping), bool, with {@code c += a b} as well as {@code c = a b}, operands that are strided views, and
 * shapes with an empty axis. The build runs this class twice: with OpenBLAS, and with
 * {@code -Ddistarray.matrix-products=ejml}, the pure-Java kernels.
 */
class MatrixProductsTest {
  private static final boolean PURE_JAVA = "ejml".equals(System.getProperty("distarray.matrix-products"));

  static Stream<Arguments> cases() {
    Stream.Builder<Arguments> b = Stream.builder();
    for (DType t : new DType[] {DType.FLOAT64, DType.FLOAT32, DType.COMPLEX128, DType.COMPLEX64, DType.INT64,
        DType.INT32, DType.BOOL}) {
      for (int[] mkn : new int[][] {{7, 5, 3}, {1, 9, 1}, {9, 1, 9}, {33, 70, 41}, {0, 4, 3}, {5, 0, 2}, {4, 6, 0}}) {
        for (boolean accumulate : new boolean[] {false, true}) {
          b.add(Arguments.of(t, mkn[0], mkn[1], mkn[2], accumulate));
        }
      }
    }
    return b.build();
  }

  @ParameterizedTest(name = "{0} ({1}, {2}) @ ({2}, {3}), accumulate {4}")
  @MethodSource("cases")
  void productsAreNumpysMatmul(DType t, int m, int k, int n, boolean accumulate) {
    SplittableRandom random = new SplittableRandom(31L * m + 7L * k + n);
    NdArray a = values(t, random, m, k);
    // b as a strided view: every other column of a wider array
    NdArray b = values(t, random, k, 2 * n).slice(":, ::2");
    NdArray c = values(t, random, m, n);
    NdArray start = c.copy();

    MatrixProducts.multiply(a, b, c, accumulate);

    double[][] expected = product(t, a, b, accumulate ? start : null);
    double scale = Math.max(1, k) * 100.0 * 100.0;
    double slack = t == DType.FLOAT32 || t == DType.COMPLEX64 ? 1e-6 * scale : t.isInexact() ? 1e-14 * scale : 0;
    for (int i = 0; i < m; i++) {
      for (int j = 0; j < n; j++) {
        double re = t.isComplex() ? c.getReal(i, j) : c.getDouble(i, j);
        double im = t.isComplex() ? c.getImag(i, j) : 0;
        if (!(Math.abs(re - expected[0][i * n + j]) <= slack && Math.abs(im - expected[1][i * n + j]) <= slack)) {
          fail(t + " c[" + i + ", " + j + "] = " + re + " + " + im + "j, expected " + expected[0][i * n + j] + " + "
              + expected[1][i * n + j] + "j (slack " + slack + ")");
        }
      }
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("implementations")
  void theImplementationIsTheOneAskedFor(boolean pureJava) {
    String which = MatrixProducts.implementation();
    assertEquals(pureJava, which.startsWith("EJML"), which);
    assertTrue(pureJava || which.startsWith("OpenBLAS"), which);
  }

  static Stream<Boolean> implementations() {
    return Stream.of(PURE_JAVA);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("wrapping")
  void integerProductsWrapAsNumpys(DType t) {
    long big = t == DType.INT32 ? Integer.MAX_VALUE : Long.MAX_VALUE;
    NdArray a = NdArray.of(new long[] {big, big}, 1, 2).astype(t);
    NdArray b = NdArray.of(new long[] {3, 5}, 2, 1).astype(t);
    NdArray c = NdArray.zeros(t, 1, 1);
    MatrixProducts.multiply(a, b, c, false);
    // NumPy: np.matmul of int32 [[2**31-1, 2**31-1]] and [[3], [5]] wraps to 2**31 - 8 -> -8; int64 likewise
    long wrapped = t == DType.INT32 ? (int) (big * 8) : big * 8;
    assertArrayEquals(new long[] {wrapped}, c.toLongArray());
  }

  static Stream<DType> wrapping() {
    return Stream.of(DType.INT32, DType.INT64);
  }

  /** Values in [-100, 100) with some zeros (bool: about a third true). */
  private static NdArray values(DType t, SplittableRandom random, int rows, int cols) {
    int n = rows * cols;
    if (t == DType.BOOL) {
      long[] v = new long[n];
      for (int i = 0; i < n; i++) {
        v[i] = random.nextInt(3) == 0 ? 1 : 0;
      }
      return NdArray.of(v, rows, cols).astype(t);
    }
    if (t.isComplex()) {
      double[] v = new double[2 * n];
      for (int i = 0; i < 2 * n; i++) {
        v[i] = random.nextInt(10) == 0 ? 0 : random.nextDouble(-100, 100);
      }
      return NdArray.ofComplex(v, rows, cols).astype(t);
    }
    if (t.isInexact()) {
      double[] v = new double[n];
      for (int i = 0; i < n; i++) {
        v[i] = random.nextInt(10) == 0 ? 0 : random.nextDouble(-100, 100);
      }
      return NdArray.of(v, rows, cols).astype(t);
    }
    long[] v = new long[n];
    for (int i = 0; i < n; i++) {
      v[i] = random.nextInt(-100, 100);
    }
    return NdArray.of(v, rows, cols).astype(t);
  }

  /** The real and imaginary parts of start + a b (start null: 0), from the definition, in float64 or int64. */
  private static double[][] product(DType t, NdArray a, NdArray b, NdArray start) {
    int m = (int) a.dims()[0];
    int k = (int) a.dims()[1];
    int n = (int) b.dims()[1];
    double[] re = new double[m * n];
    double[] im = new double[m * n];
    for (int i = 0; i < m; i++) {
      for (int j = 0; j < n; j++) {
        double r = 0;
        double s = 0;
        boolean any = false;
        for (int p = 0; p < k; p++) {
          if (t.isComplex()) {
            double ar = a.getReal(i, p);
            double ai = a.getImag(i, p);
            double br = b.getReal(p, j);
            double bi = b.getImag(p, j);
            r += ar * br - ai * bi;
            s += ar * bi + ai * br;
          } else if (t == DType.BOOL) {
            any |= a.getDouble(i, p) != 0 && b.getDouble(p, j) != 0;
          } else {
            r += a.getDouble(i, p) * b.getDouble(p, j);
          }
        }
        if (t == DType.BOOL) {
          r = any || start != null && start.getDouble(i, j) != 0 ? 1 : 0;
        } else if (start != null) {
          r += t.isComplex() ? start.getReal(i, j) : start.getDouble(i, j);
          s += t.isComplex() ? start.getImag(i, j) : 0;
        }
        re[i * n + j] = r;
        im[i * n + j] = s;
      }
    }
    return new double[][] {re, im};
  }
}
