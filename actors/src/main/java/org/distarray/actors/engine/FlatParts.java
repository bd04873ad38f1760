package org.distarray.actors.engine;

import java.util.ArrayList;
import java.util.List;
import org.distarray.arrays.AxisRange;
import org.distarray.arrays.NdArray;

/** Flat C-order parts of a block, as clients gather and scatter them (StorePart, FetchPart). */
final class FlatParts {
  private FlatParts() {}

  /**
   * Writes part's elements into block's C-order positions from start.
   *
   * @throws IndexOutOfBoundsException naming the part and the block's size when it does not fit
   */
  static void write(NdArray block, long start, NdArray part) {
    NdArray flat = block.reshape(-1);
    long n = part.size();
    if (start < 0 || start + n > flat.size()) {
      throw outside(start, n, flat.size());
    }
    flat.view(List.of(new AxisRange(start, 1, n, false))).copyFrom(part.reshape(-1));
  }

  /**
   * C-order elements [start, start + count) of data, checked first.
   *
   * @throws IndexOutOfBoundsException naming the part and the block's size when it lies outside
   */
  static NdArray read(NdArray data, long start, int count) {
    if (start < 0 || count < 0 || start + count > data.size()) {
      throw outside(start, count, data.size());
    }
    return of(data, start, count);
  }

  /** C-order elements [start, start + count) of data: a view when data is contiguous, else gathered box by box. */
  static NdArray of(NdArray data, long start, int count) {
    if (data.isContiguous()) {
      return data.reshape(-1).view(List.of(new AxisRange(start, 1, count, false)));
    }
    NdArray out = NdArray.zeros(data.dtype(), count);
    long at = 0;
    for (long[][] box : org.distarray.arrays.dist.ReshapePlan.boxes(start, start + count, data.dims())) {
      List<AxisRange> ranges = new ArrayList<>();
      long[] shape = new long[box.length];
      long n = 1;
      for (int a = 0; a < box.length; a++) {
        ranges.add(new AxisRange(box[a][0], 1, box[a][1] - box[a][0], false));
        shape[a] = box[a][1] - box[a][0];
        n *= shape[a];
      }
      out.view(List.of(new AxisRange(at, 1, n, false))).reshape(shape).copyFrom(data.view(ranges));
      at += n;
    }
    return out;
  }

  private static IndexOutOfBoundsException outside(long start, long count, long size) {
    return new IndexOutOfBoundsException("part [" + start + ", " + (start + count) + ") lies outside a block of "
        + size + " elements");
  }
}
