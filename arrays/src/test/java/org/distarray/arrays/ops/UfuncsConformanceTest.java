package org.distarray.arrays.ops;

import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Locale;
import java.util.stream.Stream;
import org.distarray.arrays.DTypeException;
import org.distarray.arrays.NdArray;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every ufunc on every dtype (and mixed dtypes, with broadcasting, and Python int and float scalars as NumPy 2's
 * weak scalars) against results NumPy 2.4 computed: the
 * cases are in src/test/resources/numpy/ufunc_cases.txt, made by src/test/numpy/gen_ufunc_cases.py.
 */
class UfuncsConformanceTest {

  static Stream<Arguments> cases() {
    return NumpyCases.read("ufunc_cases.txt").stream()
        .map(c -> Arguments.of(c[0] + "(" + c[1] + ")", c));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void matchesNumpy(String name, String[] c) {
    String[] dtypes = c[1].split(",");
    String[] shapes = c[2].split(",");
    String[] inputs = c[3].split(";", -1);
    NdArray a = NumpyCases.array(dtypes[0], shapes[0], inputs[0]);
    String op = c[0].toUpperCase(Locale.ROOT);
    if (dtypes.length == 2 && dtypes[1].startsWith("py")) {
      BinaryOp bop = BinaryOp.valueOf(op);
      boolean isInt = dtypes[1].equals("pyint");
      java.util.function.Supplier<NdArray> run = isInt ? () -> Ufuncs.binary(bop, a, Long.parseLong(inputs[1]))
          : () -> Ufuncs.binary(bop, a, Double.parseDouble(inputs[1]));
      if (c[4].equals("error")) {
        assertThrows(DTypeException.class, run::get);
        return;
      }
      NumpyCases.assertMatches(name, c[4], c[5], c[6], run.get());
    } else if (dtypes.length == 2) {
      NdArray b = NumpyCases.array(dtypes[1], shapes[1], inputs[1]);
      BinaryOp bop = BinaryOp.valueOf(op);
      if (c[4].equals("error")) {
        assertThrows(DTypeException.class, () -> Ufuncs.binary(bop, a, b));
        return;
      }
      NumpyCases.assertMatches(name, c[4], c[5], c[6], Ufuncs.binary(bop, a, b));
    } else {
      UnaryOp uop = UnaryOp.valueOf(op);
      if (c[4].equals("error")) {
        assertThrows(DTypeException.class, () -> Ufuncs.unary(uop, a));
        return;
      }
      NumpyCases.assertMatches(name, c[4], c[5], c[6], Ufuncs.unary(uop, a));
    }
  }
}
