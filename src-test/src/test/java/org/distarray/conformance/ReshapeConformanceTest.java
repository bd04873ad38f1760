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
import org.distarray.arrays.dist.ReshapePlan;
import org.distarray.runtime.DistArray;
import org.distarray.runtime.DistContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** reshape in C order from every distribution kind, on 1 to 4 engines, against {@code NdArray.reshape}. */
class ReshapeConformanceTest {
  private static final EngineContexts CONTEXTS = new EngineContexts();

  @AfterAll
  static void closeContexts() {
    CONTEXTS.close();
  }

  static Stream<Arguments> cases() {
    List<Arguments> out = new ArrayList<>();
    for (int engines = 1; engines <= DistributionCases.MAX_ENGINES; engines++) {
      for (DistCase c : DistributionCases.forEngines(engines)) {
        long n = c.shape().size();
        if (n == 0) {
          out.add(Arguments.of(c, new long[] {0, 2}));
          continue;
        }
        out.add(Arguments.of(c, new long[] {n}));
        out.add(Arguments.of(c, new long[] {-1, 1}));
        out.add(Arguments.of(c, new long[] {1, n, 1}));
        if (n % 5 == 0) {
          out.add(Arguments.of(c, new long[] {5, -1}));
        }
        if (n == 13) {
          out.add(Arguments.of(c, new long[] {13, 1}));
        }
      }
    }
    return out.stream();
  }

  @ParameterizedTest(name = "{0} to {1}")
  @MethodSource("cases")
  void reshapeKeepsCOrder(DistCase c, long[] newShape) {
    DistContext ctx = CONTEXTS.withEngines(c.engines());
    NdArray x = SampleArrays.first(DType.FLOAT64, c.shape(), 11);
    NdArray expected = x.reshape(newShape);
    try (DistArray a = ctx.fromNdArray(x, c.distribution()); DistArray r = a.reshape(newShape)) {
      assertEquals(expected.shape(), r.shape());
      assertTrue(ReshapePlan.isRowLayout(r.distribution()), r.distribution().toString());
      assertArrayEquals(expected.toDoubleArray(), r.toNdArray().toDoubleArray(), 0.0, c.toString());
    }
  }

  @Test
  void largeArraysInAnyLayoutMoveInChunks() {
    DistContext ctx = CONTEXTS.withEngines(4);
    Shape shape = Shape.of(600, 700); // 420,000 float64 elements: several 1 MiB chunks per transfer
    for (String dist : new String[] {"cb", "bn", "nc"}) {
      try (DistArray a = ctx.random(21).rand(ctx.distribution(shape, dist));
           DistArray r = a.reshape(700, 600);
           DistArray flat = r.reshape(-1)) {
        NdArray expected = a.toNdArray();
        assertArrayEquals(expected.reshape(700, 600).toDoubleArray(), r.toNdArray().toDoubleArray(), 0.0, dist);
        assertArrayEquals(expected.toDoubleArray(), flat.toNdArray().toDoubleArray(), 0.0, dist);
      }
    }
  }

  @Test
  void anIncompatibleShapeNamesTheSizeAndTheShape() {
    DistContext ctx = CONTEXTS.withEngines(2);
    try (DistArray a = ctx.arange(12)) {
      ShapeMismatchException e = assertThrows(ShapeMismatchException.class, () -> a.reshape(5, -1));
      assertEquals("cannot reshape array of size 12 into shape (5, -1)", e.getMessage());
      try (DistArray r = a.reshape(3, -1)) {
        assertEquals(Shape.of(3, 4), r.shape());
        assertEquals(7.0, r.getDouble(1, 3));
      }
    }
  }
}
