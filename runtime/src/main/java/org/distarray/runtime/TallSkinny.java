package org.distarray.runtime;

import java.util.ArrayList;
import java.util.List;
import org.distarray.arrays.DType;
import org.distarray.arrays.NdArray;
import org.distarray.arrays.Shape;
import org.distarray.arrays.dist.AxisMap;
import org.distarray.arrays.dist.Distribution;
import org.distarray.arrays.ops.MatrixProducts;
import org.distarray.arrays.task.LocalBlocks;
import org.distarray.arrays.task.LocalTask;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.QRDecomposition;

/**
 * TSQR and the products with its q ({@link Linalg}): local Householder QR on every engine (EJML), the r factors
 * combined pairwise on the client (each level stacks two and factors them again), and every engine's q multiplied by
 * its part of the combining factors.
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
      List<double[]> local = ctx.apply(new LocalQr(n), x, q);
      int ranks = local.size();
      List<DMatrixRMaj> level = new ArrayList<>();
      List<int[]> members = new ArrayList<>();
      DMatrixRMaj[] factors = new DMatrixRMaj[ranks];
      for (int r = 0; r < ranks; r++) {
        level.add(DMatrixRMaj.wrap(n, n, local.get(r)));
        members.add(new int[] {r});
        factors[r] = CommonOps_DDRM.identity(n);
      }
      while (level.size() > 1) { // pairwise: each pair's stacked r factors are factored again
        List<DMatrixRMaj> next = new ArrayList<>();
        List<int[]> nextMembers = new ArrayList<>();
        for (int g = 0; g + 1 < level.size(); g += 2) {
          DMatrixRMaj stacked = new DMatrixRMaj(2 * n, n);
          CommonOps_DDRM.insert(level.get(g), stacked, 0, 0);
          CommonOps_DDRM.insert(level.get(g + 1), stacked, n, 0);
          QRDecomposition<DMatrixRMaj> qr = DecompositionFactory_DDRM.qr(2 * n, n);
          qr.decompose(stacked);
          DMatrixRMaj q2 = qr.getQ(null, true);
          applyPart(factors, members.get(g), CommonOps_DDRM.extract(q2, 0, n, 0, n));
          applyPart(factors, members.get(g + 1), CommonOps_DDRM.extract(q2, n, 2 * n, 0, n));
          next.add(qr.getR(null, true));
          nextMembers.add(concat(members.get(g), members.get(g + 1)));
        }
        if (level.size() % 2 == 1) {
          next.add(level.get(level.size() - 1));
          nextMembers.add(members.get(members.size() - 1));
        }
        level = next;
        members = nextMembers;
      }
      DMatrixRMaj r = level.get(0);
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
      List<double[]> perRank = new ArrayList<>();
      for (DMatrixRMaj f : factors) {
        perRank.add(f.data);
      }
      ctx.apply(new TimesFactor(perRank, n), q);
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

  private static void applyPart(DMatrixRMaj[] factors, int[] ranks, DMatrixRMaj part) {
    for (int r : ranks) {
      DMatrixRMaj f = new DMatrixRMaj(part.numRows, part.numCols);
      CommonOps_DDRM.mult(factors[r], part, f);
      factors[r] = f;
    }
  }

  private static int[] concat(int[] a, int[] b) {
    int[] c = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, c, a.length, b.length);
    return c;
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
   * Factors this engine's rows (block 0) with EJML's Householder QR: writes its q (padded with zero columns when it
   * has fewer rows than columns) into block 1 and returns its r (cols x cols, zero rows padding it) in row order.
   */
  public record LocalQr(int n) implements LocalTask<double[]> {
    @Override
    public double[] run(LocalBlocks blocks) {
      NdArray x = blocks.block(0);
      int m = (int) x.dims()[0];
      double[] r = new double[n * n];
      if (m == 0) {
        return r;
      }
      DMatrixRMaj a = x.toMatrix();
      QRDecomposition<DMatrixRMaj> qr = DecompositionFactory_DDRM.qr(m, n);
      if (!qr.decompose(a)) {
        throw new IllegalStateException("EJML's QR of a block of " + m + " x " + n + " failed");
      }
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
      return r;
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
