package org.distarray.arrays.ops;

import org.distarray.arrays.DType;

/**
 * The reductions, with NumPy's names and result dtypes.
 *
 * <p>sum and prod of BOOL or integers give INT64 and keep FLOAT32/FLOAT64; mean, var and std of BOOL or
 * integers give FLOAT64 and keep FLOAT32; min and max keep the dtype; argmin and argmax give INT64; any and
 * all give BOOL. var and std are the population forms (NumPy's default {@code ddof=0}). Complex arrays: sum, prod,
 * mean, min and max keep the complex dtype, var and std give the float dtype of its parts.
 */
public enum ReduceOp {
  SUM("sum"), PROD("prod"), MEAN("mean"), VAR("var"), STD("std"), MIN("min"), MAX("max"),
  ARGMIN("argmin"), ARGMAX("argmax"), ANY("any"), ALL("all");

  private final String numpyName;

  ReduceOp(String numpyName) {
    this.numpyName = numpyName;
  }

  public String numpyName() {
    return numpyName;
  }

  /** The dtype of the reduction of an array of dtype a. */
  public DType resultType(DType a) {
    if (a.isComplex()) {
      return switch (this) {
        case VAR, STD -> a.partType();
        case ARGMIN, ARGMAX -> DType.INT64;
        case ANY, ALL -> DType.BOOL;
        default -> a;
      };
    }
    return switch (this) {
      case SUM, PROD -> a.isFloating() ? a : a.isUnsigned() ? DType.UINT64 : DType.INT64;
      case MEAN, VAR, STD -> a == DType.FLOAT32 ? DType.FLOAT32 : DType.FLOAT64;
      case MIN, MAX -> a;
      case ARGMIN, ARGMAX -> DType.INT64;
      case ANY, ALL -> DType.BOOL;
    };
  }
}
