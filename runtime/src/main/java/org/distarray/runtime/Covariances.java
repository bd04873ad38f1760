package org.distarray.runtime;

import org.distarray.arrays.DType;
import org.distarray.arrays.DTypeException;
import org.distarray.arrays.NdArray;
import org.distarray.arrays.ShapeMismatchException;
import org.distarray.arrays.dist.Distribution;
import org.distarray.arrays.ops.MatrixProducts;
import org.distarray.arrays.task.LocalBlocks;
import org.distarray.arrays.task.CombiningTask;

/**
 * NumPy's {@code cov} in one pass: observations in rows with every variable whole on an engine (the array moves
 * there once if it is laid out otherwise), each engine's count, variable means and centred Gram matrix (its rows
 * shifted by the first observation and centred on its own means, multiplied by OpenBLAS), merged engine to engine
 * up a tree as Chan et al. merge variances: {@code M = Ma + Mb + d d^T na nb / n} with d the difference of the
 * means. The shift and the centring before multiplying keep the accuracy when the means are large against the
 * spread.
 */
final class Covariances {
  private Covariances() {}

  static NdArray cov(DistArray a, boolean rowvar) {
    if (a.ndim() != 2) {
      throw new ShapeMismatchException("cov takes a 2-D array (variables by observations or the transpose), got shape "
          + a.shape());
    }
    if (a.dtype().isComplex()) {
      throw new DTypeException("cov is not supported for " + a.dtype() + " (real dtypes only)");
    }
    DistArray obs = rowvar ? a.transpose() : a;
    try {
      long rows = obs.shape().dims()[0];
      int v = (int) obs.shape().dims()[1];
      Distribution whole = Linalg.wholeRows(obs); // every variable whole, in global order
      DistArray x = whole.equals(obs.distribution()) ? obs : obs.redistribute(whole);
      try {
        // every value shifted by the first observation first: the engines' means are then of the spread's size, and
        // their differences, which the merge multiplies, keep their digits however far the data is from 0
        double[] shift = new double[v];
        if (rows > 0) {
          try (DistArray first = obs.slice("0, :")) {
            shift = first.toNdArray().toDoubleArray();
          }
        }
        double[] share = a.context().applyCombined(new Share(v, shift), x);
        long n = (long) share[0];
        double[] m2 = java.util.Arrays.copyOfRange(share, 1 + v, 1 + v + v * v);
        double[] c = new double[v * v];
        for (int i = 0; i < v * v; i++) {
          c[i] = m2[i] / (n - 1);
        }
        return NdArray.of(c, v, v);
      } finally {
        if (x != obs) {
          x.close();
        }
      }
    } finally {
      if (obs != a) {
        obs.close();
      }
    }
  }

  /**
   * This block's count, variable means and centred Gram matrix (v x v) of its values minus shift, in one array; two
   * engines' shares merge engine to engine up the tree.
   */
  public record Share(int v, double[] shift) implements CombiningTask<double[]> {
    @Override
    public double[] combine(double[] l, double[] r) {
      double nl = l[0];
      double nr = r[0];
      if (nl == 0 || nr == 0) {
        return nl == 0 ? r : l;
      }
      double n = nl + nr;
      double w = nl * nr / n;
      double[] delta = new double[v];
      for (int i = 0; i < v; i++) {
        delta[i] = r[1 + i] - l[1 + i];
      }
      for (int i = 0; i < v; i++) {
        for (int j = 0; j < v; j++) {
          l[1 + v + i * v + j] += r[1 + v + i * v + j] + delta[i] * delta[j] * w;
        }
        l[1 + i] += delta[i] * nr / n;
      }
      l[0] = n;
      return l;
    }

    @Override
    public double[] run(LocalBlocks blocks) {
      NdArray x = blocks.block(0).astype(DType.FLOAT64);
      int m = (int) x.dims()[0];
      double[] out = new double[1 + v + v * v];
      out[0] = m;
      if (m == 0) {
        return out;
      }
      NdArray centred = x.copy();
      double[] c = (double[]) centred.storage();
      for (int i = 0; i < m; i++) {
        for (int j = 0; j < v; j++) {
          c[i * v + j] -= shift[j];
        }
      }
      for (int j = 0; j < v; j++) {
        double s = 0;
        for (int i = 0; i < m; i++) {
          s += c[i * v + j];
        }
        double mean = s / m;
        out[1 + j] = mean;
        for (int i = 0; i < m; i++) {
          c[i * v + j] -= mean;
        }
      }
      NdArray gram = NdArray.zeros(DType.FLOAT64, v, v);
      MatrixProducts.multiply(centred.transpose(), centred, gram, false);
      System.arraycopy((double[]) gram.storage(), 0, out, 1 + v, v * v);
      return out;
    }
  }
}
