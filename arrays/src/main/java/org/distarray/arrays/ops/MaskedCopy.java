package org.distarray.arrays.ops;

import org.distarray.arrays.DType;
import org.distarray.arrays.NdArray;

/** {@code dst[mask] = src} for operands of one shape and dtype: the second half of {@code where}. */
final class MaskedCopy {
  private MaskedCopy() {}

  /**
   * Copies the elements of src where mask is non-zero into dst.
   *
   * @param mask Not modified; dst's shape, any dtype (non-zero is true).
   * @param src Not modified; dst's shape and dtype.
   * @param dst Modified.
   */
  static void copy(NdArray mask, NdArray src, NdArray dst) {
    Rows rows = new Rows(dst.dims(), new long[][] {dst.strides(), src.strides(), mask.strides()},
        new long[] {dst.offset(), src.offset(), mask.offset()});
    boolean[] m = new boolean[Math.max(1, Math.min(Cast.CHUNK, rows.length))];
    DType t = dst.dtype();
    boolean complex = t.isComplex();
    while (rows.next()) {
      for (int done = 0; done < rows.length; done += m.length) {
        int n = Math.min(m.length, rows.length - done);
        Cast.toBooleans(mask.dtype(), mask.storage(), rows.pos[2] + done * rows.step[2], rows.step[2], n, m);
        int pd = rows.pos[0] + done * rows.step[0];
        int ps = rows.pos[1] + done * rows.step[1];
        int sd = rows.step[0];
        int ss = rows.step[1];
        if (complex) { // both parts: slots 2p and 2p + 1 of a double[] or float[]
          row(t.partType(), src.storage(), 2 * ps, 2 * ss, dst.storage(), 2 * pd, 2 * sd, m, n);
          row(t.partType(), src.storage(), 2 * ps + 1, 2 * ss, dst.storage(), 2 * pd + 1, 2 * sd, m, n);
        } else {
          row(t, src.storage(), ps, ss, dst.storage(), pd, sd, m, n);
        }
      }
    }
  }

  private static void row(DType t, Object s, int ps, int ss, Object d, int pd, int sd, boolean[] m, int n) {
    switch (t) {
      case FLOAT64 -> { double[] a = (double[]) s; double[] b = (double[]) d; for (int i = 0; i < n; i++) if (m[i]) b[pd + i * sd] = a[ps + i * ss]; }
      case FLOAT32 -> { float[] a = (float[]) s; float[] b = (float[]) d; for (int i = 0; i < n; i++) if (m[i]) b[pd + i * sd] = a[ps + i * ss]; }
      case INT64, UINT64 -> { long[] a = (long[]) s; long[] b = (long[]) d; for (int i = 0; i < n; i++) if (m[i]) b[pd + i * sd] = a[ps + i * ss]; }
      case INT32, UINT32 -> { int[] a = (int[]) s; int[] b = (int[]) d; for (int i = 0; i < n; i++) if (m[i]) b[pd + i * sd] = a[ps + i * ss]; }
      case INT16, UINT16 -> { short[] a = (short[]) s; short[] b = (short[]) d; for (int i = 0; i < n; i++) if (m[i]) b[pd + i * sd] = a[ps + i * ss]; }
      case INT8, UINT8 -> { byte[] a = (byte[]) s; byte[] b = (byte[]) d; for (int i = 0; i < n; i++) if (m[i]) b[pd + i * sd] = a[ps + i * ss]; }
      case BOOL -> { boolean[] a = (boolean[]) s; boolean[] b = (boolean[]) d; for (int i = 0; i < n; i++) if (m[i]) b[pd + i * sd] = a[ps + i * ss]; }
      default -> throw new IllegalStateException("no masked copy of " + t);
    }
  }
}
