package org.distarray.arrays.ops;

import org.distarray.arrays.DType;
import org.distarray.arrays.NdArray;

/**
 * One block's share of a reduction, in a form that combines with other blocks' shares in any tree order.
 *
 * <p>{@code value} holds, per kept element: the running sum/prod/min/max/any/all; for mean the FLOAT64 sum; for
 * var and std the FLOAT64 mean, with {@code second} the sum of squared deviations (M2) combined by Chan et al.'s
 * parallel formula; for argmin/argmax the extreme value, with {@code second} its INT64 global flat index within
 * the reduced axes. {@code count} is the number of elements reduced into each kept element.
 *
 * @param value Not null; shape of the kept axes.
 * @param second M2 or the indices; null for the other ops.
 * @param count elements folded in per kept element
 */
public record PartialReduction(NdArray value, NdArray second, long count) {

  /**
   * The share of one block.
   *
   * @param block Not modified.
   * @param reduced which axes are reduced
   * @param globalIndex for argmin/argmax: per axis, the global index of each local position (only reduced axes
   *     are read); null otherwise
   * @param globalDims the global shape (argmin/argmax flatten global indices of the reduced axes with it)
   */
  public static PartialReduction local(ReduceOp op, NdArray block, boolean[] reduced, long[][] globalIndex,
      long[] globalDims) {
    long count = 1;
    long[] dims = block.dims();
    int[] axes = Reductions.axesOf(reduced);
    for (int a : axes) {
      count *= dims[a];
    }
    boolean needsElements = op == ReduceOp.MIN || op == ReduceOp.MAX || op == ReduceOp.ARGMIN
        || op == ReduceOp.ARGMAX;
    if (count == 0 && needsElements) {
      return emptyShare(op, block, reduced);
    }
    return switch (op) {
      case SUM, PROD, MIN, MAX, ANY, ALL -> new PartialReduction(Reductions.reduce(op, block, axes, false), null, count);
      case MEAN -> new PartialReduction(Reductions.reduce(ReduceOp.SUM, widest(block), axes, false), null, count);
      case VAR, STD -> {
        NdArray x = widest(block);
        NdArray mean = Reductions.reduce(ReduceOp.MEAN, x, axes, false);
        NdArray m2 = Ufuncs.multiply(Reductions.reduce(ReduceOp.VAR, x, axes, false), (double) count);
        yield new PartialReduction(mean, m2, count);
      }
      case ARGMIN, ARGMAX -> argLocal(op, block, axes, globalIndex, globalDims, count);
    };
  }

  /** The share of a block with no elements along the reduced axes: it folds into any other share as nothing. */
  private static PartialReduction emptyShare(ReduceOp op, NdArray block, boolean[] reduced) {
    long[] dims = block.dims();
    int kept = 0;
    for (boolean r : reduced) {
      kept += r ? 0 : 1;
    }
    long[] keptDims = new long[kept];
    for (int k = 0, j = 0; k < dims.length; k++) {
      if (!reduced[k]) {
        keptDims[j++] = dims[k];
      }
    }
    boolean arg = op == ReduceOp.ARGMIN || op == ReduceOp.ARGMAX;
    DType valueType = !arg ? block.dtype() : block.dtype().isComplex() ? DType.COMPLEX128
        : block.dtype().isFloating() ? DType.FLOAT64 : DType.INT64;
    return new PartialReduction(NdArray.zeros(valueType, keptDims), arg ? NdArray.zeros(DType.INT64, keptDims) : null,
        0);
  }

  private static PartialReduction argLocal(ReduceOp op, NdArray block, int[] axes, long[][] globalIndex,
      long[] globalDims, long count) {
    ReduceOp extreme = op == ReduceOp.ARGMIN ? ReduceOp.MIN : ReduceOp.MAX;
    NdArray work = block.dtype().isInexact() ? widest(block) : ArgReduction.orderedAs(block, DType.INT64);
    NdArray values = Reductions.reduce(extreme, work, axes, false);
    for (int a : axes) {
      if (!ascending(globalIndex[a])) {
        return new PartialReduction(values, scanGlobal(op == ReduceOp.ARGMIN, work, axes, globalIndex, globalDims),
            count);
      }
    }
    NdArray localFlat = Reductions.reduce(op, work, axes, false);
    long[] dims = block.dims();
    long[] flat = (long[]) localFlat.storage();
    for (int i = 0; i < flat.length; i++) {
      long rest = flat[i];
      long global = 0;
      for (int j = axes.length - 1; j >= 0; j--) {
        int a = axes[j];
        long local = rest % dims[a];
        rest /= dims[a];
        global += globalIndex[a][(int) local] * stride(globalDims, axes, j);
      }
      flat[i] = global;
    }
    return new PartialReduction(values, localFlat, count);
  }

  private static boolean ascending(long[] indices) {
    for (int i = 1; i < indices.length; i++) {
      if (indices[i] <= indices[i - 1]) {
        return false;
      }
    }
    return true;
  }

  /**
   * argmin/argmax when a block's local order is not global order (unstructured axes): every candidate is compared
   * by value and, on a tie, by global index, so the first occurrence in global order wins as in NumPy.
   */
  private static NdArray scanGlobal(boolean min, NdArray work, int[] axes, long[][] globalIndex, long[] globalDims) {
    int nd = work.ndim();
    long[] dims = work.dims();
    boolean[] reduced = new boolean[nd];
    for (int a : axes) {
      reduced[a] = true;
    }
    int[] perm = new int[nd];
    int j = 0;
    long[] keptDims = new long[nd - axes.length];
    for (int k = 0; k < nd; k++) {
      if (!reduced[k]) {
        keptDims[j] = dims[k];
        perm[j++] = k;
      }
    }
    int inner = 1;
    for (int a : axes) {
      perm[j++] = a;
      inner *= (int) dims[a];
    }
    long[] innerGlobal = new long[inner];
    for (int i = 0; i < inner; i++) {
      long rest = i;
      long g = 0;
      for (int q = axes.length - 1; q >= 0; q--) {
        int a = axes[q];
        g += globalIndex[a][(int) (rest % dims[a])] * stride(globalDims, axes, q);
        rest /= dims[a];
      }
      innerGlobal[i] = g;
    }
    NdArray result = NdArray.zeros(DType.INT64, keptDims);
    long[] out = (long[]) result.storage();
    boolean complex = work.dtype() == DType.COMPLEX128;
    boolean floating = work.dtype() == DType.FLOAT64;
    double[] rows = floating ? work.transpose(perm).toDoubleArray()
        : complex ? (double[]) work.transpose(perm).copy().storage() : null;
    long[] exact = floating || complex ? null : work.transpose(perm).toLongArray();
    for (int r = 0; r < out.length; r++) {
      int base = r * inner;
      int best = 0;
      for (int i = 1; i < inner; i++) {
        boolean earlier = innerGlobal[i] < innerGlobal[best];
        boolean take;
        if (complex) {
          int x = 2 * (base + i);
          int y = 2 * (base + best);
          take = ComplexReductions.replaces(min, rows[x], rows[x + 1], innerGlobal[i], rows[y], rows[y + 1],
              innerGlobal[best]);
        } else if (!floating) {
          int c = Long.compare(exact[base + i], exact[base + best]);
          take = (min ? c < 0 : c > 0) || (c == 0 && earlier);
        } else {
          double x = rows[base + i];
          double y = rows[base + best];
          boolean nx = x != x;
          boolean ny = y != y;
          take = nx || ny ? nx && (!ny || earlier) : (min ? x < y : x > y) || (x == y && earlier);
        }
        if (take) {
          best = i;
        }
      }
      out[r] = innerGlobal[best];
    }
    return result;
  }

  private static long stride(long[] globalDims, int[] axes, int j) {
    long s = 1;
    for (int k = j + 1; k < axes.length; k++) {
      s *= globalDims[axes[k]];
    }
    return s;
  }

  /** The share of two sets of elements together; neither input is modified. */
  public static PartialReduction combine(ReduceOp op, PartialReduction a, PartialReduction b) {
    if (a.count == 0) {
      return b;
    }
    if (b.count == 0) {
      return a;
    }
    long n = a.count + b.count;
    return switch (op) {
      case SUM, MEAN -> new PartialReduction(Ufuncs.add(a.value, b.value), null, n);
      case PROD -> new PartialReduction(Ufuncs.multiply(a.value, b.value), null, n);
      case MIN -> new PartialReduction(Ufuncs.minimum(a.value, b.value), null, n);
      case MAX -> new PartialReduction(Ufuncs.maximum(a.value, b.value), null, n);
      case ANY -> new PartialReduction(Ufuncs.logicalOr(a.value, b.value), null, n);
      case ALL -> new PartialReduction(Ufuncs.logicalAnd(a.value, b.value), null, n);
      case VAR, STD -> chan(a, b);
      case ARGMIN, ARGMAX -> argCombine(op == ReduceOp.ARGMIN, a, b);
    };
  }

  /** Chan, Golub and LeVeque: mean and M2 of the union from those of the parts. */
  private static PartialReduction chan(PartialReduction a, PartialReduction b) {
    if (a.count == 0) {
      return b;
    }
    if (b.count == 0) {
      return a;
    }
    double na = a.count;
    double nb = b.count;
    double n = na + nb;
    if (a.value.dtype().isComplex()) {
      return chanComplex(a, b);
    }
    double[] ma = a.value.toDoubleArray();
    double[] mb = b.value.toDoubleArray();
    double[] qa = a.second.toDoubleArray();
    double[] qb = b.second.toDoubleArray();
    for (int i = 0; i < ma.length; i++) {
      double delta = mb[i] - ma[i];
      ma[i] += delta * (nb / n);
      qa[i] += qb[i] + delta * delta * (na * nb / n);
    }
    long[] dims = a.value.dims();
    return new PartialReduction(NdArray.of(ma).reshape(dims), NdArray.of(qa).reshape(dims), a.count + b.count);
  }

  /** Chan's formula with complex means: M2 grows by |delta|^2 na nb / n. */
  private static PartialReduction chanComplex(PartialReduction a, PartialReduction b) {
    double na = a.count;
    double nb = b.count;
    double n = na + nb;
    double[] ma = (double[]) a.value.astype(DType.COMPLEX128).storage();
    double[] mb = (double[]) b.value.astype(DType.COMPLEX128).storage();
    double[] qa = a.second.toDoubleArray();
    double[] qb = b.second.toDoubleArray();
    for (int i = 0; i < qa.length; i++) {
      double dr = mb[2 * i] - ma[2 * i];
      double di = mb[2 * i + 1] - ma[2 * i + 1];
      ma[2 * i] += dr * (nb / n);
      ma[2 * i + 1] += di * (nb / n);
      qa[i] += qb[i] + (dr * dr + di * di) * (na * nb / n);
    }
    long[] dims = a.value.dims();
    return new PartialReduction(NdArray.ofComplex(ma).reshape(dims), NdArray.of(qa).reshape(dims),
        a.count + b.count);
  }

  private static PartialReduction argCombine(boolean min, PartialReduction a, PartialReduction b) {
    NdArray value = a.value.copy();
    NdArray index = a.second.copy();
    long[] ia = (long[]) index.storage();
    long[] ib = b.second.toLongArray();
    if (value.dtype() == DType.COMPLEX128) {
      double[] va = (double[]) value.storage();
      double[] vb = (double[]) b.value.astype(DType.COMPLEX128).storage();
      for (int i = 0; i < ia.length; i++) {
        if (ComplexReductions.replaces(min, vb[2 * i], vb[2 * i + 1], ib[i], va[2 * i], va[2 * i + 1], ia[i])) {
          va[2 * i] = vb[2 * i];
          va[2 * i + 1] = vb[2 * i + 1];
          ia[i] = ib[i];
        }
      }
    } else if (value.dtype() == DType.FLOAT64) {
      double[] va = (double[]) value.storage();
      double[] vb = b.value.toDoubleArray();
      for (int i = 0; i < va.length; i++) {
        boolean nanA = va[i] != va[i];
        boolean nanB = vb[i] != vb[i];
        boolean takeB = nanA || nanB ? nanB && (!nanA || ib[i] < ia[i])
            : (min ? vb[i] < va[i] : vb[i] > va[i]) || (vb[i] == va[i] && ib[i] < ia[i]);
        if (takeB) {
          va[i] = vb[i];
          ia[i] = ib[i];
        }
      }
    } else {
      long[] va = (long[]) value.storage();
      long[] vb = b.value.toLongArray();
      for (int i = 0; i < va.length; i++) {
        if ((min ? vb[i] < va[i] : vb[i] > va[i]) || (vb[i] == va[i] && ib[i] < ia[i])) {
          va[i] = vb[i];
          ia[i] = ib[i];
        }
      }
    }
    return new PartialReduction(value, index, a.count + b.count);
  }

  /**
   * The final values from the combined share of every block.
   *
   * @param input the dtype of the reduced array
   */
  public static NdArray finish(ReduceOp op, PartialReduction p, DType input) {
    DType rt = op.resultType(input);
    NdArray out = switch (op) {
      case SUM, PROD, MIN, MAX, ANY, ALL -> p.value;
      case MEAN -> Ufuncs.divide(p.value, (double) p.count);
      case VAR -> Ufuncs.divide(p.second, (double) p.count);
      case STD -> Ufuncs.sqrt(Ufuncs.divide(p.second, (double) p.count));
      case ARGMIN, ARGMAX -> p.second;
    };
    return out.dtype() == rt ? out : out.astype(rt);
  }

  /** a in FLOAT64, or COMPLEX128 when a is complex: the dtypes partial means, variances and extremes travel in. */
  private static NdArray widest(NdArray a) {
    DType w = a.dtype().isComplex() ? DType.COMPLEX128 : DType.FLOAT64;
    return a.dtype() == w ? a : a.astype(w);
  }

}
