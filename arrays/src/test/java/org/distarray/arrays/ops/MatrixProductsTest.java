package org.distarray.arrays.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.distarray.arrays.DType;
import org.distarray.arrays.NdArray;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Block products against NumPy's definition of matmul, {@code c[i, j] = sum_p a[i, p] b[p, j]} (complex: {@code
 * (ar + ai j)(br + bi j) = ar br - ai bi + (ar bi + ai br) j}, no conjugation; integers wrapping in their dtype; bool
 * an or of ands), summed here in plain float64 loops: float64 and float32, complex128 and complex64, int64
 * and int32 (wrapping), bool, with {@code c += a b} as well as {@code c = a b}, operands that are strided views,
 * shapes with an empty axis, and (130, 140) @ (140, 150), large enough for EJML's blocked kernel. The build runs this
 * class twice: with OpenBLAS, and with {@code -Ddistarray.matrix-products=ejml}, the pure-Java kernels. Also: the
 * right operand given as blocks of its rows, and several products at once.
 */
class MatrixProductsTest {
  private static final boolean PURE_JAVA = "ejml".equals(System.getProperty("distarray.matrix-products"));

  static Stream<Arguments> cases() {
    Stream.Builder<Arguments> b = Stream.builder();
    for (DType t : new DType[] {DType.FLOAT64, DType.FLOAT32, DType.COMPLEX128, DType.COMPLEX64, DType.INT64,
        DType.INT32, DType.BOOL}) {
      for (int[] mkn : new int[][] {{7, 5, 3}, {1, 9, 1}, {9, 1, 9}, {33, 70, 41}, {130, 140, 150}, {0, 4, 3},
          {5, 0, 2}, {4, 6, 0}}) {
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

    assertProduct(t, a, b, accumulate ? start : null, c);
  }

  /** c against start + a b from the definition, within the dtype's rounding for k products of values below 100. */
  private static void assertProduct(DType t, NdArray a, NdArray b, NdArray start, NdArray c) {
    int m = (int) a.dims()[0];
    int k = (int) a.dims()[1];
    int n = (int) b.dims()[1];
    double[][] expected = product(t, a, b, start);
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

  static Stream<Arguments> rowBlockCases() {
    Stream.Builder<Arguments> b = Stream.builder();
    for (DType t : new DType[] {DType.FLOAT64, DType.FLOAT32, DType.COMPLEX128, DType.INT32, DType.BOOL}) {
      for (boolean accumulate : new boolean[] {false, true}) {
        b.add(Arguments.of(t, accumulate));
      }
    }
    return b.build();
  }

  /**
   * b given as blocks of its rows, in any order, some of them views and some rows in two blocks, multiplies as the
   * whole b: rows 0-9 as one block, 10-29 one row at a time from the last, 30-49 as a strided view (every other
   * column of a wider array), and 45-69 again as one block, overlapping the view by five rows.
   */
  @ParameterizedTest(name = "{0}, accumulate {1}")
  @MethodSource("rowBlockCases")
  void aMatrixGivenAsBlocksOfRowsMultipliesAsTheWholeOne(DType t, boolean accumulate) {
    SplittableRandom random = new SplittableRandom(5);
    int m = 33;
    int k = 70;
    int n = 41;
    NdArray a = values(t, random, m, k);
    NdArray b = values(t, random, k, n);
    NdArray c = values(t, random, m, n);
    NdArray start = c.copy();
    NdArray wide = values(t, random, 20, 2 * n);
    b.slice("30:50").copyFrom(wide.slice(":, ::2"));
    List<MatrixProducts.RowBlock> blocks = new ArrayList<>();
    blocks.add(new MatrixProducts.RowBlock(0, b.slice("0:10").copy()));
    for (int row = 29; row >= 10; row--) {
      blocks.add(new MatrixProducts.RowBlock(row, b.slice(row + ":" + (row + 1))));
    }
    blocks.add(new MatrixProducts.RowBlock(30, wide.slice(":, ::2")));
    blocks.add(new MatrixProducts.RowBlock(45, b.slice("45:70").copy()));

    MatrixProducts.multiplyRows(a, blocks, n, c, accumulate);

    assertProduct(t, a, b, accumulate ? start : null, c);
  }

  @Test
  void blocksOfRowsThatMissARowOrHaveOtherColumnsAreRefused() {
    NdArray a = NdArray.zeros(DType.FLOAT64, 2, 4);
    NdArray c = NdArray.zeros(DType.FLOAT64, 2, 3);
    List<MatrixProducts.RowBlock> missing = List.of(new MatrixProducts.RowBlock(0, NdArray.zeros(DType.FLOAT64, 2, 3)),
        new MatrixProducts.RowBlock(3, NdArray.zeros(DType.FLOAT64, 1, 3)));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> MatrixProducts.multiplyRows(a, missing, 3, c, false));
    assertTrue(e.getMessage().contains("hold 3 of b's 4 rows"), e.getMessage());
    List<MatrixProducts.RowBlock> wrong = List.of(new MatrixProducts.RowBlock(0, NdArray.zeros(DType.FLOAT64, 4, 2)));
    e = assertThrows(IllegalArgumentException.class, () -> MatrixProducts.multiplyRows(a, wrong, 3, c, false));
    assertTrue(e.getMessage().contains("with 3 columns") && e.getMessage().contains("[4, 2]"), e.getMessage());
  }

  @Test
  void eachProductRunsOnAllCoresOrOnOneAsTheEnginesOfTheJvmAsk() {
    int cores = Runtime.getRuntime().availableProcessors();
    try {
      MatrixProducts.enginesInJvm(1);
      assertEquals(cores, MatrixProducts.threadsPerProduct());
      MatrixProducts.enginesInJvm(cores);
      assertEquals(1, MatrixProducts.threadsPerProduct());
      MatrixProducts.enginesInJvm(1000);
      assertEquals(1, MatrixProducts.threadsPerProduct());
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> MatrixProducts.enginesInJvm(0));
      assertTrue(e.getMessage().contains("got 0"), e.getMessage());
    } finally {
      MatrixProducts.enginesInJvm(1);
    }
  }

  /** Four threads multiply at once, as four engines of a JVM do: each gets its own product. */
  @Test
  void productsOfSeveralEnginesAtOnceAreEachRight() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      MatrixProducts.enginesInJvm(4);
      List<Future<?>> done = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        SplittableRandom random = new SplittableRandom(100 + i);
        NdArray a = values(DType.FLOAT64, random, 65, 130 + i);
        NdArray b = values(DType.FLOAT64, random, 130 + i, 47);
        done.add(pool.submit(() -> {
          for (int rep = 0; rep < 20; rep++) {
            NdArray c = NdArray.zeros(DType.FLOAT64, 65, 47);
            MatrixProducts.multiply(a, b, c, false);
            assertProduct(DType.FLOAT64, a, b, null, c);
          }
        }));
      }
      for (Future<?> f : done) {
        f.get(60, TimeUnit.SECONDS);
      }
    } finally {
      MatrixProducts.enginesInJvm(1);
      pool.shutdownNow();
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
