package org.distarray.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.distarray.arrays.DType;
import org.distarray.arrays.NdArray;
import org.distarray.arrays.Shape;
import org.distarray.runtime.DistArray;
import org.distarray.runtime.DistContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** getDouble and set of single elements, and astype, on every distribution kind, against the local NdArray. */
class ElementAccessConformanceTest {
  private static final EngineContexts CONTEXTS = new EngineContexts();

  @AfterAll
  static void closeContexts() {
    CONTEXTS.close();
  }

  static Stream<DistCase> everyDistribution() {
    return DistributionCases.all().stream();
  }

  static Stream<DistCase> everyNonEmptyDistribution() {
    return DistributionCases.all().stream().filter(c -> c.shape().size() > 0);
  }

  static Stream<Arguments> everyDistributionAndDtype() {
    return DistributionCases.all().stream().flatMap(c -> Stream.of(DType.values()).map(t -> Arguments.of(c, t)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("everyDistribution")
  void getDoubleReadsEveryElementAsTheLocalArrayDoes(DistCase c) {
    NdArray local = SampleArrays.first(DType.FLOAT64, c.shape(), 8);
    try (DistArray a = context(c).fromNdArray(local, c.distribution())) {
      SampleArrays.forEachIndex(c.shape(), index -> ArrayAssertions.assertClose(local.getDouble(index),
          a.getDouble(index), "getDouble" + Arrays.toString(index)));
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("everyNonEmptyDistribution")
  void getDoubleCountsNegativeIndicesFromTheEndAsNumpy(DistCase c) {
    NdArray local = SampleArrays.first(DType.FLOAT64, c.shape(), 8);
    long[] last = new long[c.shape().ndim()];
    Arrays.fill(last, -1);
    try (DistArray a = context(c).fromNdArray(local, c.distribution())) {
      ArrayAssertions.assertClose(local.getDouble(last), a.getDouble(last), "getDouble(-1, ...)");
    }
  }

  /** getDouble of a real element, getReal and getImag of a complex one (whose getDouble raises). */
  private static void assertSameElement(NdArray expected, DistArray a, long[] index, String when) {
    String what = when + " at " + Arrays.toString(index);
    if (expected.dtype().isComplex()) {
      ArrayAssertions.assertClose(expected.getReal(index), a.getReal(index), "getReal " + what);
      ArrayAssertions.assertClose(expected.getImag(index), a.getImag(index), "getImag " + what);
      assertThrows(org.distarray.arrays.DTypeException.class, () -> a.getDouble(index));
    } else {
      ArrayAssertions.assertClose(expected.getDouble(index), a.getDouble(index), "getDouble " + what);
    }
  }

  @ParameterizedTest(name = "{1} on {0}")
  @MethodSource("everyDistributionAndDtype")
  void getDoubleAndSetOfOneElementCastLikeTheLocalArray(DistCase c, DType dtype) {
    NdArray expected = SampleArrays.first(dtype, c.shape(), 9);
    try (DistArray a = context(c).fromNdArray(expected.copy(), c.distribution())) {
      double value = 2.75;
      for (long[] index : someIndices(c.shape())) {
        assertSameElement(expected, a, index, "before set");
        a.set(value, index); // NumPy's a[index] = value: a complex element becomes value + 0j
        expected.set(value, index);
        assertSameElement(expected, a, index, "after set");
        value -= 1.5;
      }
      ArrayAssertions.assertMatches(expected, a.toNdArray(), "after set");
      assertEquals(c.distribution(), a.distribution());
    }
  }

  @ParameterizedTest(name = "{1} on {0}")
  @MethodSource("everyDistributionAndDtype")
  void astypeOfFloat64EqualsTheLocalCastAndKeepsTheDistribution(DistCase c, DType target) {
    NdArray local = SampleArrays.values(DType.FLOAT64, c.shape(), 10, true, false);
    try (DistArray a = context(c).fromNdArray(local, c.distribution());
        DistArray cast = a.astype(target)) {
      assertEquals(c.distribution(), cast.distribution());
      ArrayAssertions.assertMatches(local.astype(target), cast.toNdArray(), "astype(" + target + ")");
      ArrayAssertions.assertMatches(local, a.toNdArray(), "the source after astype");
    }
  }

  @ParameterizedTest(name = "{1} on {0}")
  @MethodSource("everyDistributionAndDtype")
  void astypeOfInt32AndBoolEqualsTheLocalCast(DistCase c, DType target) {
    for (DType source : new DType[] {DType.INT32, DType.BOOL}) {
      NdArray local = SampleArrays.values(source, c.shape(), 11, true, false);
      try (DistArray a = context(c).fromNdArray(local, c.distribution());
          DistArray cast = a.astype(target)) {
        assertEquals(c.distribution(), cast.distribution());
        ArrayAssertions.assertMatches(local.astype(target), cast.toNdArray(), source + " astype(" + target + ")");
      }
    }
  }

  /** The first, last and middle element, and the element after the middle (usually on another rank). */
  private static List<long[]> someIndices(Shape shape) {
    List<long[]> out = new ArrayList<>();
    long size = shape.size();
    if (size == 0) {
      return out;
    }
    for (long flat : new long[] {0, size - 1, size / 2, Math.min(size - 1, size / 2 + 1)}) {
      out.add(unravel(flat, shape));
    }
    return out;
  }

  private static long[] unravel(long flat, Shape shape) {
    long[] index = new long[shape.ndim()];
    for (int k = shape.ndim() - 1; k >= 0; k--) {
      index[k] = flat % shape.dim(k);
      flat /= shape.dim(k);
    }
    return index;
  }

  private static DistContext context(DistCase c) {
    return CONTEXTS.withEngines(c.engines());
  }
}
