package org.distarray.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.distarray.arrays.DType;
import org.distarray.arrays.NdArray;
import org.distarray.arrays.dist.Distribution;
import org.distarray.arrays.ops.BinaryOp;
import org.distarray.arrays.ops.UnaryOp;
import org.distarray.arrays.ops.Ufuncs;
import org.distarray.runtime.DistArray;
import org.distarray.runtime.DistContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every unary and binary ufunc, array with array on the same distribution and array with a scalar, against the
 * local {@link Ufuncs} kernels on the gathered inputs: on every distribution kind in float64, and on a sample of
 * distributions in every dtype and some mixed dtype pairs. Results keep the operands' distribution.
 */
class UfuncConformanceTest {
  private static final EngineContexts CONTEXTS = new EngineContexts();
  private static final long SEED = 20240611L;
  private static final double SCALAR = 1.5;
  private static final List<DType[]> DTYPE_PAIRS = List.of(
      new DType[] {DType.FLOAT64, DType.FLOAT64}, new DType[] {DType.FLOAT32, DType.FLOAT32},
      new DType[] {DType.INT64, DType.INT64}, new DType[] {DType.INT32, DType.INT32},
      new DType[] {DType.BOOL, DType.BOOL}, new DType[] {DType.INT64, DType.FLOAT32},
      new DType[] {DType.BOOL, DType.INT32}, new DType[] {DType.INT32, DType.FLOAT64},
      new DType[] {DType.FLOAT32, DType.FLOAT64});

  @AfterAll
  static void closeContexts() {
    CONTEXTS.close();
  }

  static Stream<Arguments> everyUnaryOpOnEveryDistribution() {
    return DistributionCases.all().stream().flatMap(c -> Stream.of(UnaryOp.values()).map(op -> Arguments.of(c, op)));
  }

  static Stream<Arguments> everyBinaryOpOnEveryDistribution() {
    return DistributionCases.all().stream()
        .flatMap(c -> Stream.of(BinaryOp.values()).map(op -> Arguments.of(c, op)));
  }

  static Stream<Arguments> everyUnaryOpInEveryDtype() {
    return DistributionCases.sample().stream().flatMap(c -> Stream.of(DType.values())
        .flatMap(t -> Stream.of(UnaryOp.values()).map(op -> Arguments.of(c, op, t))));
  }

  static Stream<Arguments> everyBinaryOpInEveryDtype() {
    return DistributionCases.sample().stream().flatMap(c -> Stream.of(DType.values())
        .flatMap(t -> Stream.of(BinaryOp.values()).map(op -> Arguments.of(c, op, t))));
  }

  static Stream<Arguments> everyBinaryOpOnDtypePairs() {
    return DistributionCases.sample().stream().flatMap(c -> DTYPE_PAIRS.stream()
        .flatMap(p -> Stream.of(BinaryOp.values()).map(op -> Arguments.of(c, op, p[0], p[1]))));
  }

  @ParameterizedTest(name = "{1} of float64 on {0}")
  @MethodSource("everyUnaryOpOnEveryDistribution")
  void unaryUfuncOnEveryDistributionEqualsTheLocalKernel(DistCase c, UnaryOp op) {
    checkUnary(c, op, DType.FLOAT64);
  }

  @ParameterizedTest(name = "{1} of two float64 arrays on {0}")
  @MethodSource("everyBinaryOpOnEveryDistribution")
  void binaryUfuncOfTwoArraysOnEveryDistributionEqualsTheLocalKernel(DistCase c, BinaryOp op) {
    checkBinary(c, op, DType.FLOAT64, DType.FLOAT64);
  }

  @ParameterizedTest(name = "{1} of a float64 array and 1.5 on {0}")
  @MethodSource("everyBinaryOpOnEveryDistribution")
  void binaryUfuncWithAScalarOnEveryDistributionEqualsTheLocalKernel(DistCase c, BinaryOp op) {
    checkScalar(c, op, DType.FLOAT64);
  }

  @ParameterizedTest(name = "{1} of {2} on {0}")
  @MethodSource("everyUnaryOpInEveryDtype")
  void unaryUfuncInEveryDtypeEqualsTheLocalKernel(DistCase c, UnaryOp op, DType dtype) {
    checkUnary(c, op, dtype);
  }

  @ParameterizedTest(name = "{1} of {2} and {3} on {0}")
  @MethodSource("everyBinaryOpOnDtypePairs")
  void binaryUfuncOfTwoArraysInEveryDtypeEqualsTheLocalKernel(DistCase c, BinaryOp op, DType a, DType b) {
    checkBinary(c, op, a, b);
  }

  @ParameterizedTest(name = "{1} of {2} and 1.5 on {0}")
  @MethodSource("everyBinaryOpInEveryDtype")
  void binaryUfuncWithAScalarInEveryDtypeEqualsTheLocalKernel(DistCase c, BinaryOp op, DType dtype) {
    checkScalar(c, op, dtype);
  }

  private static void checkUnary(DistCase c, UnaryOp op, DType dtype) {
    DistContext ctx = CONTEXTS.withEngines(c.engines());
    NdArray input = SampleArrays.first(dtype, c.shape(), SEED);
    try (DistArray a = ctx.fromNdArray(input, c.distribution())) {
      ArrayAssertions.assertSameOutcome(() -> Ufuncs.unary(op, a.toNdArray()), () -> DistOps.unary(op, a),
          keeps(c.distribution()), op.numpyName() + "(" + dtype + ") on " + c);
    }
  }

  private static void checkBinary(DistCase c, BinaryOp op, DType left, DType right) {
    DistContext ctx = CONTEXTS.withEngines(c.engines());
    try (DistArray a = ctx.fromNdArray(SampleArrays.first(left, c.shape(), SEED), c.distribution());
        DistArray b = ctx.fromNdArray(SampleArrays.second(right, c.shape(), SEED + 1), c.distribution())) {
      ArrayAssertions.assertSameOutcome(() -> Ufuncs.binary(op, a.toNdArray(), b.toNdArray()),
          () -> DistOps.binary(op, a, b), keeps(c.distribution()),
          op.numpyName() + "(" + left + ", " + right + ") on " + c);
    }
  }

  private static void checkScalar(DistCase c, BinaryOp op, DType dtype) {
    DistContext ctx = CONTEXTS.withEngines(c.engines());
    try (DistArray a = ctx.fromNdArray(SampleArrays.first(dtype, c.shape(), SEED), c.distribution())) {
      ArrayAssertions.assertSameOutcome(() -> Ufuncs.binary(op, a.toNdArray(), SCALAR),
          () -> DistOps.binary(op, a, SCALAR), keeps(c.distribution()),
          op.numpyName() + "(" + dtype + ", " + SCALAR + ") on " + c);
    }
  }

  private static Consumer<DistArray> keeps(Distribution d) {
    return result -> assertEquals(d, result.distribution(), "the result keeps the operands' distribution");
  }
}
