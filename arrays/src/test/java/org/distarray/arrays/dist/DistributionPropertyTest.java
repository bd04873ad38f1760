package org.distarray.arrays.dist;

import static org.distarray.arrays.dist.RandomDistributions.allIndices;
import static org.distarray.arrays.dist.RandomDistributions.distribution;
import static org.distarray.arrays.dist.RandomDistributions.elements;
import static org.distarray.arrays.dist.RandomDistributions.flat;
import static org.distarray.arrays.dist.RandomDistributions.shape;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.distarray.arrays.AxisRange;
import org.distarray.arrays.BasicIndex;
import org.distarray.arrays.DType;
import org.distarray.arrays.NdArray;
import org.distarray.arrays.Shape;
import org.distarray.arrays.dist.SimulatedEngines.Route;
import org.junit.jupiter.api.Test;

/** Properties that hold for random shapes, every distribution kind, random grids and random engines. */
class DistributionPropertyTest {
  private static final int CASES = 300;

  @Test
  void everyElementHasExactlyOneOwnerAndRoundTripsThroughLocalIndices() {
    Random rnd = new Random(11);
    for (int i = 0; i < CASES; i++) {
      Distribution d = distribution(rnd, shape(rnd));
      long[] perRank = new long[d.ranks()];
      for (long[] g : allIndices(d.shape().dims())) {
        int owner = d.ownerRank(g);
        long[] local = d.globalToLocal(g);
        long[] localDims = d.localShape(owner).dims();
        for (int a = 0; a < g.length; a++) {
          assertTrue(local[a] >= 0 && local[a] < localDims[a], d + " local " + local[a] + " on axis " + a);
          assertTrue(contains(d.ownedIndices(owner, a), g[a]), d + " owned indices miss " + g[a]);
        }
        assertArrayEquals(g, d.localToGlobal(owner, local), d.toString());
        perRank[owner]++;
      }
      long total = 0;
      for (int r = 0; r < d.ranks(); r++) {
        assertEquals(d.localSize(r), perRank[r], d + " rank " + r);
        total += d.localSize(r);
      }
      assertEquals(d.shape().size(), total, d.toString());
    }
  }

  @Test
  void dimDataOfAllRanksRebuildsACompatibleDistributionWithTheSameDimData() {
    Random rnd = new Random(12);
    for (int i = 0; i < CASES; i++) {
      Distribution d = distribution(rnd, shape(rnd));
      List<List<Map<String, Object>>> all = new ArrayList<>();
      for (int r = 0; r < d.ranks(); r++) {
        all.add(d.dimData(r));
      }
      Distribution back = Distribution.fromDimData(all, d.targets());
      // 'b' over a grid of 1 and 'n' are written alike and read back as 'n': the same owners, the same dim_data
      assertTrue(d.isCompatible(back), d + " vs " + back);
      for (int r = 0; r < d.ranks(); r++) {
        assertEquals(comparable(d.dimData(r)), comparable(back.dimData(r)));
        assertEquals(d.localShape(r), back.localShape(r));
      }
      if (!d.dist().contains("b")) {
        assertEquals(d, back);
      }
    }
  }

  @Test
  void transferPlansMoveEveryElementOnceFromItsSourceOwnerToItsTargetOwner() {
    Random rnd = new Random(13);
    for (int i = 0; i < CASES; i++) {
      Shape shape = shape(rnd);
      Distribution from = distribution(rnd, shape);
      Distribution to = distribution(rnd, shape);
      TransferPlan plan = TransferPlan.between(from, to);
      int[] moved = new int[(int) shape.size()];
      for (Transfer t : plan.transfers()) {
        List<long[]> globals = elements(t.piece());
        List<long[]> sourceLocal = elements(plan.sourceLocal(t));
        List<long[]> targetLocal = elements(plan.targetLocal(t));
        for (int e = 0; e < globals.size(); e++) {
          long[] g = globals.get(e);
          assertEquals(from.ownerRank(g), t.sourceRank(), from + " -> " + to);
          assertEquals(to.ownerRank(g), t.targetRank(), from + " -> " + to);
          assertArrayEquals(from.globalToLocal(g), sourceLocal.get(e));
          assertArrayEquals(to.globalToLocal(g), targetLocal.get(e));
          moved[flat(shape.dims(), g)]++;
        }
      }
      for (int f = 0; f < moved.length; f++) {
        assertEquals(1, moved[f], "element " + f + " of " + from + " -> " + to);
      }
      assertEquals(shape.size(), plan.elementCount());
    }
  }

  @Test
  void slicePlansCoverEverySelectedElementOnceAtItsResultPosition() {
    Random rnd = new Random(14);
    int views = 0;
    for (int i = 0; i < CASES * 2; i++) {
      Distribution d = distribution(rnd, shape(rnd));
      List<AxisRange> ranges = new ArrayList<>();
      for (int a = 0; a < d.ndim(); a++) {
        ranges.add(RandomDistributions.range(rnd, d.shape().dim(a)));
      }
      SlicePlan plan = SlicePlan.of(d, ranges);
      long[] resultDims = plan.resultShape().dims();
      int[] seen = new int[(int) plan.resultShape().size()];
      for (SlicedPiece p : plan.pieces()) {
        List<long[]> globals = elements(p.globalIndices());
        List<long[]> positions = elements(p.positions());
        List<long[]> locals = elements(p.globalIndices().toLocal(d, p.sourceRank()));
        for (int e = 0; e < globals.size(); e++) {
          long[] g = globals.get(e);
          assertEquals(d.ownerRank(g), p.sourceRank());
          assertArrayEquals(g, sourceIndex(ranges, positions.get(e)), d + " " + ranges);
          assertArrayEquals(d.globalToLocal(g), locals.get(e));
          seen[flat(resultDims, positions.get(e))]++;
        }
      }
      for (int f = 0; f < seen.length; f++) {
        assertEquals(1, seen[f], "result element " + f + " of " + ranges + " of " + d);
      }
      Optional<Distribution> view = plan.resultDistribution();
      if (view.isPresent()) {
        views++;
        checkView(plan, view.get());
      }
      checkCopy(plan, distribution(rnd, plan.resultShape()));
    }
    assertTrue(views > CASES / 2, "only " + views + " slices gave views");
  }

  @Test
  void slicesAppliedAsTheEnginesApplyThemEqualTheSliceOfTheWholeArray() {
    Random rnd = new Random(15);
    int views = 0;
    for (int i = 0; i < CASES * 2; i++) {
      Distribution d = distribution(rnd, shape(rnd));
      NdArray whole = NdArray.arange(d.shape().size()).astype(DType.FLOAT64).reshape(d.shape().dims());
      String text = RandomDistributions.indexText(rnd, whole.dims());
      SlicePlan plan = SlicePlan.of(d, BasicIndex.parse(text, whole.dims()));
      NdArray expected = whole.slice(text); // NumPy's a[text]
      String what = "a[" + text + "] of " + d;
      if (plan.resultDistribution().isPresent()) {
        views++;
        assertSameArray(expected, SimulatedEngines.view(whole, plan), "view " + what);
      }
      Shape rs = plan.resultShape();
      List<Distribution> targets = List.of(distribution(rnd, rs), // any target, and the coordinator's for a copy
          Distribution.of(rs, rs.ndim() == 0 ? "" : "b", 1 + rnd.nextInt(RandomDistributions.ENGINES)));
      for (Distribution target : targets) {
        for (Route route : Route.values()) {
          NdArray copied = SimulatedEngines.copy(whole, plan, target, route, 1 + rnd.nextInt(3));
          assertSameArray(expected, copied, route + " copy of " + what + " to " + target);
        }
      }
    }
    assertTrue(views > CASES / 2, "only " + views + " slices gave views");
  }

  private static void assertSameArray(NdArray expected, NdArray actual, String what) {
    assertArrayEquals(expected.dims(), actual.dims(), what);
    assertArrayEquals(expected.toDoubleArray(), actual.toDoubleArray(), what);
  }

  private static void checkView(SlicePlan plan, Distribution rd) {
    Distribution d = plan.source();
    List<AxisRange> ranges = plan.ranges();
    assertEquals(plan.resultShape(), rd.shape());
    for (long[] q : allIndices(rd.shape().dims())) {
      long[] g = sourceIndex(ranges, q);
      int rr = rd.ownerRank(q);
      BlockView v = plan.view(rr);
      assertEquals(d.ownerRank(g), v.sourceRank(), "view " + rd + " of " + ranges + " of " + d);
      assertEquals(d.target(v.sourceRank()), rd.target(rr));
      long[] resultLocal = rd.globalToLocal(q);
      long[] expected = d.globalToLocal(g);
      int k = 0;
      for (int a = 0; a < ranges.size(); a++) {
        AxisRange lr = v.localRanges().get(a);
        long local = lr.dropped() ? lr.start() : lr.position(resultLocal[k++]);
        assertEquals(expected[a], local, "axis " + a + " of view " + rd + " of " + ranges + " of " + d);
      }
    }
    for (int rr = 0; rr < rd.ranks(); rr++) {
      BlockView v = plan.view(rr);
      long[] localDims = rd.localShape(rr).dims();
      int k = 0;
      for (AxisRange lr : v.localRanges()) {
        if (!lr.dropped()) {
          assertEquals(localDims[k++], lr.count());
        }
      }
    }
  }

  private static void checkCopy(SlicePlan plan, Distribution target) {
    TransferPlan copy = TransferPlan.fromSlice(plan, target);
    int[] seen = new int[(int) target.shape().size()];
    for (Transfer t : copy.transfers()) {
      List<long[]> positions = elements(t.piece());
      List<long[]> sourceLocal = elements(copy.sourceLocal(t));
      List<long[]> targetLocal = elements(copy.targetLocal(t));
      for (int e = 0; e < positions.size(); e++) {
        long[] q = positions.get(e);
        long[] g = sourceIndex(plan.ranges(), q);
        assertEquals(plan.source().ownerRank(g), t.sourceRank());
        assertEquals(target.ownerRank(q), t.targetRank());
        assertArrayEquals(plan.source().globalToLocal(g), sourceLocal.get(e));
        assertArrayEquals(targetAddress(plan, target, t.targetRank(), q), targetLocal.get(e));
        seen[flat(target.shape().dims(), q)]++;
      }
    }
    for (int f = 0; f < seen.length; f++) {
      assertEquals(1, seen[f], "copied element " + f + " of " + plan);
    }
  }

  /**
   * Where a slice copy writes result element q in its target block: the local index, or the flat C-order position
   * in the block when the slice drops axes.
   */
  private static long[] targetAddress(SlicePlan plan, Distribution target, int rank, long[] q) {
    long[] local = target.globalToLocal(q);
    if (plan.source().ndim() == target.ndim()) {
      return local;
    }
    return new long[] {flat(target.localShape(rank).dims(), local)};
  }

  /** The source index that result position {@code q} selects. */
  private static long[] sourceIndex(List<AxisRange> ranges, long[] q) {
    long[] g = new long[ranges.size()];
    int k = 0;
    for (int a = 0; a < g.length; a++) {
      AxisRange r = ranges.get(a);
      g[a] = r.dropped() ? r.start() : r.position(q[k++]);
    }
    return g;
  }

  private static boolean contains(IndexRuns runs, long x) {
    for (long v : runs.toArray()) {
      if (v == x) {
        return true;
      }
    }
    return false;
  }

  /** dim_data with index lists as text, so that equal contents compare equal. */
  private static List<Map<String, String>> comparable(List<Map<String, Object>> dimData) {
    List<Map<String, String>> out = new ArrayList<>();
    for (Map<String, Object> axis : dimData) {
      Map<String, String> m = new java.util.TreeMap<>();
      axis.forEach((k, v) -> m.put(k, v instanceof long[] l ? java.util.Arrays.toString(l) : String.valueOf(v)));
      out.add(m);
    }
    return out;
  }
}
