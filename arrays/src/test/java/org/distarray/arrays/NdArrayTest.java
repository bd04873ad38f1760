package org.distarray.arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Views, indexing, reshape and casts; expected values are NumPy's for the same expressions (quoted). */
class NdArrayTest {
  private static NdArray cube() {
    return NdArray.arange(24).reshape(2, 3, 4); // np.arange(24).reshape(2, 3, 4)
  }

  @Test
  void ellipsisWithNegativeStepSelectsEveryOtherFromTheEnd() {
    NdArray v = cube().slice("..., ::-2"); // a[..., ::-2]
    assertArrayEquals(new long[] {2, 3, 2}, v.dims());
    assertArrayEquals(new long[] {3, 1, 7, 5, 11, 9, 15, 13, 19, 17, 23, 21}, v.toLongArray());
  }

  @Test
  void integerIndexDropsItsAxis() {
    NdArray v = cube().slice(" 1 , ::-1, 1:3 "); // a[1, ::-1, 1:3]
    assertArrayEquals(new long[] {3, 2}, v.dims());
    assertArrayEquals(new long[] {21, 22, 17, 18, 13, 14}, v.toLongArray());
    assertArrayEquals(new long[] {16, 17, 18, 19}, cube().slice("-1, 1").toLongArray()); // a[-1, 1]
  }

  @Test
  void outOfRangeSliceBoundsClipLikePython() {
    assertArrayEquals(new long[] {2, 0, 4}, cube().slice(":, 5:1, :").dims()); // a[:, 5:1, :].shape
    assertArrayEquals(new long[] {0, 1, 2, 3}, cube().slice("0, -10:10:3, :").toLongArray());
    assertArrayEquals(new long[] {8, 0}, cube().slice("0, 10:-10:-2, 0").toLongArray());
  }

  @Test
  void ellipsisCanStandInTheMiddleOrAtEitherEnd() {
    assertArrayEquals(new long[] {2, 4}, cube().slice("..., 1, :").dims());
    assertArrayEquals(new long[] {3, 4}, cube().slice("0, ...").dims());
    assertArrayEquals(new long[] {0, 4, 8, 12, 16, 20}, cube().slice("..., 0").toLongArray());
    assertArrayEquals(new long[] {2, 3, 4}, cube().slice("").dims());
  }

  @Test
  void viewsWriteThroughToTheBase() {
    NdArray base = NdArray.zeros(DType.FLOAT64, 3, 4);
    NdArray view = base.slice("1:, ::-2");
    view.set(5.0, 0, 0); // base[1, 3]
    view.fill(1.0);
    assertEquals(1.0, base.getDouble(1, 3));
    assertEquals(1.0, base.getDouble(2, 1));
    assertEquals(0.0, base.getDouble(1, 2));
    assertEquals(4.0, org.distarray.arrays.ops.Reductions.sum(base));
  }

  @Test
  void reshapeOfContiguousArrayIsAViewAndOfStridedOneACopy() {
    NdArray a = NdArray.arange(12);
    NdArray r = a.reshape(3, -1);
    assertArrayEquals(new long[] {3, 4}, r.dims());
    assertSame(a.storage(), r.storage());
    NdArray t = a.reshape(3, 4).slice(":, ::-1").transpose(); // np.arange(12).reshape(3,4)[:, ::-1].T
    assertFalse(t.isContiguous());
    NdArray copy = t.reshape(2, 6);
    assertArrayEquals(new long[] {3, 7, 11, 2, 6, 10, 1, 5, 9, 0, 4, 8}, copy.toLongArray());
  }

  @Test
  void reshapeToAnotherSizeNamesBothShapes() {
    ShapeMismatchException e = assertThrows(ShapeMismatchException.class, () -> NdArray.arange(12).reshape(5, -1));
    assertEquals("cannot reshape array of size 12 into shape (5, -1)", e.getMessage());
  }

  @Test
  void badIndexTextIsRejectedWithTheText() {
    IndexSyntaxException zero = assertThrows(IndexSyntaxException.class, () -> cube().slice("::0"));
    assertTrue(zero.getMessage().contains("'::0'"), zero.getMessage());
    IndexSyntaxException word = assertThrows(IndexSyntaxException.class, () -> cube().slice("1, a"));
    assertTrue(word.getMessage().contains("'a'"), word.getMessage());
    assertThrows(IndexSyntaxException.class, () -> cube().slice("..., 1, ..."));
    IndexOutOfRangeException range = assertThrows(IndexOutOfRangeException.class, () -> cube().slice("0, 3"));
    assertEquals("index 3 is out of bounds for axis 1 with size 3", range.getMessage());
    IndexOutOfRangeException many = assertThrows(IndexOutOfRangeException.class, () -> cube().slice("0,0,0,0"));
    assertTrue(many.getMessage().startsWith("too many indices for array: array is 3-dimensional, but 4"));
  }

  @Test
  void zeroSizeAxesWork() {
    NdArray e = NdArray.zeros(DType.FLOAT32, 0, 3);
    assertEquals(0, e.size());
    assertArrayEquals(new long[] {3, 0}, e.transpose().dims());
    assertArrayEquals(new long[] {0, 5}, e.reshape(0, 5).dims());
    assertEquals(0, e.toDoubleArray().length);
    assertArrayEquals(new long[] {0, 3}, e.slice("::-1").dims());
  }

  @Test
  void astypeTruncatesFloatsTowardZeroAndBoolIsNonZero() {
    NdArray f = NdArray.of(new double[] {1.7, -1.7, 0.0, Double.NaN});
    assertArrayEquals(new long[] {1, -1, 0, 0}, f.astype(DType.INT64).toLongArray());
    assertArrayEquals(new boolean[] {true, true, false, true}, f.astype(DType.BOOL).toBooleanArray());
    assertArrayEquals(new int[] {1, -1, 0, 0}, f.astype(DType.INT32).toIntArray());
    NdArray big = NdArray.of(new long[] {4294967297L}); // np.int64(2**32 + 1).astype(np.int32) == 1
    assertArrayEquals(new int[] {1}, big.astype(DType.INT32).toIntArray());
  }

  @Test
  void broadcastToUsesStrideZeroAndRejectsIncompatibleShapes() {
    NdArray row = NdArray.of(new double[] {1, 2, 3});
    NdArray b = row.broadcastTo(Shape.of(2, 3));
    assertArrayEquals(new long[] {0, 1}, b.strides());
    assertArrayEquals(new double[] {1, 2, 3, 1, 2, 3}, b.toDoubleArray());
    ShapeMismatchException e = assertThrows(ShapeMismatchException.class,
        () -> NdArray.broadcastShapes(Shape.of(3, 4), Shape.of(5)));
    assertEquals("cannot broadcast shapes (3, 4) and (5,)", e.getMessage());
    assertEquals(Shape.of(6, 4, 3), NdArray.broadcastShapes(Shape.of(6, 4, 3), Shape.of(4, 1)));
  }

  @Test
  void elementAccessChecksIndicesAndAcceptsNegativeOnes() {
    NdArray a = NdArray.arange(12).reshape(3, 4);
    assertEquals(11, a.getLong(-1, -1));
    a.setLong(1L << 60, 0, 1);
    assertEquals(1L << 60, a.getLong(0, 1));
    assertThrows(IndexOutOfRangeException.class, () -> a.getDouble(3, 0));
    assertThrows(IndexOutOfRangeException.class, () -> a.getDouble(1));
  }

  @Test
  void ofRejectsAShapeThatDoesNotMatchTheData() {
    ShapeMismatchException e = assertThrows(ShapeMismatchException.class, () -> NdArray.of(new double[5], 2, 3));
    assertEquals("cannot reshape array of size 5 into shape (2, 3)", e.getMessage());
  }

  @Test
  void toStringPrintsLikeNumpy() {
    assertEquals("array([[0, 1], [2, 3]], dtype=int64)", NdArray.arange(4).reshape(2, 2).toString());
    assertEquals("array([True, False], dtype=bool)", NdArray.of(new boolean[] {true, false}).toString());
  }

  @Test
  void assigningOverlappingRowsOfOneArrayReadsTheSourceFirst() {
    NdArray x = NdArray.arange(16).astype(DType.FLOAT64).reshape(4, 4);

    x.slice("1:, :3").copyFrom(x.slice(":-1, :3")); // x[1:, :3] = x[:-1, :3]

    assertArrayEquals(new double[] {0, 1, 2, 3, 0, 1, 2, 7, 4, 5, 6, 11, 8, 9, 10, 15}, x.toDoubleArray());
  }

  @Test
  void assigningAnArrayToItsOwnReversalReversesIt() {
    NdArray x = NdArray.arange(6).astype(DType.FLOAT64);

    x.slice("::-1").copyFrom(x); // x[::-1] = x

    assertArrayEquals(new double[] {5, 4, 3, 2, 1, 0}, x.toDoubleArray());
  }

  @Test
  void overlappingThreeDimensionalShiftsMatchNumpy() {
    NdArray last = NdArray.arange(12).astype(DType.FLOAT64).reshape(2, 2, 3);
    last.slice(":, :, 1:").copyFrom(last.slice(":, :, :-1")); // x[:, :, 1:] = x[:, :, :-1]
    assertArrayEquals(new double[] {0, 0, 1, 3, 3, 4, 6, 6, 7, 9, 9, 10}, last.toDoubleArray());

    NdArray moved = NdArray.arange(12).astype(DType.FLOAT64).reshape(2, 2, 3);
    NdArray t = moved.transpose(2, 0, 1);
    t.slice(":-1").copyFrom(t.slice("1:")); // t = x.transpose(2, 0, 1); t[:-1] = t[1:]
    assertArrayEquals(new double[] {1, 2, 2, 4, 5, 5, 7, 8, 8, 10, 11, 11}, moved.toDoubleArray());

    NdArray diagonal = NdArray.arange(27).astype(DType.FLOAT64).reshape(3, 3, 3);
    diagonal.slice("1:, 1:, 1:").copyFrom(diagonal.slice(":-1, :-1, :-1")); // x[1:, 1:, 1:] = x[:-1, :-1, :-1]
    assertArrayEquals(new double[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 0, 1, 15, 3, 4, 18, 19, 20, 21, 9, 10,
        24, 12, 13}, diagonal.toDoubleArray());

    NdArray flipped = NdArray.arange(27).astype(DType.FLOAT64).reshape(3, 3, 3);
    flipped.slice(":-1, ::-1, 1:").copyFrom(flipped.slice("1:, ::-1, :-1")); // x[:-1, ::-1, 1:] = x[1:, ::-1, :-1]
    assertArrayEquals(new double[] {0, 9, 10, 3, 12, 13, 6, 15, 16, 9, 18, 19, 12, 21, 22, 15, 24, 25, 18, 19, 20, 21,
        22, 23, 24, 25, 26}, flipped.toDoubleArray());
  }

  @Test
  void assigningTheTransposeOfAnArrayToItselfTransposesIt() {
    NdArray x = NdArray.arange(9).astype(DType.FLOAT64).reshape(3, 3);

    x.copyFrom(x.transpose()); // x[:, :] = x.T

    assertArrayEquals(new double[] {0, 3, 6, 1, 4, 7, 2, 5, 8}, x.toDoubleArray());
  }

  @Test
  void overlappingBroadcastSourceIsReadBeforeItIsOverwritten() {
    NdArray x = NdArray.arange(6).astype(DType.FLOAT64);

    x.reshape(2, 3).slice(":, ::-1").copyFrom(x.slice(":3")); // x.reshape(2, 3)[:, ::-1] = x[:3]

    assertArrayEquals(new double[] {2, 1, 0, 2, 1, 0}, x.toDoubleArray());
  }

  @Test
  void disjointViewsOfOneStorageCopyDirectly() {
    NdArray interleaved = NdArray.arange(8).astype(DType.FLOAT64);
    interleaved.slice("::2").copyFrom(interleaved.slice("1::2")); // x[::2] = x[1::2]
    assertArrayEquals(new double[] {1, 1, 3, 3, 5, 5, 7, 7}, interleaved.toDoubleArray());

    NdArray halves = NdArray.arange(6).astype(DType.FLOAT64);
    halves.slice(":3").copyFrom(halves.slice("3:")); // x[:3] = x[3:]
    assertArrayEquals(new double[] {3, 4, 5, 3, 4, 5}, halves.toDoubleArray());
  }

  @Test
  void mayShareMemoryIsFalseOnlyWhenNoElementCanBeShared() {
    NdArray x = NdArray.arange(12);
    NdArray grid = x.reshape(3, 4);

    assertFalse(x.slice("::2").mayShareMemory(x.slice("1::2"))); // np.may_share_memory would say True: bounds only
    assertFalse(x.slice(":6").mayShareMemory(x.slice("6:")));
    assertFalse(x.mayShareMemory(x.copy()));
    assertFalse(x.slice("3:3").mayShareMemory(x));
    assertFalse(grid.slice(":, 0").mayShareMemory(grid.slice(":, 1:3:2"))); // positions 0, 4, 8 and 1, 5, 9
    assertTrue(x.slice("1:").mayShareMemory(x.slice(":-1")));
    assertTrue(grid.slice(":, 1").mayShareMemory(grid.slice("1")));
    assertTrue(x.slice("::3").mayShareMemory(x.slice("::2")));
  }
}
