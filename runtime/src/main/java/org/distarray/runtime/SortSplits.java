package org.distarray.runtime;

import java.util.Arrays;
import java.util.List;
import org.distarray.arrays.task.LocalBlocks;
import org.distarray.arrays.task.LocalTask;

/**
 * Exact splitting of sorted runs (multisequence selection): for every boundary k of the result's blocks, the cut of
 * every engine's sorted run such that the cuts hold exactly k elements and everything left of them is smaller than
 * everything right of them. Elements compare by (key, tie), the tie being the element's global index for argsort and
 * its place in the engines' concatenated runs for sort, so all elements differ and equal keys split anywhere.
 *
 * <p>Each round the engines send s evenly spaced samples of their window of every boundary (their whole window once
 * it is that short), then the exact rank of every sample: the sample ranked k ends the boundary, and otherwise the
 * samples just below and above k narrow every engine's window to the elements between them, at most 1/(s+1) of the
 * windows' total. Only samples and counts travel; a few rounds end it.
 */
final class SortSplits {
  private SortSplits() {}

  /** Samples of all windows of a round stay about this many. */
  private static final int SAMPLES_PER_ROUND = 1 << 16;

  /**
   * The cuts: cuts[rank][b] for every boundary b of starts (starts[0] = 0 and starts[last] = the total included, so
   * cuts[rank][0] = 0 and cuts[rank][last] = the rank's length).
   *
   * @param idx the global indices that go with the keys (argsort), or null
   */
  static long[][] cuts(DistContext ctx, DistArray keys, DistArray idx, long[] sizes, long[] starts) {
    int ranks = sizes.length;
    int bounds = starts.length;
    long[] base = new long[ranks];
    for (int r = 1; r < ranks; r++) {
      base[r] = base[r - 1] + sizes[r - 1];
    }
    long[][] cuts = new long[ranks][bounds];
    long[][] lo = new long[bounds][ranks];
    long[][] hi = new long[bounds][ranks];
    boolean[] open = new boolean[bounds];
    int active = 0;
    for (int b = 0; b < bounds; b++) {
      for (int r = 0; r < ranks; r++) {
        hi[b][r] = sizes[r];
      }
      if (starts[b] == 0 || starts[b] == base[ranks - 1] + sizes[ranks - 1]) {
        setCuts(cuts, b, starts[b] == 0 ? lo[b] : hi[b]);
      } else {
        open[b] = true;
        active++;
      }
    }
    int s = (int) Math.max(4, Math.min(1024, SAMPLES_PER_ROUND / Math.max(1L, (long) active * ranks)));
    for (int round = 0; active > 0; round++) {
      if (round > 64) {
        throw new IllegalStateException("sort splitting did not converge: windows " + Arrays.deepToString(lo)
            + " to " + Arrays.deepToString(hi));
      }
      DistArray[] runs = idx == null ? new DistArray[] {keys} : new DistArray[] {keys, idx};
      List<long[]> samples = ctx.apply(new Samples(lo, hi, open, s, base, idx != null), runs);
      long[] pivots = merged(samples);
      List<long[]> below = ctx.apply(new Ranks(pivots, base, idx != null), runs);
      int p = pivots.length / 3;
      long[] rank = new long[p];
      for (long[] counts : below) {
        for (int i = 0; i < p; i++) {
          rank[i] += counts[i];
        }
      }
      for (int i = 0; i < p; i++) {
        int b = (int) pivots[3 * i + 2];
        if (!open[b]) {
          continue;
        }
        long k = starts[b];
        if (rank[i] == k) {
          setCuts(cuts, b, column(below, i));
          open[b] = false;
          active--;
        } else if (rank[i] < k) {
          raise(lo[b], below, i);
        } else {
          lower(hi[b], below, i);
        }
      }
      for (int b = 0; b < bounds; b++) {
        if (open[b] && (sum(lo[b]) == starts[b] || sum(hi[b]) == starts[b])) {
          setCuts(cuts, b, sum(lo[b]) == starts[b] ? lo[b] : hi[b]);
          open[b] = false;
          active--;
        }
      }
    }
    return cuts;
  }

  private static void setCuts(long[][] cuts, int b, long[] perRank) {
    for (int r = 0; r < cuts.length; r++) {
      cuts[r][b] = perRank[r];
    }
  }

  private static long[] column(List<long[]> below, int i) {
    long[] c = new long[below.size()];
    for (int r = 0; r < c.length; r++) {
      c[r] = below.get(r)[i];
    }
    return c;
  }

  private static void raise(long[] lo, List<long[]> below, int i) {
    for (int r = 0; r < lo.length; r++) {
      lo[r] = Math.max(lo[r], below.get(r)[i]);
    }
  }

  private static void lower(long[] hi, List<long[]> below, int i) {
    for (int r = 0; r < hi.length; r++) {
      hi[r] = Math.min(hi[r], below.get(r)[i]);
    }
  }

  private static long sum(long[] v) {
    long s = 0;
    for (long x : v) {
      s += x;
    }
    return s;
  }

  private static long[] merged(List<long[]> samples) {
    int n = 0;
    for (long[] s : samples) {
      n += s.length;
    }
    long[] all = new long[n];
    int at = 0;
    for (long[] s : samples) {
      System.arraycopy(s, 0, all, at, s.length);
      at += s.length;
    }
    return all;
  }

  /** The tie of element p of a rank's run: its global index, or its place in the concatenated runs. */
  private static long tie(long[] idx, long base, int p) {
    return idx != null ? idx[p] : base + p;
  }

  /**
   * Per open boundary, up to s evenly spaced elements of this rank's window (all of it when it is no longer), as
   * (key, tie, boundary) triples.
   */
  public record Samples(long[][] lo, long[][] hi, boolean[] open, int s, long[] base, boolean arg)
      implements LocalTask<long[]> {
    @Override
    public long[] run(LocalBlocks blocks) {
      int r = blocks.rank();
      Object keys = Sorts.keyStorage(blocks.block(0));
      long[] idx = arg ? Sorts.storage(blocks.block(1)) : null;
      long[] out = new long[3 * s * lo.length];
      int n = 0;
      for (int b = 0; b < lo.length; b++) {
        if (!open[b]) {
          continue;
        }
        long from = lo[b][r];
        long w = hi[b][r] - from;
        long count = Math.min(w, s);
        for (long j = 0; j < count; j++) {
          int p = (int) (from + (w <= s ? j : (j + 1) * w / (s + 1)));
          out[n++] = Sorts.key(keys, p);
          out[n++] = tie(idx, base[r], p);
          out[n++] = b;
        }
      }
      return Arrays.copyOf(out, n);
    }
  }

  /** For every (key, tie, boundary) pivot, how many elements of this rank's run are below it. */
  public record Ranks(long[] pivots, long[] base, boolean arg) implements LocalTask<long[]> {
    @Override
    public long[] run(LocalBlocks blocks) {
      int r = blocks.rank();
      Object keys = Sorts.keyStorage(blocks.block(0));
      long[] idx = arg ? Sorts.storage(blocks.block(1)) : null;
      int p = pivots.length / 3;
      long[] below = new long[p];
      for (int i = 0; i < p; i++) {
        below[i] = countBelow(keys, idx, base[r], pivots[3 * i], pivots[3 * i + 1]);
      }
      return below;
    }
  }

  /** How many (key, tie) of a run sorted by them are below (key, tie). */
  static int countBelow(Object keys, long[] idx, long base, long key, long tie) {
    int lo = 0;
    int hi = java.lang.reflect.Array.getLength(keys);
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      long k = Sorts.key(keys, mid);
      boolean less = k < key || k == key && tie(idx, base, mid) < tie;
      if (less) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }
}
