package org.distarray.runtime;

import java.util.List;
import org.distarray.arrays.DTypeException;
import org.distarray.arrays.NdArray;
import org.distarray.arrays.ShapeMismatchException;
import org.distarray.arrays.dist.AxisMap;
import org.distarray.arrays.dist.Distribution;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.SingularOps_DDRM;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.SingularValueDecomposition_F64;

/**
 * Factorisations of tall-skinny distributed arrays (rows >= columns, a columns x columns matrix fits one engine) and
 * covariances, on EJML.
 *
 * <p>{@link #qr} is TSQR: every engine factors its rows with EJML's Householder QR and keeps its local q; the r
 * factors (columns x columns each) are combined pairwise (each pair stacked and factored again) into the r of the
 * whole; every engine then multiplies its local q by its part of the combining q. {@link #svd} factors r with EJML's
 * SVD; {@link #lstsq} solves r x = q^T b (no normal equations: an ill-conditioned problem keeps the accuracy of the
 * QR). {@link #cov} is one pass: every engine's count, column means and centred Gram matrix, merged as Chan et al.
 * merge variances.
 */
public final class Linalg {
  private Linalg() {}

  /** A reduced QR factorisation: q (rows x cols) distributed by rows, r (cols x cols) upper triangular. */
  public record QR(DistArray q, NdArray r) {}

  /** A thin SVD: u (rows x cols) distributed by rows, s descending, vt (cols x cols). */
  public record SVD(DistArray u, NdArray s, NdArray vt) {}

  /**
   * The reduced QR factorisation of a tall-skinny array by TSQR; r's diagonal is non-negative. q has a's
   * distribution when a's column axis is not distributed, otherwise it is distributed by rows over a's engines.
   *
   * @throws ShapeMismatchException when a is not 2-D with at least as many rows as columns
   */
  public static QR qr(DistArray a) {
    TallSkinny.Factored f = TallSkinny.factor(a);
    return new QR(f.q(), NdArray.of(f.r().data, f.r().numRows, f.r().numCols));
  }

  /**
   * The thin SVD of a tall-skinny array: TSQR, then EJML's SVD of r; singular values descending.
   *
   * @throws ShapeMismatchException when a is not 2-D with at least as many rows as columns
   */
  public static SVD svd(DistArray a) {
    TallSkinny.Factored f = TallSkinny.factor(a);
    int n = f.r().numCols;
    SingularValueDecomposition_F64<DMatrixRMaj> svd = DecompositionFactory_DDRM.svd(n, n, true, true, false);
    if (!svd.decompose(f.r().copy())) {
      f.q().close();
      throw new IllegalStateException("EJML's SVD of the " + n + " x " + n + " r factor did not converge");
    }
    DMatrixRMaj u = svd.getU(null, false);
    DMatrixRMaj w = svd.getW(null);
    DMatrixRMaj vt = svd.getV(null, true);
    SingularOps_DDRM.descendingOrder(u, false, w, vt, true);
    double[] s = new double[n];
    for (int i = 0; i < n; i++) {
      s[i] = w.get(i, i);
    }
    try (DistArray q = f.q()) {
      DistArray ud = TallSkinny.timesSmall(q, u);
      return new SVD(ud, NdArray.of(s, n), NdArray.of(vt.data, n, n));
    }
  }

  /**
   * The x minimising |a x - b| (2-norm) for a tall-skinny a of full column rank, through TSQR: r x = q^T b.
   *
   * @param b of shape (rows,) or (rows, k)
   * @return x of shape (cols,) or (cols, k)
   * @throws ShapeMismatchException when b's first length is not a's row count or b is not 1-D or 2-D
   */
  public static NdArray lstsq(DistArray a, DistArray b) {
    if (b.ndim() < 1 || b.ndim() > 2 || a.ndim() != 2 || b.shape().dims()[0] != a.shape().dims()[0]) {
      throw new ShapeMismatchException("lstsq needs b of shape (m,) or (m, k) for a of shape (m, n): a " + a.shape()
          + ", b " + b.shape());
    }
    if (b.dtype().isComplex()) {
      throw new DTypeException("lstsq is not supported for " + b.dtype() + " right-hand sides (real dtypes only)");
    }
    TallSkinny.Factored f = TallSkinny.factor(a);
    try (DistArray q = f.q()) {
      DMatrixRMaj qtb = TallSkinny.transposeTimes(q, b);
      DMatrixRMaj x = backSubstitution(f.r(), qtb, a);
      return b.ndim() == 1 ? NdArray.of(x.data, x.numRows) : NdArray.of(x.data, x.numRows, x.numCols);
    }
  }

  /** x with r x = c for upper triangular r, column by column. */
  private static DMatrixRMaj backSubstitution(DMatrixRMaj r, DMatrixRMaj c, DistArray a) {
    int n = r.numRows;
    int k = c.numCols;
    DMatrixRMaj x = new DMatrixRMaj(n, k);
    for (int i = 0; i < n; i++) {
      if (r.get(i, i) == 0) {
        throw new IllegalArgumentException("lstsq: a (shape " + a.shape() + ") is rank deficient (r[" + i + ", " + i
            + "] = 0); its least-squares solution is not unique");
      }
    }
    for (int j = 0; j < k; j++) {
      for (int i = n - 1; i >= 0; i--) {
        double v = c.get(i, j);
        for (int t = i + 1; t < n; t++) {
          v -= r.get(i, t) * x.get(t, j);
        }
        x.set(i, j, v / r.get(i, i));
      }
    }
    return x;
  }

  /**
   * NumPy's {@code cov(a, rowvar=rowvar)} (ddof 1) of a 2-D array: rows are variables when rowvar, else columns.
   *
   * @throws ShapeMismatchException when a is not 2-D
   */
  public static NdArray cov(DistArray a, boolean rowvar) {
    return Covariances.cov(a, rowvar);
  }

  /** NumPy's {@code corrcoef(a, rowvar=rowvar)}: the covariance scaled by the standard deviations, within [-1, 1]. */
  public static NdArray corrcoef(DistArray a, boolean rowvar) {
    NdArray c = cov(a, rowvar);
    int v = (int) c.dims()[0];
    double[] m = c.toDoubleArray();
    double[] sd = new double[v];
    for (int i = 0; i < v; i++) {
      sd[i] = Math.sqrt(m[i * v + i]);
    }
    for (int i = 0; i < v; i++) {
      for (int j = 0; j < v; j++) {
        double x = m[i * v + j] / sd[i] / sd[j]; // NumPy divides by the row's, then the column's deviation
        m[i * v + j] = Double.isNaN(x) ? x : Math.max(-1.0, Math.min(1.0, x));
      }
    }
    return NdArray.of(m, v, v);
  }

  /** The layout of a tall-skinny array that every factorisation reads: whole rows on every engine. */
  static Distribution byRows(DistArray a) {
    if (a.ndim() != 2 || a.shape().dims()[0] < a.shape().dims()[1]) {
      throw new ShapeMismatchException("a tall-skinny factorisation needs a 2-D array with at least as many rows as"
          + " columns, got shape " + a.shape());
    }
    if (a.dtype().isComplex()) {
      throw new DTypeException("factorisations are not supported for " + a.dtype() + " (real dtypes only)");
    }
    return wholeRows(a);
  }

  /**
   * a's layout when every engine holds whole rows with the columns in global order, otherwise blocks of rows over
   * a's first engines (as many as there are rows, at most all).
   */
  static Distribution wholeRows(DistArray a) {
    Distribution d = a.distribution();
    if (d.gridShape()[1] == 1 && d.axisMap(1).distType() != 'u') {
      return d;
    }
    int[] targets = d.targets();
    int engines = (int) Math.max(1, Math.min(targets.length, a.shape().dims()[0]));
    return Distribution.of(a.shape(), List.of(AxisMap.block(), AxisMap.none()), new int[] {engines, 1},
        java.util.Arrays.copyOf(targets, engines));
  }
}
