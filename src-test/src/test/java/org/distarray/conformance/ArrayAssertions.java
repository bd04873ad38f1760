package org.distarray.conformance;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.Arrays;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.distarray.arrays.DType;
import org.distarray.arrays.NdArray;
import org.distarray.arrays.ops.Ufuncs;
import org.distarray.runtime.DistArray;

/** Comparisons of distributed results with the local reference kernels. */
final class ArrayAssertions {
  /** Relative tolerance for float64 results (the order of summation differs between engines). */
  static final double RELATIVE_TOLERANCE = 1e-12;
  /** Relative tolerance for float32 results: a few float32 ulps (2^-23) per element combined in another order. */
  static final double FLOAT32_RELATIVE_TOLERANCE = 1e-5;

  private ArrayAssertions() {}

  /** Same dtype, same shape and the same values: floats within the tolerance with NaN equal to NaN, others exact. */
  static void assertMatches(NdArray expected, NdArray actual, String what) {
    assertEquals(expected.dtype(), actual.dtype(), () -> what + ": dtype");
    assertEquals(expected.shape(), actual.shape(), () -> what + ": shape");
    switch (expected.dtype()) {
      case FLOAT64, FLOAT32 -> {
        double tolerance = toleranceOf(expected.dtype());
        double[] e = expected.toDoubleArray();
        double[] a = actual.toDoubleArray();
        for (int i = 0; i < e.length; i++) {
          if (!close(e[i], a[i], tolerance)) {
            fail(what + ": flat index " + i + " expected " + e[i] + " but was " + a[i] + "\n expected "
                + Arrays.toString(e) + "\n actual   " + Arrays.toString(a));
          }
        }
      }
      case BOOL -> assertArrayEquals(expected.toBooleanArray(), actual.toBooleanArray(), what);
      case COMPLEX128, COMPLEX64 -> { // each part as a float of the parts' dtype
        assertMatches(Ufuncs.real(expected), Ufuncs.real(actual), what + " (real parts)");
        assertMatches(Ufuncs.imag(expected), Ufuncs.imag(actual), what + " (imaginary parts)");
      }
      default -> assertArrayEquals(expected.toLongArray(), actual.toLongArray(), what); // integers: exact
    }
  }

  /** A number within the float64 relative tolerance, NaN equal to NaN. */
  static void assertClose(double expected, double actual, String what) {
    assertClose(expected, actual, DType.FLOAT64, what);
  }

  /** A number computed in dtype, within that dtype's relative tolerance, NaN equal to NaN. */
  static void assertClose(double expected, double actual, DType dtype, String what) {
    if (!close(expected, actual, toleranceOf(dtype))) {
      fail(what + ": expected " + expected + " but was " + actual);
    }
  }

  static double toleranceOf(DType dtype) {
    return dtype == DType.FLOAT32 ? FLOAT32_RELATIVE_TOLERANCE : RELATIVE_TOLERANCE;
  }

  private static boolean close(double expected, double actual, double tolerance) {
    if (Double.isNaN(expected) || Double.isNaN(actual)) {
      return Double.isNaN(expected) && Double.isNaN(actual);
    }
    return expected == actual
        || Math.abs(expected - actual) <= tolerance * Math.max(Math.abs(expected), Math.abs(actual));
  }

  /**
   * The distributed computation ends as the local one: with the same values, or, when the local kernel raises a
   * user error (for example a {@code DTypeException}), with an exception of the same type. The distributed
   * result is checked by {@code resultCheck} first (its distribution, say), then gathered and compared, and closed.
   */
  static void assertSameOutcome(Supplier<NdArray> local, Supplier<DistArray> distributed,
      Consumer<DistArray> resultCheck, String what) {
    NdArray expected;
    try {
      expected = local.get();
    } catch (RuntimeException e) {
      assertThrows(e.getClass(), () -> {
        try (DistArray ignored = distributed.get()) {
          ignored.toNdArray();
        }
      }, () -> what + ": the local kernel raised " + e + ", so should the distributed one");
      return;
    }
    try (DistArray result = distributed.get()) {
      resultCheck.accept(result);
      assertMatches(expected, result.toNdArray(), what);
    }
  }
}
