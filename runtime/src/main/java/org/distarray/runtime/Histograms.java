package org.distarray.runtime;

import org.distarray.arrays.DType;
import org.distarray.arrays.NdArray;
import org.distarray.arrays.ops.SortKeys;
import org.distarray.arrays.task.LocalBlocks;
import org.distarray.arrays.task.LocalTask;

/**
 * NumPy's {@code histogram(a, bins, range=(min, max))[0]} with equal bins: each engine counts its block (NumPy's
 * index arithmetic, corrected against the edges {@code linspace(min, max, bins + 1)} as NumPy corrects it) into its
 * row of an (engines, bins) array, and the rows are added up the engines' reduction tree ({@code sum(0)}), so the
 * client receives one row of counts whatever the engine count.
 */
final class Histograms {
  private Histograms() {}

  static long[] of(DistContext ctx, DistArray a, int bins, double min, double max) {
    SortKeys.check(a.dtype(), "histogram");
    if (bins <= 0) {
      throw new IllegalArgumentException("histogram needs a positive number of bins, got " + bins);
    }
    if (!Double.isFinite(min) || !Double.isFinite(max)) {
      throw new IllegalArgumentException("supplied range of [" + min + ", " + max + "] is not finite");
    }
    if (min > max) {
      throw new IllegalArgumentException("max must be larger than min in range parameter: [" + min + ", " + max
          + "]");
    }
    if (a.size() == 0) {
      return new long[bins];
    }
    return EngineRows.sum(ctx, a, bins, new Count(bins, min, max));
  }

  /** NumPy's edges: {@code linspace(first, last, bins + 1)}, the last exactly last. */
  static double[] edges(int bins, double first, double last) {
    double[] e = new double[bins + 1];
    double delta = last - first;
    double step = delta / bins;
    for (int i = 0; i <= bins; i++) {
      e[i] = step == 0 ? i / (double) bins * delta + first : i * step + first;
    }
    e[bins] = last;
    return e;
  }

  /** This block's counts per bin. */
  public record Count(int bins, double min, double max) implements LocalTask<Integer> {
    @Override
    public Integer run(LocalBlocks blocks) {
      double first = min;
      double last = max;
      if (first == last) { // NumPy widens an empty range by 0.5 each way
        first -= 0.5;
        last += 0.5;
      }
      double[] edges = edges(bins, first, last);
      double norm = last - first;
      long[] counts = new long[bins];
      NdArray x = blocks.block(0);
      NdArray c = x.dtype() == DType.FLOAT64 && x.isContiguous() ? x : x.astype(DType.FLOAT64).copy();
      double[] v = (double[]) c.storage();
      for (int i = (int) c.offset(), end = i + (int) c.size(); i < end; i++) {
        double a = v[i];
        if (a >= first && a <= last) {
          int k = (int) ((a - first) / norm * bins);
          k -= k == bins ? 1 : 0;
          k -= a < edges[k] ? 1 : 0;
          k += a >= edges[k + 1] && k != bins - 1 ? 1 : 0;
          counts[k]++;
        }
      }
      blocks.block(1).copyFrom(NdArray.of(counts, 1, bins));
      return blocks.rank();
    }
  }
}
