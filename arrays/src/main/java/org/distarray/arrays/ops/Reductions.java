package org.distarray.arrays.ops;

import org.distarray.arrays.DType;
import org.distarray.arrays.NdArray;
import org.distarray.arrays.Shape;

/**
 * NumPy's reductions on local arrays over any set of axes: sum, prod, mean, var, std, min, max, argmin, argmax,
 * any, all, with negative axes and {@code keepdims}.
 *
 * <p>Semantics as NumPy: result dtypes per {@link ReduceOp}; sums are pairwise with eight accumulators along the
 * innermost run (NumPy's accuracy); min and max propagate NaN; var and std are population statistics computed
 * from deviations about the mean (two passes, as NumPy); an empty sum is 0, an empty prod 1, any of nothing false,
 * all of nothing true, min/max/argmin/argmax of nothing an error. The full-reduction forms return a Java value.
 * Example: {@code Reductions.sum(NdArray.arange(6).reshape(2, 3), 0)} is the INT64 array {@code [3, 5, 7]}.
 */
public final class Reductions {
  private Reductions() {}

  /**
   * op over the given axes (null: all axes), keeping reduced axes as length 1 when keepdims.
   *
   * @param a Not modified.
   * @throws IllegalArgumentException for an axis out of range or repeated, or min/max/argmin/argmax of an
   *     empty selection, naming the values
   */
  public static NdArray reduce(ReduceOp op, NdArray a, int[] axes, boolean keepdims) {
    boolean[] reduced = reducedAxes(a.ndim(), axes);
    NdArray kept = a.dtype().isComplex() ? ComplexReductions.reduce(op, a, reduced) : switch (op) {
      case SUM, PROD, ANY, ALL -> Accumulation.reduce(op, a, reduced);
      case MIN, MAX -> {
        checkNotEmpty(op, a, reduced);
        yield Accumulation.reduce(op, a, reduced);
      }
      case ARGMIN, ARGMAX -> ArgReduction.reduce(op, a, reduced);
      case MEAN -> Ufuncs.divide(Accumulation.sumAsDouble(a, reduced), count(a, reduced));
      case VAR -> variance(a, reduced);
      case STD -> Ufuncs.unary(UnaryOp.SQRT, variance(a, reduced), null);
    };
    DType rt = op.resultType(a.dtype());
    NdArray typed = kept.dtype() == rt ? kept : kept.astype(rt);
    return keepdims ? typed : typed.reshape(squeezedDims(a.dims(), reduced));
  }

  /**
   * op over the given axes (null: all axes) with NumPy's {@code dtype=}, {@code ddof=} and {@code keepdims=}.
   *
   * @param a Not modified.
   * @throws IllegalArgumentException for an option op does not take (see {@link ReduceOptions#check}), and as
   *     {@link #reduce(ReduceOp, NdArray, int[], boolean)}
   */
  public static NdArray reduce(ReduceOp op, NdArray a, int[] axes, ReduceOptions options) {
    options.check(op);
    NdArray x = options.dtype() == null || options.dtype() == a.dtype() ? a : a.astype(options.dtype());
    NdArray r = reduce(options.reducedAs(op), x, axes, options.keepdims());
    if (options.ddof() != 0) {
      r = Ufuncs.multiply(r, options.ddofFactor((long) count(a, reducedAxes(a.ndim(), axes))));
      if (op == ReduceOp.STD) {
        r = Ufuncs.sqrt(r);
      }
    }
    DType rt = options.resultType(op, a.dtype());
    return r.dtype() == rt ? r : r.astype(rt);
  }

  private static NdArray variance(NdArray a, boolean[] reduced) {
    double n = count(a, reduced);
    NdArray mean = Ufuncs.divide(Accumulation.sumAsDouble(a, reduced), n);
    NdArray dev = Ufuncs.subtract(a.dtype() == DType.FLOAT64 ? a : a.astype(DType.FLOAT64), mean);
    Ufuncs.binary(BinaryOp.MULTIPLY, dev, dev, dev);
    return Ufuncs.divide(Accumulation.reduce(ReduceOp.SUM, dev, reduced), n);
  }

  /** The number of elements folded into each result element: the product of the reduced axes' lengths. */
  static double count(NdArray a, boolean[] reduced) {
    long[] dims = a.dims();
    double n = 1;
    for (int k = 0; k < dims.length; k++) {
      if (reduced[k]) {
        n *= dims[k];
      }
    }
    return n;
  }

  private static void checkNotEmpty(ReduceOp op, NdArray a, boolean[] reduced) {
    if (count(a, reduced) == 0 && a.size() == 0) {
      long[] dims = a.dims();
      long outSize = 1;
      for (int k = 0; k < dims.length; k++) {
        outSize *= reduced[k] ? 1 : dims[k];
      }
      if (outSize > 0) {
        throw new IllegalArgumentException("zero-size array to reduction operation " + op.numpyName()
            + " which has no identity (shape " + a.shape() + ")");
      }
    }
  }

  /**
   * Marks the axes to reduce; null means all.
   *
   * @throws IllegalArgumentException for an axis out of range or given twice
   */
  public static boolean[] reducedAxes(int ndim, int[] axes) {
    boolean[] reduced = new boolean[ndim];
    if (axes == null) {
      java.util.Arrays.fill(reduced, true);
      return reduced;
    }
    for (int axis : axes) {
      int k = Shape.normalizeAxis(axis, ndim);
      if (reduced[k]) {
        throw new IllegalArgumentException("duplicate value in 'axis': " + java.util.Arrays.toString(axes));
      }
      reduced[k] = true;
    }
    return reduced;
  }

  /** The indices of the marked axes, in order. */
  public static int[] axesOf(boolean[] reduced) {
    int n = 0;
    for (boolean r : reduced) {
      n += r ? 1 : 0;
    }
    int[] axes = new int[n];
    for (int k = 0, j = 0; k < reduced.length; k++) {
      if (reduced[k]) {
        axes[j++] = k;
      }
    }
    return axes;
  }

    private static long[] squeezedDims(long[] dims, boolean[] reduced) {
    int n = 0;
    for (boolean r : reduced) {
      n += r ? 0 : 1;
    }
    long[] out = new long[n];
    int j = 0;
    for (int k = 0; k < dims.length; k++) {
      if (!reduced[k]) {
        out[j++] = dims[k];
      }
    }
    return out;
  }

  private static double full(ReduceOp op, NdArray a) {
    NdArray r = reduce(op, a, null, false);
    if (r.dtype().isComplex()) {
      throw new org.distarray.arrays.DTypeException(op.numpyName() + " of a " + a.dtype() + " array is complex: use "
          + "reduce(ReduceOp." + op + ", a, null, false) and read it with getReal and getImag");
    }
    return r.getDouble();
  }

  /** Sum of all elements (a BOOL sum is the count of true). */
  public static double sum(NdArray a) {
    return full(ReduceOp.SUM, a);
  }

  /** Sum along the axes. */
  public static NdArray sum(NdArray a, int... axes) {
    return reduce(ReduceOp.SUM, a, axes, false);
  }

  public static double prod(NdArray a) {
    return full(ReduceOp.PROD, a);
  }

  public static NdArray prod(NdArray a, int... axes) {
    return reduce(ReduceOp.PROD, a, axes, false);
  }

  /** Arithmetic mean; NaN for an empty array, as NumPy. */
  public static double mean(NdArray a) {
    return full(ReduceOp.MEAN, a);
  }

  public static NdArray mean(NdArray a, int... axes) {
    return reduce(ReduceOp.MEAN, a, axes, false);
  }

  /** Population variance, mean of squared deviations from the mean (ddof=0). */
  public static double var(NdArray a) {
    return full(ReduceOp.VAR, a);
  }

  public static NdArray var(NdArray a, int... axes) {
    return reduce(ReduceOp.VAR, a, axes, false);
  }

  /** Population standard deviation, the square root of {@link #var(NdArray)}. */
  public static double std(NdArray a) {
    return full(ReduceOp.STD, a);
  }

  public static NdArray std(NdArray a, int... axes) {
    return reduce(ReduceOp.STD, a, axes, false);
  }

  /** Minimum; NaN when any element is NaN. */
  public static double min(NdArray a) {
    return full(ReduceOp.MIN, a);
  }

  public static NdArray min(NdArray a, int... axes) {
    return reduce(ReduceOp.MIN, a, axes, false);
  }

  /** Maximum; NaN when any element is NaN. */
  public static double max(NdArray a) {
    return full(ReduceOp.MAX, a);
  }

  public static NdArray max(NdArray a, int... axes) {
    return reduce(ReduceOp.MAX, a, axes, false);
  }

  /** C-order flat index of the first minimum (of the first NaN when there is one). */
  public static long argmin(NdArray a) {
    return reduce(ReduceOp.ARGMIN, a, null, false).getLong();
  }

  /** Index of the first minimum along the axes (flat within the reduced axes, in C order). */
  public static NdArray argmin(NdArray a, int... axes) {
    return reduce(ReduceOp.ARGMIN, a, axes, false);
  }

  /** C-order flat index of the first maximum (of the first NaN when there is one). */
  public static long argmax(NdArray a) {
    return reduce(ReduceOp.ARGMAX, a, null, false).getLong();
  }

  public static NdArray argmax(NdArray a, int... axes) {
    return reduce(ReduceOp.ARGMAX, a, axes, false);
  }

  /** True when any element is non-zero. */
  public static boolean any(NdArray a) {
    return reduce(ReduceOp.ANY, a, null, false).getBoolean();
  }

  public static NdArray any(NdArray a, int... axes) {
    return reduce(ReduceOp.ANY, a, axes, false);
  }

  /** True when every element is non-zero. */
  public static boolean all(NdArray a) {
    return reduce(ReduceOp.ALL, a, null, false).getBoolean();
  }

  public static NdArray all(NdArray a, int... axes) {
    return reduce(ReduceOp.ALL, a, axes, false);
  }
}
