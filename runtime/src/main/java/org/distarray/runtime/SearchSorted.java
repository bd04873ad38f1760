package org.distarray.runtime;

import java.util.ArrayList;
import java.util.List;
import org.distarray.arrays.DType;
import org.distarray.arrays.NdArray;
import org.distarray.arrays.Shape;
import org.distarray.arrays.ShapeMismatchException;
import org.distarray.arrays.dist.Distribution;
import org.distarray.arrays.ops.BinaryOp;
import org.distarray.arrays.ops.SortKeys;
import org.distarray.arrays.task.LocalBlocks;
import org.distarray.arrays.task.LocalTask;

/**
 * NumPy's {@code searchsorted(a, v, side="left")} with a sorted 1-D array a in blocks: the client takes the first
 * element of every block as splitters; each engine holding queries finds each query's owner (the last block whose
 * first element is smaller), counts them per owner, and writes them into its row of an (engines, owners, width)
 * mailbox that one redistribution turns into columns, engine to engine; each owner answers its block's start plus
 * the number of its elements below the query, and the answers travel back the same way to the queries' places. A
 * query below every block's first element is answered 0 where it is. Comparisons use the sort keys of NumPy's common
 * dtype of a and v (NaN after every number, -0.0 equal to 0.0).
 */
final class SearchSorted {
  private SearchSorted() {}

  static DistArray of(DistContext ctx, DistArray a, DistArray values) {
    if (a.ndim() != 1) {
      throw new ShapeMismatchException("searchsorted needs a 1-D sorted array, got shape " + a.shape());
    }
    SortKeys.check(a.dtype(), "searchsorted");
    SortKeys.check(values.dtype(), "searchsorted");
    DType common = BinaryOp.MAXIMUM.resultType(a.dtype(), values.dtype());
    DistArray out = ctx.empty(values.distribution(), DType.INT64);
    if (values.size() == 0) {
      return out;
    }
    List<DistArray> made = new ArrayList<>();
    try {
      DistArray s = a;
      if (!Sorts.inBlocks(s.distribution())) {
        s = keep(made, s.redistribute(Distribution.of(s.shape(), "b", s.distribution().targets())));
      }
      if (s.dtype() != common) {
        s = keep(made, s.astype(common));
      }
      DistArray v = values.dtype() == common ? values : keep(made, values.astype(common));
      long[] starts = Sorts.starts(s.distribution());
      List<Long> firsts = new ArrayList<>();
      List<Integer> owners = new ArrayList<>();
      List<long[]> ends = ctx.apply(new Uniques.Ends(), s);
      for (int r = 0; r < ends.size(); r++) {
        if (ends.get(r)[0] > 0) {
          firsts.add(ends.get(r)[1]);
          owners.add(r);
        }
      }
      Splitters sp = new Splitters(firsts.stream().mapToLong(Long::longValue).toArray(),
          owners.stream().mapToInt(Integer::intValue).toArray(), s.distribution().ranks());
      if (s.size() == 0) {
        ctx.apply(new Answer(null, 0, null), out); // zeros
        return out;
      }
      List<long[]> perEngine = ctx.apply(new CountQueries(sp), v);
      long[][] counts = perEngine.toArray(new long[0][]);
      long width = 1;
      for (long[] c : counts) {
        for (long x : c) {
          width = Math.max(width, x);
        }
      }
      int sources = v.distribution().ranks();
      int ranks = s.distribution().ranks();
      Shape box = Shape.of(sources, ranks, width);
      Distribution rows = Distribution.of(box, "bnn", new int[] {sources, 1, 1}, v.distribution().targets());
      Distribution columns = Distribution.of(box, "nbn", new int[] {1, ranks, 1}, s.distribution().targets());
      try (DistArray requests = ctx.empty(rows, DType.INT64)) {
        ctx.apply(new WriteQueries(sp, (int) width), v, requests);
        try (DistArray atOwners = requests.redistribute(columns);
            DistArray found = ctx.empty(columns, DType.INT64)) {
          ctx.apply(new Answer(counts, (int) width, starts), s, atOwners, found);
          try (DistArray back = found.redistribute(rows)) {
            ctx.apply(new PutAnswers(sp, (int) width), v, back, out);
          }
        }
      }
      return out;
    } catch (RuntimeException e) {
      out.close();
      throw e;
    } finally {
      for (DistArray t : made) {
        t.close();
      }
    }
  }

  private static DistArray keep(List<DistArray> made, DistArray a) {
    made.add(a);
    return a;
  }

  /** The first key of every block that holds elements (ascending), the block's rank, and the rank count. */
  public record Splitters(long[] firsts, int[] ranks, int rankCount) {
    /** The rank whose block answers key: the last whose first key is smaller; -1 when none is. */
    int owner(long key) {
      int lo = 0;
      int hi = firsts.length;
      while (lo < hi) {
        int mid = (lo + hi) >>> 1;
        if (firsts[mid] < key) {
          lo = mid + 1;
        } else {
          hi = mid;
        }
      }
      return lo == 0 ? -1 : ranks[lo - 1];
    }
  }

  private static long[] keys(NdArray block) {
    return SortKeys.of(block, true);
  }

  /** How many of this engine's queries each rank answers. */
  public record CountQueries(Splitters sp) implements LocalTask<long[]> {
    @Override
    public long[] run(LocalBlocks blocks) {
      long[] counts = new long[sp.rankCount()];
      for (long k : keys(blocks.block(0))) {
        int o = sp.owner(k);
        if (o >= 0) {
          counts[o]++;
        }
      }
      return counts;
    }
  }

  /** Writes this engine's queries (block 0) into its mailbox row (block 1), per owner in order. */
  public record WriteQueries(Splitters sp, int width) implements LocalTask<Integer> {
    @Override
    public Integer run(LocalBlocks blocks) {
      long[] box = Sorts.storage(blocks.block(1));
      int[] next = new int[sp.rankCount()];
      for (long k : keys(blocks.block(0))) {
        int o = sp.owner(k);
        if (o >= 0) {
          box[o * width + next[o]++] = k;
        }
      }
      return blocks.rank();
    }
  }

  /**
   * An owner answers the queries of every engine (block 1, (engines, 1, width)) against its sorted block (block 0)
   * into block 2; with no counts it fills block 0 with zeros.
   */
  public record Answer(long[][] counts, int width, long[] starts) implements LocalTask<Integer> {
    @Override
    public Integer run(LocalBlocks blocks) {
      if (counts == null) {
        blocks.block(0).fill(0);
        return blocks.rank();
      }
      int r = blocks.rank();
      long[] own = keys(blocks.block(0));
      long[] queries = Sorts.storage(blocks.block(1));
      long[] found = Sorts.storage(blocks.block(2));
      for (int src = 0; src < counts.length; src++) {
        for (int j = 0, n = (int) counts[src][r]; j < n; j++) {
          found[src * width + j] = starts[r] + below(own, queries[src * width + j]);
        }
      }
      return r;
    }
  }

  private static int below(long[] sorted, long key) {
    int lo = 0;
    int hi = sorted.length;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (sorted[mid] < key) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }

  /** Puts the answers (block 1, this engine's row) at the places of its queries (block 0) in block 2. */
  public record PutAnswers(Splitters sp, int width) implements LocalTask<Integer> {
    @Override
    public Integer run(LocalBlocks blocks) {
      long[] back = Sorts.storage(blocks.block(1));
      long[] k = keys(blocks.block(0));
      long[] out = new long[k.length];
      int[] next = new int[sp.rankCount()];
      for (int i = 0; i < k.length; i++) {
        int o = sp.owner(k[i]);
        out[i] = o < 0 ? 0 : back[o * width + next[o]++];
      }
      NdArray target = blocks.block(2);
      target.copyFrom(NdArray.of(out, target.dims()));
      return blocks.rank();
    }
  }
}
