package org.distarray.arrays.dist;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.distarray.arrays.Shape;
import org.distarray.arrays.ShapeMismatchException;
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
  void differentShapesAreRejected() {
    ShapeMismatchException e = assertThrows(ShapeMismatchException.class,
        () -> TransferPlan.between(Distribution.of(Shape.of(4, 5), "b", 2), Distribution.of(Shape.of(5, 4), "b", 2)));

    assertTrue(e.getMessage().contains("(4, 5)") && e.getMessage().contains("(5, 4)"), e.getMessage());
  }
}
