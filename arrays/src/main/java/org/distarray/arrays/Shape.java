package org.distarray.arrays;

import java.util.Arrays;

/**
 * The immutable extents of an n-dimensional array, one non-negative length per axis.
 *
 * <p>Equal by value. {@link #toString()} prints like NumPy: {@code (3, 4)}, {@code (5,)}, {@code ()}.
 */
public final class Shape {
  private final long[] dims;
  private final long size;

  private Shape(long[] dims) {
    long n = 1;
    for (long d : dims) {
      if (d < 0) {
        throw new IllegalArgumentException("negative dimension " + d + " in shape " + Arrays.toString(dims));
      }
      n = Math.multiplyExact(n, d);
    }
    this.dims = dims;
    this.size = n;
  }

  /** The shape with these axis lengths (copied); no arguments gives the 0-d shape {@code ()}. */
  public static Shape of(long... dims) {
    return new Shape(dims.clone());
  }

  /** Number of axes. */
  public int ndim() {
    return dims.length;
  }

  /**
   * Length of one axis.
   *
   * @param axis 0..ndim-1, or negative counting from the end as in NumPy
   */
  public long dim(int axis) {
    return dims[normalizeAxis(axis, dims.length)];
  }

  /** Number of elements: the product of the axis lengths (1 for the 0-d shape). */
  public long size() {
    return size;
  }

  /** A copy of the axis lengths. */
  public long[] dims() {
    return dims.clone();
  }

  /**
   * Maps a possibly negative axis to 0..ndim-1.
   *
   * @throws IllegalArgumentException naming the axis and ndim when it is out of range
   */
  public static int normalizeAxis(int axis, int ndim) {
    int a = axis < 0 ? axis + ndim : axis;
    if (a < 0 || a >= ndim) {
      throw new IllegalArgumentException("axis " + axis + " is out of bounds for array of dimension " + ndim);
    }
    return a;
  }

  /**
   * The shape that NumPy's {@code reshape} gives an array of size elements for the requested lengths, one of which
   * may be -1 (the length that makes the sizes agree).
   *
   * @throws ShapeMismatchException for two -1s, another negative length, or sizes that cannot agree, with NumPy's
   *     message ("cannot reshape array of size 12 into shape (5, -1)")
   */
  public static long[] reshaped(long size, long... requested) {
    long[] target = requested.clone();
    long known = 1;
    int unknown = -1;
    for (int k = 0; k < target.length; k++) {
      if (target[k] == -1) {
        if (unknown >= 0) {
          throw new ShapeMismatchException("can only specify one unknown dimension in " + format(target));
        }
        unknown = k;
      } else if (target[k] < 0) {
        throw new ShapeMismatchException("negative dimension " + target[k] + " in " + format(target));
      } else {
        known *= target[k];
      }
    }
    if (unknown >= 0) {
      if (known == 0 || size % known != 0) {
        throw new ShapeMismatchException("cannot reshape array of size " + size + " into shape " + format(target));
      }
      target[unknown] = size / known;
    } else if (known != size) {
      throw new ShapeMismatchException("cannot reshape array of size " + size + " into shape " + format(target));
    }
    return target;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Shape s && Arrays.equals(dims, s.dims);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(dims);
  }

  @Override
  public String toString() {
    return format(dims);
  }

  /** Formats axis lengths the way NumPy prints a shape tuple: {@code (3, 4)}, {@code (5,)}, {@code ()}. */
  public static String format(long[] dims) {
    StringBuilder sb = new StringBuilder("(");
    for (int i = 0; i < dims.length; i++) {
      if (i > 0) {
        sb.append(", ");
      }
      sb.append(dims[i]);
    }
    if (dims.length == 1) {
      sb.append(',');
    }
    return sb.append(')').toString();
  }
}
