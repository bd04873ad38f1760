package org.distarray.arrays.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** exp stays within one unit in the last place of fdlibm's (StrictMath's) result, sin and cos within two. */
class VectorMathTest {
  private static double ulps(double expected, double actual) {
    if (Double.isNaN(expected)) {
      return Double.isNaN(actual) ? 0 : Double.POSITIVE_INFINITY;
    }
    if (expected == actual) {
      return 0;
    }
    if (Double.isInfinite(expected) || Double.isInfinite(actual)) {
      return Double.POSITIVE_INFINITY;
    }
    return Math.abs(expected - actual) / Math.ulp(expected);
  }

  /** exp within one ulp of StrictMath, sin and cos within two, for every element of x. */
  private static void assertWithinOneOrTwoUlpsOfFdlibm(double[] x) {
    int n = x.length;
    double[] e = new double[n];
    double[] s = new double[n];
    double[] c = new double[n];
    VectorMath.exp(x, 0, 1, e, 0, 1, n);
    VectorMath.sinCos(false, x, 0, 1, s, 0, 1, n);
    VectorMath.sinCos(true, x, 0, 1, c, 0, 1, n);
    for (int i = 0; i < n; i++) {
      assertTrue(ulps(StrictMath.exp(x[i]), e[i]) <= 1, "exp(" + x[i] + ") = " + e[i]);
      assertTrue(ulps(StrictMath.sin(x[i]), s[i]) <= 2, "sin(" + x[i] + ") = " + s[i]);
      assertTrue(ulps(StrictMath.cos(x[i]), c[i]) <= 2, "cos(" + x[i] + ") = " + c[i]);
    }
  }

  @ParameterizedTest(name = "[{0}, {1}]")
  @CsvSource({"-1, 1", "-10, 10", "-10000, 10000", "-200000, 200000", "-750, 720", "-1e-9, 1e-9"})
  void resultsAreWithinOneOrTwoUlpsOfFdlibm(double lo, double hi) {
    Random r = new Random(11);
    int n = 50_000;
    double[] x = new double[n];
    for (int i = 0; i < n; i++) {
      x[i] = lo + (hi - lo) * r.nextDouble();
    }
    assertWithinOneOrTwoUlpsOfFdlibm(x);
  }

  @Test
  void specialValuesFollowJavaAndNumpy() {
    double[] x = {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, -0.0, 0.0, 709.7, 710, -745.2, -800,
        Math.PI, 1e300, Double.MIN_VALUE};
    assertWithinOneOrTwoUlpsOfFdlibm(x);
    double[] s = new double[x.length];
    VectorMath.sinCos(false, x, 0, 1, s, 0, 1, x.length);
    for (int i = 0; i < x.length; i++) {
      assertEquals(Double.doubleToRawLongBits(Math.sin(x[i])) == Double.doubleToRawLongBits(-0.0),
          Double.doubleToRawLongBits(s[i]) == Double.doubleToRawLongBits(-0.0), "sign of sin(" + x[i] + ")");
    }
  }

  /**
   * Values around the edges of the ranges the fast paths are flagged for (exp: |x - 0.5| < 700; sin, cos:
   * 1e-9 < |x| < 1.6e6 - 1e-9), mixed into blocks of ordinary values so that both the flagged blocks and their
   * neighbours are checked, and one block with a single NaN among in-range values.
   */
  @Test
  void valuesAtTheEdgesOfTheFastRangesAreExact() {
    double[] edges = {699.4, 699.5, 699.6, 700.4, 700.5, 700.6, 708.9, -699.6, -699.5, -699.4, -707.9, 1e-9, -1e-9,
        1.1e-9, 9e-10, 2.3e-10, 1e-300, -1e-300, 1.6e6 - 1e-9, 1.6e6 - 2e-9, 1.6e6, -1.6e6 + 1e-9, 1.599999e6};
    int n = VectorMath.BLOCK * 3;
    double[] x = new double[n];
    for (int i = 0; i < n; i++) {
      x[i] = 0.25 + i * 1e-3;
    }
    for (int i = 0; i < edges.length; i++) {
      x[VectorMath.BLOCK + 17 * i] = edges[i];
    }
    x[2 * VectorMath.BLOCK + 5] = Double.NaN;
    assertWithinOneOrTwoUlpsOfFdlibm(x);
  }

  /**
   * The build runs this class a second time in a JVM started with -XX:-UseFMA and distarray.test.expectFma=false:
   * there the kernels must take the plain multiply and add (and pass every accuracy test above). In the ordinary run
   * they follow the JVM's flag.
   */
  @Test
  void fusedMultiplyAddsAreUsedExactlyWhereTheJvmHasThem() throws Exception {
    String expected = System.getProperty("distarray.test.expectFma");
    boolean jvmHasFma = Boolean.parseBoolean(java.lang.management.ManagementFactory
        .getPlatformMXBean(com.sun.management.HotSpotDiagnosticMXBean.class).getVMOption("UseFMA").getValue());
    if (expected != null) {
      assertEquals(Boolean.parseBoolean(expected), jvmHasFma, "the JVM's UseFMA flag");
    }
    assertEquals(jvmHasFma, VectorMath.usesFma());
  }

  @Test
  void stridedRunsAndLengthsAcrossBlocksWork() {
    int n = VectorMath.BLOCK * 2 + 37;
    double[] x = new double[2 * n];
    for (int i = 0; i < x.length; i++) {
      x[i] = i * 0.01 - 20;
    }
    double[] out = new double[3 * n];
    VectorMath.sinCos(false, x, 1, 2, out, 2, 3, n);
    for (int i = 0; i < n; i++) {
      assertTrue(ulps(StrictMath.sin(x[1 + 2 * i]), out[2 + 3 * i]) <= 2, "element " + i);
    }
  }
}
