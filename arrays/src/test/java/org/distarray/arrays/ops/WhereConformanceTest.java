package org.distarray.arrays.ops;

import java.util.stream.Stream;
import org.distarray.arrays.NdArray;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * NumPy's {@code where(cond, x, y)} with conditions of every kind (float with NaN, bool, int8, complex), mixed
 * dtypes and broadcasting, against results NumPy 2.4 computed (src/test/resources/numpy/where_cases.txt).
 */
class WhereConformanceTest {

  static Stream<Arguments> cases() {
    return NumpyCases.read("where_cases.txt").stream().map(c -> Arguments.of("where(" + c[1] + ", " + c[2] + ")", c));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void matchesNumpy(String name, String[] c) {
    String[] dtypes = c[1].split(",");
    String[] shapes = c[2].split(",");
    String[] inputs = c[3].split(";", -1);
    NdArray cond = NumpyCases.array(dtypes[0], shapes[0], inputs[0]);
    NdArray x = NumpyCases.array(dtypes[1], shapes[1], inputs[1]);
    NdArray y = NumpyCases.array(dtypes[2], shapes[2], inputs[2]);
    NumpyCases.assertMatches(name, c[4], c[5], c[6], Ufuncs.where(cond, x, y, null));
  }
}
