package org.distarray.arrays.ops;

import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Locale;
import java.util.stream.Stream;
import org.distarray.arrays.DType;
import org.distarray.arrays.NdArray;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * NumPy's reduction keywords {@code dtype=}, {@code ddof=} and {@code keepdims=} against results NumPy 2.4 computed
 * (src/test/resources/numpy/reduction_option_cases.txt, made by src/test/numpy/gen_ufunc_cases.py).
 */
class ReduceOptionsConformanceTest {

  static Stream<Arguments> cases() {
    return NumpyCases.read("reduction_option_cases.txt").stream()
        .map(c -> Arguments.of(c[0] + "(" + c[1] + ", axes=" + c[2] + ", " + c[3] + ")", c));
  }

  /** The options of a case: "dtype=int8;ddof=1;keepdims=True". */
  static ReduceOptions options(String text) {
    ReduceOptions o = ReduceOptions.NONE;
    for (String kv : text.split(";")) {
      String[] p = kv.split("=");
      o = switch (p[0]) {
        case "dtype" -> o.withDtype(DType.fromName(p[1]));
        case "ddof" -> o.withDdof(Integer.parseInt(p[1]));
        default -> o.withKeepdims(p[1].equals("True"));
      };
    }
    return o;
  }

  static int[] axes(String text) {
    if (text.equals("all")) {
      return null;
    }
    String[] p = text.split(",");
    int[] axes = new int[p.length];
    for (int i = 0; i < p.length; i++) {
      axes[i] = Integer.parseInt(p[i]);
    }
    return axes;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void matchesNumpy(String name, String[] c) {
    NdArray a = NumpyCases.array(c[1], c[4], c[5]);
    NdArray result = Reductions.reduce(ReduceOp.valueOf(c[0].toUpperCase(Locale.ROOT)), a, axes(c[2]), options(c[3]));
    NumpyCases.assertMatches(name, c[6], c[7], c[8], result);
  }

  @Test
  void optionsAReductionDoesNotTakeRaise() {
    NdArray a = NdArray.arange(6);
    // NumPy: np.max(a, dtype=np.int8) and np.sum(a, ddof=1) are TypeErrors
    assertThrows(IllegalArgumentException.class,
        () -> Reductions.reduce(ReduceOp.MAX, a, null, ReduceOptions.dtype(DType.INT8)));
    assertThrows(IllegalArgumentException.class, () -> Reductions.reduce(ReduceOp.SUM, a, null, ReduceOptions.ddof(1)));
  }
}
