package org.distarray.runtime;

import org.distarray.arrays.DType;
import org.distarray.arrays.DTypeException;
import org.distarray.arrays.NdArray;
import org.distarray.arrays.ShapeMismatchException;
import org.distarray.arrays.dist.Distribution;
import org.distarray.arrays.ops.MatrixProducts;
import org.distarray.arrays.task.LocalBlocks;
import org.distarray.arrays.task.LocalTask;

/**
 * NumPy's {@code cov} in one pass: observations in rows with every variable whole on an engine (the array moves
 * there once if it is laid out otherwise), each engine's count, variable means and centred Gram matrix (its rows
 * shifted by the first observation and centred on its own means, multiplied by OpenBLAS), merged as Chan et al.
 * merge variances: {@code M = Ma + Mb + d d^T na nb / n} with d the difference of the means. The shift and the
 * centring before multiplying keep the accuracy when the means are large against the spread.
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
        long n = 0;
        double[] mean = new double[v];
        double[] m2 = new double[v * v];
        for (double[] share : a.context().apply(new Share(v, shift), x)) {
          long c = (long) share[0];
          if (c == 0) {
            continue;
          }
          long total = n + c;
          double[] delta = new double[v];
          for (int i = 0; i < v; i++) {
            delta[i] = share[1 + i] - mean[i];
          }
          double w = (double) n * c / total;
          for (int i = 0; i < v; i++) {
            for (int j = 0; j < v; j++) {
              m2[i * v + j] += share[1 + v + i * v + j] + delta[i] * delta[j] * w;
            }
          }
          for (int i = 0; i < v; i++) {
            mean[i] += delta[i] * c / total;
          }
          n = total;
        }
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

  /** This block's count, variable means and centred Gram matrix (v x v) of its values minus shift, in one array. */
  public record Share(int v, double[] shift) implements LocalTask<double[]> {
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
