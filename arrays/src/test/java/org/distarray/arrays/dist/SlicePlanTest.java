package org.distarray.arrays.dist;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.distarray.arrays.AxisRange;
import org.distarray.arrays.IndexOutOfRangeException;
import org.distarray.arrays.Shape;
import org.junit.jupiter.api.Test;

class SlicePlanTest {

  @Test
  void contiguousSliceOfBlocksIsAViewWithExplicitBounds() {
    Distribution d = Distribution.of(Shape.of(10), "b", 3);

    SlicePlan plan = SlicePlan.of(d, List.of(new AxisRange(2, 1, 6, false)));

    Distribution view = plan.resultDistribution().orElseThrow();
    assertEquals(Shape.of(6), plan.resultShape());
    assertEquals(AxisMap.blockBounds(0, 2, 5, 6), view.axisMap(0));
    assertArrayEquals(new int[] {0, 1, 2}, view.targets());
    assertEquals(new AxisRange(2, 1, 2, false), plan.view(0).localRanges().get(0));
    assertEquals(new AxisRange(0, 1, 1, false), plan.view(2).localRanges().get(0));
  }

  @Test
  void sliceMissingSomeBlocksLeavesThoseRanksOutOfTheView() {
    Distribution d = Distribution.of(Shape.of(12), "b", new int[] {4}, new int[] {3, 2, 1, 0});

    SlicePlan plan = SlicePlan.of(d, List.of(new AxisRange(4, 1, 5, false)));

    Distribution view = plan.resultDistribution().orElseThrow();
    assertArrayEquals(new int[] {2}, view.gridShape());
    assertArrayEquals(new int[] {2, 1}, view.targets());
    assertEquals(1, plan.view(0).sourceRank());
  }

  @Test
  void reversedBlocksReverseTheGrid() {
    Distribution d = Distribution.of(Shape.of(9), "b", 3);

    SlicePlan plan = SlicePlan.of(d, List.of(new AxisRange(8, -1, 9, false)));

    Distribution view = plan.resultDistribution().orElseThrow();
    assertArrayEquals(new int[] {2, 1, 0}, view.targets());
    assertEquals(new AxisRange(2, -1, 3, false), plan.view(0).localRanges().get(0));
  }

  @Test
  void everyOtherElementOfACyclicAxisOverFourStaysCyclicOverTwo() {
    Distribution d = Distribution.of(Shape.of(16), "c", 4);

    SlicePlan plan = SlicePlan.of(d, List.of(new AxisRange(1, 2, 8, false)));

    Distribution view = plan.resultDistribution().orElseThrow();
    assertEquals(AxisMap.cyclic(), view.axisMap(0));
    assertArrayEquals(new int[] {1, 3}, view.targets());
    assertEquals(new AxisRange(0, 1, 4, false), plan.view(1).localRanges().get(0));
  }

  @Test
  void integerIndexDropsTheAxisAndKeepsItsOwnersHyperplane() {
    Distribution d = Distribution.of(Shape.of(4, 6), "bb", 4);

    SlicePlan plan = SlicePlan.of(d, List.of(new AxisRange(3, 1, 1, true), AxisRange.all(6)));

    Distribution view = plan.resultDistribution().orElseThrow();
    assertEquals(Shape.of(6), view.shape());
    assertArrayEquals(new int[] {2, 3}, view.targets());
    assertEquals(new AxisRange(1, 1, 1, true), plan.view(0).localRanges().get(0));
    assertEquals(2, plan.pieces().size());
  }

  @Test
  void stepThatIsAMultipleOfTheBlockSizeKeepsRoundRobin() {
    Distribution d = Distribution.of(Shape.of(24), List.of(AxisMap.blockCyclic(2)), new int[] {3}, new int[] {0, 1, 2});

    SlicePlan plan = SlicePlan.of(d, List.of(new AxisRange(1, 4, 6, false)));

    Distribution view = plan.resultDistribution().orElseThrow();
    assertEquals(AxisMap.cyclic(), view.axisMap(0));
    assertArrayEquals(new int[] {0, 2, 1}, view.targets());
    assertEquals(new AxisRange(1, 4, 2, false), plan.view(0).localRanges().get(0));
  }

  @Test
  void stepDividingTheBlockSizeShrinksTheBlocks() {
    Distribution d = Distribution.of(Shape.of(16), List.of(AxisMap.blockCyclic(4)), new int[] {2}, new int[] {0, 1});

    SlicePlan plan = SlicePlan.of(d, List.of(new AxisRange(1, 2, 8, false)));

    Distribution view = plan.resultDistribution().orElseThrow();
    assertEquals(AxisMap.blockCyclic(2), view.axisMap(0));
    assertEquals(new AxisRange(1, 2, 4, false), plan.view(1).localRanges().get(0));
  }

  @Test
  void stepThatBreaksRoundRobinOfBlocksGivesNoView() {
    Distribution d = Distribution.of(Shape.of(12), List.of(AxisMap.blockCyclic(2)), new int[] {2}, new int[] {0, 1});

    SlicePlan plan = SlicePlan.of(d, List.of(new AxisRange(0, 3, 4, false)));

    assertTrue(plan.resultDistribution().isEmpty());
    assertThrows(IllegalStateException.class, () -> plan.view(0));
    assertEquals(2, plan.pieces().size());
    assertArrayEquals(new long[] {0, 9}, plan.pieces().get(0).globalIndices().axis(0).toArray());
    assertArrayEquals(new long[] {0, 3}, plan.pieces().get(0).positions().axis(0).toArray());
  }

  @Test
  void slicesCopiedToANewDistributionReadFromTheRightSourceBlocks() {
    Distribution d = Distribution.of(Shape.of(12), List.of(AxisMap.blockCyclic(2)), new int[] {2}, new int[] {0, 1});
    SlicePlan plan = SlicePlan.of(d, List.of(new AxisRange(11, -3, 4, false)));
    Distribution target = Distribution.of(Shape.of(4), "b", 2);

    TransferPlan copy = TransferPlan.fromSlice(plan, target);

    assertEquals(4, copy.elementCount());
    Transfer t = copy.transfers().get(0);
    assertEquals(0, t.sourceRank());
    assertArrayEquals(new long[] {1}, t.piece().axis(0).toArray());
    assertArrayEquals(new long[] {4}, copy.sourceLocal(t).axis(0).toArray());
  }

  @Test
  void rangesReachingOutsideTheAxisAreRejected() {
    Distribution d = Distribution.of(Shape.of(8), "b", 2);

    IndexOutOfRangeException e = assertThrows(IndexOutOfRangeException.class,
        () -> SlicePlan.of(d, List.of(new AxisRange(2, 3, 3, false))));

    assertTrue(e.getMessage().contains("reaches 8") && e.getMessage().contains("size 8"), e.getMessage());
  }

  @Test
  void wrongNumberOfRangesIsRejected() {
    Distribution d = Distribution.of(Shape.of(8, 2), "b", 2);

    IndexOutOfRangeException e = assertThrows(IndexOutOfRangeException.class,
        () -> SlicePlan.of(d, List.of(AxisRange.all(8))));

    assertTrue(e.getMessage().contains("1 axis ranges") && e.getMessage().contains("(8, 2)"), e.getMessage());
  }
}
