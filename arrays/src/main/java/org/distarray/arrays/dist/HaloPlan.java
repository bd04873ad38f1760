package org.distarray.arrays.dist;

import java.util.ArrayList;
import java.util.List;
import org.distarray.arrays.Shape;

/**
 * Ghost cells of a block-distributed array: the padded layout that holds every block with {@code width} extra layers
 * on both sides of every axis, and, per axis, the moves and fills that refresh those layers.
 *
 * <p>A ghosted array of shape {@code (n0, n1, ...)} over a process grid is kept as a padded array whose block at grid
 * coordinate c has length {@code n_k(c) + 2 width} along axis k (explicit bounds over a larger global shape, same
 * grid and engines); the array itself is the interior of each padded block. Refreshing the ghosts is one round of
 * independent copies ({@link #of}): every ghost region, corners included, is a piece of one block's interior, or 0.
 */
public final class HaloPlan {
  /** What lies outside the array: NumPy's pad modes {@code constant} (0), {@code wrap} and {@code edge}. */
  public enum Edge { ZERO, PERIODIC, EDGE }

  /** Copies sourceLocal of the padded block at sourceRank to targetLocal of the one at targetRank. */
  public record Move(int sourceRank, int targetRank, Piece sourceLocal, Piece targetLocal, long[] shapeAtTarget) {}

  /** Writes 0 into local of the padded block at rank. */
  public record Fill(int rank, Piece local) {}

  private final List<Move> moves;
  private final List<Fill> fills;
  private final long[] elements;

  private HaloPlan(List<Move> moves, List<Fill> fills, long[] elements) {
    this.moves = List.copyOf(moves);
    this.fills = List.copyOf(fills);
    this.elements = elements;
  }

  /** The moves of this round. */
  public List<Move> moves() {
    return moves;
  }

  /** The zero fills of this round. */
  public List<Fill> fills() {
    return fills;
  }

  /** Elements the moves write into the padded block at rank. */
  public long elements(int rank) {
    return elements[rank];
  }

  /**
   * The padded layout of a block-distributed array (every axis 'b', 'n' or explicit bounds).
   *
   * @throws DistributionException when an axis is not block-distributed, or a block is shorter than width along an
   *     axis (a ghost slab would need a block beyond the neighbour), naming them
   */
  public static Distribution padded(Distribution d, int width) {
    if (width < 1) {
      throw new DistributionException("ghost width must be at least 1, got " + width);
    }
    int nd = d.ndim();
    long[] dims = new long[nd];
    List<AxisMap> maps = new ArrayList<>(nd);
    int[] grid = d.gridShape();
    for (int k = 0; k < nd; k++) {
      AxisLayout layout = d.axis(k);
      if (!(layout instanceof BlockLayout b)) {
        throw new DistributionException("ghost cells need block axes; axis " + k + " is '" + layout.distType() + "'");
      }
      long[] bounds = new long[grid[k] + 1];
      for (int c = 0; c < grid[k]; c++) {
        long n = b.stop(c) - b.start(c);
        if (n < width) {
          throw new DistributionException("ghost width " + width + " is larger than the block of " + n
              + " elements at grid coordinate " + c + " of axis " + k + " (of length " + d.shape().dims()[k]
              + "): use fewer engines along that axis or a smaller width");
        }
        bounds[c + 1] = bounds[c] + n + 2L * width;
      }
      dims[k] = bounds[grid[k]];
      maps.add(AxisMap.blockBounds(bounds));
    }
    return Distribution.of(Shape.of(dims), maps, grid, d.targets());
  }

  /**
   * The moves and fills that refresh every ghost layer of a padded layout made by {@link #padded}, in one round.
   *
   * <p>Each padded block has {@code 3^ndim - 1} ghost regions, one per direction (-1, 0 or +1 along each axis: below
   * the interior, beside it, above it). Padding maps each axis on its own (NumPy's {@code wrap} and {@code edge} are
   * products of per-axis index maps, {@code constant} is 0 as soon as one axis falls outside), so each region is a
   * copy of one rectangular piece of one block's interior: along a moved axis the neighbour's slab next to this
   * block (the other end's for {@code PERIODIC}), at the array's edge with {@code EDGE} this block's outermost layer
   * stretched, with {@code ZERO} nothing (the region is filled with 0). Sources are interiors only, so every move of
   * the round is independent of the others and corners need no second round.
   *
   * @param padded the padded layout
   * @param width the ghost width it was made with
   * @param edge what lies outside the array
   */
  public static HaloPlan of(Distribution padded, int width, Edge edge) {
    int nd = padded.ndim();
    int[] grid = padded.gridShape();
    List<Move> moves = new ArrayList<>();
    List<Fill> fills = new ArrayList<>();
    long[] elements = new long[padded.ranks()];
    int directions = 1;
    for (int k = 0; k < nd; k++) {
      directions *= 3;
    }
    for (int rank = 0; rank < padded.ranks(); rank++) {
      long[] dims = padded.localShape(rank).dims();
      int[] coords = padded.gridCoords(rank);
      for (int code = 0; code < directions; code++) {
        int[] dir = direction(code, nd);
        if (isZero(dir)) {
          continue;
        }
        int[] from = coords.clone();
        boolean[] slab = new boolean[nd]; // along k, a neighbour's slab (or the other end's) rather than this block
        IndexRuns[] target = new IndexRuns[nd];
        boolean zero = false;
        boolean stretched = false;
        for (int k = 0; k < nd; k++) {
          long n = dims[k] - 2L * width;
          target[k] = dir[k] < 0 ? IndexRuns.range(0, width) : dir[k] > 0
              ? IndexRuns.range(width + n, 2L * width + n) : IndexRuns.range(width, width + n);
          if (dir[k] == 0) {
            continue;
          }
          int c = coords[k] + dir[k];
          if (c >= 0 && c < grid[k]) {
            from[k] = c;
            slab[k] = true;
          } else if (edge == Edge.PERIODIC) {
            from[k] = Math.floorMod(c, grid[k]);
            slab[k] = true;
          } else if (edge == Edge.ZERO) {
            zero = true;
          } else {
            stretched = true; // EDGE: this block's outermost layer along k
          }
        }
        Piece targetPiece = Piece.of(target);
        if (zero) {
          fills.add(new Fill(rank, targetPiece));
          continue;
        }
        int source = padded.rankOf(from);
        long[] sourceDims = padded.localShape(source).dims();
        IndexRuns[] src = new IndexRuns[nd];
        long[] shapeAtTarget = stretched ? new long[nd] : null;
        for (int k = 0; k < nd; k++) {
          long n = sourceDims[k] - 2L * width;
          if (dir[k] == 0) {
            src[k] = IndexRuns.range(width, width + n);
          } else if (slab[k]) { // the neighbour's slab next to this block: its top for below, its bottom for above
            src[k] = dir[k] < 0 ? IndexRuns.range(n, n + width) : IndexRuns.range(width, 2L * width);
          } else { // EDGE at the array's edge: the outermost layer, stretched over the width
            src[k] = dir[k] < 0 ? IndexRuns.range(width, width + 1) : IndexRuns.range(width + n - 1, width + n);
          }
          if (stretched) {
            shapeAtTarget[k] = src[k].size();
          }
        }
        moves.add(new Move(source, rank, Piece.of(src), targetPiece, shapeAtTarget));
        elements[rank] += targetPiece.size();
      }
    }
    return new HaloPlan(moves, fills, elements);
  }

  /** The direction of code in base 3: -1, 0 or +1 per axis. */
  private static int[] direction(int code, int nd) {
    int[] dir = new int[nd];
    for (int k = nd - 1; k >= 0; k--) {
      dir[k] = code % 3 - 1;
      code /= 3;
    }
    return dir;
  }

  private static boolean isZero(int[] dir) {
    for (int d : dir) {
      if (d != 0) {
        return false;
      }
    }
    return true;
  }
}
