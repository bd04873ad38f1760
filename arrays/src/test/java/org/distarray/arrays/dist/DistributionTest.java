package org.distarray.arrays.dist;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.stream.Stream;
import org.distarray.arrays.IndexOutOfRangeException;
import org.distarray.arrays.Shape;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class DistributionTest {

  static Stream<Arguments> automaticGrids() {
    return Stream.of(
        Arguments.of(Shape.of(20, 20), "bb", 12, new int[] {3, 4}),
        Arguments.of(Shape.of(20, 60), "bb", 12, new int[] {2, 6}),
        Arguments.of(Shape.of(100, 10, 300), "bnc", 12, new int[] {2, 1, 6}),
        Arguments.of(Shape.of(100, 100, 150), "bbb", 12, new int[] {2, 2, 3}),
        Arguments.of(Shape.of(3, 3), "nb", 3, new int[] {1, 3}),
        Arguments.of(Shape.of(60, 20), "bb", 12, new int[] {6, 2}),
        Arguments.of(Shape.of(10, 4), "b", 3, new int[] {3, 1}));
  }

  @ParameterizedTest(name = "{0} ''{1}'' on {2} engines")
  @MethodSource("automaticGrids")
  void automaticGridFollowsTheRatiosOfTheDistributedAxes(Shape shape, String dist, int engines, int[] grid) {
    Distribution d = Distribution.of(shape, dist, engines);

    assertArrayEquals(grid, d.gridShape());
  }

  @Test
  void automaticGridUsesFewerEnginesWhenTheAxesAreTooShort() {
    assertArrayEquals(new int[] {3}, Distribution.of(Shape.of(3), "b", 8).gridShape());
    assertArrayEquals(new int[] {2, 2}, Distribution.of(Shape.of(2, 3), "bb", 5).gridShape());
    assertArrayEquals(new int[] {1, 4}, Distribution.of(Shape.of(0, 10), "bb", 4).gridShape());
    assertEquals(1, Distribution.of(Shape.of(0), "c", 4).ranks());
  }

  @Test
  void automaticTargetsAreTheFirstEngines() {
    Distribution d = Distribution.of(Shape.of(20, 20), "bb", 12);

    assertArrayEquals(new int[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11}, d.targets());
    assertEquals("bb", d.dist());
  }

  @Test
  void missingLettersMeanNotDistributed() {
    Distribution d = Distribution.of(Shape.of(6, 4, 2), "c", 3);

    assertEquals("cnn", d.dist());
    assertArrayEquals(new int[] {3, 1, 1}, d.gridShape());
  }

  @Test
  void blockOfTenOverThreeEnginesGivesFourThreeThree() {
    Distribution d = Distribution.of(Shape.of(10), "b", 3);

    assertEquals(Shape.of(4), d.localShape(0));
    assertEquals(Shape.of(3), d.localShape(1));
    assertEquals(Shape.of(3), d.localShape(2));
    assertEquals(1, d.ownerRank(5));
    assertArrayEquals(new long[] {1}, d.globalToLocal(5));
    assertArrayEquals(new long[] {7}, d.localToGlobal(2, 0));
  }

  @Test
  void ranksAreRowMajorOverGridCoordinates() {
    Distribution d = Distribution.of(Shape.of(4, 6), List.of(AxisMap.block(), AxisMap.cyclic()), new int[] {2, 3},
        new int[] {5, 4, 3, 2, 1, 0});

    assertArrayEquals(new int[] {1, 2}, d.gridCoords(5));
    assertEquals(4, d.rankOf(1, 1));
    assertEquals(4, d.ownerRank(3, 4));
    assertEquals(1, d.target(4));
    assertEquals(4, d.rankOfEngine(1));
    assertEquals(-1, d.rankOfEngine(9));
  }

  @Test
  void rankOfEngineFindsTheRankOfAnEngineForDenseAndSparseIds() {
    Distribution dense = Distribution.of(Shape.of(8), List.of(AxisMap.block()), new int[] {4}, new int[] {3, 0, 5, 2});
    assertEquals(0, dense.rankOfEngine(3));
    assertEquals(2, dense.rankOfEngine(5));
    assertEquals(1, dense.rankOfEngine(0));
    assertEquals(-1, dense.rankOfEngine(1));
    assertEquals(-1, dense.rankOfEngine(-4));
    assertEquals(-1, dense.rankOfEngine(4));
    Distribution sparse = Distribution.of(Shape.of(8), List.of(AxisMap.block()), new int[] {2},
        new int[] {1 << 30, 7});
    assertEquals(0, sparse.rankOfEngine(1 << 30));
    assertEquals(1, sparse.rankOfEngine(7));
    assertEquals(-1, sparse.rankOfEngine(8));
  }

  @Test
  void explicitBalancedBoundsEqualBlock() {
    Distribution bounds = Distribution.of(Shape.of(10), List.of(AxisMap.blockBounds(0, 4, 7, 10)), new int[] {3},
        new int[] {0, 1, 2});

    assertEquals(Distribution.of(Shape.of(10), "b", 3), bounds);
    assertEquals(AxisMap.block(), bounds.axisMap(0));
  }

  @Test
  void distributionsDifferingInTargetsAreNotEqual() {
    Distribution d = Distribution.of(Shape.of(10), "b", 2);

    assertNotEquals(d, d.withTargets(new int[] {1, 0}));
    assertArrayEquals(new int[] {1, 0}, d.withTargets(new int[] {1, 0}).targets());
  }

  @Test
  void toStringNamesShapeDistGridAndTargets() {
    String s = Distribution.of(Shape.of(20, 20), "bc", 4).toString();

    assertTrue(s.contains("(20, 20)") && s.contains("'bc'") && s.contains("(2, 2)") && s.contains("[0, 1, 2, 3]"), s);
  }

  @Test
  void zeroDimensionalArrayHasOneRank() {
    Distribution d = Distribution.of(Shape.of(), "", 4);

    assertEquals(1, d.ranks());
    assertEquals(0, d.ownerRank());
    assertEquals(Shape.of(), d.localShape(0));
  }

  @Test
  void unknownLetterIsRejected() {
    DistributionException e = assertThrows(DistributionException.class,
        () -> Distribution.of(Shape.of(4, 4), "bx", 2));

    assertTrue(e.getMessage().contains("'x'") && e.getMessage().contains("axis 1"), e.getMessage());
  }

  @Test
  void moreLettersThanAxesAreRejected() {
    DistributionException e = assertThrows(DistributionException.class,
        () -> Distribution.of(Shape.of(4, 4), "bbb", 2));

    assertTrue(e.getMessage().contains("'bbb'") && e.getMessage().contains("(4, 4)"), e.getMessage());
  }

  @Test
  void fewerThanOneEngineIsRejected() {
    DistributionException e = assertThrows(DistributionException.class,
        () -> Distribution.of(Shape.of(4), "b", 0));

    assertTrue(e.getMessage().contains("got 0"), e.getMessage());
  }

  @Test
  void gridNeedingMoreEnginesThanAvailableIsRejected() {
    DistributionException e = assertThrows(DistributionException.class,
        () -> Distribution.of(Shape.of(12, 12), "bb", new int[] {3, 4}, 8));

    assertTrue(e.getMessage().contains("(3, 4)") && e.getMessage().contains("12 engines")
        && e.getMessage().contains("only 8"), e.getMessage());
  }

  @Test
  void gridAboveOneOnAnUndistributedAxisIsRejected() {
    DistributionException e = assertThrows(DistributionException.class,
        () -> Distribution.of(Shape.of(4, 4), List.of(AxisMap.block(), AxisMap.none()), new int[] {1, 2},
            new int[] {0, 1}));

    assertTrue(e.getMessage().contains("axis 1") && e.getMessage().contains("grid size is 2"), e.getMessage());
  }

  @Test
  void gridLongerThanItsAxisIsRejected() {
    DistributionException e = assertThrows(DistributionException.class,
        () -> Distribution.of(Shape.of(3), "b", new int[] {4}, 4));

    assertTrue(e.getMessage().contains("grid size 4") && e.getMessage().contains("length 3"), e.getMessage());
  }

  @Test
  void zeroLengthAxisTakesGridSizeOne() {
    DistributionException e = assertThrows(DistributionException.class,
        () -> Distribution.of(Shape.of(0), "b", new int[] {2}, 2));

    assertTrue(e.getMessage().contains("grid size 2") && e.getMessage().contains("length 0"), e.getMessage());
  }

  @Test
  void gridShapeOfTheWrongLengthIsRejected() {
    DistributionException e = assertThrows(DistributionException.class,
        () -> Distribution.of(Shape.of(4, 4), List.of(AxisMap.block(), AxisMap.block()), new int[] {2},
            new int[] {0, 1}));

    assertTrue(e.getMessage().contains("(2,)") && e.getMessage().contains("(4, 4)"), e.getMessage());
  }

  @Test
  void targetsOfTheWrongLengthAreRejected() {
    DistributionException e = assertThrows(DistributionException.class,
        () -> Distribution.of(Shape.of(4, 4), "bb", new int[] {2, 2}, new int[] {0, 1, 2}));

    assertTrue(e.getMessage().contains("3 targets [0, 1, 2]") && e.getMessage().contains("4 ranks"), e.getMessage());
  }

  @Test
  void repeatedOrNegativeTargetsAreRejected() {
    DistributionException twice = assertThrows(DistributionException.class,
        () -> Distribution.of(Shape.of(4), "b", new int[] {2}, new int[] {3, 3}));
    DistributionException negative = assertThrows(DistributionException.class,
        () -> Distribution.of(Shape.of(4), "b", new int[] {2}, new int[] {-1, 3}));

    assertTrue(twice.getMessage().contains("engine id 3 appears twice"), twice.getMessage());
    assertTrue(negative.getMessage().contains("-1"), negative.getMessage());
  }

  @Test
  void indicesOutsideTheShapeAreRejected() {
    Distribution d = Distribution.of(Shape.of(5, 3), "bc", 4);

    IndexOutOfRangeException owner = assertThrows(IndexOutOfRangeException.class, () -> d.ownerRank(5, 0));
    IndexOutOfRangeException local = assertThrows(IndexOutOfRangeException.class, () -> d.globalToLocal(0, -1));
    IndexOutOfRangeException back = assertThrows(IndexOutOfRangeException.class, () -> d.localToGlobal(0, 0, 7));
    IndexOutOfRangeException count = assertThrows(IndexOutOfRangeException.class, () -> d.ownerRank(1));
    IndexOutOfRangeException rank = assertThrows(IndexOutOfRangeException.class, () -> d.localShape(9));

    assertTrue(owner.getMessage().contains("index 5 is out of bounds for axis 0 with size 5"), owner.getMessage());
    assertTrue(local.getMessage().contains("index -1") && local.getMessage().contains("axis 1"), local.getMessage());
    assertTrue(back.getMessage().contains("local index 7"), back.getMessage());
    assertTrue(count.getMessage().contains("1 global indices") && count.getMessage().contains("2 dimensions"),
        count.getMessage());
    assertTrue(rank.getMessage().contains("rank 9"), rank.getMessage());
  }

  @Test
  void ownedIndicesPerAxisAreCompact() {
    Distribution d = Distribution.of(Shape.of(1000, 1000), List.of(AxisMap.block(), AxisMap.cyclic()),
        new int[] {2, 4}, new int[] {0, 1, 2, 3, 4, 5, 6, 7});

    assertEquals(IndexRuns.range(500, 1000), d.ownedIndices(6, 0));
    assertEquals(IndexRuns.of(2, 4, 250), d.ownedIndices(6, 1));
    assertEquals(2, d.axis(1).owner(6));
    assertEquals(1, d.axis(1).localIndex(6));
  }

  @Test
  void compatibleMeansTheSameOwnerForEveryIndex() {
    Distribution b = Distribution.of(Shape.of(10), "b", 2);
    Distribution bounds = Distribution.of(Shape.of(10), List.of(AxisMap.blockBounds(new long[] {0, 5, 10})),
        new int[] {2}, new int[] {0, 1});
    Distribution uneven = Distribution.of(Shape.of(10), List.of(AxisMap.blockBounds(new long[] {0, 4, 10})),
        new int[] {2}, new int[] {0, 1});
    Distribution unstructured = Distribution.of(Shape.of(10),
        List.of(AxisMap.unstructured(new long[][] {{4, 3, 2, 1, 0}, {9, 5, 6, 7, 8}})), new int[] {2}, new int[] {0, 1});
    assertTrue(b.isCompatible(bounds));
    assertTrue(b.isCompatible(unstructured)); // the same owners, another local order
    assertTrue(!b.isCompatible(uneven)); // index 4 is on engine 0 in b, on engine 1 in uneven
    assertTrue(!b.isCompatible(Distribution.of(Shape.of(10), "c", 2)));
    assertTrue(!b.isCompatible(b.withTargets(new int[] {1, 0})));
    assertTrue(!b.isCompatible(Distribution.of(Shape.of(11), "b", 2)));
    // one engine owns everything either way
    Distribution nn = Distribution.of(Shape.of(3, 4), "nn", 1);
    assertTrue(nn.isCompatible(Distribution.of(Shape.of(3, 4), "bc", new int[] {1, 1}, 1)));
    // grids of different shapes over the same engines: (2, 1) 'bn' and (1, 2) 'nb' differ on element (0, 3)
    assertTrue(!Distribution.of(Shape.of(4, 4), "bn", 2).isCompatible(Distribution.of(Shape.of(4, 4), "nb", 2)));
  }

  @Test
  void globalFlatIndicesListEachElementOfTheBlockInLocalOrder() {
    Distribution nc = Distribution.of(Shape.of(2, 4), "nc", 2);
    // rank 0 holds columns 0 and 2 of both rows, rank 1 columns 1 and 3 (NumPy: np.arange(8).reshape(2, 4)[:, 0::2])
    assertArrayEquals(new long[] {0, 2, 4, 6}, nc.globalFlatIndices(0));
    assertArrayEquals(new long[] {1, 3, 5, 7}, nc.globalFlatIndices(1));
    Distribution u = Distribution.of(Shape.of(4), List.of(AxisMap.unstructured(new long[][] {{3, 0}, {2, 1}})),
        new int[] {2}, new int[] {0, 1});
    assertArrayEquals(new long[] {3, 0}, u.globalFlatIndices(0));
    Distribution empty = Distribution.of(Shape.of(0, 3), "bn", 2);
    assertArrayEquals(new long[0], empty.globalFlatIndices(0));
  }
}
