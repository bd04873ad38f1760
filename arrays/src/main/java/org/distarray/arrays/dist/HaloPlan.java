package org.distarray.arrays.dist;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.distarray.arrays.Shape;

/**
 * Ghost cells of a block-distributed array: the padded layout that holds every block with {@code width} extra layers
 * on both sides of every axis, and, per axis, the moves and fills that refresh those layers.
 *
 * <p>A ghosted array of shape {@code (n0, n1, ...)} over a process grid is kept as a padded array whose block at grid
 * coordinate c has length {@code n_k(c) + 2 width} along axis k (explicit bounds over a larger global shape, same
 * grid and engines); the array itself is the interior of each padded block. Refreshing the ghosts runs one round
 * per axis, in axis order, as NumPy's {@code pad} pads axis by axis: along axis k, each low ghost slab
 * {@code [0, width)} receives the high interior slab of the previous block along k and each high ghost slab the low
 * interior slab of the next one, over the whole padded extent of the other axes, so the layers of earlier axes (the
 * corners) travel with them. At the array's edge the boundary decides: {@code ZERO} fills 0, {@code PERIODIC} takes
 * the slab from the other end (the same block when the grid has one coordinate along k), {@code EDGE} stretches the
 * block's outermost interior layer over the ghost layers.
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
   * The round of axis k for a padded layout made by {@link #padded}.
   *
   * @param padded the padded layout
   * @param width the ghost width it was made with
   * @param edge what lies outside the array
   * @param axis the axis whose ghost layers this round refreshes
   */
  public static HaloPlan round(Distribution padded, int width, Edge edge, int axis) {
    int nd = padded.ndim();
    if (axis < 0 || axis >= nd) {
      throw new IllegalArgumentException("axis " + axis + " is out of bounds for a " + nd + "-D ghosted array");
    }
    int[] grid = padded.gridShape();
    int g = grid[axis];
    List<Move> moves = new ArrayList<>();
    List<Fill> fills = new ArrayList<>();
    long[] elements = new long[padded.ranks()];
    for (int rank = 0; rank < padded.ranks(); rank++) {
      long[] dims = padded.localShape(rank).dims();
      long len = dims[axis];
      int[] coords = padded.gridCoords(rank);
      int c = coords[axis];
      Piece low = slab(dims, axis, 0, width);
      Piece high = slab(dims, axis, len - width, len);
      // the low ghosts: the previous block's high interior slab
      if (c > 0 || edge == Edge.PERIODIC) {
        int from = neighbour(padded, coords, axis, (c - 1 + g) % g);
        long fromLen = padded.localShape(from).dims()[axis];
        moves.add(new Move(from, rank, slab(dims, axis, fromLen - 2L * width, fromLen - width), low, null));
        elements[rank] += low.size();
      } else if (edge == Edge.ZERO) {
        fills.add(new Fill(rank, low));
      } else {
        moves.add(new Move(rank, rank, slab(dims, axis, width, width + 1), low, layer(dims, axis)));
        elements[rank] += low.size();
      }
      // the high ghosts: the next block's low interior slab
      if (c < g - 1 || edge == Edge.PERIODIC) {
        int from = neighbour(padded, coords, axis, (c + 1) % g);
        moves.add(new Move(from, rank, slab(dims, axis, width, 2L * width), high, null));
        elements[rank] += high.size();
      } else if (edge == Edge.ZERO) {
        fills.add(new Fill(rank, high));
      } else {
        moves.add(new Move(rank, rank, slab(dims, axis, len - width - 1, len - width), high, layer(dims, axis)));
        elements[rank] += high.size();
      }
    }
    return new HaloPlan(moves, fills, elements);
  }

  /** The rank at coords with axis's coordinate replaced by c. */
  private static int neighbour(Distribution d, int[] coords, int axis, int c) {
    int[] n = coords.clone();
    n[axis] = c;
    return d.rankOf(n);
  }

  /** [from, to) along axis, the whole padded extent along the others. */
  private static Piece slab(long[] dims, int axis, long from, long to) {
    IndexRuns[] runs = new IndexRuns[dims.length];
    for (int k = 0; k < dims.length; k++) {
      runs[k] = k == axis ? IndexRuns.range(from, to) : IndexRuns.range(0, dims[k]);
    }
    return Piece.of(runs);
  }

  /** The shape of one layer across axis: what EDGE stretches over the ghost layers. */
  private static long[] layer(long[] dims, int axis) {
    long[] s = Arrays.copyOf(dims, dims.length);
    s[axis] = 1;
    return s;
  }
}
