package org.distarray.arrays.ops;

/**
 * exp, sin and cos over runs of doubles, written so that the JIT turns the main loops into SIMD code.
 *
 * <p>Each block of up to {@value #BLOCK} elements takes a few passes: a branch-free pass of fdlibm's argument
 * reduction and polynomials (the part that vectorizes), a pass that puts the pieces together, and a fix-up pass that
 * recomputes with {@link Math} every element outside the range the fast path is accurate on (NaN, infinities,
 * overflow and underflow of exp, |x| > 1e5 or a result near a zero of sin/cos). The polynomials and constants are
 * fdlibm's ({@code e_exp.c}, {@code k_sin.c}, {@code k_cos.c}); results stay within about one unit in the last place
 * of the correctly rounded value, as {@code Math.exp}/{@code Math.sin} and NumPy's SIMD versions do.
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

  private static final double TWO_OVER_PI = 6.36619772367581382433e-01;
  private static final double PIO2_1 = 1.57079632673412561417e+00;
  private static final double PIO2_1T = 6.07710050650619224932e-11;
  private static final double S1 = -1.66666666666666324348e-01;
  private static final double S2 = 8.33333333332248946124e-03;
  private static final double S3 = -1.98412698298579493134e-04;
  private static final double S4 = 2.75573137070700676789e-06;
  private static final double S5 = -2.50507602534068634195e-08;
  private static final double S6 = 1.58969099521155010221e-10;
  private static final double C1 = 4.16666666666666019037e-02;
  private static final double C2 = -1.38888888888741095749e-03;
  private static final double C3 = 2.48015872894767294178e-05;
  private static final double C4 = -2.75573143513906633035e-07;
  private static final double C5 = 2.08757232129817482790e-09;
  private static final double C6 = -1.13596475577881948265e-11;

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

  /** o = sin(a), or cos(a) when cosine. */
  static void sinCos(boolean cosine, double[] a, int pa, int sa, double[] o, int po, int so, int n) {
    double[][] s = SCRATCH.get();
    double[] x = s[0];
    double[] sn = s[1];
    double[] cs = s[2];
    double[] out = s[3];
    double shift = cosine ? 1.0 : 0.0;
    for (int done = 0; done < n; done += BLOCK) {
      int m = Math.min(BLOCK, n - done);
      gather(a, pa + done * sa, sa, x, m);
      sinCosCore(x, sn, cs, out, m);
      // out holds the quadrant; cos(x) = sin(x + pi/2) is the next quadrant's value
      for (int i = 0; i < m; i++) {
        double q = out[i] + shift;
        double half = Math.floor(q * 0.5);
        double odd = q - 2.0 * half; // 1 in quadrants 1 and 3, where the cosine polynomial applies
        double sign = 1.0 - 2.0 * (half - 2.0 * Math.floor(half * 0.5)); // -1 in quadrants 2 and 3
        out[i] = sign * (odd * cs[i] + (1.0 - odd) * sn[i]); // exact: odd is 0 or 1
      }
      for (int i = 0; i < m; i++) {
        double v = x[i];
        if (!(Math.abs(v) <= 1e5) || Math.abs(out[i]) < 0x1p-20) {
          out[i] = cosine ? Math.cos(v) : Math.sin(v);
        }
      }
      scatter(out, m, o, po + done * so, so);
    }
  }

  /** Reduction, then the sine and cosine polynomials, each in a loop of its own (one long loop does not vectorize). */
  private static void sinCosCore(double[] x, double[] sn, double[] cs, double[] quadrant, int m) {
    for (int i = 0; i < m; i++) {
      double v = x[i];
      double kk = Math.rint(v * TWO_OVER_PI);
      cs[i] = (v - kk * PIO2_1) - kk * PIO2_1T;
      quadrant[i] = kk;
    }
    for (int i = 0; i < m; i++) {
      double r = cs[i];
      double z = r * r;
      sn[i] = r + r * z * (S1 + z * (S2 + z * (S3 + z * (S4 + z * (S5 + z * S6)))));
    }
    for (int i = 0; i < m; i++) {
      double r = cs[i];
      double z = r * r;
      double hz = 0.5 * z;
      double w = 1.0 - hz;
      cs[i] = w + (((1.0 - w) - hz) + z * z * (C1 + z * (C2 + z * (C3 + z * (C4 + z * (C5 + z * C6))))));
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
