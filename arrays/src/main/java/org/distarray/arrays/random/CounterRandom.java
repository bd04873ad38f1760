package org.distarray.arrays.random;

/**
 * Counter-based random numbers: the value for a (seed, index) pair is a pure function of the two, so an array
 * filled by global index is the same on any number of engines and under any distribution, and any element can be
 * recomputed alone.
 *
 * <p>The bits are two rounds of the SplitMix64/MurmurHash3 finaliser over the seed and the counter (a keyed
 * hash, as in counter-based generators such as Philox, with a simpler round function). Uniform doubles take the
 * top 53 bits; normals use the Box-Muller transform of two independent uniforms of the same index; integers in
 * [low, high) are unbiased (rejection of the incomplete last bucket).
 */
public final class CounterRandom {
  private static final long GOLDEN = 0x9E3779B97F4A7C15L;
  private static final long STREAM_UNIFORM = 0x5851F42D4C957F2DL;
  private static final long STREAM_NORMAL_A = 0x14057B7EF767814FL;
  private static final long STREAM_NORMAL_B = 0x2545F4914F6CDD1DL;
  private static final long STREAM_INTEGER = 0x61C8864680B583EBL;

  private CounterRandom() {}

  /** 64 well-mixed bits for (key, counter). */
  public static long bits(long key, long counter) {
    return fmix(fmix(counter * GOLDEN + key) ^ key);
  }

  private static long fmix(long z) {
    z = (z ^ (z >>> 33)) * 0xFF51AFD7ED558CCDL;
    z = (z ^ (z >>> 33)) * 0xC4CEB9FE1A85EC53L;
    return z ^ (z >>> 33);
  }

  private static long key(long seed, long stream) {
    return fmix(seed ^ stream);
  }

  /** Uniform in [0, 1) for global index i. */
  public static double uniform(long seed, long i) {
    return (bits(key(seed, STREAM_UNIFORM), i) >>> 11) * 0x1.0p-53;
  }

  /** Standard normal for global index i (Box-Muller on two uniforms of index i). */
  public static double normal(long seed, long i) {
    double u1 = ((bits(key(seed, STREAM_NORMAL_A), i) >>> 11) + 1) * 0x1.0p-53; // (0, 1]
    double u2 = (bits(key(seed, STREAM_NORMAL_B), i) >>> 11) * 0x1.0p-53;
    return Math.sqrt(-2.0 * Math.log(u1)) * Math.cos(2.0 * Math.PI * u2);
  }

  /**
   * Uniform integer in [low, high) for global index i, without modulo bias.
   *
   * @throws IllegalArgumentException when low >= high, naming both
   */
  public static long integer(long seed, long i, long low, long high) {
    checkRange(low, high);
    long range = high - low; // may overflow to negative for huge ranges: handled below
    long k = key(seed, STREAM_INTEGER);
    for (long attempt = 0; ; attempt++) {
      long x = bits(k + attempt * GOLDEN, i);
      if (range <= 0) { // the range spans more than 2^63 values
        long v = low + x;
        if (v >= low && v < high) {
          return v;
        }
        continue;
      }
      long y = x >>> 1;
      long limit = Long.MAX_VALUE - (Long.MAX_VALUE % range + 1) % range;
      if (y <= limit) {
        return low + y % range;
      }
    }
  }

  /** Checks the bounds of {@link #integer}. */
  public static void checkRange(long low, long high) {
    if (low >= high) {
      throw new IllegalArgumentException("randint needs low < high, got low=" + low + ", high=" + high);
    }
  }
}
