package org.distarray.arrays;

/** Prints arrays like NumPy's repr: nested brackets, summarised with "..." past 1000 elements. */
final class ArrayFormat {
  private static final int EDGE = 3;
  private static final long THRESHOLD = 1000;

  private ArrayFormat() {}

  static String format(NdArray a) {
    StringBuilder sb = new StringBuilder("array(");
    long[] dims = a.dims();
    long[] index = new long[dims.length];
    boolean summarise = a.size() > THRESHOLD;
    append(sb, a, dims, index, 0, summarise);
    return sb.append(", dtype=").append(a.dtype()).append(')').toString();
  }

  private static void append(StringBuilder sb, NdArray a, long[] dims, long[] index, int axis, boolean summarise) {
    if (axis == dims.length) {
      switch (a.dtype()) {
        case BOOL -> sb.append(a.getBoolean(index) ? "True" : "False");
        case INT64, INT32 -> sb.append(a.getLong(index));
        case COMPLEX128, COMPLEX64 -> {
          double im = a.getImag(index);
          sb.append('(').append(a.getReal(index)).append(im < 0 || (im == 0 && 1 / im < 0) ? "-" : "+")
              .append(Math.abs(im)).append("j)");
        }
        default -> sb.append(a.getDouble(index));
      }
      return;
    }
    sb.append('[');
    long n = dims[axis];
    for (long i = 0; i < n; i++) {
      if (summarise && n > 2 * EDGE && i == EDGE) {
        sb.append("..., ");
        i = n - EDGE - 1;
        continue;
      }
      index[axis] = i;
      append(sb, a, dims, index, axis + 1, summarise);
      if (i < n - 1) {
        sb.append(", ");
      }
    }
    sb.append(']');
  }
}
