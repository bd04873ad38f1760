package org.distarray.arrays.ops;

import org.distarray.arrays.DType;
import org.distarray.arrays.NdArray;

/**
 * argmin and argmax over a set of axes: the reduced axes are moved last and flattened, so each result is the
 * C-order flat index within the reduced sub-array (for one axis, NumPy's index along it; for all axes, the flat
 * index). The first occurrence wins; a NaN counts as the extreme, as in NumPy.
 */
final class ArgReduction {
  private ArgReduction() {}

  /** Result in the keepdims shape, INT64. */
  static NdArray reduce(ReduceOp op, NdArray a, boolean[] reduced) {
    int nd = a.ndim();
    long[] dims = a.dims();
    int[] perm = new int[nd];
    int j = 0;
    long inner = 1;
    for (int k = 0; k < nd; k++) {
      if (!reduced[k]) {
        perm[j++] = k;
      }
    }
    long[] kd = dims.clone();
    for (int k = 0; k < nd; k++) {
      if (reduced[k]) {
        perm[j++] = k;
        inner *= dims[k];
        kd[k] = 1;
      }
    }
    NdArray result = NdArray.zeros(DType.INT64, kd);
    long outer = result.size();
    if (outer == 0) {
      return result;
    }
    if (inner == 0) {
      throw new IllegalArgumentException("attempt to get " + op.numpyName() + " of an empty sequence (shape "
          + a.shape() + ")");
    }
    DType work = a.dtype().isFloating() ? DType.FLOAT64 : DType.INT64;
    NdArray moved = a.transpose(perm);
    NdArray rows = moved.isContiguous() && moved.dtype() == work ? moved.reshape(outer, inner)
        : orderedAs(moved, work).reshape(outer, inner);
    long[] out = (long[]) result.storage();
    int base = (int) rows.offset();
    int n = (int) inner;
    boolean min = op == ReduceOp.ARGMIN;
    for (int r = 0; r < outer; r++) {
      int p = base + r * n;
      out[r] = work == DType.FLOAT64
          ? (min ? RowReductions.argmin((double[]) rows.storage(), p, 1, n) : RowReductions.argmax((double[]) rows.storage(), p, 1, n))
          : (min ? RowReductions.argmin((long[]) rows.storage(), p, 1, n) : RowReductions.argmax((long[]) rows.storage(), p, 1, n));
    }
    return result;
  }

  /**
   * a as dtype work, keeping the order of the values: UINT64 bits get their top bit flipped so that signed
   * comparison of the results orders them as unsigned numbers.
   */
  static NdArray orderedAs(NdArray a, DType work) {
    NdArray c = a.astype(work);
    if (a.dtype() == DType.UINT64) {
      long[] v = (long[]) c.storage();
      for (int i = 0; i < v.length; i++) {
        v[i] ^= Long.MIN_VALUE;
      }
    }
    return c;
  }
}
