package org.distarray.arrays.ops;

import org.distarray.arrays.DType;
import org.distarray.arrays.NdArray;

/**
 * The reductions of complex arrays, in the keepdims shape.
 *
 * <p>sum and mean add the real and imaginary parts as two FLOAT64 arrays (NumPy's pairwise accuracy), mean then
 * divides as a complex number (a NaN in one part makes both NaN, as NumPy); var and std
 * are the variance of the real parts plus that of the imaginary parts (NumPy's mean of {@code |x - mean|^2}); prod
 * multiplies in order; min, max, argmin and argmax order lexicographically (real part first) and return the first
 * NaN when there is one, as NumPy's {@code minimum.reduce}; any and all test "non-zero".
 */
final class ComplexReductions {
  private ComplexReductions() {}

  static NdArray reduce(ReduceOp op, NdArray a, boolean[] reduced) {
    return switch (op) {
      case SUM -> combine(partReduce(op, Ufuncs.real(a), reduced), partReduce(op, Ufuncs.imag(a), reduced));
      case MEAN -> { // NumPy divides the complex sum by the count as a complex number: a NaN part spreads to both
        NdArray sum = combine(partReduce(ReduceOp.SUM, Ufuncs.real(a), reduced),
            partReduce(ReduceOp.SUM, Ufuncs.imag(a), reduced));
        yield Ufuncs.divide(sum, Reductions.count(a, reduced));
      }
      case VAR, STD -> {
        NdArray v = Ufuncs.add(partReduce(ReduceOp.VAR, Ufuncs.real(a), reduced),
            partReduce(ReduceOp.VAR, Ufuncs.imag(a), reduced));
        yield op == ReduceOp.STD ? Ufuncs.sqrt(v) : v;
      }
      case ANY, ALL -> Accumulation.reduce(op, Ufuncs.notEqual(a, 0.0), reduced);
      case PROD, MIN, MAX, ARGMIN, ARGMAX -> rowWise(op, a, reduced);
    };
  }

  private static NdArray partReduce(ReduceOp op, NdArray part, boolean[] reduced) {
    NdArray x = part.dtype() == DType.FLOAT64 ? part : part.astype(DType.FLOAT64);
    return Reductions.reduce(op, x, Reductions.axesOf(reduced), true);
  }

  /** The COMPLEX128 array re + im j. */
  static NdArray combine(NdArray re, NdArray im) {
    double[] r = re.toDoubleArray();
    double[] i = im.toDoubleArray();
    double[] z = new double[2 * r.length];
    for (int k = 0; k < r.length; k++) {
      z[2 * k] = r[k];
      z[2 * k + 1] = i[k];
    }
    return NdArray.ofComplex(z).reshape(re.dims());
  }

  /** Reduced axes moved last and flattened: one row of inner elements per kept element. */
  private static NdArray rowWise(ReduceOp op, NdArray a, boolean[] reduced) {
    int nd = a.ndim();
    long[] dims = a.dims();
    int[] perm = new int[nd];
    long[] kd = dims.clone();
    long inner = 1;
    int j = 0;
    for (int k = 0; k < nd; k++) {
      if (!reduced[k]) {
        perm[j++] = k;
      }
    }
    for (int k = 0; k < nd; k++) {
      if (reduced[k]) {
        perm[j++] = k;
        inner *= dims[k];
        kd[k] = 1;
      }
    }
    boolean arg = op == ReduceOp.ARGMIN || op == ReduceOp.ARGMAX;
    NdArray result = NdArray.zeros(arg ? DType.INT64 : DType.COMPLEX128, kd);
    long outer = result.size();
    if (outer == 0) {
      return result;
    }
    if (inner == 0 && op != ReduceOp.PROD) {
      throw new IllegalArgumentException("attempt to get " + op.numpyName() + " of an empty sequence (shape "
          + a.shape() + ")");
    }
    double[] rows = (double[]) a.transpose(perm).astype(DType.COMPLEX128).storage();
    int n = (int) inner;
    for (int r = 0; r < outer; r++) {
      int p = 2 * r * n;
      if (arg) {
        ((long[]) result.storage())[r] = argRow(op == ReduceOp.ARGMIN, rows, p, n);
      } else {
        double[] out = (double[]) result.storage();
        foldRow(op, rows, p, n, out, 2 * r);
      }
    }
    return result;
  }

  private static void foldRow(ReduceOp op, double[] v, int p, int n, double[] out, int o) {
    if (op == ReduceOp.PROD) {
      double re = 1;
      double im = 0;
      for (int i = 0; i < n; i++) {
        double xr = v[p + 2 * i];
        double xi = v[p + 2 * i + 1];
        double t = re * xr - im * xi;
        im = re * xi + im * xr;
        re = t;
      }
      out[o] = re;
      out[o + 1] = im;
      return;
    }
    int best = extremeIndex(op == ReduceOp.MIN, v, p, n);
    out[o] = v[p + 2 * best];
    out[o + 1] = v[p + 2 * best + 1];
  }

  private static long argRow(boolean min, double[] v, int p, int n) {
    return extremeIndex(min, v, p, n);
  }

  /** The index of the first extreme of the n complex values from slot p, or of the first NaN. */
  private static int extremeIndex(boolean min, double[] v, int p, int n) {
    int best = 0;
    double br = v[p];
    double bi = v[p + 1];
    if (ComplexKernels.isNan(br, bi)) {
      return 0;
    }
    for (int i = 1; i < n; i++) {
      double xr = v[p + 2 * i];
      double xi = v[p + 2 * i + 1];
      if (ComplexKernels.isNan(xr, xi)) {
        return i;
      }
      if (min ? ComplexKernels.less(xr, xi, br, bi) : ComplexKernels.less(br, bi, xr, xi)) {
        best = i;
        br = xr;
        bi = xi;
      }
    }
    return best;
  }

  /**
   * True when the candidate (xr, xi) at global index ix replaces the best (br, bi) at index ib: a NaN wins over a
   * number, the earlier of two NaN or two equal values wins, otherwise the smaller (min) or larger value.
   */
  static boolean replaces(boolean min, double xr, double xi, long ix, double br, double bi, long ib) {
    boolean nx = ComplexKernels.isNan(xr, xi);
    boolean nb = ComplexKernels.isNan(br, bi);
    if (nx || nb) {
      return nx && (!nb || ix < ib);
    }
    boolean better = min ? ComplexKernels.less(xr, xi, br, bi) : ComplexKernels.less(br, bi, xr, xi);
    return better || (xr == br && xi == bi && ix < ib);
  }


}
