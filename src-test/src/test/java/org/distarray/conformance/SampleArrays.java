package org.distarray.conformance;

import java.util.Random;
import java.util.function.Consumer;
import org.distarray.arrays.DType;
import org.distarray.arrays.NdArray;
import org.distarray.arrays.Shape;
import org.distarray.arrays.task.IndexFunction;

/** Seeded local input arrays for the conformance tests, and local tabulation of index functions. */
final class SampleArrays {
  private SampleArrays() {}

  /**
   * A seeded array of small values that exercise signs, zeros and rounding.
   *
   * <p>Floats: multiples of 0.25 in [-3, 3] (sums and products stay exact), with a NaN at flat index 1 when
   * {@code withNan}. Integers: [-4, 4] when {@code signed}, else [0, 4] (integer powers need non-negative
   * exponents); unsigned ones hold the top three values of their range instead of negatives. Bools: about two
   * thirds true. Complex: both parts like floats (a NaN real part at flat index 1 when {@code withNan}).
   */
  static NdArray values(DType dtype, Shape shape, long seed, boolean signed, boolean withNan) {
    Random random = new Random(seed);
    double[] v = new double[Math.toIntExact(shape.size())];
    for (int i = 0; i < v.length; i++) {
      v[i] = switch (dtype) {
        case FLOAT64, FLOAT32, COMPLEX128, COMPLEX64 -> (signed ? random.nextInt(25) - 12 : random.nextInt(13)) / 4.0;
        case INT64, INT32, INT16, INT8 -> signed ? random.nextInt(9) - 4 : random.nextInt(5);
        // unsigned: small values and, when signed, ones near the top of the range that wrap like NumPy's
        case UINT64, UINT32, UINT16, UINT8 -> signed && random.nextInt(4) == 0 ? -1 - random.nextInt(3)
            : random.nextInt(5);
        case BOOL -> random.nextInt(3) - 1;
      };
    }
    if (withNan && dtype.isInexact() && v.length > 1) {
      v[1] = Double.NaN;
    }
    if (dtype.isComplex()) { // the imaginary parts: multiples of 0.25 in [-3, 3] too
      double[] z = new double[2 * v.length];
      for (int i = 0; i < v.length; i++) {
        z[2 * i] = v[i];
        z[2 * i + 1] = (random.nextInt(25) - 12) / 4.0;
      }
      return NdArray.ofComplex(z, shape.dims()).astype(dtype);
    }
    NdArray a = NdArray.of(v, shape.dims());
    // through int64, so that -1 becomes the all-ones bit pattern of an unsigned dtype
    return dtype == DType.FLOAT64 ? a : dtype.isUnsigned() ? a.astype(DType.INT64).astype(dtype) : a.astype(dtype);
  }

  /** The first operand of the ufunc checks: signed, with a NaN for floats. */
  static NdArray first(DType dtype, Shape shape, long seed) {
    return values(dtype, shape, seed, true, true);
  }

  /** The second operand of the ufunc checks: signed floats without NaN, non-negative integers. */
  static NdArray second(DType dtype, Shape shape, long seed) {
    return values(dtype, shape, seed, dtype.isFloating(), false);
  }

  /** An index text selecting part (an index or a slice) along axis and everything along the other axes. */
  static String along(int ndim, int axis, String part) {
    String[] p = new String[ndim];
    java.util.Arrays.fill(p, ":");
    p[axis] = part;
    return String.join(", ", p);
  }

  /** f at every index of shape, as FLOAT64, computed locally. */
  static NdArray tabulate(Shape shape, IndexFunction f) {
    NdArray out = NdArray.zeros(DType.FLOAT64, shape.dims());
    forEachIndex(shape, index -> out.set(f.apply(index.clone()), index));
    return out;
  }

  /** Calls action with every index of shape in C order; the array passed is reused between calls. */
  static void forEachIndex(Shape shape, Consumer<long[]> action) {
    long[] dims = shape.dims();
    if (shape.size() == 0) {
      return;
    }
    long[] index = new long[dims.length];
    for (long n = 0; n < shape.size(); n++) {
      action.accept(index);
      for (int k = dims.length - 1; k >= 0; k--) {
        if (++index[k] < dims[k]) {
          break;
        }
        index[k] = 0;
      }
    }
  }
}
