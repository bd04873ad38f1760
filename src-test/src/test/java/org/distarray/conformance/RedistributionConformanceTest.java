package org.distarray.conformance;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.distarray.arrays.DType;
import org.distarray.arrays.NdArray;
import org.distarray.arrays.Shape;
import org.distarray.arrays.ShapeMismatchException;
import org.distarray.arrays.dist.Distribution;
import org.distarray.runtime.DistArray;
import org.distarray.runtime.DistContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Redistribution between every pair of distribution kinds of the same shape (1-D and 2-D, every kind, grids and
 * target subsets), on 1 to 4 engines: the values are those of the source and the distribution is the one asked for.
 */
class RedistributionConformanceTest {
  private static final EngineContexts CONTEXTS = new EngineContexts();

  @AfterAll
  static void closeContexts() {
    CONTEXTS.close();
  }

  static Stream<Arguments> pairs() {
    List<Arguments> out = new ArrayList<>();
    for (int engines = 1; engines <= DistributionCases.MAX_ENGINES; engines++) {
      List<DistCase> cases = DistributionCases.forEngines(engines);
      for (DistCase from : cases) {
        for (DistCase to : cases) {
          if (from.shape().equals(to.shape())) {
            out.add(Arguments.of(from, to));
          }
        }
      }
    }
    return out.stream();
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @MethodSource("pairs")
  void redistributionKeepsEveryValueAndTakesTheNewDistribution(DistCase from, DistCase to) {
    DistContext ctx = CONTEXTS.withEngines(from.engines());
    NdArray values = SampleArrays.first(DType.FLOAT64, from.shape(), 17);
    try (DistArray a = ctx.fromNdArray(values, from.distribution());
         DistArray b = a.redistribute(to.distribution())) {
      assertEquals(to.distribution(), b.distribution());
      assertArrayEquals(values.toDoubleArray(), b.toNdArray().toDoubleArray(), 0.0, from + " -> " + to);
      if (values.size() > 0) {
        assertEquals(values.getDouble(lastIndex(values)), b.getDouble(lastIndex(values)), 0.0);
      }
    }
  }

  @Test
  void integerAndBooleanArraysMoveExactly() {
    DistContext ctx = CONTEXTS.withEngines(3);
    NdArray big = NdArray.of(new long[] {Long.MAX_VALUE, Long.MIN_VALUE, 1L << 60, -7, 0, 9});
    NdArray flags = NdArray.of(new boolean[] {true, false, false, true, true, false});
    try (DistArray a = ctx.fromNdArray(big, ctx.distribution(Shape.of(6), "b"));
         DistArray b = a.redistribute(ctx.distribution(Shape.of(6), "c"));
         DistArray f = ctx.fromNdArray(flags, ctx.distribution(Shape.of(6), "c"));
         DistArray g = f.redistribute(ctx.distribution(Shape.of(6), "b", new int[] {1}, new int[] {2}))) {
      assertArrayEquals(big.toLongArray(), b.toNdArray().toLongArray());
      assertEquals(DType.BOOL, g.dtype());
      assertArrayEquals(flags.toBooleanArray(), g.toNdArray().toBooleanArray());
    }
  }

  @Test
  void largeBlocksMoveInManyChunks() {
    DistContext ctx = CONTEXTS.withEngines(4);
    Shape shape = Shape.of(300, 257); // 77,100 float64 elements: each transfer is cut into several chunks
    try (DistArray a = ctx.random(3).rand(ctx.distribution(shape, "bn"));
         DistArray b = a.redistribute(ctx.distribution(shape, "nc"));
         DistArray c = b.redistribute(ctx.distribution(shape, "cb"))) {
      NdArray expected = a.toNdArray();
      assertArrayEquals(expected.toDoubleArray(), b.toNdArray().toDoubleArray(), 0.0);
      assertArrayEquals(expected.toDoubleArray(), c.toNdArray().toDoubleArray(), 0.0);
      assertEquals(a.sum(), c.sum(), 1e-9);
    }
  }

  @Test
  void aDistributionOfAnotherShapeIsRejectedWithBothShapes() {
    DistContext ctx = CONTEXTS.withEngines(2);
    try (DistArray a = ctx.zeros(Shape.of(6, 4))) {
      ShapeMismatchException e = assertThrows(ShapeMismatchException.class,
          () -> a.redistribute(Distribution.of(Shape.of(4, 6), "b", 2)));
      assertTrue(e.getMessage().contains("(6, 4)") && e.getMessage().contains("(4, 6)"), e.getMessage());
    }
  }

  private static long[] lastIndex(NdArray a) {
    long[] index = a.dims();
    for (int k = 0; k < index.length; k++) {
      index[k] = Math.max(0, index[k] - 1);
    }
    return index;
  }
}
