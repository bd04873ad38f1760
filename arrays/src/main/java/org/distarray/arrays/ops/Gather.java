package org.distarray.arrays.ops;

import org.distarray.arrays.NdArray;

/**
 * Reads and writes elements of a local array by flat C-order position: the local halves of NumPy's {@code take}
 * and {@code put}. One typed loop per call, no per-element objects.
 */
public final class Gather {
  private Gather() {}

  /**
   * {@code out[k] = src.flat[positions[k]]} for k below count.
   *
   * @param src Not modified.
   * @param positions Not modified; flat C-order positions in src, each in range.
   * @param out Modified; 1-D, src's dtype, at least count elements, written from index outFrom.
   */
  public static void take(NdArray src, long[] positions, int count, NdArray out, int outFrom) {
    take(src, positions, 0, count, out, outFrom);
  }

  /**
   * {@code out[outFrom + k] = src.flat[positions[from + k]]} for k below count.
   *
   * @param src Not modified.
   * @param positions Not modified; flat C-order positions in src, each in range, read from index from.
   * @param out Modified; 1-D, src's dtype, at least outFrom + count elements.
   */
  public static void take(NdArray src, long[] positions, int from, int count, NdArray out, int outFrom) {
    if (out.stride(0) != 1 && count > 0) { // the loops below write with unit stride, which measures faster
      NdArray unit = NdArray.zeros(out.dtype(), count);
      take(src, positions, from, count, unit, 0);
      out.slice(outFrom + ":" + (outFrom + count)).copyFrom(unit);
      return;
    }
    NdArray s = src.isContiguous() ? src : src.copy();
    int so = (int) s.offset();
    int oo = (int) out.offset() + outFrom;
    Object a = s.storage();
    Object b = out.storage();
    switch (src.dtype()) {
      case FLOAT64 -> takeDoubles((double[]) a, so, positions, from, count, (double[]) b, oo);
      case FLOAT32 -> { float[] x = (float[]) a; float[] y = (float[]) b; for (int k = 0; k < count; k++) y[oo + k] = x[so + (int) positions[from + k]]; }
      case INT64, UINT64 -> { long[] x = (long[]) a; long[] y = (long[]) b; for (int k = 0; k < count; k++) y[oo + k] = x[so + (int) positions[from + k]]; }
      case INT32, UINT32 -> { int[] x = (int[]) a; int[] y = (int[]) b; for (int k = 0; k < count; k++) y[oo + k] = x[so + (int) positions[from + k]]; }
      case INT16, UINT16 -> { short[] x = (short[]) a; short[] y = (short[]) b; for (int k = 0; k < count; k++) y[oo + k] = x[so + (int) positions[from + k]]; }
      case INT8, UINT8 -> { byte[] x = (byte[]) a; byte[] y = (byte[]) b; for (int k = 0; k < count; k++) y[oo + k] = x[so + (int) positions[from + k]]; }
      case BOOL -> { boolean[] x = (boolean[]) a; boolean[] y = (boolean[]) b; for (int k = 0; k < count; k++) y[oo + k] = x[so + (int) positions[from + k]]; }
      case COMPLEX128 -> { double[] x = (double[]) a; double[] y = (double[]) b; for (int k = 0; k < count; k++) { int p = 2 * (so + (int) positions[from + k]); int q = 2 * (oo + k); y[q] = x[p]; y[q + 1] = x[p + 1]; } }
      case COMPLEX64 -> { float[] x = (float[]) a; float[] y = (float[]) b; for (int k = 0; k < count; k++) { int p = 2 * (so + (int) positions[from + k]); int q = 2 * (oo + k); y[q] = x[p]; y[q + 1] = x[p + 1]; } }
    }
  }

  /** The float64 loop on its own, so that the JIT compiles it alone (it measures faster than inside the switch). */
  private static void takeDoubles(double[] x, int so, long[] positions, int from, int count, double[] y, int oo) {
    int shift = from - oo; // loop over y's own positions, the positions at a fixed distance: measures faster
    for (int k = oo, end = oo + count; k < end; k++) {
      y[k] = x[so + (int) positions[k + shift]];
    }
  }

  /**
   * {@code dst.flat[positions[k]] = values[valuesFrom + k]} for k below count, in order (a repeated position keeps the last).
   *
   * @param dst Modified; any view (a non-contiguous one is written element by element).
   * @param positions Not modified; flat C-order positions in dst, each in range.
   * @param values Not modified; 1-D, dst's dtype, read from index valuesFrom.
   */
  public static void put(NdArray dst, long[] positions, int count, NdArray values, int valuesFrom) {
    put(dst, positions, 0, count, values, valuesFrom);
  }

  /**
   * {@code dst.flat[positions[from + k]] = values[valuesFrom + k]} for k below count, in order.
   *
   * @param dst Modified; any view.
   * @param positions Not modified; flat C-order positions in dst, each in range, read from index from.
   * @param values Not modified; 1-D, dst's dtype.
   */
  public static void put(NdArray dst, long[] positions, int from, int count, NdArray values, int valuesFrom) {
    if (!dst.isContiguous()) {
      NdArray flat = dst.copy();
      put(flat, positions, from, count, values, valuesFrom);
      dst.copyFrom(flat);
      return;
    }
    int d0 = (int) dst.offset();
    int vo = (int) values.offset() + valuesFrom;
    int st = (int) values.stride(0);
    Object a = values.storage();
    Object b = dst.storage();
    switch (dst.dtype()) {
      case FLOAT64 -> { double[] x = (double[]) a; double[] y = (double[]) b; for (int k = 0; k < count; k++) y[d0 + (int) positions[from + k]] = x[vo + k * st]; }
      case FLOAT32 -> { float[] x = (float[]) a; float[] y = (float[]) b; for (int k = 0; k < count; k++) y[d0 + (int) positions[from + k]] = x[vo + k * st]; }
      case INT64, UINT64 -> { long[] x = (long[]) a; long[] y = (long[]) b; for (int k = 0; k < count; k++) y[d0 + (int) positions[from + k]] = x[vo + k * st]; }
      case INT32, UINT32 -> { int[] x = (int[]) a; int[] y = (int[]) b; for (int k = 0; k < count; k++) y[d0 + (int) positions[from + k]] = x[vo + k * st]; }
      case INT16, UINT16 -> { short[] x = (short[]) a; short[] y = (short[]) b; for (int k = 0; k < count; k++) y[d0 + (int) positions[from + k]] = x[vo + k * st]; }
      case INT8, UINT8 -> { byte[] x = (byte[]) a; byte[] y = (byte[]) b; for (int k = 0; k < count; k++) y[d0 + (int) positions[from + k]] = x[vo + k * st]; }
      case BOOL -> { boolean[] x = (boolean[]) a; boolean[] y = (boolean[]) b; for (int k = 0; k < count; k++) y[d0 + (int) positions[from + k]] = x[vo + k * st]; }
      case COMPLEX128 -> { double[] x = (double[]) a; double[] y = (double[]) b; for (int k = 0; k < count; k++) { int p = 2 * (d0 + (int) positions[from + k]); int q = 2 * (vo + k * st); y[p] = x[q]; y[p + 1] = x[q + 1]; } }
      case COMPLEX64 -> { float[] x = (float[]) a; float[] y = (float[]) b; for (int k = 0; k < count; k++) { int p = 2 * (d0 + (int) positions[from + k]); int q = 2 * (vo + k * st); y[p] = x[q]; y[p + 1] = x[q + 1]; } }
    }
  }
}
