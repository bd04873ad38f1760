package org.distarray.arrays.dist;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;
import org.distarray.arrays.AxisRange;
import org.distarray.arrays.Shape;

/** Seeded random shapes, distributions of every kind, selections and index enumeration for property tests. */
final class RandomDistributions {
  static final int ENGINES = 8;

  private RandomDistributions() {
  }

  /** A shape of 1 to 3 axes with lengths 0..12. */
  static Shape shape(Random rnd) {
    long[] dims = new long[1 + rnd.nextInt(3)];
    for (int a = 0; a < dims.length; a++) {
      dims[a] = rnd.nextInt(5) == 0 ? rnd.nextInt(2) : rnd.nextInt(13);
    }
    return Shape.of(dims);
  }

  /** A distribution of {@code shape} with a random kind per axis, at most 8 ranks on random distinct engines 0..7. */
  static Distribution distribution(Random rnd, Shape shape) {
    int ndim = shape.ndim();
    List<AxisMap> maps = new ArrayList<>();
    int[] grid = new int[ndim];
    int budget = ENGINES;
    for (int a = 0; a < ndim; a++) {
      long n = shape.dim(a);
      int maxP = (int) Math.min(Math.max(n, 1), budget);
      int kind = rnd.nextInt(6);
      int p = 1 + rnd.nextInt(maxP);
      switch (kind) {
        case 0 -> maps.add(AxisMap.block());
        case 1 -> maps.add(AxisMap.blockBounds(randomBounds(rnd, n, p)));
        case 2 -> maps.add(AxisMap.cyclic());
        case 3 -> {
          long bs = 1 + rnd.nextInt(4);
          long blocks = (n + bs - 1) / bs;
          p = 1 + rnd.nextInt((int) Math.min(Math.max(blocks, 1), budget));
          maps.add(AxisMap.blockCyclic(bs));
        }
        case 4 -> maps.add(AxisMap.unstructured(randomPartition(rnd, n, p)));
        default -> {
          p = 1;
          maps.add(AxisMap.none());
        }
      }
      grid[a] = p;
      budget /= p;
    }
    int ranks = 1;
    for (int g : grid) {
      ranks *= g;
    }
    return Distribution.of(shape, maps, grid, randomTargets(rnd, ranks));
  }

  static int[] randomTargets(Random rnd, int ranks) {
    int[] engines = new int[ENGINES];
    for (int i = 0; i < ENGINES; i++) {
      engines[i] = i;
    }
    for (int i = ENGINES - 1; i > 0; i--) {
      int j = rnd.nextInt(i + 1);
      int t = engines[i];
      engines[i] = engines[j];
      engines[j] = t;
    }
    return Arrays.copyOf(engines, ranks);
  }

  /** Non-decreasing bounds from 0 to n with p blocks, some possibly empty. */
  static long[] randomBounds(Random rnd, long n, int p) {
    long[] b = new long[p + 1];
    for (int k = 1; k < p; k++) {
      b[k] = (long) rnd.nextInt((int) n + 1);
    }
    b[p] = n;
    Arrays.sort(b, 1, p);
    return b;
  }

  /** A random partition of 0..n-1 into p non-empty lists (one empty list when n is 0), each in random order. */
  static long[][] randomPartition(Random rnd, long n, int p) {
    long[] perm = new long[(int) n];
    for (int i = 0; i < n; i++) {
      perm[i] = i;
    }
    for (int i = perm.length - 1; i > 0; i--) {
      int j = rnd.nextInt(i + 1);
      long t = perm[i];
      perm[i] = perm[j];
      perm[j] = t;
    }
    int[] cuts = new int[p + 1];
    cuts[p] = (int) n;
    // choose p - 1 distinct cut points in 1..n-1
    TreeSet<Integer> chosen = new TreeSet<>();
    while (chosen.size() < p - 1) {
      chosen.add(1 + rnd.nextInt((int) n - 1));
    }
    int k = 1;
    for (int c : chosen) {
      cuts[k++] = c;
    }
    long[][] lists = new long[p][];
    for (int j = 0; j < p; j++) {
      lists[j] = Arrays.copyOfRange(perm, cuts[j], cuts[j + 1]);
    }
    return lists;
  }

  /** A random basic-index selection of one axis of length n: a slice with any step, or (if n > 0) an integer. */
  static AxisRange range(Random rnd, long n) {
    if (n > 0 && rnd.nextInt(5) == 0) {
      return new AxisRange(rnd.nextInt((int) n), 1, 1, true);
    }
    if (n == 0 || rnd.nextInt(4) == 0) {
      return AxisRange.all(n);
    }
    long step = (1 + rnd.nextInt(4)) * (rnd.nextBoolean() ? 1 : -1);
    long start = rnd.nextInt((int) n);
    long room = step > 0 ? (n - 1 - start) / step + 1 : start / -step + 1;
    long count = rnd.nextInt((int) room + 1);
    return new AxisRange(start, step, count, false);
  }

  /**
   * Random NumPy basic-index text for an array of dims: per axis an integer (negative ones count from the end)
   * or a slice whose bounds may be omitted or reach past the axis (they clip), with any step up to 4 either way
   * or none, so ranges may be empty; sometimes fewer items than axes, sometimes an ellipsis among them.
   */
  static String indexText(Random rnd, long[] dims) {
    int items = dims.length == 0 ? 0 : dims.length - rnd.nextInt(2);
    int ellipsis = rnd.nextInt(4) == 0 ? rnd.nextInt(items + 1) : -1;
    List<String> out = new ArrayList<>();
    for (int i = 0; i < items; i++) {
      if (i == ellipsis) {
        out.add("...");
      }
      int axis = ellipsis >= 0 && i >= ellipsis ? dims.length - items + i : i;
      out.add(indexItem(rnd, dims[axis]));
    }
    if (ellipsis == items) {
      out.add("...");
    }
    return String.join(", ", out);
  }

  private static String indexItem(Random rnd, long n) {
    if (n > 0 && rnd.nextInt(4) == 0) {
      return Long.toString(rnd.nextInt((int) (2 * n)) - n);
    }
    String start = rnd.nextInt(3) == 0 ? "" : Long.toString(rnd.nextInt((int) (2 * n + 5)) - n - 2);
    String stop = rnd.nextInt(3) == 0 ? "" : Long.toString(rnd.nextInt((int) (2 * n + 5)) - n - 2);
    int kind = rnd.nextInt(3);
    String step = kind == 0 ? "" : ":" + (1 + rnd.nextInt(4)) * (kind == 1 ? 1 : -1);
    return start + ":" + stop + step;
  }

  /** Every index of a shape in C order. */
  static List<long[]> allIndices(long[] dims) {
    List<long[]> out = new ArrayList<>();
    long size = Shape.of(dims).size();
    for (long flat = 0; flat < size; flat++) {
      long[] idx = new long[dims.length];
      long rest = flat;
      for (int a = dims.length - 1; a >= 0; a--) {
        idx[a] = rest % dims[a];
        rest /= dims[a];
      }
      out.add(idx);
    }
    return out;
  }

  /** Every element of a piece in C order, as one index per axis. */
  static List<long[]> elements(Piece piece) {
    long[][] axes = new long[piece.ndim()][];
    long[] dims = new long[piece.ndim()];
    for (int a = 0; a < axes.length; a++) {
      axes[a] = piece.axis(a).toArray();
      dims[a] = axes[a].length;
    }
    List<long[]> out = new ArrayList<>();
    for (long[] k : allIndices(dims)) {
      long[] e = new long[k.length];
      for (int a = 0; a < k.length; a++) {
        e[a] = axes[a][(int) k[a]];
      }
      out.add(e);
    }
    return out;
  }

  /** C-order flat offset of an index in a shape. */
  static int flat(long[] dims, long[] idx) {
    long f = 0;
    for (int a = 0; a < dims.length; a++) {
      f = f * dims[a] + idx[a];
    }
    return (int) f;
  }
}
