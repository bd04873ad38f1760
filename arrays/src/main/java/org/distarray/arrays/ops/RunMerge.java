package org.distarray.arrays.ops;

/**
 * Merges sorted runs of keys (and the payloads that go with them) into one sorted run: pairs of runs at a time, each
 * merge one pass of plain compares, log2(runs) passes in all. Among equal keys the smaller payload comes first, and
 * without payloads the earlier run's keys.
 */
public final class RunMerge {
  private RunMerge() {}

  /**
   * Merges the runs {@code keys[starts[i], starts[i + 1])} (with payload p, or null) into one sorted run; tmp (and
   * tmpP) have the keys' length. Returns the array that holds the result from 0 on: keys or tmp (the payload then
   * in p or tmpP alike).
   */
  public static long[] merge(long[] keys, long[] p, int[] starts, long[] tmp, long[] tmpP) {
    int[] bounds = starts.clone();
    int runs = bounds.length - 1;
    long[] src = keys;
    long[] dst = tmp;
    long[] srcP = p;
    long[] dstP = tmpP;
    while (runs > 1) {
      int[] next = new int[(runs + 1) / 2 + 1];
      for (int r = 0; r < runs; r += 2) {
        int lo = bounds[r];
        int mid = bounds[r + 1];
        int hi = r + 2 <= runs ? bounds[r + 2] : mid;
        if (srcP == null) {
          two(src, lo, mid, hi, dst);
        } else {
          two(src, srcP, lo, mid, hi, dst, dstP);
        }
        next[r / 2] = lo;
        next[r / 2 + 1] = hi;
      }
      bounds = next;
      runs = next.length - 1;
      long[] t = src;
      src = dst;
      dst = t;
      t = srcP;
      srcP = dstP;
      dstP = t;
    }
    return src;
  }

  /** {@link #merge} for int keys without payload. */
  public static int[] merge(int[] keys, int[] starts, int[] tmp) {
    int[] bounds = starts.clone();
    int runs = bounds.length - 1;
    int[] src = keys;
    int[] dst = tmp;
    while (runs > 1) {
      int[] next = new int[(runs + 1) / 2 + 1];
      for (int r = 0; r < runs; r += 2) {
        int lo = bounds[r];
        int mid = bounds[r + 1];
        int hi = r + 2 <= runs ? bounds[r + 2] : mid;
        int i = lo;
        int j = mid;
        int k = lo;
        while (i < mid && j < hi) {
          int x = src[i];
          int y = src[j];
          boolean right = y < x;
          dst[k++] = right ? y : x;
          j += right ? 1 : 0;
          i += right ? 0 : 1;
        }
        System.arraycopy(src, i, dst, k, mid - i);
        System.arraycopy(src, j, dst, k + mid - i, hi - j);
        next[r / 2] = lo;
        next[r / 2 + 1] = hi;
      }
      bounds = next;
      runs = next.length - 1;
      int[] t = src;
      src = dst;
      dst = t;
    }
    return src;
  }

  /** Merges src[lo, mid) and src[mid, hi) into dst[lo, hi). */
  private static void two(long[] src, int lo, int mid, int hi, long[] dst) {
    int i = lo;
    int j = mid;
    int k = lo;
    while (i < mid && j < hi) {
      long x = src[i];
      long y = src[j];
      boolean right = y < x;
      dst[k++] = right ? y : x;
      j += right ? 1 : 0;
      i += right ? 0 : 1;
    }
    System.arraycopy(src, i, dst, k, mid - i);
    k += mid - i;
    System.arraycopy(src, j, dst, k, hi - j);
  }

  private static void two(long[] src, long[] srcP, int lo, int mid, int hi, long[] dst, long[] dstP) {
    int i = lo;
    int j = mid;
    int k = lo;
    while (i < mid && j < hi) {
      long x = src[i];
      long y = src[j];
      boolean right = y < x || y == x && srcP[j] < srcP[i];
      dst[k] = right ? y : x;
      dstP[k++] = right ? srcP[j] : srcP[i];
      j += right ? 1 : 0;
      i += right ? 0 : 1;
    }
    System.arraycopy(src, i, dst, k, mid - i);
    System.arraycopy(srcP, i, dstP, k, mid - i);
    k += mid - i;
    System.arraycopy(src, j, dst, k, hi - j);
    System.arraycopy(srcP, j, dstP, k, hi - j);
  }
}
