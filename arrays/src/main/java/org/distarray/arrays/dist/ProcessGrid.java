package org.distarray.arrays.dist;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Chooses the automatic process grid for {@link Distribution#of(org.distarray.arrays.Shape, String, int)}, by
 * Python DistArray's rule ({@code make_grid_shape}).
 *
 * <p>Axes marked {@code 'n'}, and distributed axes of length 0, get grid size 1. Over the other ("free") axes,
 * every multiplicative partition of the engine count into as many factors as free axes (factors sorted
 * ascending, 1 allowed, partitions in lexicographic order) is "mirror-sorted": its smallest factor goes to the
 * shortest axis, ties between equal lengths kept in axis order. A candidate is valid when no factor exceeds its
 * axis length. Among valid candidates the one whose pairwise ratios {@code g[i] / g[j]} ({@code i < j}) are
 * closest in L2 norm to the axis-length ratios {@code d[i] / d[j]} wins; the first in enumeration order wins a
 * tie. Examples, on 12 engines: (20, 20) 'bb' gives (3, 4); (20, 60) gives (2, 6); (100, 10, 300) 'bnc' gives
 * (2, 1, 6); (100, 100, 150) 'bbb' gives (2, 2, 3).
 *
 * <p>Fallback (not in DistArray, which raises an error): when no factorisation of the engine count is valid
 * because the axes are too short, the largest smaller count that has a valid one is used, so the grid may
 * use fewer engines than given; for example (3,) 'b' on 8 engines gives (3).
 */
final class ProcessGrid {
  private ProcessGrid() {
  }

  /**
   * The automatic grid shape.
   *
   * @param dims axis lengths
   * @param distributed whether each axis is distributed (not {@code 'n'})
   * @param engines at least 1
   */
  static int[] automatic(long[] dims, boolean[] distributed, int engines) {
    int ndim = dims.length;
    int[] grid = new int[ndim];
    Arrays.fill(grid, 1);
    int[] free = freeAxes(dims, distributed);
    if (free.length == 0) {
      return grid;
    }
    long[] freeDims = new long[free.length];
    for (int i = 0; i < free.length; i++) {
      freeDims[i] = dims[free[i]];
    }
    int[] order = ascendingOrder(freeDims);
    long most = 1;
    for (long d : freeDims) {
      most = d >= engines ? engines : Math.min(most * d, engines);
    }
    for (int m = (int) most; m >= 1; m--) {
      int[] best = best(freeDims, order, m);
      if (best != null) {
        for (int i = 0; i < free.length; i++) {
          grid[free[i]] = best[i];
        }
        return grid;
      }
    }
    throw new IllegalStateException("no grid for " + Arrays.toString(dims));
  }

  private static int[] freeAxes(long[] dims, boolean[] distributed) {
    int k = 0;
    for (int a = 0; a < dims.length; a++) {
      if (distributed[a] && dims[a] > 0) {
        k++;
      }
    }
    int[] free = new int[k];
    k = 0;
    for (int a = 0; a < dims.length; a++) {
      if (distributed[a] && dims[a] > 0) {
        free[k++] = a;
      }
    }
    return free;
  }

  /** Axis positions sorted by length, stable. */
  private static int[] ascendingOrder(long[] dims) {
    int n = dims.length;
    int[] order = new int[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    for (int i = 1; i < n; i++) {
      int v = order[i];
      int j = i - 1;
      while (j >= 0 && dims[order[j]] > dims[v]) {
        order[j + 1] = order[j];
        j--;
      }
      order[j + 1] = v;
    }
    return order;
  }

  /** The closest valid mirror-sorted factorisation of {@code m}, or null when none is valid. */
  private static int[] best(long[] dims, int[] order, int m) {
    List<int[]> partitions = new ArrayList<>();
    partitions(m, dims.length, 1, new int[dims.length], 0, partitions);
    double[] target = ratios(toDoubles(dims));
    int[] best = null;
    double bestDistance = Double.POSITIVE_INFINITY;
    for (int[] sorted : partitions) {
      int[] g = new int[dims.length];
      boolean valid = true;
      for (int i = 0; i < order.length; i++) {
        g[order[i]] = sorted[i];
        valid &= sorted[i] <= dims[order[i]];
      }
      if (!valid) {
        continue;
      }
      double[] r = ratios(toDoubles(g));
      double d = 0;
      for (int i = 0; i < r.length; i++) {
        d += (r[i] - target[i]) * (r[i] - target[i]);
      }
      if (best == null || d < bestDistance * (1 - 1e-12)) {
        best = g;
        bestDistance = d;
      }
    }
    return best;
  }

  /** Appends the non-decreasing {@code k}-tuples of factors at least {@code min} whose product is {@code m}. */
  private static void partitions(int m, int k, int min, int[] prefix, int filled, List<int[]> out) {
    if (filled == k - 1) {
      if (m >= min) {
        prefix[filled] = m;
        out.add(prefix.clone());
      }
      return;
    }
    for (int f = min; pow(f, k - filled) <= m; f++) {
      if (m % f == 0) {
        prefix[filled] = f;
        partitions(m / f, k, f, prefix, filled + 1, out);
      }
    }
  }

  private static long pow(int f, int e) {
    long r = 1;
    for (int i = 0; i < e && r <= Integer.MAX_VALUE; i++) {
      r *= f;
    }
    return r;
  }

  private static double[] toDoubles(long[] v) {
    double[] d = new double[v.length];
    for (int i = 0; i < v.length; i++) {
      d[i] = v[i];
    }
    return d;
  }

  private static double[] toDoubles(int[] v) {
    double[] d = new double[v.length];
    for (int i = 0; i < v.length; i++) {
      d[i] = v[i];
    }
    return d;
  }

  private static double[] ratios(double[] v) {
    int n = v.length;
    double[] r = new double[n * (n - 1) / 2];
    int k = 0;
    for (int i = 0; i < n; i++) {
      for (int j = i + 1; j < n; j++) {
        r[k++] = v[i] / v[j];
      }
    }
    return r;
  }
}
