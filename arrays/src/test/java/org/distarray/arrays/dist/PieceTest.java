package org.distarray.arrays.dist;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class PieceTest {
  @Test
  void wholeRowsOfABlockAreOneRunOfFlatPositions() {
    Piece rows = Piece.of(IndexRuns.of(1, 1, 2), IndexRuns.of(0, 1, 4));

    assertEquals(IndexRuns.of(4, 1, 8), rows.flatPositions(new long[] {3, 4}, 0)); // np.arange(12).reshape(3, 4)[1:3]
  }

  @Test
  void flatPositionsFollowThePieceOrderAcrossRuns() {
    Piece p = Piece.of(IndexRuns.ofIndices(2, 0), IndexRuns.ofIndices(3, 1, 2)); // rows 2, 0; columns 3, 1, 2

    // np.arange(12).reshape(3, 4)[[2, 0]][:, [3, 1, 2]].ravel() minus 1
    assertArrayEquals(new long[] {10, 8, 9, 2, 0, 1}, p.flatPositions(new long[] {3, 4}, 1).toArray());
  }

  @Test
  void aPieceOfNoAxesIsTheOnlyPositionOfAZeroDimensionalBlock() {
    assertArrayEquals(new long[] {0}, Piece.of().flatPositions(new long[0], 0).toArray());
  }

  @Test
  void flatPositionsOfAnEmptyPieceAreEmpty() {
    Piece p = Piece.of(IndexRuns.empty(), IndexRuns.of(0, 1, 2));

    assertTrue(p.flatPositions(new long[] {0, 2}, 0).isEmpty());
  }

  @Test
  void flatPositionsNeedOneLengthPerAxis() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Piece.of(IndexRuns.of(0, 1, 2)).flatPositions(new long[] {2, 2}, 0));

    assertTrue(e.getMessage().contains("1 axes") && e.getMessage().contains("(2, 2)"), e.getMessage());
  }
}
