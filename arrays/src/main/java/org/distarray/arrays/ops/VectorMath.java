package org.distarray.arrays.ops;

/**
 * exp, sin and cos over runs of doubles, written so that the JIT turns the main loops into SIMD code.
 *
 * <p>Each block of up to {@value #BLOCK} elements takes a few passes: a branch-free pass of fdlibm's argument
 * reduction and polynomials (the part that vectorizes), a pass that puts the pieces together, and a fix-up pass that
 * recomputes with {@link Math} every element outside the range the fast path is accurate on (NaN, infinities,
 * overflow and underflow of exp, |x| beyond the exact reduction of sin/cos). exp is fdlibm's ({@code e_exp.c}:
 * within one unit in the last place); sin and cos reduce by pi in three parts (about 119 bits) and use the Taylor
 * series to degree 21 on [-pi/2, pi/2]: within two units in the last place, like NumPy's SIMD versions.
 */
final class VectorMath {
  static final int BLOCK = 1024;

  private static final double INV_LN2 = 1.44269504088896338700e+00;
  private static final double LN2_HI = 6.93147180369123816490e-01;
  private static final double LN2_LO = 1.90821492927058770002e-10;
  private static final double P1 = 1.66666666666666019037e-01;
  private static final double P2 = -2.77777777770155933842e-03;
  private static final double P3 = 6.61375632143793436117e-05;
  private static final double P4 = -1.65339022054652515390e-06;
  private static final double P5 = 4.13813679705723846039e-08;

  private static final double INV_PI = 3.18309886183790671538e-01;
  // pi/2 in three parts (fdlibm's pio2_1, pio2_2, pio2_2t): the first two have 33 bits, so m * part is exact
  // for |m| < 2^20, and the reduced argument keeps about 119 bits of pi
  private static final double PIO2_1 = 1.57079632673412561417e+00;
  private static final double PIO2_2 = 6.07710050630396597660e-11;
  private static final double PIO2_2T = 2.02226624879595063154e-21;
  /** Largest |x| the fast sine and cosine reduce exactly (2^20 halves of pi, with a margin). */
  private static final double SIN_RANGE = 1.6e6;
  // Taylor coefficients of sin(r) = r + r^3 (T1 + r^2 (T2 + ...)) on [-pi/2, pi/2]; the tail is below 2^-60
  private static final double T1 = -1.0 / 6;
  private static final double T2 = 1.0 / 120;
  private static final double T3 = -1.0 / 5040;
  private static final double T4 = 1.0 / 362880;
  private static final double T5 = -1.0 / 39916800;
  private static final double T6 = 1.0 / 6227020800.0;
  private static final double T7 = -1.0 / 1307674368000.0;
  private static final double T8 = 1.0 / 355687428096000.0;
  private static final double T9 = -1.0 / 121645100408832000.0;
  private static final double T10 = 1.0 / 51090942171709440000.0;

  /** Per thread: the input block, two intermediate blocks, and the output block. */
  private static final ThreadLocal<double[][]> SCRATCH =
      ThreadLocal.withInitial(() -> new double[][] {new double[BLOCK], new double[BLOCK], new double[BLOCK],
          new double[BLOCK]});

  private VectorMath() {}

  /** o[po + i*so] = exp(a[pa + i*sa]) for i in [0, n). */
  static void exp(double[] a, int pa, int sa, double[] o, int po, int so, int n) {
    double[][] s = SCRATCH.get();
    double[] x = s[0];
    double[] y = s[1];
    double[] k = s[2];
    double[] out = s[3];
    for (int done = 0; done < n; done += BLOCK) {
      int m = Math.min(BLOCK, n - done);
      gather(a, pa + done * sa, sa, x, m);
      expCore(x, y, k, m);
      for (int i = 0; i < m; i++) {
        double v = x[i];
        out[i] = v > -708.0 && v < 709.0 ? y[i] * Double.longBitsToDouble(((long) k[i] + 1023) << 52) : Math.exp(v);
      }
      scatter(out, m, o, po + done * so, so);
    }
  }

  private static void expCore(double[] x, double[] y, double[] k, int m) {
    for (int i = 0; i < m; i++) {
      double v = x[i];
      double kk = Math.rint(v * INV_LN2);
      double hi = v - kk * LN2_HI;
      double lo = kk * LN2_LO;
      double r = hi - lo;
      double t = r * r;
      double c = r - t * (P1 + t * (P2 + t * (P3 + t * (P4 + t * P5))));
      y[i] = 1.0 - ((lo - (r * c) / (2.0 - c)) - hi);
      k[i] = kk;
    }
  }

  /**
   * o = sin(a), or cos(a) when cosine. The loops work on per-thread scratch blocks (copies in and out): the JIT
   * vectorizes them only when input and output are distinct arrays indexed from 0.
   */
  static void sinCos(boolean cosine, double[] a, int pa, int sa, double[] o, int po, int so, int n) {
    double[][] s = SCRATCH.get();
    double[] x = s[0];
    double[] out = s[3];
    for (int done = 0; done < n; done += BLOCK) {
      int m = Math.min(BLOCK, n - done);
      gather(a, pa + done * sa, sa, x, m);
      if (cosine) {
        cosCore(x, out, m);
      } else {
        sinCore(x, out, m);
      }
      if (needsFixUp(x, m)) {
        for (int i = 0; i < m; i++) {
          double v = x[i];
          if (!(Math.abs(v) <= SIN_RANGE) || v == 0.0) {
            out[i] = cosine ? Math.cos(v) : Math.sin(v);
          }
        }
      }
      scatter(out, m, o, po + done * so, so);
    }
  }

  /** True when some x is beyond the exact reduction, or zero (whose sign the polynomial's last step loses). */
  private static boolean needsFixUp(double[] x, int m) {
    boolean any = false;
    for (int i = 0; i < m; i++) {
      double v = x[i];
      any |= Math.abs(v) > SIN_RANGE | v == 0.0;
    }
    return any;
  }

  /** sin(x) = (-1)^k sin(x - k pi), k the nearest integer to x / pi, in one branch-free loop. */
  private static void sinCore(double[] x, double[] y, int m) {
    for (int i = 0; i < m; i++) {
      double v = x[i];
      double k = Math.rint(v * INV_PI);
      double twoK = k + k;
      double r = ((v - twoK * PIO2_1) - twoK * PIO2_2) - twoK * PIO2_2T;
      double sign = 1.0 - 2.0 * (k - 2.0 * Math.floor(k * 0.5));
      double z = r * r;
      double p = T1 + z * (T2 + z * (T3 + z * (T4 + z * (T5 + z * (T6 + z * (T7 + z * (T8 + z * (T9 + z * T10))))))));
      y[i] = sign * (r + r * z * p);
    }
  }

  /** cos(x) = sin(x + pi/2) = (-1)^k sin(x - (2k - 1) pi/2), k the nearest integer to x / pi + 1/2. */
  private static void cosCore(double[] x, double[] y, int m) {
    for (int i = 0; i < m; i++) {
      double v = x[i];
      double k = Math.rint(v * INV_PI + 0.5);
      double odd = k + k - 1.0;
      double r = ((v - odd * PIO2_1) - odd * PIO2_2) - odd * PIO2_2T;
      double sign = 1.0 - 2.0 * (k - 2.0 * Math.floor(k * 0.5));
      double z = r * r;
      double p = T1 + z * (T2 + z * (T3 + z * (T4 + z * (T5 + z * (T6 + z * (T7 + z * (T8 + z * (T9 + z * T10))))))));
      y[i] = sign * (r + r * z * p);
    }
  }

  private static void gather(double[] a, int p, int s, double[] x, int m) {
    if (s == 1) {
      System.arraycopy(a, p, x, 0, m);
    } else {
      for (int i = 0; i < m; i++) {
        x[i] = a[p + i * s];
      }
    }
  }

  private static void scatter(double[] out, int m, double[] o, int p, int s) {
    if (s == 1) {
      System.arraycopy(out, 0, o, p, m);
    } else {
      for (int i = 0; i < m; i++) {
        o[p + i * s] = out[i];
      }
    }
  }
}
