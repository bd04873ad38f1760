package org.distarray.arrays.ops;

import java.util.ArrayList;
import java.util.List;
import org.distarray.arrays.AxisRange;
import org.distarray.arrays.NdArray;

/**
 * Makes a copy between two views of one storage behave as if the source were read whole first (memmove
 * semantics), without a temporary when an element order allows it.
 *
 * <p>When source and destination have the same stride on every axis, the destination is the source moved by a
 * constant distance {@code delta} in the storage. Both are then turned alike (negative strides flipped, axes
 * sorted by decreasing stride) so that C order visits storage positions in increasing order, which holds when
 * every stride exceeds the span of the axes inside it. Copying in that order when {@code delta < 0}, or in
 * the reverse order when {@code delta > 0}, reads every source element before the destination overwrites it:
 * the element a write lands on was visited earlier. Other overlapping pairs (different strides, a broadcast
 * source, interleaved axes) copy the source to a temporary first.
 *
 * <p>Example: {@code x[1:, :3] = x[:-1, :3]} on a (4, 4) array has strides (4, 1) on both sides and
 * {@code delta = 4}: the rows are copied last to first. {@code x[::-1] = x} has strides -1 and 1: a temporary.
 */
final class CopyOrder {
  private CopyOrder() {}

  /**
   * The same pairs of elements as {@code (src, dst)}, as two views whose C order reads each source element
   * before it is overwritten; null when there is no such order.
   *
   * @param src Not modified; dst's shape.
   * @param dst Not modified.
   */
  static NdArray[] safeOrder(NdArray src, NdArray dst) {
    long[] dims = dst.dims();
    long[] ss = src.strides();
    long[] ds = dst.strides();
    List<AxisRange> flips = new ArrayList<>(dims.length);
    for (int k = 0; k < dims.length; k++) {
      if (dims[k] > 1 && ss[k] != ds[k]) {
        return null;
      }
      flips.add(dims[k] > 1 && ds[k] < 0 ? reversedAxis(dims[k]) : AxisRange.all(dims[k]));
    }
    int[] perm = byDecreasingStride(dims, ds);
    NdArray s = src.view(flips).transpose(perm);
    NdArray d = dst.view(flips).transpose(perm);
    if (!increasing(d)) {
      return null;
    }
    return d.offset() <= s.offset() ? new NdArray[] {s, d} : new NdArray[] {reversed(s), reversed(d)};
  }

  /**
   * A copy of a's distinct elements in new storage, viewed with a's shape: axes a broadcasts (stride 0) stay
   * broadcast, so a temporary costs the size of the data behind a, not of a.
   */
  static NdArray detached(NdArray a) {
    long[] dims = a.dims();
    long[] strides = a.strides();
    for (int k = 0; k < dims.length; k++) {
      if (strides[k] == 0) {
        dims[k] = Math.min(1, dims[k]);
      }
    }
    NdArray core = NdArray.view(a.dtype(), a.storage(), a.offset(), dims, strides).copy();
    return core.broadcastTo(a.shape());
  }

  /** The axes ordered by decreasing absolute stride (ties keep axis order). */
  private static int[] byDecreasingStride(long[] dims, long[] strides) {
    int[] perm = new int[dims.length];
    for (int k = 0; k < perm.length; k++) {
      int axis = k;
      int j = k - 1;
      while (j >= 0 && Math.abs(strides[perm[j]]) < Math.abs(strides[axis])) {
        perm[j + 1] = perm[j];
        j--;
      }
      perm[j + 1] = axis;
    }
    return perm;
  }

  /** True when a's C order visits strictly increasing storage positions. */
  private static boolean increasing(NdArray a) {
    long[] dims = a.dims();
    long[] strides = a.strides();
    long inner = 0; // distance from the first to the last position of the axes inside axis k
    for (int k = dims.length - 1; k >= 0; k--) {
      if (dims[k] > 1) {
        if (strides[k] <= inner) {
          return false;
        }
        inner += strides[k] * (dims[k] - 1);
      }
    }
    return true;
  }

  /** The view of a with every axis reversed: the same elements, C order backwards. */
  private static NdArray reversed(NdArray a) {
    long[] dims = a.dims();
    List<AxisRange> ranges = new ArrayList<>(dims.length);
    for (long n : dims) {
      ranges.add(n > 1 ? reversedAxis(n) : AxisRange.all(n));
    }
    return a.view(ranges);
  }

  private static AxisRange reversedAxis(long n) {
    return new AxisRange(n - 1, -1, n, false);
  }
}
