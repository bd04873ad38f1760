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

  /** One piece of a reshape from any layout: source-local indices, and C-order positions in the target block. */
  public record Move(int sourceRank, int targetRank, Piece sourceLocal, Piece targetFlat) {}

  /**
   * The pieces that reshape an array distributed by source (any layout) into target, a row layout of a shape of the
   * same size: each target rank's range of C-order positions is cut into boxes of source indices, and each box is
   * intersected with every source rank's block. An element moves only from the engine that holds it to the one that
   * will; pieces between ranks on one engine are copies there.
   */
  public static List<Move> moves(Distribution source, Distribution target) {
    long[] dims = source.shape().dims();
    List<Move> out = new ArrayList<>();
    if (source.shape().size() == 0) {
      return out;
    }
    if (dims.length == 0) { // one element, from the only source rank to the only target rank
      out.add(new Move(0, 0, Piece.of(), Piece.of(IndexRuns.of(0, 1, 1))));
      return out;
    }
    Distribution flatTarget = flat(target);
    for (int t = 0; t < target.ranks(); t++) {
      IndexRuns range = flatTarget.ownedIndices(t, 0);
      if (range.isEmpty()) {
        continue;
      }
      long lo = range.first();
      List<long[][]> boxes = new ArrayList<>();
      boxes(lo, range.last() + 1, dims, 0, new long[dims.length][], boxes);
      for (int s = 0; s < source.ranks(); s++) {
        for (long[][] box : boxes) {
          List<IndexRuns> global = new ArrayList<>(dims.length);
          boolean empty = false;
          for (int a = 0; a < dims.length && !empty; a++) {
            IndexRuns g = IndexRuns.range(box[a][0], box[a][1]).intersect(source.ownedIndices(s, a));
            empty = g.isEmpty();
            global.add(g);
          }
          if (!empty) {
            Piece g = new Piece(global);
            out.add(new Move(s, t, g.toLocal(source, s), Piece.of(g.flatPositions(dims, lo))));
          }
        }
      }
    }
    return out;
  }

  /**
   * The C-order positions [lo, hi) of an array of dims as boxes in C order, each {@code box[axis] = {from, to}}: at
   * most 2 * dims.length - 1 of them.
   */
  public static List<long[][]> boxes(long lo, long hi, long[] dims) {
    List<long[][]> out = new ArrayList<>();
    if (dims.length == 0) {
      if (lo < hi) {
        out.add(new long[0][]);
      }
      return out;
    }
    boxes(lo, hi, dims, 0, new long[dims.length][], out);
    return out;
  }

  /** Cuts the C-order positions [lo, hi) of an array of dims (from axis k on, earlier axes fixed) into boxes. */
  private static void boxes(long lo, long hi, long[] dims, int k, long[][] prefix, List<long[][]> out) {
    if (lo >= hi) {
      return;
    }
    long row = 1;
    for (int a = k + 1; a < dims.length; a++) {
      row *= dims[a];
    }
    if (k == dims.length - 1) {
      long[][] box = prefix.clone();
      box[k] = new long[] {lo, hi};
      out.add(box);
      return;
    }
    long first = lo / row;
    long last = hi / row; // rows first .. last-1 are whole once the partial head is cut off
    if (first == last || first == (hi - 1) / row && lo % row != 0) {
      long[][] fixed = prefix.clone();
      fixed[k] = new long[] {first, first + 1};
      boxes(lo - first * row, hi - first * row, dims, k + 1, fixed, out);
      return;
    }
    if (lo % row != 0) {
      long[][] fixed = prefix.clone();
      fixed[k] = new long[] {first, first + 1};
      boxes(lo - first * row, row, dims, k + 1, fixed, out);
      first++;
    }
    if (first < last) {
      long[][] box = prefix.clone();
      box[k] = new long[] {first, last};
      for (int a = k + 1; a < dims.length; a++) {
        box[a] = new long[] {0, dims[a]};
      }
      out.add(box);
    }
    if (hi % row != 0) {
      long[][] fixed = prefix.clone();
      fixed[k] = new long[] {last, last + 1};
      boxes(0, hi - last * row, dims, k + 1, fixed, out);
    }
  }
}
