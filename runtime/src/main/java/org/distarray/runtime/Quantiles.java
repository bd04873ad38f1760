package org.distarray.runtime;

import java.util.Arrays;
import java.util.List;
import org.distarray.arrays.DType;
import org.distarray.arrays.NdArray;
import org.distarray.arrays.Shape;
import org.distarray.arrays.dist.AxisMap;
import org.distarray.arrays.dist.Distribution;
import org.distarray.arrays.ops.SortKeys;
import org.distarray.arrays.task.LocalBlocks;
import org.distarray.arrays.task.LocalTask;

/**
 * NumPy's {@code median} and {@code percentile} (method "linear"), exact.
 *
 * <p>Over the whole array: a distributed radix select on the sort keys ({@link SortKeys}), no sort. One pass finds
 * every engine's smallest and largest key (a NaN there makes the answer NaN); each further pass histograms the next
 * 16 bits of the keys that share the prefix found so far, and the summed histograms name the bin that holds the
 * wanted rank; once that bin holds few elements the engines send them and the client picks the rank. For data of
 * one sign and exponent range that is three or four passes over each engine's block, the engines reading in parallel.
 *
 * <p>Along an axis: the array moves to a layout where that axis is whole on every engine (unless it already is), and
 * each engine computes the quantile of each of its lanes; the result is laid out over the other axes.
 */
final class Quantiles {
  private Quantiles() {}

  /** Bits of the key a histogram pass resolves. */
  private static final int DIGIT = 16;
  /** A bin with at most this many elements is sent to the client instead of histogrammed further. */
  private static final long FEW = 1 << 13;

  static double median(DistContext ctx, DistArray a) {
    long n = checked(a, 50);
    long[] ranks = n % 2 == 1 ? new long[] {n / 2} : new long[] {n / 2 - 1, n / 2};
    double[] v = valuesAt(ctx, a, ranks);
    return v.length == 1 ? v[0] : (v[0] + v[1]) / 2.0;
  }

  static double percentile(DistContext ctx, DistArray a, double q) {
    long n = checked(a, q);
    Linear at = Linear.of(n, q);
    double[] v = valuesAt(ctx, a, at.prev == at.next ? new long[] {at.prev} : new long[] {at.prev, at.next});
    return lerp(v[0], v[v.length - 1], at.gamma);
  }

  static DistArray median(DistContext ctx, DistArray a, int axis) {
    return alongAxis(ctx, a, axis, 50, true);
  }

  static DistArray percentile(DistContext ctx, DistArray a, double q, int axis) {
    return alongAxis(ctx, a, axis, q, false);
  }

  private static long checked(DistArray a, double q) {
    SortKeys.check(a.dtype(), "percentile");
    if (!(q >= 0 && q <= 100)) {
      throw new IllegalArgumentException("percentiles must be in the range [0, 100], got " + q);
    }
    if (a.size() == 0) {
      throw new IllegalArgumentException("the percentile of an empty array (shape " + a.shape() + ") is undefined");
    }
    return a.size();
  }

  /**
   * NumPy's indices for method "linear" over n sorted values: virtual index (n - 1) * q / 100, the ranks below and
   * above it, and the weight NumPy gives the upper one (from the last index -1 when the virtual index reaches the end,
   * as NumPy computes it, so that the percentile 100 of an array ending in inf is NaN there too).
   */
  record Linear(long prev, long next, double gamma) {
    static Linear of(long n, double q) {
      double virtual = (n - 1) * (q / 100.0);
      if (virtual >= n - 1) {
        return new Linear(n - 1, n - 1, virtual + 1);
      }
      double floor = Math.floor(virtual);
      return new Linear((long) floor, (long) floor + 1, virtual - floor);
    }
  }

  /** NumPy's {@code _lerp}: a + (b - a) * t, computed from b's side when t >= 0.5. */
  static double lerp(double a, double b, double t) {
    double diff = b - a;
    return t >= 0.5 ? b - diff * (1 - t) : a + diff * t;
  }

  /** The values of the elements of these ranks (in sorted order, NaN last); NaN for all when there is a NaN. */
  private static double[] valuesAt(DistContext ctx, DistArray a, long[] ranks) {
    DType t = a.dtype();
    long min = Long.MAX_VALUE;
    long max = Long.MIN_VALUE;
    for (long[] mm : ctx.apply(new KeyRange(), a)) {
      if (mm[0] > 0) {
        min = Math.min(min, mm[1]);
        max = Math.max(max, mm[2]);
      }
    }
    double[] values = new double[ranks.length];
    boolean nan = (t == DType.FLOAT64 || t == DType.FLOAT32) && Double.isNaN(SortKeys.valueOf(t, max));
    if (nan) {
      Arrays.fill(values, Double.NaN);
      return values;
    }
    long common = (min ^ Long.MIN_VALUE) ^ (max ^ Long.MIN_VALUE);
    int varying = 64 - Long.numberOfLeadingZeros(common);
    long[] keys = keysAt(ctx, a, ranks, (min ^ Long.MIN_VALUE) >>> varying, varying);
    for (int i = 0; i < ranks.length; i++) {
      values[i] = SortKeys.valueOf(t, keys[i]);
    }
    return values;
  }

  /**
   * The keys of these ranks (among all elements) given that every key's unsigned form shares prefix above bit shift:
   * one histogram pass per 16 bits for all ranks at once until their bins are small, then one pass for the bins'
   * keys.
   */
  private static long[] keysAt(DistContext ctx, DistArray a, long[] ranks, long prefix, int shift) {
    int m = ranks.length;
    long[] r = ranks.clone();
    long[] p = new long[m];
    int[] s = new int[m];
    long[] inBin = new long[m];
    Arrays.fill(p, prefix);
    Arrays.fill(s, shift);
    Arrays.fill(inBin, a.size());
    while (true) {
      int[] low = new int[m];
      boolean any = false;
      for (int i = 0; i < m; i++) {
        boolean more = s[i] > 0 && inBin[i] > FEW;
        low[i] = more ? Math.max(0, s[i] - DIGIT) : -1; // -1: this rank's bin is resolved or small
        any |= more;
      }
      if (!any) {
        break;
      }
      long[][] counts = new long[m][];
      for (List<int[]> h : ctx.apply(new Histogram(p, s, low), a)) {
        for (int i = 0; i < m; i++) {
          if (low[i] >= 0) {
            counts[i] = counts[i] == null ? new long[h.get(i).length] : counts[i];
            for (int b = 0; b < h.get(i).length; b++) {
              counts[i][b] += h.get(i)[b];
            }
          }
        }
      }
      for (int i = 0; i < m; i++) {
        if (low[i] >= 0) {
          int bin = 0;
          while (r[i] >= counts[i][bin]) {
            r[i] -= counts[i][bin++];
          }
          inBin[i] = counts[i][bin];
          p[i] = p[i] << (s[i] - low[i]) | bin;
          s[i] = low[i];
        }
      }
    }
    long[] keys = new long[m];
    List<List<long[]>> found = ctx.apply(new Candidates(p, s), a);
    for (int i = 0; i < m; i++) {
      if (s[i] == 0) {
        keys[i] = p[i] ^ Long.MIN_VALUE;
        continue;
      }
      long[] all = new long[(int) inBin[i]];
      int at = 0;
      for (List<long[]> perEngine : found) {
        System.arraycopy(perEngine.get(i), 0, all, at, perEngine.get(i).length);
        at += perEngine.get(i).length;
      }
      Arrays.sort(all, 0, at);
      keys[i] = all[(int) r[i]];
    }
    return keys;
  }

  /** Calls f on the sort keys (-0.0 as 0.0) of a block, a chunk at a time. */
  private interface Chunks {
    void accept(long[] keys, int n);
  }

  private static void forKeys(NdArray block, Chunks f) {
    NdArray c = block.isContiguous() ? block : block.copy();
    int n = (int) c.size();
    long[] keys = new long[Math.min(n, 4096)];
    for (int from = 0; from < n; from += keys.length) {
      int count = Math.min(keys.length, n - from);
      SortKeys.toKeys(c.dtype(), c.storage(), (int) c.offset() + from, count, keys, 0, true);
      f.accept(keys, count);
    }
  }

  /** This block's element count, smallest and largest key. */
  public record KeyRange() implements LocalTask<long[]> {
    @Override
    public long[] run(LocalBlocks blocks) {
      long[] r = {0, Long.MAX_VALUE, Long.MIN_VALUE};
      forKeys(blocks.block(0), (keys, n) -> {
        long lo = r[1];
        long hi = r[2];
        for (int i = 0; i < n; i++) {
          lo = Math.min(lo, keys[i]);
          hi = Math.max(hi, keys[i]);
        }
        r[0] += n;
        r[1] = lo;
        r[2] = hi;
      });
      return r;
    }
  }

  /** Whether key's unsigned form u has prefix above bit shift (every key does when shift is 64). */
  private static boolean inBin(long u, long prefix, int shift) {
    return shift == 64 || u >>> shift == prefix;
  }

  /**
   * For each i with low[i] >= 0: counts of bits [low[i], shift[i]) of the keys whose unsigned form has prefix[i]
   * above bit shift[i] (an i that repeats an earlier one's bin shares its counts).
   */
  public record Histogram(long[] prefix, int[] shift, int[] low) implements LocalTask<List<int[]>> {
    @Override
    public List<int[]> run(LocalBlocks blocks) {
      int m = prefix.length;
      int[][] counts = new int[m][];
      for (int i = 0; i < m; i++) {
        for (int j = 0; j < i && counts[i] == null; j++) {
          boolean same = low[i] >= 0 && prefix[j] == prefix[i] && shift[j] == shift[i] && low[j] == low[i];
          counts[i] = same ? counts[j] : null;
        }
        if (counts[i] == null) {
          counts[i] = new int[low[i] < 0 ? 0 : 1 << (shift[i] - low[i])];
          int[] c = counts[i];
          int mask = c.length - 1;
          long pre = prefix[i];
          int sh = shift[i];
          int lo = low[i];
          if (lo >= 0) {
            forKeys(blocks.block(0), (keys, n) -> {
              for (int k = 0; k < n; k++) {
                long u = keys[k] ^ Long.MIN_VALUE;
                if (inBin(u, pre, sh)) {
                  c[(int) (u >>> lo) & mask]++;
                }
              }
            });
          }
        }
      }
      return List.of(counts);
    }
  }

  /** For each i with shift[i] > 0, the keys whose unsigned form has prefix[i] above bit shift[i]. */
  public record Candidates(long[] prefix, int[] shift) implements LocalTask<List<long[]>> {
    @Override
    public List<long[]> run(LocalBlocks blocks) {
      int m = prefix.length;
      long[][] out = new long[m][64];
      int[] count = new int[m];
      forKeys(blocks.block(0), (keys, n) -> {
        for (int k = 0; k < n; k++) {
          long u = keys[k] ^ Long.MIN_VALUE;
          for (int i = 0; i < m; i++) {
            if (shift[i] > 0 && inBin(u, prefix[i], shift[i])) {
              if (count[i] == out[i].length) {
                out[i] = Arrays.copyOf(out[i], 2 * count[i]);
              }
              out[i][count[i]++] = keys[k];
            }
          }
        }
      });
      for (int i = 0; i < m; i++) {
        out[i] = Arrays.copyOf(out[i], count[i]);
      }
      return List.of(out);
    }
  }

  private static DistArray alongAxis(DistContext ctx, DistArray a, int axis, double q, boolean median) {
    SortKeys.check(a.dtype(), median ? "median" : "percentile");
    if (!(q >= 0 && q <= 100)) {
      throw new IllegalArgumentException("percentiles must be in the range [0, 100], got " + q);
    }
    if (a.ndim() == 0) {
      throw new IllegalArgumentException("axis " + axis + " is out of bounds for array of dimension 0");
    }
    int ax = Shape.normalizeAxis(axis, a.ndim());
    if (a.shape().dims()[ax] == 0) {
      throw new IllegalArgumentException("the percentile along axis " + ax + " of length 0 (shape " + a.shape()
          + ") is undefined");
    }
    Distribution d = a.distribution();
    if (a.ndim() == 1) { // the whole array: a 0-d result on the first engine, as reductions give
      double v = median ? median(ctx, a) : percentile(ctx, a, q);
      return ctx.fromNdArray(NdArray.scalar(DType.FLOAT64, v), Distribution.of(Shape.of(), "",
          new int[] {d.target(0)}));
    }
    if (d.gridShape()[ax] > 1) {
      try (DistArray whole = a.redistribute(Sorts.wholeAlong(d, ax))) {
        return alongAxis(ctx, whole, ax, q, median);
      }
    }
    DistArray out = ctx.empty(without(d, ax), DType.FLOAT64);
    ctx.apply(new LaneQuantiles(ax, q, median), a, out);
    return out;
  }

  /** d without axis ax, whose grid length is 1: the same ranks on the same engines. */
  private static Distribution without(Distribution d, int ax) {
    int nd = d.ndim();
    long[] dims = new long[nd - 1];
    int[] grid = new int[nd - 1];
    List<AxisMap> maps = new java.util.ArrayList<>();
    for (int k = 0, j = 0; k < nd; k++) {
      if (k != ax) {
        dims[j] = d.shape().dims()[k];
        grid[j++] = d.gridShape()[k];
        maps.add(d.axisMap(k));
      }
    }
    return Distribution.of(Shape.of(dims), maps, grid, d.targets());
  }

  /** The quantile of every lane along axis of block 0 (the axis whole here) into block 1. */
  public record LaneQuantiles(int axis, double q, boolean median) implements LocalTask<Integer> {
    @Override
    public Integer run(LocalBlocks blocks) {
      NdArray x = blocks.block(0);
      NdArray out = blocks.block(1);
      int nd = x.ndim();
      int[] perm = new int[nd];
      for (int k = 0, j = 0; k < nd; k++) {
        if (k != axis) {
          perm[j++] = k;
        }
      }
      perm[nd - 1] = axis;
      NdArray lanes = x.transpose(perm).astype(DType.FLOAT64).copy();
      double[] v = (double[]) lanes.storage();
      int len = (int) x.dims()[axis];
      int count = len == 0 ? 0 : (int) (lanes.size() / len);
      double[] result = new double[count];
      Linear at = Linear.of(len, q);
      for (int lane = 0; lane < count; lane++) {
        int from = (int) lanes.offset() + lane * len;
        Arrays.sort(v, from, from + len); // NaN last
        if (Double.isNaN(v[from + len - 1])) {
          result[lane] = Double.NaN;
        } else if (median) {
          result[lane] = len % 2 == 1 ? v[from + len / 2] : (v[from + len / 2 - 1] + v[from + len / 2]) / 2.0;
        } else {
          result[lane] = lerp(v[from + (int) at.prev], v[from + (int) at.next], at.gamma);
        }
      }
      out.copyFrom(NdArray.of(result, out.dims()));
      return blocks.rank();
    }
  }
}
