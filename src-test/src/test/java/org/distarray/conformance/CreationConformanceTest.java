package org.distarray.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.distarray.arrays.DType;
import org.distarray.arrays.NdArray;
import org.distarray.arrays.Shape;
import org.distarray.arrays.dist.Distribution;
import org.distarray.arrays.task.IndexFunction;
import org.distarray.runtime.DistArray;
import org.distarray.runtime.DistContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Creation on every distribution kind: each way of making an array gathers to the NumPy result and keeps exactly
 * the distribution it was given.
 */
class CreationConformanceTest {
  private static final EngineContexts CONTEXTS = new EngineContexts();

  /** Reads the index as the decimal digits of a number, times {@code scale}, minus 3: (2, 4) gives 24 * scale - 3. */
  record DigitsOfIndex(double scale) implements IndexFunction {
    @Override
    public double apply(long[] globalIndex) {
      double v = 0;
      for (long i : globalIndex) {
        v = v * 10 + i;
      }
      return v * scale - 3;
    }
  }

  @AfterAll
  static void closeContexts() {
    CONTEXTS.close();
  }

  static Stream<DistCase> everyDistribution() {
    return DistributionCases.all().stream();
  }

  static Stream<Arguments> everyDistributionAndDtype() {
    return DistributionCases.all().stream().flatMap(c -> Stream.of(DType.values()).map(t -> Arguments.of(c, t)));
  }

  static IntStream engineCounts() {
    return IntStream.rangeClosed(1, DistributionCases.MAX_ENGINES);
  }

  @ParameterizedTest(name = "{1} on {0}")
  @MethodSource("everyDistributionAndDtype")
  void fromNdArrayGathersTheSameValuesAndKeepsTheDistribution(DistCase c, DType dtype) {
    NdArray local = SampleArrays.first(dtype, c.shape(), 5);
    try (DistArray a = context(c).fromNdArray(local, c.distribution())) {
      assertCreated(c.distribution(), local, a, "fromNdArray " + dtype);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("everyDistribution")
  void fromNdArrayCopiesSoLaterLocalChangesDoNotReachTheEngines(DistCase c) {
    NdArray local = SampleArrays.first(DType.FLOAT64, c.shape(), 6);
    NdArray original = local.copy();
    try (DistArray a = context(c).fromNdArray(local, c.distribution())) {
      local.fill(42);
      ArrayAssertions.assertMatches(original, a.toNdArray(), "after changing the local source");
    }
  }

  @ParameterizedTest(name = "{1} on {0}")
  @MethodSource("everyDistributionAndDtype")
  void zerosOfADtypeAreZerosOfThatDtype(DistCase c, DType dtype) {
    try (DistArray a = context(c).zeros(c.distribution(), dtype)) {
      assertCreated(c.distribution(), NdArray.zeros(dtype, c.shape().dims()), a, "zeros " + dtype);
    }
  }

  @ParameterizedTest(name = "{1} on {0}")
  @MethodSource("everyDistributionAndDtype")
  void emptyHasTheShapeDtypeAndDistributionAsked(DistCase c, DType dtype) {
    try (DistArray a = context(c).empty(c.distribution(), dtype)) {
      assertEquals(c.distribution(), a.distribution());
      assertEquals(c.shape(), a.shape());
      assertEquals(c.shape().ndim(), a.ndim());
      assertEquals(dtype, a.dtype());
      NdArray gathered = a.toNdArray();
      assertEquals(c.shape(), gathered.shape());
      assertEquals(dtype, gathered.dtype());
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("everyDistribution")
  void zerosWithoutADtypeAreFloat64Zeros(DistCase c) {
    try (DistArray a = context(c).zeros(c.distribution())) {
      assertCreated(c.distribution(), NdArray.zeros(DType.FLOAT64, c.shape().dims()), a, "zeros");
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("everyDistribution")
  void onesAreFloat64Ones(DistCase c) {
    try (DistArray a = context(c).ones(c.distribution())) {
      assertCreated(c.distribution(), NdArray.ones(DType.FLOAT64, c.shape().dims()), a, "ones");
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("everyDistribution")
  void fullRepeatsTheValueInFloat64(DistCase c) {
    try (DistArray a = context(c).full(c.distribution(), -2.5)) {
      assertCreated(c.distribution(), NdArray.full(DType.FLOAT64, -2.5, c.shape().dims()), a, "full");
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("everyDistribution")
  void fromFunctionEvaluatesTheFunctionAtEveryGlobalIndex(DistCase c) {
    IndexFunction f = new DigitsOfIndex(0.5);
    try (DistArray a = context(c).fromFunction(f, c.distribution())) {
      assertCreated(c.distribution(), SampleArrays.tabulate(c.shape(), f), a, "fromFunction");
    }
  }

  @ParameterizedTest(name = "{1} on {0}")
  @MethodSource("everyDistributionAndDtype")
  void fromFunctionWithADtypeCastsLikeAstype(DistCase c, DType dtype) {
    IndexFunction f = new DigitsOfIndex(1);
    try (DistArray a = context(c).fromFunction(f, c.distribution(), dtype)) {
      assertCreated(c.distribution(), SampleArrays.tabulate(c.shape(), f).astype(dtype), a, "fromFunction " + dtype);
    }
  }

  @ParameterizedTest(name = "{0} engines")
  @MethodSource("engineCounts")
  void arangeIsInt64CountingUpInBlocksOverAllEngines(int engines) {
    DistContext ctx = CONTEXTS.withEngines(engines);
    for (long n : new long[] {13, 1, 0}) {
      try (DistArray a = ctx.arange(n)) {
        assertCreated(ctx.distribution(Shape.of(n), "b"), NdArray.arange(n), a, "arange(" + n + ")");
      }
    }
  }

  @ParameterizedTest(name = "{0} engines")
  @MethodSource("engineCounts")
  void fromNdArrayWithoutADistributionSplitsAxisZeroInBlocks(int engines) {
    DistContext ctx = CONTEXTS.withEngines(engines);
    NdArray local = SampleArrays.first(DType.INT32, DistributionCases.MATRIX, 3);
    try (DistArray a = ctx.fromNdArray(local)) {
      assertCreated(ctx.distribution(DistributionCases.MATRIX, "b"), local, a, "fromNdArray");
    }
  }

  @ParameterizedTest(name = "{0} engines")
  @MethodSource("engineCounts")
  void zerosOfAShapeAreFloat64ZerosOfThatShape(int engines) {
    try (DistArray a = CONTEXTS.withEngines(engines).zeros(DistributionCases.MATRIX)) {
      assertEquals(DistributionCases.MATRIX, a.distribution().shape());
      ArrayAssertions.assertMatches(NdArray.zeros(DType.FLOAT64, 7, 5), a.toNdArray(), "zeros(shape)");
    }
  }

  @ParameterizedTest(name = "{0} engines")
  @MethodSource("engineCounts")
  void contextDistributionsAreTheDistributionsOverItsEngines(int engines) {
    DistContext ctx = CONTEXTS.withEngines(engines);
    assertEquals(engines, ctx.engineCount());
    for (String dist : new String[] {"b", "c", "bc", "cb", "nb", "bn", "cc"}) {
      assertEquals(Distribution.of(DistributionCases.MATRIX, dist, engines),
          ctx.distribution(DistributionCases.MATRIX, dist), dist);
    }
    int[] targets = {engines - 1};
    assertEquals(Distribution.of(DistributionCases.MATRIX, "bc", new int[] {1, 1}, targets),
        ctx.distribution(DistributionCases.MATRIX, "bc", new int[] {1, 1}, targets));
  }

  private static DistContext context(DistCase c) {
    return CONTEXTS.withEngines(c.engines());
  }

  private static void assertCreated(Distribution d, NdArray expected, DistArray actual, String what) {
    assertEquals(d, actual.distribution(), () -> what + ": keeps exactly the distribution");
    assertEquals(expected.shape(), actual.shape(), () -> what + ": shape");
    assertEquals(expected.dtype(), actual.dtype(), () -> what + ": dtype");
    ArrayAssertions.assertMatches(expected, actual.toNdArray(), what);
  }
}
