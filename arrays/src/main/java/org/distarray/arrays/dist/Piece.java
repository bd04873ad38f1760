package org.distarray.arrays.dist;

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
    IndexRuns[] local = new IndexRuns[coords.length];
    for (int a = 0; a < coords.length; a++) {
      local[a] = d.axis(a).toLocal(coords[a], axes.get(a));
    }
    return new Piece(List.of(local)); // immutable already: the constructor keeps it
  }

  /**
   * The C-order positions of this piece's elements in an array of shape {@code dims}, counted from position
   * {@code from}, in the piece's order: how a piece addresses a block flattened to one axis.
   *
   * <p>One run per run of the last axis and combination of indices of the other axes, merged where they continue
   * each other (whole rows of a C-order block give a single run). Example: the piece {@code [1:3], [0:4]} of a
   * (3, 4) block is the positions {@code [4:12]}.
   *
   * @throws IllegalArgumentException when dims has another number of axes
   */
  public IndexRuns flatPositions(long[] dims, long from) {
    int nd = dims.length;
    if (nd != axes.size()) {
      throw new IllegalArgumentException("piece of " + axes.size() + " axes for an array of shape "
          + org.distarray.arrays.Shape.format(dims));
    }
    if (nd == 0) {
      return IndexRuns.of(-from, 1, 1);
    }
    long[] stride = new long[nd];
    long step = 1;
    for (int a = nd - 1; a >= 0; a--) {
      stride[a] = step;
      step *= dims[a];
    }
    long[][] outer = new long[nd - 1][];
    for (int a = 0; a < nd - 1; a++) {
      outer[a] = axes.get(a).toArray();
      if (outer[a].length == 0) {
        return IndexRuns.empty();
      }
    }
    IndexRuns last = axes.get(nd - 1);
    IndexRuns.Builder b = new IndexRuns.Builder();
    int[] at = new int[nd - 1];
    while (true) {
      long base = -from;
      for (int a = 0; a < nd - 1; a++) {
        base += outer[a][at[a]] * stride[a];
      }
      for (int r = 0; r < last.runs(); r++) {
        long n = last.runLength(r);
        b.addRun(base + last.runStart(r), n > 1 ? last.runStep(r) : 1, n);
      }
      int a = nd - 2;
      while (a >= 0 && ++at[a] == outer[a].length) {
        at[a] = 0;
        a--;
      }
      if (a < 0) {
        return b.build();
      }
    }
  }

  @Override
  public String toString() {
    return "Piece" + axes;
  }
}
