package org.distarray.arrays.dist;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.distarray.arrays.DType;
import org.distarray.arrays.NdArray;
import org.distarray.arrays.Shape;
import org.junit.jupiter.api.Test;

/** Reshape plans move every element once, to its C-order place in the target row layout. */
class ReshapePlanTest {
  private static void checkMoves(Distribution source, long... newShape) {
    NdArray whole = NdArray.arange(source.shape().size()).reshape(source.shape().dims()).astype(DType.FLOAT64);
    Distribution target = ReshapePlan.rows(Shape.of(newShape), source.targets());
    NdArray[] blocks = new NdArray[target.ranks()];
    for (int t = 0; t < blocks.length; t++) {
      blocks[t] = NdArray.full(DType.FLOAT64, -1, target.localShape(t).dims());
    }
    List<ReshapePlan.Move> moves = ReshapePlan.moves(source, target);
    for (ReshapePlan.Move m : moves) {
      NdArray data = PieceCopy.extract(BlockCopy.fromGlobal(whole, source, m.sourceRank()), m.sourceLocal());
      PieceCopy.insert(blocks[m.targetRank()].reshape(-1), m.targetFlat(), data);
    }
    NdArray result = NdArray.zeros(DType.FLOAT64, newShape);
    for (int t = 0; t < blocks.length; t++) {
      BlockCopy.toGlobal(blocks[t], target, t, result);
    }
    assertArrayEquals(whole.reshape(newShape).toDoubleArray(), result.toDoubleArray(), 0.0, source.toString());
  }

  @Test
  void everyLayoutReachesTheRowLayoutOfTheNewShape() {
    Shape s = Shape.of(7, 5);
    checkMoves(Distribution.of(s, "cc", 4), 5, 7);
    checkMoves(Distribution.of(s, "bc", 4), 35);
    checkMoves(Distribution.of(s, List.of(AxisMap.unstructured(new long[][] {{6, 0, 3}, {5, 1, 2, 4}}),
        AxisMap.blockCyclic(2)), new int[] {2, 2}, new int[] {3, 1, 0, 2}), 1, 35, 1);
    checkMoves(Distribution.of(Shape.of(4, 3, 5), "ncb", 4), 6, 10);
  }

  @Test
  void rowLayoutsAreRecognisedAndOthersAreNot() {
    assertTrue(ReshapePlan.isRowLayout(Distribution.of(Shape.of(7, 5), "bn", 3)));
    assertFalse(ReshapePlan.isRowLayout(Distribution.of(Shape.of(7, 5), "cn", 3)));
    assertFalse(ReshapePlan.isRowLayout(Distribution.of(Shape.of(7, 5), "nb", 3)));
    assertFalse(ReshapePlan.isRowLayout(Distribution.of(Shape.of(7), List.of(
        AxisMap.unstructured(new long[][] {{6, 5, 4, 3, 2, 1, 0}})), new int[] {1}, new int[] {0})));
  }
}
