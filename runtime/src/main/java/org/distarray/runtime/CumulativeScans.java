package org.distarray.runtime;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.distarray.arrays.DType;
import org.distarray.arrays.NdArray;
import org.distarray.arrays.Shape;
import org.distarray.arrays.dist.Distribution;
import org.distarray.arrays.ops.BinaryOp;
import org.distarray.arrays.ops.ReduceOp;
import org.distarray.arrays.ops.Reductions;
import org.distarray.arrays.ops.Scans;
import org.distarray.arrays.ops.Ufuncs;
import org.distarray.arrays.task.LocalBlocks;
import org.distarray.arrays.task.LocalTask;

/**
 * NumPy's {@code cumsum} and {@code cumprod} along an axis of a distributed array: each engine sums (or
 * multiplies) its block along the axis, the client folds those totals (one hyperplane per engine) into an exclusive
 * scan along the grid axis, and each engine scans its block starting from its offset: one read pass and one
 * read-write pass per element, the engines busy alike. Blocks along a block-distributed (or undistributed)
 * axis are contiguous runs in grid order, so that is all; along a cyclic or unstructured axis the array is moved to
 * blocks along that axis first and the result moved back.
 */
final class CumulativeScans {
  private CumulativeScans() {}

  static DistArray scan(DistContext ctx, DistArray a, int axis, boolean product) {
    int ax = Shape.normalizeAxis(axis, a.ndim());
    Distribution d = a.distribution();
    char kind = d.axisMap(ax).distType();
    if (kind == 'u' || kind == 'c' && d.gridShape()[ax] > 1) { // 'u': local order need not be global order
      char[] letters = new char[a.ndim()];
      Arrays.fill(letters, 'n');
      letters[ax] = 'b';
      try (DistArray blocks = a.redistribute(Distribution.of(d.shape(), new String(letters), d.targets()));
          DistArray scanned = scan(ctx, blocks, ax, product)) {
        return scanned.redistribute(d);
      }
    }
    DType rt = Scans.resultType(product, a.dtype());
    DistArray out = ctx.empty(d, rt);
    int ranks = d.ranks();
    List<NdArray> offsets = new ArrayList<>(ranks);
    boolean[] start = new boolean[ranks];
    if (d.gridShape()[ax] == 1) {
      java.util.Arrays.fill(start, true);
      for (int r = 0; r < ranks; r++) {
        offsets.add(NdArray.zeros(rt));
      }
    } else {
      List<NdArray> totals = ctx.apply(new BlockTotals(ax, product), a);
      BinaryOp op = product ? BinaryOp.MULTIPLY : BinaryOp.ADD;
      for (int r = 0; r < ranks; r++) {
        int[] c = d.gridCoords(r);
        NdArray acc = null;
        for (int k = 0; k < c[ax]; k++) { // the totals of the blocks before this one along the axis, in order
          int[] before = c.clone();
          before[ax] = k;
          NdArray total = totals.get(d.rankOf(before));
          acc = acc == null ? total : Ufuncs.binary(op, acc, total);
        }
        start[r] = acc == null;
        offsets.add(acc == null ? NdArray.zeros(rt) : acc);
      }
    }
    ctx.apply(new ScanBlocks(ax, product, offsets, start), a, out);
    return out;
  }

  /** The sum (or product) of block 0 along axis: its share of the offsets of the blocks after it. */
  public record BlockTotals(int axis, boolean product) implements LocalTask<NdArray> {
    @Override
    public NdArray run(LocalBlocks blocks) {
      NdArray in = blocks.block(0);
      return Reductions.reduce(product ? ReduceOp.PROD : ReduceOp.SUM, in, new int[] {axis}, false)
          .astype(Scans.resultType(product, in.dtype()));
    }
  }

  /**
   * Scans block 0 along axis into block 1, continuing from this rank's offset (the blocks before it along the axis)
   * unless the rank starts the axis.
   */
  public record ScanBlocks(int axis, boolean product, List<NdArray> offsets, boolean[] start)
      implements LocalTask<Integer> {
    @Override
    public Integer run(LocalBlocks blocks) {
      int rank = blocks.rank();
      Scans.scan(product, blocks.block(0), axis, blocks.block(1), start[rank] ? null : offsets.get(rank));
      return rank;
    }
  }
}
