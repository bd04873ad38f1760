package org.distarray.arrays.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Random;
import org.distarray.arrays.DType;
import org.distarray.arrays.NdArray;
import org.distarray.arrays.ShapeMismatchException;
import org.junit.jupiter.api.Test;

/** NumPy's {@code a[mask]} and {@code a[mask] = v} on local arrays, against a plain loop over C order. */
class SelectionTest {

  @Test
  void compressIntoEqualsThePlainLoopForEverySizeAndDensity() {
    Random rnd = new Random(7);
    for (int n : new int[] {0, 1, 3, 4, 5, 1023, 1024, 4096 + 7, 70_001}) {
      for (double density : new double[] {0, 0.1, 0.5, 1}) {
        double[] v = new double[n];
        boolean[] m = new boolean[n];
        int count = 0;
        for (int i = 0; i < n; i++) {
          v[i] = rnd.nextDouble();
          m[i] = rnd.nextDouble() < density;
          count += m[i] ? 1 : 0;
        }
        double[] expected = new double[count]; // NumPy's v[m]: the selected values in order
        for (int i = 0, k = 0; i < n; i++) {
          if (m[i]) {
            expected[k++] = v[i];
          }
        }
        NdArray mask = NdArray.of(m);
        assertEquals(count, Selection.countTrue(mask), n + " elements, density " + density);
        for (DType t : new DType[] {DType.FLOAT64, DType.INT64, DType.FLOAT32, DType.COMPLEX128}) {
          NdArray values = NdArray.of(v).astype(t);
          NdArray out = NdArray.zeros(t, n + 2); // room for every element, as the contract asks
          assertEquals(count, Selection.compressInto(values, mask, out), t + ", " + n + " elements");
          assertArrayEquals(NdArray.of(expected).astype(t).toDoubleArray(), out.slice("0:" + count).toDoubleArray(),
              t + ", " + n + " elements, density " + density);
          NdArray strided = NdArray.zeros(t, 2 * n + 2).slice("::2"); // not contiguous: the general path
          assertEquals(count, Selection.compressInto(values, mask, strided));
          assertArrayEquals(NdArray.of(expected).astype(t).toDoubleArray(),
              strided.slice("0:" + count).toDoubleArray(), t + " strided, " + n + " elements, density " + density);
        }
      }
    }
  }

  @Test
  void viewsAndExpandFollowCOrder() {
    // NumPy: a = np.arange(12.).reshape(3, 4)[:, ::-1]; a[a % 3 == 0] is [3., 0., 6., 9.]
    NdArray a = NdArray.arange(12).astype(DType.FLOAT64).reshape(3, 4).slice(":, ::-1");
    NdArray mask = Ufuncs.equal(Ufuncs.mod(a, 3.0), 0.0);
    assertArrayEquals(new double[] {3, 0, 6, 9}, Selection.compress(a, mask).toDoubleArray());
    NdArray out = NdArray.zeros(DType.FLOAT64, 12);
    assertEquals(4, Selection.compressInto(a, mask, out));
    assertArrayEquals(new double[] {3, 0, 6, 9}, out.slice("0:4").toDoubleArray());
    // the output needs room for every element (the pass writes before it knows whether an element is selected)
    assertThrows(ShapeMismatchException.class, () -> Selection.compressInto(a, mask, NdArray.zeros(DType.FLOAT64, 4)));
    // a[mask] = [-1, -2, -3, -4] writes in C order of the view
    NdArray b = a.copy();
    Selection.expand(NdArray.of(new double[] {-1, -2, -3, -4}), mask, b);
    assertArrayEquals(new double[] {-1, 2, 1, -2, 7, -3, 5, 4, 11, 10, -4, 8}, b.toDoubleArray());
    assertThrows(ShapeMismatchException.class, () -> Selection.expand(NdArray.of(new double[] {1}), mask, b));
    assertThrows(ShapeMismatchException.class, () -> Selection.compress(a, NdArray.zeros(DType.BOOL, 4, 3)));
  }
}
