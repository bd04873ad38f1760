package org.distarray.runtime;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.distarray.arrays.DType;
import org.distarray.arrays.Shape;
import org.distarray.arrays.ShapeMismatchException;
import org.distarray.arrays.dist.Distribution;

/**
 * NumPy's {@code concatenate}, {@code stack}, {@code array_split} and {@code roll} over distributed arrays: a result
 * laid out like the first input over the inputs' engines, filled by assignments of whole inputs or slices, so that
 * elements go engine to engine straight to their owner in the result (and stay put where the owner is the same).
 */
final class Joins {
  private Joins() {}

  /** NumPy's {@code concatenate(arrays, axis)}: the dtype of all inputs promoted. */
  static DistArray concatenate(DistContext ctx, int axis, DistArray... arrays) {
    DistArray first = firstOf(arrays, "concatenate");
    int nd = first.ndim();
    if (nd == 0) {
      throw new IllegalArgumentException("zero-dimensional arrays cannot be concatenated");
    }
    int ax = Shape.normalizeAxis(axis, nd);
    long[] dims = first.shape().dims();
    long total = 0;
    for (DistArray a : arrays) {
      long[] d = a.shape().dims();
      if (d.length != nd) {
        throw new ShapeMismatchException("all the input arrays must have same number of dimensions, but the array"
            + " of shape " + first.shape() + " has " + nd + " dimension(s) and the array of shape " + a.shape()
            + " has " + d.length);
      }
      for (int k = 0; k < nd; k++) {
        if (k != ax && d[k] != dims[k]) {
          throw new ShapeMismatchException("all the input array dimensions except for the concatenation axis must "
              + "match exactly, but along dimension " + k + ", the array of shape " + first.shape() + " has size "
              + dims[k] + " and the array of shape " + a.shape() + " has size " + d[k]);
        }
      }
      total += d[ax];
    }
    dims[ax] = total;
    DistArray out = ctx.empty(layout(Shape.of(dims), first, -1, arrays), dtypeOf(arrays));
    long at = 0;
    for (DistArray a : arrays) {
      long n = a.shape().dims()[ax];
      if (n > 0 && a.size() > 0) {
        out.assign(index(nd, ax, at + ":" + (at + n)), a);
      }
      at += n;
    }
    return out;
  }

  /** NumPy's {@code stack(arrays, axis)}: a new axis of length {@code arrays.length} at axis. */
  static DistArray stack(DistContext ctx, int axis, DistArray... arrays) {
    DistArray first = firstOf(arrays, "stack");
    for (DistArray a : arrays) {
      if (!a.shape().equals(first.shape())) {
        throw new ShapeMismatchException("all input arrays must have the same shape, but " + first.shape()
            + " and " + a.shape() + " differ");
      }
    }
    int nd = first.ndim() + 1;
    int ax = Shape.normalizeAxis(axis, nd);
    long[] d = first.shape().dims();
    long[] dims = new long[nd];
    for (int k = 0, j = 0; k < nd; k++) {
      dims[k] = k == ax ? arrays.length : d[j++];
    }
    DistArray out = ctx.empty(layout(Shape.of(dims), first, ax, arrays), dtypeOf(arrays));
    if (out.size() > 0) {
      for (int i = 0; i < arrays.length; i++) {
        out.assign(index(nd, ax, Integer.toString(i)), arrays[i]);
      }
    }
    return out;
  }

  /** NumPy's {@code array_split(a, sections, axis)}: slices (views where the layout allows) of near-equal length. */
  static List<DistArray> split(DistArray a, int sections, int axis) {
    if (sections <= 0) {
      throw new IllegalArgumentException("number sections must be larger than 0, got " + sections);
    }
    int nd = a.ndim();
    int ax = Shape.normalizeAxis(axis, nd);
    long n = a.shape().dims()[ax];
    long each = n / sections;
    long extra = n % sections;
    List<DistArray> parts = new ArrayList<>(sections);
    long at = 0;
    for (int i = 0; i < sections; i++) {
      long len = each + (i < extra ? 1 : 0);
      parts.add(a.slice(index(nd, ax, at + ":" + (at + len))));
      at += len;
    }
    return parts;
  }

  /** NumPy's {@code roll(a, shift, axis)}: element i goes to (i + shift) mod n; a new array like a. */
  static DistArray roll(DistContext ctx, DistArray a, long shift, int axis) {
    int nd = a.ndim();
    int ax = Shape.normalizeAxis(axis, nd);
    long n = a.shape().dims()[ax];
    long s = n == 0 ? 0 : Math.floorMod(shift, n);
    if (s == 0 || a.size() == 0) {
      return a.copy();
    }
    DistArray out = ctx.empty(a.distribution(), a.dtype());
    out.assign(index(nd, ax, s + ":"), a.slice(index(nd, ax, ":" + (n - s))));
    out.assign(index(nd, ax, ":" + s), a.slice(index(nd, ax, (n - s) + ":")));
    return out;
  }

  private static DistArray firstOf(DistArray[] arrays, String what) {
    if (arrays.length == 0) {
      throw new IllegalArgumentException("need at least one array to " + what);
    }
    return arrays[0];
  }

  private static DType dtypeOf(DistArray[] arrays) {
    DType t = arrays[0].dtype();
    for (DistArray a : arrays) {
      t = DType.promote(t, a.dtype());
    }
    return t;
  }

  /**
   * The result's layout: the first input's letters ('u' becomes 'b': its index lists fit the input only; a new
   * axis at {@code newAxis}, when not -1, is undistributed) over the engines of every input, in order of first use.
   */
  private static Distribution layout(Shape shape, DistArray first, int newAxis, DistArray[] arrays) {
    StringBuilder letters = new StringBuilder(first.distribution().dist().replace('u', 'b'));
    if (newAxis >= 0) {
      letters.insert(newAxis, 'n');
    }
    Set<Integer> engines = new LinkedHashSet<>();
    for (DistArray a : arrays) {
      for (int t : a.distribution().targets()) {
        engines.add(t);
      }
    }
    int[] ids = engines.stream().mapToInt(Integer::intValue).toArray();
    return Distribution.of(shape, letters.toString(), ids);
  }

  /** An index text selecting part along axis and everything along the other axes. */
  private static String index(int ndim, int axis, String part) {
    String[] p = new String[ndim];
    Arrays.fill(p, ":");
    p[axis] = part;
    return String.join(", ", p);
  }
}
