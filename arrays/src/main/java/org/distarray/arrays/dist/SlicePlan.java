package org.distarray.arrays.dist;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import org.distarray.arrays.AxisRange;
import org.distarray.arrays.IndexOutOfRangeException;
import org.distarray.arrays.Shape;

/**
 * Where the elements of a basic-index selection {@code a[ranges]} of a distributed array live, and whether the
 * result can be a view that shares the source blocks.
 *
 * <p>The result has one axis per range that is not {@code dropped}, of length {@code count}; result position
 * {@code i} along an axis is source index {@code start + i * step}. {@link #pieces()} lists, for every source
 * rank holding part of the selection, that part as source global indices and as result positions; together
 * the pieces cover every selected element exactly once. When each source rank's part is a strided view of its
 * block and the parts form a valid distribution of the result shape, {@link #resultDistribution()} gives that
 * distribution (each result rank on the engine of the source rank it views, see {@link #view(int)});
 * otherwise it is empty and a runtime copies the pieces into a new array (see
 * {@link TransferPlan#fromSlice(SlicePlan, Distribution)}).
 *
 * <p>Views are found for: {@code 'n'} axes; {@code 'b'} axes with any step (contiguous parts give explicit
 * bounds, balanced ones print as {@code block()}; ranks with no selected element leave the grid, a negative
 * step reverses the grid order); {@code 'c'} axes whose selection keeps round robin (for example any step
 * that is a multiple of the block size, or a step dividing the block size from a suitable start); {@code 'u'}
 * axes whose parts are strided in local order; and dropped axes (the grid hyperplane of the owner is kept).
 * Every claimed view is checked exactly, in O(runs).
 */
public final class SlicePlan {
  private final Distribution source;
  private final List<AxisRange> ranges;
  private final Shape resultShape;
  private final IndexRuns[][] selected;
  private final List<SlicedPiece> pieces;
  private final SliceView view;

  private SlicePlan(Distribution source, List<AxisRange> ranges) {
    this.source = source;
    this.ranges = List.copyOf(ranges);
    int ndim = source.ndim();
    if (ranges.size() != ndim) {
      throw new IndexOutOfRangeException(ranges.size() + " axis ranges " + ranges + " for an array of " + ndim
          + " dimensions, shape " + source.shape());
    }
    List<Long> dims = new ArrayList<>();
    selected = new IndexRuns[ndim][];
    for (int a = 0; a < ndim; a++) {
      AxisRange r = ranges.get(a);
      AxisLayout layout = source.axis(a);
      checkRange(a, r, layout.length());
      if (!r.dropped()) {
        dims.add(r.count());
      }
      IndexRuns sel = r.count() == 0 ? IndexRuns.empty()
          : r.step() > 0 ? IndexRuns.of(r.start(), r.step(), r.count())
          : IndexRuns.of(r.position(r.count() - 1), -r.step(), r.count());
      selected[a] = new IndexRuns[layout.gridSize()];
      for (int c = 0; c < selected[a].length; c++) {
        selected[a][c] = layout.owned(c).intersect(sel);
      }
    }
    long[] rd = new long[dims.size()];
    for (int i = 0; i < rd.length; i++) {
      rd[i] = dims.get(i);
    }
    this.resultShape = Shape.of(rd);
    this.pieces = Collections.unmodifiableList(buildPieces());
    this.view = SliceView.find(source, this.ranges, resultShape, selected);
  }

  /**
   * Plans the selection {@code ranges} (one per axis of {@code d}) of an array distributed by {@code d}.
   *
   * @throws IndexOutOfRangeException when the number of ranges differs from {@code d.ndim()} or a range
   *     reaches outside its axis
   */
  public static SlicePlan of(Distribution d, List<AxisRange> ranges) {
    return new SlicePlan(d, ranges);
  }

  /** The distribution of the sliced array. */
  public Distribution source() {
    return source;
  }

  /** The selection, one range per source axis. */
  public List<AxisRange> ranges() {
    return ranges;
  }

  /** Shape of the result: the counts of the ranges that are not dropped. */
  public Shape resultShape() {
    return resultShape;
  }

  /** Per source rank that holds selected elements, its part; in rank order, never empty. */
  public List<SlicedPiece> pieces() {
    return pieces;
  }

  /** The distribution of a result that shares the source blocks, when the selection allows one. */
  public Optional<Distribution> resultDistribution() {
    return view == null ? Optional.empty() : Optional.of(view.distribution());
  }

  /**
   * Which source block, and which strided part of it, result rank {@code resultRank}'s block views.
   *
   * @throws IllegalStateException when there is no {@link #resultDistribution()}
   */
  public BlockView view(int resultRank) {
    if (view == null) {
      throw new IllegalStateException("slice " + ranges + " of " + source + " has no view distribution");
    }
    return view.blockView(resultRank);
  }

  /**
   * Maps a piece of result positions (one axis per result axis) to the source global indices they select
   * (one axis per source axis; a dropped axis holds its single index), keeping the order.
   */
  public Piece toSourceGlobal(Piece positions) {
    if (positions.ndim() != resultShape.ndim()) {
      throw new IllegalArgumentException("piece of " + positions.ndim() + " axes for a result of shape "
          + resultShape);
    }
    List<IndexRuns> out = new ArrayList<>(ranges.size());
    int k = 0;
    for (AxisRange r : ranges) {
      if (r.dropped()) {
        out.add(IndexRuns.of(r.start(), 1, 1));
        continue;
      }
      IndexRuns p = positions.axis(k++);
      IndexRuns.Builder b = new IndexRuns.Builder();
      for (int i = 0; i < p.runs(); i++) {
        b.addRun(r.position(p.runStart(i)), p.runStep(i) * r.step(), p.runLength(i));
      }
      out.add(b.build());
    }
    return new Piece(out);
  }

  private List<SlicedPiece> buildPieces() {
    List<SlicedPiece> out = new ArrayList<>();
    int ndim = source.ndim();
    for (int rank = 0; rank < source.ranks(); rank++) {
      int[] c = source.gridCoords(rank);
      List<IndexRuns> globals = new ArrayList<>(ndim);
      List<IndexRuns> positions = new ArrayList<>(resultShape.ndim());
      boolean empty = false;
      for (int a = 0; a < ndim && !empty; a++) {
        IndexRuns s = selected[a][c[a]];
        empty = s.isEmpty();
        globals.add(s);
        if (!ranges.get(a).dropped()) {
          positions.add(positionsOf(ranges.get(a), s));
        }
      }
      if (!empty) {
        out.add(new SlicedPiece(rank, new Piece(globals), new Piece(positions)));
      }
    }
    return out;
  }

  /** The result positions of ascending selected global indices, in the same order. */
  static IndexRuns positionsOf(AxisRange r, IndexRuns globals) {
    IndexRuns.Builder b = new IndexRuns.Builder();
    for (int i = 0; i < globals.runs(); i++) {
      b.addRun((globals.runStart(i) - r.start()) / r.step(), globals.runStep(i) / r.step(), globals.runLength(i));
    }
    return b.build();
  }

  private static void checkRange(int axis, AxisRange r, long n) {
    if (r.count() == 0) {
      return;
    }
    long first = r.start();
    long last = r.position(r.count() - 1);
    if (first < 0 || first >= n || last < 0 || last >= n) {
      throw new IndexOutOfRangeException("axis range start " + first + " step " + r.step() + " count " + r.count()
          + " reaches " + last + ", outside axis " + axis + " with size " + n);
    }
  }

  @Override
  public String toString() {
    return "SlicePlan(" + ranges + " of " + source + " -> shape " + resultShape + ", " + pieces.size() + " pieces"
        + (view == null ? ", copy)" : ", view " + view.distribution() + ")");
  }
}
