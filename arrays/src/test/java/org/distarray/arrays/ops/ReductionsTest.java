package org.distarray.arrays.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.distarray.arrays.DType;
import org.distarray.arrays.NdArray;
import org.junit.jupiter.api.Test;

/** Edge cases of the reductions beyond the conformance table; expected values as NumPy gives them (quoted). */
class ReductionsTest {
  @Test
  void emptyArraysReduceToTheIdentities() {
    NdArray e = NdArray.zeros(DType.FLOAT64, 0);
    assertEquals(0.0, Reductions.sum(e));
    assertEquals(1.0, Reductions.prod(e));
    assertFalse(Reductions.any(e));
    assertTrue(Reductions.all(e));
    assertTrue(Double.isNaN(Reductions.mean(e)));
    IllegalArgumentException min = assertThrows(IllegalArgumentException.class, () -> Reductions.min(e));
    assertEquals("zero-size array to reduction operation min which has no identity (shape (0,))", min.getMessage());
    assertThrows(IllegalArgumentException.class, () -> Reductions.argmax(e));
    // np.min(np.zeros((0, 3)), axis=1) is an empty (0,) array, not an error
    assertArrayEquals(new long[] {0}, Reductions.min(NdArray.zeros(DType.FLOAT64, 0, 3), 1).dims());
  }

  @Test
  void minMaxPropagateNanAndArgFindsTheFirstNan() {
    NdArray a = NdArray.of(new double[] {3, Double.NaN, -1, Double.NaN});
    assertTrue(Double.isNaN(Reductions.min(a)));
    assertTrue(Double.isNaN(Reductions.max(a)));
    assertEquals(1, Reductions.argmin(a));
    assertEquals(1, Reductions.argmax(a));
  }

  @Test
  void sumIsPairwiseAccurate() {
    // np.sum(np.full(10**6, 0.1)) == 100000.00000000003 (pairwise); a naive loop gives 100000.00000133288
    NdArray a = NdArray.full(DType.FLOAT64, 0.1, 1_000_000);
    assertEquals(100000.00000000003, Reductions.sum(a));
  }

  @Test
  void sumOfStridedAndReversedViewsMatchesSumOfCopies() {
    Random r = new Random(7);
    double[] data = new double[3000];
    for (int i = 0; i < data.length; i++) {
      data[i] = r.nextGaussian();
    }
    NdArray view = NdArray.of(data).reshape(30, 100).slice("::-3, 1::2");
    assertEquals(Reductions.sum(view.copy()), Reductions.sum(view), 1e-12);
    assertArrayEquals(Reductions.sum(view.copy(), 0).toDoubleArray(), Reductions.sum(view, 0).toDoubleArray(), 1e-12);
  }

  @Test
  void varianceIsStableForLargeOffsets() {
    // np.var([1e9 + 1, 1e9 + 2, 1e9 + 3]) == 0.6666666666666666
    assertEquals(0.6666666666666666, Reductions.var(NdArray.of(new double[] {1e9 + 1, 1e9 + 2, 1e9 + 3})), 1e-9);
    assertEquals(2.0, Reductions.std(NdArray.of(new double[] {2, 4, 4, 4, 5, 5, 7, 9})));
  }

  @Test
  void keepdimsKeepsReducedAxesAsOne() {
    NdArray a = NdArray.arange(24).reshape(2, 3, 4);
    NdArray s = Reductions.reduce(ReduceOp.SUM, a, new int[] {0, -1}, true);
    assertArrayEquals(new long[] {1, 3, 1}, s.dims());
    assertArrayEquals(new long[] {60, 92, 124}, s.toLongArray()); // np.sum(a, axis=(0, -1), keepdims=True)
  }

  @Test
  void repeatedOrOutOfRangeAxesAreRejected() {
    NdArray a = NdArray.arange(6).reshape(2, 3);
    IllegalArgumentException dup = assertThrows(IllegalArgumentException.class, () -> Reductions.sum(a, 1, -1));
    assertEquals("duplicate value in 'axis': [1, -1]", dup.getMessage());
    IllegalArgumentException range = assertThrows(IllegalArgumentException.class, () -> Reductions.sum(a, 2));
    assertEquals("axis 2 is out of bounds for array of dimension 2", range.getMessage());
  }

  @Test
  void boolSumCountsTrueValues() {
    NdArray b = NdArray.of(new boolean[] {true, false, true, true});
    assertEquals(3.0, Reductions.sum(b));
    assertEquals(DType.INT64, Reductions.sum(b.reshape(2, 2), 0).dtype());
  }
}
