package org.distarray.arrays.ops;

import org.distarray.arrays.DType;
import org.distarray.arrays.DTypeException;

/**
 * The binary ufuncs, with NumPy's names and result dtypes.
 *
 * <p>Result dtypes: arithmetic, bitwise and shifts give {@code DType.promote(a, b)}; {@link #DIVIDE} of integers
 * gives FLOAT64, {@link #ARCTAN2} and {@link #HYPOT} of integers the smallest float that holds them (FLOAT32 for
 * 8- and 16-bit integers and BOOL, where NumPy gives float16, which this library does not have; FLOAT64 for
 * wider ones); comparisons and logical ops give BOOL. BOOL with BOOL: add, multiply, maximum, minimum and the
 * bitwise ops stay BOOL, subtract is an error as in NumPy, power, mod, fmod, floor_divide and the shifts give
 * INT8. Bitwise ops and shifts of floats are errors, as in NumPy. Complex operands: add, subtract, multiply,
 * divide, power, maximum and minimum give the promoted complex dtype, comparisons order lexicographically (real
 * part first, as NumPy), logical ops test "non-zero"; mod, fmod, floor_divide, arctan2, hypot, the bitwise ops
 * and shifts are errors, as in NumPy.
 */
public enum BinaryOp {
  ADD("add", Family.ARITHMETIC),
  SUBTRACT("subtract", Family.ARITHMETIC),
  MULTIPLY("multiply", Family.ARITHMETIC),
  DIVIDE("divide", Family.FLOAT_RESULT),
  POWER("power", Family.ARITHMETIC),
  MOD("mod", Family.ARITHMETIC),
  FMOD("fmod", Family.ARITHMETIC),
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
  LOGICAL_XOR("logical_xor", Family.LOGICAL),
  BITWISE_AND("bitwise_and", Family.BITWISE),
  BITWISE_OR("bitwise_or", Family.BITWISE),
  BITWISE_XOR("bitwise_xor", Family.BITWISE),
  LEFT_SHIFT("left_shift", Family.SHIFT),
  RIGHT_SHIFT("right_shift", Family.SHIFT);

  /** How an op's result dtype and inner loop are chosen. */
  enum Family { ARITHMETIC, FLOAT_RESULT, COMPARISON, LOGICAL, BITWISE, SHIFT }

  /**
   * Which primitive loop computes an op: over doubles, signed longs, unsigned longs (UINT64), booleans or complex
   * values (pairs of doubles).
   */
  enum Loop { DOUBLE, LONG, ULONG, BOOL, COMPLEX }

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
   * @throws DTypeException for {@code subtract} of two BOOL arrays, and for bitwise ops and shifts of floats, as
   *     NumPy
   */
  public DType resultType(DType a, DType b) {
    DType p = DType.promote(a, b);
    if (p.isComplex()) {
      return complexResult(a, b, p);
    }
    return switch (family) {
      case COMPARISON, LOGICAL -> DType.BOOL;
      case FLOAT_RESULT -> p.isFloating() ? p : this == DIVIDE ? DType.FLOAT64 : DType.promote(floatFor(a), floatFor(b));
      case BITWISE -> integersOnly(a, b, p);
      case SHIFT -> integersOnly(a, b, p) == DType.BOOL ? DType.INT8 : p;
      case ARITHMETIC -> {
        if (p != DType.BOOL) {
          yield p;
        }
        yield switch (this) {
          case ADD, MULTIPLY, MAXIMUM, MINIMUM -> DType.BOOL;
          case SUBTRACT -> throw new DTypeException("numpy boolean subtract is not supported for " + a + " and " + b
              + ": use logicalXor instead");
          default -> DType.INT8;
        };
      }
    };
  }

  private DType complexResult(DType a, DType b, DType p) {
    return switch (this) {
      case ADD, SUBTRACT, MULTIPLY, DIVIDE, POWER, MAXIMUM, MINIMUM -> p;
      case LESS, LESS_EQUAL, GREATER, GREATER_EQUAL, EQUAL, NOT_EQUAL, LOGICAL_AND, LOGICAL_OR, LOGICAL_XOR ->
          DType.BOOL;
      default -> throw new DTypeException("ufunc '" + numpyName + "' not supported for the input types " + a + " and "
          + b + ": it has no complex form");
    };
  }

  private DType integersOnly(DType a, DType b, DType promoted) {
    if (promoted.isFloating()) {
      throw new DTypeException("ufunc '" + numpyName + "' not supported for the input types " + a + " and " + b
          + ": it takes integer and bool operands only");
    }
    return promoted;
  }

  /** The float dtype NumPy gives float functions of an integer or bool dtype (float16 becomes FLOAT32 here). */
  static DType floatFor(DType t) {
    return t == DType.BOOL || t.itemSize() <= 2 ? DType.FLOAT32 : DType.FLOAT64;
  }

  /** The loop that computes {@code op(a, b)}: comparisons compare in the promoted type, logical ops on truth values. */
  Loop loop(DType a, DType b) {
    if (family == Family.LOGICAL) {
      return Loop.BOOL;
    }
    DType t = family == Family.COMPARISON ? DType.promote(a, b) : resultType(a, b);
    return loopFor(t);
  }

  /** The loop over values of dtype t. */
  static Loop loopFor(DType t) {
    if (t.isComplex()) {
      return Loop.COMPLEX;
    }
    return t.isFloating() ? Loop.DOUBLE : t == DType.UINT64 ? Loop.ULONG : Loop.LONG;
  }

  /** The dtype of a Java double operand with an array of dtype a (NumPy 2: a Python float is "weak"). */
  public static DType scalarType(DType a) {
    if (a.isComplex()) {
      return a;
    }
    return a == DType.FLOAT32 ? DType.FLOAT32 : DType.FLOAT64;
  }

  /**
   * The dtype of a Java long operand s with an array of dtype a, as NumPy 2 types a Python int ("weak"): the
   * array's dtype for integer and float arrays, INT64 beside BOOL. A value the array's integer dtype cannot hold
   * is an error for arithmetic, bitwise ops and shifts (NumPy's OverflowError); comparisons, logical ops and float
   * functions take it in a wider type instead, and their result dtype is {@link #intScalarResult}.
   *
   * @throws DTypeException naming the value and the dtype when s does not fit
   */
  public DType intScalarType(DType a, long s) {
    if (a == DType.BOOL) {
      return DType.INT64;
    }
    if (a.isInexact() || fits(a, s)) {
      return a;
    }
    if (family == Family.COMPARISON || family == Family.LOGICAL || family == Family.FLOAT_RESULT) {
      return a == DType.UINT64 ? DType.FLOAT64 : DType.INT64;
    }
    throw new DTypeException("Python integer " + s + " out of bounds for " + a + " (in " + numpyName + ")");
  }

  /**
   * The dtype NumPy gives op(a, s) for a Python int s: as if s had a's dtype (INT64 beside BOOL), also when s is
   * outside that dtype's range (for example {@code arctan2(int8 array, 300)} is FLOAT32).
   */
  public DType intScalarResult(DType a, long s) {
    DType st = intScalarType(a, s);
    return a == DType.BOOL ? resultType(a, st) : resultType(a, a);
  }

  private static boolean fits(DType t, long s) {
    if (t == DType.UINT64) {
      return s >= 0;
    }
    int bits = t.itemSize() * 8;
    if (bits == 64) {
      return true;
    }
    return t.isUnsigned() ? s >= 0 && s < (1L << bits) : s >= -(1L << (bits - 1)) && s < (1L << (bits - 1));
  }
}
