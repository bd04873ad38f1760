package org.distarray.runtime;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.pekko.actor.typed.ActorRef;
import org.distarray.actors.coordinator.Coordinator;
import org.distarray.arrays.DType;
import org.distarray.arrays.NdArray;
import org.distarray.arrays.Shape;
import org.distarray.arrays.dist.Distribution;
import org.distarray.arrays.ops.CountingSort;
import org.distarray.arrays.ops.RadixSort;
import org.distarray.arrays.ops.RunMerge;
import org.distarray.arrays.ops.SortKeys;
import org.distarray.arrays.ops.Sorting;
import org.distarray.arrays.task.LocalBlocks;
import org.distarray.arrays.task.LocalTask;
import org.distarray.runtime.internal.Client;

/**
 * NumPy's {@code sort} and {@code argsort(kind="stable")} of distributed arrays.
 *
 * <p>Along an axis that every block holds whole, each engine sorts its lanes. Along a distributed axis of a 1-D
 * array, a sample sort with exact splitting: each engine turns its block into sort keys ({@link SortKeys}) and radix
 * sorts them; {@link SortSplits} then finds, in a few rounds of regular samples, the exact cut of every engine's run
 * for every boundary of the result's blocks, so that each engine receives exactly its share; one all-to-all exchange
 * moves the runs engine to engine ({@link Coordinator.MoveRuns}, chunked like every move), and each engine merges the
 * runs it received. The result keeps the input's distribution (a layout other than blocks is sorted into blocks over
 * the same engines and moved there). Along a distributed axis of an n-D array, the array moves to a layout where that
 * axis is whole on every engine, is sorted there and moves back.
 *
 * <p>Memory per engine, besides the input and the result: the sorted keys and the radix sort's buffer (two blocks
 * of keys the size of its share, 4-byte keys for 4-byte values), then the received keys and the merge's buffer. A
 * sort of a dtype of at most 16 bits needs none of that: the summed counts of its values are the sorted array, and every engine writes its
 * part of it ({@link CountingSort}).
 */
final class Sorts {
  private Sorts() {}

  static DistArray sort(DistContext ctx, DistArray a, int axis, boolean arg) {
    SortKeys.check(a.dtype(), arg ? "argsort" : "sort");
    if (a.ndim() == 0) {
      throw new IllegalArgumentException("axis " + axis + " is out of bounds for array of dimension 0");
    }
    int ax = Shape.normalizeAxis(axis, a.ndim());
    Distribution d = a.distribution();
    DType rt = arg ? DType.INT64 : a.dtype();
    if (a.size() == 0) {
      return ctx.empty(d, rt);
    }
    if (d.gridShape()[ax] == 1 && d.axisMap(ax).distType() != 'u') { // local order is global order along ax
      DistArray out = ctx.empty(d, rt);
      ctx.apply(new SortLanes(ax, arg), a, out);
      return out;
    }
    if (a.ndim() == 1) {
      return sortVector(ctx, a, arg);
    }
    try (DistArray whole = a.redistribute(wholeAlong(d, ax)); DistArray sorted = sort(ctx, whole, ax, arg)) {
      return sorted.redistribute(d);
    }
  }

  /** A layout of d's shape on d's engines where axis is whole on every engine: blocks along the longest other axis. */
  static Distribution wholeAlong(Distribution d, int axis) {
    long[] dims = d.shape().dims();
    int longest = axis == 0 ? 1 : 0;
    for (int k = 0; k < dims.length; k++) {
      longest = k != axis && dims[k] > dims[longest] ? k : longest;
    }
    char[] letters = new char[dims.length];
    Arrays.fill(letters, 'n');
    letters[longest] = 'b';
    int engines = (int) Math.max(1, Math.min(d.ranks(), dims[longest]));
    return Distribution.of(d.shape(), new String(letters), Arrays.copyOf(d.targets(), engines));
  }

  /** True for a 1-D layout whose ranks hold consecutive ranges in rank order. */
  static boolean inBlocks(Distribution d) {
    char kind = d.axisMap(0).distType();
    return kind == 'b' || kind == 'n';
  }

  /** A 1-D array sorted into blocks over its engines in rank order (its own layout when that is blocks). */
  static DistArray sortedBlocks(DistContext ctx, DistArray a) {
    SortKeys.check(a.dtype(), "sort");
    return a.size() == 0 ? a.copy() : sortVector(ctx, a, false, false);
  }

  private static DistArray sortVector(DistContext ctx, DistArray a, boolean arg) {
    return sortVector(ctx, a, arg, true);
  }

  private static DistArray sortVector(DistContext ctx, DistArray a, boolean arg, boolean keepLayout) {
    Distribution d = a.distribution();
    Distribution blocks = inBlocks(d) ? d : Distribution.of(d.shape(), "b", d.targets());
    if (!arg && CountingSort.applies(a.dtype())) {
      DistArray counted = byCounting(ctx, a, blocks);
      if (blocks.equals(d) || !keepLayout) {
        return counted;
      }
      try (counted) {
        return counted.redistribute(d);
      }
    }
    int ranks = d.ranks();
    long[] sizes = new long[ranks];
    for (int r = 0; r < ranks; r++) {
      sizes[r] = d.localSize(r);
    }
    DistArray keys = ctx.empty(d, !arg && SortKeys.fitsInt(a.dtype()) ? DType.INT32 : DType.INT64);
    DistArray idx = null;
    DistArray out = null;
    try {
      idx = arg ? ctx.empty(d, DType.INT64) : null;
      if (arg) {
        ctx.apply(new LocalRuns(true), a, keys, idx);
      } else {
        ctx.apply(new LocalRuns(false), a, keys);
      }
      long[][] cuts = SortSplits.cuts(ctx, keys, idx, sizes, starts(blocks));
      long[] runs = exchange(cuts, blocks);
      DistArray keysThere = moveRuns(ctx, keys, blocks, runs);
      keys.close();
      DistArray idxThere = null;
      try (keysThere) {
        if (arg) {
          idxThere = moveRuns(ctx, idx, blocks, runs);
          idx.close();
        }
        out = ctx.empty(blocks, arg ? DType.INT64 : a.dtype());
        int[][] lengths = runLengths(cuts);
        if (arg) {
          ctx.apply(new MergeRuns(lengths, true), keysThere, out, idxThere);
        } else {
          ctx.apply(new MergeRuns(lengths, false), keysThere, out);
        }
      } finally {
        if (idxThere != null) {
          idxThere.close();
        }
      }
      if (blocks.equals(d) || !keepLayout) {
        return out;
      }
      try (DistArray b = out) {
        out = null;
        return b.redistribute(d);
      }
    } catch (RuntimeException e) {
      if (out != null) {
        out.close();
      }
      throw e;
    } finally {
      keys.close();
      if (idx != null) {
        idx.close();
      }
    }
  }

  /**
   * A sort of a dtype of at most 16 bits into blocks: each engine counts its values into its row of an (engines,
   * values) array, the rows are added up the reduction tree, and each engine writes its part of the sorted sequence
   * from the totals. No element moves.
   */
  private static DistArray byCounting(DistContext ctx, DistArray a, Distribution blocks) {
    long[] total = EngineRows.sum(ctx, a, CountingSort.values(a.dtype()), new CountValues());
    DistArray out = ctx.empty(blocks, a.dtype());
    try {
      ctx.apply(new FillCounted(total, starts(blocks)), out);
    } catch (RuntimeException e) {
      out.close();
      throw e;
    }
    return out;
  }

  /** Counts the values of block 0 into block 1, its row of the (engines, values) counts. */
  public record CountValues() implements LocalTask<Integer> {
    @Override
    public Integer run(LocalBlocks blocks) {
      NdArray x = blocks.block(0);
      NdArray c = x.isContiguous() ? x : x.copy();
      long[] counts = new long[CountingSort.values(x.dtype())];
      CountingSort.count(c.dtype(), c.storage(), (int) c.offset(), (int) c.size(), counts);
      blocks.block(1).copyFrom(NdArray.of(counts, 1, counts.length));
      return blocks.rank();
    }
  }

  /** Writes this rank's part (from starts[rank]) of the sorted sequence the counts describe into block 0. */
  public record FillCounted(long[] counts, long[] starts) implements LocalTask<Integer> {
    @Override
    public Integer run(LocalBlocks blocks) {
      NdArray out = blocks.block(0);
      int r = blocks.rank();
      NdArray c = out.isContiguous() ? out : NdArray.zeros(out.dtype(), out.dims());
      CountingSort.fill(out.dtype(), counts, starts[r], (int) out.size(), c.storage(), (int) c.offset());
      if (c != out) {
        out.copyFrom(c);
      }
      return r;
    }
  }

  /** The global start of every rank's block of a 1-D block layout, and the length at the end. */
  static long[] starts(Distribution blocks) {
    long[] s = new long[blocks.ranks() + 1];
    for (int r = 0; r < blocks.ranks(); r++) {
      s[r + 1] = s[r] + blocks.localSize(r);
    }
    return s;
  }

  /** The runs (source rank, start, target rank, start there, length) of cuts[rank][target boundary]. */
  private static long[] exchange(long[][] cuts, Distribution blocks) {
    int targets = blocks.ranks();
    long[] at = new long[targets];
    List<long[]> runs = new ArrayList<>();
    for (int r = 0; r < cuts.length; r++) {
      for (int t = 0; t < targets; t++) {
        long length = cuts[r][t + 1] - cuts[r][t];
        if (length > 0) {
          runs.add(new long[] {r, cuts[r][t], t, at[t], length});
          at[t] += length;
        }
      }
    }
    long[] flat = new long[runs.size() * 5];
    for (int k = 0; k < runs.size(); k++) {
      System.arraycopy(runs.get(k), 0, flat, 5 * k, 5);
    }
    return flat;
  }

  /** Per target rank, the lengths of the runs it receives, in source rank order. */
  private static int[][] runLengths(long[][] cuts) {
    int targets = cuts[0].length - 1;
    int[][] lengths = new int[targets][cuts.length];
    for (int t = 0; t < targets; t++) {
      for (int r = 0; r < cuts.length; r++) {
        lengths[t][r] = (int) (cuts[r][t + 1] - cuts[r][t]);
      }
    }
    return lengths;
  }

  static DistArray moveRuns(DistContext ctx, DistArray source, Distribution target, long[] runs) {
    long id = source.id(ctx);
    Client client = ctx.client();
    Coordinator.ArrayReply reply = client.ask(client.coordinator(),
        (ActorRef<Coordinator.ArrayReply> r) -> new Coordinator.MoveRuns(id, target, runs, r),
        "the exchange of the sorted runs of " + source);
    return ctx.adopt(reply);
  }

  /** A block's storage when it is a contiguous INT64 block of its own from element 0 (the arrays made here are). */
  static long[] storage(NdArray block) {
    return (long[]) keyStorage(block);
  }

  /** The int[] or long[] storage of a contiguous INT32 or INT64 block of its own from element 0. */
  static Object keyStorage(NdArray block) {
    boolean keys = block.dtype() == DType.INT64 || block.dtype() == DType.INT32;
    if (!keys || !block.isContiguous() || block.offset() != 0) {
      throw new IllegalStateException("a sort's working block must be a contiguous INT32 or INT64 block, got "
          + block);
    }
    return block.storage();
  }

  /** Key p of int[] or long[] keys. */
  static long key(Object keys, int p) {
    return keys instanceof int[] k ? k[p] : ((long[]) keys)[p];
  }

  /** Sorts every lane along axis of block 0 into block 1 (argsort: its positions along the axis). */
  public record SortLanes(int axis, boolean arg) implements LocalTask<Integer> {
    @Override
    public Integer run(LocalBlocks blocks) {
      if (arg) {
        Sorting.argsort(blocks.block(0), axis, blocks.block(1));
      } else {
        Sorting.sort(blocks.block(0), axis, blocks.block(1));
      }
      return blocks.rank();
    }
  }

  /**
   * Writes the sorted keys of block 0 (1-D) into block 1; for argsort its elements' global indices along, into block
   * 2, equal keys in index order.
   */
  public record LocalRuns(boolean arg) implements LocalTask<Integer> {
    @Override
    public Integer run(LocalBlocks blocks) {
      NdArray x = blocks.block(0);
      NdArray c = x.isContiguous() ? x : x.copy();
      if (keyStorage(blocks.block(1)) instanceof int[] narrow) { // a sort of 4-byte values: 4-byte keys
        SortKeys.toIntKeys(c.dtype(), c.storage(), (int) c.offset(), narrow.length, narrow, 0);
        RadixSort.sort(narrow, 0, narrow.length, new int[narrow.length]);
        return blocks.rank();
      }
      long[] keys = storage(blocks.block(1));
      int n = keys.length;
      SortKeys.toKeys(c.dtype(), c.storage(), (int) c.offset(), n, keys, 0, arg);
      long[] idx = null;
      boolean ascending = true;
      if (arg) {
        idx = storage(blocks.block(2));
        long[] global = blocks.distribution(0).globalFlatIndices(blocks.rank());
        System.arraycopy(global, 0, idx, 0, n);
        for (int i = 1; i < n && ascending; i++) {
          ascending = idx[i - 1] < idx[i];
        }
      }
      RadixSort.sort(keys, idx, 0, n, new long[n], arg ? new long[n] : null);
      if (!ascending) { // an unstructured layout's own order: equal keys into index order
        for (int i = 0, j; i < n; i = j) {
          for (j = i + 1; j < n && keys[j] == keys[i]; j++) {
            // the run of keys equal to keys[i]
          }
          Arrays.sort(idx, i, j);
        }
      }
      return blocks.rank();
    }
  }

  /**
   * Merges the runs of block 0 (lengths[rank], in source order) into block 1: the values of the keys, or for argsort
   * the indices of block 2 in the keys' order.
   */
  public record MergeRuns(int[][] lengths, boolean arg) implements LocalTask<Integer> {
    @Override
    public Integer run(LocalBlocks blocks) {
      NdArray out = blocks.block(1);
      int[] len = lengths[blocks.rank()];
      int[] starts = new int[len.length + 1];
      for (int r = 0; r < len.length; r++) {
        starts[r + 1] = starts[r] + len[r];
      }
      if (keyStorage(blocks.block(0)) instanceof int[] narrow) {
        int[] merged = RunMerge.merge(narrow, starts, new int[narrow.length]);
        NdArray c = out.isContiguous() ? out : NdArray.zeros(out.dtype(), out.dims());
        SortKeys.fromIntKeys(out.dtype(), merged, 0, narrow.length, c.storage(), (int) c.offset());
        if (c != out) {
          out.copyFrom(c);
        }
        return blocks.rank();
      }
      long[] keys = storage(blocks.block(0));
      long[] idx = arg ? storage(blocks.block(2)) : null;
      int n = keys.length;
      long[] tmp = new long[n];
      long[] tmpIdx = arg ? new long[n] : null;
      long[] merged = RunMerge.merge(keys, idx, starts, tmp, tmpIdx);
      if (arg) {
        System.arraycopy(merged == keys ? idx : tmpIdx, 0, (long[]) out.storage(), (int) out.offset(), n);
      } else {
        SortKeys.into(merged, 0, out);
      }
      return blocks.rank();
    }
  }
}
