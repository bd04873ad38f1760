package org.distarray.arrays;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Locale;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.junit.jupiter.api.Test;

/**
 * asMatrix is EJML's matrix over a 2-D FLOAT64 array's own storage (writes through either show in the other) for
 * C-contiguous arrays that start at storage element 0, and refuses anything else with an IllegalStateException that
 * says why (another dtype, not 2-D, a transpose, a slice with a step, a view that starts later); toMatrix copies
 * any 2-D array of a real dtype, views included, into a matrix of its own. The expected entries are written out
 * (row by row, as NumPy prints the arrays the comments quote).
 */
class AsMatrixTest {
  @Test
  void asMatrixWrapsTheStorageAndWritesShowThroughBothWays() {
    double[] data = {1, 2, 3, 4, 5, 6};
    NdArray a = NdArray.of(data, 2, 3); // np.array([[1., 2., 3.], [4., 5., 6.]])
    DMatrixRMaj m = a.asMatrix();
    assertSame(data, m.data);
    assertEntries(new double[][] {{1, 2, 3}, {4, 5, 6}}, m);

    m.set(1, 2, 7.5); // through the matrix ...
    assertEquals(7.5, a.getDouble(1, 2)); // ... read through the array
    a.set(-1.25, 0, 1); // through the array ...
    assertEquals(-1.25, m.get(0, 1)); // ... read through the matrix
    CommonOps_DDRM.scale(2.0, m); // an EJML routine writes into the array
    assertEquals(-2.5, a.getDouble(0, 1));
    assertEquals(15.0, a.getDouble(1, 2));
    assertEquals(8.0, a.getDouble(1, 0));
    assertEntries(new double[][] {{2, -2.5, 6}, {8, 10, 15}}, a.asMatrix());
  }

  @Test
  void contiguousViewsFromElementZeroShareTooAndEmptyMatricesWork() {
    NdArray base = NdArray.arange(12).astype(DType.FLOAT64);
    NdArray grid = base.reshape(3, 4); // np.arange(12.).reshape(3, 4): a view of base
    DMatrixRMaj m = grid.asMatrix();
    assertSame(base.storage(), m.data);
    assertEntries(new double[][] {{0, 1, 2, 3}, {4, 5, 6, 7}, {8, 9, 10, 11}}, m);
    m.set(2, 3, -1.0);
    assertEquals(-1.0, base.getDouble(11));

    // the first two rows, x[:2]: contiguous from element 0 of the same storage
    DMatrixRMaj rows = grid.slice(":2, :").asMatrix();
    assertSame(base.storage(), rows.data);
    assertEntries(new double[][] {{0, 1, 2, 3}, {4, 5, 6, 7}}, rows);

    // a (4, 1) column transposed is a (1, 4) row whose elements lie one after another
    NdArray row = NdArray.of(new double[] {0.5, 1.5, 2.5, 3.5}, 4, 1).transpose();
    assertEntries(new double[][] {{0.5, 1.5, 2.5, 3.5}}, row.asMatrix());

    assertShape(0, 3, NdArray.zeros(DType.FLOAT64, 0, 3).asMatrix()); // np.zeros((0, 3))
  }

  @Test
  void asMatrixRefusesViewsWithGapsOrALaterStartSayingWhy() {
    NdArray a = NdArray.arange(12).astype(DType.FLOAT64).reshape(3, 4);
    // a.T: strides (1, 4)
    assertRefused(a.transpose(), "contiguous");
    // a[:, ::2] and a[::2]: gaps between the elements or the rows
    assertRefused(a.slice(":, ::2"), "contiguous");
    assertRefused(a.slice("::2, :"), "contiguous");
    // a[::-1]: rows in reverse order
    assertRefused(a.slice("::-1, :"), "contiguous");
    // a[1:]: contiguous, but from storage element 4
    IllegalStateException later = assertThrows(IllegalStateException.class, () -> a.slice("1:, :").asMatrix());
    assertMentions(later, "element", "offset");
    assertEntries(new double[][] {{0, 1, 2, 3}, {4, 5, 6, 7}, {8, 9, 10, 11}}, a.asMatrix());
  }

  @Test
  void asMatrixRefusesOtherDtypesAndDimensionsSayingWhy() {
    assertRefused(NdArray.of(new float[] {1, 2, 3, 4, 5, 6}, 2, 3), "float32");
    assertRefused(NdArray.arange(6).reshape(2, 3), "int64");
    IllegalStateException vector = assertThrows(IllegalStateException.class,
        () -> NdArray.of(new double[] {1, 2, 3, 4, 5, 6}).asMatrix());
    assertMentions(vector, "2-d", "(6,)");
    IllegalStateException cube = assertThrows(IllegalStateException.class,
        () -> NdArray.arange(24).astype(DType.FLOAT64).reshape(2, 3, 4).asMatrix());
    assertMentions(cube, "2-d", "(2, 3, 4)");
  }

  @Test
  void toMatrixCopiesAFloat64ArrayIntoAMatrixOfItsOwn() {
    double[] data = {1, 2, 3, 4, 5, 6};
    NdArray a = NdArray.of(data, 2, 3);
    DMatrixRMaj m = a.toMatrix();
    assertNotSame(data, m.data);
    assertEntries(new double[][] {{1, 2, 3}, {4, 5, 6}}, m);
    m.set(0, 0, 99.0);
    assertEquals(1.0, a.getDouble(0, 0));
    a.set(-7.0, 1, 1);
    assertEquals(5.0, m.get(1, 1));
    assertShape(0, 4, NdArray.zeros(DType.FLOAT64, 0, 4).toMatrix()); // np.zeros((0, 4))
  }

  @Test
  void toMatrixCopiesViewsInTheirOwnOrder() {
    NdArray a = NdArray.arange(12).astype(DType.FLOAT64).reshape(3, 4);
    // a.T
    assertEntries(new double[][] {{0, 4, 8}, {1, 5, 9}, {2, 6, 10}, {3, 7, 11}}, a.transpose().toMatrix());
    // a[::-1, 1::2]
    assertEntries(new double[][] {{9, 11}, {5, 7}, {1, 3}}, a.slice("::-1, 1::2").toMatrix());
    // a[1:]
    assertEntries(new double[][] {{4, 5, 6, 7}, {8, 9, 10, 11}}, a.slice("1:, :").toMatrix());
  }

  @Test
  void toMatrixConvertsEveryRealDtypeToFloat64() {
    // np.array([[0.5, -1.25], [3e7, 0.1]], dtype=np.float32): 0.1 as the float32 nearest to it
    assertEntries(new double[][] {{0.5, -1.25}, {3e7, (double) 0.1f}},
        NdArray.of(new float[] {0.5f, -1.25f, 3e7f, 0.1f}, 2, 2).toMatrix());
    assertEntries(new double[][] {{-3, 0, 2147483647}},
        NdArray.of(new int[] {-3, 0, Integer.MAX_VALUE}, 1, 3).toMatrix());
    // int64 up to 2^53 is exact in float64
    assertEntries(new double[][] {{9007199254740992.0}, {-1099511627777.0}},
        NdArray.of(new long[] {1L << 53, -(1L << 40) - 1}, 2, 1).toMatrix());
    assertEntries(new double[][] {{1, 0}, {0, 1}},
        NdArray.of(new boolean[] {true, false, false, true}, 2, 2).toMatrix());
    // uint8 200 and 255 (the bytes -56 and -1), int8 -5
    assertEntries(new double[][] {{200, 255, 7}},
        NdArray.of(new byte[] {(byte) 200, (byte) 255, 7}, true, 1, 3).toMatrix());
    assertEntries(new double[][] {{-5}, {127}}, NdArray.of(new byte[] {-5, 127}, false, 2, 1).toMatrix());
    assertEntries(new double[][] {{65535, 1}}, NdArray.of(new short[] {-1, 1}, true, 1, 2).toMatrix());
    // a strided int32 view: np.arange(12, dtype=np.int32).reshape(3, 4)[:, ::3]
    NdArray ints = NdArray.arange(12).astype(DType.INT32).reshape(3, 4).slice(":, ::3");
    assertEntries(new double[][] {{0, 3}, {4, 7}, {8, 11}}, ints.toMatrix());
  }

  @Test
  void toMatrixRefusesArraysThatAreNot2d() {
    assertThrows(IllegalStateException.class, () -> NdArray.arange(6).toMatrix());
    assertThrows(IllegalStateException.class, () -> NdArray.arange(24).reshape(2, 3, 4).toMatrix());
  }

  /** The matrix has the rows of expected (at least one, all of one length). */
  private static void assertEntries(double[][] expected, DMatrixRMaj m) {
    assertShape(expected.length, expected[0].length, m);
    for (int i = 0; i < expected.length; i++) {
      for (int j = 0; j < expected[i].length; j++) {
        assertEquals(expected[i][j], m.get(i, j), "entry (" + i + ", " + j + ")");
      }
    }
  }

  private static void assertShape(int rows, int cols, DMatrixRMaj m) {
    assertEquals(rows, m.getNumRows(), "rows");
    assertEquals(cols, m.getNumCols(), "columns");
  }

  private static void assertRefused(NdArray a, String reason) {
    IllegalStateException e = assertThrows(IllegalStateException.class, a::asMatrix,
        () -> "asMatrix of shape " + a.shape() + " strides " + java.util.Arrays.toString(a.strides()));
    assertMentions(e, reason);
  }

  /** The message names one of the words, in any case. */
  private static void assertMentions(RuntimeException e, String... words) {
    String message = String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT);
    boolean found = false;
    for (String w : words) {
      found |= message.contains(w.toLowerCase(Locale.ROOT));
    }
    assertTrue(found, () -> "the message should say why, naming one of " + java.util.Arrays.toString(words) + ": "
        + e.getMessage());
  }
}
