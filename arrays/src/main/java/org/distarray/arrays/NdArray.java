package org.distarray.arrays;

import java.util.List;
import org.ejml.data.DMatrixRMaj;
import org.distarray.arrays.ops.Cast;

/**
 * A local n-dimensional array: one primitive Java array holding the elements, viewed through an offset and
 * per-axis strides (in elements), C order by default.
 *
 * <p>Views ({@link #slice}, {@link #reshape} of a contiguous array, {@link #transpose}, {@link #broadcastTo})
 * share the storage: writing through a view changes the base. Storage per dtype: FLOAT64 {@code double[]},
 * FLOAT32 {@code float[]}, INT64/UINT64 {@code long[]}, INT32/UINT32 {@code int[]}, INT16/UINT16 {@code short[]},
 * INT8/UINT8 {@code byte[]}, BOOL {@code boolean[]} (unsigned elements are the bit patterns), COMPLEX128
 * {@code double[]} and COMPLEX64 {@code float[]} with the real and imaginary parts interleaved (element at position
 * p: parts at {@code 2p} and {@code 2p + 1}; offsets and strides still count elements); one storage array holds at
 * most {@code Integer.MAX_VALUE - 8} slots. Zero-length axes are valid. Elementwise kernels and
 * reductions are in {@link org.distarray.arrays.ops.Ufuncs} and {@link org.distarray.arrays.ops.Reductions}.
 *
 * <p>Example: {@code NdArray.arange(12).reshape(3, 4).slice("1:, ::-1")} is the (2, 4) view
 * {@code [[7, 6, 5, 4], [11, 10, 9, 8]]}.
 */
public final class NdArray {
  private static final int MAX_ELEMENTS = Integer.MAX_VALUE - 8;

  private final DType dtype;
  private final Object data;
  private final long offset;
  private final long[] dims;
  private final long[] strides;

  private NdArray(DType dtype, Object data, long offset, long[] dims, long[] strides) {
    this.dtype = dtype;
    this.data = data;
    this.offset = offset;
    this.dims = dims;
    this.strides = strides;
  }

  // ---- creation ----

  /** A FLOAT64 array over {@code data} (not copied) with this shape; no shape means 1-D of data.length. */
  public static NdArray of(double[] data, long... shape) {
    return wrap(DType.FLOAT64, data, data.length, shape);
  }

  /** An INT64 array over {@code data} (not copied); no shape means 1-D. */
  public static NdArray of(long[] data, long... shape) {
    return wrap(DType.INT64, data, data.length, shape);
  }

  /** A FLOAT32 array over {@code data} (not copied); no shape means 1-D. */
  public static NdArray of(float[] data, long... shape) {
    return wrap(DType.FLOAT32, data, data.length, shape);
  }

  /** An INT32 array over {@code data} (not copied); no shape means 1-D. */
  public static NdArray of(int[] data, long... shape) {
    return wrap(DType.INT32, data, data.length, shape);
  }

  /** A BOOL array over {@code data} (not copied); no shape means 1-D. */
  public static NdArray of(boolean[] data, long... shape) {
    return wrap(DType.BOOL, data, data.length, shape);
  }

  /**
   * An INT8 (or, when {@code unsigned}, UINT8) array over {@code data} (not copied); no shape means 1-D. Unsigned
   * elements are the bytes' bit patterns: {@code (byte) 200} is 200.
   */
  public static NdArray of(byte[] data, boolean unsigned, long... shape) {
    return wrap(unsigned ? DType.UINT8 : DType.INT8, data, data.length, shape);
  }

  /** An INT16 (or, when {@code unsigned}, UINT16) array over {@code data} (not copied); no shape means 1-D. */
  public static NdArray of(short[] data, boolean unsigned, long... shape) {
    return wrap(unsigned ? DType.UINT16 : DType.INT16, data, data.length, shape);
  }

  /**
   * A COMPLEX128 array over {@code interleavedReIm} (not copied): element i is {@code interleavedReIm[2i] +
   * interleavedReIm[2i + 1] j}. No shape means 1-D of half the data's length.
   *
   * @throws ShapeMismatchException when the data's length is odd or not twice the shape's size
   */
  public static NdArray ofComplex(double[] interleavedReIm, long... shape) {
    if (interleavedReIm.length % 2 != 0) {
      throw new ShapeMismatchException("complex data needs an even number of doubles (real, imaginary pairs), got "
          + interleavedReIm.length);
    }
    return wrap(DType.COMPLEX128, interleavedReIm, interleavedReIm.length / 2, shape);
  }

  /** A COMPLEX64 array over {@code interleavedReIm} (not copied), as {@link #ofComplex(double[], long...)}. */
  public static NdArray ofComplex(float[] interleavedReIm, long... shape) {
    if (interleavedReIm.length % 2 != 0) {
      throw new ShapeMismatchException("complex data needs an even number of floats (real, imaginary pairs), got "
          + interleavedReIm.length);
    }
    return wrap(DType.COMPLEX64, interleavedReIm, interleavedReIm.length / 2, shape);
  }

  private static NdArray wrap(DType dtype, Object data, int length, long[] shape) {
    long[] dims = shape.length == 0 ? new long[] {length} : shape.clone();
    long size = Shape.of(dims).size();
    if (size != length) {
      throw new ShapeMismatchException("cannot reshape array of size " + length + " into shape " + Shape.format(dims));
    }
    return new NdArray(dtype, data, 0, dims, contiguousStrides(dims));
  }

  /** A new C-order array of zeros (false for BOOL). */
  public static NdArray zeros(DType dtype, long... shape) {
    long[] dims = shape.clone();
    long size = Shape.of(dims).size();
    long most = dtype.isComplex() ? MAX_ELEMENTS / 2 : MAX_ELEMENTS;
    if (size > most) {
      throw new IllegalArgumentException("shape " + Shape.format(dims) + " has " + size
          + " elements, more than one local " + dtype + " array holds (" + most + ")");
    }
    return new NdArray(dtype, allocate(dtype, (int) size), 0, dims, contiguousStrides(dims));
  }

  /** A new C-order array whose elements are all {@code value}, cast to dtype as {@link #astype} casts. */
  public static NdArray full(DType dtype, double value, long... shape) {
    NdArray a = zeros(dtype, shape);
    a.fill(value);
    return a;
  }

  /** A new C-order array of ones (true for BOOL). */
  public static NdArray ones(DType dtype, long... shape) {
    return full(dtype, 1.0, shape);
  }

  /** The INT64 array {@code [0, 1, ..., n-1]}. */
  public static NdArray arange(long n) {
    NdArray a = zeros(DType.INT64, n);
    long[] v = (long[]) a.data;
    for (int i = 0; i < v.length; i++) {
      v[i] = i;
    }
    return a;
  }

  /** A 0-d array holding one value of this dtype. */
  public static NdArray scalar(DType dtype, double value) {
    return full(dtype, value);
  }

  /**
   * An array over existing storage with explicit offset and strides (in elements), for code that shares blocks.
   *
   * @param storage a {@code double[]}, {@code float[]}, {@code long[]}, {@code int[]} or {@code boolean[]}
   *     matching dtype. Not copied.
   * @throws IllegalArgumentException when the storage type does not match or a position falls outside it
   */
  public static NdArray view(DType dtype, Object storage, long offset, long[] shape, long[] strides) {
    if (storage.getClass() != allocate(dtype, 0).getClass()) {
      throw new DTypeException("storage " + storage.getClass().getSimpleName() + " does not hold " + dtype);
    }
    if (shape.length != strides.length) {
      throw new IllegalArgumentException("shape " + Shape.format(shape) + " and strides " + Shape.format(strides)
          + " differ in length");
    }
    long lo = offset;
    long hi = offset;
    boolean empty = false;
    for (int k = 0; k < shape.length; k++) {
      if (shape[k] == 0) {
        empty = true;
      }
      long span = (shape[k] - 1) * strides[k];
      lo += Math.min(0, span);
      hi += Math.max(0, span);
    }
    long length = elementsIn(dtype, storage);
    if (!empty && (lo < 0 || hi >= length)) {
      throw new IllegalArgumentException("view offset " + offset + ", shape " + Shape.format(shape) + ", strides "
          + Shape.format(strides) + " reaches outside storage of length " + length);
    }
    return new NdArray(dtype, storage, offset, shape.clone(), strides.clone());
  }

  /** How many elements of dtype a storage array holds (half its length for the complex dtypes). */
  public static long elementsIn(DType dtype, Object storage) {
    int length = java.lang.reflect.Array.getLength(storage);
    return dtype.isComplex() ? length / 2 : length;
  }

  /** New storage for n elements of dtype (2n slots for the complex dtypes). */
  public static Object allocate(DType dtype, int n) {
    return switch (dtype) {
      case FLOAT64 -> new double[n];
      case FLOAT32 -> new float[n];
      case COMPLEX128 -> new double[Math.multiplyExact(2, n)];
      case COMPLEX64 -> new float[Math.multiplyExact(2, n)];
      case INT64, UINT64 -> new long[n];
      case INT32, UINT32 -> new int[n];
      case INT16, UINT16 -> new short[n];
      case INT8, UINT8 -> new byte[n];
      case BOOL -> new boolean[n];
    };
  }

  /** The strides (in elements) of a C-order array of these axis lengths. */
  public static long[] contiguousStrides(long[] dims) {
    long[] s = new long[dims.length];
    long step = 1;
    for (int k = dims.length - 1; k >= 0; k--) {
      s[k] = step;
      step *= Math.max(1, dims[k]);
    }
    return s;
  }

  // ---- description ----

  public DType dtype() {
    return dtype;
  }

  public Shape shape() {
    return Shape.of(dims);
  }

  /** A copy of the axis lengths. */
  public long[] dims() {
    return dims.clone();
  }

  public int ndim() {
    return dims.length;
  }

  public long size() {
    long n = 1;
    for (long d : dims) {
      n *= d;
    }
    return n;
  }

  /** The underlying primitive array (shared, not copied); read it with {@link #offset()} and {@link #strides()}. */
  public Object storage() {
    return data;
  }

  /** Position of element (0, ..., 0) in {@link #storage()}. */
  public long offset() {
    return offset;
  }

  /** The stride of one axis, in elements (0 on a broadcast axis, negative on a reversed one). */
  public long stride(int axis) {
    return strides[axis];
  }

  /** A copy of the per-axis strides, in elements (0 on broadcast axes, negative on reversed ones). */
  public long[] strides() {
    return strides.clone();
  }

  /**
   * False when this array and other certainly have no element in common; true when they might. NumPy's
   * {@code may_share_memory} with one more cheap test, so that it is false more often.
   *
   * <p>Conservative, O(ndim): arrays over different storage never share; over the same storage they might when
   * neither is empty, their ranges of storage positions overlap, and the distance between their offsets is a
   * multiple of the greatest common divisor of their strides. {@code x[::2]} and {@code x[1::2]} of one storage
   * give false (NumPy's bounds-only test says true); {@code x[1:]} and {@code x[:-1]} give true.
   */
  public boolean mayShareMemory(NdArray other) {
    if (data != other.data || size() == 0 || other.size() == 0) {
      return false;
    }
    if (minPosition() > other.maxPosition() || other.minPosition() > maxPosition()) {
      return false;
    }
    long g = other.strideGcd(strideGcd(0));
    return g == 0 ? offset == other.offset : (offset - other.offset) % g == 0;
  }

  private long minPosition() {
    long p = offset;
    for (int k = 0; k < dims.length; k++) {
      p += Math.min(0, (dims[k] - 1) * strides[k]);
    }
    return p;
  }

  private long maxPosition() {
    long p = offset;
    for (int k = 0; k < dims.length; k++) {
      p += Math.max(0, (dims[k] - 1) * strides[k]);
    }
    return p;
  }

  /** The greatest common divisor of g and the strides of the axes longer than 1 (0 when there are none). */
  private long strideGcd(long g) {
    for (int k = 0; k < dims.length; k++) {
      if (dims[k] > 1) {
        long s = Math.abs(strides[k]);
        for (long t = g; t != 0; ) {
          long r = s % t;
          s = t;
          t = r;
        }
        g = s;
      }
    }
    return g;
  }

  /** True when the elements lie in C order, one after another, in the storage (size-1 axes ignored). */
  public boolean isContiguous() {
    long step = 1;
    for (int k = dims.length - 1; k >= 0; k--) {
      if (dims[k] == 0) {
        return true;
      }
      if (dims[k] != 1) {
        if (strides[k] != step) {
          return false;
        }
        step *= dims[k];
      }
    }
    return true;
  }

  // ---- single elements ----

  /** Storage position of an element; negative indices count from the end. */
  public long position(long... index) {
    if (index.length != dims.length) {
      throw new IndexOutOfRangeException("index of length " + index.length + " for array of dimension "
          + dims.length + " with shape " + Shape.format(dims));
    }
    long p = offset;
    for (int k = 0; k < dims.length; k++) {
      long i = index[k] < 0 ? index[k] + dims[k] : index[k];
      if (i < 0 || i >= dims[k]) {
        throw new IndexOutOfRangeException("index " + index[k] + " is out of bounds for axis " + k + " with size "
            + dims[k]);
      }
      p += i * strides[k];
    }
    return p;
  }

  /**
   * The element at index, converted to double.
   *
   * @throws DTypeException for a complex array, whose elements are read with {@link #getReal} and {@link #getImag}
   */
  public double getDouble(long... index) {
    if (dtype.isComplex()) {
      throw new DTypeException("getDouble of a " + dtype + " element would drop its imaginary part: use getReal and "
          + "getImag");
    }
    return Cast.readDouble(dtype, data, (int) position(index));
  }

  /** The element at index as a new 0-d array of this dtype: every dtype exactly (int64 and complex included). */
  public NdArray elementAt(long... index) {
    return new NdArray(dtype, data, position(index), new long[0], new long[0]).copy();
  }

  /** The real part of the element at index, converted to double (the element itself for a real dtype). */
  public double getReal(long... index) {
    return Cast.readDouble(dtype, data, (int) position(index));
  }

  /** The imaginary part of the element at index as a double (0 for a real dtype). */
  public double getImag(long... index) {
    return Cast.readImag(dtype, data, (int) position(index));
  }

  /** Writes the complex value re + im j at index (a real dtype takes re, as NumPy's astype drops the imaginary part). */
  public void setComplex(double re, double im, long... index) {
    Cast.writeComplex(dtype, data, (int) position(index), re, im);
  }

  /** The element at index, converted to long (floats truncate toward zero). */
  public long getLong(long... index) {
    return Cast.readLong(dtype, data, (int) position(index));
  }

  /** The element at index as a boolean (non-zero is true). */
  public boolean getBoolean(long... index) {
    return Cast.readBoolean(dtype, data, (int) position(index));
  }

  /** Writes value, cast to this array's dtype as {@link #astype} casts, at index. */
  public void set(double value, long... index) {
    Cast.writeDouble(dtype, data, (int) position(index), value);
  }

  /** Writes an integer value exactly (no detour through double) at index. */
  public void setLong(long value, long... index) {
    Cast.writeLong(dtype, data, (int) position(index), value);
  }

  /** Writes a boolean (1 or 0 for numeric dtypes) at index. */
  public void setBoolean(boolean value, long... index) {
    Cast.writeLong(dtype, data, (int) position(index), value ? 1 : 0);
  }

  /** Writes value, cast to this dtype, into every element of this array or view. */
  public void fill(double value) {
    Cast.fill(this, value);
  }

  // ---- copies ----

  /** A C-order copy of the elements as doubles. */
  public double[] toDoubleArray() {
    return (double[]) astypeCopy(DType.FLOAT64).data;
  }

  /**
   * EJML's matrix over this array's own storage (no copy; writes show through both ways), for a 2-D FLOAT64 array
   * whose rows are contiguous from storage element 0: how a task hands its block to any EJML routine.
   *
   * @throws IllegalStateException saying why otherwise (another dtype, not 2-D, or a view that starts later or has
   *     gaps): {@link #toMatrix()} copies any array
   */
  public DMatrixRMaj asMatrix() {
    if (dtype != DType.FLOAT64 || dims.length != 2) {
      throw new IllegalStateException("asMatrix needs a 2-D FLOAT64 array, this one is " + dtype + " of shape "
          + shape() + "; toMatrix() copies any 2-D array");
    }
    if (offset != 0 || !isContiguous()) {
      throw new IllegalStateException("asMatrix shares storage only when the rows are contiguous from storage element"
          + " 0; this view starts at element " + offset + " with strides " + java.util.Arrays.toString(strides)
          + "; toMatrix() copies it");
    }
    return DMatrixRMaj.wrap((int) dims[0], (int) dims[1], (double[]) data);
  }

  /**
   * A copy as an EJML matrix (values converted to float64).
   *
   * @throws IllegalStateException for an array that is not 2-D or is complex, naming its shape and dtype
   */
  public DMatrixRMaj toMatrix() {
    if (dims.length != 2 || dtype.isComplex()) {
      throw new IllegalStateException("toMatrix needs a 2-D array of a real dtype, this one is " + dtype
          + " of shape " + shape());
    }
    return DMatrixRMaj.wrap((int) dims[0], (int) dims[1], toDoubleArray());
  }

  /** A C-order copy of the elements as longs (floats truncate toward zero). */
  public long[] toLongArray() {
    return (long[]) astypeCopy(DType.INT64).data;
  }

  /** A C-order copy of the elements as floats. */
  public float[] toFloatArray() {
    return (float[]) astypeCopy(DType.FLOAT32).data;
  }

  /** A C-order copy of the elements as ints (wrapping like NumPy's int64 to int32 cast). */
  public int[] toIntArray() {
    return (int[]) astypeCopy(DType.INT32).data;
  }

  /** A C-order copy of the elements as booleans (non-zero is true). */
  public boolean[] toBooleanArray() {
    return (boolean[]) astypeCopy(DType.BOOL).data;
  }

  /** A new C-contiguous array with the same dtype and values. */
  public NdArray copy() {
    return astypeCopy(dtype);
  }

  /**
   * The values converted to another dtype, always a new array (NumPy's {@code astype} with copy=True).
   *
   * <p>Float to integer truncates toward zero and saturates at the integer's range (NaN gives 0: NumPy leaves
   * that case undefined); integer narrowing wraps; non-zero is true.
   */
  public NdArray astype(DType target) {
    return astypeCopy(target);
  }

  private NdArray astypeCopy(DType target) {
    NdArray out = zeros(target, dims);
    Cast.copy(this, out);
    return out;
  }

  /**
   * Copies src (broadcast to this shape, cast to this dtype) into this array or view, as NumPy's {@code a[...] = src}:
   * when src is a view of the same storage, the result is as if src had been copied first.
   */
  public void copyFrom(NdArray src) {
    Cast.copy(src.broadcastTo(shape()), this);
  }

  // ---- views ----

  /**
   * A view selected by NumPy basic-indexing text, for example {@code "1:3, ::-1"} or {@code "..., 0"}.
   *
   * @throws IndexSyntaxException or IndexOutOfRangeException with the text, as {@link BasicIndex#parse}
   */
  public NdArray slice(String index) {
    return view(BasicIndex.parse(index, dims));
  }

  /** The view selecting these per-axis ranges (one per axis; dropped axes disappear). */
  public NdArray view(List<AxisRange> ranges) {
    if (ranges.size() != dims.length) {
      throw new IndexOutOfRangeException(ranges.size() + " axis ranges for array of dimension " + dims.length);
    }
    int kept = 0;
    for (AxisRange r : ranges) {
      kept += r.dropped() ? 0 : 1;
    }
    long[] nd = new long[kept];
    long[] ns = new long[kept];
    long off = offset;
    int j = 0;
    for (int k = 0; k < dims.length; k++) {
      AxisRange r = ranges.get(k);
      if (r.count() > 0 && (r.start() < 0 || r.position(r.count() - 1) < 0 || r.start() >= dims[k]
          || r.position(r.count() - 1) >= dims[k])) {
        throw new IndexOutOfRangeException("range " + r + " is out of bounds for axis " + k + " with size " + dims[k]);
      }
      if (r.count() > 0) {
        off += r.start() * strides[k];
      }
      if (!r.dropped()) {
        nd[j] = r.count();
        ns[j] = strides[k] * r.step();
        j++;
      }
    }
    return new NdArray(dtype, data, off, nd, ns);
  }

  /**
   * The same elements in a new shape, C order; one dimension may be -1. A view when this array is contiguous,
   * else a copy.
   *
   * @throws ShapeMismatchException when the sizes differ, naming both shapes
   */
  public NdArray reshape(long... shape) {
    long[] target = Shape.reshaped(size(), shape);
    NdArray base = isContiguous() ? this : copy();
    return new NdArray(dtype, base.data, base.offset, target, contiguousStrides(target));
  }

  /** The view with axes permuted: axis k of the result is axis {@code axes[k]} of this; no axes reverses them. */
  public NdArray transpose(int... axes) {
    int n = dims.length;
    int[] perm = axes;
    if (axes.length == 0) {
      perm = new int[n];
      for (int k = 0; k < n; k++) {
        perm[k] = n - 1 - k;
      }
    }
    if (perm.length != n) {
      throw new IllegalArgumentException("axes don't match array: " + perm.length + " axes for dimension " + n);
    }
    boolean[] seen = new boolean[n];
    long[] nd = new long[n];
    long[] ns = new long[n];
    for (int k = 0; k < n; k++) {
      int a = Shape.normalizeAxis(perm[k], n);
      if (seen[a]) {
        throw new IllegalArgumentException("repeated axis " + perm[k] + " in transpose");
      }
      seen[a] = true;
      nd[k] = dims[a];
      ns[k] = strides[a];
    }
    return new NdArray(dtype, data, offset, nd, ns);
  }

  /**
   * A read-only-in-spirit view of this array broadcast to a shape by NumPy's rules (stride 0 on new or
   * stretched axes); writing to it writes the shared element.
   *
   * @throws ShapeMismatchException "cannot broadcast shape (3,) to (2, 4)"
   */
  public NdArray broadcastTo(Shape shape) {
    long[] target = shape.dims();
    if (java.util.Arrays.equals(target, dims)) {
      return this;
    }
    int n = target.length;
    if (dims.length > n) {
      throw new ShapeMismatchException("cannot broadcast shape " + Shape.format(dims) + " to " + shape);
    }
    long[] ns = new long[n];
    for (int k = 0; k < n; k++) {
      int src = k - (n - dims.length);
      if (src < 0) {
        ns[k] = 0;
      } else if (dims[src] == target[k]) {
        ns[k] = strides[src];
      } else if (dims[src] == 1) {
        ns[k] = 0;
      } else {
        throw new ShapeMismatchException("cannot broadcast shape " + Shape.format(dims) + " to " + shape);
      }
    }
    return new NdArray(dtype, data, offset, target, ns);
  }

  /**
   * The shape NumPy's broadcasting gives two shapes.
   *
   * @throws ShapeMismatchException "cannot broadcast shapes (3, 4) and (5,)"
   */
  public static Shape broadcastShapes(Shape a, Shape b) {
    long[] x = a.dims();
    long[] y = b.dims();
    int n = Math.max(x.length, y.length);
    long[] r = new long[n];
    for (int k = 0; k < n; k++) {
      long dx = k - (n - x.length) >= 0 ? x[k - (n - x.length)] : 1;
      long dy = k - (n - y.length) >= 0 ? y[k - (n - y.length)] : 1;
      if (dx == dy || dy == 1) {
        r[k] = dx;
      } else if (dx == 1) {
        r[k] = dy;
      } else {
        throw new ShapeMismatchException("cannot broadcast shapes " + a + " and " + b);
      }
    }
    return Shape.of(r);
  }

  @Override
  public String toString() {
    return ArrayFormat.format(this);
  }
}
