package org.distarray.runtime;

import org.apache.commons.math3.stat.descriptive.StatisticalSummary;

/**
 * Linear algebra and summary statistics of {@link DistArray}: NumPy's {@code matmul}, {@code dot} and
 * {@code linalg.norm}, and a one-pass summary as Commons Math's {@link StatisticalSummary}. The factorisations of
 * tall-skinny arrays are in {@link Linalg}.
 */
public abstract sealed class LinearAlgebra extends Ordering permits DistArray {
  LinearAlgebra() {}

  /**
   * NumPy's {@code matmul(this, b)} for 1-D and 2-D operands of any layout (1-D @ 1-D gives a 0-d array), of NumPy's
   * result dtype: SUMMA over a 2-D grid of this array's engines, panels of both operands sent engine to engine to
   * the engines that need them (the next while the current is multiplied), each block product by OpenBLAS (EJML when
   * that does not load; {@link org.distarray.arrays.ops.MatrixProducts#implementation()} says which). The result of
   * two 2-D operands is in blocks over that grid.
   *
   * @throws org.distarray.arrays.ShapeMismatchException when the inner lengths differ or an operand is not 1-D or
   *     2-D, naming both shapes
   */
  public DistArray matmul(DistArray b) {
    return MatMul.of(context(), self(), b);
  }

  /**
   * NumPy's {@code dot} of two 1-D arrays of the same length, as a double.
   *
   * @throws org.distarray.arrays.ShapeMismatchException when they are not 1-D of one length, naming the shapes
   */
  public double dot(DistArray b) {
    return MatMul.dot(self(), b);
  }

  /** NumPy's {@code linalg.norm(this)}: the 2-norm of the flattened array (absolute values for complex). */
  public double norm() {
    return MatMul.norm(self());
  }

  /**
   * n, mean, variance (n - 1), standard deviation, min, max and sum in one pass over the blocks: each engine's
   * count, sum, mean, centred sum of squares and extremes, merged pairwise (Chan et al.) on the client.
   *
   * @throws org.distarray.arrays.DTypeException for complex arrays
   */
  public StatisticalSummary summary() {
    return Summaries.of(context(), self());
  }
}
