package org.distarray.arrays.dist;

import java.util.ArrayList;
import java.util.List;
import org.distarray.arrays.AxisRange;
import org.distarray.arrays.NdArray;
import org.distarray.arrays.ShapeMismatchException;

/**
 * Copies between a block and the compact array of one {@link Piece} of it (local indices), in the piece's C order,
 * run by run: each combination of one run per axis is a strided view-to-view copy. This is how a block's part
 * of a transfer is packed on the sending engine and unpacked on the receiving one.
 */
public final class PieceCopy {
  private PieceCopy() {}

  /** The block's elements at the piece's local indices, as a new C-order array of the piece's shape. */
  public static NdArray extract(NdArray block, Piece local) {
    NdArray data = NdArray.zeros(block.dtype(), local.shape());
    for (Section s : sections(local, block.ndim())) {
      data.view(s.positions()).copyFrom(block.view(s.indices()));
    }
    return data;
  }

  /**
   * Writes data (the piece's shape, C order) into the block at the piece's local indices.
   *
   * @throws ShapeMismatchException when data's shape is not the piece's
   */
  public static void insert(NdArray block, Piece local, NdArray data) {
    if (!java.util.Arrays.equals(data.dims(), local.shape())) {
      throw new ShapeMismatchException("piece data of shape " + data.shape() + " for a piece of shape "
          + org.distarray.arrays.Shape.format(local.shape()));
    }
    for (Section s : sections(local, block.ndim())) {
      block.view(s.indices()).copyFrom(data.view(s.positions()));
    }
  }

  /** The part of piece p at positions [from, to) along axis 0 (all of the other axes). */
  public static Piece rows(Piece p, long from, long to) {
    List<IndexRuns> axes = new ArrayList<>(p.axes());
    axes.set(0, positions(p.axis(0), from, to));
    return new Piece(axes);
  }

  /** The indices at positions [from, to) of runs, as runs. */
  static IndexRuns positions(IndexRuns runs, long from, long to) {
    IndexRuns.Builder b = new IndexRuns.Builder();
    long pos = 0;
    for (int r = 0; r < runs.runs() && pos < to; r++) {
      long len = runs.runLength(r);
      long lo = Math.max(from, pos);
      long hi = Math.min(to, pos + len);
      if (lo < hi) {
        long step = runs.runStep(r);
        b.addRun(runs.runStart(r) + (lo - pos) * step, hi - lo > 1 ? step : 1, hi - lo);
      }
      pos += len;
    }
    return b.build();
  }

  /** One run per axis: where it lies in the block and where in the piece's compact array. */
  private record Section(List<AxisRange> indices, List<AxisRange> positions) {}

  private static List<Section> sections(Piece local, int ndim) {
    if (local.ndim() != ndim) {
      throw new IllegalArgumentException("piece of " + local.ndim() + " axes for a block of " + ndim + " axes");
    }
    if (local.isEmpty()) {
      return List.of();
    }
    List<Section> out = new ArrayList<>();
    int[] choice = new int[ndim];
    long[][] runStartPosition = new long[ndim][];
    for (int a = 0; a < ndim; a++) {
      IndexRuns r = local.axis(a);
      runStartPosition[a] = new long[r.runs()];
      long pos = 0;
      for (int k = 0; k < r.runs(); k++) {
        runStartPosition[a][k] = pos;
        pos += r.runLength(k);
      }
    }
    while (true) {
      List<AxisRange> indices = new ArrayList<>(ndim);
      List<AxisRange> positions = new ArrayList<>(ndim);
      for (int a = 0; a < ndim; a++) {
        IndexRuns r = local.axis(a);
        int k = choice[a];
        long len = r.runLength(k);
        long step = len > 1 ? r.runStep(k) : 1;
        indices.add(new AxisRange(r.runStart(k), step, len, false));
        positions.add(new AxisRange(runStartPosition[a][k], 1, len, false));
      }
      out.add(new Section(indices, positions));
      int a = ndim - 1;
      while (a >= 0 && ++choice[a] == local.axis(a).runs()) {
        choice[a] = 0;
        a--;
      }
      if (a < 0) {
        return out;
      }
    }
  }
}
