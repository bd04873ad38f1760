package org.distarray.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.distarray.arrays.DType;
import org.distarray.arrays.NdArray;
import org.distarray.arrays.ops.ReduceOp;
import org.distarray.arrays.ops.Reductions;
import org.distarray.runtime.DistArray;
import org.distarray.runtime.DistContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every reduction, full and along each axis, a negative axis and all axes, against the local {@link Reductions} on
 * the gathered input: on every distribution kind in float64, and on a sample of distributions in every dtype and
 * with a NaN (which min and max propagate). Where the local reduction is an error (min of nothing), so is the
 * distributed one.
 */
class ReductionConformanceTest {
  private static final EngineContexts CONTEXTS = new EngineContexts();
  private static final long SEED = 977L;

  /** Axes to reduce, shown as NumPy's {@code axis=} argument. */
  record Axes(int... values) {
    @Override
    public String toString() {
      return "axis=(" + Arrays.stream(values).mapToObj(Integer::toString).collect(Collectors.joining(", "))
          + (values.length == 1 ? ",)" : ")");
    }
  }

  @AfterAll
  static void closeContexts() {
    CONTEXTS.close();
  }

  static Stream<Arguments> everyReductionOnEveryDistribution() {
    return DistributionCases.all().stream().flatMap(c -> Stream.of(ReduceOp.values()).map(op -> Arguments.of(c, op)));
  }

  static Stream<Arguments> everyAxisReductionOnEveryDistribution() {
    return DistributionCases.all().stream().flatMap(c -> Stream.of(ReduceOp.values())
        .flatMap(op -> axesOf(c.shape().ndim(), op).stream().map(axes -> Arguments.of(c, op, axes))));
  }

  static Stream<Arguments> everyReductionOnSampleDistributions() {
    return DistributionCases.sample().stream()
        .flatMap(c -> Stream.of(ReduceOp.values()).map(op -> Arguments.of(c, op)));
  }

  static Stream<Arguments> everyAxisReductionOnSampleDistributions() {
    return DistributionCases.sample().stream().flatMap(c -> Stream.of(ReduceOp.values())
        .flatMap(op -> axesOf(c.shape().ndim(), op).stream().map(axes -> Arguments.of(c, op, axes))));
  }

  static Stream<Arguments> everyReductionInEveryDtype() {
    return DistributionCases.sample().stream().flatMap(c -> Stream.of(DType.values())
        .flatMap(t -> Stream.of(ReduceOp.values()).map(op -> Arguments.of(c, op, t))));
  }

  static Stream<Arguments> everyAxisReductionInEveryDtype() {
    return DistributionCases.sample().stream().flatMap(c -> Stream.of(DType.values())
        .flatMap(t -> Stream.of(ReduceOp.values())
            .flatMap(op -> axesOf(c.shape().ndim(), op).stream().map(axes -> Arguments.of(c, op, axes, t)))));
  }

  /** Each axis, the last axis as -1 and, for the reductions that take several, all axes. */
  static List<Axes> axesOf(int ndim, ReduceOp op) {
    List<Axes> axes = new ArrayList<>();
    for (int k = 0; k < ndim; k++) {
      axes.add(new Axes(k));
    }
    axes.add(new Axes(-1));
    if (ndim > 1 && !DistOps.takesOneAxis(op)) {
      axes.add(new Axes(IntStream.range(0, ndim).toArray()));
    }
    return axes;
  }

  @ParameterizedTest(name = "{1} of float64 on {0}")
  @MethodSource("everyReductionOnEveryDistribution")
  void fullReductionOnEveryDistributionEqualsTheLocalOne(DistCase c, ReduceOp op) {
    checkFull(c, op, SampleArrays.values(DType.FLOAT64, c.shape(), SEED, true, false));
  }

  @ParameterizedTest(name = "{1} along {2} of float64 on {0}")
  @MethodSource("everyAxisReductionOnEveryDistribution")
  void axisReductionOnEveryDistributionEqualsTheLocalOne(DistCase c, ReduceOp op, Axes axes) {
    checkAlong(c, op, axes, SampleArrays.values(DType.FLOAT64, c.shape(), SEED, true, false));
  }

  @ParameterizedTest(name = "{1} of {2} on {0}")
  @MethodSource("everyReductionInEveryDtype")
  void fullReductionInEveryDtypeEqualsTheLocalOne(DistCase c, ReduceOp op, DType dtype) {
    checkFull(c, op, SampleArrays.values(dtype, c.shape(), SEED, true, false));
  }

  @ParameterizedTest(name = "{1} along {2} of {3} on {0}")
  @MethodSource("everyAxisReductionInEveryDtype")
  void axisReductionInEveryDtypeEqualsTheLocalOne(DistCase c, ReduceOp op, Axes axes, DType dtype) {
    checkAlong(c, op, axes, SampleArrays.values(dtype, c.shape(), SEED, true, false));
  }

  @ParameterizedTest(name = "{1} of float64 with a NaN on {0}")
  @MethodSource("everyReductionOnSampleDistributions")
  void fullReductionWithANanEqualsTheLocalOne(DistCase c, ReduceOp op) {
    checkFull(c, op, SampleArrays.first(DType.FLOAT64, c.shape(), SEED));
  }

  @ParameterizedTest(name = "{1} along {2} of float64 with a NaN on {0}")
  @MethodSource("everyAxisReductionOnSampleDistributions")
  void axisReductionWithANanEqualsTheLocalOne(DistCase c, ReduceOp op, Axes axes) {
    checkAlong(c, op, axes, SampleArrays.first(DType.FLOAT64, c.shape(), SEED));
  }

  private static void checkFull(DistCase c, ReduceOp op, NdArray input) {
    DistContext ctx = CONTEXTS.withEngines(c.engines());
    String what = op.numpyName() + "(" + input.dtype() + ") on " + c;
    try (DistArray a = ctx.fromNdArray(input, c.distribution())) {
      double expected;
      try {
        expected = Reductions.reduce(op, a.toNdArray(), null, false).getDouble();
      } catch (IllegalArgumentException e) {
        assertThrows(e.getClass(), () -> DistOps.full(op, a), () -> what + ": locally " + e);
        return;
      }
      ArrayAssertions.assertClose(expected, DistOps.full(op, a), op.resultType(input.dtype()), what);
    }
  }

  private static void checkAlong(DistCase c, ReduceOp op, Axes axes, NdArray input) {
    DistContext ctx = CONTEXTS.withEngines(c.engines());
    try (DistArray a = ctx.fromNdArray(input, c.distribution())) {
      ArrayAssertions.assertSameOutcome(() -> Reductions.reduce(op, a.toNdArray(), axes.values(), false),
          () -> DistOps.along(op, a, axes.values()),
          result -> assertEquals(result.shape(), result.distribution().shape(),
              "the result is distributed over the remaining axes"),
          op.numpyName() + "(" + input.dtype() + ", " + axes + ") on " + c);
    }
  }
}
