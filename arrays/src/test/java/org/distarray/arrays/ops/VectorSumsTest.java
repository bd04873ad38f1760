package org.distarray.arrays.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.distarray.arrays.DType;
import org.distarray.arrays.NdArray;
import org.junit.jupiter.api.Test;

/**
 * The vector API's pairwise sum gives the scalar kernel's sums bit for bit (so NumPy's). The module's test JVMs start
 * with {@code --add-modules jdk.incubator.vector} (the root pom's surefire argLine), so the vector kernel runs here.
 */
class VectorSumsTest {
  @Test
  void theTestJvmRunsTheVectorKernels() {
    assertTrue(Simd.available(), Simd.implementation());
    assertTrue(Simd.implementation().startsWith("vector API"), Simd.implementation());
  }

  @Test
  void everyLengthAndOffsetSumsAsTheScalarKernel() {
    Random r = new Random(11);
    double[] a = new double[5000];
    for (int i = 0; i < a.length; i++) {
      a[i] = r.nextGaussian() * Math.pow(10, r.nextInt(12) - 6);
    }
    for (int n = 8; n <= 1100; n++) { // the vector kernel's runs are at least 8 long
      for (int p : new int[] {0, 1, 3, 7, 13}) {
        assertEquals(bits(RowReductions.scalarSum(a, p, n)), bits(VectorSums.sum(a, p, n)), "n=" + n + " p=" + p);
      }
    }
  }

  @Test
  void longRunsSumAsTheScalarKernel() {
    Random r = new Random(12);
    double[] a = new double[(1 << 20) + 77];
    for (int i = 0; i < a.length; i++) {
      a[i] = r.nextDouble() - 0.3;
    }
    for (int n : new int[] {4096, 100_003, 1 << 20, (1 << 20) + 77}) {
      assertEquals(bits(RowReductions.scalarSum(a, 0, n)), bits(VectorSums.sum(a, 0, n)), "n=" + n);
      assertEquals(bits(RowReductions.scalarSum(a, 77, n - 77)), bits(VectorSums.sum(a, 77, n - 77)), "n=" + n);
    }
  }

  @Test
  void nanAndInfinitiesPropagateAsInTheScalarKernel() {
    double[] a = new double[300];
    java.util.Arrays.fill(a, 0.25);
    a[17] = Double.POSITIVE_INFINITY;
    assertEquals(Double.POSITIVE_INFINITY, VectorSums.sum(a, 0, 300));
    a[200] = Double.NEGATIVE_INFINITY;
    assertTrue(Double.isNaN(VectorSums.sum(a, 0, 300)));
    a[17] = 0.25;
    a[200] = Double.NaN;
    assertTrue(Double.isNaN(VectorSums.sum(a, 0, 300)));
  }

  @Test
  void arraySumsTakeTheVectorKernelAndKeepNumpysPairwiseValue() {
    // np.sum(np.full(10**6, 0.1)) == 100000.00000000003 (pairwise); a naive loop gives 100000.00000133288
    assertEquals(100000.00000000003, Reductions.sum(NdArray.full(DType.FLOAT64, 0.1, 1_000_000)));
    // np.full((3, 1000), 0.1).sum(axis=1)[i] == 100.00000000000001 (pairwise per row; a naive loop: 99.9999999999986)
    NdArray rows = Reductions.sum(NdArray.full(DType.FLOAT64, 0.1, 3, 1000), 1);
    for (int i = 0; i < 3; i++) {
      assertEquals(100.00000000000001, rows.getDouble(i));
    }
  }

  @Test
  void fourRowsFoldIntoColumnSumsAsTheScalarLoop() {
    Random r = new Random(13);
    double[] x = new double[4 * 70 + 5];
    for (int i = 0; i < x.length; i++) {
      x[i] = r.nextGaussian() * Math.pow(10, r.nextInt(12) - 6);
    }
    for (int c = 1; c <= 70; c++) {
      for (int p : new int[] {0, 1, 5}) {
        double[] acc = new double[c];
        double[] expected = new double[c];
        for (int j = 0; j < c; j++) {
          acc[j] = x[j] * 0.5;
          expected[j] = acc[j] + ((x[p + j] + x[p + c + j]) + (x[p + 2 * c + j] + x[p + 3 * c + j]));
        }
        VectorSums.addFourRows(x, p, c, acc);
        for (int j = 0; j < c; j++) {
          assertEquals(bits(expected[j]), bits(acc[j]), "c=" + c + " p=" + p + " column " + j);
        }
      }
    }
  }

  @Test
  void axisZeroSumsOfContiguousFloatsFoldFourRowsAtATimeThenOneByOne() {
    // the sum over axis 0 of rows 0..6 is ((0 + ((r0 + r1) + (r2 + r3))) + r4) + r5) + r6 per column
    Random r = new Random(14);
    NdArray a = NdArray.zeros(DType.FLOAT64, 7, 13);
    double[] x = (double[]) a.storage();
    for (int i = 0; i < x.length; i++) {
      x[i] = r.nextGaussian() * Math.pow(10, r.nextInt(12) - 6);
    }
    NdArray sums = Reductions.sum(a, 0);
    for (int j = 0; j < 13; j++) {
      double expected = 0.0 + ((x[j] + x[13 + j]) + (x[26 + j] + x[39 + j]));
      expected = ((expected + x[52 + j]) + x[65 + j]) + x[78 + j];
      assertEquals(bits(expected), bits(sums.getDouble(j)), "column " + j);
    }
  }

  private static long bits(double v) {
    return Double.doubleToRawLongBits(v);
  }
}
