package org.distarray.arrays.ops;

import java.util.Locale;
import java.util.stream.Stream;
import org.distarray.arrays.NdArray;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every reduction on every dtype over every set of axes of a (2, 2, 3) array against results NumPy 2.4 computed
 * (src/test/resources/numpy/reduction_cases.txt, made by src/test/numpy/gen_ufunc_cases.py).
 */
class ReductionsConformanceTest {

  static Stream<Arguments> cases() {
    return NumpyCases.read("reduction_cases.txt").stream()
        .map(c -> Arguments.of(c[0] + "(" + c[1] + ", axes=" + c[2] + ")", c));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void matchesNumpy(String name, String[] c) {
    NdArray a = NumpyCases.array(c[1], c[3], c[4]);
    int[] axes = null;
    if (!c[2].equals("all")) {
      String[] p = c[2].split(",");
      axes = new int[p.length];
      for (int i = 0; i < p.length; i++) {
        axes[i] = Integer.parseInt(p[i]);
      }
    }
    NdArray result = Reductions.reduce(ReduceOp.valueOf(c[0].toUpperCase(Locale.ROOT)), a, axes, false);
    NumpyCases.assertMatches(name, c[5], c[6], c[7], result);
  }
}
