package org.distarray.arrays.ops;

import org.distarray.arrays.DType;

/**
 * NumPy's reduction keywords, for the reductions that take them: {@code dtype=} (sum, prod, mean, var, std: the
 * elements are cast to it, reduced, and the result has it), {@code ddof=} (var and std divide the sum of squared
 * deviations by {@code N - ddof}, at least 0) and {@code keepdims=} (every reduction: the reduced axes stay, with
 * length 1).
 *
 * <p>Example: {@code a.var(ReduceOptions.ddof(1), 0)} is NumPy's {@code a.var(axis=0, ddof=1)};
 * {@code a.sum(ReduceOptions.dtype(DType.INT8).withKeepdims(true))} is {@code a.sum(dtype=np.int8, keepdims=True)}.
 *
 * @param dtype the dtype to reduce in, or null for NumPy's default
 * @param ddof delta degrees of freedom of var and std (0: the population forms)
 * @param keepdims keep the reduced axes as length 1
 */
public record ReduceOptions(DType dtype, int ddof, boolean keepdims) {
  /** NumPy's defaults: no dtype, ddof 0, reduced axes dropped. */
  public static final ReduceOptions NONE = new ReduceOptions(null, 0, false);
  /** NumPy's {@code keepdims=True}. */
  public static final ReduceOptions KEEPDIMS = new ReduceOptions(null, 0, true);

  /** NumPy's {@code dtype=t}. */
  public static ReduceOptions dtype(DType t) {
    return new ReduceOptions(t, 0, false);
  }

  /** NumPy's {@code ddof=d}. */
  public static ReduceOptions ddof(int d) {
    return new ReduceOptions(null, d, false);
  }

  public ReduceOptions withDtype(DType t) {
    return new ReduceOptions(t, ddof, keepdims);
  }

  public ReduceOptions withDdof(int d) {
    return new ReduceOptions(dtype, d, keepdims);
  }

  public ReduceOptions withKeepdims(boolean k) {
    return new ReduceOptions(dtype, ddof, k);
  }

  /**
   * Checks that op takes these options, as NumPy's signatures do.
   *
   * @throws IllegalArgumentException naming the op and the option: dtype for min, max, argmin, argmax, any and all;
   *     a non-zero ddof for anything but var and std
   */
  public void check(ReduceOp op) {
    boolean takesDtype = op == ReduceOp.SUM || op == ReduceOp.PROD || op == ReduceOp.MEAN || op == ReduceOp.VAR
        || op == ReduceOp.STD;
    if (dtype != null && !takesDtype) {
      throw new IllegalArgumentException(op.numpyName() + " takes no dtype (got " + dtype + "): only sum, prod, "
          + "mean, var and std do");
    }
    if (ddof != 0 && op != ReduceOp.VAR && op != ReduceOp.STD) {
      throw new IllegalArgumentException(op.numpyName() + " takes no ddof (got " + ddof + "): only var and std do");
    }
  }

  /** The result dtype of op with these options over an array of dtype a. */
  public DType resultType(ReduceOp op, DType a) {
    if (dtype == null) {
      return op.resultType(a);
    }
    return (op == ReduceOp.VAR || op == ReduceOp.STD) ? dtype.partType() : dtype;
  }

  /** The reduction that computes op with these options: var for std with a ddof (scaled, then its root), else op. */
  public ReduceOp reducedAs(ReduceOp op) {
    return ddof != 0 && op == ReduceOp.STD ? ReduceOp.VAR : op;
  }

  /** The factor that turns a population variance over n elements into this ddof's: n / max(n - ddof, 0). */
  public double ddofFactor(long n) {
    return n / (double) Math.max(n - ddof, 0);
  }
}
