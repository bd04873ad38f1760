package org.distarray.arrays.ops;

import org.distarray.arrays.DType;
import org.distarray.arrays.NdArray;

/**
 * Drives the inner loops over operands of one (broadcast) shape: rows of the innermost axis, read directly from
 * storage when the dtype matches the loop and through small conversion buffers otherwise.
 */
final class UfuncLoops {
  private UfuncLoops() {}

  /** out = op(a, b); a, b and out already have out's shape. */
  static void binary(BinaryOp op, BinaryOp.Loop loop, NdArray a, NdArray b, NdArray out) {
    Rows rows = new Rows(out.dims(), new long[][] {out.strides(), a.strides(), b.strides()},
        new long[] {out.offset(), a.offset(), b.offset()});
    switch (loop) {
      case DOUBLE -> binaryDouble(op, rows, a, b, out);
      case LONG -> binaryLong(op, rows, a, b, out, false);
      case ULONG -> binaryLong(op, rows, a, b, out, true);
      case BOOL -> binaryBool(op, rows, a, b, out);
      case COMPLEX -> binaryComplex(op, rows, a, b, out);
    }
  }

  /** out = op(a); a already has out's shape. */
  static void unary(UnaryOp op, BinaryOp.Loop loop, NdArray a, NdArray out) {
    Rows rows = new Rows(out.dims(), new long[][] {out.strides(), a.strides()}, new long[] {out.offset(), a.offset()});
    if (op.isTest()) {
      unaryTest(op, rows, a, out);
      return;
    }
    switch (loop) {
      case DOUBLE -> unaryDouble(op, rows, a, out);
      case LONG -> unaryLong(op, rows, a, out, false);
      case ULONG -> unaryLong(op, rows, a, out, true);
      case BOOL -> unaryBool(rows, a, out);
      case COMPLEX -> unaryComplex(op, rows, a, out);
    }
  }

  private static int chunk(Rows rows) {
    return Math.max(1, Math.min(Cast.CHUNK, rows.length));
  }

  private static void binaryDouble(BinaryOp op, Rows rows, NdArray a, NdArray b, NdArray out) {
    boolean predicate = op.isPredicate();
    boolean ad = a.dtype() == DType.FLOAT64;
    boolean bd = b.dtype() == DType.FLOAT64;
    boolean od = out.dtype() == (predicate ? DType.BOOL : DType.FLOAT64);
    int c = chunk(rows);
    double[] abuf = ad ? null : new double[c];
    double[] bbuf = bd ? null : new double[c];
    double[] obuf = od || predicate ? null : new double[c];
    boolean[] pbuf = od || !predicate ? null : new boolean[c];
    Object as = a.storage();
    Object bs = b.storage();
    Object os = out.storage();
    while (rows.next()) {
      int len = ad && bd && od ? rows.length : c;
      for (int done = 0; done < rows.length; done += len) {
        int n = Math.min(len, rows.length - done);
        int pa = rows.pos[1] + done * rows.step[1];
        int pb = rows.pos[2] + done * rows.step[2];
        int po = rows.pos[0] + done * rows.step[0];
        double[] x = ad ? (double[]) as : abuf;
        double[] y = bd ? (double[]) bs : bbuf;
        if (!ad) {
          Cast.toDoubles(a.dtype(), as, pa, rows.step[1], n, abuf);
        }
        if (!bd) {
          Cast.toDoubles(b.dtype(), bs, pb, rows.step[2], n, bbuf);
        }
        int xa = ad ? pa : 0;
        int sa = ad ? rows.step[1] : 1;
        int yb = bd ? pb : 0;
        int sb = bd ? rows.step[2] : 1;
        if (predicate) {
          boolean[] z = od ? (boolean[]) os : pbuf;
          DoubleKernels.compare(op, x, xa, sa, y, yb, sb, z, od ? po : 0, od ? rows.step[0] : 1, n);
          if (!od) {
            Cast.fromBooleans(pbuf, n, out.dtype(), os, po, rows.step[0]);
          }
        } else {
          double[] z = od ? (double[]) os : obuf;
          DoubleKernels.binary(op, x, xa, sa, y, yb, sb, z, od ? po : 0, od ? rows.step[0] : 1, n);
          if (!od) {
            Cast.fromDoubles(obuf, n, out.dtype(), os, po, rows.step[0]);
          }
        }
      }
    }
  }

  /** The LONG and ULONG loops: unsigned ones read UINT64 storage directly and widen narrower types by zero-extension. */
  private static void binaryLong(BinaryOp op, Rows rows, NdArray a, NdArray b, NdArray out, boolean unsigned) {
    boolean predicate = op.isPredicate();
    DType direct = unsigned ? DType.UINT64 : DType.INT64;
    boolean ad = a.dtype() == direct;
    boolean bd = b.dtype() == direct;
    boolean od = out.dtype() == (predicate ? DType.BOOL : direct);
    int c = chunk(rows);
    long[] abuf = ad ? null : new long[c];
    long[] bbuf = bd ? null : new long[c];
    long[] obuf = od || predicate ? null : new long[c];
    boolean[] pbuf = od || !predicate ? null : new boolean[c];
    Object as = a.storage();
    Object bs = b.storage();
    Object os = out.storage();
    while (rows.next()) {
      int len = ad && bd && od ? rows.length : c;
      for (int done = 0; done < rows.length; done += len) {
        int n = Math.min(len, rows.length - done);
        int pa = rows.pos[1] + done * rows.step[1];
        int pb = rows.pos[2] + done * rows.step[2];
        int po = rows.pos[0] + done * rows.step[0];
        long[] x = ad ? (long[]) as : abuf;
        long[] y = bd ? (long[]) bs : bbuf;
        if (!ad) {
          Cast.toLongs(a.dtype(), as, pa, rows.step[1], n, abuf);
        }
        if (!bd) {
          Cast.toLongs(b.dtype(), bs, pb, rows.step[2], n, bbuf);
        }
        int xa = ad ? pa : 0;
        int sa = ad ? rows.step[1] : 1;
        int yb = bd ? pb : 0;
        int sb = bd ? rows.step[2] : 1;
        if (predicate) {
          boolean[] z = od ? (boolean[]) os : pbuf;
          if (unsigned) {
            ULongKernels.compare(op, x, xa, sa, y, yb, sb, z, od ? po : 0, od ? rows.step[0] : 1, n);
          } else {
            LongKernels.compare(op, x, xa, sa, y, yb, sb, z, od ? po : 0, od ? rows.step[0] : 1, n);
          }
          if (!od) {
            Cast.fromBooleans(pbuf, n, out.dtype(), os, po, rows.step[0]);
          }
        } else {
          long[] z = od ? (long[]) os : obuf;
          if (unsigned) {
            ULongKernels.binary(op, x, xa, sa, y, yb, sb, z, od ? po : 0, od ? rows.step[0] : 1, n);
          } else {
            LongKernels.binary(op, x, xa, sa, y, yb, sb, z, od ? po : 0, od ? rows.step[0] : 1, n);
          }
          if (!od) {
            Cast.fromLongs(obuf, n, out.dtype(), os, po, rows.step[0]);
          }
        }
      }
    }
  }

  private static void binaryBool(BinaryOp op, Rows rows, NdArray a, NdArray b, NdArray out) {
    int c = chunk(rows);
    boolean[] abuf = new boolean[c];
    boolean[] bbuf = new boolean[c];
    boolean[] obuf = new boolean[c];
    while (rows.next()) {
      for (int done = 0; done < rows.length; done += c) {
        int n = Math.min(c, rows.length - done);
        Cast.toBooleans(a.dtype(), a.storage(), rows.pos[1] + done * rows.step[1], rows.step[1], n, abuf);
        Cast.toBooleans(b.dtype(), b.storage(), rows.pos[2] + done * rows.step[2], rows.step[2], n, bbuf);
        BoolKernels.binary(op, abuf, 0, 1, bbuf, 0, 1, obuf, 0, 1, n);
        Cast.fromBooleans(obuf, n, out.dtype(), out.storage(), rows.pos[0] + done * rows.step[0], rows.step[0]);
      }
    }
  }

  /** Complex operands (and real ones beside them) in chunks of separate real and imaginary buffers. */
  private static void binaryComplex(BinaryOp op, Rows rows, NdArray a, NdArray b, NdArray out) {
    int c = chunk(rows);
    double[] ar = new double[c];
    double[] ai = new double[c];
    double[] br = new double[c];
    double[] bi = new double[c];
    double[] or = new double[c];
    double[] oi = new double[c];
    boolean[] pbuf = op.isPredicate() ? new boolean[c] : null;
    while (rows.next()) {
      for (int done = 0; done < rows.length; done += c) {
        int n = Math.min(c, rows.length - done);
        Cast.toComplex(a.dtype(), a.storage(), rows.pos[1] + done * rows.step[1], rows.step[1], n, ar, ai);
        Cast.toComplex(b.dtype(), b.storage(), rows.pos[2] + done * rows.step[2], rows.step[2], n, br, bi);
        int po = rows.pos[0] + done * rows.step[0];
        if (pbuf != null) {
          ComplexKernels.compare(op, ar, ai, br, bi, pbuf, n);
          Cast.fromBooleans(pbuf, n, out.dtype(), out.storage(), po, rows.step[0]);
        } else {
          ComplexKernels.binary(op, ar, ai, br, bi, or, oi, n);
          Cast.fromComplex(or, oi, n, out.dtype(), out.storage(), po, rows.step[0]);
        }
      }
    }
  }

  /** isnan, isinf, isfinite: values read as doubles (both parts of complex ones), results as booleans. */
  private static void unaryTest(UnaryOp op, Rows rows, NdArray a, NdArray out) {
    int c = chunk(rows);
    double[] re = new double[c];
    double[] im = new double[c];
    boolean[] o = new boolean[c];
    boolean complex = a.dtype().isComplex();
    while (rows.next()) {
      for (int done = 0; done < rows.length; done += c) {
        int n = Math.min(c, rows.length - done);
        int pa = rows.pos[1] + done * rows.step[1];
        if (complex) {
          Cast.toComplex(a.dtype(), a.storage(), pa, rows.step[1], n, re, im);
        } else {
          Cast.toDoubles(a.dtype(), a.storage(), pa, rows.step[1], n, re);
        }
        switch (op) {
          case ISNAN -> { for (int i = 0; i < n; i++) o[i] = re[i] != re[i] || complex && im[i] != im[i]; }
          case ISINF -> { for (int i = 0; i < n; i++) o[i] = Double.isInfinite(re[i]) || complex && Double.isInfinite(im[i]); }
          default -> { for (int i = 0; i < n; i++) o[i] = Double.isFinite(re[i]) && (!complex || Double.isFinite(im[i])); }
        }
        Cast.fromBooleans(o, n, out.dtype(), out.storage(), rows.pos[0] + done * rows.step[0], rows.step[0]);
      }
    }
  }

  private static void unaryComplex(UnaryOp op, Rows rows, NdArray a, NdArray out) {
    int c = chunk(rows);
    double[] ar = new double[c];
    double[] ai = new double[c];
    double[] or = new double[c];
    double[] oi = new double[c];
    while (rows.next()) {
      for (int done = 0; done < rows.length; done += c) {
        int n = Math.min(c, rows.length - done);
        Cast.toComplex(a.dtype(), a.storage(), rows.pos[1] + done * rows.step[1], rows.step[1], n, ar, ai);
        ComplexKernels.unary(op, ar, ai, or, oi, n);
        Cast.fromComplex(or, oi, n, out.dtype(), out.storage(), rows.pos[0] + done * rows.step[0], rows.step[0]);
      }
    }
  }

  private static void unaryDouble(UnaryOp op, Rows rows, NdArray a, NdArray out) {
    boolean ad = a.dtype() == DType.FLOAT64;
    boolean od = out.dtype() == DType.FLOAT64;
    int c = chunk(rows);
    double[] abuf = ad ? null : new double[c];
    double[] obuf = od ? null : new double[c];
    Object as = a.storage();
    Object os = out.storage();
    while (rows.next()) {
      int len = ad && od ? rows.length : c;
      for (int done = 0; done < rows.length; done += len) {
        int n = Math.min(len, rows.length - done);
        int pa = rows.pos[1] + done * rows.step[1];
        int po = rows.pos[0] + done * rows.step[0];
        if (!ad) {
          Cast.toDoubles(a.dtype(), as, pa, rows.step[1], n, abuf);
        }
        DoubleKernels.unary(op, ad ? (double[]) as : abuf, ad ? pa : 0, ad ? rows.step[1] : 1,
            od ? (double[]) os : obuf, od ? po : 0, od ? rows.step[0] : 1, n);
        if (!od) {
          Cast.fromDoubles(obuf, n, out.dtype(), os, po, rows.step[0]);
        }
      }
    }
  }

  private static void unaryLong(UnaryOp op, Rows rows, NdArray a, NdArray out, boolean unsigned) {
    DType direct = unsigned ? DType.UINT64 : DType.INT64;
    boolean ad = a.dtype() == direct;
    boolean od = out.dtype() == direct;
    int c = chunk(rows);
    long[] abuf = ad ? null : new long[c];
    long[] obuf = od ? null : new long[c];
    Object as = a.storage();
    Object os = out.storage();
    while (rows.next()) {
      int len = ad && od ? rows.length : c;
      for (int done = 0; done < rows.length; done += len) {
        int n = Math.min(len, rows.length - done);
        int pa = rows.pos[1] + done * rows.step[1];
        int po = rows.pos[0] + done * rows.step[0];
        if (!ad) {
          Cast.toLongs(a.dtype(), as, pa, rows.step[1], n, abuf);
        }
        long[] x = ad ? (long[]) as : abuf;
        long[] z = od ? (long[]) os : obuf;
        if (unsigned) {
          ULongKernels.unary(op, x, ad ? pa : 0, ad ? rows.step[1] : 1, z, od ? po : 0, od ? rows.step[0] : 1, n);
        } else {
          LongKernels.unary(op, x, ad ? pa : 0, ad ? rows.step[1] : 1, z, od ? po : 0, od ? rows.step[0] : 1, n);
        }
        if (!od) {
          Cast.fromLongs(obuf, n, out.dtype(), os, po, rows.step[0]);
        }
      }
    }
  }

  private static void unaryBool(Rows rows, NdArray a, NdArray out) {
    int c = chunk(rows);
    boolean[] abuf = new boolean[c];
    boolean[] obuf = new boolean[c];
    while (rows.next()) {
      for (int done = 0; done < rows.length; done += c) {
        int n = Math.min(c, rows.length - done);
        Cast.toBooleans(a.dtype(), a.storage(), rows.pos[1] + done * rows.step[1], rows.step[1], n, abuf);
        BoolKernels.not(abuf, 0, 1, obuf, 0, 1, n);
        Cast.fromBooleans(obuf, n, out.dtype(), out.storage(), rows.pos[0] + done * rows.step[0], rows.step[0]);
      }
    }
  }
}
