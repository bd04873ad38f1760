package org.distarray.arrays.dist;

import java.util.ArrayList;
import java.util.List;

/**
 * A rectangular piece of an array: the Cartesian product of one {@link IndexRuns} per axis.
 *
 * <p>Its elements are enumerated in C order over the product: the last axis varies fastest, each axis in the
 * order of its runs. Two pieces with the same per-axis sizes pair up element by element in that order, which
 * is how a runtime copies a piece from a source block to a target block: it reads the source block at
 * {@code piece.toLocal(source, sourceRank)} and writes the target block at
 * {@code piece.toLocal(target, targetRank)}. Immutable.
 *
 * @param axes one index sequence per axis (copied into an immutable list)
 */
public record Piece(List<IndexRuns> axes) {
  public Piece {
    axes = List.copyOf(axes);
  }

  /** The piece with these per-axis indices. */
  public static Piece of(IndexRuns... axes) {
    return new Piece(List.of(axes));
  }

  /** Number of axes. */
  public int ndim() {
    return axes.size();
  }

  /** The indices along one axis. */
  public IndexRuns axis(int axis) {
    return axes.get(axis);
  }

  /** Number of indices per axis: the shape of the piece. */
  public long[] shape() {
    long[] s = new long[axes.size()];
    for (int a = 0; a < s.length; a++) {
      s[a] = axes.get(a).size();
    }
    return s;
  }

  /** Number of elements: the product of the per-axis sizes (1 for a piece of no axes). */
  public long size() {
    long n = 1;
    for (IndexRuns r : axes) {
      n = Math.multiplyExact(n, r.size());
    }
    return n;
  }

  /** True when some axis has no indices. */
  public boolean isEmpty() {
    for (IndexRuns r : axes) {
      if (r.isEmpty()) {
        return true;
      }
    }
    return false;
  }

  /**
   * This piece of global indices as local indices of rank {@code rank}'s block of {@code d}, in the same order.
   *
   * @throws IllegalArgumentException when the number of axes differs from {@code d}'s
   * @throws org.distarray.arrays.IndexOutOfRangeException when the rank does not own every index of the piece
   */
  public Piece toLocal(Distribution d, int rank) {
    if (axes.size() != d.ndim()) {
      throw new IllegalArgumentException("piece of " + axes.size() + " axes for a distribution of " + d.ndim()
          + " axes, shape " + d.shape());
    }
    int[] coords = d.gridCoords(rank);
    List<IndexRuns> local = new ArrayList<>(axes.size());
    for (int a = 0; a < coords.length; a++) {
      local.add(d.axis(a).toLocal(coords[a], axes.get(a)));
    }
    return new Piece(local);
  }

  @Override
  public String toString() {
    return "Piece" + axes;
  }
}
