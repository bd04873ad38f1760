package org.distarray.arrays.ops;

/**
 * Inner loops of the ufuncs over complex values: n elements held as separate real and imaginary buffers (operands
 * arrive converted in chunks by {@link Cast#toComplex}), NumPy's formulas (C99's for the elementary functions).
 *
 * <p>Division is Smith's algorithm, as NumPy; power with a small integer exponent multiplies repeatedly, as
 * NumPy's {@code npy_cpow} (zero to a power with positive real part is zero, to any other power NaN), otherwise {@code exp(b log a)}; the inverse functions use Kahan's formulas ("Branch
 * cuts for complex elementary functions", 1987), which keep C99's branch cuts and signed zeros.
 */
final class ComplexKernels {
  private ComplexKernels() {}

  /** (or, oi) = op((ar, ai), (br, bi)) for the ops with a complex result. */
  static void binary(BinaryOp op, double[] ar, double[] ai, double[] br, double[] bi, double[] or, double[] oi,
      int n) {
    switch (op) {
      case ADD -> { for (int i = 0; i < n; i++) { or[i] = ar[i] + br[i]; oi[i] = ai[i] + bi[i]; } }
      case SUBTRACT -> { for (int i = 0; i < n; i++) { or[i] = ar[i] - br[i]; oi[i] = ai[i] - bi[i]; } }
      case MULTIPLY -> {
        for (int i = 0; i < n; i++) {
          double xr = ar[i];
          double xi = ai[i];
          double yr = br[i];
          double yi = bi[i];
          or[i] = xr * yr - xi * yi;
          oi[i] = xr * yi + xi * yr;
        }
      }
      case DIVIDE -> {
        double[] z = new double[2];
        for (int i = 0; i < n; i++) {
          divide(ar[i], ai[i], br[i], bi[i], z);
          or[i] = z[0];
          oi[i] = z[1];
        }
      }
      case POWER -> {
        double[] z = new double[2];
        for (int i = 0; i < n; i++) {
          power(ar[i], ai[i], br[i], bi[i], z);
          or[i] = z[0];
          oi[i] = z[1];
        }
      }
      case MAXIMUM, MINIMUM -> {
        boolean max = op == BinaryOp.MAXIMUM;
        for (int i = 0; i < n; i++) {
          boolean keepA = isNan(ar[i], ai[i]) || (max ? lessEqual(br[i], bi[i], ar[i], ai[i])
              : lessEqual(ar[i], ai[i], br[i], bi[i]));
          or[i] = keepA ? ar[i] : br[i];
          oi[i] = keepA ? ai[i] : bi[i];
        }
      }
      default -> throw new IllegalStateException(op + " has no complex loop");
    }
  }

  /** o = a op b for the comparisons: NumPy's lexicographic order, NaN in either part compares false. */
  static void compare(BinaryOp op, double[] ar, double[] ai, double[] br, double[] bi, boolean[] o, int n) {
    switch (op) {
      case EQUAL -> { for (int i = 0; i < n; i++) o[i] = ar[i] == br[i] && ai[i] == bi[i]; }
      case NOT_EQUAL -> { for (int i = 0; i < n; i++) o[i] = ar[i] != br[i] || ai[i] != bi[i]; }
      case LESS -> { for (int i = 0; i < n; i++) o[i] = less(ar[i], ai[i], br[i], bi[i]); }
      case LESS_EQUAL -> { for (int i = 0; i < n; i++) o[i] = lessEqual(ar[i], ai[i], br[i], bi[i]); }
      case GREATER -> { for (int i = 0; i < n; i++) o[i] = less(br[i], bi[i], ar[i], ai[i]); }
      case GREATER_EQUAL -> { for (int i = 0; i < n; i++) o[i] = lessEqual(br[i], bi[i], ar[i], ai[i]); }
      default -> throw new IllegalStateException(op + " is not a comparison");
    }
  }

  /** NumPy's complex less-than: by real part, then imaginary part; false when a part is NaN. */
  static boolean less(double xr, double xi, double yr, double yi) {
    return (xr < yr && xi == xi && yi == yi) || (xr == yr && xi < yi);
  }

  static boolean lessEqual(double xr, double xi, double yr, double yi) {
    return (xr < yr && xi == xi && yi == yi) || (xr == yr && xi <= yi);
  }

  static boolean isNan(double re, double im) {
    return re != re || im != im;
  }

  /** (or, oi) = op(ar, ai); abs, real and imag leave their value in or (oi 0). */
  static void unary(UnaryOp op, double[] ar, double[] ai, double[] or, double[] oi, int n) {
    double[] z = new double[2];
    for (int i = 0; i < n; i++) {
      apply(op, ar[i], ai[i], z);
      or[i] = z[0];
      oi[i] = z[1];
    }
  }

  private static void apply(UnaryOp op, double x, double y, double[] z) {
    switch (op) {
      case NEGATIVE -> set(z, -x, -y);
      case POSITIVE -> set(z, x, y);
      case CONJUGATE -> set(z, x, -y);
      case REAL -> set(z, x, 0);
      case IMAG -> set(z, y, 0);
      case ABS -> set(z, Math.hypot(x, y), 0);
      case SQUARE -> set(z, x * x - y * y, x * y + y * x);
      case RECIPROCAL -> reciprocal(x, y, z);
      case SIGN -> sign(x, y, z);
      case RINT -> set(z, Math.rint(x), Math.rint(y));
      case SQRT -> sqrt(x, y, z);
      case EXP -> exp(x, y, z);
      case EXPM1 -> {
        double s = Math.sin(0.5 * y);
        set(z, Math.expm1(x) * Math.cos(y) - 2 * s * s, Math.exp(x) * Math.sin(y));
      }
      case LOG -> set(z, Math.log(Math.hypot(x, y)), Math.atan2(y, x));
      case LOG10 -> {
        double ln10 = Math.log(10);
        set(z, Math.log(Math.hypot(x, y)) / ln10, Math.atan2(y, x) / ln10);
      }
      case LOG1P -> {
        double h = Math.hypot(1 + x, y);
        double re = Math.abs(x) < 0.5 && Math.abs(y) < 0.5 ? 0.5 * Math.log1p(x * (2 + x) + y * y) : Math.log(h);
        set(z, re, Math.atan2(y, 1 + x));
      }
      case SIN -> set(z, Math.sin(x) * Math.cosh(y), Math.cos(x) * Math.sinh(y));
      case COS -> set(z, Math.cos(x) * Math.cosh(y), -Math.sin(x) * Math.sinh(y));
      case SINH -> set(z, Math.sinh(x) * Math.cos(y), Math.cosh(x) * Math.sin(y));
      case COSH -> set(z, Math.cosh(x) * Math.cos(y), Math.sinh(x) * Math.sin(y));
      case TANH -> tanh(x, y, z);
      case TAN -> { // tan(z) = -i tanh(iz)
        tanh(-y, x, z);
        set(z, z[1], -z[0]);
      }
      case ARCSIN -> arcsin(x, y, z);
      case ARCCOS -> arccos(x, y, z);
      case ARCTAN -> { // arctan(z) = -i arctanh(iz)
        arctanh(-y, x, z);
        set(z, z[1], -z[0]);
      }
      case ARCSINH -> { // arcsinh(z) = -i arcsin(iz)
        arcsin(-y, x, z);
        set(z, z[1], -z[0]);
      }
      case ARCCOSH -> arccosh(x, y, z);
      case ARCTANH -> arctanh(x, y, z);
      default -> throw new IllegalStateException(op + " has no complex loop");
    }
  }

  private static void set(double[] z, double re, double im) {
    z[0] = re;
    z[1] = im;
  }

  /** Smith's division, NumPy's: a zero divisor gives infinities or NaN part by part. */
  static void divide(double ar, double ai, double br, double bi, double[] z) {
    double absR = Math.abs(br);
    double absI = Math.abs(bi);
    if (absR >= absI) {
      if (absR == 0 && absI == 0) {
        set(z, ar / absR, ai / absR);
      } else {
        double rat = bi / br;
        double scl = 1.0 / (br + bi * rat);
        set(z, (ar + ai * rat) * scl, (ai - ar * rat) * scl);
      }
    } else {
      double rat = br / bi;
      double scl = 1.0 / (bi + br * rat);
      set(z, (ar * rat + ai) * scl, (ai * rat - ar) * scl);
    }
  }

  private static void reciprocal(double x, double y, double[] z) {
    if (Math.abs(y) <= Math.abs(x)) {
      double r = y / x;
      double d = x + y * r;
      set(z, 1 / d, -r / d);
    } else {
      double r = x / y;
      double d = x * r + y;
      set(z, r / d, -1 / d);
    }
  }

  private static void sign(double x, double y, double[] z) {
    double a = Math.hypot(x, y);
    if (a == 0) {
      set(z, 0, 0);
    } else if (a != a || Double.isInfinite(a)) {
      set(z, Double.NaN, Double.NaN);
    } else {
      set(z, x / a, y / a);
    }
  }

  /** NumPy's npy_cpow. */
  private static void power(double ar, double ai, double br, double bi, double[] z) {
    if (br == 0 && bi == 0) {
      set(z, 1, 0);
      return;
    }
    if (ar == 0 && ai == 0) {
      if (br > 0) {
        set(z, 0, 0);
      } else {
        set(z, Double.NaN, Double.NaN);
      }
      return;
    }
    if (bi == 0 && br == Math.rint(br) && Math.abs(br) < 100) {
      int k = (int) br;
      if (k == 1) {
        set(z, ar, ai);
        return;
      }
      if (k == 2) {
        set(z, ar * ar - ai * ai, ar * ai + ai * ar);
        return;
      }
      if (k == 3) {
        double sr = ar * ar - ai * ai;
        double si = ar * ai + ai * ar;
        set(z, sr * ar - si * ai, sr * ai + si * ar);
        return;
      }
      int m = Math.abs(k);
      double rr = 1;
      double ri = 0;
      double pr = ar;
      double pi = ai;
      for (int mask = 1; ; mask <<= 1) {
        if ((m & mask) != 0) {
          double t = rr * pr - ri * pi;
          ri = rr * pi + ri * pr;
          rr = t;
        }
        if (m < (mask << 1)) {
          break;
        }
        double t = pr * pr - pi * pi;
        pi = pr * pi + pi * pr;
        pr = t;
      }
      if (k < 0) {
        divide(1, 0, rr, ri, z);
      } else {
        set(z, rr, ri);
      }
      return;
    }
    double lr = Math.log(Math.hypot(ar, ai));
    double li = Math.atan2(ai, ar);
    exp(br * lr - bi * li, br * li + bi * lr, z);
  }

  private static void exp(double x, double y, double[] z) {
    if (y == 0) {
      set(z, Math.exp(x), y);
      return;
    }
    if (x == Double.NEGATIVE_INFINITY && !Double.isFinite(y)) {
      set(z, 0, 0); // C99's cexp(-inf + i inf) = +-0 +- 0i
      return;
    }
    double e = Math.exp(x);
    set(z, e * Math.cos(y), e * Math.sin(y));
  }

  /** C99's csqrt: the principal root, real part non-negative, imaginary part with y's sign. */
  static void sqrt(double x, double y, double[] z) {
    if (x == 0 && y == 0) {
      set(z, 0, y);
      return;
    }
    if (Double.isInfinite(y)) {
      set(z, Double.POSITIVE_INFINITY, y);
      return;
    }
    if (x != x) {
      set(z, x, y - y + x);
      return;
    }
    if (Double.isInfinite(x)) {
      set(z, x > 0 ? x : Math.abs(y - y), x > 0 ? Math.copySign(y - y, y) : Math.copySign(-x, y));
      return;
    }
    double t = Math.sqrt(0.5 * (Math.abs(x) + Math.hypot(x, y)));
    if (x >= 0) {
      set(z, t, y / (2 * t));
    } else {
      set(z, Math.abs(y) / (2 * t), Math.copySign(t, y));
    }
  }

  /** Kahan's tanh, as C libraries: stable for large real parts. */
  private static void tanh(double x, double y, double[] z) {
    if (Math.abs(x) >= 22) {
      double e = Math.exp(-2 * Math.abs(x));
      set(z, Math.copySign(1, x), 4 * Math.sin(y) * Math.cos(y) * e);
      return;
    }
    double t = Math.tan(y);
    double beta = 1 + t * t;
    double s = Math.sinh(x);
    double rho = Math.sqrt(1 + s * s);
    double den = 1 + beta * s * s;
    set(z, beta * rho * s / den, t / den);
  }

  /** Kahan: arcsin z = atan2(x, Re(sqrt(1 - z) sqrt(1 + z))) + i asinh(Im(conj(sqrt(1 - z)) sqrt(1 + z))). */
  private static void arcsin(double x, double y, double[] z) {
    double[] s1 = new double[2];
    double[] s2 = new double[2];
    sqrt(1 - x, -y, s1);
    sqrt(1 + x, y, s2);
    double re = Math.atan2(x, s1[0] * s2[0] - s1[1] * s2[1]);
    double im = asinh(s1[0] * s2[1] - s1[1] * s2[0]);
    set(z, re, im);
  }

  /** Kahan: arccos z = 2 atan2(Re sqrt(1 - z), Re sqrt(1 + z)) + i asinh(Im(conj(sqrt(1 + z)) sqrt(1 - z))). */
  private static void arccos(double x, double y, double[] z) {
    double[] s1 = new double[2];
    double[] s2 = new double[2];
    sqrt(1 - x, -y, s1);
    sqrt(1 + x, y, s2);
    double re = 2 * Math.atan2(s1[0], s2[0]);
    double im = asinh(s2[0] * s1[1] - s2[1] * s1[0]);
    set(z, re, im);
  }

  /** Kahan: arccosh z = asinh(Re(conj(sqrt(z - 1)) sqrt(z + 1))) + 2i atan2(Im sqrt(z - 1), Re sqrt(z + 1)). */
  private static void arccosh(double x, double y, double[] z) {
    double[] s1 = new double[2];
    double[] s2 = new double[2];
    sqrt(x - 1, y, s1);
    sqrt(x + 1, y, s2);
    double re = asinh(s1[0] * s2[0] + s1[1] * s2[1]);
    double im = 2 * Math.atan2(s1[1], s2[0]);
    set(z, re, im);
  }

  /** arctanh z = log1p(4x / ((1 - x)^2 + y^2)) / 4 + i atan2(2y, (1 - x)(1 + x) - y^2) / 2. */
  private static void arctanh(double x, double y, double[] z) {
    double d = (1 - x) * (1 - x) + y * y;
    double re = 0.25 * Math.log1p(4 * x / d);
    double im = 0.5 * Math.atan2(2 * y, (1 - x) * (1 + x) - y * y);
    set(z, re, im);
  }

  private static double asinh(double v) {
    return org.apache.commons.math3.util.FastMath.asinh(v);
  }
}
