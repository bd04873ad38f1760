package org.distarray.arrays.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.distarray.arrays.DType;
import org.distarray.arrays.NdArray;

/**
 * Reads the NumPy-computed cases in src/test/resources/numpy (written by src/test/numpy/gen_ufunc_cases.py) and
 * compares arrays with them.
 */
final class NumpyCases {
  private NumpyCases() {}

  static List<String[]> read(String resource) {
    List<String[]> cases = new ArrayList<>();
    try (BufferedReader r = new BufferedReader(new InputStreamReader(
        NumpyCases.class.getResourceAsStream("/numpy/" + resource), StandardCharsets.UTF_8))) {
      for (String line; (line = r.readLine()) != null; ) {
        if (!line.isBlank()) {
          String[] parts = line.split("\\|", -1);
          for (int i = 0; i < parts.length; i++) {
            parts[i] = parts[i].trim();
          }
          cases.add(parts);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return cases;
  }

  static long[] shape(String text) {
    if (text.equals("-")) {
      return new long[0];
    }
    String[] p = text.split("x");
    long[] dims = new long[p.length];
    for (int i = 0; i < p.length; i++) {
      dims[i] = Long.parseLong(p[i]);
    }
    return dims;
  }

  static double[] values(String text) {
    if (text.isEmpty()) {
      return new double[0];
    }
    String[] p = text.replace(':', ',').split(","); // a complex value is "re:im": its parts in turn
    double[] v = new double[p.length];
    for (int i = 0; i < p.length; i++) {
      v[i] = switch (p[i]) {
        case "nan" -> Double.NaN;
        case "inf" -> Double.POSITIVE_INFINITY;
        case "-inf" -> Double.NEGATIVE_INFINITY;
        default -> Double.parseDouble(p[i]);
      };
    }
    return v;
  }

  static long[] longValues(String text) {
    if (text.isEmpty()) {
      return new long[0];
    }
    String[] p = text.split(",");
    long[] v = new long[p.length];
    for (int i = 0; i < p.length; i++) {
      // uint64 values above 2^63 - 1 are kept as their bits, as the library stores them
      v[i] = p[i].startsWith("-") ? Long.parseLong(p[i]) : Long.parseUnsignedLong(p[i]);
    }
    return v;
  }

  /** An array of this dtype and shape holding the listed values (exact for integers). */
  static NdArray array(String dtype, String shape, String values) {
    DType t = DType.fromName(dtype);
    long[] dims = shape(shape);
    NdArray a = NdArray.zeros(t, dims);
    if (t.isComplex()) {
      a.copyFrom(NdArray.ofComplex(values(values)).reshape(dims));
    } else if (t.isFloating()) {
      NdArray.of(values(values), dims.length == 0 ? new long[0] : dims).reshape(dims);
      a.copyFrom(NdArray.of(values(values)).reshape(dims));
    } else {
      a.copyFrom(NdArray.of(longValues(values)).reshape(dims));
    }
    return a;
  }

  /** Checks dtype, shape and values; floats within a few units in the last place of their dtype. */
  static void assertMatches(String what, String dtype, String shape, String values, NdArray actual) {
    assertEquals(DType.fromName(dtype), actual.dtype(), what + ": dtype");
    assertArrayEquals(shape(shape), actual.dims(), what + ": shape");
    if (actual.dtype().isInexact()) {
      double[] expected = values(values);
      double[] got = actual.dtype().isComplex() ? (double[]) actual.astype(DType.COMPLEX128).storage()
          : actual.toDoubleArray();
      // complex64 functions compute in float in NumPy and in double here; complex128 ones follow C's formulas
      double tol = actual.dtype() == DType.FLOAT32 ? 1e-6 : actual.dtype() == DType.COMPLEX64 ? 2e-6
          : actual.dtype() == DType.COMPLEX128 ? 1e-13 : 1e-14;
      for (int i = 0; i < expected.length; i++) {
        double e = expected[i];
        double g = got[i];
        boolean same = Double.isNaN(e) ? Double.isNaN(g)
            : Double.isInfinite(e) ? e == g : Math.abs(e - g) <= tol * Math.max(1, Math.abs(e));
        if (!same) {
          fail(what + ": element " + i + " expected " + e + " but was " + g);
        }
      }
    } else {
      assertArrayEquals(longValues(values), actual.toLongArray(), what + ": values");
    }
  }
}
