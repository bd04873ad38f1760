package org.distarray.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.distarray.arrays.DType;
import org.distarray.arrays.DTypeException;
import org.distarray.arrays.NdArray;
import org.distarray.arrays.Shape;
import org.distarray.arrays.ShapeMismatchException;
import org.distarray.arrays.ops.Reductions;
import org.distarray.arrays.ops.Selection;
import org.distarray.arrays.ops.Ufuncs;
import org.distarray.runtime.DistArray;
import org.distarray.runtime.DistContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Boolean masks on every distribution kind: {@code a[mask]}, {@code a[mask] = v}, {@code a[mask] = values},
 * {@code nonzero}, with random, empty and all-true masks and masks in another distribution; results used in further
 * work. Expected values are NumPy's C-order semantics, computed locally ({@link Selection}).
 */
class MaskConformanceTest {
  private static final EngineContexts CONTEXTS = new EngineContexts();

  @AfterAll
  static void closeContexts() {
    CONTEXTS.close();
  }

  static Stream<DistCase> everyLayout() {
    return DistributionCases.all().stream().filter(c -> c.shape().ndim() > 0);
  }

  @ParameterizedTest(name = "masks on {0}")
  @MethodSource("everyLayout")
  void selectAssignAndNonzeroFollowCOrder(DistCase c) {
    DistContext ctx = CONTEXTS.withEngines(c.engines());
    NdArray x = SampleArrays.values(DType.FLOAT64, c.shape(), 131, true, true);
    NdArray random = Ufuncs.greater(SampleArrays.values(DType.FLOAT64, c.shape(), 132, true, false), 0.0);
    List<NdArray> masks = List.of(random, NdArray.zeros(DType.BOOL, c.shape().dims()),
        NdArray.ones(DType.BOOL, c.shape().dims()));
    String other = "c".repeat(c.shape().ndim());
    for (NdArray mask : masks) {
      long count = Selection.countTrue(mask);
      try (DistArray a = ctx.fromNdArray(x, c.distribution());
          DistArray m = ctx.fromNdArray(mask, ctx.distribution(c.shape(), other))) {
        NdArray selected = Selection.compress(x, mask);
        DistArray s = a.select(m);
        assertEquals(Shape.of(count), s.shape());
        ArrayAssertions.assertMatches(selected, s.toNdArray(), "a[mask] (" + count + " true)");
        // further work on the selection
        ArrayAssertions.assertClose(Reductions.sum(Ufuncs.multiply(selected, 2.0)), s.multiply(2.0).sum(),
            "a[mask] * 2 summed");
        assertEquals(count, m.countNonzero());
        // a[mask] = -7.5
        NdArray filled = Ufuncs.where(mask, NdArray.scalar(DType.FLOAT64, -7.5), x, null);
        a.assign(m, -7.5);
        ArrayAssertions.assertMatches(filled, a.toNdArray(), "a[mask] = -7.5");
        // a[mask] = arange(count) (int64 cast to float64), values from another layout
        NdArray values = NdArray.arange(count);
        try (DistArray v = ctx.fromNdArray(values, ctx.distribution(Shape.of(count), "c"))) {
          NdArray expanded = filled.copy();
          Selection.expand(values, mask, expanded);
          a.assign(m, v);
          ArrayAssertions.assertMatches(expanded, a.toNdArray(), "a[mask] = values");
        }
        // nonzero of the mask: the C-order indices of its true elements, one INT64 array per axis
        List<DistArray> nz = m.nonzero();
        assertEquals(c.shape().ndim(), nz.size());
        long[] dims = c.shape().dims();
        List<long[]> expected = new ArrayList<>();
        for (int k = 0; k < dims.length; k++) {
          expected.add(new long[(int) count]);
        }
        boolean[] truth = mask.toBooleanArray();
        int found = 0;
        for (int flat = 0; flat < truth.length; flat++) {
          if (truth[flat]) {
            long rest = flat;
            for (int k = dims.length - 1; k >= 0; k--) {
              expected.get(k)[found] = rest % dims[k];
              rest /= dims[k];
            }
            found++;
          }
        }
        for (int k = 0; k < dims.length; k++) {
          ArrayAssertions.assertMatches(NdArray.of(expected.get(k)), nz.get(k).toNdArray(), "nonzero axis " + k);
        }
      }
    }
  }

  @Test
  void numpysExampleAndErrors() {
    DistContext ctx = CONTEXTS.withEngines(3);
    double nan = Double.NaN;
    // NumPy: a = np.array([[1., nan, 3.], [nan, 5., 6.]]); a[~np.isnan(a)] = [1., 3., 5., 6.];
    // np.nonzero(a > 2) = ([0, 1, 1], [2, 1, 2])
    try (DistArray a = ctx.fromNdArray(NdArray.of(new double[] {1, nan, 3, nan, 5, 6}, 2, 3),
        ctx.distribution(Shape.of(2, 3), "cb"))) {
      ArrayAssertions.assertMatches(NdArray.of(new double[] {1, 3, 5, 6}), a.select(a.isnan().logicalNot()).toNdArray(),
          "a[~isnan(a)]");
      List<DistArray> nz = a.greater(2.0).nonzero();
      ArrayAssertions.assertMatches(NdArray.of(new long[] {0, 1, 1}), nz.get(0).toNdArray(), "rows");
      ArrayAssertions.assertMatches(NdArray.of(new long[] {2, 1, 2}), nz.get(1).toNdArray(), "columns");
      assertThrows(DTypeException.class, () -> a.select(a));
      assertThrows(ShapeMismatchException.class, () -> a.select(ctx.zeros(ctx.distribution(Shape.of(3, 2), "b"),
          DType.BOOL)));
      try (DistArray three = ctx.fromNdArray(NdArray.of(new double[] {1, 2, 3}), ctx.distribution(Shape.of(3), "b"))) {
        assertThrows(ShapeMismatchException.class, () -> a.assign(a.isnan(), three)); // 2 true, 3 values
      }
    }
  }

  @Test
  void aSelectionHoldsAtMostItsInputsBytesAndEveryByteComesBack() {
    try (DistContext ctx = DistContext.local(2)) { // its own engines: no other test's arrays come and go meanwhile
      selectionMemory(ctx);
    }
  }

  private static void selectionMemory(DistContext ctx) {
    long baseline = ctx.memory().totalBlockBytes();
    // x made from local values: no lazy definition or intermediate whose blocks come and go with the collector
    NdArray values = NdArray.arange(1000).astype(DType.FLOAT64);
    try (DistArray x = ctx.fromNdArray(values, ctx.distribution(Shape.of(1000), "b"))) {
      long withX = ctx.memory().totalBlockBytes();
      assertEquals(baseline + 8000, withX, "arange(1000.) holds 1000 float64");
      // NumPy: x[x % 2 == 0] is [0., 2., ..., 998.], 500 elements; each engine keeps its 250 selected elements in
      // the front of a block as long as its own 500 (no counting pass first): at most x's bytes more
      // (x % 2 is closed before the selection: a lazy result still reading x would keep a copy of x's blocks when
      // the selection's task runs over them)
      DistArray even;
      try (DistArray rest = x.mod(2.0)) {
        even = rest.equal(0.0).evaluate();
      }
      try (even; DistArray s = x.select(even)) {
        assertEquals(Shape.of(500), s.shape());
        long held = ctx.memory().totalBlockBytes() - withX - 1000; // minus the mask's bytes
        assertEquals(8000, held, "the fronts of two 500-element blocks");
        s.assign(":", -1.0); // the selection is its own array: x stays as it was
        assertEquals(999.0 * 1000 / 2, x.sum(), "sum of arange(1000.) after writing its selection");
        assertEquals(-500.0, s.sum(), "the selection after writing -1 into it");
      }
      // NumPy: x[x < 10] is [0., ..., 9.]: so few that the selection keeps only its own 10 elements
      try (DistArray small = x.less(10.0).evaluate(); DistArray s = x.select(small)) {
        ArrayAssertions.assertMatches(NdArray.arange(10).astype(DType.FLOAT64), s.toNdArray(), "x[x < 10]");
        assertEquals(80, ctx.memory().totalBlockBytes() - withX - 1000, "10 float64 and no more");
      }
      assertEquals(withX, ctx.memory().totalBlockBytes(), "after closing the selections and masks");
    }
    assertEquals(baseline, ctx.memory().totalBlockBytes(), "after closing x");
  }
}
