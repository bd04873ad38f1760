package org.distarray.runtime;

import java.util.ArrayList;
import java.util.List;
import org.distarray.arrays.DType;
import org.distarray.arrays.NdArray;
import org.distarray.arrays.Shape;
import org.distarray.arrays.dist.AxisMap;
import org.distarray.arrays.dist.Distribution;
import org.distarray.arrays.ops.MatrixProducts;
import org.distarray.arrays.task.CombiningTask;
import org.distarray.arrays.task.LocalBlocks;
import org.distarray.arrays.task.LocalTask;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.QRDecomposition;

/**
 * TSQR and the products with its q ({@link Linalg}): local Householder QR on every engine (EJML), the r factors
 * combined engine to engine up a binary tree (each level stacks two and factors them again, keeping what each
 * rank's q is to be multiplied by), and every engine's q multiplied by its combining factor.
 */
final class TallSkinny {
  private TallSkinny() {}

  /** q distributed by rows, and r (cols x cols, non-negative diagonal). */
  record Factored(DistArray q, DMatrixRMaj r) {}

  static Factored factor(DistArray a) {
    Distribution rows = Linalg.byRows(a);
    DistArray x = rows.equals(a.distribution()) ? a : a.redistribute(rows);
    DistContext ctx = a.context();
    int n = (int) a.shape().dims()[1];
    DistArray q = ctx.empty(rows, DType.FLOAT64);
    try {
      Factors tree = ctx.applyCombined(new LocalQr(n), x, q);
      DMatrixRMaj[] factors = new DMatrixRMaj[tree.perRank().size()];
      for (int rank = 0; rank < factors.length; rank++) {
        factors[rank] = DMatrixRMaj.wrap(n, n, tree.perRank().get(rank));
      }
      DMatrixRMaj r = DMatrixRMaj.wrap(n, n, tree.r());
      for (int j = 0; j < n; j++) { // r's diagonal non-negative: row j of r and column j of q change sign
        if (r.get(j, j) < 0) {
          for (int t = 0; t < n; t++) {
            r.set(j, t, -r.get(j, t));
          }
          for (DMatrixRMaj f : factors) {
            for (int t = 0; t < n; t++) {
              f.set(t, j, -f.get(t, j));
            }
          }
        }
      }
      ctx.apply(new TimesFactor(tree.perRank(), n), q); // the factors wrap these arrays: their signs changed too
      return new Factored(q, r);
    } catch (RuntimeException e) {
      q.close();
      throw e;
    } finally {
      if (x != a) {
        x.close();
      }
    }
  }

  /** q's rows times a small matrix m (cols x k), in a new array distributed like q's rows. */
  static DistArray timesSmall(DistArray q, DMatrixRMaj m) {
    Distribution d = q.distribution();
    long rows = q.shape().dims()[0];
    Distribution out = Distribution.of(Shape.of(rows, m.numCols), List.of(d.axisMap(0), AxisMap.none()),
        new int[] {d.gridShape()[0], 1}, d.targets());
    DistArray result = q.context().empty(out, DType.FLOAT64);
    List<double[]> same = new ArrayList<>();
    for (int r = 0; r < d.ranks(); r++) {
      same.add(m.data);
    }
    try {
      q.context().apply(new Times(same, m.numRows, m.numCols), q, result);
    } catch (RuntimeException e) {
      result.close();
      throw e;
    }
    return result;
  }

  /** q^T b summed over the engines, for b of shape (rows,) or (rows, k): (cols x k). */
  static DMatrixRMaj transposeTimes(DistArray q, DistArray b) {
    long rows = q.shape().dims()[0];
    int n = (int) q.shape().dims()[1];
    DistArray b2 = b.ndim() == 1 ? b.reshape(rows, 1) : b;
    long k = b2.shape().dims()[1];
    Distribution d = q.distribution();
    Distribution aligned = Distribution.of(Shape.of(rows, k), List.of(d.axisMap(0), AxisMap.none()),
        new int[] {d.gridShape()[0], 1}, d.targets());
    DistArray bb = b2.distribution().equals(aligned) ? b2 : b2.redistribute(aligned);
    try {
      DMatrixRMaj sum = new DMatrixRMaj(n, (int) k);
      for (double[] part : q.context().apply(new TransposeTimes(), q, bb)) {
        CommonOps_DDRM.addEquals(sum, DMatrixRMaj.wrap(n, (int) k, part));
      }
      return sum;
    } finally {
      if (bb != b2) {
        bb.close();
      }
      if (b2 != b) {
        b2.close();
      }
    }
  }

  /**
   * The r factor of a run of ranks (cols x cols, row order) and, for each of its ranks in order, the factor (cols x
   * cols) its local q is multiplied by to give its rows of the run's q.
   */
  public record Factors(double[] r, List<double[]> perRank) {}

  /**
   * Factors this engine's rows (block 0) with EJML's Householder QR: writes its q (padded with zero columns when it
   * has fewer rows than columns) into block 1; its r (zero rows padding it) goes up the tree, where two runs of ranks
   * combine by factoring their stacked r factors again.
   */
  public record LocalQr(int n) implements CombiningTask<Factors> {
    @Override
    public Factors run(LocalBlocks blocks) {
      NdArray x = blocks.block(0);
      int m = (int) x.dims()[0];
      double[] r = new double[n * n];
      List<double[]> own = List.of(CommonOps_DDRM.identity(n).data);
      if (m == 0) {
        return new Factors(r, own);
      }
      DMatrixRMaj a = x.toMatrix();
      QRDecomposition<DMatrixRMaj> qr = DecompositionFactory_DDRM.qr(m, n);
      qr.decompose(a); // false only for a zero column, whose reflection is left out: still a valid factoring
      DMatrixRMaj q = qr.getQ(null, true);
      DMatrixRMaj rr = qr.getR(null, true);
      DMatrixRMaj padded = new DMatrixRMaj(m, n);
      CommonOps_DDRM.insert(q, padded, 0, 0);
      blocks.block(1).copyFrom(NdArray.of(padded.data, m, n));
      for (int i = 0; i < rr.numRows; i++) {
        for (int j = 0; j < n; j++) {
          r[i * n + j] = rr.get(i, j);
        }
      }
      return new Factors(r, own);
    }

    @Override
    public Factors combine(Factors left, Factors right) {
      DMatrixRMaj stacked = new DMatrixRMaj(2 * n, n);
      CommonOps_DDRM.insert(DMatrixRMaj.wrap(n, n, left.r()), stacked, 0, 0);
      CommonOps_DDRM.insert(DMatrixRMaj.wrap(n, n, right.r()), stacked, n, 0);
      QRDecomposition<DMatrixRMaj> qr = DecompositionFactory_DDRM.qr(2 * n, n);
      qr.decompose(stacked); // false only for a zero column: as for the blocks
      DMatrixRMaj q2 = qr.getQ(null, true);
      List<double[]> perRank = new ArrayList<>(left.perRank().size() + right.perRank().size());
      times(left.perRank(), CommonOps_DDRM.extract(q2, 0, n, 0, n), perRank);
      times(right.perRank(), CommonOps_DDRM.extract(q2, n, 2 * n, 0, n), perRank);
      return new Factors(qr.getR(null, true).data, perRank);
    }

    private void times(List<double[]> factors, DMatrixRMaj part, List<double[]> out) {
      for (double[] f : factors) {
        DMatrixRMaj product = new DMatrixRMaj(n, n);
        CommonOps_DDRM.mult(DMatrixRMaj.wrap(n, n, f), part, product);
        out.add(product.data);
      }
    }
  }

  /** Multiplies this engine's q (block 0) by its combining factor, in place. */
  public record TimesFactor(List<double[]> factors, int n) implements LocalTask<Integer> {
    @Override
    public Integer run(LocalBlocks blocks) {
      NdArray q = blocks.block(0);
      NdArray product = NdArray.zeros(DType.FLOAT64, q.dims());
      MatrixProducts.multiply(q, NdArray.of(factors.get(blocks.rank()), n, n), product, false);
      q.copyFrom(product);
      return blocks.rank();
    }
  }

  /** Block 1 = block 0 times this rank's (rows x cols) matrix. */
  public record Times(List<double[]> matrices, int rows, int cols) implements LocalTask<Integer> {
    @Override
    public Integer run(LocalBlocks blocks) {
      MatrixProducts.multiply(blocks.block(0), NdArray.of(matrices.get(blocks.rank()), rows, cols), blocks.block(1),
          false);
      return blocks.rank();
    }
  }

  /** This engine's q^T b (block 0 transposed times block 1), (cols x k) in row order. */
  public record TransposeTimes() implements LocalTask<double[]> {
    @Override
    public double[] run(LocalBlocks blocks) {
      NdArray q = blocks.block(0);
      NdArray b = blocks.block(1);
      NdArray out = NdArray.zeros(DType.FLOAT64, q.dims()[1], b.dims()[1]);
      MatrixProducts.multiply(q.transpose(), b, out, false);
      return (double[]) out.storage();
    }
  }
}
