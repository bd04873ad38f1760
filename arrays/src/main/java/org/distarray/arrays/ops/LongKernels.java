package org.distarray.arrays.ops;

/**
 * Inner loops of the ufuncs over longs (INT64, and the narrower integers and BOOL widened in chunks, unsigned ones
 * zero-extended, then narrowed back, which gives NumPy's wrap-around results; UINT64 has {@link ULongKernels}). Integer division or remainder by zero gives 0, as NumPy does.
 */
final class LongKernels {
  private LongKernels() {}

  static void binary(BinaryOp op, long[] a, int pa, int sa, long[] b, int pb, int sb,
      long[] o, int po, int so, int n) {
    switch (op) {
      case ADD -> { for (int i = 0; i < n; i++) o[po + i * so] = a[pa + i * sa] + b[pb + i * sb]; }
      case SUBTRACT -> { for (int i = 0; i < n; i++) o[po + i * so] = a[pa + i * sa] - b[pb + i * sb]; }
      case MULTIPLY -> { for (int i = 0; i < n; i++) o[po + i * so] = a[pa + i * sa] * b[pb + i * sb]; }
      case POWER -> { for (int i = 0; i < n; i++) o[po + i * so] = power(a[pa + i * sa], b[pb + i * sb]); }
      case MOD -> {
        for (int i = 0; i < n; i++) {
          long y = b[pb + i * sb];
          o[po + i * so] = y == 0 ? 0 : Math.floorMod(a[pa + i * sa], y);
        }
      }
      case FLOOR_DIVIDE -> {
        for (int i = 0; i < n; i++) {
          long y = b[pb + i * sb];
          o[po + i * so] = y == 0 ? 0 : Math.floorDiv(a[pa + i * sa], y);
        }
      }
      case FMOD -> {
        for (int i = 0; i < n; i++) {
          long y = b[pb + i * sb];
          o[po + i * so] = y == 0 ? 0 : a[pa + i * sa] % y; // C's remainder: the sign of the dividend
        }
      }
      case BITWISE_AND -> { for (int i = 0; i < n; i++) o[po + i * so] = a[pa + i * sa] & b[pb + i * sb]; }
      case BITWISE_OR -> { for (int i = 0; i < n; i++) o[po + i * so] = a[pa + i * sa] | b[pb + i * sb]; }
      case BITWISE_XOR -> { for (int i = 0; i < n; i++) o[po + i * so] = a[pa + i * sa] ^ b[pb + i * sb]; }
      case LEFT_SHIFT -> { for (int i = 0; i < n; i++) o[po + i * so] = leftShift(a[pa + i * sa], b[pb + i * sb]); }
      case RIGHT_SHIFT -> { for (int i = 0; i < n; i++) o[po + i * so] = rightShift(a[pa + i * sa], b[pb + i * sb]); }
      case MAXIMUM -> { for (int i = 0; i < n; i++) o[po + i * so] = Math.max(a[pa + i * sa], b[pb + i * sb]); }
      case MINIMUM -> { for (int i = 0; i < n; i++) o[po + i * so] = Math.min(a[pa + i * sa], b[pb + i * sb]); }
      default -> throw new IllegalStateException(op + " has no integer-valued loop");
    }
  }

  static void compare(BinaryOp op, long[] a, int pa, int sa, long[] b, int pb, int sb,
      boolean[] o, int po, int so, int n) {
    switch (op) {
      case LESS -> { for (int i = 0; i < n; i++) o[po + i * so] = a[pa + i * sa] < b[pb + i * sb]; }
      case LESS_EQUAL -> { for (int i = 0; i < n; i++) o[po + i * so] = a[pa + i * sa] <= b[pb + i * sb]; }
      case GREATER -> { for (int i = 0; i < n; i++) o[po + i * so] = a[pa + i * sa] > b[pb + i * sb]; }
      case GREATER_EQUAL -> { for (int i = 0; i < n; i++) o[po + i * so] = a[pa + i * sa] >= b[pb + i * sb]; }
      case EQUAL -> { for (int i = 0; i < n; i++) o[po + i * so] = a[pa + i * sa] == b[pb + i * sb]; }
      case NOT_EQUAL -> { for (int i = 0; i < n; i++) o[po + i * so] = a[pa + i * sa] != b[pb + i * sb]; }
      default -> throw new IllegalStateException(op + " is not a comparison");
    }
  }

  static void unary(UnaryOp op, long[] a, int pa, int sa, long[] o, int po, int so, int n) {
    switch (op) {
      case NEGATIVE -> { for (int i = 0; i < n; i++) o[po + i * so] = -a[pa + i * sa]; }
      case ABS -> { for (int i = 0; i < n; i++) o[po + i * so] = Math.abs(a[pa + i * sa]); }
      case SQUARE -> { for (int i = 0; i < n; i++) { long x = a[pa + i * sa]; o[po + i * so] = x * x; } }
      case SIGN -> { for (int i = 0; i < n; i++) o[po + i * so] = Long.signum(a[pa + i * sa]); }
      case FLOOR, CEIL, POSITIVE, CONJUGATE -> { for (int i = 0; i < n; i++) o[po + i * so] = a[pa + i * sa]; }
      case INVERT -> { for (int i = 0; i < n; i++) o[po + i * so] = ~a[pa + i * sa]; }
      case RECIPROCAL -> {
        for (int i = 0; i < n; i++) {
          long x = a[pa + i * sa];
          o[po + i * so] = x == 0 ? 0 : 1 / x;
        }
      }
      default -> throw new IllegalStateException(op + " has no integer-valued loop");
    }
  }

  /**
   * NumPy's left shift: a shift by the width or more (or by a negative count) gives 0. Narrower dtypes are widened
   * to long first and wrapped afterwards, which gives the same bits.
   */
  static long leftShift(long a, long b) {
    return b >= 0 && b < 64 ? a << b : 0;
  }

  /** NumPy's arithmetic right shift: a shift by the width or more (or negative) gives 0, or -1 for negative a. */
  static long rightShift(long a, long b) {
    return b >= 0 && b < 64 ? a >> b : a < 0 ? -1 : 0;
  }

  /**
   * Integer power by squaring, wrapping on overflow like NumPy.
   *
   * @throws IllegalArgumentException for a negative exponent, as NumPy's ValueError
   */
  static long power(long base, long exp) {
    if (exp < 0) {
      throw new IllegalArgumentException("Integers to negative integer powers are not allowed: " + base + " ** " + exp);
    }
    long result = 1;
    long b = base;
    long e = exp;
    while (e != 0) {
      if ((e & 1) != 0) {
        result *= b;
      }
      b *= b;
      e >>>= 1;
    }
    return result;
  }
}
