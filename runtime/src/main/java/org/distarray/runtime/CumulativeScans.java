package org.distarray.runtime;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.distarray.arrays.AxisRange;
import org.distarray.arrays.DType;
import org.distarray.arrays.NdArray;
import org.distarray.arrays.Shape;
import org.distarray.arrays.dist.Distribution;
import org.distarray.arrays.ops.BinaryOp;
import org.distarray.arrays.ops.Scans;
import org.distarray.arrays.ops.Ufuncs;
import org.distarray.arrays.task.LocalBlocks;
import org.distarray.arrays.task.LocalTask;

/**
 * NumPy's {@code cumsum} and {@code cumprod} along an axis of a distributed array: each engine scans its block, the
 * client folds the engines' last hyperplanes (one small array per engine) into an exclusive scan along the grid
 * axis, and each engine combines its block with its offset. Blocks along a block-distributed (or undistributed)
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
    List<NdArray> lasts = ctx.apply(new ScanBlocks(ax, product), a, out);
    if (d.gridShape()[ax] == 1) {
      return out;
    }
    List<NdArray> offsets = new ArrayList<>(d.ranks());
    boolean[] skip = new boolean[d.ranks()];
    BinaryOp op = product ? BinaryOp.MULTIPLY : BinaryOp.ADD;
    for (int r = 0; r < d.ranks(); r++) {
      int[] c = d.gridCoords(r);
      NdArray acc = null;
      for (int k = 0; k < c[ax]; k++) { // the totals of the blocks before this one along the axis, in order
        int[] before = c.clone();
        before[ax] = k;
        NdArray total = lasts.get(d.rankOf(before));
        acc = acc == null ? total : Ufuncs.binary(op, acc, total);
      }
      skip[r] = acc == null;
      offsets.add(acc == null ? NdArray.zeros(rt) : acc);
    }
    ctx.apply(new CombineOffsets(ax, product, offsets, skip), out);
    return out;
  }

  /** Scans block 0 along axis into block 1; returns block 1's last hyperplane (the identity when it has none). */
  public record ScanBlocks(int axis, boolean product) implements LocalTask<NdArray> {
    @Override
    public NdArray run(LocalBlocks blocks) {
      NdArray in = blocks.block(0);
      NdArray out = blocks.block(1);
      Scans.scan(product, in, axis, out);
      long n = out.dims()[axis];
      if (n == 0) {
        long[] dims = out.dims();
        long[] rest = new long[dims.length - 1];
        for (int k = 0, j = 0; k < dims.length; k++) {
          if (k != axis) {
            rest[j++] = dims[k];
          }
        }
        return NdArray.full(out.dtype(), product ? 1 : 0, rest);
      }
      List<AxisRange> last = new ArrayList<>();
      for (int k = 0; k < out.ndim(); k++) {
        last.add(k == axis ? new AxisRange(n - 1, 1, 1, true) : AxisRange.all(out.dims()[k]));
      }
      return out.view(last).copy();
    }
  }

  /** Combines block 0 with this rank's offset (a hyperplane broadcast along axis), in place. */
  public record CombineOffsets(int axis, boolean product, List<NdArray> offsets, boolean[] skip)
      implements LocalTask<Integer> {
    @Override
    public Integer run(LocalBlocks blocks) {
      int rank = blocks.rank();
      if (skip[rank]) {
        return 0;
      }
      NdArray block = blocks.block(0);
      NdArray offset = offsets.get(rank);
      long[] dims = block.dims().clone();
      dims[axis] = 1;
      Ufuncs.binary(product ? BinaryOp.MULTIPLY : BinaryOp.ADD, block, offset.reshape(dims), block);
      return 1;
    }
  }
}
