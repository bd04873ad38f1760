package org.distarray.arrays.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.distarray.arrays.DType;
import org.distarray.arrays.NdArray;
import org.distarray.arrays.ShapeMismatchException;
import org.junit.jupiter.api.Test;

/** Whole-array copies, between views of one storage as NumPy assigns them (quoted): the source is read first. */
class CastTest {
  @Test
  void stridedIntegerShiftDoesNotSmearTheFirstElement() {
    NdArray x = NdArray.arange(10);

    Cast.copy(x.slice(":-2:2"), x.slice("2::2")); // x = np.arange(10); x[2::2] = x[:-2:2]

    assertArrayEquals(new long[] {0, 1, 0, 3, 2, 5, 4, 7, 6, 9}, x.toLongArray());
  }

  @Test
  void booleanShiftsLongerThanAChunkMoveEveryElementOnce() {
    int n = 3 * Cast.CHUNK + 7;
    boolean[] start = new boolean[n];
    for (int i = 0; i < n; i++) {
      start[i] = i % 3 == 0;
    }
    NdArray right = NdArray.of(start.clone());
    NdArray left = NdArray.of(start.clone());

    Cast.copy(right.slice(":-1"), right.slice("1:")); // x[1:] = x[:-1]
    Cast.copy(left.slice("1:"), left.slice(":-1")); // x[:-1] = x[1:]

    boolean[] r = right.toBooleanArray();
    boolean[] l = left.toBooleanArray();
    for (int i = 0; i < n; i++) {
      assertTrue(r[i] == start[Math.max(0, i - 1)], "x[1:] = x[:-1] at " + i);
      assertTrue(l[i] == start[Math.min(n - 1, i + 1)], "x[:-1] = x[1:] at " + i);
    }
  }

  @Test
  void everyShiftAlongEveryAxisOfACubeMatchesCopyingTheSourceFirst() {
    long[] dims = {3, 4, 5};
    for (DType dtype : new DType[] {DType.FLOAT64, DType.INT32, DType.BOOL}) {
      for (int axis = 0; axis < dims.length; axis++) {
        for (int shift = -2; shift <= 2; shift++) {
          for (String layout : new String[] {"plain", "reversed", "transposed"}) {
            checkShift(dtype, dims, axis, shift, layout);
          }
        }
      }
    }
  }

  /**
   * x[dst] = x[src] where dst is src moved by shift along axis, against NumPy's y = x.copy(); x[dst] = y[src];
   * with both sides taken through the same reversed or transposed view of x in the other layouts.
   */
  private static void checkShift(DType dtype, long[] dims, int axis, int shift, String layout) {
    NdArray x = NdArray.arange(Math.multiplyExact(dims[0], dims[1] * dims[2])).astype(dtype).reshape(dims);
    NdArray expected = x.copy();
    NdArray before = x.copy();
    NdArray xv = view(x, layout);
    String[] src = {":", ":", ":"};
    String[] dst = {":", ":", ":"};
    long n = xv.dims()[axis];
    src[axis] = Math.max(0, -shift) + ":" + (n - Math.max(0, shift));
    dst[axis] = Math.max(0, shift) + ":" + (n + Math.min(0, shift));
    String srcText = String.join(", ", src);
    String dstText = String.join(", ", dst);
    Cast.copy(view(before, layout).slice(srcText), view(expected, layout).slice(dstText));

    Cast.copy(xv.slice(srcText), xv.slice(dstText));

    assertArrayEquals(expected.toDoubleArray(), x.toDoubleArray(),
        dtype + " " + layout + ": x[" + dstText + "] = x[" + srcText + "]");
  }

  /** The same view of any array of the cube's shape, so that slices of it pair up. */
  private static NdArray view(NdArray a, String layout) {
    return switch (layout) {
      case "reversed" -> a.slice("::-1, :, ::-1");
      case "transposed" -> a.transpose(2, 0, 1);
      default -> a;
    };
  }

  @Test
  void copyBetweenDifferentShapesNamesBoth() {
    ShapeMismatchException e = assertThrows(ShapeMismatchException.class,
        () -> Cast.copy(NdArray.arange(3), NdArray.zeros(DType.INT64, 2, 2)));

    assertTrue(e.getMessage().contains("(3,)") && e.getMessage().contains("(2, 2)"), e.getMessage());
  }
}
