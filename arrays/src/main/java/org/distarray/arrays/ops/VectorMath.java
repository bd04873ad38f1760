package org.distarray.arrays.ops;

import java.util.Arrays;

/**
 * exp, sin and cos over runs of doubles, written so that the JIT turns the main loops into SIMD code.
 *
 * <p>Each block of up to {@value #BLOCK} elements takes a few passes: a branch-free pass of fdlibm's argument
 * reduction and polynomials (the part that vectorizes), a pass that writes a range flag per element, a check that
 * every flag is zero ({@link Arrays#mismatch}, itself vectorized), and a pass that puts the pieces together. Only a
 * block with a flagged element takes the fix-up pass, which recomputes with {@link Math} every element outside the
 * range the fast path is accurate on (NaN, infinities, overflow and underflow of exp, |x| beyond the exact reduction
 * of sin/cos, signed zeros). exp is fdlibm's ({@code e_exp.c}: within one unit in the last place); sin and cos reduce
 * by pi in three parts (about 119 bits) and use the Taylor series to degree 21 on [-pi/2, pi/2]: within two units in
 * the last place, like NumPy's SIMD versions. The polynomials use {@link Math#fma} where the JVM turns it into a
 * fused multiply-add instruction (HotSpot's {@code UseFMA}: x86-64 with FMA3, AArch64), and a multiply and an add
 * elsewhere: without the instruction Math.fma is exact but about a hundred times slower. Results stay within the
 * bounds above either way; they may differ in the last place between the two.
 *
 * <p>The range flag is {@code (t * scale + FLAG_BIG) - FLAG_BIG} for a distance t from the middle of the range:
 * adding {@value #FLAG_BIG} rounds every value below 2^19 away, so the flag is +0.0 inside the range and non-zero
 * (or NaN) outside it, with no comparison or branch in the loop. The ranges flagged are a little narrower than the
 * ones the fast path is exact on, so rounding near their edges only sends a few more elements to the fix-up.
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

  /** 2^72: its half unit in the last place is 2^19, so x + FLAG_BIG - FLAG_BIG is 0.0 for |x| below 2^19. */
  private static final double FLAG_BIG = 0x1p72;
  /** Adding it rounds a double of magnitude below 2^51 to an integer, whose value sits in the low bits. */
  private static final double ROUND_BIG = 0x1.8p52;
  private static final long ROUND_BIG_BITS = Double.doubleToRawLongBits(ROUND_BIG);
  /** exp's fast path is flagged in range for |x - 0.5| below 700 (it is exact on (-708, 709)). */
  private static final double EXP_MIDDLE = 0.5;
  private static final double EXP_FLAG_SCALE = 0x1p19 / 700.0;
  /**
   * sin and cos are flagged in range for 1e-9 < |x| < 1.6e6 - 1e-9: | |x| - half | below half - 1e-9 (8.6 units in
   * the last place of half; the product's rounding is a tenth of that). Zero is outside (the polynomial loses the
   * sign of -0.0); the tiny values near it are exact on the fast path and keep their fast result in the fix-up.
   */
  private static final double SIN_HALF = SIN_RANGE / 2;
  private static final double SIN_FLAG_SCALE = 0x1p19 / (SIN_HALF - 1e-9);
  private static final double[] ZEROS = new double[BLOCK];

  /** Per thread: the input block, two intermediate blocks, the output block and the flags. */
  private static final ThreadLocal<double[][]> SCRATCH =
      ThreadLocal.withInitial(() -> new double[][] {new double[BLOCK], new double[BLOCK], new double[BLOCK],
          new double[BLOCK], new double[BLOCK]});

  /** Whether {@link #fma} is Math.fma (see the class comment). */
  private static final boolean FAST_FMA = jvmHasFmaInstruction();

  private VectorMath() {}

  private static boolean jvmHasFmaInstruction() {
    try {
      com.sun.management.HotSpotDiagnosticMXBean vm = java.lang.management.ManagementFactory.getPlatformMXBean(
          com.sun.management.HotSpotDiagnosticMXBean.class);
      return vm != null && Boolean.parseBoolean(vm.getVMOption("UseFMA").getValue());
    } catch (RuntimeException | LinkageError e) {
      return false; // not HotSpot, or no such flag: the plain multiply and add
    }
  }

  /** True when the kernels use Math.fma. */
  static boolean usesFma() {
    return FAST_FMA;
  }

  /** a * b + c: fused where the JVM has the instruction (FAST_FMA is a constant, so the JIT keeps one branch). */
  private static double fma(double a, double b, double c) {
    return FAST_FMA ? Math.fma(a, b, c) : a * b + c;
  }

  /** o[po + i*so] = exp(a[pa + i*sa]) for i in [0, n). */
  static void exp(double[] a, int pa, int sa, double[] o, int po, int so, int n) {
    double[][] s = SCRATCH.get();
    for (int done = 0; done < n; done += BLOCK) {
      expBlock(a, pa + done * sa, sa, o, po + done * so, so, Math.min(BLOCK, n - done), s);
    }
  }

  /**
   * One block. The block loops call a method per block: their inner loops measured up to a third faster as the loops
   * of a method of their own than nested in the block loop.
   */
  private static void expBlock(double[] a, int pa, int sa, double[] o, int po, int so, int m, double[][] s) {
    double[] x = s[0];
    double[] y = s[1];
    double[] k = s[2];
    double[] out = s[3];
    double[] flags = s[4];
    gather(a, pa, sa, x, m);
    expCore(x, y, k, m);
    flagOutside(x, EXP_MIDDLE, EXP_FLAG_SCALE, flags, m);
    if (allZero(flags, m)) {
      // this loop does not vectorize (no SIMD moves between doubles and longs), so it writes the output itself
      for (int i = 0; i < m; i++) {
        o[po + i * so] = y[i] * powerOfTwo(k[i]);
      }
    } else {
      for (int i = 0; i < m; i++) {
        double v = x[i];
        out[i] = v > -708.0 && v < 709.0 ? y[i] * powerOfTwo(k[i]) : Math.exp(v);
      }
      scatter(out, m, o, po, so);
    }
  }

  /**
   * y = exp(r) and k for x = k ln2 + r.
   */
  private static void expCore(double[] x, double[] y, double[] k, int m) {
    for (int i = 0; i < m; i++) {
      double v = x[i];
      double kk = Math.rint(v * INV_LN2);
      double hi = fma(-kk, LN2_HI, v);
      double lo = kk * LN2_LO;
      double r = hi - lo;
      double t = r * r;
      double c = fma(-t, fma(t, fma(t, fma(t, fma(t, P5, P4), P3), P2), P1), r);
      y[i] = 1.0 - ((lo - (r * c) / (2.0 - c)) - hi);
      k[i] = kk;
    }
  }

  /**
   * flags[i] = 0.0 when |x[i] - middle| * scale is below 2^19, non-zero or NaN otherwise. A loop of its own: with
   * it inside the polynomial loops those grow past the size the JIT unrolls and vectorizes.
   */
  private static void flagOutside(double[] x, double middle, double scale, double[] flags, int m) {
    for (int i = 0; i < m; i++) {
      flags[i] = (Math.abs(x[i] - middle) * scale + FLAG_BIG) - FLAG_BIG;
    }
  }

  /** The same for |x[i]| in place of x[i]. */
  private static void flagOutsideAbs(double[] x, double middle, double scale, double[] flags, int m) {
    for (int i = 0; i < m; i++) {
      flags[i] = (Math.abs(Math.abs(x[i]) - middle) * scale + FLAG_BIG) - FLAG_BIG;
    }
  }

  /** 2^k, k read from the low bits of k + ROUND_BIG (cheaper than a conversion to long). */
  private static double powerOfTwo(double k) {
    return Double.longBitsToDouble((Double.doubleToRawLongBits(k + ROUND_BIG) - ROUND_BIG_BITS + 1023) << 52);
  }

  /** True when the first m flags are all +0.0. */
  private static boolean allZero(double[] flags, int m) {
    return Arrays.mismatch(flags, 0, m, ZEROS, 0, m) < 0;
  }

  /**
   * o = sin(a), or cos(a) when cosine. The loops work on per-thread scratch blocks (copies in and out): the JIT
   * vectorizes them only when input and output are distinct arrays indexed from 0.
   */
  static void sinCos(boolean cosine, double[] a, int pa, int sa, double[] o, int po, int so, int n) {
    double[][] s = SCRATCH.get();
    for (int done = 0; done < n; done += BLOCK) {
      sinCosBlock(cosine, a, pa + done * sa, sa, o, po + done * so, so, Math.min(BLOCK, n - done), s);
    }
  }

  /** One block, as expBlock. */
  private static void sinCosBlock(boolean cosine, double[] a, int pa, int sa, double[] o, int po, int so, int m,
      double[][] s) {
    double[] x = s[0];
    double[] out = s[3];
    double[] flags = s[4];
    gather(a, pa, sa, x, m);
    if (cosine) {
      cosCore(x, out, m);
    } else {
      sinCore(x, out, m);
    }
    flagOutsideAbs(x, SIN_HALF, SIN_FLAG_SCALE, flags, m);
    if (!allZero(flags, m)) {
      for (int i = 0; i < m; i++) {
        double v = x[i];
        if (!(Math.abs(v) <= SIN_RANGE) || v == 0.0) {
          out[i] = cosine ? Math.cos(v) : Math.sin(v);
        }
      }
    }
    scatter(out, m, o, po, so);
  }

  /** sin(x) = (-1)^k sin(x - k pi), k the nearest integer to x / pi, in one branch-free loop. */
  private static void sinCore(double[] x, double[] y, int m) {
    for (int i = 0; i < m; i++) {
      double v = x[i];
      double k = Math.rint(v * INV_PI);
      double twoK = k + k;
      double r = fma(-twoK, PIO2_2T, fma(-twoK, PIO2_2, fma(-twoK, PIO2_1, v)));
      double sign = fma(-2.0, k - 2.0 * Math.floor(k * 0.5), 1.0);
      double z = r * r;
      double p = fma(z, fma(z, fma(z, fma(z, fma(z, fma(z, fma(z, fma(z,
          fma(z, T10, T9), T8), T7), T6), T5), T4), T3), T2), T1);
      y[i] = sign * fma(r * z, p, r);
    }
  }

  /** cos(x) = sin(x + pi/2) = (-1)^k sin(x - (2k - 1) pi/2), k the nearest integer to x / pi + 1/2. */
  private static void cosCore(double[] x, double[] y, int m) {
    for (int i = 0; i < m; i++) {
      double v = x[i];
      double k = Math.rint(v * INV_PI + 0.5);
      double odd = k + k - 1.0;
      double r = fma(-odd, PIO2_2T, fma(-odd, PIO2_2, fma(-odd, PIO2_1, v)));
      double sign = fma(-2.0, k - 2.0 * Math.floor(k * 0.5), 1.0);
      double z = r * r;
      double p = fma(z, fma(z, fma(z, fma(z, fma(z, fma(z, fma(z, fma(z,
          fma(z, T10, T9), T8), T7), T6), T5), T4), T3), T2), T1);
      y[i] = sign * fma(r * z, p, r);
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
