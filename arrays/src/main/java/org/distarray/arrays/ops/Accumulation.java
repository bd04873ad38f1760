package org.distarray.arrays.ops;

import org.distarray.arrays.DType;
import org.distarray.arrays.NdArray;

/**
 * The reductions that fold values into an accumulator (sum, prod, min, max, any, all) over any set of axes.
 *
 * <p>The accumulator has the keepdims shape; viewed with stride 0 along the reduced axes it has the input's
 * shape, so one walk over the input rows does all the work: a row along a reduced axis folds into one
 * accumulator (pairwise with eight accumulators for sums), a row along a kept axis folds element by element.
 */
final class Accumulation {
  private static final boolean SIMD = Simd.available();

  private Accumulation() {}

  /**
   * Reduces a along the axes marked in reduced into an array of the keepdims shape.
   *
   * @return FLOAT64, INT64 or BOOL accumulators; the caller casts to the op's result dtype
   */
  static NdArray reduce(ReduceOp op, NdArray a, boolean[] reduced) {
    return reduce(op, a, reduced, false);
  }

  /** The sum in FLOAT64, each element converted first (NumPy's mean and var of integers: no integer overflow). */
  static NdArray sumAsDouble(NdArray a, boolean[] reduced) {
    return reduce(ReduceOp.SUM, a, reduced, true);
  }

  private static NdArray reduce(ReduceOp op, NdArray a, boolean[] reduced, boolean inDoubles) {
    long[] dims = a.dims();
    long[] kd = dims.clone();
    for (int k = 0; k < dims.length; k++) {
      if (reduced[k]) {
        kd[k] = 1;
      }
    }
    BinaryOp.Loop loop = op == ReduceOp.ANY || op == ReduceOp.ALL ? BinaryOp.Loop.BOOL
        : a.dtype().isFloating() || inDoubles ? BinaryOp.Loop.DOUBLE : a.dtype() == DType.UINT64 ? BinaryOp.Loop.ULONG
        : BinaryOp.Loop.LONG;
    DType accType = switch (loop) {
      case DOUBLE -> DType.FLOAT64;
      case LONG -> DType.INT64;
      case ULONG -> DType.UINT64;
      case BOOL -> DType.BOOL;
      case COMPLEX -> throw new IllegalStateException("complex reductions are ComplexReductions'");
    };
    NdArray acc = NdArray.full(accType, identity(op, loop), kd);
    if (op == ReduceOp.SUM && a.dtype() == DType.FLOAT64 && a.isContiguous() && leadingPrefix(reduced)) {
      sumLeadingRows(a, (double[]) acc.storage());
      return acc;
    }
    long[] accStrides = acc.strides();
    for (int k = 0; k < dims.length; k++) {
      if (reduced[k]) {
        accStrides[k] = 0;
      }
    }
    Rows rows = new Rows(dims, new long[][] {accStrides, a.strides()}, new long[] {0, a.offset()});
    switch (loop) {
      case DOUBLE -> foldDoubles(op, rows, a, (double[]) acc.storage());
      case LONG -> foldLongs(op, rows, a, (long[]) acc.storage(), false);
      case ULONG -> foldLongs(op, rows, a, (long[]) acc.storage(), true);
      case BOOL -> foldBooleans(op, rows, a, (boolean[]) acc.storage());
      case COMPLEX -> throw new IllegalStateException("complex reductions are ComplexReductions'");
    }
    return acc;
  }

  /** True when the reduced axes are 0..k-1 for some k >= 1 and at least one axis is kept. */
  private static boolean leadingPrefix(boolean[] reduced) {
    int k = 0;
    while (k < reduced.length && reduced[k]) {
      k++;
    }
    for (int j = k; j < reduced.length; j++) {
      if (reduced[j]) {
        return false;
      }
    }
    return k >= 1 && k < reduced.length;
  }

  /**
   * Sums the rows of a contiguous array seen as (rows, columns) into acc, four rows per pass so that each
   * accumulator is loaded and stored once per four input values; on the vector API when the JVM has it ({@link
   * VectorSums#addFourRows}: the same sums, at a plain loop's speed from memory where this loop reads at two thirds).
   */
  private static void sumLeadingRows(NdArray a, double[] acc) {
    double[] x = (double[]) a.storage();
    int cols = acc.length;
    if (cols == 0) {
      return;
    }
    int rows = (int) (a.size() / cols);
    int base = (int) a.offset();
    int r = 0;
    for (; r <= rows - 4; r += 4) {
      int p0 = base + r * cols;
      if (SIMD) {
        VectorSums.addFourRows(x, p0, cols, acc);
        continue;
      }
      int p1 = p0 + cols;
      int p2 = p1 + cols;
      int p3 = p2 + cols;
      for (int j = 0; j < cols; j++) {
        acc[j] += (x[p0 + j] + x[p1 + j]) + (x[p2 + j] + x[p3 + j]);
      }
    }
    for (; r < rows; r++) {
      int p = base + r * cols;
      for (int j = 0; j < cols; j++) {
        acc[j] += x[p + j];
      }
    }
  }

  private static double identity(ReduceOp op, BinaryOp.Loop loop) {
    return switch (op) {
      case SUM, ANY -> 0;
      case PROD, ALL -> 1;
      case MIN -> loop == BinaryOp.Loop.DOUBLE ? Double.POSITIVE_INFINITY : Long.MAX_VALUE;
      case MAX -> loop == BinaryOp.Loop.DOUBLE ? Double.NEGATIVE_INFINITY : Long.MIN_VALUE;
      default -> throw new IllegalStateException(op + " does not accumulate");
    };
  }

  private static void foldDoubles(ReduceOp op, Rows rows, NdArray a, double[] acc) {
    boolean direct = a.dtype() == DType.FLOAT64;
    int c = Math.max(1, Math.min(Cast.CHUNK, rows.length));
    double[] buf = direct ? null : new double[c];
    Object src = a.storage();
    while (rows.next()) {
      int len = direct ? rows.length : c;
      for (int done = 0; done < rows.length; done += len) {
        int n = Math.min(len, rows.length - done);
        int p = rows.pos[1] + done * rows.step[1];
        double[] x = direct ? (double[]) src : buf;
        int s = direct ? rows.step[1] : 1;
        if (!direct) {
          Cast.toDoubles(a.dtype(), src, p, rows.step[1], n, buf);
          p = 0;
        }
        int q = rows.pos[0] + done * rows.step[0];
        int t = rows.step[0];
        if (t == 0) {
          acc[q] = switch (op) {
            case SUM -> acc[q] + RowReductions.sum(x, p, s, n);
            case PROD -> acc[q] * RowReductions.prod(x, p, s, n);
            case MIN -> Math.min(acc[q], RowReductions.min(x, p, s, n));
            case MAX -> Math.max(acc[q], RowReductions.max(x, p, s, n));
            default -> throw new IllegalStateException(op.toString());
          };
        } else {
          switch (op) {
            case SUM -> {
              if (t == 1 && s == 1) {
                for (int i = 0; i < n; i++) acc[q + i] += x[p + i];
              } else {
                for (int i = 0; i < n; i++) acc[q + i * t] += x[p + i * s];
              }
            }
            case PROD -> { for (int i = 0; i < n; i++) acc[q + i * t] *= x[p + i * s]; }
            case MIN -> { for (int i = 0; i < n; i++) acc[q + i * t] = Math.min(acc[q + i * t], x[p + i * s]); }
            case MAX -> { for (int i = 0; i < n; i++) acc[q + i * t] = Math.max(acc[q + i * t], x[p + i * s]); }
            default -> throw new IllegalStateException(op.toString());
          }
        }
      }
    }
  }

  /** Folds integer rows into acc; unsigned (UINT64) compares without the sign for min and max. */
  private static void foldLongs(ReduceOp op, Rows rows, NdArray a, long[] acc, boolean unsigned) {
    boolean direct = a.dtype() == (unsigned ? DType.UINT64 : DType.INT64);
    if (unsigned && (op == ReduceOp.MIN || op == ReduceOp.MAX)) {
      // the identity: all ones is the largest unsigned value, 0 the smallest
      java.util.Arrays.fill(acc, op == ReduceOp.MIN ? -1L : 0L);
    }
    boolean byteSums = op == ReduceOp.SUM && (a.dtype() == DType.UINT8 || a.dtype() == DType.INT8);
    int c = Math.max(1, Math.min(Cast.CHUNK, rows.length));
    long[] buf = direct ? null : new long[c];
    Object src = a.storage();
    while (rows.next()) {
      if (byteSums && rows.step[0] == 0 && rows.step[1] == 1) {
        acc[rows.pos[0]] += ByteSums.sum((byte[]) src, rows.pos[1], rows.length, a.dtype() == DType.INT8);
        continue;
      }
      int len = direct ? rows.length : c;
      for (int done = 0; done < rows.length; done += len) {
        int n = Math.min(len, rows.length - done);
        int p = rows.pos[1] + done * rows.step[1];
        long[] x = direct ? (long[]) src : buf;
        int s = direct ? rows.step[1] : 1;
        if (!direct) {
          Cast.toLongs(a.dtype(), src, p, rows.step[1], n, buf);
          p = 0;
        }
        int q = rows.pos[0] + done * rows.step[0];
        int t = rows.step[0];
        if (t == 0) {
          acc[q] = switch (op) {
            case SUM -> acc[q] + RowReductions.sum(x, p, s, n);
            case PROD -> acc[q] * RowReductions.prod(x, p, s, n);
            case MIN -> unsigned ? RowReductions.minUnsigned(acc[q], x, p, s, n)
                : Math.min(acc[q], RowReductions.min(x, p, s, n));
            case MAX -> unsigned ? RowReductions.maxUnsigned(acc[q], x, p, s, n)
                : Math.max(acc[q], RowReductions.max(x, p, s, n));
            default -> throw new IllegalStateException(op.toString());
          };
        } else {
          switch (op) {
            case SUM -> {
              if (t == 1 && s == 1) {
                for (int i = 0; i < n; i++) acc[q + i] += x[p + i];
              } else {
                for (int i = 0; i < n; i++) acc[q + i * t] += x[p + i * s];
              }
            }
            case PROD -> { for (int i = 0; i < n; i++) acc[q + i * t] *= x[p + i * s]; }
            case MIN -> {
              for (int i = 0; i < n; i++) {
                acc[q + i * t] = unsigned ? RowReductions.minUnsigned(acc[q + i * t], x, p + i * s, 1, 1)
                    : Math.min(acc[q + i * t], x[p + i * s]);
              }
            }
            case MAX -> {
              for (int i = 0; i < n; i++) {
                acc[q + i * t] = unsigned ? RowReductions.maxUnsigned(acc[q + i * t], x, p + i * s, 1, 1)
                    : Math.max(acc[q + i * t], x[p + i * s]);
              }
            }
            default -> throw new IllegalStateException(op.toString());
          }
        }
      }
    }
  }

  private static void foldBooleans(ReduceOp op, Rows rows, NdArray a, boolean[] acc) {
    int c = Math.max(1, Math.min(Cast.CHUNK, rows.length));
    boolean[] buf = new boolean[c];
    boolean any = op == ReduceOp.ANY;
    while (rows.next()) {
      for (int done = 0; done < rows.length; done += c) {
        int n = Math.min(c, rows.length - done);
        Cast.toBooleans(a.dtype(), a.storage(), rows.pos[1] + done * rows.step[1], rows.step[1], n, buf);
        int q = rows.pos[0] + done * rows.step[0];
        int t = rows.step[0];
        if (t == 0) {
          acc[q] = any ? acc[q] || RowReductions.any(buf, 0, 1, n) : acc[q] && RowReductions.all(buf, 0, 1, n);
        } else if (any) {
          for (int i = 0; i < n; i++) acc[q + i * t] |= buf[i];
        } else {
          for (int i = 0; i < n; i++) acc[q + i * t] &= buf[i];
        }
      }
    }
  }
}
