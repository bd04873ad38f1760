package org.distarray.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.distarray.arrays.DType;
import org.distarray.arrays.NdArray;
import org.distarray.arrays.Shape;
import org.distarray.arrays.dist.AxisLayout;
import org.distarray.arrays.dist.Distribution;
import org.distarray.arrays.dist.DistributionException;
import org.distarray.arrays.ops.Reductions;
import org.distarray.arrays.ops.Ufuncs;
import org.distarray.arrays.task.LocalBlocks;
import org.distarray.arrays.task.LocalTask;
import org.distarray.runtime.Boundary;
import org.distarray.runtime.DistArray;
import org.distarray.runtime.DistContext;
import org.distarray.runtime.Stencil;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Ghost cells on every distribution kind, widths 1 and 2, the three boundaries, 1 to 3 axes: each engine's block
 * with its ghosts must be the matching window of NumPy's {@code np.pad(a, width, mode)} ({@code constant},
 * {@code wrap}, {@code edge}; {@link Padding} follows NumPy's definition, checked against values NumPy printed), and
 * stencil steps must match the same stencil applied to the padded array step by step.
 */
class GhostConformanceTest {
  private static final EngineContexts CONTEXTS = new EngineContexts();

  @AfterAll
  static void closeContexts() {
    CONTEXTS.close();
  }

  static Stream<DistCase> everyLayout() {
    return DistributionCases.all().stream().filter(c -> c.shape().ndim() > 0);
  }

  @ParameterizedTest(name = "ghosts on {0}")
  @MethodSource("everyLayout")
  void everyBlockSeesItsWindowOfNumpysPad(DistCase c) {
    DistContext ctx = CONTEXTS.withEngines(c.engines());
    NdArray x = SampleArrays.values(DType.FLOAT64, c.shape(), 171, true, false);
    try (DistArray a = ctx.fromNdArray(x, c.distribution())) {
      for (int width = 1; width <= 2; width++) {
        for (Boundary b : Boundary.values()) {
          long shortest = shortestBlock(c.distribution());
          if (shortest < width) { // a slab would need a block beyond the neighbour
            int w = width;
            DistributionException e = assertThrows(DistributionException.class, () -> a.ghosted(w, b),
                "width " + w + " " + b + " on " + c + ", shortest block " + shortest);
            assertTrue(e.getMessage().contains("ghost width " + w), e.getMessage());
            continue;
          }
          try (DistArray g = a.ghosted(width, b)) {
            ArrayAssertions.assertMatches(x, g.toNdArray(), "the ghosted copy's values, " + b + " width " + width);
            checkWindows(ctx, g, Padding.pad(x, width, b), width, b + " width " + width + " on " + c);
          }
        }
      }
    }
  }

  @Test
  void paddingFollowsNumpysPrintedValues() {
    // np.pad([1., 2., 3.], 2, mode) for constant, wrap, edge
    NdArray v = NdArray.of(new double[] {1, 2, 3});
    assertArrayEquals(new double[] {0, 0, 1, 2, 3, 0, 0}, Padding.pad(v, 2, Boundary.ZERO));
    assertArrayEquals(new double[] {2, 3, 1, 2, 3, 1, 2}, Padding.pad(v, 2, Boundary.PERIODIC));
    assertArrayEquals(new double[] {1, 1, 1, 2, 3, 3, 3}, Padding.pad(v, 2, Boundary.EDGE));
    // np.pad([[1., 2.], [3., 4.]], 1, "wrap") = [[4, 3, 4, 3], [2, 1, 2, 1], [4, 3, 4, 3], [2, 1, 2, 1]];
    // "edge" = [[1, 1, 2, 2], [1, 1, 2, 2], [3, 3, 4, 4], [3, 3, 4, 4]]
    NdArray m = NdArray.of(new double[] {1, 2, 3, 4}, 2, 2);
    assertArrayEquals(new double[] {4, 3, 4, 3, 2, 1, 2, 1, 4, 3, 4, 3, 2, 1, 2, 1},
        Padding.pad(m, 1, Boundary.PERIODIC));
    assertArrayEquals(new double[] {1, 1, 2, 2, 1, 1, 2, 2, 3, 3, 4, 4, 3, 3, 4, 4}, Padding.pad(m, 1, Boundary.EDGE));
  }

  @Test
  void laplaceStepsMatchTheSerialStepsOnPaddedArrays() {
    // 1-D, 2-D and 3-D, odd sizes, grids over every axis, a target subset in another order, 1 to 20 steps
    List<Object[]> runs = new ArrayList<>();
    runs.add(new Object[] {Shape.of(17), "b", new int[] {3}, new int[] {2, 0, 1}});
    runs.add(new Object[] {Shape.of(9, 11), "bb", new int[] {2, 2}, new int[] {3, 1, 0, 2}});
    runs.add(new Object[] {Shape.of(9, 11), "bn", new int[] {4, 1}, new int[] {0, 1, 2, 3}});
    runs.add(new Object[] {Shape.of(5, 6, 7), "bbn", new int[] {2, 2, 1}, new int[] {1, 3, 2, 0}});
    for (Object[] run : runs) {
      Shape shape = (Shape) run[0];
      DistContext ctx = CONTEXTS.withEngines(4);
      Distribution d = Distribution.of(shape, (String) run[1], (int[]) run[2], (int[]) run[3]);
      NdArray x = SampleArrays.values(DType.FLOAT64, shape, 172, true, false);
      for (Boundary b : Boundary.values()) {
        NdArray expected = x;
        DistArray u = ctx.fromNdArray(x, d).ghosted(1, b);
        for (int step = 1; step <= 20; step++) {
          expected = laplace(Padding.pad(expected, 1, b), expected.dims(), 0.1);
          DistArray next = u.stencil(Stencil.laplace(0.1));
          u.close();
          u = next;
          if (step == 1 || step == 7 || step == 20) {
            ArrayAssertions.assertMatches(expected, u.toNdArray(), "laplace step " + step + ", " + b + ", " + d);
          }
        }
        u.close();
      }
    }
  }

  @Test
  void threeAxesWidthTwoAndFloat32() {
    // a (5, 6, 7) array over a 2 x 2 x 1 grid on engines in another order, width 2: every block's 26 ghost regions
    // (faces, edges, corners) against np.pad(x, 2, mode); then a float32 array stays FLOAT32 through laplace steps
    DistContext ctx = CONTEXTS.withEngines(4);
    Shape shape = Shape.of(5, 6, 7);
    Distribution d = Distribution.of(shape, "bbn", new int[] {2, 2, 1}, new int[] {2, 3, 0, 1});
    NdArray x = SampleArrays.values(DType.FLOAT64, shape, 174, true, false);
    for (Boundary b : Boundary.values()) {
      try (DistArray a = ctx.fromNdArray(x, d); DistArray g = a.ghosted(2, b)) {
        checkWindows(ctx, g, Padding.pad(x, 2, b), 2, "3-D, " + b + " width 2");
      }
    }
    NdArray x32 = x.astype(DType.FLOAT32);
    try (DistArray a = ctx.fromNdArray(x32, d); DistArray g = a.ghosted(1, Boundary.EDGE);
        DistArray s1 = g.stencil(Stencil.laplace(0.1)); DistArray s2 = s1.stencil(Stencil.laplace(0.1))) {
      assertEquals(DType.FLOAT32, s2.dtype(), "a float32 array stays FLOAT32");
      NdArray e = x;
      for (int step = 0; step < 2; step++) {
        e = laplace(Padding.pad(e, 1, Boundary.EDGE), e.dims(), 0.1);
      }
      ArrayAssertions.assertMatches(e.astype(DType.FLOAT32), s2.toNdArray(), "two float32 steps");
    }
  }

  @Test
  void aUserStencilOfReachTwoSeesBoxNeighbourhoodsWithCorners() {
    // a record written by the user: the sum over the 5 x 5 box around each element (reach 2, corners included), on a
    // 'bb' grid of 4 engines with EDGE boundaries; NumPy: p = np.pad(x, 2, "edge"), out[i, j] = p[i:i+5, j:j+5].sum()
    DistContext ctx = CONTEXTS.withEngines(4);
    Shape shape = Shape.of(11, 9);
    NdArray x = SampleArrays.values(DType.FLOAT64, shape, 173, true, false);
    NdArray p = Padding.pad(x, 2, Boundary.EDGE);
    NdArray expected = NdArray.zeros(DType.FLOAT64, 11, 9);
    for (long i = 0; i < 11; i++) {
      for (long j = 0; j < 9; j++) {
        double sum = 0;
        for (long di = 0; di < 5; di++) {
          for (long dj = 0; dj < 5; dj++) {
            sum += p.getDouble(i + di, j + dj);
          }
        }
        expected.set(sum, i, j);
      }
    }
    try (DistArray a = ctx.fromNdArray(x, ctx.distribution(shape, "bb"));
        DistArray g = a.ghosted(2, Boundary.EDGE);
        DistArray out = g.stencil(new BoxSum(2))) {
      assertEquals(4, g.distribution().ranks());
      ArrayAssertions.assertMatches(expected, out.toNdArray(), "5 x 5 box sums");
      // the result is ghosted like its input: its ghosts are refreshed before its own stencil
      out.updateGhosts();
      checkWindows(ctx, out, Padding.pad(expected, 2, Boundary.EDGE), 2, "the box sums' ghosts");
    }
  }

  @Test
  void stepsOnManyEnginesLiveWithCommandsSpreadAlongTrees() {
    // 40 engines: creation, evaluation and reductions go down trees of engines and their answers come back through
    // the same channel as a stencil step's ghosts; each must reach its own request. NumPy: the serial steps.
    try (DistContext ctx = DistContext.local(40)) {
      NdArray x = SampleArrays.values(DType.FLOAT64, Shape.of(400), 175, true, false);
      NdArray expected = x;
      DistArray u = ctx.fromNdArray(x, ctx.distribution(Shape.of(400), "b")).ghosted(2, Boundary.PERIODIC);
      for (int step = 0; step < 3; step++) {
        expected = laplace(Padding.pad(expected, 1, Boundary.PERIODIC), expected.dims(), 0.2);
        DistArray next = u.stencil(Stencil.laplace(0.2));
        u.close();
        u = next;
        try (DistArray twice = u.multiply(2.0).evaluate()) { // a spread command between the steps
          ArrayAssertions.assertClose(2 * Reductions.sum(expected), twice.sum(), "2 u summed after step " + step);
        }
      }
      ArrayAssertions.assertMatches(expected, u.toNdArray(), "three steps on 40 engines");
      u.close();
    }
  }

  @Test
  void aStepAllocatesOnlyItsOutputAndEverythingComesBack() {
    DistContext ctx = CONTEXTS.withEngines(3);
    long baseline = ctx.memory().totalBlockBytes();
    Shape shape = Shape.of(30, 20);
    // padded blocks (10 + 2) x (20 + 2) float64 on 3 engines: 3 * 12 * 22 * 8 bytes
    long ghosted = 3L * 12 * 22 * 8;
    try (DistArray a = ctx.zeros(ctx.distribution(shape, "bn"))) {
      DistArray u = a.ghosted(1, Boundary.PERIODIC);
      long withU = ctx.memory().totalBlockBytes();
      assertEquals(baseline + 30 * 20 * 8 + ghosted, withU, "a and its ghosted copy");
      for (int step = 0; step < 50; step++) {
        DistArray next = u.stencil(Stencil.laplace(0.2));
        assertEquals(withU + ghosted, ctx.memory().totalBlockBytes(), "u and the step's output, step " + step);
        u.close();
        u = next;
      }
      assertEquals(withU, ctx.memory().totalBlockBytes(), "after 50 steps");
      u.close();
      assertThrows(IllegalStateException.class, a::updateGhosts, "an array without ghost layers");
      assertThrows(IllegalStateException.class, () -> a.stencil(Stencil.laplace(0.1)));
      assertThrows(IllegalArgumentException.class, () -> a.ghosted(1, null));
      DistributionException e = assertThrows(DistributionException.class, () -> a.ghosted(0, Boundary.ZERO));
      assertTrue(e.getMessage().contains("at least 1"), e.getMessage());
    }
    assertEquals(baseline, ctx.memory().totalBlockBytes(), "after closing everything");
  }

  /** The sum over the (2 reach + 1)^2 box around each element of a 2-D block. */
  public record BoxSum(int reach) implements Stencil {
    @Override
    public void apply(NdArray g, NdArray out, int width) {
      long[] n = out.dims();
      for (long i = 0; i < n[0]; i++) {
        for (long j = 0; j < n[1]; j++) {
          double sum = 0;
          for (long di = -reach; di <= reach; di++) {
            for (long dj = -reach; dj <= reach; dj++) {
              sum += g.getDouble(i + width + di, j + width + dj);
            }
          }
          out.set(sum, i, j);
        }
      }
    }
  }

  /** NumPy's step on a padded array p: u + alpha * (sum of the axis neighbours - 2 ndim u), serially. */
  private static NdArray laplace(NdArray p, long[] dims, double alpha) {
    int nd = dims.length;
    NdArray centre = p.slice(window(dims, -1, 0));
    NdArray sum = Ufuncs.multiply(centre, -2.0 * nd);
    for (int k = 0; k < nd; k++) {
      sum = Ufuncs.add(sum, p.slice(window(dims, k, -1)));
      sum = Ufuncs.add(sum, p.slice(window(dims, k, 1)));
    }
    return Ufuncs.add(centre, Ufuncs.multiply(sum, alpha));
  }

  private static String window(long[] dims, int axis, int shift) {
    StringBuilder b = new StringBuilder();
    for (int k = 0; k < dims.length; k++) {
      long from = 1 + (k == axis ? shift : 0);
      b.append(k == 0 ? "" : ", ").append(from).append(':').append(from + dims[k]);
    }
    return b.toString();
  }

  private static void assertArrayEquals(double[] expected, NdArray actual) {
    org.junit.jupiter.api.Assertions.assertArrayEquals(expected, actual.toDoubleArray());
  }

  /** Each engine's block with its ghosts against the window of the padded array around the block. */
  private static void checkWindows(DistContext ctx, DistArray g, NdArray padded, int width, String what) {
    Distribution d = g.distribution();
    List<NdArray> blocks = ctx.apply(new GhostedCopy(), g);
    for (int rank = 0; rank < d.ranks(); rank++) {
      int[] coords = d.gridCoords(rank);
      StringBuilder index = new StringBuilder();
      for (int k = 0; k < d.ndim(); k++) {
        AxisLayout axis = d.axis(k);
        long start = axis.owned(coords[k]).first();
        long len = axis.localLength(coords[k]);
        index.append(k == 0 ? "" : ", ").append(start).append(':').append(start + len + 2L * width);
      }
      ArrayAssertions.assertMatches(padded.slice(index.toString()), blocks.get(rank),
          what + ", rank " + rank + " (window " + index + " of the padded array)");
    }
  }

  /**
   * The shortest block along any axis once ghosted: a layout with an axis not in blocks becomes balanced blocks over
   * the same grid on every axis.
   */
  private static long shortestBlock(Distribution d) {
    boolean blocks = true;
    for (int k = 0; k < d.ndim(); k++) {
      char t = d.axisMap(k).distType();
      blocks &= t == 'b' || t == 'n';
    }
    long shortest = Long.MAX_VALUE;
    for (int k = 0; k < d.ndim(); k++) {
      int g = d.gridShape()[k];
      for (int c = 0; c < g; c++) {
        shortest = Math.min(shortest, blocks ? d.axis(k).localLength(c) : d.shape().dims()[k] / g);
      }
    }
    return shortest;
  }

  /** Each engine's block with its ghost layers, copied. */
  public record GhostedCopy() implements LocalTask<NdArray> {
    @Override
    public NdArray run(LocalBlocks blocks) {
      return blocks.ghostedBlock(0).copy();
    }
  }
}
