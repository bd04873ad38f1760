package org.distarray.arrays.ops;

import org.distarray.arrays.DType;
import org.distarray.arrays.DTypeException;

/**
 * The binary ufuncs, with NumPy's names and result dtypes.
 *
 * <p>Result dtypes: arithmetic gives {@code DType.promote(a, b)}; {@link #DIVIDE}, {@link #ARCTAN2} and
 * {@link #HYPOT} of integers give FLOAT64; comparisons and logical ops give BOOL. BOOL with BOOL: add,
 * multiply, maximum and minimum stay BOOL (or, and, or, and), subtract is an error as in NumPy, and where
 * NumPy answers with int8 or float16 (power, mod, floor_divide; divide gives float64, arctan2 and hypot
 * float16) this library, which has neither, gives INT32 and FLOAT32.
 */
public enum BinaryOp {
  ADD("add", Family.ARITHMETIC),
  SUBTRACT("subtract", Family.ARITHMETIC),
  MULTIPLY("multiply", Family.ARITHMETIC),
  DIVIDE("divide", Family.FLOAT_RESULT),
  POWER("power", Family.ARITHMETIC),
  MOD("mod", Family.ARITHMETIC),
  FLOOR_DIVIDE("floor_divide", Family.ARITHMETIC),
  MAXIMUM("maximum", Family.ARITHMETIC),
  MINIMUM("minimum", Family.ARITHMETIC),
  ARCTAN2("arctan2", Family.FLOAT_RESULT),
  HYPOT("hypot", Family.FLOAT_RESULT),
  LESS("less", Family.COMPARISON),
  LESS_EQUAL("less_equal", Family.COMPARISON),
  GREATER("greater", Family.COMPARISON),
  GREATER_EQUAL("greater_equal", Family.COMPARISON),
  EQUAL("equal", Family.COMPARISON),
  NOT_EQUAL("not_equal", Family.COMPARISON),
  LOGICAL_AND("logical_and", Family.LOGICAL),
  LOGICAL_OR("logical_or", Family.LOGICAL),
  LOGICAL_XOR("logical_xor", Family.LOGICAL);

  /** How an op's result dtype and inner loop are chosen. */
  enum Family { ARITHMETIC, FLOAT_RESULT, COMPARISON, LOGICAL }

  /** Which primitive loop computes an op: over doubles, longs or booleans. */
  enum Loop { DOUBLE, LONG, BOOL }

  private final String numpyName;
  private final Family family;

  BinaryOp(String numpyName, Family family) {
    this.numpyName = numpyName;
    this.family = family;
  }

  /** NumPy's name of the ufunc, for example {@code "floor_divide"}. */
  public String numpyName() {
    return numpyName;
  }

  /** True for the comparisons and logical ops, whose result is BOOL. */
  public boolean isPredicate() {
    return family == Family.COMPARISON || family == Family.LOGICAL;
  }

  /**
   * The dtype NumPy gives {@code op(a, b)}.
   *
   * @throws DTypeException for {@code subtract} of two BOOL arrays, as NumPy
   */
  public DType resultType(DType a, DType b) {
    DType p = DType.promote(a, b);
    return switch (family) {
      case COMPARISON, LOGICAL -> DType.BOOL;
      case FLOAT_RESULT -> p == DType.BOOL && this != DIVIDE ? DType.FLOAT32 : p.isFloating() ? p : DType.FLOAT64;
      case ARITHMETIC -> {
        if (p != DType.BOOL) {
          yield p;
        }
        yield switch (this) {
          case ADD, MULTIPLY, MAXIMUM, MINIMUM -> DType.BOOL;
          case SUBTRACT -> throw new DTypeException("numpy boolean subtract is not supported for " + a + " and " + b
              + ": use logicalXor instead");
          default -> DType.INT32;
        };
      }
    };
  }

  /** The loop that computes {@code op(a, b)}: comparisons compare in the promoted type, logical ops on truth values. */
  Loop loop(DType a, DType b) {
    if (family == Family.LOGICAL) {
      return Loop.BOOL;
    }
    DType t = family == Family.COMPARISON ? DType.promote(a, b) : resultType(a, b);
    return t.isFloating() ? Loop.DOUBLE : Loop.LONG;
  }

  /** The dtype of a Java double operand with an array of dtype a (NumPy 2: a Python float is "weak"). */
  static DType scalarType(DType a) {
    return a == DType.FLOAT32 ? DType.FLOAT32 : DType.FLOAT64;
  }
}
