package org.distarray.runtime;

import org.distarray.arrays.DType;
import org.distarray.arrays.ops.ReduceOp;
import org.distarray.arrays.ops.ReduceOptions;

/**
 * NumPy's nan-reductions over distributed arrays, built from the lazy chains and the usual reductions: NaN elements
 * are replaced lazily (by 0 for the sums, by an infinity for the extremes), and slices that hold no number give NaN
 * as NumPy's do. No axes means all of them.
 */
final class NanReductions {
  private NanReductions() {}

  /** NumPy's {@code nanmean}: the sum of the numbers over their count. */
  static DistArray mean(DistArray a, int[] axes) {
    if (!a.dtype().isInexact()) {
      return a.reduce(ReduceOp.MEAN, ReduceOptions.NONE, axes);
    }
    DistArray counts = a.isnan().logicalNot().reduce(ReduceOp.SUM, ReduceOptions.NONE, axes);
    DistArray m = a.nanAs(0).reduce(ReduceOp.SUM, ReduceOptions.NONE, axes).divide(counts);
    DType rt = ReduceOp.MEAN.resultType(a.dtype());
    return m.dtype() == rt ? m : m.astype(rt);
  }

  /** NumPy's {@code nanmin} (min) or {@code nanmax}: NaN where a slice is all NaN. */
  static DistArray extreme(DistArray a, boolean min, int[] axes) {
    ReduceOp op = min ? ReduceOp.MIN : ReduceOp.MAX;
    if (!a.dtype().isInexact()) {
      return a.reduce(op, ReduceOptions.NONE, axes);
    }
    DistArray extreme = a.nanAs(min ? Double.POSITIVE_INFINITY : Double.NEGATIVE_INFINITY)
        .reduce(op, ReduceOptions.NONE, axes);
    DistArray none = a.isnan().logicalNot().reduce(ReduceOp.ANY, ReduceOptions.NONE, axes).logicalNot();
    return none.where(extreme.filled(Double.NaN), extreme);
  }
}
