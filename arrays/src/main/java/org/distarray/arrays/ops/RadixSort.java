package org.distarray.arrays.ops;

import java.util.Arrays;

/**
 * LSD radix sort of signed 64-bit keys ({@link SortKeys}) or 32-bit ones, 11 bits a pass: one pass counts every
 * digit's histogram, then one scatter pass per digit whose elements do not all share one value (the high digits of small integers, the
 * exponent digits of data in a narrow range cost nothing). Stable, so a payload that starts in index order keeps
 * index order among equal keys (argsort). Short ranges go through insertion sort.
 */
public final class RadixSort {
  private static final int BITS = 11;
  private static final int BUCKETS = 1 << BITS;
  private static final int PASSES = (64 + BITS - 1) / BITS;
  private static final int SHORT = 64;

  private RadixSort() {}

  /** Sorts a[from, from + n) ascending; tmp has room for n keys. */
  public static void sort(long[] a, int from, int n, long[] tmp) {
    sort(a, null, from, n, tmp, null);
  }

  /**
   * Sorts a[from, from + n) ascending, moving p[from, from + n) along (when p is not null); tmp (and tmpP) have room
   * for n elements.
   */
  public static void sort(long[] a, long[] p, int from, int n, long[] tmp, long[] tmpP) {
    if (n < SHORT) {
      insertion(a, p, from, n);
      return;
    }
    int[][] counts = histograms(a, from, n);
    long[] src = a;
    long[] dst = tmp;
    long[] srcP = p;
    long[] dstP = tmpP;
    int srcOff = from;
    int dstOff = 0;
    for (int pass = 0; pass < PASSES; pass++) {
      int[] c = counts[pass];
      int shift = pass * BITS;
      if (c[digit(a[from], shift)] == n) {
        continue; // every element has this digit
      }
      int sum = dstOff;
      for (int b = 0; b < BUCKETS; b++) {
        int k = c[b];
        c[b] = sum;
        sum += k;
      }
      if (srcP == null) {
        scatter(src, srcOff, n, dst, c, shift);
      } else {
        scatter(src, srcP, srcOff, n, dst, dstP, c, shift);
      }
      long[] t = src;
      src = dst;
      dst = t;
      t = srcP;
      srcP = dstP;
      dstP = t;
      int o = srcOff;
      srcOff = dstOff;
      dstOff = o;
    }
    if (src != a) {
      System.arraycopy(src, srcOff, a, from, n);
      if (p != null) {
        System.arraycopy(srcP, srcOff, p, from, n);
      }
    }
  }

  /** Sorts int keys a[from, from + n) ascending (signed); tmp has room for n keys. */
  public static void sort(int[] a, int from, int n, int[] tmp) {
    if (n < SHORT) {
      Arrays.sort(a, from, from + n);
      return;
    }
    int passes = (32 + BITS - 1) / BITS;
    int[][] counts = new int[passes][BUCKETS];
    for (int i = from, end = from + n; i < end; i++) {
      int u = a[i] ^ Integer.MIN_VALUE;
      counts[0][u & BUCKETS - 1]++;
      counts[1][u >>> BITS & BUCKETS - 1]++;
      counts[2][u >>> 2 * BITS]++;
    }
    int[] src = a;
    int[] dst = tmp;
    int srcOff = from;
    int dstOff = 0;
    for (int pass = 0; pass < passes; pass++) {
      int[] c = counts[pass];
      int shift = pass * BITS;
      if (c[(a[from] ^ Integer.MIN_VALUE) >>> shift & BUCKETS - 1] == n) {
        continue;
      }
      int sum = dstOff;
      for (int b = 0; b < BUCKETS; b++) {
        int k = c[b];
        c[b] = sum;
        sum += k;
      }
      for (int i = srcOff, end = srcOff + n; i < end; i++) {
        int k = src[i];
        dst[c[(k ^ Integer.MIN_VALUE) >>> shift & BUCKETS - 1]++] = k;
      }
      int[] t = src;
      src = dst;
      dst = t;
      int o = srcOff;
      srcOff = dstOff;
      dstOff = o;
    }
    if (src != a) {
      System.arraycopy(src, srcOff, a, from, n);
    }
  }

  private static int digit(long key, int shift) {
    return (int) ((key ^ Long.MIN_VALUE) >>> shift) & BUCKETS - 1;
  }

  private static int[][] histograms(long[] a, int from, int n) {
    int[][] counts = new int[PASSES][BUCKETS];
    int[] c0 = counts[0];
    int[] c1 = counts[1];
    int[] c2 = counts[2];
    int[] c3 = counts[3];
    int[] c4 = counts[4];
    int[] c5 = counts[5];
    for (int i = from, end = from + n; i < end; i++) {
      long u = a[i] ^ Long.MIN_VALUE;
      c0[(int) u & BUCKETS - 1]++;
      c1[(int) (u >>> BITS) & BUCKETS - 1]++;
      c2[(int) (u >>> 2 * BITS) & BUCKETS - 1]++;
      c3[(int) (u >>> 3 * BITS) & BUCKETS - 1]++;
      c4[(int) (u >>> 4 * BITS) & BUCKETS - 1]++;
      c5[(int) (u >>> 5 * BITS)]++;
    }
    return counts;
  }

  private static void scatter(long[] src, int off, int n, long[] dst, int[] next, int shift) {
    for (int i = off, end = off + n; i < end; i++) {
      long k = src[i];
      dst[next[(int) ((k ^ Long.MIN_VALUE) >>> shift) & BUCKETS - 1]++] = k;
    }
  }

  private static void scatter(long[] src, long[] srcP, int off, int n, long[] dst, long[] dstP, int[] next,
      int shift) {
    for (int i = off, end = off + n; i < end; i++) {
      long k = src[i];
      int at = next[(int) ((k ^ Long.MIN_VALUE) >>> shift) & BUCKETS - 1]++;
      dst[at] = k;
      dstP[at] = srcP[i];
    }
  }

  private static void insertion(long[] a, long[] p, int from, int n) {
    for (int i = from + 1, end = from + n; i < end; i++) {
      long k = a[i];
      long v = p == null ? 0 : p[i];
      int j = i - 1;
      while (j >= from && a[j] > k) {
        a[j + 1] = a[j];
        if (p != null) {
          p[j + 1] = p[j];
        }
        j--;
      }
      a[j + 1] = k;
      if (p != null) {
        p[j + 1] = v;
      }
    }
  }
}
