package org.distarray.arrays.ops;

import org.distarray.arrays.DType;
import org.distarray.arrays.DTypeException;

/**
 * The unary ufuncs, with NumPy's names and result dtypes.
 *
 * <p>Float functions (sqrt, exp, log, sin, rint, arcsinh, ...) keep FLOAT32 and FLOAT64 and give integers the
 * smallest float that holds them (FLOAT32 for BOOL and 8- and 16-bit integers, where NumPy gives float16 for the
 * 8-bit ones, FLOAT64 for wider); negative, positive, abs, square, sign, floor, ceil, reciprocal, conjugate and
 * invert keep integer dtypes (NumPy 2); logicalNot gives BOOL. BOOL input: abs, floor, ceil and invert stay BOOL
 * (invert is logical not); negative, positive and sign are errors as in NumPy; square, reciprocal and conjugate
 * give INT8. Invert of floats is an error, as in NumPy. Complex input: the float functions, negative, positive,
 * square, reciprocal, conjugate, rint and sign (NumPy 2's {@code z / |z|}) stay complex; abs, real and imag give
 * the float dtype of the parts; floor, ceil and invert are errors. real and imag of a real dtype give the array
 * itself and zeros of its dtype, as NumPy's {@code np.real} and {@code np.imag}. isnan, isinf and isfinite give
 * BOOL for every dtype (a complex value is NaN or infinite when either part is, finite when both are).
 */
public enum UnaryOp {
  NEGATIVE("negative", Family.SIGNED),
  ABS("abs", Family.KEEP),
  SQRT("sqrt", Family.FLOAT),
  SQUARE("square", Family.WIDEN_BOOL),
  EXP("exp", Family.FLOAT),
  EXPM1("expm1", Family.FLOAT),
  LOG("log", Family.FLOAT),
  LOG10("log10", Family.FLOAT),
  LOG1P("log1p", Family.FLOAT),
  SIN("sin", Family.FLOAT),
  COS("cos", Family.FLOAT),
  TAN("tan", Family.FLOAT),
  ARCSIN("arcsin", Family.FLOAT),
  ARCCOS("arccos", Family.FLOAT),
  ARCTAN("arctan", Family.FLOAT),
  SINH("sinh", Family.FLOAT),
  COSH("cosh", Family.FLOAT),
  TANH("tanh", Family.FLOAT),
  FLOOR("floor", Family.KEEP),
  CEIL("ceil", Family.KEEP),
  RINT("rint", Family.FLOAT),
  SIGN("sign", Family.SIGNED),
  RECIPROCAL("reciprocal", Family.WIDEN_BOOL),
  LOGICAL_NOT("logical_not", Family.LOGICAL),
  ARCSINH("arcsinh", Family.FLOAT),
  ARCCOSH("arccosh", Family.FLOAT),
  ARCTANH("arctanh", Family.FLOAT),
  POSITIVE("positive", Family.SIGNED),
  CONJUGATE("conjugate", Family.WIDEN_BOOL),
  INVERT("invert", Family.BITWISE),
  REAL("real", Family.PART),
  IMAG("imag", Family.PART),
  ISNAN("isnan", Family.TEST),
  ISINF("isinf", Family.TEST),
  ISFINITE("isfinite", Family.TEST);

  enum Family { FLOAT, KEEP, SIGNED, WIDEN_BOOL, LOGICAL, BITWISE, PART, TEST }

  private final String numpyName;
  private final Family family;

  UnaryOp(String numpyName, Family family) {
    this.numpyName = numpyName;
    this.family = family;
  }

  /** True for isnan, isinf and isfinite. */
  boolean isTest() {
    return family == Family.TEST;
  }

  /** NumPy's name of the ufunc, for example {@code "logical_not"}. */
  public String numpyName() {
    return numpyName;
  }

  /**
   * The dtype NumPy gives {@code op(a)}.
   *
   * @throws DTypeException for negative, positive and sign of BOOL and invert of floats, as NumPy
   */
  public DType resultType(DType a) {
    if (family == Family.TEST) {
      return DType.BOOL;
    }
    if (a.isComplex()) {
      return complexResult(a);
    }
    return switch (family) {
      case PART -> a;
      case TEST -> DType.BOOL;
      case LOGICAL -> DType.BOOL;
      case FLOAT -> a.isFloating() ? a : BinaryOp.floatFor(a);
      case KEEP -> a;
      case WIDEN_BOOL -> a == DType.BOOL ? DType.INT8 : a;
      case SIGNED -> {
        if (a == DType.BOOL) {
          throw new DTypeException("the numpy " + numpyName + " operator is not supported for bool: use logicalNot");
        }
        yield a;
      }
      case BITWISE -> {
        if (a.isFloating()) {
          throw new DTypeException("ufunc '" + numpyName + "' not supported for the input type " + a
              + ": it takes integer and bool operands only");
        }
        yield a;
      }
    };
  }

  private DType complexResult(DType a) {
    return switch (family) {
      case LOGICAL -> DType.BOOL;
      case PART -> a.partType();
      case BITWISE -> throw new DTypeException("ufunc '" + numpyName + "' not supported for the input type " + a
          + ": it takes integer and bool operands only");
      default -> switch (this) {
        case ABS -> a.partType();
        case FLOOR, CEIL -> throw new DTypeException("ufunc '" + numpyName + "' not supported for the input type "
            + a + ": it has no complex form");
        default -> a;
      };
    };
  }

  /** The loop that computes op(a). */
  BinaryOp.Loop loop(DType a) {
    if (family == Family.TEST) {
      return a.isComplex() ? BinaryOp.Loop.COMPLEX : BinaryOp.Loop.DOUBLE;
    }
    if (a.isComplex() && family != Family.LOGICAL) {
      return BinaryOp.Loop.COMPLEX;
    }
    if (family == Family.LOGICAL || (family == Family.BITWISE && a == DType.BOOL)) {
      return BinaryOp.Loop.BOOL;
    }
    return BinaryOp.loopFor(resultType(a));
  }
}
