package org.distarray.arrays.dist;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.distarray.arrays.BasicIndex;
import org.distarray.arrays.NdArray;
import org.distarray.arrays.Shape;
import org.distarray.arrays.ShapeMismatchException;
import org.distarray.arrays.dist.SimulatedEngines.Route;
import org.junit.jupiter.api.Test;

class TransferPlanTest {

  @Test
  void blockToCyclicSendsEveryOtherIndexOfEachBlock() {
    Distribution block = Distribution.of(Shape.of(10), "b", 2);
    Distribution cyclic = Distribution.of(Shape.of(10), "c", 2);

    TransferPlan plan = TransferPlan.between(block, cyclic);

    assertEquals(4, plan.transfers().size());
    Transfer first = plan.transfers().get(1);
    assertEquals(0, first.sourceRank());
    assertEquals(1, first.targetRank());
    assertArrayEquals(new long[] {1, 3}, first.piece().axis(0).toArray());
    assertArrayEquals(new long[] {1, 3}, plan.sourceLocal(first).axis(0).toArray());
    assertArrayEquals(new long[] {0, 1}, plan.targetLocal(first).axis(0).toArray());
    assertEquals(10, plan.elementCount());
  }

  @Test
  void piecesOfLargeAxesStayCompact() {
    Distribution from = Distribution.of(Shape.of(1_000_000, 6), List.of(AxisMap.blockCyclic(1000), AxisMap.none()),
        new int[] {3, 1}, new int[] {0, 1, 2});
    Distribution to = Distribution.of(Shape.of(1_000_000, 6), "cb", 4);

    TransferPlan plan = TransferPlan.between(from, to);

    long total = 0;
    for (Transfer t : plan.transfers()) {
      assertTrue(t.piece().axis(0).runs() <= 334, t.piece().axis(0).runs() + " runs");
      total += t.size();
    }
    assertEquals(6_000_000, total);
  }

  @Test
  void transfersFromAndToSelectByRank() {
    Distribution from = Distribution.of(Shape.of(6, 6), "bn", 2);
    Distribution to = Distribution.of(Shape.of(6, 6), "nb", new int[] {1, 3}, new int[] {7, 5, 6});

    TransferPlan plan = TransferPlan.between(from, to);

    assertEquals(3, plan.transfersFrom(0).size());
    assertEquals(2, plan.transfersTo(2).size());
    Transfer t = plan.transfersTo(2).get(1);
    assertEquals(1, plan.sourceEngine(t));
    assertEquals(6, plan.targetEngine(t));
  }

  @Test
  void eachRankPlansExactlyItsOwnTransfersOfTheWholePlan() {
    java.util.Random rnd = new java.util.Random(14);
    for (int trial = 0; trial < 300; trial++) {
      Shape shape = RandomDistributions.shape(rnd);
      Distribution from = RandomDistributions.distribution(rnd, shape);
      Distribution to = RandomDistributions.distribution(rnd, shape);
      TransferPlan whole = TransferPlan.between(from, to);
      for (int rank = 0; rank < from.ranks(); rank++) {
        assertEquals(whole.transfersFrom(rank), TransferPlan.fromRank(from, to, rank),
            "rank " + rank + " of " + from + " to " + to);
      }
    }
  }

  @Test
  void aRankPlansItsPartOfAThousandEngineAllToAllInItsOwnPieces() {
    Distribution block = Distribution.of(Shape.of(1_000_000), "b", 1024);
    Distribution cyclic = Distribution.of(Shape.of(1_000_000), "c", 1024);

    List<Transfer> mine = TransferPlan.fromRank(block, cyclic, 5);

    // rank 5 holds the 977 indices 4885..5861; index i goes to rank i % 1024, one element to each of 977 ranks,
    // in target rank order (5120 goes to rank 0)
    assertEquals(977, mine.size());
    assertArrayEquals(new long[] {5120}, mine.get(0).piece().axis(0).toArray());
    for (Transfer t : mine) {
      assertEquals(1, t.size());
      assertEquals(t.targetRank(), t.piece().axis(0).first() % 1024);
    }
  }

  @Test
  void aRankOutsideTheSourceIsRejectedNamingIt() {
    Distribution d = Distribution.of(Shape.of(10), "b", 2);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TransferPlan.fromRank(d, d, 2));
    assertTrue(e.getMessage().contains("rank 2"), e.getMessage());
  }

  @Test
  void differentShapesAreRejected() {
    ShapeMismatchException e = assertThrows(ShapeMismatchException.class,
        () -> TransferPlan.between(Distribution.of(Shape.of(4, 5), "b", 2), Distribution.of(Shape.of(5, 4), "b", 2)));

    assertTrue(e.getMessage().contains("(4, 5)") && e.getMessage().contains("(5, 4)"), e.getMessage());
  }

  @Test
  void integerIndexOnTheLeadingAxisOfAnUnsortedUnstructuredArrayCopiesInGlobalOrder() {
    // a = np.arange(6.).reshape(1, 3, 2) with axis 1 held in the local order 1, 0, 2; a[0] == [[0, 1], [2, 3], [4, 5]]
    Distribution d = Distribution.of(Shape.of(1, 3, 2),
        List.of(AxisMap.none(), AxisMap.unstructured(new long[][] {{1, 0, 2}}), AxisMap.none()),
        new int[] {1, 1, 1}, new int[] {0});
    NdArray a = NdArray.of(new double[] {0, 1, 2, 3, 4, 5}, 1, 3, 2);
    SlicePlan plan = SlicePlan.of(d, BasicIndex.parse("0", a.dims()));

    for (int engines = 1; engines <= 4; engines++) {
      Distribution target = Distribution.of(plan.resultShape(), "b", engines);
      for (Route route : Route.values()) {
        NdArray copied = SimulatedEngines.copy(a, plan, target, route, 1);

        assertArrayEquals(new long[] {3, 2}, copied.dims());
        assertArrayEquals(new double[] {0, 1, 2, 3, 4, 5}, copied.toDoubleArray(), route + " over " + target);
      }
    }
  }

  @Test
  void reversedUnstructuredAxisAfterAnIntegerIndexCopiesEveryElementToItsPlace() {
    // the same array with axis 2 split as [1] on rank 0 and [0] on rank 1: a[0, :, ::-1] == [[1, 0], [3, 2], [5, 4]]
    Distribution d = Distribution.of(Shape.of(1, 3, 2), List.of(AxisMap.none(),
            AxisMap.unstructured(new long[][] {{1, 0, 2}}), AxisMap.unstructured(new long[][] {{1}, {0}})),
        new int[] {1, 1, 2}, new int[] {1, 0});
    NdArray a = NdArray.of(new double[] {0, 1, 2, 3, 4, 5}, 1, 3, 2);
    SlicePlan plan = SlicePlan.of(d, BasicIndex.parse("0, :, ::-1", a.dims()));

    for (int engines = 1; engines <= 4; engines++) {
      Distribution target = Distribution.of(plan.resultShape(), "b", engines);
      for (Route route : Route.values()) {
        NdArray copied = SimulatedEngines.copy(a, plan, target, route, 1);

        assertArrayEquals(new double[] {1, 0, 3, 2, 5, 4}, copied.toDoubleArray(), route + " over " + target);
      }
    }
  }

  @Test
  void sliceDroppingAnAxisAddressesTheTargetBlockByFlatPositions() {
    Distribution d = Distribution.of(Shape.of(2, 3, 4), "nbn", 1);
    SlicePlan plan = SlicePlan.of(d, BasicIndex.parse("1, :, 1:3", new long[] {2, 3, 4}));
    Distribution target = Distribution.of(Shape.of(3, 2), "b", 2); // rows 0, 1 and row 2

    TransferPlan copy = TransferPlan.fromSlice(plan, target);

    Transfer t = copy.transfersTo(0).get(0);
    assertEquals(3, copy.sourceLocal(t).ndim());
    assertEquals(Piece.of(IndexRuns.of(0, 1, 4)), copy.targetLocal(t)); // the (2, 2) block's positions 0..3
    Transfer last = copy.transfersTo(1).get(0);
    assertEquals(Piece.of(IndexRuns.of(0, 1, 2)), copy.targetLocal(last));
  }
}
