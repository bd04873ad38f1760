package org.distarray.arrays.ops;

import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Semaphore;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.openblas.global.openblas_full;
import org.distarray.arrays.DType;
import org.distarray.arrays.NdArray;
import org.ejml.EjmlParameters;
import org.ejml.data.DMatrixRBlock;
import org.ejml.data.DMatrixRMaj;
import org.ejml.data.DSubmatrixD1;
import org.ejml.dense.block.MatrixMult_MT_DDRB;
import org.ejml.dense.block.MatrixOps_DDRB;
import org.ejml.dense.block.MatrixOps_MT_DDRB;
import org.ejml.dense.row.CommonOps_MT_DDRM;

/**
 * Matrix products of local blocks, {@code c (+)= a b} for 2-D arrays: float64, float32, complex128 and complex64
 * through OpenBLAS's dgemm, sgemm, zgemm and cgemm (the native library that ships in the
 * {@code org.bytedeco:openblas} jar; each product on one thread, as many at once as cores, when the JVM runs at least
 * as many engines as cores, and otherwise one at a time on all the cores), or through EJML's float64 kernels when
 * that library does not load ({@link #implementation()} says which; one product at a time on all the cores; complex
 * products are four real ones there); integers with NumPy's wrapping arithmetic and bool with NumPy's or-of-ands as
 * plain loops in i-k-j order.
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
  private static final int CORES = Runtime.getRuntime().availableProcessors();
  /**
   * The JVM's cores as permits: a product holds as many as it runs threads. With at least as many engines in the JVM
   * as cores, every OpenBLAS product runs on one thread and as many run at once as there are cores, as MPI ranks do
   * (each engine's product packs and multiplies its own operands, none waits for another's); with fewer engines,
   * each product runs on all the cores, one at a time (a node of one engine needs them all for its product).
   */
  private static final Semaphore CORE_PERMITS = new Semaphore(CORES);
  private static volatile int enginesInJvm = 1;
  /** The thread count OpenBLAS was last set to (a setting of the whole library, changed only with all permits). */
  private static volatile int blasThreads = -1;
  private static final String IMPLEMENTATION = load();

  private static String load() {
    if ("ejml".equals(System.getProperty("distarray.matrix-products"))) {
      return "EJML (pure Java; chosen by -Ddistarray.matrix-products=ejml)";
    }
    try {
      Class.forName("org.bytedeco.openblas.global.openblas_full");
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

  /**
   * Tells the products how many engines live in this JVM (the runtime calls it when it starts them), which decides
   * how many threads each product runs on: one when there are at least as many engines as cores, all of them
   * otherwise.
   */
  public static void enginesInJvm(int engines) {
    if (engines < 1) {
      throw new IllegalArgumentException("a JVM runs at least one engine, got " + engines);
    }
    enginesInJvm = engines;
  }

  /** The threads each product runs on now: the cores over the products that may run at once. */
  static int threadsPerProduct() {
    return Math.max(1, CORES / Math.max(1, Math.min(enginesInJvm, CORES)));
  }

  /** Runs one product on threads of its own: holds that many of the JVM's core permits while it runs. */
  private static void onCores(int threads, Runnable product) {
    if (nativeBlas() && blasThreads != threads) {
      setBlasThreads(threads);
    }
    CORE_PERMITS.acquireUninterruptibly(threads);
    try {
      product.run();
    } finally {
      CORE_PERMITS.release(threads);
    }
  }

  /**
   * OpenBLAS's thread count is one setting for the whole library, not safe to change while a threaded call runs: it
   * changes only while the caller holds every permit, so that no product runs meanwhile.
   */
  private static void setBlasThreads(int threads) {
    CORE_PERMITS.acquireUninterruptibly(CORES);
    try {
      if (blasThreads != threads) {
        openblas_full.openblas_set_num_threads(threads);
        blasThreads = threads;
      }
    } finally {
      CORE_PERMITS.release(CORES);
    }
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
    NdArray c = writable(out, accumulate);
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

  /** Rows {@code first} to {@code first + rows.dims()[0] - 1} of a matrix, held by the 2-D array {@code rows}. */
  public record RowBlock(long first, NdArray rows) {}

  /**
   * out = a b (or out += a b when accumulate) where b, (k, n), is given as blocks of its rows that together hold each
   * of its rows at least once (a row held twice has the same values in both). For a float64 product the blocks are
   * copied straight into the native product's operand, so no whole b is assembled on the Java heap; otherwise b is
   * assembled and {@link #multiply} runs.
   *
   * @throws IllegalArgumentException when a block is not 2-D with n columns, lies outside b's k rows, or a row of b is
   *     in no block
   */
  public static void multiplyRows(NdArray a, List<RowBlock> b, long n, NdArray out, boolean accumulate) {
    int m = (int) a.dims()[0];
    int k = (int) a.dims()[1];
    boolean[] held = new boolean[k];
    int count = 0;
    boolean doubles = true;
    for (RowBlock r : b) {
      long[] d = r.rows().dims();
      if (d.length != 2 || d[1] != n || r.first() < 0 || r.first() + d[0] > k) {
        throw new IllegalArgumentException("a block of rows of b must be 2-D with " + n + " columns within b's " + k
            + " rows, got shape " + Arrays.toString(d) + " from row " + r.first());
      }
      for (int i = (int) r.first(); i < r.first() + d[0]; i++) {
        count += held[i] ? 0 : 1;
        held[i] = true;
      }
      doubles &= r.rows().dtype() == DType.FLOAT64;
    }
    if (count != k) {
      throw new IllegalArgumentException("the blocks hold " + count + " of b's " + k + " rows");
    }
    DType t = out.dtype();
    if (t != DType.FLOAT64 || !doubles || !nativeBlas() || m == 0 || n == 0 || k == 0) {
      NdArray whole = NdArray.zeros(t, k, n);
      for (RowBlock r : b) {
        whole.slice(r.first() + ":" + (r.first() + r.rows().dims()[0])).copyFrom(r.rows());
      }
      multiply(a, whole, out, accumulate);
      return;
    }
    NdArray x = contiguous(a, t);
    NdArray c = writable(out, accumulate);
    NativeBuffers buffers = NATIVE_BUFFERS.get();
    DoublePointer pa = buffers.doubles(0, (long) m * k).put((double[]) x.storage(), 0, m * k);
    DoublePointer pb = buffers.doubles(1, k * n);
    try {
      for (RowBlock r : b) {
        NdArray rows = r.rows().isContiguous() ? r.rows() : r.rows().copy();
        pb.position(r.first() * n).put((double[]) rows.storage(), (int) rows.offset(), (int) rows.size());
      }
    } finally {
      pb.position(0);
    }
    nativeDgemm(m, (int) n, k, pa, pb, (double[]) c.storage(), accumulate, buffers);
    if (c != out) {
      out.copyFrom(c);
    }
  }

  /**
   * Where a product writes out: out itself when it is C-contiguous from storage element 0, else a new array of its
   * shape (holding out's values when the product adds to them), copied into out afterwards.
   */
  private static NdArray writable(NdArray out, boolean accumulate) {
    if (out.isContiguous() && out.offset() == 0) {
      return out;
    }
    NdArray c = NdArray.zeros(out.dtype(), out.dims());
    if (accumulate) {
      c.copyFrom(out);
    }
    return c;
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
        Arrays.fill(c, 0, m * n, 0.0);
      }
      return;
    }
    if (nativeBlas()) {
      NativeBuffers buffers = NATIVE_BUFFERS.get();
      DoublePointer pa = buffers.doubles(0, (long) m * k).put(a, 0, m * k);
      DoublePointer pb = buffers.doubles(1, (long) k * n).put(b, 0, k * n);
      nativeDgemm(m, n, k, pa, pb, c, accumulate, buffers);
      return;
    }
    DMatrixRMaj ma = DMatrixRMaj.wrap(m, k, a);
    DMatrixRMaj mb = DMatrixRMaj.wrap(k, n, b);
    DMatrixRMaj mc = DMatrixRMaj.wrap(m, n, c);
    onCores(CORES, () -> { // EJML's threaded kernels, one product at a time on all the cores
      if ((long) m * n * k >= BLOCKED_PRODUCT) {
        blocked(ma, mb, mc, accumulate);
      } else if (accumulate) {
        CommonOps_MT_DDRM.multAdd(ma, mb, mc);
      } else {
        CommonOps_MT_DDRM.mult(ma, mb, mc);
      }
    });
  }

  /** c (+)= a b with a and b in this thread's native buffers 0 and 1 (m, n and k at least 1). */
  private static void nativeDgemm(int m, int n, int k, DoublePointer pa, DoublePointer pb, double[] c,
      boolean accumulate, NativeBuffers buffers) {
    DoublePointer pc = buffers.doubles(2, (long) m * n);
    if (accumulate) {
      pc.put(c, 0, m * n);
    }
    onCores(threadsPerProduct(), () -> openblas_full.cblas_dgemm(openblas_full.CblasRowMajor,
        openblas_full.CblasNoTrans, openblas_full.CblasNoTrans, m, n, k, 1.0, pa, k, pb, n, accumulate ? 1.0 : 0.0,
        pc, n));
    pc.get(c, 0, m * n);
    buffers.trim();
  }

  /**
   * Products of at least this many multiply-adds (128^3) go through EJML's cache-blocked kernel: its row-major one
   * streams b from memory once per row of a, which memory bandwidth limits once b outgrows the caches (a 4096^2
   * product runs about twice as fast blocked, copies into and out of the block layout included).
   */
  private static final long BLOCKED_PRODUCT = 1L << 21;

  /** c (+)= a b with EJML's threaded cache-blocked kernel, through copies of the operands in its block layout. */
  private static void blocked(DMatrixRMaj a, DMatrixRMaj b, DMatrixRMaj c, boolean accumulate) {
    int w = EjmlParameters.BLOCK_WIDTH;
    DMatrixRBlock ab = MatrixOps_DDRB.convert(a, w);
    DMatrixRBlock bb = MatrixOps_DDRB.convert(b, w);
    DMatrixRBlock cb = accumulate ? MatrixOps_DDRB.convert(c, w) : new DMatrixRBlock(c.numRows, c.numCols, w);
    if (accumulate) {
      MatrixMult_MT_DDRB.multPlus(w, new DSubmatrixD1(ab), new DSubmatrixD1(bb), new DSubmatrixD1(cb));
    } else {
      MatrixOps_MT_DDRB.mult(ab, bb, cb);
    }
    MatrixOps_DDRB.convert(cb, c);
  }

  private static void sgemm(int m, int n, int k, float[] a, float[] b, float[] c, boolean accumulate) {
    if (m == 0 || n == 0) {
      return;
    }
    if (k == 0) {
      if (!accumulate) {
        Arrays.fill(c, 0, m * n, 0.0f);
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
      onCores(threadsPerProduct(), () -> openblas_full.cblas_sgemm(openblas_full.CblasRowMajor,
          openblas_full.CblasNoTrans, openblas_full.CblasNoTrans, m, n, k, 1.0f, pa, k, pb, n,
          accumulate ? 1.0f : 0.0f, pc, n));
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
      onCores(threadsPerProduct(), () -> openblas_full.cblas_zgemm(openblas_full.CblasRowMajor,
          openblas_full.CblasNoTrans, openblas_full.CblasNoTrans, m, n, k, one, pa, k, pb, n, beta, pc, n));
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
      onCores(threadsPerProduct(), () -> openblas_full.cblas_cgemm(openblas_full.CblasRowMajor,
          openblas_full.CblasNoTrans, openblas_full.CblasNoTrans, m, n, k, one, pa, k, pb, n, beta, pc, n));
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
        Arrays.fill(c, i * n, i * n + n, false);
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
