package org.distarray.runtime;

import org.apache.commons.math3.stat.descriptive.StatisticalSummary;
import org.apache.commons.math3.stat.descriptive.StatisticalSummaryValues;
import org.distarray.arrays.DType;
import org.distarray.arrays.DTypeException;
import org.distarray.arrays.NdArray;
import org.distarray.arrays.task.LocalBlocks;
import org.distarray.arrays.task.CombiningTask;

/**
 * {@link DistArray#summary()}: one pass per engine gives its count, sum, mean, centred sum of squares (Welford),
 * minimum and maximum; the engines merge them pairwise up a tree as Chan et al. do, so the variance keeps its
 * accuracy when the mean is large against the spread, and the client receives one share. NaN propagates as in
 * NumPy (mean, variance, min and max become NaN).
 */
final class Summaries {
  private Summaries() {}

  static StatisticalSummary of(DistContext ctx, DistArray a) {
    if (a.dtype().isComplex()) {
      throw new DTypeException("summary is not supported for " + a.dtype() + " (real dtypes and bool only)");
    }
    if (a.size() == 0) {
      return new StatisticalSummaryValues(Double.NaN, Double.NaN, 0, Double.NaN, Double.NaN, 0.0);
    }
    double[] s = ctx.applyCombined(new Share(), a);
    long n = (long) s[0];
    if (s[6] != 0) {
      return new StatisticalSummaryValues(Double.NaN, Double.NaN, n, Double.NaN, Double.NaN, Double.NaN);
    }
    return new StatisticalSummaryValues(s[2], n > 1 ? s[3] / (n - 1) : Double.NaN, n, s[5], s[4], s[1]);
  }

  /** Elements a chunk of the one pass holds: its second look at them is in the cache. */
  private static final int CHUNK = 2048;

  /**
   * This block's count, sum, mean, centred sum of squares, min, max and whether it holds a NaN; two engines' shares
   * merge as Chan et al. merge variances, engine to engine up the tree.
   */
  public record Share() implements CombiningTask<double[]> {
    @Override
    public double[] combine(double[] l, double[] r) {
      double nl = l[0];
      double nr = r[0];
      if (nl == 0 || nr == 0) {
        return nl == 0 ? r : l;
      }
      double n = nl + nr;
      double delta = r[2] - l[2];
      return new double[] {n, l[1] + r[1], l[2] + delta * nr / n, l[3] + r[3] + delta * delta * (nl * nr / n),
          Math.min(l[4], r[4]), Math.max(l[5], r[5]), Math.max(l[6], r[6])};
    }

    @Override
    public double[] run(LocalBlocks blocks) {
      NdArray x = blocks.block(0);
      NdArray c = x.dtype() == DType.FLOAT64 && x.isContiguous() ? x : x.astype(DType.FLOAT64).copy();
      double[] v = (double[]) c.storage();
      int from = (int) c.offset();
      int n = (int) c.size();
      double sum = 0;
      double min = Double.POSITIVE_INFINITY;
      double max = Double.NEGATIVE_INFINITY;
      boolean nan = false;
      double mean = 0;
      double m2 = 0;
      // one pass over the block: each chunk's mean and centred squares from the cache, merged into the running ones
      for (int start = 0; start < n; start += CHUNK) {
        int end = Math.min(n, start + CHUNK);
        double chunkSum = 0;
        for (int i = from + start; i < from + end; i++) {
          double y = v[i];
          chunkSum += y;
          min = Math.min(min, y);
          max = Math.max(max, y);
          nan |= y != y;
        }
        int count = end - start;
        double chunkMean = chunkSum / count;
        double chunkM2 = 0;
        for (int i = from + start; i < from + end; i++) {
          double d = v[i] - chunkMean;
          chunkM2 += d * d;
        }
        double delta = chunkMean - mean;
        m2 += chunkM2 + delta * delta * ((double) start * count / end);
        mean += delta * count / end;
        sum += chunkSum;
      }
      return new double[] {n, sum, mean, m2, min, max, nan ? 1 : 0};
    }
  }
}
