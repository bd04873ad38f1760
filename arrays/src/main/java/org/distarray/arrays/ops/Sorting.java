package org.distarray.arrays.ops;

import java.util.Arrays;
import org.distarray.arrays.DType;
import org.distarray.arrays.NdArray;
import org.distarray.arrays.Shape;

/**
 * NumPy's {@code sort} and {@code argsort(kind="stable")} along one axis of a local array: each lane along the axis
 * becomes sort keys ({@link SortKeys}), is radix sorted (with its positions along for argsort) and written back; a
 * sort of a dtype of at most 16 bits counts its values instead ({@link CountingSort}). NaN last; argsort keeps equal
 * values (-0.0 and 0.0 among them) in index order.
 */
public final class Sorting {
  private Sorting() {}

  /** Writes a sorted along axis into out (a's shape and dtype). */
  public static void sort(NdArray a, int axis, NdArray out) {
    lanes(a, axis, out, false);
  }

  /** Writes the stable argsort of a along axis into out (a's shape, INT64). */
  public static void argsort(NdArray a, int axis, NdArray out) {
    lanes(a, axis, out, true);
  }

  private static void lanes(NdArray a, int axis, NdArray out, boolean arg) {
    SortKeys.check(a.dtype(), arg ? "argsort" : "sort");
    int nd = a.ndim();
    if (nd == 0) {
      if (arg) {
        out.setLong(0);
      } else {
        out.copyFrom(a);
      }
      return;
    }
    int ax = Shape.normalizeAxis(axis, nd);
    int[] perm = new int[nd];
    int[] inverse = new int[nd];
    for (int k = 0, j = 0; k < nd; k++) {
      if (k != ax) {
        perm[j++] = k;
      }
    }
    perm[nd - 1] = ax;
    for (int k = 0; k < nd; k++) {
      inverse[perm[k]] = k;
    }
    NdArray lanesOf = ax == nd - 1 ? SortKeys.contiguous(a) : a.transpose(perm).copy();
    long size = lanesOf.size();
    int len = (int) a.dims()[ax];
    if (size == 0 || len == 0) {
      return;
    }
    boolean keyed = arg || !CountingSort.applies(a.dtype()) || len < CountingSort.values(a.dtype()) / 16;
    long[] keys = keyed ? new long[len] : null;
    long[] tmp = keyed ? new long[len] : null;
    long[] pos = arg ? new long[len] : null;
    long[] tmpP = arg ? new long[len] : null;
    NdArray result = arg ? NdArray.zeros(DType.INT64, lanesOf.dims()) : NdArray.zeros(a.dtype(), lanesOf.dims());
    Object storage = lanesOf.storage();
    int base = (int) lanesOf.offset();
    boolean counting = !arg && CountingSort.applies(a.dtype()) && len >= CountingSort.values(a.dtype()) / 16;
    long[] counts = counting ? new long[CountingSort.values(a.dtype())] : null;
    for (int lane = 0; lane < size / len; lane++) {
      if (counting) { // no keys: the counts of the values are the sorted lane
        Arrays.fill(counts, 0);
        CountingSort.count(a.dtype(), storage, base + lane * len, len, counts);
        CountingSort.fill(a.dtype(), counts, 0, len, result.storage(), lane * len);
        continue;
      }
      SortKeys.toKeys(a.dtype(), storage, base + lane * len, len, keys, 0, arg);
      if (arg) {
        for (int i = 0; i < len; i++) {
          pos[i] = i;
        }
      }
      RadixSort.sort(keys, pos, 0, len, tmp, tmpP);
      if (arg) {
        System.arraycopy(pos, 0, (long[]) result.storage(), lane * len, len);
      } else {
        SortKeys.fromKeys(a.dtype(), keys, 0, len, result.storage(), lane * len);
      }
    }
    out.copyFrom(ax == nd - 1 ? result : result.transpose(inverse));
  }
}
