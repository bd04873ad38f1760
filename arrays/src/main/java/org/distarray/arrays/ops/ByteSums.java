package org.distarray.arrays.ops;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Sums of UINT8 and INT8 runs eight bytes per step: each long read from the byte array is split into its even and
 * odd bytes in 16-bit lanes and added lane-wise (SIMD within a register), and the lanes are folded every 256 words,
 * before any of them can overflow. A byte-by-byte loop that widens each element to long runs at about a sixth of
 * memory speed here; this one reads at memory speed.
 */
final class ByteSums {
  private static final VarHandle WORDS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  private static final long EVEN_BYTES = 0x00FF00FF00FF00FFL;
  private static final long SIGN_BITS = 0x8080808080808080L;
  /** Words per batch: a 16-bit lane then holds at most 256 * 255 = 65280. */
  private static final int BATCH_WORDS = 256;

  private ByteSums() {}

  /**
   * The sum of the n bytes of a from p, read as unsigned (UINT8) or, when {@code signed}, as INT8: signed bytes
   * are summed as {@code b ^ 0x80} (their value plus 128, unsigned) and 128 per byte taken off at the end.
   */
  static long sum(byte[] a, int p, int n, boolean signed) {
    long flip = signed ? SIGN_BITS : 0;
    long total = 0;
    int i = 0;
    int words = n / 8;
    int w = 0;
    while (w < words) {
      int end = Math.min(words, w + BATCH_WORDS);
      long even = 0;
      long odd = 0;
      for (; w < end; w++) {
        long x = (long) WORDS.get(a, p + 8 * w) ^ flip;
        even += x & EVEN_BYTES;
        odd += (x >>> 8) & EVEN_BYTES;
      }
      total += lanes(even) + lanes(odd);
    }
    i = 8 * words;
    for (; i < n; i++) {
      total += (a[p + i] ^ (signed ? 0x80 : 0)) & 0xFF;
    }
    return signed ? total - 128L * n : total;
  }

  /** The sum of the four 16-bit lanes of x. */
  private static long lanes(long x) {
    long pairs = (x & 0x0000FFFF0000FFFFL) + ((x >>> 16) & 0x0000FFFF0000FFFFL);
    return (pairs & 0xFFFFFFFFL) + (pairs >>> 32);
  }
}
