package org.distarray.arrays.dist;

import java.util.ArrayList;
import java.util.List;
import org.distarray.arrays.AxisRange;
import org.distarray.arrays.NdArray;
import org.distarray.arrays.ShapeMismatchException;
import org.distarray.arrays.ops.Cast;

/**
 * Copies between a block and the compact array of one {@link Piece} of it (local indices), in the piece's C order,
 * run by run: each combination of one run per axis is a strided view-to-view copy. This is how a block's part
 * of a transfer is packed on the sending engine and unpacked on the receiving one.
 *
 * <p>Source and destination may be views of one storage: every method then behaves as if the source elements
 * were read whole before any is written (NumPy's assignment semantics), through a temporary only when the two
 * may share elements.
 */
public final class PieceCopy {
  private PieceCopy() {}

  /** The block's elements at the piece's local indices, as a new C-order array of the piece's shape. */
  public static NdArray extract(NdArray block, Piece local) {
    NdArray data = NdArray.zeros(block.dtype(), local.shape());
    extractInto(block, local, data);
    return data;
  }

  /**
   * Writes the block's elements at the piece's local indices into out (the piece's shape), in C order.
   *
   * @param out Modified; an array or view of the piece's shape, for example over reused storage.
   */
  public static void extractInto(NdArray block, Piece local, NdArray out) {
    if (!java.util.Arrays.equals(out.dims(), local.shape())) {
      throw new ShapeMismatchException("output of shape " + out.shape() + " for a piece of shape "
          + org.distarray.arrays.Shape.format(local.shape()));
    }
    if (out.storage() == block.storage() && out.mayShareMemory(box(block, local))) {
      out.copyFrom(extract(block, local)); // out overlaps the piece: read it whole first
      return;
    }
    for (Section s : sections(local, block.ndim())) {
      out.view(s.positions()).copyFrom(block.view(s.indices()));
    }
  }

  /**
   * The block's elements at the piece's local indices as a view of the block (no copy), when the piece is one
   * strided range along every axis; null otherwise (or for an empty piece).
   */
  public static NdArray viewOf(NdArray block, Piece local) {
    if (local.ndim() != block.ndim() || local.isEmpty()) {
      return null;
    }
    for (IndexRuns r : local.axes()) {
      if (r.runs() != 1) {
        return null;
      }
    }
    return block.view(sections(local, block.ndim()).get(0).indices());
  }

  /**
   * Writes data (the piece's shape, C order; or the same number of elements with length-1 axes added or dropped)
   * into the block at the piece's local indices.
   *
   * @throws ShapeMismatchException when data's shape is not the piece's
   */
  public static void insert(NdArray block, Piece local, NdArray data) {
    if (!java.util.Arrays.equals(data.dims(), local.shape()) && data.size() == local.size()) {
      data = data.reshape(local.shape()); // the same elements with length-1 axes added or dropped (a sliced axis)
    }
    if (!java.util.Arrays.equals(data.dims(), local.shape())) {
      throw new ShapeMismatchException("piece data of shape " + data.shape() + " for a piece of shape "
          + org.distarray.arrays.Shape.format(local.shape()));
    }
    if (data.storage() == block.storage() && box(block, local).mayShareMemory(data)) {
      data = data.copy(); // data is a view of the block's elements being written: read it whole first
    }
    for (Section s : sections(local, block.ndim())) {
      block.view(s.indices()).copyFrom(data.view(s.positions()));
    }
  }

  /**
   * Copies src's elements at one piece straight into dst's elements at another piece of the same shape (element
   * i of the first goes to element i of the second, in C order), with no intermediate array.
   *
   * @throws ShapeMismatchException when the pieces' shapes differ
   */
  public static void copy(NdArray src, Piece srcLocal, NdArray dst, Piece dstLocal) {
    if (srcLocal.ndim() == 1 && dstLocal.ndim() == 1 && srcLocal.size() == dstLocal.size()
        && copyRun(src, srcLocal.axis(0), dst, dstLocal.axis(0))) {
      return;
    }
    if (!java.util.Arrays.equals(srcLocal.shape(), dstLocal.shape()) && srcLocal.size() == dstLocal.size()) {
      insert(dst, dstLocal, extract(src, srcLocal)); // shapes differ by length-1 axes (a sliced axis)
      return;
    }
    if (!java.util.Arrays.equals(srcLocal.shape(), dstLocal.shape())) {
      throw new ShapeMismatchException("pieces of shapes " + org.distarray.arrays.Shape.format(srcLocal.shape())
          + " and " + org.distarray.arrays.Shape.format(dstLocal.shape()) + " do not pair up");
    }
    int nd = srcLocal.ndim();
    if (srcLocal.isEmpty()) {
      return;
    }
    if (dst.storage() == src.storage() && box(dst, dstLocal).mayShareMemory(box(src, srcLocal))) {
      insert(dst, dstLocal, extract(src, srcLocal)); // the pieces may overlap in one storage: read src first
      return;
    }
    List<List<AxisRange[]>> perAxis = new ArrayList<>(nd);
    for (int a = 0; a < nd; a++) {
      perAxis.add(pairedSegments(srcLocal.axis(a), dstLocal.axis(a)));
    }
    int[] choice = new int[nd];
    while (true) {
      List<AxisRange> from = new ArrayList<>(nd);
      List<AxisRange> to = new ArrayList<>(nd);
      for (int a = 0; a < nd; a++) {
        AxisRange[] seg = perAxis.get(a).get(choice[a]);
        from.add(seg[0]);
        to.add(seg[1]);
      }
      dst.view(to).copyFrom(src.view(from));
      int a = nd - 1;
      while (a >= 0 && ++choice[a] == perAxis.get(a).size()) {
        choice[a] = 0;
        a--;
      }
      if (a < 0) {
        return;
      }
    }
  }

  /**
   * Copies one run of a one-axis array into one run of another of the same dtype and another storage, as one
   * strided loop (an all-to-all between many engines moves many pieces of a few elements each: no views for them);
   * false, having done nothing, for anything else.
   */
  private static boolean copyRun(NdArray src, IndexRuns from, NdArray dst, IndexRuns to) {
    if (from.runs() != 1 || to.runs() != 1 || src.ndim() != 1 || dst.ndim() != 1 || src.dtype() != dst.dtype()
        || src.storage() == dst.storage()) {
      return false;
    }
    long n = from.size();
    long srcStride = src.stride(0);
    long dstStride = dst.stride(0);
    long ps = src.offset() + from.runStart(0) * srcStride;
    long pd = dst.offset() + to.runStart(0) * dstStride;
    long ss = (n > 1 ? from.runStep(0) : 1) * srcStride;
    long sd = (n > 1 ? to.runStep(0) : 1) * dstStride;
    Cast.sameTypeRow(src.dtype(), src.storage(), Math.toIntExact(ps), Math.toIntExact(ss), dst.storage(),
        Math.toIntExact(pd), Math.toIntExact(sd), Math.toIntExact(n));
    return true;
  }

  /** Cuts two index sequences of one length where either changes run, into pairs of strided ranges. */
  private static List<AxisRange[]> pairedSegments(IndexRuns x, IndexRuns y) {
    List<AxisRange[]> out = new ArrayList<>();
    int rx = 0;
    int ry = 0;
    long ox = 0; // positions already used of x's current run
    long oy = 0;
    while (rx < x.runs() && ry < y.runs()) {
      long lenX = x.runLength(rx) - ox;
      long lenY = y.runLength(ry) - oy;
      long n = Math.min(lenX, lenY);
      long stepX = x.runLength(rx) > 1 ? x.runStep(rx) : 1;
      long stepY = y.runLength(ry) > 1 ? y.runStep(ry) : 1;
      out.add(new AxisRange[] {new AxisRange(x.runStart(rx) + ox * stepX, stepX, n, false),
          new AxisRange(y.runStart(ry) + oy * stepY, stepY, n, false)});
      ox += n;
      oy += n;
      if (ox == x.runLength(rx)) {
        rx++;
        ox = 0;
      }
      if (oy == y.runLength(ry)) {
        ry++;
        oy = 0;
      }
    }
    return out;
  }

  /** The part of piece p at positions [from, to) along axis 0 (all of the other axes). */
  public static Piece rows(Piece p, long from, long to) {
    List<IndexRuns> axes = new ArrayList<>(p.axes());
    axes.set(0, positions(p.axis(0), from, to));
    return new Piece(axes);
  }

  /** The part of a one-axis piece at positions [from, to). */
  public static Piece positions(Piece p, long from, long to) {
    return Piece.of(positions(p.axis(0), from, to));
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

  /**
   * The view of the smallest box of the block holding every element of the piece: a cheap stand-in for the piece's
   * elements when checking whether another array may share them.
   */
  private static NdArray box(NdArray block, Piece local) {
    if (local.ndim() != block.ndim() || local.isEmpty()) {
      return block; // sections() rejects a piece of the wrong dimension; an empty piece copies nothing
    }
    List<AxisRange> ranges = new ArrayList<>(local.ndim());
    for (IndexRuns r : local.axes()) {
      long lo = Long.MAX_VALUE;
      long hi = Long.MIN_VALUE;
      for (int k = 0; k < r.runs(); k++) {
        lo = Math.min(lo, Math.min(r.runStart(k), r.runLast(k)));
        hi = Math.max(hi, Math.max(r.runStart(k), r.runLast(k)));
      }
      ranges.add(new AxisRange(lo, 1, hi - lo + 1, false));
    }
    return block.view(ranges);
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
