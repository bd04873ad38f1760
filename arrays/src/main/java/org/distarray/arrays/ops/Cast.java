package org.distarray.arrays.ops;

import org.distarray.arrays.DType;
import org.distarray.arrays.NdArray;
import org.distarray.arrays.ShapeMismatchException;

/**
 * Converts elements between dtypes: single elements, strided runs into and out of scratch buffers (how kernels
 * read operands of other dtypes without a full-size copy), and whole-array copies.
 *
 * <p>Rules: float to INT64/INT32 truncates toward zero and saturates (NaN gives 0); float to a narrower or an
 * unsigned integer truncates to a long first and then wraps (NumPy's casts on x86); integer narrowing wraps;
 * anything to BOOL is "non-zero" (NaN is true); BOOL is 1 or 0; a complex value to a real dtype is its real part
 * cast as above (NumPy's astype, which warns that the imaginary part is discarded); a real value to a complex dtype
 * has imaginary part 0. Complex storage holds the parts interleaved: element position p at slots 2p and 2p + 1.
 */
public final class Cast {
  /** Elements converted per chunk when an operand's dtype differs from the loop's. */
  static final int CHUNK = 1024;

  private Cast() {}

  /** The unsigned value of a UINT64 bit pattern as the nearest double. */
  public static double unsignedToDouble(long x) {
    if (x >= 0) {
      return x;
    }
    return ((x >>> 1) | (x & 1)) * 2.0; // keeps the lowest bit for correct rounding
  }

  /** A double as a UINT64 bit pattern: truncated toward zero; values from 2^63 up keep their top bit. */
  public static long doubleToUnsigned(double v) {
    return v >= TWO_63 ? (long) (v - TWO_63) ^ Long.MIN_VALUE : (long) v;
  }

  private static final double TWO_63 = 0x1p63;

  public static double readDouble(DType t, Object data, int p) {
    if (t.isComplex()) {
      return t == DType.COMPLEX128 ? ((double[]) data)[2 * p] : ((float[]) data)[2 * p];
    }
    return t == DType.UINT64 ? unsignedToDouble(((long[]) data)[p]) : t.isFloating() ? readFloating(t, data, p)
        : readLong(t, data, p);
  }

  /** The imaginary part of the element (0 for real dtypes). */
  public static double readImag(DType t, Object data, int p) {
    return switch (t) {
      case COMPLEX128 -> ((double[]) data)[2 * p + 1];
      case COMPLEX64 -> ((float[]) data)[2 * p + 1];
      default -> 0;
    };
  }

  /** Writes re + im j; a real dtype takes re (cast as {@link #writeDouble}). */
  public static void writeComplex(DType t, Object data, int p, double re, double im) {
    switch (t) {
      case COMPLEX128 -> {
        ((double[]) data)[2 * p] = re;
        ((double[]) data)[2 * p + 1] = im;
      }
      case COMPLEX64 -> {
        ((float[]) data)[2 * p] = (float) re;
        ((float[]) data)[2 * p + 1] = (float) im;
      }
      default -> writeDouble(t, data, p, re);
    }
  }

  private static double readFloating(DType t, Object data, int p) {
    return t == DType.FLOAT64 ? ((double[]) data)[p] : ((float[]) data)[p];
  }

  /** The element as a long: integers exactly (UINT64 as its bit pattern), floats truncated toward zero. */
  public static long readLong(DType t, Object data, int p) {
    return switch (t) {
      case FLOAT64 -> (long) ((double[]) data)[p];
      case FLOAT32 -> (long) ((float[]) data)[p];
      case INT64, UINT64 -> ((long[]) data)[p];
      case INT32 -> ((int[]) data)[p];
      case UINT32 -> ((int[]) data)[p] & 0xFFFF_FFFFL;
      case INT16 -> ((short[]) data)[p];
      case UINT16 -> ((short[]) data)[p] & 0xFFFF;
      case INT8 -> ((byte[]) data)[p];
      case UINT8 -> ((byte[]) data)[p] & 0xFF;
      case BOOL -> ((boolean[]) data)[p] ? 1 : 0;
      case COMPLEX128, COMPLEX64 -> (long) readDouble(t, data, p);
    };
  }

  public static boolean readBoolean(DType t, Object data, int p) {
    if (t.isComplex()) {
      return readDouble(t, data, p) != 0 || readImag(t, data, p) != 0;
    }
    return t.isFloating() ? readFloating(t, data, p) != 0 : readLong(t, data, p) != 0;
  }

  public static void writeDouble(DType t, Object data, int p, double v) {
    switch (t) {
      case FLOAT64 -> ((double[]) data)[p] = v;
      case FLOAT32 -> ((float[]) data)[p] = (float) v;
      case INT64 -> ((long[]) data)[p] = (long) v;
      case INT32 -> ((int[]) data)[p] = (int) v;
      case UINT64 -> ((long[]) data)[p] = doubleToUnsigned(v);
      case BOOL -> ((boolean[]) data)[p] = v != 0;
      case COMPLEX128, COMPLEX64 -> writeComplex(t, data, p, v, 0);
      default -> writeLong(t, data, p, (long) v); // narrow integers wrap, as NumPy's casts do on x86
    }
  }

  /** Writes an integer, wrapping to the dtype's width (UINT64 takes the bit pattern). */
  public static void writeLong(DType t, Object data, int p, long v) {
    switch (t) {
      case FLOAT64 -> ((double[]) data)[p] = v;
      case FLOAT32 -> ((float[]) data)[p] = v;
      case INT64, UINT64 -> ((long[]) data)[p] = v;
      case INT32, UINT32 -> ((int[]) data)[p] = (int) v;
      case INT16, UINT16 -> ((short[]) data)[p] = (short) v;
      case INT8, UINT8 -> ((byte[]) data)[p] = (byte) v;
      case BOOL -> ((boolean[]) data)[p] = v != 0;
      case COMPLEX128, COMPLEX64 -> writeComplex(t, data, p, v, 0);
    }
  }

  /** Reads n elements starting at p with stride s into buf[0..n) as doubles. */
  static void toDoubles(DType t, Object data, int p, int s, int n, double[] buf) {
    switch (t) {
      case FLOAT64 -> { double[] a = (double[]) data; for (int i = 0; i < n; i++) buf[i] = a[p + i * s]; }
      case FLOAT32 -> { float[] a = (float[]) data; for (int i = 0; i < n; i++) buf[i] = a[p + i * s]; }
      case UINT64 -> { long[] a = (long[]) data; for (int i = 0; i < n; i++) buf[i] = unsignedToDouble(a[p + i * s]); }
      case COMPLEX128 -> { double[] a = (double[]) data; for (int i = 0; i < n; i++) buf[i] = a[2 * (p + i * s)]; }
      case COMPLEX64 -> { float[] a = (float[]) data; for (int i = 0; i < n; i++) buf[i] = a[2 * (p + i * s)]; }
      default -> {
        long[] tmp = new long[n];
        toLongs(t, data, p, s, n, tmp);
        for (int i = 0; i < n; i++) buf[i] = tmp[i];
      }
    }
  }

  /** Reads n elements starting at p with stride s into buf[0..n) as longs (unsigned ones zero-extended). */
  static void toLongs(DType t, Object data, int p, int s, int n, long[] buf) {
    switch (t) {
      case FLOAT64 -> { double[] a = (double[]) data; for (int i = 0; i < n; i++) buf[i] = (long) a[p + i * s]; }
      case FLOAT32 -> { float[] a = (float[]) data; for (int i = 0; i < n; i++) buf[i] = (long) a[p + i * s]; }
      case INT64, UINT64 -> { long[] a = (long[]) data; for (int i = 0; i < n; i++) buf[i] = a[p + i * s]; }
      case INT32 -> { int[] a = (int[]) data; for (int i = 0; i < n; i++) buf[i] = a[p + i * s]; }
      case UINT32 -> { int[] a = (int[]) data; for (int i = 0; i < n; i++) buf[i] = a[p + i * s] & 0xFFFF_FFFFL; }
      case INT16 -> { short[] a = (short[]) data; for (int i = 0; i < n; i++) buf[i] = a[p + i * s]; }
      case UINT16 -> { short[] a = (short[]) data; for (int i = 0; i < n; i++) buf[i] = a[p + i * s] & 0xFFFF; }
      case INT8 -> { byte[] a = (byte[]) data; for (int i = 0; i < n; i++) buf[i] = a[p + i * s]; }
      case UINT8 -> { byte[] a = (byte[]) data; for (int i = 0; i < n; i++) buf[i] = a[p + i * s] & 0xFF; }
      case BOOL -> { boolean[] a = (boolean[]) data; for (int i = 0; i < n; i++) buf[i] = a[p + i * s] ? 1 : 0; }
      case COMPLEX128 -> { double[] a = (double[]) data; for (int i = 0; i < n; i++) buf[i] = (long) a[2 * (p + i * s)]; }
      case COMPLEX64 -> { float[] a = (float[]) data; for (int i = 0; i < n; i++) buf[i] = (long) a[2 * (p + i * s)]; }
    }
  }

  /** Reads n elements starting at p with stride s into buf[0..n) as booleans (non-zero is true). */
  static void toBooleans(DType t, Object data, int p, int s, int n, boolean[] buf) {
    switch (t) {
      case FLOAT64 -> { double[] a = (double[]) data; for (int i = 0; i < n; i++) buf[i] = a[p + i * s] != 0; }
      case FLOAT32 -> { float[] a = (float[]) data; for (int i = 0; i < n; i++) buf[i] = a[p + i * s] != 0; }
      case BOOL -> { boolean[] a = (boolean[]) data; for (int i = 0; i < n; i++) buf[i] = a[p + i * s]; }
      case COMPLEX128 -> { double[] a = (double[]) data; for (int i = 0; i < n; i++) { int q = 2 * (p + i * s); buf[i] = a[q] != 0 || a[q + 1] != 0; } }
      case COMPLEX64 -> { float[] a = (float[]) data; for (int i = 0; i < n; i++) { int q = 2 * (p + i * s); buf[i] = a[q] != 0 || a[q + 1] != 0; } }
      default -> {
        long[] tmp = new long[n];
        toLongs(t, data, p, s, n, tmp);
        for (int i = 0; i < n; i++) buf[i] = tmp[i] != 0;
      }
    }
  }

  /** Writes buf[0..n) to n elements starting at p with stride s, converting from double. */
  static void fromDoubles(double[] buf, int n, DType t, Object data, int p, int s) {
    switch (t) {
      case FLOAT64 -> { double[] a = (double[]) data; for (int i = 0; i < n; i++) a[p + i * s] = buf[i]; }
      case FLOAT32 -> { float[] a = (float[]) data; for (int i = 0; i < n; i++) a[p + i * s] = (float) buf[i]; }
      case INT64 -> { long[] a = (long[]) data; for (int i = 0; i < n; i++) a[p + i * s] = (long) buf[i]; }
      case INT32 -> { int[] a = (int[]) data; for (int i = 0; i < n; i++) a[p + i * s] = (int) buf[i]; }
      case UINT64 -> { long[] a = (long[]) data; for (int i = 0; i < n; i++) a[p + i * s] = doubleToUnsigned(buf[i]); }
      case BOOL -> { boolean[] a = (boolean[]) data; for (int i = 0; i < n; i++) a[p + i * s] = buf[i] != 0; }
      case COMPLEX128 -> { double[] a = (double[]) data; for (int i = 0; i < n; i++) { int q = 2 * (p + i * s); a[q] = buf[i]; a[q + 1] = 0; } }
      case COMPLEX64 -> { float[] a = (float[]) data; for (int i = 0; i < n; i++) { int q = 2 * (p + i * s); a[q] = (float) buf[i]; a[q + 1] = 0; } }
      default -> {
        long[] tmp = new long[n];
        for (int i = 0; i < n; i++) tmp[i] = (long) buf[i];
        fromLongs(tmp, n, t, data, p, s);
      }
    }
  }

  /** Writes buf[0..n) to n elements starting at p with stride s, converting from long (narrow types wrap). */
  static void fromLongs(long[] buf, int n, DType t, Object data, int p, int s) {
    switch (t) {
      case FLOAT64 -> { double[] a = (double[]) data; for (int i = 0; i < n; i++) a[p + i * s] = buf[i]; }
      case FLOAT32 -> { float[] a = (float[]) data; for (int i = 0; i < n; i++) a[p + i * s] = buf[i]; }
      case INT64, UINT64 -> { long[] a = (long[]) data; for (int i = 0; i < n; i++) a[p + i * s] = buf[i]; }
      case INT32, UINT32 -> { int[] a = (int[]) data; for (int i = 0; i < n; i++) a[p + i * s] = (int) buf[i]; }
      case INT16, UINT16 -> { short[] a = (short[]) data; for (int i = 0; i < n; i++) a[p + i * s] = (short) buf[i]; }
      case INT8, UINT8 -> { byte[] a = (byte[]) data; for (int i = 0; i < n; i++) a[p + i * s] = (byte) buf[i]; }
      case BOOL -> { boolean[] a = (boolean[]) data; for (int i = 0; i < n; i++) a[p + i * s] = buf[i] != 0; }
      case COMPLEX128, COMPLEX64 -> {
        double[] tmp = new double[n];
        for (int i = 0; i < n; i++) tmp[i] = buf[i];
        fromDoubles(tmp, n, t, data, p, s);
      }
    }
  }

  /** Reads n elements starting at p with stride s into re[0..n) and im[0..n) (im 0 for real dtypes). */
  static void toComplex(DType t, Object data, int p, int s, int n, double[] re, double[] im) {
    switch (t) {
      case COMPLEX128 -> { double[] a = (double[]) data; for (int i = 0; i < n; i++) { int q = 2 * (p + i * s); re[i] = a[q]; im[i] = a[q + 1]; } }
      case COMPLEX64 -> { float[] a = (float[]) data; for (int i = 0; i < n; i++) { int q = 2 * (p + i * s); re[i] = a[q]; im[i] = a[q + 1]; } }
      default -> {
        toDoubles(t, data, p, s, n, re);
        java.util.Arrays.fill(im, 0, n, 0.0);
      }
    }
  }

  /** Writes re[0..n) + im[0..n) j to n elements starting at p with stride s (a real dtype takes the real parts). */
  static void fromComplex(double[] re, double[] im, int n, DType t, Object data, int p, int s) {
    switch (t) {
      case COMPLEX128 -> { double[] a = (double[]) data; for (int i = 0; i < n; i++) { int q = 2 * (p + i * s); a[q] = re[i]; a[q + 1] = im[i]; } }
      case COMPLEX64 -> { float[] a = (float[]) data; for (int i = 0; i < n; i++) { int q = 2 * (p + i * s); a[q] = (float) re[i]; a[q + 1] = (float) im[i]; } }
      default -> fromDoubles(re, n, t, data, p, s);
    }
  }

  /** Writes buf[0..n) to n elements starting at p with stride s, converting from boolean. */
  static void fromBooleans(boolean[] buf, int n, DType t, Object data, int p, int s) {
    if (t == DType.BOOL) {
      boolean[] a = (boolean[]) data;
      for (int i = 0; i < n; i++) a[p + i * s] = buf[i];
      return;
    }
    long[] tmp = new long[n];
    for (int i = 0; i < n; i++) tmp[i] = buf[i] ? 1 : 0;
    fromLongs(tmp, n, t, data, p, s);
  }

  /**
   * Copies src into dst element by element, converting src's dtype to dst's; as if src were read whole before dst
   * is written when both are views of one storage (NumPy's assignment between overlapping views).
   *
   * <p>Views of different storage, or of one storage that provably share no element, are copied directly; an
   * overlapping pair is copied in an order that reads every element before overwriting it, or through a temporary
   * copy of src when no such order exists (see {@link CopyOrder}).
   *
   * @param src Not modified (unless it shares elements with dst). Must have dst's shape (broadcast it first).
   * @param dst Modified.
   * @throws ShapeMismatchException naming both shapes when they differ
   */
  public static void copy(NdArray src, NdArray dst) {
    if (!src.shape().equals(dst.shape())) {
      throw new ShapeMismatchException("cannot copy shape " + src.shape() + " into shape " + dst.shape());
    }
    if (!dst.mayShareMemory(src)) {
      copyElements(src, dst);
      return;
    }
    NdArray[] ordered = CopyOrder.safeOrder(src, dst);
    if (ordered != null) {
      copyElements(ordered[0], ordered[1]);
    } else {
      copyElements(CopyOrder.detached(src), dst);
    }
  }

  /**
   * Copies in C order, row by row and each row in chunks: every element is read before any element at or after it
   * in C order is written, which {@link CopyOrder} relies on.
   */
  private static void copyElements(NdArray src, NdArray dst) {
    Rows rows = new Rows(dst.dims(), new long[][] {src.strides(), dst.strides()},
        new long[] {src.offset(), dst.offset()});
    DType st = src.dtype();
    DType dt = dst.dtype();
    Object s = src.storage();
    Object d = dst.storage();
    boolean viaComplex = st.isComplex() || dt.isComplex();
    boolean viaDouble = st.isFloating() || dt.isFloating() || viaComplex;
    double[] dbuf = viaDouble ? new double[Math.min(CHUNK, Math.max(1, rows.length))] : null;
    double[] ibuf = viaComplex ? new double[dbuf.length] : null;
    long[] lbuf = viaDouble ? null : new long[Math.min(CHUNK, Math.max(1, rows.length))];
    while (rows.next()) {
      if (st == dt && st != DType.BOOL) {
        sameTypeRow(st, s, rows.pos[0], rows.step[0], d, rows.pos[1], rows.step[1], rows.length);
        continue;
      }
      for (int done = 0; done < rows.length; done += CHUNK) {
        int n = Math.min(CHUNK, rows.length - done);
        int ps = rows.pos[0] + done * rows.step[0];
        int pd = rows.pos[1] + done * rows.step[1];
        if (viaComplex) {
          toComplex(st, s, ps, rows.step[0], n, dbuf, ibuf);
          fromComplex(dbuf, ibuf, n, dt, d, pd, rows.step[1]);
        } else if (viaDouble) {
          toDoubles(st, s, ps, rows.step[0], n, dbuf);
          fromDoubles(dbuf, n, dt, d, pd, rows.step[1]);
        } else {
          toLongs(st, s, ps, rows.step[0], n, lbuf);
          fromLongs(lbuf, n, dt, d, pd, rows.step[1]);
        }
      }
    }
  }

  /**
   * Copies n elements of dtype t from storage s (from position ps, stride ss) to storage d (from pd, stride sd):
   * one typed loop, or System.arraycopy when both are contiguous. The storages must not overlap.
   */
  public static void sameTypeRow(DType t, Object s, int ps, int ss, Object d, int pd, int sd, int n) {
    if (t.isComplex()) {
      DType part = t.partType();
      if (ss == 1 && sd == 1) {
        System.arraycopy(s, 2 * ps, d, 2 * pd, 2 * n);
      } else {
        sameTypeRow(part, s, 2 * ps, 2 * ss, d, 2 * pd, 2 * sd, n);
        sameTypeRow(part, s, 2 * ps + 1, 2 * ss, d, 2 * pd + 1, 2 * sd, n);
      }
      return;
    }
    if (ss == 1 && sd == 1) {
      System.arraycopy(s, ps, d, pd, n);
      return;
    }
    switch (t) {
      case FLOAT64 -> { double[] a = (double[]) s; double[] b = (double[]) d; for (int i = 0; i < n; i++) b[pd + i * sd] = a[ps + i * ss]; }
      case FLOAT32 -> { float[] a = (float[]) s; float[] b = (float[]) d; for (int i = 0; i < n; i++) b[pd + i * sd] = a[ps + i * ss]; }
      case INT64, UINT64 -> { long[] a = (long[]) s; long[] b = (long[]) d; for (int i = 0; i < n; i++) b[pd + i * sd] = a[ps + i * ss]; }
      case INT32, UINT32 -> { int[] a = (int[]) s; int[] b = (int[]) d; for (int i = 0; i < n; i++) b[pd + i * sd] = a[ps + i * ss]; }
      case INT16, UINT16 -> { short[] a = (short[]) s; short[] b = (short[]) d; for (int i = 0; i < n; i++) b[pd + i * sd] = a[ps + i * ss]; }
      case INT8, UINT8 -> { byte[] a = (byte[]) s; byte[] b = (byte[]) d; for (int i = 0; i < n; i++) b[pd + i * sd] = a[ps + i * ss]; }
      case BOOL -> { boolean[] a = (boolean[]) s; boolean[] b = (boolean[]) d; for (int i = 0; i < n; i++) b[pd + i * sd] = a[ps + i * ss]; }
    }
  }

  /** Writes value, converted to a's dtype, into every element of a. */
  public static void fill(NdArray a, double value) {
    Object one = NdArray.zeros(a.dtype()).storage();
    writeDouble(a.dtype(), one, 0, value);
    fillWith(a, one);
  }

  /** Writes an integer, wrapped to a's dtype, into every element of a. */
  public static void fillLong(NdArray a, long value) {
    Object one = NdArray.zeros(a.dtype()).storage();
    writeLong(a.dtype(), one, 0, value);
    fillWith(a, one);
  }

  /** Writes re + im j, converted to a's dtype (a real dtype takes re), into every element of a. */
  public static void fillComplex(NdArray a, double re, double im) {
    Object one = NdArray.zeros(a.dtype()).storage();
    writeComplex(a.dtype(), one, 0, re, im);
    fillWith(a, one);
  }

  /** Fills a with the single element held in {@code one} (storage of a's type, length 1). */
  private static void fillWith(NdArray a, Object one) {
    if (a.dtype().isComplex()) {
      Rows rows = new Rows(a.dims(), new long[][] {a.strides()}, new long[] {a.offset()});
      double[] re = new double[Math.max(1, Math.min(CHUNK, rows.length))];
      double[] im = new double[re.length];
      java.util.Arrays.fill(re, readDouble(a.dtype(), one, 0));
      java.util.Arrays.fill(im, readImag(a.dtype(), one, 0));
      while (rows.next()) {
        for (int done = 0; done < rows.length; done += re.length) {
          int n = Math.min(re.length, rows.length - done);
          fromComplex(re, im, n, a.dtype(), a.storage(), rows.pos[0] + done * rows.step[0], rows.step[0]);
        }
      }
      return;
    }
    Rows rows = new Rows(a.dims(), new long[][] {a.strides()}, new long[] {a.offset()});
    Object d = a.storage();
    while (rows.next()) {
      int p = rows.pos[0];
      int s = rows.step[0];
      int n = rows.length;
      switch (a.dtype()) {
        case FLOAT64 -> { double[] x = (double[]) d; double v = ((double[]) one)[0]; for (int i = 0; i < n; i++) x[p + i * s] = v; }
        case FLOAT32 -> { float[] x = (float[]) d; float v = ((float[]) one)[0]; for (int i = 0; i < n; i++) x[p + i * s] = v; }
        case INT64, UINT64 -> { long[] x = (long[]) d; long v = ((long[]) one)[0]; for (int i = 0; i < n; i++) x[p + i * s] = v; }
        case INT32, UINT32 -> { int[] x = (int[]) d; int v = ((int[]) one)[0]; for (int i = 0; i < n; i++) x[p + i * s] = v; }
        case INT16, UINT16 -> { short[] x = (short[]) d; short v = ((short[]) one)[0]; for (int i = 0; i < n; i++) x[p + i * s] = v; }
        case INT8, UINT8 -> { byte[] x = (byte[]) d; byte v = ((byte[]) one)[0]; for (int i = 0; i < n; i++) x[p + i * s] = v; }
        case BOOL -> { boolean[] x = (boolean[]) d; boolean v = ((boolean[]) one)[0]; for (int i = 0; i < n; i++) x[p + i * s] = v; }
      }
    }
  }
}
