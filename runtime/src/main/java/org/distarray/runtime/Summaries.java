package org.distarray.runtime;

import java.util.List;
import org.apache.commons.math3.stat.descriptive.StatisticalSummary;
import org.apache.commons.math3.stat.descriptive.StatisticalSummaryValues;
import org.distarray.arrays.DType;
import org.distarray.arrays.DTypeException;
import org.distarray.arrays.NdArray;
import org.distarray.arrays.task.LocalBlocks;
import org.distarray.arrays.task.LocalTask;

/**
 * {@link DistArray#summary()}: one pass per engine gives its count, sum, mean, centred sum of squares (Welford),
 * minimum and maximum; the client merges them pairwise as Chan et al. do, so the variance keeps its accuracy when
 * the mean is large against the spread. NaN propagates as in NumPy (mean, variance, min and max become NaN).
 */
final class Summaries {
  private Summaries() {}

  static StatisticalSummary of(DistContext ctx, DistArray a) {
    if (a.dtype().isComplex()) {
      throw new DTypeException("summary is not supported for " + a.dtype() + " (real dtypes and bool only)");
    }
    long n = 0;
    double mean = 0;
    double m2 = 0;
    double sum = 0;
    double min = Double.NaN;
    double max = Double.NaN;
    boolean nan = false;
    List<double[]> shares = a.size() == 0 ? List.of() : ctx.apply(new Share(), a);
    for (double[] s : shares) {
      long c = (long) s[0];
      if (c == 0) {
        continue;
      }
      nan |= s[6] != 0;
      double delta = s[2] - mean;
      long total = n + c;
      m2 += s[3] + delta * delta * ((double) n * c / total);
      mean += delta * c / total;
      sum += s[1];
      min = n == 0 ? s[4] : Math.min(min, s[4]);
      max = n == 0 ? s[5] : Math.max(max, s[5]);
      n = total;
    }
    if (n == 0) {
      return new StatisticalSummaryValues(Double.NaN, Double.NaN, 0, Double.NaN, Double.NaN, 0.0);
    }
    double variance = n > 1 ? m2 / (n - 1) : Double.NaN;
    if (nan) {
      return new StatisticalSummaryValues(Double.NaN, Double.NaN, n, Double.NaN, Double.NaN, Double.NaN);
    }
    return new StatisticalSummaryValues(mean, variance, n, max, min, sum);
  }

  /** Elements a chunk of the one pass holds: its second look at them is in the cache. */
  private static final int CHUNK = 2048;

  /** This block's count, sum, mean, centred sum of squares, min, max and whether it holds a NaN. */
  public record Share() implements LocalTask<double[]> {
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
