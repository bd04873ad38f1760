package org.distarray.samples;

import java.io.PrintStream;
import org.distarray.arrays.NdArray;
import org.distarray.arrays.Shape;
import org.distarray.arrays.dist.Distribution;
import org.distarray.arrays.task.LocalBlocks;
import org.distarray.arrays.task.LocalTask;
import org.distarray.runtime.DistArray;
import org.distarray.runtime.DistContext;
import org.distarray.runtime.Linalg;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.factory.LinearSolverFactory_DDRM;
import org.ejml.interfaces.linsol.LinearSolverDense;

/**
 * Distributed linear least squares, min ||A x - b||, for a tall and skinny A whose rows are spread over the engines:
 * {@code Linalg.lstsq} factors A by TSQR (a Householder QR of every engine's rows with EJML, the r factors combined)
 * and solves r x = q^T b, without the normal equations, so an ill-conditioned A keeps the accuracy of its QR. The
 * answer is checked against EJML's QR least squares on the gathered matrix.
 *
 * <p>Usage: {@code LeastSquares [--rows M (200000)] [--cols N (12)] [--seed S (7)] [--engines E (4)] [--out DIR]
 * [--connect FILE]}.
 */
public final class LeastSquares {
  static final String USAGE = "LeastSquares [--rows M] [--cols N] [--seed S] [--engines E] [--out DIR]"
      + " [--connect FILE]";

  private LeastSquares() {}

  /** The outcome: the distributed solution, EJML's on the gathered matrix, and their largest relative difference. */
  public record Result(double[] x, double[] reference, double relativeDifference, double residualNorm) {}

  /** b = A x_true + 0.01 noise on this engine's rows, x_true = (1, 2, ..., n). */
  record MakeRightHandSide() implements LocalTask<Integer> {
    @Override
    public Integer run(LocalBlocks blocks) {
      DMatrixRMaj a = matrix(blocks.block(0));
      NdArray noise = blocks.block(1);
      NdArray b = blocks.block(2);
      DMatrixRMaj x = new DMatrixRMaj(a.numCols, 1);
      for (int j = 0; j < a.numCols; j++) {
        x.set(j, 0, j + 1);
      }
      DMatrixRMaj ax = new DMatrixRMaj(a.numRows, 1);
      CommonOps_DDRM.mult(a, x, ax);
      for (int i = 0; i < a.numRows; i++) {
        b.set(ax.get(i, 0) + 0.01 * noise.getDouble(i), i);
      }
      return a.numRows;
    }
  }

  public static void main(String[] args) {
    SampleOptions.main(args, a -> run(a, System.out));
  }

  /** Runs the sample with the given arguments, printing to out. */
  public static Result run(String[] args, PrintStream out) {
    SampleOptions o = SampleOptions.parse(args, USAGE, "rows", "cols", "seed");
    long m = o.positiveLong("rows", 200_000);
    int n = o.positiveInt("cols", 12);
    long seed = o.positiveLong("seed", 7);
    if (m < n) {
      throw new IllegalArgumentException("least squares needs at least as many rows as columns: --rows " + m
          + " < --cols " + n);
    }
    o.out();
    try (DistContext ctx = o.open(4)) {
      Distribution rows = ctx.distribution(Shape.of(m, n), "b");
      Distribution vector = Distribution.of(Shape.of(m), "b", rows.targets());
      out.printf("least squares with a %d x %d matrix on %d engines%n", m, n, rows.ranks());
      try (DistArray a = ctx.random(seed).rand(rows);
          DistArray noise = ctx.random(seed + 1).randn(vector);
          DistArray b = ctx.zeros(vector)) {
        ctx.apply(new MakeRightHandSide(), a, noise, b);
        long start = System.nanoTime();
        double[] x = Linalg.lstsq(a, b).toDoubleArray();
        long elapsed = System.nanoTime() - start;
        double[] reference = gatheredLeastSquares(a.toNdArray(), b.toNdArray());
        double diff = relativeDifference(x, reference);
        double residual = residualNorm(a.toNdArray(), b.toNdArray(), x);
        out.printf("distributed least squares (TSQR): %.1f ms%n", elapsed / 1e6);
        out.println("x (distributed) = " + java.util.Arrays.toString(round(x)));
        out.println("x (EJML QR)     = " + java.util.Arrays.toString(round(reference)));
        out.printf("largest relative difference %.3g; residual norm %.6f%n", diff, residual);
        return new Result(x, reference, diff, residual);
      }
    }
  }

  /** EJML's QR least squares on the whole matrix, the serial reference. */
  static double[] gatheredLeastSquares(NdArray a, NdArray b) {
    DMatrixRMaj am = matrix(a);
    LinearSolverDense<DMatrixRMaj> qr = LinearSolverFactory_DDRM.leastSquares(am.numRows, am.numCols);
    if (!qr.setA(am)) {
      throw new IllegalStateException("the gathered matrix is singular");
    }
    DMatrixRMaj x = new DMatrixRMaj(am.numCols, 1);
    qr.solve(column(b), x);
    return x.getData().clone();
  }

  static double relativeDifference(double[] x, double[] ref) {
    double scale = 0;
    double diff = 0;
    for (int i = 0; i < x.length; i++) {
      scale = Math.max(scale, Math.abs(ref[i]));
      diff = Math.max(diff, Math.abs(x[i] - ref[i]));
    }
    return diff / scale;
  }

  static double residualNorm(NdArray a, NdArray b, double[] x) {
    DMatrixRMaj r = new DMatrixRMaj(b.toDoubleArray().length, 1);
    CommonOps_DDRM.mult(matrix(a), DMatrixRMaj.wrap(x.length, 1, x), r);
    CommonOps_DDRM.subtractEquals(r, column(b));
    return org.ejml.dense.row.NormOps_DDRM.normF(r);
  }

  /** A 2-D block as an EJML row-major matrix (a copy, so that views with offsets work too). */
  static DMatrixRMaj matrix(NdArray block) {
    return DMatrixRMaj.wrap((int) block.shape().dim(0), (int) block.shape().dim(1), block.toDoubleArray());
  }

  static DMatrixRMaj column(NdArray vector) {
    return DMatrixRMaj.wrap((int) vector.shape().dim(0), 1, vector.toDoubleArray());
  }

  private static double[] round(double[] x) {
    double[] r = new double[x.length];
    for (int i = 0; i < x.length; i++) {
      r[i] = Math.round(x[i] * 1e6) / 1e6;
    }
    return r;
  }
}
