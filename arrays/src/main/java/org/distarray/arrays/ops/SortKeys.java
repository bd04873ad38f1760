package org.distarray.arrays.ops;

import org.distarray.arrays.DType;
import org.distarray.arrays.DTypeException;
import org.distarray.arrays.NdArray;

/**
 * Sort keys: the elements of every real dtype as signed longs whose order is NumPy's sort order, so that one radix
 * sort, one merge and one binary search serve every dtype. Floats map their IEEE bits (negative values with the
 * magnitude bits flipped), every NaN to one key above +inf (NaN last, as NumPy); unsigned integers map to their value
 * (64-bit ones with the sign bit flipped). For argsort -0.0 takes the key of 0.0, so that equal values keep their
 * index order; for sort it stays just below (NumPy treats the two as equal, so either order is its order), and
 * {@link #fromKeys} gives every value back bit for bit, NaN as the canonical NaN.
 */
public final class SortKeys {
  private SortKeys() {}

  /** Refuses complex dtypes, which NumPy sorts lexicographically and these keys do not cover. */
  public static void check(DType t, String what) {
    if (t.isComplex()) {
      throw new DTypeException(what + " is not supported for " + t + " (real dtypes and bool only)");
    }
  }

  /** The key of a float64 value. */
  public static long ofDouble(double x) {
    long b = Double.doubleToLongBits(x);
    return b ^ (b >> 63 & Long.MAX_VALUE);
  }

  /** The float64 value of a key of {@link #ofDouble}. */
  public static double toDouble(long k) {
    return Double.longBitsToDouble(k ^ (k >> 63 & Long.MAX_VALUE));
  }

  /** The key of a float32 value. */
  public static long ofFloat(float x) {
    int b = Float.floatToIntBits(x);
    return b ^ (b >> 31 & Integer.MAX_VALUE);
  }

  /** The float32 value of a key of {@link #ofFloat}. */
  public static float toFloat(long k) {
    int b = (int) k;
    return Float.intBitsToFloat(b ^ (b >> 31 & Integer.MAX_VALUE));
  }

  /** The key of a value given as a double (a query, a quantile's bound), for an array of dtype t. */
  public static long ofValue(DType t, double v) {
    return switch (t) {
      case FLOAT64 -> ofDouble(v);
      case FLOAT32 -> ofFloat((float) v);
      default -> throw new IllegalArgumentException("keys of doubles for " + t + " arrays: use the exact value");
    };
  }

  /** The value of key k of dtype t as a double (integers above 2^53 rounded). */
  public static double valueOf(DType t, long k) {
    return switch (t) {
      case FLOAT64 -> toDouble(k);
      case FLOAT32 -> toFloat(k);
      case UINT64 -> {
        long v = k ^ Long.MIN_VALUE;
        yield v >= 0 ? v : (double) (v >>> 1) * 2.0 + (v & 1);
      }
      default -> k;
    };
  }

  /**
   * Writes the keys of n elements of storage (of dtype t, from element off on) into keys from kOff on.
   *
   * @param zerosEqual -0.0 gets the key of 0.0 (argsort)
   */
  public static void toKeys(DType t, Object storage, int off, int n, long[] keys, int kOff, boolean zerosEqual) {
    switch (t) {
      case FLOAT64 -> {
        double[] a = (double[]) storage;
        if (zerosEqual) {
          for (int i = 0; i < n; i++) {
            keys[kOff + i] = ofDouble(a[off + i] + 0.0); // -0.0 + 0.0 is 0.0
          }
        } else {
          for (int i = 0; i < n; i++) {
            keys[kOff + i] = ofDouble(a[off + i]);
          }
        }
      }
      case FLOAT32 -> {
        float[] a = (float[]) storage;
        float z = zerosEqual ? 0.0f : -0.0f; // x + -0.0 is x for every x, -0.0 included
        for (int i = 0; i < n; i++) {
          keys[kOff + i] = ofFloat(a[off + i] + z);
        }
      }
      case INT64 -> System.arraycopy(storage, off, keys, kOff, n);
      case UINT64 -> {
        long[] a = (long[]) storage;
        for (int i = 0; i < n; i++) {
          keys[kOff + i] = a[off + i] ^ Long.MIN_VALUE;
        }
      }
      case INT32, UINT32 -> {
        int[] a = (int[]) storage;
        long mask = t == DType.UINT32 ? 0xffffffffL : -1L;
        for (int i = 0; i < n; i++) {
          keys[kOff + i] = a[off + i] & mask;
        }
      }
      case INT16, UINT16 -> {
        short[] a = (short[]) storage;
        long mask = t == DType.UINT16 ? 0xffffL : -1L;
        for (int i = 0; i < n; i++) {
          keys[kOff + i] = a[off + i] & mask;
        }
      }
      case INT8, UINT8 -> {
        byte[] a = (byte[]) storage;
        long mask = t == DType.UINT8 ? 0xffL : -1L;
        for (int i = 0; i < n; i++) {
          keys[kOff + i] = a[off + i] & mask;
        }
      }
      case BOOL -> {
        boolean[] a = (boolean[]) storage;
        for (int i = 0; i < n; i++) {
          keys[kOff + i] = a[off + i] ? 1 : 0;
        }
      }
      default -> check(t, "sorting");
    }
  }

  /** Writes the values of keys[kOff, kOff + n) into storage (of dtype t) from element off on. */
  public static void fromKeys(DType t, long[] keys, int kOff, int n, Object storage, int off) {
    switch (t) {
      case FLOAT64 -> {
        double[] a = (double[]) storage;
        for (int i = 0; i < n; i++) {
          a[off + i] = toDouble(keys[kOff + i]);
        }
      }
      case FLOAT32 -> {
        float[] a = (float[]) storage;
        for (int i = 0; i < n; i++) {
          a[off + i] = toFloat(keys[kOff + i]);
        }
      }
      case INT64 -> System.arraycopy(keys, kOff, storage, off, n);
      case UINT64 -> {
        long[] a = (long[]) storage;
        for (int i = 0; i < n; i++) {
          a[off + i] = keys[kOff + i] ^ Long.MIN_VALUE;
        }
      }
      case INT32, UINT32 -> {
        int[] a = (int[]) storage;
        for (int i = 0; i < n; i++) {
          a[off + i] = (int) keys[kOff + i];
        }
      }
      case INT16, UINT16 -> {
        short[] a = (short[]) storage;
        for (int i = 0; i < n; i++) {
          a[off + i] = (short) keys[kOff + i];
        }
      }
      case INT8, UINT8 -> {
        byte[] a = (byte[]) storage;
        for (int i = 0; i < n; i++) {
          a[off + i] = (byte) keys[kOff + i];
        }
      }
      case BOOL -> {
        boolean[] a = (boolean[]) storage;
        for (int i = 0; i < n; i++) {
          a[off + i] = keys[kOff + i] != 0;
        }
      }
      default -> check(t, "sorting");
    }
  }

  /** Whether t has 4-byte sort keys ({@link #toIntKeys}): FLOAT32, INT32, UINT32. */
  public static boolean fitsInt(DType t) {
    return t == DType.FLOAT32 || t == DType.INT32 || t == DType.UINT32;
  }

  /** As {@link #toKeys} (-0.0 below 0.0), for a 4-byte dtype ({@link #fitsInt}), into int keys in the same order. */
  public static void toIntKeys(DType t, Object storage, int off, int n, int[] keys, int kOff) {
    switch (t) {
      case FLOAT32 -> {
        float[] a = (float[]) storage;
        for (int i = 0; i < n; i++) {
          keys[kOff + i] = (int) ofFloat(a[off + i]);
        }
      }
      case INT32 -> System.arraycopy(storage, off, keys, kOff, n);
      case UINT32 -> {
        int[] a = (int[]) storage;
        for (int i = 0; i < n; i++) {
          keys[kOff + i] = a[off + i] ^ Integer.MIN_VALUE;
        }
      }
      default -> throw new IllegalArgumentException(t + " has no 4-byte sort keys");
    }
  }

  /** Writes the values of int keys ({@link #toIntKeys}) keys[kOff, kOff + n) into storage from element off on. */
  public static void fromIntKeys(DType t, int[] keys, int kOff, int n, Object storage, int off) {
    switch (t) {
      case FLOAT32 -> {
        float[] a = (float[]) storage;
        for (int i = 0; i < n; i++) {
          a[off + i] = toFloat(keys[kOff + i]);
        }
      }
      case INT32 -> System.arraycopy(keys, kOff, storage, off, n);
      case UINT32 -> {
        int[] a = (int[]) storage;
        for (int i = 0; i < n; i++) {
          a[off + i] = keys[kOff + i] ^ Integer.MIN_VALUE;
        }
      }
      default -> throw new IllegalArgumentException(t + " has no 4-byte sort keys");
    }
  }

  /** The keys of a whole array in C order (a copy first when it is not contiguous). */
  public static long[] of(NdArray a, boolean zerosEqual) {
    NdArray c = contiguous(a);
    long[] keys = new long[(int) c.size()];
    toKeys(c.dtype(), c.storage(), (int) c.offset(), keys.length, keys, 0, zerosEqual);
    return keys;
  }

  /** Writes the values of keys[kOff, kOff + out.size()) into out, in C order. */
  public static void into(long[] keys, int kOff, NdArray out) {
    if (out.isContiguous()) {
      fromKeys(out.dtype(), keys, kOff, (int) out.size(), out.storage(), (int) out.offset());
      return;
    }
    NdArray tmp = NdArray.zeros(out.dtype(), out.dims());
    fromKeys(out.dtype(), keys, kOff, (int) out.size(), tmp.storage(), 0);
    out.copyFrom(tmp);
  }

  static NdArray contiguous(NdArray a) {
    return a.isContiguous() ? a : a.copy();
  }
}
