package org.distarray.arrays.dist;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.distarray.arrays.Shape;
import org.junit.jupiter.api.Test;

class AxisMapTest {

  private static AxisLayout layout(AxisMap map, long n, int p) {
    int[] targets = new int[p];
    for (int i = 0; i < p; i++) {
      targets[i] = i;
    }
    return Distribution.of(Shape.of(n), List.of(map), new int[] {p}, targets).axis(0);
  }

  @Test
  void blockIsBalancedLikeArraySplit() {
    AxisLayout l = layout(AxisMap.block(), 10, 3);

    assertEquals(4, l.localLength(0));
    assertEquals(3, l.localLength(1));
    assertEquals(3, l.localLength(2));
    assertEquals(IndexRuns.range(4, 7), l.owned(1));
  }

  @Test
  void blockCyclicOfSevenInBlocksOfTwoOverTwoIsTrueRoundRobin() {
    AxisLayout l = layout(AxisMap.blockCyclic(2), 7, 2);

    assertEquals(4, l.localLength(0));
    assertEquals(3, l.localLength(1));
    assertArrayEquals(new long[] {0, 1, 4, 5}, l.owned(0).toArray());
    assertArrayEquals(new long[] {2, 3, 6}, l.owned(1).toArray());
    assertEquals(1, l.owner(6));
    assertEquals(2, l.localIndex(6));
    assertEquals(6, l.globalIndex(1, 2));
  }

  @Test
  void cyclicDealsSingleIndices() {
    AxisLayout l = layout(AxisMap.cyclic(), 10, 3);

    assertEquals(IndexRuns.of(1, 3, 3), l.owned(1));
    assertEquals(4, l.localLength(0));
    assertEquals(2, l.owner(8));
    assertEquals(2, l.localIndex(8));
  }

  @Test
  void blockCyclicOfOneIsCyclic() {
    assertEquals(AxisMap.cyclic(), AxisMap.blockCyclic(1));
    assertEquals('c', AxisMap.blockCyclic(3).distType());
  }

  @Test
  void unstructuredKeepsTheGivenLocalOrder() {
    AxisLayout l = layout(AxisMap.unstructured(new long[][] {{4, 0, 2}, {1, 3}}), 5, 2);

    assertEquals(0, l.owner(2));
    assertEquals(2, l.localIndex(2));
    assertEquals(0, l.localIndex(4));
    assertEquals(3, l.globalIndex(1, 1));
    assertArrayEquals(new long[] {0, 2, 4}, l.owned(0).toArray());
  }

  @Test
  void explicitBoundsMayLeaveABlockEmpty() {
    AxisLayout l = layout(AxisMap.blockBounds(0, 0, 3, 5), 5, 3);

    assertEquals(0, l.localLength(0));
    assertEquals(1, l.owner(0));
    assertEquals(2, l.owner(3));
  }

  @Test
  void unstructuredListsRepeatingAnIndexAreRejected() {
    DistributionException e = assertThrows(DistributionException.class,
        () -> layout(AxisMap.unstructured(new long[][] {{0, 1}, {1, 2}}), 3, 2));

    assertTrue(e.getMessage().contains("index 1 is in the lists of processes 0 and 1"), e.getMessage());
  }

  @Test
  void unstructuredListsMissingAnIndexAreRejected() {
    DistributionException e = assertThrows(DistributionException.class,
        () -> layout(AxisMap.unstructured(new long[][] {{0, 1}, {3}}), 4, 2));

    assertTrue(e.getMessage().contains("index 2 is in no process's list"), e.getMessage());
  }

  @Test
  void unstructuredIndicesOutsideTheAxisAreRejected() {
    DistributionException e = assertThrows(DistributionException.class,
        () -> layout(AxisMap.unstructured(new long[][] {{0, 7}, {1}}), 2, 2));

    assertTrue(e.getMessage().contains("index 7") && e.getMessage().contains("length 2"), e.getMessage());
  }

  @Test
  void unstructuredListCountMustMatchTheGrid() {
    DistributionException e = assertThrows(DistributionException.class,
        () -> layout(AxisMap.unstructured(new long[][] {{0, 1, 2}}), 3, 2));

    assertTrue(e.getMessage().contains("1 index lists") && e.getMessage().contains("grid size is 2"), e.getMessage());
  }

  @Test
  void boundsThatDoNotStartAtZeroOrDecreaseAreRejected() {
    DistributionException start = assertThrows(DistributionException.class, () -> AxisMap.blockBounds(1, 4, 10));
    DistributionException down = assertThrows(DistributionException.class, () -> AxisMap.blockBounds(0, 5, 4, 10));

    assertTrue(start.getMessage().contains("[1, 4, 10]"), start.getMessage());
    assertTrue(down.getMessage().contains("[0, 5, 4, 10]"), down.getMessage());
  }

  @Test
  void boundsThatDoNotEndAtTheAxisLengthAreRejected() {
    DistributionException e = assertThrows(DistributionException.class,
        () -> layout(AxisMap.blockBounds(0, 4, 9), 10, 2));

    assertTrue(e.getMessage().contains("end at 9") && e.getMessage().contains("length 10"), e.getMessage());
  }

  @Test
  void boundsWithTheWrongNumberOfBlocksAreRejected() {
    DistributionException e = assertThrows(DistributionException.class,
        () -> layout(AxisMap.blockBounds(0, 4, 10), 10, 3));

    assertTrue(e.getMessage().contains("2 blocks") && e.getMessage().contains("grid size is 3"), e.getMessage());
  }

  @Test
  void blockCyclicWithFewerBlocksThanProcessesIsRejected() {
    DistributionException e = assertThrows(DistributionException.class,
        () -> layout(AxisMap.blockCyclic(4), 7, 3));

    assertTrue(e.getMessage().contains("2 blocks") && e.getMessage().contains("grid size 3"), e.getMessage());
  }

  @Test
  void blockSizeBelowOneIsRejected() {
    DistributionException e = assertThrows(DistributionException.class, () -> AxisMap.blockCyclic(0));

    assertTrue(e.getMessage().contains("got 0"), e.getMessage());
  }

  @Test
  void mapsWithArraysCopyDefensivelyAndCompareByValue() {
    long[] bounds = {0, 2, 5};
    AxisMap m = AxisMap.blockBounds(bounds);
    bounds[1] = 3;
    long[][] lists = {{0}, {1}};
    UnstructuredMap u = (UnstructuredMap) AxisMap.unstructured(lists);
    lists[0][0] = 1;

    assertEquals(AxisMap.blockBounds(0, 2, 5), m);
    assertEquals(AxisMap.blockBounds(0, 2, 5).hashCode(), m.hashCode());
    assertEquals(AxisMap.unstructured(new long[][] {{0}, {1}}), u);
    assertNotSame(u.indicesPerProcess(), u.indicesPerProcess());
    assertEquals("blockBounds[0, 2, 5]", m.toString());
  }
}
