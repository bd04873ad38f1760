package org.distarray.arrays.ops;

/**
 * Walks up to three operands of one shape row by row: the innermost (coalesced) axis is a row of {@link #length}
 * elements, each operand with its own start position and stride.
 *
 * <p>Axes of length 1 are dropped and neighbouring axes that every operand steps through evenly are merged,
 * so contiguous operands become one long row. Use: {@code while (rows.next()) { ... rows.pos[k] ... }}.
 */
final class Rows {
  /** Elements per row. */
  final int length;
  /** Start position of the current row, per operand. */
  final int[] pos;
  /** Stride along the row, per operand. */
  final int[] step;

  private final long[] outerDims;
  private final long[][] outerStrides;
  private final long[] counter;
  private final int[] base;
  private long remaining;
  private boolean started;

  Rows(long[] dims, long[][] strides, long[] offsets) {
    int ops = strides.length;
    long[] d = new long[dims.length];
    long[][] s = new long[ops][dims.length];
    int n = 0;
    long total = 1;
    for (int k = 0; k < dims.length; k++) {
      total *= dims[k];
      if (dims[k] == 1) {
        continue;
      }
      boolean merge = n > 0;
      for (int o = 0; o < ops && merge; o++) {
        merge = s[o][n - 1] == strides[o][k] * dims[k];
      }
      if (merge) {
        d[n - 1] *= dims[k];
        for (int o = 0; o < ops; o++) {
          s[o][n - 1] = strides[o][k];
        }
      } else {
        d[n] = dims[k];
        for (int o = 0; o < ops; o++) {
          s[o][n] = strides[o][k];
        }
        n++;
      }
    }
    pos = new int[ops];
    step = new int[ops];
    base = new int[ops];
    for (int o = 0; o < ops; o++) {
      base[o] = (int) offsets[o];
    }
    if (total == 0) {
      length = 0;
      remaining = 0;
      outerDims = new long[0];
      outerStrides = new long[ops][0];
      counter = new long[0];
      return;
    }
    length = n == 0 ? 1 : (int) d[n - 1];
    for (int o = 0; o < ops; o++) {
      step[o] = n == 0 ? 0 : (int) s[o][n - 1];
    }
    int outer = Math.max(0, n - 1);
    outerDims = new long[outer];
    outerStrides = new long[ops][outer];
    remaining = 1;
    for (int k = 0; k < outer; k++) {
      outerDims[k] = d[k];
      remaining *= d[k];
      for (int o = 0; o < ops; o++) {
        outerStrides[o][k] = s[o][k];
      }
    }
    counter = new long[outer];
  }

  /** Moves to the next row; false when every row has been visited. */
  boolean next() {
    if (remaining == 0) {
      return false;
    }
    remaining--;
    if (!started) {
      started = true;
      System.arraycopy(base, 0, pos, 0, pos.length);
      return true;
    }
    for (int k = outerDims.length - 1; k >= 0; k--) {
      if (++counter[k] < outerDims[k]) {
        for (int o = 0; o < pos.length; o++) {
          pos[o] += (int) outerStrides[o][k];
        }
        return true;
      }
      counter[k] = 0;
      for (int o = 0; o < pos.length; o++) {
        pos[o] -= (int) (outerStrides[o][k] * (outerDims[k] - 1));
      }
    }
    return true;
  }
}
