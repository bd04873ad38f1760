package org.distarray.arrays.ops;

import org.apache.commons.math3.util.FastMath;

/**
 * Inner loops of the ufuncs over doubles: n elements, each operand at its own start position and stride.
 *
 * <p>One switch per row, plain loops inside; FLOAT32 operands arrive here converted in chunks and leave rounded.
 */
final class DoubleKernels {
  private DoubleKernels() {}

  static void binary(BinaryOp op, double[] a, int pa, int sa, double[] b, int pb, int sb,
      double[] o, int po, int so, int n) {
    switch (op) {
      case ADD -> {
        if (sa == 1 && sb == 1 && so == 1) {
          for (int i = 0; i < n; i++) o[po + i] = a[pa + i] + b[pb + i];
        } else {
          for (int i = 0; i < n; i++) o[po + i * so] = a[pa + i * sa] + b[pb + i * sb];
        }
      }
      case SUBTRACT -> {
        if (sa == 1 && sb == 1 && so == 1) {
          for (int i = 0; i < n; i++) o[po + i] = a[pa + i] - b[pb + i];
        } else {
          for (int i = 0; i < n; i++) o[po + i * so] = a[pa + i * sa] - b[pb + i * sb];
        }
      }
      case MULTIPLY -> {
        if (sa == 1 && sb == 1 && so == 1) {
          for (int i = 0; i < n; i++) o[po + i] = a[pa + i] * b[pb + i];
        } else {
          for (int i = 0; i < n; i++) o[po + i * so] = a[pa + i * sa] * b[pb + i * sb];
        }
      }
      case DIVIDE -> {
        if (sa == 1 && sb == 1 && so == 1) {
          for (int i = 0; i < n; i++) o[po + i] = a[pa + i] / b[pb + i];
        } else {
          for (int i = 0; i < n; i++) o[po + i * so] = a[pa + i * sa] / b[pb + i * sb];
        }
      }
      case POWER -> { for (int i = 0; i < n; i++) o[po + i * so] = Math.pow(a[pa + i * sa], b[pb + i * sb]); }
      case MOD -> { for (int i = 0; i < n; i++) o[po + i * so] = mod(a[pa + i * sa], b[pb + i * sb]); }
      case FMOD -> { for (int i = 0; i < n; i++) o[po + i * so] = a[pa + i * sa] % b[pb + i * sb]; } // C's fmod
      case FLOOR_DIVIDE -> { for (int i = 0; i < n; i++) o[po + i * so] = floorDivide(a[pa + i * sa], b[pb + i * sb]); }
      case MAXIMUM -> { for (int i = 0; i < n; i++) o[po + i * so] = Math.max(a[pa + i * sa], b[pb + i * sb]); }
      case MINIMUM -> { for (int i = 0; i < n; i++) o[po + i * so] = Math.min(a[pa + i * sa], b[pb + i * sb]); }
      case ARCTAN2 -> { for (int i = 0; i < n; i++) o[po + i * so] = Math.atan2(a[pa + i * sa], b[pb + i * sb]); }
      case HYPOT -> { for (int i = 0; i < n; i++) o[po + i * so] = Math.hypot(a[pa + i * sa], b[pb + i * sb]); }
      default -> throw new IllegalStateException(op + " has no double-valued loop");
    }
  }

  /** o = a * b + c in one pass, rounding after the product as NumPy's separate multiply and add do (no FMA). */
  static void multiplyAdd(double[] a, int pa, int sa, double[] b, int pb, int sb, double[] c, int pc, int sc,
      double[] o, int po, int n) {
    if (sa == 1 && sb == 1 && sc == 1) {
      for (int i = 0; i < n; i++) o[po + i] = a[pa + i] * b[pb + i] + c[pc + i];
    } else {
      for (int i = 0; i < n; i++) o[po + i] = a[pa + i * sa] * b[pb + i * sb] + c[pc + i * sc];
    }
  }

  static void compare(BinaryOp op, double[] a, int pa, int sa, double[] b, int pb, int sb,
      boolean[] o, int po, int so, int n) {
    switch (op) {
      case LESS -> { for (int i = 0; i < n; i++) o[po + i * so] = a[pa + i * sa] < b[pb + i * sb]; }
      case LESS_EQUAL -> { for (int i = 0; i < n; i++) o[po + i * so] = a[pa + i * sa] <= b[pb + i * sb]; }
      case GREATER -> { for (int i = 0; i < n; i++) o[po + i * so] = a[pa + i * sa] > b[pb + i * sb]; }
      case GREATER_EQUAL -> { for (int i = 0; i < n; i++) o[po + i * so] = a[pa + i * sa] >= b[pb + i * sb]; }
      case EQUAL -> { for (int i = 0; i < n; i++) o[po + i * so] = a[pa + i * sa] == b[pb + i * sb]; }
      case NOT_EQUAL -> { for (int i = 0; i < n; i++) o[po + i * so] = a[pa + i * sa] != b[pb + i * sb]; }
      default -> throw new IllegalStateException(op + " is not a comparison");
    }
  }

  static void unary(UnaryOp op, double[] a, int pa, int sa, double[] o, int po, int so, int n) {
    switch (op) {
      case NEGATIVE -> { for (int i = 0; i < n; i++) o[po + i * so] = -a[pa + i * sa]; }
      case ABS -> { for (int i = 0; i < n; i++) o[po + i * so] = Math.abs(a[pa + i * sa]); }
      case SQRT -> { for (int i = 0; i < n; i++) o[po + i * so] = Math.sqrt(a[pa + i * sa]); }
      case SQUARE -> { for (int i = 0; i < n; i++) { double x = a[pa + i * sa]; o[po + i * so] = x * x; } }
      case EXP -> VectorMath.exp(a, pa, sa, o, po, so, n);
      case EXPM1 -> { for (int i = 0; i < n; i++) o[po + i * so] = Math.expm1(a[pa + i * sa]); }
      case LOG -> { for (int i = 0; i < n; i++) o[po + i * so] = Math.log(a[pa + i * sa]); }
      case LOG10 -> { for (int i = 0; i < n; i++) o[po + i * so] = Math.log10(a[pa + i * sa]); }
      case LOG1P -> { for (int i = 0; i < n; i++) o[po + i * so] = Math.log1p(a[pa + i * sa]); }
      case SIN -> VectorMath.sinCos(false, a, pa, sa, o, po, so, n);
      case COS -> VectorMath.sinCos(true, a, pa, sa, o, po, so, n);
      case TAN -> { for (int i = 0; i < n; i++) o[po + i * so] = Math.tan(a[pa + i * sa]); }
      case ARCSIN -> { for (int i = 0; i < n; i++) o[po + i * so] = Math.asin(a[pa + i * sa]); }
      case ARCCOS -> { for (int i = 0; i < n; i++) o[po + i * so] = Math.acos(a[pa + i * sa]); }
      case ARCTAN -> { for (int i = 0; i < n; i++) o[po + i * so] = Math.atan(a[pa + i * sa]); }
      case SINH -> { for (int i = 0; i < n; i++) o[po + i * so] = Math.sinh(a[pa + i * sa]); }
      case COSH -> { for (int i = 0; i < n; i++) o[po + i * so] = Math.cosh(a[pa + i * sa]); }
      case TANH -> { for (int i = 0; i < n; i++) o[po + i * so] = Math.tanh(a[pa + i * sa]); }
      case FLOOR -> { for (int i = 0; i < n; i++) o[po + i * so] = Math.floor(a[pa + i * sa]); }
      case CEIL -> { for (int i = 0; i < n; i++) o[po + i * so] = Math.ceil(a[pa + i * sa]); }
      case RINT -> { for (int i = 0; i < n; i++) o[po + i * so] = Math.rint(a[pa + i * sa]); }
      case SIGN -> { for (int i = 0; i < n; i++) o[po + i * so] = sign(a[pa + i * sa]); }
      case RECIPROCAL -> { for (int i = 0; i < n; i++) o[po + i * so] = 1.0 / a[pa + i * sa]; }
      case ARCSINH -> { for (int i = 0; i < n; i++) o[po + i * so] = FastMath.asinh(a[pa + i * sa]); }
      case ARCCOSH -> { for (int i = 0; i < n; i++) o[po + i * so] = FastMath.acosh(a[pa + i * sa]); }
      case ARCTANH -> { for (int i = 0; i < n; i++) o[po + i * so] = FastMath.atanh(a[pa + i * sa]); }
      case POSITIVE, CONJUGATE -> { for (int i = 0; i < n; i++) o[po + i * so] = a[pa + i * sa]; }
      default -> throw new IllegalStateException(op + " has no double-valued loop");
    }
  }

  /** NumPy's float remainder: the sign of the divisor, NaN for a zero divisor. */
  static double mod(double a, double b) {
    double m = a % b;
    if (b == 0) {
      return m;
    }
    if (m != 0) {
      if ((b < 0) != (m < 0)) {
        m += b;
      }
    } else {
      m = Math.copySign(0.0, b);
    }
    return m;
  }

  /** NumPy's float floor division ({@code npy_floor_divide}): consistent with {@link #mod}; x // 0 is x / 0. */
  static double floorDivide(double a, double b) {
    if (b == 0) {
      return a / b;
    }
    double m = a % b;
    double div = (a - m) / b;
    if (m != 0 && (b < 0) != (m < 0)) {
      div -= 1.0;
    }
    if (div == 0) {
      return Math.copySign(0.0, a / b);
    }
    double f = Math.floor(div);
    return div - f > 0.5 ? f + 1.0 : f;
  }

  private static double sign(double x) {
    return x > 0 ? 1.0 : x < 0 ? -1.0 : x == 0 ? 0.0 : x;
  }
}
