package org.distarray.conformance;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Arrays;
import org.distarray.arrays.DType;
import org.distarray.arrays.NdArray;
import org.distarray.runtime.DistArray;

/**
 * Checks of a replayed step against the NumPy answers in its fixture.
 *
 * <p>Integers and bools must be equal. Floats may differ by the dtype's relative tolerance
 * ({@link ArrayAssertions#RELATIVE_TOLERANCE}, {@link ArrayAssertions#FLOAT32_RELATIVE_TOLERANCE}) plus the
 * expectation's "atol": the generator's bound on what the order of a sum or another implementation of exp and sin
 * may change, 0 where the result is exact.
 */
final class ProgramExpectations {
  private ProgramExpectations() {}

  /**
   * The array has the expected dtype, shape and values.
   *
   * @param expected {"var", "shape", "dtype", "values" (flat, C order), optional "atol"}
   * @param where the program, step and operation, for the message
   */
  static void assertArray(JsonNode expected, DistArray actual, String where) {
    String name = expected.get("var").asText();
    DType dtype = DType.valueOf(expected.get("dtype").asText());
    assertEquals(dtype, actual.dtype(), () -> where + ": dtype of " + name);
    long[] shape = ProgramFixtures.longs(expected.get("shape"));
    assertArrayEquals(shape, actual.shape().dims(), () -> where + ": shape of " + name + " " + actual.shape());
    NdArray gathered = actual.toNdArray();
    assertArrayEquals(shape, gathered.shape().dims(), () -> where + ": shape of " + name + " gathered");
    double[] e = ProgramFixtures.doubles(expected.get("values"));
    double[] a = gathered.toDoubleArray();
    double atol = expected.path("atol").asDouble(0);
    for (int i = 0; i < e.length; i++) {
      if (!close(e[i], a[i], dtype, atol)) {
        fail(where + ": " + name + " " + dtype + " " + actual.shape() + " flat index " + i + " expected " + e[i]
            + " but was " + a[i] + tolerance(dtype, atol) + "\n expected " + Arrays.toString(e) + "\n actual   "
            + Arrays.toString(a));
      }
    }
  }

  /**
   * A full reduction's value is the expected one.
   *
   * @param step {"fn", "dtype" (NumPy's result dtype), "value" (a number or "nan"), optional "atol"}
   */
  static void assertValue(JsonNode step, double actual, String where) {
    DType dtype = DType.valueOf(step.get("dtype").asText());
    double expected = ProgramFixtures.number(step.get("value"));
    double atol = step.path("atol").asDouble(0);
    if (!close(expected, actual, dtype, atol)) {
      fail(where + ": expected " + expected + " (" + dtype + ") but was " + actual + tolerance(dtype, atol));
    }
  }

  private static boolean close(double expected, double actual, DType dtype, double atol) {
    if (Double.isNaN(expected) || Double.isNaN(actual)) {
      return Double.isNaN(expected) && Double.isNaN(actual);
    }
    if (!dtype.isFloating()) {
      return expected == actual;
    }
    double rtol = ArrayAssertions.toleranceOf(dtype);
    return expected == actual
        || Math.abs(expected - actual) <= rtol * Math.max(Math.abs(expected), Math.abs(actual)) + atol;
  }

  private static String tolerance(DType dtype, double atol) {
    return dtype.isFloating() ? " (relative tolerance " + ArrayAssertions.toleranceOf(dtype) + ", atol " + atol + ")"
        : "";
  }
}
