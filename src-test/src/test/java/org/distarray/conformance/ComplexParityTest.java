package org.distarray.conformance;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.distarray.arrays.DType;
import org.distarray.arrays.DTypeException;
import org.distarray.arrays.NdArray;
import org.distarray.arrays.Shape;
import org.distarray.arrays.dist.Distribution;
import org.distarray.arrays.ops.BinaryOp;
import org.distarray.arrays.ops.ReduceOp;
import org.distarray.arrays.ops.Reductions;
import org.distarray.arrays.ops.UnaryOp;
import org.distarray.arrays.ops.Ufuncs;
import org.distarray.io.IoException;
import org.distarray.runtime.DistArray;
import org.distarray.runtime.DistContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * COMPLEX128 and COMPLEX64 on every distribution kind: NumPy's files (src/test/resources/npy/complex*.npy, made by
 * src-test/fixtures/generate_npy_dtypes.py, which also printed the NumPy results quoted below) loaded, computed,
 * moved and saved; elementwise work and reductions on every layout against the local kernels (themselves checked
 * against NumPy in the arrays module).
 */
class ComplexParityTest {
  private static final EngineContexts CONTEXTS = new EngineContexts();
  private static final long[] VALUES = {0, 1, -1, 7, 100, -100, 127, -128, 2, 3, 250, -7, -11, -10, -9, -8, -7, -6,
      -5, -4, -3, -2, -1, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11};
  private static final List<DType> COMPLEX = List.of(DType.COMPLEX128, DType.COMPLEX64);

  @TempDir
  Path dir;

  @AfterAll
  static void closeContexts() {
    CONTEXTS.close();
  }

  static Stream<Arguments> complexOnEveryMatrixLayout() {
    return DistributionCases.all().stream()
        .filter(c -> c.shape().equals(DistributionCases.MATRIX))
        .flatMap(c -> COMPLEX.stream().map(t -> Arguments.of(c, t)));
  }

  static Stream<Arguments> complexOnEveryLayout() {
    return DistributionCases.all().stream().flatMap(c -> COMPLEX.stream().map(t -> Arguments.of(c, t)));
  }

  /** NumPy: VALUES / 4 + 1j * VALUES[::-1] / 2, shaped (7, 5), cast to t. */
  private static NdArray expected(DType t) {
    double[] z = new double[2 * VALUES.length];
    for (int i = 0; i < VALUES.length; i++) {
      z[2 * i] = VALUES[i] / 4.0;
      z[2 * i + 1] = VALUES[VALUES.length - 1 - i] / 2.0;
    }
    return NdArray.ofComplex(z, 7, 5).astype(t);
  }

  private Path fixture(DType t) throws IOException {
    Path p = dir.resolve("numpy-" + t.numpyName() + ".npy");
    try (InputStream in = ComplexParityTest.class.getResourceAsStream("/npy/" + t.numpyName() + ".npy")) {
      Files.copy(in, p);
    }
    return p;
  }

  private static void assertComplex(double re, double im, NdArray value, DType t, String what) {
    ArrayAssertions.assertClose(re, value.getReal(), t.partType(), what + " (real part)");
    ArrayAssertions.assertClose(im, value.getImag(), t.partType(), what + " (imaginary part)");
  }

  @ParameterizedTest(name = "{1} from NumPy's file on {0}")
  @MethodSource("complexOnEveryMatrixLayout")
  void numpyFilesLoadReduceMoveAndSaveByteForByte(DistCase c, DType t) throws IOException {
    DistContext ctx = CONTEXTS.withEngines(c.engines());
    Path numpyFile = fixture(t);
    Distribution d = c.distribution();
    try (DistArray a = ctx.loadNpy(numpyFile, d)) {
      assertEquals(t, a.dtype());
      ArrayAssertions.assertMatches(expected(t), a.toNdArray(), t + " loaded on " + d);
      try (DistArray moved = a.redistribute(Distribution.of(Shape.of(7, 5), "cb", ctx.engineIds().length))) {
        ArrayAssertions.assertMatches(expected(t), moved.toNdArray(), t + " redistributed");
      }
      Path ours = dir.resolve("ours-" + t.numpyName() + ".npy");
      ctx.saveNpy(ours, a);
      assertArrayEquals(Files.readAllBytes(numpyFile), Files.readAllBytes(ours), t + ": .npy bytes");

      // NumPy: sum (63.5+127j), mean (1.8142857142857143+3.6285714285714286j), var 1020.4882653061226,
      // std 31.945082020651043, min (-32+2j) at 7, max (62.5+0.5j) at 10
      assertComplex(63.5, 127, a.reduceToValue(ReduceOp.SUM), t, "sum");
      assertComplex(1.8142857142857143, 3.6285714285714286, a.reduceToValue(ReduceOp.MEAN), t, "mean");
      ArrayAssertions.assertClose(1020.4882653061226, a.var(), t.partType(), "var");
      ArrayAssertions.assertClose(31.945082020651043, a.std(), t.partType(), "std");
      assertEquals(t.partType(), a.var(0).dtype(), "var of complex is real");
      assertComplex(-32, 2, a.reduceToValue(ReduceOp.MIN), t, "min");
      assertComplex(62.5, 0.5, a.reduceToValue(ReduceOp.MAX), t, "max");
      assertEquals(7, a.argmin());
      assertEquals(10, a.argmax());
      // NumPy: z.sum(0) = [37+54j, 30.75+4.5j, -33.5-67j, 2.25+61.5j, 27+74j]
      double[] sum0 = {37, 54, 30.75, 4.5, -33.5, -67, 2.25, 61.5, 27, 74};
      ArrayAssertions.assertMatches(NdArray.ofComplex(sum0).astype(t), a.sum(0).toNdArray(), "sum(0)");
      // NumPy: np.abs(z).sum() = 611.6947145862929, (z * np.conj(z)).sum() = (36293.125+0j)
      ArrayAssertions.assertClose(611.6947145862929, a.abs().sum(), t.partType(), "abs().sum()");
      assertComplex(36293.125, 0, a.multiply(a.conjugate()).reduceToValue(ReduceOp.SUM), t, "z * conj(z)");
      assertEquals(t.partType(), a.real().dtype());
      ArrayAssertions.assertMatches(Ufuncs.imag(expected(t)), a.imag().toNdArray(), "imag");
      // z[1, 2] = VALUES[7] / 4 + 1j * VALUES[27] / 2 = -32 + 2j
      assertEquals(-32, a.getReal(1, 2));
      assertEquals(2.0, a.getImag(1, 2));
      assertThrows(DTypeException.class, () -> a.getDouble(1, 2));
      assertThrows(DTypeException.class, a::sum);
    }
  }

  @ParameterizedTest(name = "{1} elementwise and reductions on {0}")
  @MethodSource("complexOnEveryLayout")
  void elementwiseWorkAndReductionsMatchTheLocalKernels(DistCase c, DType t) {
    DistContext ctx = CONTEXTS.withEngines(c.engines());
    NdArray x = SampleArrays.values(t, c.shape(), 71, true, true);
    NdArray y = SampleArrays.values(t, c.shape(), 72, true, false);
    NdArray f = SampleArrays.values(DType.FLOAT64, c.shape(), 73, true, false);
    try (DistArray a = ctx.fromNdArray(x, c.distribution()); DistArray b = ctx.fromNdArray(y, c.distribution());
        DistArray r = ctx.fromNdArray(f, c.distribution())) {
      // a fused chain: (a * b + 1.5) / conj(a), then sqrt; complex64 with a Python float stays complex64
      NdArray local = Ufuncs.sqrt(Ufuncs.divide(Ufuncs.add(Ufuncs.multiply(x, y), 1.5), Ufuncs.conjugate(x)));
      DistArray chain = a.multiply(b).add(1.5).divide(a.conjugate()).sqrt();
      assertEquals(t, chain.dtype());
      ArrayAssertions.assertMatches(local, chain.toNdArray(), "chain");
      // complex64 with a float64 array gives complex128 (NumPy 2)
      DistArray mixed = a.add(r);
      assertEquals(DType.COMPLEX128, mixed.dtype());
      ArrayAssertions.assertMatches(Ufuncs.add(x, f), mixed.toNdArray(), "complex + float64");
      ArrayAssertions.assertMatches(Ufuncs.binary(BinaryOp.LESS, x, y), a.less(b).toNdArray(), "lexicographic less");
      ArrayAssertions.assertMatches(Ufuncs.unary(UnaryOp.ABS, x), a.abs().toNdArray(), "abs");
      ArrayAssertions.assertMatches(Ufuncs.exp(y), b.exp().toNdArray(), "exp");
      for (ReduceOp op : List.of(ReduceOp.SUM, ReduceOp.PROD, ReduceOp.MEAN, ReduceOp.VAR, ReduceOp.STD,
          ReduceOp.ANY, ReduceOp.ALL)) {
        for (int axis = 0; axis < c.shape().ndim(); axis++) {
          int ax = axis;
          ArrayAssertions.assertSameOutcome(() -> Reductions.reduce(op, y, new int[] {ax}, false),
              () -> b.reduce(op, ax), out -> { }, op + " along " + ax);
        }
        ArrayAssertions.assertMatches(Reductions.reduce(op, y, null, false), b.reduceToValue(op), op + " of all");
      }
      if (c.shape().size() > 0) { // min, max, argmin, argmax of nothing raise
        for (ReduceOp op : List.of(ReduceOp.MIN, ReduceOp.MAX, ReduceOp.ARGMIN, ReduceOp.ARGMAX)) {
          ArrayAssertions.assertMatches(Reductions.reduce(op, y, null, false), b.reduceToValue(op), op + " of all");
        }
      }
    }
  }

  @ParameterizedTest(name = "{1} errors on {0}")
  @MethodSource("complexOnEveryMatrixLayout")
  void operationsNumpyRefusesForComplexRaise(DistCase c, DType t) {
    DistContext ctx = CONTEXTS.withEngines(c.engines());
    try (DistArray a = ctx.fromNdArray(expected(t), c.distribution())) {
      // NumPy: TypeError for floor_divide, remainder, floor and bitwise ops of complex
      assertThrows(DTypeException.class, () -> a.floorDivide(2.0));
      assertThrows(DTypeException.class, () -> a.mod(a));
      assertThrows(DTypeException.class, a::floor);
      assertThrows(DTypeException.class, () -> a.bitwiseAnd(1L));
      // HDF5 and NetCDF have no complex type
      assertThrows(IoException.class, () -> ctx.saveHdf5(dir.resolve("z.h5"), "z", a));
      assertThrows(IoException.class, () -> ctx.saveNetcdf(dir.resolve("z.nc"), "z", a));
    }
  }
}
