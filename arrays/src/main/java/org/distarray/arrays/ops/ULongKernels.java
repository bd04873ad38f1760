package org.distarray.arrays.ops;

/**
 * Inner loops of the ufuncs over UINT64 values held as the bits of Java longs: the ops whose results depend on
 * the sign bit (division, remainder, comparison, maximum, minimum, right shift, abs, sign, reciprocal) use the
 * unsigned operations; addition, subtraction, multiplication, powers, bitwise ops and left shifts give the same bits
 * either way and run in {@link LongKernels}.
 */
final class ULongKernels {
  private ULongKernels() {}

  static void binary(BinaryOp op, long[] a, int pa, int sa, long[] b, int pb, int sb,
      long[] o, int po, int so, int n) {
    switch (op) {
      case MOD, FMOD -> {
        for (int i = 0; i < n; i++) {
          long y = b[pb + i * sb];
          o[po + i * so] = y == 0 ? 0 : Long.remainderUnsigned(a[pa + i * sa], y);
        }
      }
      case FLOOR_DIVIDE -> {
        for (int i = 0; i < n; i++) {
          long y = b[pb + i * sb];
          o[po + i * so] = y == 0 ? 0 : Long.divideUnsigned(a[pa + i * sa], y);
        }
      }
      case MAXIMUM -> {
        for (int i = 0; i < n; i++) {
          long x = a[pa + i * sa];
          long y = b[pb + i * sb];
          o[po + i * so] = Long.compareUnsigned(x, y) >= 0 ? x : y;
        }
      }
      case MINIMUM -> {
        for (int i = 0; i < n; i++) {
          long x = a[pa + i * sa];
          long y = b[pb + i * sb];
          o[po + i * so] = Long.compareUnsigned(x, y) <= 0 ? x : y;
        }
      }
      case RIGHT_SHIFT -> {
        for (int i = 0; i < n; i++) {
          long y = b[pb + i * sb];
          o[po + i * so] = Long.compareUnsigned(y, 64) < 0 ? a[pa + i * sa] >>> y : 0;
        }
      }
      case LEFT_SHIFT -> {
        for (int i = 0; i < n; i++) {
          long y = b[pb + i * sb];
          o[po + i * so] = Long.compareUnsigned(y, 64) < 0 ? a[pa + i * sa] << y : 0;
        }
      }
      default -> LongKernels.binary(op, a, pa, sa, b, pb, sb, o, po, so, n);
    }
  }

  static void compare(BinaryOp op, long[] a, int pa, int sa, long[] b, int pb, int sb,
      boolean[] o, int po, int so, int n) {
    switch (op) {
      case EQUAL, NOT_EQUAL -> LongKernels.compare(op, a, pa, sa, b, pb, sb, o, po, so, n);
      case LESS -> { for (int i = 0; i < n; i++) o[po + i * so] = Long.compareUnsigned(a[pa + i * sa], b[pb + i * sb]) < 0; }
      case LESS_EQUAL -> { for (int i = 0; i < n; i++) o[po + i * so] = Long.compareUnsigned(a[pa + i * sa], b[pb + i * sb]) <= 0; }
      case GREATER -> { for (int i = 0; i < n; i++) o[po + i * so] = Long.compareUnsigned(a[pa + i * sa], b[pb + i * sb]) > 0; }
      case GREATER_EQUAL -> { for (int i = 0; i < n; i++) o[po + i * so] = Long.compareUnsigned(a[pa + i * sa], b[pb + i * sb]) >= 0; }
      default -> throw new IllegalStateException(op + " is not a comparison");
    }
  }

  static void unary(UnaryOp op, long[] a, int pa, int sa, long[] o, int po, int so, int n) {
    switch (op) {
      case ABS -> { for (int i = 0; i < n; i++) o[po + i * so] = a[pa + i * sa]; }
      case SIGN -> { for (int i = 0; i < n; i++) o[po + i * so] = a[pa + i * sa] == 0 ? 0 : 1; }
      case RECIPROCAL -> {
        for (int i = 0; i < n; i++) {
          long x = a[pa + i * sa];
          o[po + i * so] = x == 1 ? 1 : 0; // 1 / 0 gives 0 as in LongKernels
        }
      }
      default -> LongKernels.unary(op, a, pa, sa, o, po, so, n);
    }
  }
}
