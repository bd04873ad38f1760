package org.distarray.arrays.dist;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.distarray.arrays.Shape;

/**
 * Planning for reshape in C order. An array in a row layout (blocks along axis 0 only) holds one contiguous range
 * of C-order positions per rank, so a reshape between row layouts is a redistribution of the flat array between
 * two sets of ranges: {@link #flat} gives those 1-D distributions, and {@link TransferPlan#between} the pieces, which
 * move only where the owner of a position changes.
 */
public final class ReshapePlan {
  private ReshapePlan() {}

  /**
   * True when d splits only axis 0, into ascending contiguous ranges in rank order, each block in C order: every
   * rank holds one contiguous range of C-order positions.
   */
  public static boolean isRowLayout(Distribution d) {
    if (d.ndim() == 0) {
      return true;
    }
    int[] grid = d.gridShape();
    for (int k = 1; k < grid.length; k++) {
      long[] p = d.localIndices(0, k).asProgression(); // local order must be C order (not a permuted 'u' list)
      if (grid[k] != 1 || p == null || p[2] > 1 && (p[0] != 0 || p[1] != 1)) {
        return false;
      }
    }
    long next = 0;
    for (int r = 0; r < d.ranks(); r++) {
      IndexRuns owned = d.localIndices(r, 0);
      if (owned.isEmpty()) {
        continue;
      }
      long[] p = owned.asProgression();
      if (p == null || p[1] != 1 || p[0] != next) {
        return false;
      }
      next = p[0] + p[2];
    }
    return true;
  }

  /**
   * The row layout of shape over the first engines of targets: balanced blocks of axis 0 (as many ranks as axis 0
   * has rows, at most), nothing else split.
   */
  public static Distribution rows(Shape shape, int[] targets) {
    int nd = shape.ndim();
    if (nd == 0) {
      return Distribution.of(shape, List.of(), new int[0], new int[] {targets[0]});
    }
    int p = (int) Math.max(1, Math.min(targets.length, shape.dim(0)));
    int[] grid = new int[nd];
    Arrays.fill(grid, 1);
    grid[0] = p;
    List<AxisMap> maps = new ArrayList<>();
    maps.add(AxisMap.block());
    for (int k = 1; k < nd; k++) {
      maps.add(AxisMap.none());
    }
    return Distribution.of(shape, maps, grid, Arrays.copyOf(targets, p));
  }

  /** The 1-D distribution of d's C-order positions: rank r holds the contiguous range its rows cover. */
  public static Distribution flat(Distribution d) {
    long n = d.shape().size();
    long rowSize = d.ndim() == 0 ? 1 : n / Math.max(1, d.shape().dim(0));
    long[] bounds = new long[d.ranks() + 1];
    for (int r = 0; r < d.ranks(); r++) {
      IndexRuns owned = d.ndim() == 0 ? IndexRuns.of(0, 1, 1) : d.ownedIndices(r, 0);
      long rows = owned.size();
      bounds[r + 1] = bounds[r] + rows * (d.ndim() == 0 ? 1 : rowSize);
    }
    return Distribution.of(Shape.of(n), List.of(AxisMap.blockBounds(bounds)), new int[] {d.ranks()}, d.targets());
  }
}
