package org.distarray.arrays.ops;

import org.distarray.arrays.DType;
import org.distarray.arrays.DTypeException;

/**
 * The unary ufuncs, with NumPy's names and result dtypes.
 *
 * <p>Float functions (sqrt, exp, log, sin, rint, ...) of integers give FLOAT64 and keep FLOAT32; negative, abs,
 * square, sign, floor, ceil and reciprocal keep integer dtypes (NumPy 2); logicalNot gives BOOL. BOOL input:
 * abs, floor and ceil stay BOOL; negative and sign are errors as in NumPy; where NumPy gives int8 (square,
 * reciprocal) or float16 (the float functions) this library gives INT32 and FLOAT32.
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
  LOGICAL_NOT("logical_not", Family.LOGICAL);

  enum Family { FLOAT, KEEP, SIGNED, WIDEN_BOOL, LOGICAL }

  private final String numpyName;
  private final Family family;

  UnaryOp(String numpyName, Family family) {
    this.numpyName = numpyName;
    this.family = family;
  }

  /** NumPy's name of the ufunc, for example {@code "logical_not"}. */
  public String numpyName() {
    return numpyName;
  }

  /**
   * The dtype NumPy gives {@code op(a)}.
   *
   * @throws DTypeException for negative and sign of BOOL, as NumPy
   */
  public DType resultType(DType a) {
    return switch (family) {
      case LOGICAL -> DType.BOOL;
      case FLOAT -> a == DType.BOOL ? DType.FLOAT32 : a.isFloating() ? a : DType.FLOAT64;
      case KEEP -> a;
      case WIDEN_BOOL -> a == DType.BOOL ? DType.INT32 : a;
      case SIGNED -> {
        if (a == DType.BOOL) {
          throw new DTypeException("the numpy " + numpyName + " operator is not supported for bool: use logicalNot");
        }
        yield a;
      }
    };
  }

  /** The loop that computes op(a). */
  BinaryOp.Loop loop(DType a) {
    if (family == Family.LOGICAL) {
      return BinaryOp.Loop.BOOL;
    }
    DType r = resultType(a);
    return r.isFloating() ? BinaryOp.Loop.DOUBLE : BinaryOp.Loop.LONG;
  }
}
