package org.distarray.arrays.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Array;
import org.distarray.arrays.NdArray;
import org.distarray.arrays.Shape;
import org.junit.jupiter.api.Test;

/** Which overlapping copies need no temporary, and in which direction they run. */
class CopyOrderTest {
  private static NdArray grid() {
    return NdArray.arange(16).reshape(4, 4);
  }

  @Test
  void shiftTowardsHigherPositionsRunsBackwards() {
    NdArray x = grid();

    NdArray[] ordered = CopyOrder.safeOrder(x.slice(":-1, :3"), x.slice("1:, :3")); // x[1:, :3] = x[:-1, :3]

    assertArrayEquals(new long[] {-4, -1}, ordered[1].strides());
    assertEquals(14, ordered[1].offset()); // the copy starts at x[3, 2]
    assertEquals(10, ordered[0].offset()); // from x[2, 2]
  }

  @Test
  void shiftTowardsLowerPositionsRunsForwardsInStorageOrder() {
    NdArray x = grid();

    NdArray[] ordered = CopyOrder.safeOrder(x.slice("::-1, 1:"), x.slice("::-1, :-1")); // x[::-1, :-1] = x[::-1, 1:]

    assertArrayEquals(new long[] {4, 1}, ordered[1].strides());
    assertEquals(0, ordered[1].offset());
    assertEquals(1, ordered[0].offset());
  }

  @Test
  void transposedShiftIsOrderedByStrideFirst() {
    NdArray t = grid().transpose();

    NdArray[] ordered = CopyOrder.safeOrder(t.slice("1:"), t.slice(":-1")); // t = x.T; t[:-1] = t[1:]

    assertArrayEquals(new long[] {4, 1}, ordered[1].strides());
  }

  @Test
  void reversalTranspositionAndBroadcastHaveNoSafeOrder() {
    NdArray x = grid();

    assertNull(CopyOrder.safeOrder(x, x.slice("::-1"))); // x[::-1] = x
    assertNull(CopyOrder.safeOrder(x, x.transpose())); // x.T[...] = x
    assertNull(CopyOrder.safeOrder(x.slice("1").broadcastTo(Shape.of(4, 4)), x)); // x[...] = x[1]
    assertNull(CopyOrder.safeOrder(x.slice("::2"), x.slice(":2"))); // x[:2] = x[::2]: strides (8, 1) and (4, 1)
  }

  @Test
  void detachedCopiesOnlyTheElementsBehindABroadcast() {
    NdArray row = NdArray.arange(3);
    NdArray wide = row.broadcastTo(Shape.of(1000, 3));

    NdArray d = CopyOrder.detached(wide);

    assertNotSame(row.storage(), d.storage());
    assertEquals(3, Array.getLength(d.storage()));
    assertArrayEquals(wide.toLongArray(), d.toLongArray());
    assertTrue(d.strides()[0] == 0, "axis 0 stays broadcast");
  }
}
