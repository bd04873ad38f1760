package org.distarray.conformance;

import org.distarray.arrays.DType;
import org.distarray.arrays.NdArray;
import org.distarray.runtime.Boundary;

/**
 * NumPy's {@code np.pad(x, width, mode)} for float64 arrays with width at most every axis length: element p of the
 * result along each axis comes from index {@code p - width} of x, which {@code constant} replaces by 0 when it is
 * outside x (on any axis), {@code wrap} takes modulo the length and {@code edge} clamps to the ends. (NumPy pads axis
 * by axis; for these three modes that is the same as mapping each axis on its own.)
 */
final class Padding {
  private Padding() {}

  static NdArray pad(NdArray x, int width, Boundary mode) {
    long[] n = x.dims();
    int nd = n.length;
    long[] p = new long[nd];
    long size = 1;
    for (int k = 0; k < nd; k++) {
      p[k] = n[k] + 2L * width;
      size *= p[k];
    }
    NdArray out = NdArray.zeros(DType.FLOAT64, p);
    long[] at = new long[nd];
    long[] from = new long[nd];
    for (long flat = 0; flat < size; flat++) {
      long rest = flat;
      for (int k = nd - 1; k >= 0; k--) {
        at[k] = rest % p[k];
        rest /= p[k];
      }
      boolean outside = false;
      for (int k = 0; k < nd; k++) {
        long s = at[k] - width;
        outside |= s < 0 || s >= n[k];
        from[k] = switch (mode) {
          case ZERO -> s;
          case PERIODIC -> Math.floorMod(s, n[k]);
          case EDGE -> Math.min(Math.max(s, 0), n[k] - 1);
        };
      }
      if (!(mode == Boundary.ZERO && outside)) {
        out.set(x.getDouble(from), at);
      }
    }
    return out;
  }
}
