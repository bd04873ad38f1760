package org.distarray.arrays.dist;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import org.distarray.arrays.ShapeMismatchException;

/**
 * The block-to-block messages that move an array from one distribution to another: every element moves
 * exactly once, from the rank that holds it in the source to the rank that holds it in the target.
 *
 * <p>Because each distribution's ownership is a Cartesian product over axes, the elements a source rank sends
 * a target rank are the product of per-axis intersections of owned index sets, one {@link Piece}; pairs with
 * an empty intersection send nothing. Pure planning: no data, no actors. Source and target may differ in kinds,
 * grids and engines but not in shape. A transfer whose source and target engine are the same is a local copy.
 *
 * <p>Example: moving (10,) from {@code "b"} on 2 engines to {@code "c"} on 2 engines gives four transfers, rank
 * 0 to rank 0 the indices {@code [0:5:2]}, rank 0 to rank 1 {@code [1:5:2]}, and so on.
 */
public final class TransferPlan {
  private final Distribution source;
  private final Distribution target;
  private final SlicePlan slice;
  private final List<Transfer> transfers;

  private TransferPlan(Distribution source, Distribution target, SlicePlan slice, List<Transfer> transfers) {
    this.source = source;
    this.target = target;
    this.slice = slice;
    this.transfers = Collections.unmodifiableList(transfers);
  }

  /**
   * Plans the redistribution of an array from {@code source} to {@code target}.
   *
   * <p>Transfers are ordered by source rank, then target rank. Cost O(sum over axes of source grid size times
   * target grid size times runs) plus the output.
   *
   * @throws ShapeMismatchException naming both shapes when they differ
   */
  public static TransferPlan between(Distribution source, Distribution target) {
    if (!source.shape().equals(target.shape())) {
      throw new ShapeMismatchException("cannot redistribute an array of shape " + source.shape()
          + " to a distribution of shape " + target.shape());
    }
    int ndim = source.ndim();
    IndexRuns[][][] cut = new IndexRuns[ndim][][];
    for (int a = 0; a < ndim; a++) {
      AxisLayout s = source.axis(a);
      AxisLayout t = target.axis(a);
      IndexRuns[] targetOwned = new IndexRuns[t.gridSize()];
      for (int ct = 0; ct < targetOwned.length; ct++) {
        targetOwned[ct] = t.owned(ct);
      }
      cut[a] = new IndexRuns[s.gridSize()][];
      for (int cs = 0; cs < s.gridSize(); cs++) {
        IndexRuns mine = s.owned(cs);
        cut[a][cs] = new IndexRuns[targetOwned.length];
        for (int ct = 0; ct < targetOwned.length; ct++) {
          cut[a][cs][ct] = mine.intersect(targetOwned[ct]);
        }
      }
    }
    List<Transfer> out = new ArrayList<>();
    for (int rank = 0; rank < source.ranks(); rank++) {
      int[] c = source.gridCoords(rank);
      IndexRuns[][] perAxis = new IndexRuns[ndim][];
      for (int a = 0; a < ndim; a++) {
        perAxis[a] = cut[a][c[a]];
      }
      addProduct(rank, perAxis, target, out);
    }
    return new TransferPlan(source, target, null, out);
  }

  /**
   * The transfers one source rank sends when an array moves from {@code source} to {@code target}: what
   * {@link #between} gives for that rank, planned by the rank itself. Cost O(sum over axes of the target grid size
   * times runs) plus the output, whatever the other ranks hold: every engine plans its own part of a move.
   *
   * @throws ShapeMismatchException naming both shapes when they differ
   * @throws IllegalArgumentException when sourceRank is not a rank of source
   */
  public static List<Transfer> fromRank(Distribution source, Distribution target, int sourceRank) {
    if (!source.shape().equals(target.shape())) {
      throw new ShapeMismatchException("cannot redistribute an array of shape " + source.shape()
          + " to a distribution of shape " + target.shape());
    }
    if (sourceRank < 0 || sourceRank >= source.ranks()) {
      throw new IllegalArgumentException("rank " + sourceRank + " is not a rank of " + source + " (it has "
          + source.ranks() + ")");
    }
    int ndim = source.ndim();
    int[] c = source.gridCoords(sourceRank);
    IndexRuns[][] perAxis = new IndexRuns[ndim][];
    for (int a = 0; a < ndim; a++) {
      IndexRuns mine = source.axis(a).owned(c[a]);
      AxisLayout t = target.axis(a);
      perAxis[a] = new IndexRuns[t.gridSize()];
      for (int ct = 0; ct < perAxis[a].length; ct++) {
        perAxis[a][ct] = mine.intersect(t.owned(ct));
      }
    }
    List<Transfer> out = new ArrayList<>();
    addProduct(sourceRank, perAxis, target, out);
    return out;
  }

  /**
   * Plans copying the selection of {@code slice} into a new array distributed by {@code target}.
   *
   * <p>Source ranks are ranks of {@code slice.source()}; pieces are in the result's coordinates, so
   * {@link #targetLocal(Transfer)} works as for a redistribution and {@link #sourceLocal(Transfer)} maps
   * through the selection.
   *
   * @throws ShapeMismatchException naming both shapes when {@code target}'s shape is not the result shape
   */
  public static TransferPlan fromSlice(SlicePlan slice, Distribution target) {
    if (!slice.resultShape().equals(target.shape())) {
      throw new ShapeMismatchException("cannot copy a slice of shape " + slice.resultShape()
          + " to a distribution of shape " + target.shape());
    }
    int ndim = target.ndim();
    List<Transfer> out = new ArrayList<>();
    for (SlicedPiece p : slice.pieces()) {
      IndexRuns[][] perAxis = new IndexRuns[ndim][];
      for (int a = 0; a < ndim; a++) {
        IndexRuns pos = p.positions().axis(a);
        IndexRuns ascending = pos.isAscending() ? pos : pos.reversed();
        AxisLayout t = target.axis(a);
        perAxis[a] = new IndexRuns[t.gridSize()];
        for (int ct = 0; ct < perAxis[a].length; ct++) {
          perAxis[a][ct] = ascending.intersect(t.owned(ct));
        }
      }
      addProduct(p.sourceRank(), perAxis, target, out);
    }
    return new TransferPlan(slice.source(), target, slice, out);
  }

  /** Adds one transfer per target rank whose per-axis intersections {@code perAxis[axis][coord]} are all non-empty. */
  private static void addProduct(int sourceRank, IndexRuns[][] perAxis, Distribution target, List<Transfer> out) {
    int ndim = perAxis.length;
    int[][] live = new int[ndim][];
    for (int a = 0; a < ndim; a++) {
      int n = 0;
      int[] coords = new int[perAxis[a].length];
      for (int ct = 0; ct < coords.length; ct++) {
        if (!perAxis[a][ct].isEmpty()) {
          coords[n++] = ct;
        }
      }
      if (n == 0) {
        return;
      }
      live[a] = Arrays.copyOf(coords, n);
    }
    int[] pick = new int[ndim];
    int[] tc = new int[ndim];
    while (true) {
      List<IndexRuns> axes = new ArrayList<>(ndim);
      for (int a = 0; a < ndim; a++) {
        tc[a] = live[a][pick[a]];
        axes.add(perAxis[a][tc[a]]);
      }
      out.add(new Transfer(sourceRank, target.rankOf(tc), new Piece(axes)));
      int a = ndim - 1;
      while (a >= 0 && ++pick[a] == live[a].length) {
        pick[a] = 0;
        a--;
      }
      if (a < 0) {
        return;
      }
    }
  }

  /** The distribution the data comes from (for a slice copy, the sliced array's). */
  public Distribution source() {
    return source;
  }

  /** The distribution the data goes to. */
  public Distribution target() {
    return target;
  }

  /** All transfers, by source rank then target rank (unmodifiable). */
  public List<Transfer> transfers() {
    return transfers;
  }

  /** The transfers sent by one source rank. */
  public List<Transfer> transfersFrom(int sourceRank) {
    List<Transfer> out = new ArrayList<>();
    for (Transfer t : transfers) {
      if (t.sourceRank() == sourceRank) {
        out.add(t);
      }
    }
    return out;
  }

  /** The transfers received by one target rank. */
  public List<Transfer> transfersTo(int targetRank) {
    List<Transfer> out = new ArrayList<>();
    for (Transfer t : transfers) {
      if (t.targetRank() == targetRank) {
        out.add(t);
      }
    }
    return out;
  }

  /** Number of elements moved in total: the size of the array (of the selection, for a slice copy). */
  public long elementCount() {
    long n = 0;
    for (Transfer t : transfers) {
      n += t.size();
    }
    return n;
  }

  /** The engine that sends {@code t}. */
  public int sourceEngine(Transfer t) {
    return source.target(t.sourceRank());
  }

  /** The engine that receives {@code t}. */
  public int targetEngine(Transfer t) {
    return target.target(t.targetRank());
  }

  /** Where the sender reads {@code t}'s elements: local indices of its source block, in the piece's order. */
  public Piece sourceLocal(Transfer t) {
    Piece global = slice == null ? t.piece() : slice.toSourceGlobal(t.piece());
    return global.toLocal(source, t.sourceRank());
  }

  /**
   * Where the receiver writes {@code t}'s elements: local indices of its target block, in the piece's order.
   *
   * <p>For a slice copy that drops axes (an integer index), {@link #sourceLocal} keeps the dropped axes as axes of
   * one index while the target block has none, so the two pieces do not pair up axis by axis; the target piece is
   * then one axis of C-order positions in the target block (see {@link Piece#flatPositions}), which pairs up with
   * any source piece of as many elements, in C order, as a reshape's pieces do.
   */
  public Piece targetLocal(Transfer t) {
    Piece local = t.piece().toLocal(target, t.targetRank());
    if (slice == null || source.ndim() == target.ndim()) {
      return local;
    }
    return Piece.of(local.flatPositions(target.localShape(t.targetRank()).dims(), 0));
  }

  @Override
  public String toString() {
    return "TransferPlan(" + transfers.size() + " transfers of " + elementCount() + " elements from " + source
        + (slice == null ? "" : " sliced " + slice.ranges()) + " to " + target + ")";
  }
}
