package org.distarray.arrays.ops;

import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.openblas.global.openblas_full;
import org.distarray.arrays.DType;
import org.distarray.arrays.NdArray;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_MT_DDRM;

/**
 * Matrix products of local blocks, {@code c (+)= a b} for 2-D arrays: float64, float32, complex128 and complex64
 * through OpenBLAS's dgemm, sgemm, zgemm and cgemm (the native library that ships in the
 * {@code org.bytedeco:openblas} jar; one product at a time per JVM, on all its cores), or through EJML's float64
 * kernels when that library does not load ({@link #implementation()} says which; complex products are four real
 * ones there); integers with NumPy's wrapping arithmetic and bool with NumPy's or-of-ands as plain loops in i-k-j
 * order.
 */
public final class MatrixProducts {
  private MatrixProducts() {}

  private static final String NATIVE = "OpenBLAS";
  /**
   * Each thread's native copies of its operands: OpenBLAS reads and writes native memory at full speed (a Java array
   * passed to the native call is copied in and back out again, operands included), and these copies are made once
   * each, one way, while another engine's product may run.
   */
  private static final ThreadLocal<NativeBuffers> NATIVE_BUFFERS = ThreadLocal.withInitial(NativeBuffers::new);
  /**
   * Products run one at a time in a JVM, each on all its cores (OpenBLAS's threads, or EJML's): the engines of a node
   * take turns instead of sharing the cores among several products, which runs at about the speed of one product on
   * the whole machine.
   */
  private static final Object NATIVE_PRODUCT = new Object();
  private static final String IMPLEMENTATION = load();

  private static String load() {
    if ("ejml".equals(System.getProperty("distarray.matrix-products"))) {
      return "EJML (pure Java; chosen by -Ddistarray.matrix-products=ejml)";
    }
    try {
      Class.forName("org.bytedeco.openblas.global.openblas_full");
      openblas_full.openblas_set_num_threads(Runtime.getRuntime().availableProcessors());
      return openblas_full.openblas_get_config().getString().trim();
    } catch (Throwable e) { // UnsatisfiedLinkError, NoClassDefFoundError: the pure-Java kernels run instead
      return "EJML (pure Java; OpenBLAS did not load: " + e + ")";
    }
  }

  /**
   * Which library multiplies float matrices: OpenBLAS and its configuration, or EJML and why (the system property
   * {@code distarray.matrix-products=ejml} chooses EJML).
   */
  public static String implementation() {
    return IMPLEMENTATION;
  }

  private static boolean nativeBlas() {
    return IMPLEMENTATION.startsWith(NATIVE);
  }

  /**
   * out = a b (or out += a b when accumulate) for 2-D a (m, k), b (k, n) and out (m, n) of the product's dtype;
   * operands of other dtypes are converted to it first.
   */
  public static void multiply(NdArray a, NdArray b, NdArray out, boolean accumulate) {
    DType t = out.dtype();
    int m = (int) a.dims()[0];
    int k = (int) a.dims()[1];
    int n = (int) b.dims()[1];
    NdArray x = contiguous(a, t);
    NdArray y = contiguous(b, t);
    NdArray c = out.isContiguous() && out.offset() == 0 ? out : NdArray.zeros(t, m, n);
    if (accumulate && c != out) {
      c.copyFrom(out);
    }
    Object xs = x.storage();
    Object ys = y.storage();
    Object cs = c.storage();
    switch (t) {
      case FLOAT64 -> dgemm(m, n, k, (double[]) xs, (double[]) ys, (double[]) cs, accumulate);
      case FLOAT32 -> sgemm(m, n, k, (float[]) xs, (float[]) ys, (float[]) cs, accumulate);
      case COMPLEX128 -> zgemm(m, n, k, (double[]) xs, (double[]) ys, (double[]) cs, accumulate);
      case COMPLEX64 -> cgemm(m, n, k, (float[]) xs, (float[]) ys, (float[]) cs, accumulate);
      case BOOL -> bools(m, n, k, (boolean[]) xs, (boolean[]) ys, (boolean[]) cs, accumulate);
      default -> integers(m, n, k, x, y, c, accumulate);
    }
    if (c != out) {
      out.copyFrom(c);
    }
  }

  /** a as a C-contiguous array of dtype t from storage element 0 (a itself when it is one). */
  private static NdArray contiguous(NdArray a, DType t) {
    if (a.dtype() == t && a.isContiguous() && a.offset() == 0) {
      return a;
    }
    NdArray c = NdArray.zeros(t, a.dims());
    c.copyFrom(a.dtype() == t ? a : a.astype(t));
    return c;
  }

  private static void dgemm(int m, int n, int k, double[] a, double[] b, double[] c, boolean accumulate) {
    if (m == 0 || n == 0) {
      return;
    }
    if (k == 0) {
      if (!accumulate) {
        java.util.Arrays.fill(c, 0, m * n, 0.0);
      }
      return;
    }
    if (nativeBlas()) {
      NativeBuffers buffers = NATIVE_BUFFERS.get();
      DoublePointer pa = buffers.doubles(0, (long) m * k).put(a, 0, m * k);
      DoublePointer pb = buffers.doubles(1, (long) k * n).put(b, 0, k * n);
      DoublePointer pc = buffers.doubles(2, (long) m * n);
      if (accumulate) {
        pc.put(c, 0, m * n);
      }
      synchronized (NATIVE_PRODUCT) {
        openblas_full.cblas_dgemm(openblas_full.CblasRowMajor, openblas_full.CblasNoTrans,
            openblas_full.CblasNoTrans, m, n, k, 1.0, pa, k, pb, n, accumulate ? 1.0 : 0.0, pc, n);
      }
      pc.get(c, 0, m * n);
      buffers.trim();
      return;
    }
    DMatrixRMaj ma = DMatrixRMaj.wrap(m, k, a);
    DMatrixRMaj mb = DMatrixRMaj.wrap(k, n, b);
    DMatrixRMaj mc = DMatrixRMaj.wrap(m, n, c);
    synchronized (NATIVE_PRODUCT) { // EJML's threaded kernel, one product at a time, as the native ones
      if (accumulate) {
        CommonOps_MT_DDRM.multAdd(ma, mb, mc);
      } else {
        CommonOps_MT_DDRM.mult(ma, mb, mc);
      }
    }
  }

  private static void sgemm(int m, int n, int k, float[] a, float[] b, float[] c, boolean accumulate) {
    if (m == 0 || n == 0) {
      return;
    }
    if (k == 0) {
      if (!accumulate) {
        java.util.Arrays.fill(c, 0, m * n, 0.0f);
      }
      return;
    }
    if (nativeBlas()) {
      NativeBuffers buffers = NATIVE_BUFFERS.get();
      FloatPointer pa = buffers.floats(0, (long) m * k).put(a, 0, m * k);
      FloatPointer pb = buffers.floats(1, (long) k * n).put(b, 0, k * n);
      FloatPointer pc = buffers.floats(2, (long) m * n);
      if (accumulate) {
        pc.put(c, 0, m * n);
      }
      synchronized (NATIVE_PRODUCT) {
        openblas_full.cblas_sgemm(openblas_full.CblasRowMajor, openblas_full.CblasNoTrans,
            openblas_full.CblasNoTrans, m, n, k, 1.0f, pa, k, pb, n, accumulate ? 1.0f : 0.0f, pc, n);
      }
      pc.get(c, 0, m * n);
      buffers.trim();
      return;
    }
    double[] wide = new double[m * n]; // EJML's float32 kernels are a module of their own: float64, then rounded
    if (accumulate) {
      for (int i = 0; i < m * n; i++) {
        wide[i] = c[i];
      }
    }
    dgemm(m, n, k, widen(a, m * k), widen(b, k * n), wide, accumulate);
    for (int i = 0; i < m * n; i++) {
      c[i] = (float) wide[i];
    }
  }

  private static void zgemm(int m, int n, int k, double[] a, double[] b, double[] c, boolean accumulate) {
    if (m == 0 || n == 0) {
      return;
    }
    if (k == 0 || !nativeBlas()) {
      complexByParts(m, n, k, a, b, c, accumulate);
      return;
    }
    NativeBuffers buffers = NATIVE_BUFFERS.get();
    DoublePointer pa = buffers.doubles(0, 2L * m * k).put(a, 0, 2 * m * k);
    DoublePointer pb = buffers.doubles(1, 2L * k * n).put(b, 0, 2 * k * n);
    DoublePointer pc = buffers.doubles(2, 2L * m * n);
    if (accumulate) {
      pc.put(c, 0, 2 * m * n);
    }
    try (DoublePointer one = new DoublePointer(1.0, 0.0); DoublePointer beta = new DoublePointer(accumulate ? 1.0 : 0.0,
        0.0)) {
      synchronized (NATIVE_PRODUCT) {
        openblas_full.cblas_zgemm(openblas_full.CblasRowMajor, openblas_full.CblasNoTrans,
            openblas_full.CblasNoTrans, m, n, k, one, pa, k, pb, n, beta, pc, n);
      }
    }
    pc.get(c, 0, 2 * m * n);
    buffers.trim();
  }

  private static void cgemm(int m, int n, int k, float[] a, float[] b, float[] c, boolean accumulate) {
    if (m == 0 || n == 0) {
      return;
    }
    if (k == 0 || !nativeBlas()) { // in float64, then rounded, as sgemm's pure-Java path
      double[] wide = widen(c, 2 * m * n);
      complexByParts(m, n, k, widen(a, 2 * m * k), widen(b, 2 * k * n), wide, accumulate);
      for (int i = 0; i < 2 * m * n; i++) {
        c[i] = (float) wide[i];
      }
      return;
    }
    NativeBuffers buffers = NATIVE_BUFFERS.get();
    FloatPointer pa = buffers.floats(0, 2L * m * k).put(a, 0, 2 * m * k);
    FloatPointer pb = buffers.floats(1, 2L * k * n).put(b, 0, 2 * k * n);
    FloatPointer pc = buffers.floats(2, 2L * m * n);
    if (accumulate) {
      pc.put(c, 0, 2 * m * n);
    }
    try (FloatPointer one = new FloatPointer(1.0f, 0.0f); FloatPointer beta = new FloatPointer(accumulate ? 1.0f : 0.0f,
        0.0f)) {
      synchronized (NATIVE_PRODUCT) {
        openblas_full.cblas_cgemm(openblas_full.CblasRowMajor, openblas_full.CblasNoTrans,
            openblas_full.CblasNoTrans, m, n, k, one, pa, k, pb, n, beta, pc, n);
      }
    }
    pc.get(c, 0, 2 * m * n);
    buffers.trim();
  }

  /**
   * c (+)= a b for interleaved complex128 operands through four real products (EJML's threaded kernel when OpenBLAS
   * did not load): {@code re = ar br - ai bi}, {@code im = ar bi + ai br}.
   */
  private static void complexByParts(int m, int n, int k, double[] a, double[] b, double[] c, boolean accumulate) {
    double[] ar = part(a, m * k, 0);
    double[] ai = part(a, m * k, 1);
    double[] br = part(b, k * n, 0);
    double[] bi = part(b, k * n, 1);
    double[] re = new double[m * n];
    double[] im = new double[m * n];
    double[] t = new double[m * n];
    dgemm(m, n, k, ar, br, re, false);
    dgemm(m, n, k, ai, bi, t, false);
    dgemm(m, n, k, ar, bi, im, false);
    dgemm(m, n, k, ai, br, im, true);
    for (int i = 0; i < m * n; i++) {
      c[2 * i] = (accumulate ? c[2 * i] : 0.0) + (re[i] - t[i]);
      c[2 * i + 1] = (accumulate ? c[2 * i + 1] : 0.0) + im[i];
    }
  }

  /** The real (which 0) or imaginary (1) parts of the first n interleaved complex values. */
  private static double[] part(double[] v, int n, int which) {
    double[] p = new double[n];
    for (int i = 0; i < n; i++) {
      p[i] = v[2 * i + which];
    }
    return p;
  }

  private static double[] widen(float[] v, int n) {
    double[] w = new double[n];
    for (int i = 0; i < n; i++) {
      w[i] = v[i];
    }
    return w;
  }

  private static void bools(int m, int n, int k, boolean[] a, boolean[] b, boolean[] c, boolean accumulate) {
    for (int i = 0; i < m; i++) {
      if (!accumulate) {
        java.util.Arrays.fill(c, i * n, i * n + n, false);
      }
      for (int p = 0; p < k; p++) {
        if (a[i * k + p]) {
          for (int j = 0; j < n; j++) {
            c[i * n + j] |= b[p * n + j];
          }
        }
      }
    }
  }

  /** Integer products in int64 with wrapping, cast to the product's dtype (NumPy's wrapping results). */
  private static void integers(int m, int n, int k, NdArray a, NdArray b, NdArray c, boolean accumulate) {
    long[] x = a.toLongArray();
    long[] y = b.toLongArray();
    long[] z = accumulate ? c.toLongArray() : new long[m * n];
    for (int i = 0; i < m; i++) {
      for (int p = 0; p < k; p++) {
        long v = x[i * k + p];
        if (v != 0) {
          for (int j = 0; j < n; j++) {
            z[i * n + j] += v * y[p * n + j];
          }
        }
      }
    }
    c.copyFrom(NdArray.of(z, m, n).astype(c.dtype()));
  }
}
