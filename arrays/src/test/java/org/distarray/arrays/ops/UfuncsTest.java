package org.distarray.arrays.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.distarray.arrays.DType;
import org.distarray.arrays.DTypeException;
import org.distarray.arrays.NdArray;
import org.distarray.arrays.ShapeMismatchException;
import org.junit.jupiter.api.Test;

/** Scalars, out arguments, strided and broadcast operands; expected values as NumPy gives them (quoted). */
class UfuncsTest {
  @Test
  void doubleScalarIsWeakLikeAPythonFloat() {
    NdArray f32 = NdArray.of(new float[] {1, 2});
    assertEquals(DType.FLOAT32, Ufuncs.add(f32, 1.5).dtype()); // (np.float32 array + 1.5).dtype
    assertEquals(DType.FLOAT64, Ufuncs.add(NdArray.of(new int[] {1, 2}), 1.5).dtype());
    assertEquals(DType.FLOAT64, Ufuncs.add(NdArray.of(new boolean[] {true}), 1.5).dtype());
    assertEquals(DType.BOOL, Ufuncs.less(NdArray.arange(3), 1.5).dtype());
    assertArrayEquals(new boolean[] {true, true, false}, Ufuncs.less(NdArray.arange(3), 1.5).toBooleanArray());
    assertArrayEquals(new double[] {10, 9, 8}, Ufuncs.binary(BinaryOp.SUBTRACT, 10.0, NdArray.arange(3)).toDoubleArray());
  }

  @Test
  void integerTrueDivisionGivesFloat64() {
    NdArray q = Ufuncs.divide(NdArray.of(new int[] {7, -7}), NdArray.of(new int[] {2, 2}));
    assertEquals(DType.FLOAT64, q.dtype());
    assertArrayEquals(new double[] {3.5, -3.5}, q.toDoubleArray());
  }

  @Test
  void reversedAndBroadcastOperandsCombineElementByElement() {
    NdArray a = NdArray.arange(12).reshape(3, 4).slice("::-1, ::2"); // [[8, 10], [4, 6], [0, 2]]
    NdArray col = NdArray.of(new double[] {100, 200, 300}).reshape(3, 1);
    NdArray r = Ufuncs.add(a, col);
    assertArrayEquals(new long[] {3, 2}, r.dims());
    assertArrayEquals(new double[] {108, 110, 204, 206, 300, 302}, r.toDoubleArray());
  }

  @Test
  void outArgumentIsWrittenAndReturnedAndMayBeAnInput() {
    NdArray a = NdArray.of(new double[] {1, 2, 3});
    NdArray same = Ufuncs.binary(BinaryOp.MULTIPLY, a, NdArray.of(new double[] {2}), a);
    assertSame(a, same);
    assertArrayEquals(new double[] {2, 4, 6}, a.toDoubleArray());
    NdArray f32 = NdArray.zeros(DType.FLOAT32, 3);
    Ufuncs.unary(UnaryOp.SQRT, NdArray.of(new double[] {4, 9, 16}), f32);
    assertArrayEquals(new float[] {2, 3, 4}, f32.toFloatArray());
  }

  @Test
  void outArgumentOfTheWrongKindOrShapeIsRejected() {
    NdArray a = NdArray.of(new double[] {1, 2, 3});
    DTypeException kind = assertThrows(DTypeException.class,
        () -> Ufuncs.binary(BinaryOp.ADD, a, a, NdArray.zeros(DType.INT64, 3)));
    assertEquals("Cannot cast ufunc 'add' output from float64 to int64 with casting rule 'same_kind'", kind.getMessage());
    ShapeMismatchException shape = assertThrows(ShapeMismatchException.class,
        () -> Ufuncs.binary(BinaryOp.ADD, a, a, NdArray.zeros(DType.FLOAT64, 4)));
    assertEquals("non-broadcastable output operand with shape (4,) doesn't match the broadcast shape (3,) of add",
        shape.getMessage());
  }

  @Test
  void mismatchedShapesNameBothShapes() {
    ShapeMismatchException e = assertThrows(ShapeMismatchException.class,
        () -> Ufuncs.add(NdArray.zeros(DType.FLOAT64, 3, 4), NdArray.zeros(DType.FLOAT64, 5)));
    assertEquals("cannot broadcast shapes (3, 4) and (5,)", e.getMessage());
  }

  @Test
  void integerPowerRejectsNegativeExponentsAndZeroDivisionGivesZero() {
    assertThrows(IllegalArgumentException.class,
        () -> Ufuncs.power(NdArray.of(new long[] {2}), NdArray.of(new long[] {-1})));
    // np.floor_divide([7, -7], 0) == [0, 0]; np.mod([7, -7], 0) == [0, 0]
    assertArrayEquals(new long[] {0, 0}, Ufuncs.floorDivide(NdArray.of(new long[] {7, -7}), NdArray.of(new long[] {0})).toLongArray());
    assertArrayEquals(new long[] {0, 0}, Ufuncs.mod(NdArray.of(new long[] {7, -7}), NdArray.of(new long[] {0})).toLongArray());
  }

  @Test
  void multiplyAddRoundsLikeSeparateMultiplyAndAdd() {
    // 0.1 * 3 + -0.3 is 5.551115123125783e-17 in NumPy (two roundings); an FMA would give 1.6653345369377348e-17
    NdArray a = NdArray.of(new double[] {0.1, 2, -1.5});
    NdArray b = NdArray.of(new double[] {3, 4, 2});
    NdArray c = NdArray.of(new double[] {-0.3, 1, 0.25});
    NdArray out = NdArray.zeros(DType.FLOAT64, 3);
    assertSame(out, Ufuncs.multiplyAdd(a, b, c, out));
    assertArrayEquals(new double[] {5.551115123125783e-17, 9, -2.75}, out.toDoubleArray());
    NdArray ints = Ufuncs.multiplyAdd(NdArray.arange(3), NdArray.of(new int[] {2, 2, 2}), NdArray.scalar(DType.INT64, 1), null);
    assertEquals(DType.INT64, ints.dtype());
    assertArrayEquals(new long[] {1, 3, 5}, ints.toLongArray());
  }

  @Test
  void flatFloat64ShortPathMatchesTheGeneralPath() {
    NdArray a = NdArray.of(new double[] {1, -2, 3.5, Double.NaN, 0});
    NdArray b = NdArray.of(new double[] {2, 2, -0.5, 1, 0});
    for (BinaryOp op : new BinaryOp[] {BinaryOp.ADD, BinaryOp.SUBTRACT, BinaryOp.MULTIPLY, BinaryOp.DIVIDE,
        BinaryOp.POWER, BinaryOp.MOD, BinaryOp.FLOOR_DIVIDE, BinaryOp.MAXIMUM, BinaryOp.MINIMUM, BinaryOp.ARCTAN2,
        BinaryOp.HYPOT}) {
      NdArray viaOut = Ufuncs.binary(op, a, b, NdArray.zeros(DType.FLOAT64, 5));
      NdArray general = Ufuncs.binary(op, a.reshape(5, 1), b.reshape(5, 1)).reshape(5);
      assertArrayEquals(general.toDoubleArray(), viaOut.toDoubleArray(), 0.0, op.numpyName());
    }
    NdArray scalarOut = Ufuncs.binary(BinaryOp.SUBTRACT, NdArray.scalar(DType.FLOAT64, 1), a, NdArray.zeros(DType.FLOAT64, 5));
    assertArrayEquals(new double[] {0, 3, -2.5, Double.NaN, 1}, scalarOut.toDoubleArray(), 0.0);
  }

  @Test
  void zeroSizeOperandsGiveZeroSizeResults() {
    NdArray e = NdArray.zeros(DType.FLOAT64, 0, 3);
    assertArrayEquals(new long[] {0, 3}, Ufuncs.add(e, NdArray.zeros(DType.INT32, 3)).dims());
    assertArrayEquals(new long[] {0, 3}, Ufuncs.exp(e).dims());
  }
}
