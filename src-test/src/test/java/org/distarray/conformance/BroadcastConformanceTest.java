package org.distarray.conformance;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.distarray.arrays.DType;
import org.distarray.arrays.NdArray;
import org.distarray.arrays.Shape;
import org.distarray.arrays.dist.AxisMap;
import org.distarray.arrays.dist.BroadcastPlan;
import org.distarray.arrays.dist.Distribution;
import org.distarray.arrays.ops.BinaryOp;
import org.distarray.arrays.ops.Ufuncs;
import org.distarray.runtime.DistArray;
import org.distarray.runtime.DistContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * NumPy broadcasting between arrays of different shapes and distributions, on 1 to 4 engines, against the same
 * ufunc on the gathered local arrays: (7, 5) + (5,), (7, 1) + (1, 5), (6, 4, 3) + (4, 1), in both orders.
 */
class BroadcastConformanceTest {
  private static final EngineContexts CONTEXTS = new EngineContexts();
  private static final BinaryOp[] OPS = {BinaryOp.ADD, BinaryOp.SUBTRACT, BinaryOp.MULTIPLY, BinaryOp.DIVIDE,
      BinaryOp.MAXIMUM, BinaryOp.LESS, BinaryOp.ARCTAN2};

  @AfterAll
  static void closeContexts() {
    CONTEXTS.close();
  }

  /** Distributions of one shape over engines: several kinds, grids and target subsets. */
  private static List<Distribution> layouts(Shape shape, int engines) {
    List<Distribution> out = new ArrayList<>();
    int nd = shape.ndim();
    String[] kinds = nd == 1 ? new String[] {"b", "c", "n"} : nd == 2 ? new String[] {"bn", "nb", "bc", "cc"}
        : new String[] {"bnn", "nbc", "ccb"};
    for (String k : kinds) {
      out.add(Distribution.of(shape, k, engines));
    }
    if (engines >= 2 && shape.dim(0) >= 2) {
      List<AxisMap> maps = new ArrayList<>();
      maps.add(AxisMap.blockCyclic(2));
      int[] grid = new int[nd];
      java.util.Arrays.fill(grid, 1);
      grid[0] = 2;
      for (int a = 1; a < nd; a++) {
        maps.add(AxisMap.none());
      }
      out.add(Distribution.of(shape, maps, grid, new int[] {engines - 1, 0})); // block-cyclic on a target subset
    }
    return out;
  }

  static Stream<Arguments> cases() {
    Shape[][] pairs = {{Shape.of(7, 5), Shape.of(5)}, {Shape.of(7, 1), Shape.of(1, 5)}, {Shape.of(6, 4, 3), Shape.of(4, 1)}};
    List<Arguments> out = new ArrayList<>();
    for (int engines = 1; engines <= 4; engines++) {
      for (Shape[] pair : pairs) {
        for (int order = 0; order < 2; order++) {
          Shape left = pair[order];
          Shape right = pair[1 - order];
          for (Distribution a : layouts(left, engines)) {
            for (Distribution b : layouts(right, engines)) {
              out.add(Arguments.of(engines, a, b));
            }
          }
        }
      }
    }
    return out.stream();
  }

  @ParameterizedTest(name = "{0} engines: {1} with {2}")
  @MethodSource("cases")
  void everyBinaryUfuncBroadcastsLikeNumpy(int engines, Distribution da, Distribution db) {
    DistContext ctx = CONTEXTS.withEngines(engines);
    NdArray x = SampleArrays.first(DType.FLOAT64, da.shape(), 3);
    NdArray y = SampleArrays.second(DType.FLOAT64, db.shape(), 4);
    try (DistArray a = ctx.fromNdArray(x, da); DistArray b = ctx.fromNdArray(y, db)) {
      for (BinaryOp op : OPS) {
        NdArray expected = Ufuncs.binary(op, x, y);
        try (DistArray r = a.binary(op, b)) {
          assertEquals(BroadcastPlan.resultDistribution(da, db), r.distribution(), op.numpyName());
          ArrayAssertions.assertMatches(expected, r.toNdArray(), op.numpyName() + " " + da + " with " + db);
        }
      }
      NdArray fused = Ufuncs.sqrt(Ufuncs.add(Ufuncs.multiply(x, y), 10.0));
      try (DistArray r = a.multiply(b).add(10.0).sqrt()) {
        ArrayAssertions.assertMatches(fused, r.toNdArray(), "sqrt(a * b + 10)");
        assertEquals(org.distarray.arrays.ops.Reductions.sum(fused), r.sum(), 1e-9);
      }
    }
  }

  @Test
  void theLargerOperandGivesTheDistributionAndStretchedAxesAreNotDistributed() {
    DistContext ctx = CONTEXTS.withEngines(3);
    Distribution column = ctx.distribution(Shape.of(7, 1), "b");
    Distribution row = ctx.distribution(Shape.of(1, 5), "nc");
    try (DistArray a = ctx.ones(column); DistArray b = ctx.ones(row); DistArray sum = b.add(a)) {
      assertEquals(Shape.of(7, 5), sum.shape());
      assertEquals("bn", sum.distribution().dist());
      assertArrayEquals(column.targets(), sum.distribution().targets());
      assertEquals(70.0, sum.sum());
    }
  }
}
