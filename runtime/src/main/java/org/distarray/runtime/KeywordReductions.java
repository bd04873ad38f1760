package org.distarray.runtime;

import org.distarray.arrays.DType;
import org.distarray.arrays.ops.ReduceOp;
import org.distarray.arrays.ops.ReduceOptions;
import org.distarray.arrays.ops.Reductions;

/**
 * Reductions with NumPy's {@code dtype=}, {@code ddof=} and {@code keepdims=} over distributed arrays: the dtype is
 * a lazy cast fused into the reduction, ddof a scale of the population result, keepdims a reshape. A reduction over
 * every axis is done on the engines to one value and continues as a 0-d array on one engine.
 */
final class KeywordReductions {
  private KeywordReductions() {}

  static DistArray reduce(DistContext ctx, DistArray a, ReduceOp op, ReduceOptions options, int[] axes) {
    options.check(op);
    int nd = a.ndim();
    boolean[] reduced = Reductions.reducedAxes(nd, axes.length == 0 ? null : axes);
    boolean every = true;
    long n = 1;
    long[] keptDims = a.shape().dims();
    for (int k = 0; k < nd; k++) {
      every &= reduced[k];
      n *= reduced[k] ? keptDims[k] : 1;
      keptDims[k] = reduced[k] ? 1 : keptDims[k];
    }
    DistArray src = options.dtype() == null || options.dtype() == a.dtype() ? a : a.astype(options.dtype());
    ReduceOp base = options.reducedAs(op);
    DistArray r = every ? ctx.fromNdArray(src.reduceToValue(base)) : src.reduce(base, Reductions.axesOf(reduced));
    if (options.ddof() != 0) {
      r = r.multiply(options.ddofFactor(n));
      r = op == ReduceOp.STD ? r.sqrt() : r;
    }
    DType rt = options.resultType(op, a.dtype());
    r = r.dtype() == rt ? r : r.astype(rt);
    return options.keepdims() ? r.reshape(keptDims) : r;
  }
}
