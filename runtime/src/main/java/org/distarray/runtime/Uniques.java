package org.distarray.runtime;

import java.util.List;
import org.distarray.arrays.DType;
import org.distarray.arrays.NdArray;
import org.distarray.arrays.ops.SortKeys;
import org.distarray.arrays.task.LocalBlocks;
import org.distarray.arrays.task.LocalTask;

/**
 * NumPy's {@code unique} (and its counts): the flattened array sorted into blocks, each engine marks the elements
 * that differ from the one before (the first of its block compared with the last of the engine before it), and the
 * marked elements are selected engine to engine ({@link DistArray#select}). The counts are the distances between
 * the marked positions. Equal means NumPy's equal: -0.0 equals 0.0, and every NaN is one value (NumPy 2's
 * {@code equal_nan=True}), at the end.
 */
final class Uniques {
  private Uniques() {}

  static List<DistArray> unique(DistContext ctx, DistArray a, boolean counts) {
    SortKeys.check(a.dtype(), "unique");
    try (DistArray flat = a.ndim() == 1 ? a.copy() : a.reshape(-1); DistArray s = Sorts.sortedBlocks(ctx, flat);
        DistArray first = ctx.empty(s.distribution(), DType.BOOL)) {
      if (s.size() == 0) {
        return counts ? List.of(s.copy(), ctx.empty(s.distribution(), DType.INT64)) : List.of(s.copy());
      }
      List<long[]> ends = ctx.apply(new Ends(), s);
      ctx.apply(new MarkFirsts(before(ends)), s, first);
      DistArray values = s.select(first);
      if (!counts) {
        return List.of(values);
      }
      try (DistArray at = first.nonzero().get(0)) {
        DistArray n = ctx.empty(at.distribution(), DType.INT64);
        ctx.apply(new Gaps(after(ctx.apply(new Ends(), at), s.size())), at, n);
        return List.of(values, n);
      }
    }
  }

  /** Per rank: whether a rank before it holds elements, and the last key of the nearest such rank. */
  private static long[][] before(List<long[]> ends) {
    long[][] prev = new long[ends.size()][];
    long[] last = null;
    for (int r = 0; r < ends.size(); r++) {
      prev[r] = last;
      if (ends.get(r)[0] > 0) {
        last = new long[] {ends.get(r)[2]};
      }
    }
    return prev;
  }

  /** Per rank: the first key of the nearest rank after it that holds elements, or end. */
  private static long[] after(List<long[]> ends, long end) {
    long[] next = new long[ends.size()];
    long first = end;
    for (int r = ends.size() - 1; r >= 0; r--) {
      next[r] = first;
      if (ends.get(r)[0] > 0) {
        first = ends.get(r)[1];
      }
    }
    return next;
  }

  private static long[] keys(NdArray block) {
    return SortKeys.of(block, true);
  }

  /** This block's element count, first and last key (-0.0 as 0.0). */
  public record Ends() implements LocalTask<long[]> {
    @Override
    public long[] run(LocalBlocks blocks) {
      long[] k = keys(blocks.block(0));
      return k.length == 0 ? new long[] {0, 0, 0} : new long[] {k.length, k[0], k[k.length - 1]};
    }
  }

  /** Marks (block 1) the elements of the sorted block 0 that differ from the one before them. */
  public record MarkFirsts(long[][] before) implements LocalTask<Integer> {
    @Override
    public Integer run(LocalBlocks blocks) {
      long[] k = keys(blocks.block(0));
      boolean[] first = new boolean[k.length];
      long[] prev = before[blocks.rank()];
      if (k.length > 0) {
        first[0] = prev == null || prev[0] != k[0];
      }
      for (int i = 1; i < k.length; i++) {
        first[i] = k[i] != k[i - 1];
      }
      blocks.block(1).copyFrom(NdArray.of(first, k.length));
      return blocks.rank();
    }
  }

  /** The distance from each position of block 0 to the next (to next[rank] for the last) into block 1. */
  public record Gaps(long[] next) implements LocalTask<Integer> {
    @Override
    public Integer run(LocalBlocks blocks) {
      long[] at = blocks.block(0).toLongArray();
      long[] gap = new long[at.length];
      for (int i = 0; i < at.length; i++) {
        gap[i] = (i + 1 < at.length ? at[i + 1] : next[blocks.rank()]) - at[i];
      }
      blocks.block(1).copyFrom(NdArray.of(gap, gap.length));
      return blocks.rank();
    }
  }
}
