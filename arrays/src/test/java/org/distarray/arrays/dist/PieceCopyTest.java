package org.distarray.arrays.dist;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.distarray.arrays.NdArray;
import org.distarray.arrays.ShapeMismatchException;
import org.junit.jupiter.api.Test;

class PieceCopyTest {
  private static NdArray grid() {
    return NdArray.arange(48).reshape(6, 8); // np.arange(48).reshape(6, 8)
  }

  @Test
  void extractTakesThePieceInCOrderAndInsertPutsItBack() {
    Piece p = Piece.of(IndexRuns.ofIndices(4, 1), IndexRuns.of(0, 3, 3)); // rows [4, 1], columns [0, 3, 6]
    NdArray data = PieceCopy.extract(grid(), p);
    assertArrayEquals(new long[] {2, 3}, data.dims());
    assertArrayEquals(new long[] {32, 35, 38, 8, 11, 14}, data.toLongArray()); // a[[4, 1]][:, [0, 3, 6]]
    NdArray target = NdArray.zeros(org.distarray.arrays.DType.INT64, 6, 8);
    PieceCopy.insert(target, p, data);
    assertEquals(35, target.getLong(4, 3));
    assertEquals(8, target.getLong(1, 0));
    assertEquals(32 + 35 + 38 + 8 + 11 + 14, org.distarray.arrays.ops.Reductions.sum(target), 0.0);
  }

  @Test
  void viewOfIsTheBlocksOwnElementsForOneRangePerAxisAndNullOtherwise() {
    NdArray block = grid(); // a[i, j] = 8 i + j, shape (6, 8)
    Piece strided = Piece.of(IndexRuns.of(1, 2, 3), IndexRuns.range(2, 5)); // rows 1, 3, 5; columns 2..4
    NdArray v = PieceCopy.viewOf(block, strided);
    assertArrayEquals(new long[] {3, 3}, v.dims());
    assertArrayEquals(PieceCopy.extract(block, strided).toLongArray(), v.toLongArray());
    block.setLong(99, 3, 3);
    assertEquals(99, v.getLong(1, 1), "a view: it sees the block's later writes");
    assertNull(PieceCopy.viewOf(block, Piece.of(IndexRuns.ofIndices(4, 1, 2), IndexRuns.range(0, 8))),
        "rows [4, 1, 2] are two runs");
    assertNull(PieceCopy.viewOf(block, Piece.of(IndexRuns.range(0, 48))), "one axis for a block of two");
    assertNull(PieceCopy.viewOf(block, Piece.of(IndexRuns.range(0, 0), IndexRuns.range(0, 8))), "empty");
  }

  @Test
  void copyPairsPiecesWhoseRunsAreCutDifferently() {
    Piece from = Piece.of(IndexRuns.of(0, 1, 2), new IndexRuns.Builder().addRun(0, 1, 2).addRun(5, 1, 3).build());
    Piece to = Piece.of(IndexRuns.of(5, -1, 2), IndexRuns.of(1, 1, 5));
    NdArray target = NdArray.zeros(org.distarray.arrays.DType.INT64, 6, 8);
    PieceCopy.copy(grid(), from, target, to);
    // row 0 of the source (0, 1, 5, 6, 7) lands in row 5, columns 1..5; row 1 (8, 9, 13, 14, 15) in row 4
    assertArrayEquals(new long[] {0, 0, 1, 5, 6, 7, 0, 0}, target.slice("5").toLongArray());
    assertArrayEquals(new long[] {0, 8, 9, 13, 14, 15, 0, 0}, target.slice("4").toLongArray());
  }

  @Test
  void copyOfOneRunBetweenVectorsFollowsStepsAndTheViewsStrides() {
    NdArray src = NdArray.arange(20).slice("::-2"); // 19, 17, ..., 1: a reversed strided view
    NdArray dst = NdArray.zeros(org.distarray.arrays.DType.INT64, 12);
    // src[1], src[4], src[7] = 17, 11, 5 go to dst[10], dst[8], dst[6]
    PieceCopy.copy(src, Piece.of(IndexRuns.of(1, 3, 3)), dst, Piece.of(IndexRuns.of(10, -2, 3)));
    assertArrayEquals(new long[] {0, 0, 0, 0, 0, 0, 5, 0, 11, 0, 17, 0}, dst.toLongArray());
    PieceCopy.copy(src, Piece.of(IndexRuns.of(9, 1, 1)), dst, Piece.of(IndexRuns.of(0, 1, 1)));
    assertEquals(1, dst.toLongArray()[0], "one element: src[9] = 1");
  }

  @Test
  void rowsCutsThePieceAlongItsFirstAxisAcrossRuns() {
    Piece p = Piece.of(new IndexRuns.Builder().addRun(0, 2, 3).addRun(9, 1, 4).build(), IndexRuns.of(0, 1, 2));
    assertArrayEquals(new long[] {4, 9, 10}, PieceCopy.rows(p, 2, 5).axis(0).toArray());
    assertArrayEquals(new long[] {0, 1}, PieceCopy.rows(p, 2, 5).axis(1).toArray());
    assertEquals(0, PieceCopy.rows(p, 3, 3).size());
  }

  @Test
  void mismatchedShapesAreRejectedWithBoth() {
    Piece p = Piece.of(IndexRuns.of(0, 1, 2), IndexRuns.of(0, 1, 2));
    ShapeMismatchException e = assertThrows(ShapeMismatchException.class,
        () -> PieceCopy.insert(NdArray.zeros(org.distarray.arrays.DType.INT64, 6, 8), p, NdArray.arange(3)));
    assertTrue(e.getMessage().contains("(3,)") && e.getMessage().contains("(2, 2)"), e.getMessage());
  }

  @Test
  void copyWithinOneArrayReadsEverySourceRunBeforeWritingAny() {
    NdArray x = NdArray.arange(16).reshape(4, 4);
    Piece from = Piece.of(IndexRuns.ofIndices(1, 0, 2), IndexRuns.of(0, 1, 4)); // two runs: rows 1, 0 and row 2
    Piece to = Piece.of(IndexRuns.ofIndices(2, 1, 3), IndexRuns.of(0, 1, 4));

    PieceCopy.copy(x, from, x, to); // x[[2, 1, 3]] = x[[1, 0, 2]]

    assertArrayEquals(new long[] {0, 1, 2, 3, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11}, x.toLongArray());
  }

  @Test
  void insertOfAViewOfTheSameBlockReadsTheViewFirst() {
    NdArray x = NdArray.arange(8);
    Piece runs = Piece.of(new IndexRuns.Builder().addRun(1, 1, 3).addRun(7, -1, 2).build()); // 1, 2, 3, 7, 6

    PieceCopy.insert(x, runs, x.slice(":5")); // x[[1, 2, 3, 7, 6]] = x[:5]

    assertArrayEquals(new long[] {0, 0, 1, 2, 4, 5, 4, 3}, x.toLongArray());
  }

  @Test
  void extractIntoAViewOfTheSameBlockReadsThePieceFirst() {
    NdArray x = NdArray.arange(8);
    Piece runs = Piece.of(IndexRuns.ofIndices(7, 5, 2, 3)); // two runs: 7, 5 and 2, 3

    PieceCopy.extractInto(x, runs, x.slice("2:6")); // x[2:6] = x[[7, 5, 2, 3]]

    assertArrayEquals(new long[] {0, 1, 7, 5, 2, 3, 6, 7}, x.toLongArray());
  }

  @Test
  void disjointPiecesOfOneArrayCopyDirectly() {
    NdArray x = NdArray.arange(16).reshape(4, 4);
    Piece from = Piece.of(IndexRuns.of(0, 1, 2), IndexRuns.of(0, 1, 2));
    Piece to = Piece.of(IndexRuns.of(2, 1, 2), IndexRuns.of(3, -1, 2));

    PieceCopy.copy(x, from, x, to); // x[2:, :1:-1] = x[:2, :2]

    assertArrayEquals(new long[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 1, 0, 12, 13, 5, 4}, x.toLongArray());
  }
}
