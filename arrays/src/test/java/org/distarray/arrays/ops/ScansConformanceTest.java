package org.distarray.arrays.ops;

import java.util.stream.Stream;
import org.distarray.arrays.NdArray;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * cumsum and cumprod along every axis of a (2, 2, 3) array of every dtype (and complex with NaN) against results
 * NumPy 2.4 computed (src/test/resources/numpy/scan_cases.txt).
 */
class ScansConformanceTest {

  static Stream<Arguments> cases() {
    return NumpyCases.read("scan_cases.txt").stream().map(c -> Arguments.of(c[0] + "(" + c[1] + ", " + c[2] + ")", c));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void matchesNumpy(String name, String[] c) {
    NdArray a = NumpyCases.array(c[1], c[3], c[4]);
    NdArray result = Scans.scan(c[0].equals("cumprod"), a, Integer.parseInt(c[2]));
    NumpyCases.assertMatches(name, c[5], c[6], c[7], result);
  }
}
