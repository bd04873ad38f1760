package org.distarray.arrays.ops;

import java.util.ArrayList;
import java.util.List;
import org.distarray.arrays.AxisRange;
import org.distarray.arrays.DType;
import org.distarray.arrays.NdArray;
import org.distarray.arrays.Shape;

/**
 * NumPy's {@code cumsum} and {@code cumprod} along one axis of a local array: result dtypes as NumPy's (BOOL and
 * signed integers give INT64, unsigned UINT64, floats and complex keep theirs), integers wrapping, floats
 * accumulated in their own precision and in order (NumPy's sequential scan).
 *
 * <p>Along the innermost axis each row is one plain loop carrying the running value; along another axis each
 * hyperplane is combined with the previous one by one ufunc call over the whole hyperplane.
 */
public final class Scans {
  private Scans() {}

  /** The dtype of cumsum (product false) or cumprod of dtype a. */
  public static DType resultType(boolean product, DType a) {
    return (product ? ReduceOp.PROD : ReduceOp.SUM).resultType(a);
  }

  /** cumsum (or cumprod) of a along axis, in a new array. a: Not modified. */
  public static NdArray scan(boolean product, NdArray a, int axis) {
    NdArray out = NdArray.zeros(resultType(product, a.dtype()), a.dims());
    scan(product, a, axis, out);
    return out;
  }

  /**
   * Writes cumsum (or cumprod) of a along axis into out.
   *
   * @param a Not modified.
   * @param out Modified; a's shape, of the scan's result dtype, sharing no memory with a.
   * @throws IllegalArgumentException for a bad axis, naming it
   */
  public static void scan(boolean product, NdArray a, int axis, NdArray out) {
    scan(product, a, axis, out, null);
  }

  /**
   * Writes cumsum (or cumprod) of a along axis into out, starting from {@code initial} instead of the identity:
   * {@code out[i] = initial op a[0] op ... op a[i]} along the axis (how a block continues the scan of the blocks
   * before it).
   *
   * @param initial Not modified; a's shape without the axis, or null for the identity.
   */
  public static void scan(boolean product, NdArray a, int axis, NdArray out, NdArray initial) {
    int ax = Shape.normalizeAxis(axis, a.ndim());
    NdArray x = a.dtype() == out.dtype() ? a : a.astype(out.dtype());
    DType t = out.dtype();
    if (ax == a.ndim() - 1 && (t == DType.FLOAT64 || t == DType.FLOAT32 || t == DType.INT64 || t == DType.UINT64)) {
      rows(product, x, out, initial == null ? null : initial.astype(t));
      return;
    }
    long n = a.dims()[ax];
    BinaryOp op = product ? BinaryOp.MULTIPLY : BinaryOp.ADD;
    for (long i = 0; i < n; i++) {
      NdArray o = out.view(hyperplane(a.dims(), ax, i));
      if (i == 0 && initial != null) {
        Ufuncs.binary(op, initial, x.view(hyperplane(a.dims(), ax, 0)), o);
      } else if (i == 0) {
        o.copyFrom(x.view(hyperplane(a.dims(), ax, 0)));
      } else {
        Ufuncs.binary(op, out.view(hyperplane(a.dims(), ax, i - 1)), x.view(hyperplane(a.dims(), ax, i)), o);
      }
    }
  }

  /** The ranges selecting index i along axis (dropped) and everything else. */
  private static List<AxisRange> hyperplane(long[] dims, int axis, long i) {
    List<AxisRange> r = new ArrayList<>(dims.length);
    for (int k = 0; k < dims.length; k++) {
      r.add(k == axis ? new AxisRange(i, 1, 1, true) : AxisRange.all(dims[k]));
    }
    return r;
  }

  /** Scans along the innermost axis: one loop per row carrying the running value in the dtype's precision. */
  private static void rows(boolean product, NdArray x, NdArray out, NdArray initial) {
    long[] dims = out.dims();
    if (dims[dims.length - 1] == 1) {
      if (initial == null) {
        out.copyFrom(x);
      } else {
        Ufuncs.binary(product ? BinaryOp.MULTIPLY : BinaryOp.ADD, initial.reshape(dims), x, out);
      }
      return;
    }
    // a third operand stepping only along the last axis keeps Rows from merging rows into one: a scan restarts
    // at every row
    long[] rowsOnly = new long[dims.length];
    rowsOnly[dims.length - 1] = 1;
    Rows rows = new Rows(dims, new long[][] {out.strides(), x.strides(), rowsOnly},
        new long[] {out.offset(), x.offset(), 0});
    Object o = out.storage();
    Object s = x.storage();
    Object init = initial == null ? null : initial.copy().storage(); // one value per row, rows in C order
    int row = 0;
    while (rows.next()) {
      int po = rows.pos[0];
      int so = rows.step[0];
      int ps = rows.pos[1];
      int ss = rows.step[1];
      int n = rows.length;
      switch (out.dtype()) {
        case FLOAT64 -> {
          double[] a = (double[]) s;
          double[] b = (double[]) o;
          double acc = init != null ? ((double[]) init)[row] : product ? 1 : 0;
          if (product) {
            for (int i = 0; i < n; i++) { acc *= a[ps + i * ss]; b[po + i * so] = acc; }
          } else if (ss == 1 && so == 1) {
            for (int i = 0; i < n; i++) { acc += a[ps + i]; b[po + i] = acc; }
          } else {
            for (int i = 0; i < n; i++) { acc += a[ps + i * ss]; b[po + i * so] = acc; }
          }
        }
        case FLOAT32 -> {
          float[] a = (float[]) s;
          float[] b = (float[]) o;
          float acc = init != null ? ((float[]) init)[row] : product ? 1 : 0;
          for (int i = 0; i < n; i++) { acc = product ? acc * a[ps + i * ss] : acc + a[ps + i * ss]; b[po + i * so] = acc; }
        }
        default -> { // INT64 and UINT64: wrapping arithmetic is the same for both
          long[] a = (long[]) s;
          long[] b = (long[]) o;
          long acc = init != null ? ((long[]) init)[row] : product ? 1 : 0;
          for (int i = 0; i < n; i++) { acc = product ? acc * a[ps + i * ss] : acc + a[ps + i * ss]; b[po + i * so] = acc; }
        }
      }
      row++;
    }
  }
}
