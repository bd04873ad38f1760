package org.distarray.arrays.ops;

/** Inner loops of the logical ufuncs over truth values (operands of other dtypes arrive as "non-zero"). */
final class BoolKernels {
  private BoolKernels() {}

  static void binary(BinaryOp op, boolean[] a, int pa, int sa, boolean[] b, int pb, int sb,
      boolean[] o, int po, int so, int n) {
    switch (op) {
      case LOGICAL_AND -> { for (int i = 0; i < n; i++) o[po + i * so] = a[pa + i * sa] & b[pb + i * sb]; }
      case LOGICAL_OR -> { for (int i = 0; i < n; i++) o[po + i * so] = a[pa + i * sa] | b[pb + i * sb]; }
      case LOGICAL_XOR -> { for (int i = 0; i < n; i++) o[po + i * so] = a[pa + i * sa] ^ b[pb + i * sb]; }
      default -> throw new IllegalStateException(op + " is not a logical op");
    }
  }

  static void not(boolean[] a, int pa, int sa, boolean[] o, int po, int so, int n) {
    for (int i = 0; i < n; i++) o[po + i * so] = !a[pa + i * sa];
  }
}
