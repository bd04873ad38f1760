package org.distarray.arrays.dist;

import java.util.ArrayList;
import java.util.List;
import org.distarray.arrays.AxisRange;
import org.distarray.arrays.NdArray;
import org.distarray.arrays.ShapeMismatchException;

/**
 * Copies between one rank's block and the whole array it belongs to, in strided sections: each axis's owned
 * indices are cut into runs (one for block and cyclic maps, one per block for block-cyclic, a few for
 * unstructured), and each combination of runs is one view-to-view copy.
 */
public final class BlockCopy {
  private BlockCopy() {}

  /**
   * Writes rank's block into its place in whole.
   *
   * @param block Not modified; rank's local shape. May be a view of whole's storage: it is read as it was before
   *     the call.
   * @param whole Modified; d's global shape.
   */
  public static void toGlobal(NdArray block, Distribution d, int rank, NdArray whole) {
    check(whole, d, "whole array");
    check(block, d, rank);
    if (whole.mayShareMemory(block)) {
      block = block.copy(); // the block is a view into whole: read it whole before writing
    }
    for (Section s : sections(d, rank)) {
      whole.view(s.global()).copyFrom(block.view(s.local()));
    }
  }

  /** Rank's block of whole, as a new C-order array. whole: Not modified. */
  public static NdArray fromGlobal(NdArray whole, Distribution d, int rank) {
    check(whole, d, "whole array");
    NdArray block = NdArray.zeros(whole.dtype(), d.localShape(rank).dims());
    for (Section s : sections(d, rank)) {
      block.view(s.local()).copyFrom(whole.view(s.global()));
    }
    return block;
  }

  /** A box of a block and where it lies in the whole array. */
  private record Section(List<AxisRange> local, List<AxisRange> global) {}

  private static List<Section> sections(Distribution d, int rank) {
    int nd = d.ndim();
    List<List<AxisRange[]>> perAxis = new ArrayList<>();
    for (int a = 0; a < nd; a++) {
      IndexRuns owned = d.localIndices(rank, a);
      List<AxisRange[]> segs = new ArrayList<>();
      long[] p = owned.asProgression();
      if (p != null) {
        segs.add(new AxisRange[] {new AxisRange(0, 1, p[2], false), new AxisRange(p[0], p[1], p[2], false)});
      } else {
        long local = 0;
        for (int r = 0; r < owned.runs(); r++) {
          long n = owned.runLength(r);
          long step = n > 1 ? owned.runStep(r) : 1;
          segs.add(new AxisRange[] {new AxisRange(local, 1, n, false), new AxisRange(owned.runStart(r), step, n, false)});
          local += n;
        }
      }
      if (segs.isEmpty()) {
        return List.of();
      }
      perAxis.add(segs);
    }
    List<Section> out = new ArrayList<>();
    int[] choice = new int[nd];
    while (true) {
      List<AxisRange> local = new ArrayList<>(nd);
      List<AxisRange> global = new ArrayList<>(nd);
      for (int a = 0; a < nd; a++) {
        AxisRange[] seg = perAxis.get(a).get(choice[a]);
        local.add(seg[0]);
        global.add(seg[1]);
      }
      out.add(new Section(local, global));
      int a = nd - 1;
      while (a >= 0 && ++choice[a] == perAxis.get(a).size()) {
        choice[a] = 0;
        a--;
      }
      if (a < 0) {
        return out;
      }
    }
  }

  private static void check(NdArray whole, Distribution d, String what) {
    if (!whole.shape().equals(d.shape())) {
      throw new ShapeMismatchException(what + " has shape " + whole.shape() + " but the distribution has shape "
          + d.shape());
    }
  }

  private static void check(NdArray block, Distribution d, int rank) {
    if (!block.shape().equals(d.localShape(rank))) {
      throw new ShapeMismatchException("block of shape " + block.shape() + " does not fit rank " + rank
          + ", whose block has shape " + d.localShape(rank));
    }
  }
}
