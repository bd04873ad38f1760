package org.distarray.arrays.ops;

import java.util.Arrays;
import org.distarray.arrays.DType;

/**
 * Sorting by counting for the dtypes of at most 16 bits (BOOL, INT8, UINT8, INT16, UINT16): the counts of every
 * possible value describe the sorted sequence completely, so a sort needs no keys, no buffer and, distributed, no
 * movement of elements: every engine writes its part of the sequence from the summed counts.
 */
public final class CountingSort {
  private CountingSort() {}

  private static final int CHUNK = 4096;

  /** Whether t's values are few enough to be counted. */
  public static boolean applies(DType t) {
    return t == DType.BOOL || t == DType.INT8 || t == DType.UINT8 || t == DType.INT16 || t == DType.UINT16;
  }

  /** The smallest sort key of t ({@link SortKeys}). */
  public static long minKey(DType t) {
    return switch (t) {
      case INT8 -> Byte.MIN_VALUE;
      case INT16 -> Short.MIN_VALUE;
      default -> 0;
    };
  }

  /** How many values t has. */
  public static int values(DType t) {
    return switch (t) {
      case BOOL -> 2;
      case INT8, UINT8 -> 256;
      case INT16, UINT16 -> 65536;
      default -> throw new IllegalArgumentException(t + " is not sorted by counting");
    };
  }

  /** Adds the counts of the n elements of storage from off on to counts[key - minKey]. */
  public static void count(DType t, Object storage, int off, int n, long[] counts) {
    long min = minKey(t);
    long[] keys = new long[Math.min(CHUNK, Math.max(n, 1))];
    for (int from = 0; from < n; from += keys.length) {
      int m = Math.min(keys.length, n - from);
      SortKeys.toKeys(t, storage, off + from, m, keys, 0, false);
      for (int i = 0; i < m; i++) {
        counts[(int) (keys[i] - min)]++;
      }
    }
  }

  /**
   * Writes elements [from, from + n) of the sorted sequence that counts describe into storage from off on.
   *
   * @param counts per value (key - minKey), not modified
   */
  public static void fill(DType t, long[] counts, long from, int n, Object storage, int off) {
    long min = minKey(t);
    long[] keys = new long[Math.min(CHUNK, Math.max(n, 1))];
    long before = 0; // elements of the values below bin
    int bin = 0;
    while (bin < counts.length && before + counts[bin] <= from) {
      before += counts[bin++];
    }
    long pos = from;
    int written = 0;
    while (written < n) {
      long run = Math.min(before + counts[bin] - pos, n - written);
      while (run > 0) {
        int m = (int) Math.min(run, keys.length);
        Arrays.fill(keys, 0, m, min + bin);
        SortKeys.fromKeys(t, keys, 0, m, storage, off + written);
        written += m;
        pos += m;
        run -= m;
      }
      before += counts[bin++];
    }
  }
}
