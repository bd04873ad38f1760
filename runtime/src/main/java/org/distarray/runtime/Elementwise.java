package org.distarray.runtime;

import org.distarray.arrays.ops.BinaryOp;
import org.distarray.arrays.ops.UnaryOp;

/**
 * The named elementwise ufuncs of {@link DistArray}, each one line over the four general forms: NumPy's name in
 * camel case, the same result dtypes ({@link BinaryOp}, {@link UnaryOp}) and broadcasting. A Java double operand
 * behaves as a Python float and a Java long as a Python int (NumPy 2's weak scalars: {@code int32.add(1)} stays
 * INT32, {@code int32.add(1.0)} gives FLOAT64). Bitwise ops and shifts take integer and bool operands only, so they
 * have no double form.
 */
public abstract sealed class Elementwise permits Ordering {
  Elementwise() {}

  /** NumPy's op(this, o), broadcast across shapes and distributions. */
  public abstract DistArray binary(BinaryOp op, DistArray o);

  /** NumPy's op(s, this) when scalarFirst, else op(this, s), s a Python-float-like scalar. */
  public abstract DistArray binary(BinaryOp op, double s, boolean scalarFirst);

  /** NumPy's op(s, this) when scalarFirst, else op(this, s), s a Python-int-like scalar. */
  public abstract DistArray binary(BinaryOp op, long s, boolean scalarFirst);

  /** NumPy's unary ufunc op(this). */
  public abstract DistArray unary(UnaryOp op);

  /** NumPy's {@code add}(this, o), broadcast across shapes and distributions. */
  public DistArray add(DistArray o) {
    return binary(BinaryOp.ADD, o);
  }

  /** NumPy's {@code add}(this, s), s a Python float. */
  public DistArray add(double s) {
    return binary(BinaryOp.ADD, s, false);
  }

  /** NumPy's {@code add}(this, s), s a Python int. */
  public DistArray add(long s) {
    return binary(BinaryOp.ADD, s, false);
  }

  /** NumPy's {@code subtract}(this, o), broadcast across shapes and distributions. */
  public DistArray subtract(DistArray o) {
    return binary(BinaryOp.SUBTRACT, o);
  }

  /** NumPy's {@code subtract}(this, s), s a Python float. */
  public DistArray subtract(double s) {
    return binary(BinaryOp.SUBTRACT, s, false);
  }

  /** NumPy's {@code subtract}(this, s), s a Python int. */
  public DistArray subtract(long s) {
    return binary(BinaryOp.SUBTRACT, s, false);
  }

  /** NumPy's {@code multiply}(this, o), broadcast across shapes and distributions. */
  public DistArray multiply(DistArray o) {
    return binary(BinaryOp.MULTIPLY, o);
  }

  /** NumPy's {@code multiply}(this, s), s a Python float. */
  public DistArray multiply(double s) {
    return binary(BinaryOp.MULTIPLY, s, false);
  }

  /** NumPy's {@code multiply}(this, s), s a Python int. */
  public DistArray multiply(long s) {
    return binary(BinaryOp.MULTIPLY, s, false);
  }

  /** NumPy's {@code divide}(this, o), broadcast across shapes and distributions. */
  public DistArray divide(DistArray o) {
    return binary(BinaryOp.DIVIDE, o);
  }

  /** NumPy's {@code divide}(this, s), s a Python float. */
  public DistArray divide(double s) {
    return binary(BinaryOp.DIVIDE, s, false);
  }

  /** NumPy's {@code divide}(this, s), s a Python int. */
  public DistArray divide(long s) {
    return binary(BinaryOp.DIVIDE, s, false);
  }

  /** NumPy's {@code power}(this, o), broadcast across shapes and distributions. */
  public DistArray power(DistArray o) {
    return binary(BinaryOp.POWER, o);
  }

  /** NumPy's {@code power}(this, s), s a Python float. */
  public DistArray power(double s) {
    return binary(BinaryOp.POWER, s, false);
  }

  /** NumPy's {@code power}(this, s), s a Python int. */
  public DistArray power(long s) {
    return binary(BinaryOp.POWER, s, false);
  }

  /** NumPy's {@code mod}(this, o), broadcast across shapes and distributions. */
  public DistArray mod(DistArray o) {
    return binary(BinaryOp.MOD, o);
  }

  /** NumPy's {@code mod}(this, s), s a Python float. */
  public DistArray mod(double s) {
    return binary(BinaryOp.MOD, s, false);
  }

  /** NumPy's {@code mod}(this, s), s a Python int. */
  public DistArray mod(long s) {
    return binary(BinaryOp.MOD, s, false);
  }

  /** NumPy's {@code fmod}(this, o), broadcast across shapes and distributions. */
  public DistArray fmod(DistArray o) {
    return binary(BinaryOp.FMOD, o);
  }

  /** NumPy's {@code fmod}(this, s), s a Python float. */
  public DistArray fmod(double s) {
    return binary(BinaryOp.FMOD, s, false);
  }

  /** NumPy's {@code fmod}(this, s), s a Python int. */
  public DistArray fmod(long s) {
    return binary(BinaryOp.FMOD, s, false);
  }

  /** NumPy's {@code floor_divide}(this, o), broadcast across shapes and distributions. */
  public DistArray floorDivide(DistArray o) {
    return binary(BinaryOp.FLOOR_DIVIDE, o);
  }

  /** NumPy's {@code floor_divide}(this, s), s a Python float. */
  public DistArray floorDivide(double s) {
    return binary(BinaryOp.FLOOR_DIVIDE, s, false);
  }

  /** NumPy's {@code floor_divide}(this, s), s a Python int. */
  public DistArray floorDivide(long s) {
    return binary(BinaryOp.FLOOR_DIVIDE, s, false);
  }

  /** NumPy's {@code maximum}(this, o), broadcast across shapes and distributions. */
  public DistArray maximum(DistArray o) {
    return binary(BinaryOp.MAXIMUM, o);
  }

  /** NumPy's {@code maximum}(this, s), s a Python float. */
  public DistArray maximum(double s) {
    return binary(BinaryOp.MAXIMUM, s, false);
  }

  /** NumPy's {@code maximum}(this, s), s a Python int. */
  public DistArray maximum(long s) {
    return binary(BinaryOp.MAXIMUM, s, false);
  }

  /** NumPy's {@code minimum}(this, o), broadcast across shapes and distributions. */
  public DistArray minimum(DistArray o) {
    return binary(BinaryOp.MINIMUM, o);
  }

  /** NumPy's {@code minimum}(this, s), s a Python float. */
  public DistArray minimum(double s) {
    return binary(BinaryOp.MINIMUM, s, false);
  }

  /** NumPy's {@code minimum}(this, s), s a Python int. */
  public DistArray minimum(long s) {
    return binary(BinaryOp.MINIMUM, s, false);
  }

  /** NumPy's {@code arctan2}(this, o), broadcast across shapes and distributions. */
  public DistArray arctan2(DistArray o) {
    return binary(BinaryOp.ARCTAN2, o);
  }

  /** NumPy's {@code arctan2}(this, s), s a Python float. */
  public DistArray arctan2(double s) {
    return binary(BinaryOp.ARCTAN2, s, false);
  }

  /** NumPy's {@code arctan2}(this, s), s a Python int. */
  public DistArray arctan2(long s) {
    return binary(BinaryOp.ARCTAN2, s, false);
  }

  /** NumPy's {@code hypot}(this, o), broadcast across shapes and distributions. */
  public DistArray hypot(DistArray o) {
    return binary(BinaryOp.HYPOT, o);
  }

  /** NumPy's {@code hypot}(this, s), s a Python float. */
  public DistArray hypot(double s) {
    return binary(BinaryOp.HYPOT, s, false);
  }

  /** NumPy's {@code hypot}(this, s), s a Python int. */
  public DistArray hypot(long s) {
    return binary(BinaryOp.HYPOT, s, false);
  }

  /** NumPy's {@code less}(this, o), broadcast across shapes and distributions. */
  public DistArray less(DistArray o) {
    return binary(BinaryOp.LESS, o);
  }

  /** NumPy's {@code less}(this, s), s a Python float. */
  public DistArray less(double s) {
    return binary(BinaryOp.LESS, s, false);
  }

  /** NumPy's {@code less}(this, s), s a Python int. */
  public DistArray less(long s) {
    return binary(BinaryOp.LESS, s, false);
  }

  /** NumPy's {@code less_equal}(this, o), broadcast across shapes and distributions. */
  public DistArray lessEqual(DistArray o) {
    return binary(BinaryOp.LESS_EQUAL, o);
  }

  /** NumPy's {@code less_equal}(this, s), s a Python float. */
  public DistArray lessEqual(double s) {
    return binary(BinaryOp.LESS_EQUAL, s, false);
  }

  /** NumPy's {@code less_equal}(this, s), s a Python int. */
  public DistArray lessEqual(long s) {
    return binary(BinaryOp.LESS_EQUAL, s, false);
  }

  /** NumPy's {@code greater}(this, o), broadcast across shapes and distributions. */
  public DistArray greater(DistArray o) {
    return binary(BinaryOp.GREATER, o);
  }

  /** NumPy's {@code greater}(this, s), s a Python float. */
  public DistArray greater(double s) {
    return binary(BinaryOp.GREATER, s, false);
  }

  /** NumPy's {@code greater}(this, s), s a Python int. */
  public DistArray greater(long s) {
    return binary(BinaryOp.GREATER, s, false);
  }

  /** NumPy's {@code greater_equal}(this, o), broadcast across shapes and distributions. */
  public DistArray greaterEqual(DistArray o) {
    return binary(BinaryOp.GREATER_EQUAL, o);
  }

  /** NumPy's {@code greater_equal}(this, s), s a Python float. */
  public DistArray greaterEqual(double s) {
    return binary(BinaryOp.GREATER_EQUAL, s, false);
  }

  /** NumPy's {@code greater_equal}(this, s), s a Python int. */
  public DistArray greaterEqual(long s) {
    return binary(BinaryOp.GREATER_EQUAL, s, false);
  }

  /** NumPy's {@code equal}(this, o), broadcast across shapes and distributions. */
  public DistArray equal(DistArray o) {
    return binary(BinaryOp.EQUAL, o);
  }

  /** NumPy's {@code equal}(this, s), s a Python float. */
  public DistArray equal(double s) {
    return binary(BinaryOp.EQUAL, s, false);
  }

  /** NumPy's {@code equal}(this, s), s a Python int. */
  public DistArray equal(long s) {
    return binary(BinaryOp.EQUAL, s, false);
  }

  /** NumPy's {@code not_equal}(this, o), broadcast across shapes and distributions. */
  public DistArray notEqual(DistArray o) {
    return binary(BinaryOp.NOT_EQUAL, o);
  }

  /** NumPy's {@code not_equal}(this, s), s a Python float. */
  public DistArray notEqual(double s) {
    return binary(BinaryOp.NOT_EQUAL, s, false);
  }

  /** NumPy's {@code not_equal}(this, s), s a Python int. */
  public DistArray notEqual(long s) {
    return binary(BinaryOp.NOT_EQUAL, s, false);
  }

  /** NumPy's {@code logical_and}(this, o), broadcast across shapes and distributions. */
  public DistArray logicalAnd(DistArray o) {
    return binary(BinaryOp.LOGICAL_AND, o);
  }

  /** NumPy's {@code logical_and}(this, s), s a Python float. */
  public DistArray logicalAnd(double s) {
    return binary(BinaryOp.LOGICAL_AND, s, false);
  }

  /** NumPy's {@code logical_and}(this, s), s a Python int. */
  public DistArray logicalAnd(long s) {
    return binary(BinaryOp.LOGICAL_AND, s, false);
  }

  /** NumPy's {@code logical_or}(this, o), broadcast across shapes and distributions. */
  public DistArray logicalOr(DistArray o) {
    return binary(BinaryOp.LOGICAL_OR, o);
  }

  /** NumPy's {@code logical_or}(this, s), s a Python float. */
  public DistArray logicalOr(double s) {
    return binary(BinaryOp.LOGICAL_OR, s, false);
  }

  /** NumPy's {@code logical_or}(this, s), s a Python int. */
  public DistArray logicalOr(long s) {
    return binary(BinaryOp.LOGICAL_OR, s, false);
  }

  /** NumPy's {@code logical_xor}(this, o), broadcast across shapes and distributions. */
  public DistArray logicalXor(DistArray o) {
    return binary(BinaryOp.LOGICAL_XOR, o);
  }

  /** NumPy's {@code logical_xor}(this, s), s a Python float. */
  public DistArray logicalXor(double s) {
    return binary(BinaryOp.LOGICAL_XOR, s, false);
  }

  /** NumPy's {@code logical_xor}(this, s), s a Python int. */
  public DistArray logicalXor(long s) {
    return binary(BinaryOp.LOGICAL_XOR, s, false);
  }

  /** NumPy's {@code bitwise_and}(this, o), broadcast across shapes and distributions. */
  public DistArray bitwiseAnd(DistArray o) {
    return binary(BinaryOp.BITWISE_AND, o);
  }

  /** NumPy's {@code bitwise_and}(this, s), s a Python int. */
  public DistArray bitwiseAnd(long s) {
    return binary(BinaryOp.BITWISE_AND, s, false);
  }

  /** NumPy's {@code bitwise_or}(this, o), broadcast across shapes and distributions. */
  public DistArray bitwiseOr(DistArray o) {
    return binary(BinaryOp.BITWISE_OR, o);
  }

  /** NumPy's {@code bitwise_or}(this, s), s a Python int. */
  public DistArray bitwiseOr(long s) {
    return binary(BinaryOp.BITWISE_OR, s, false);
  }

  /** NumPy's {@code bitwise_xor}(this, o), broadcast across shapes and distributions. */
  public DistArray bitwiseXor(DistArray o) {
    return binary(BinaryOp.BITWISE_XOR, o);
  }

  /** NumPy's {@code bitwise_xor}(this, s), s a Python int. */
  public DistArray bitwiseXor(long s) {
    return binary(BinaryOp.BITWISE_XOR, s, false);
  }

  /** NumPy's {@code left_shift}(this, o), broadcast across shapes and distributions. */
  public DistArray leftShift(DistArray o) {
    return binary(BinaryOp.LEFT_SHIFT, o);
  }

  /** NumPy's {@code left_shift}(this, s), s a Python int. */
  public DistArray leftShift(long s) {
    return binary(BinaryOp.LEFT_SHIFT, s, false);
  }

  /** NumPy's {@code right_shift}(this, o), broadcast across shapes and distributions. */
  public DistArray rightShift(DistArray o) {
    return binary(BinaryOp.RIGHT_SHIFT, o);
  }

  /** NumPy's {@code right_shift}(this, s), s a Python int. */
  public DistArray rightShift(long s) {
    return binary(BinaryOp.RIGHT_SHIFT, s, false);
  }

  /** NumPy's {@code negative}(this). */
  public DistArray negative() {
    return unary(UnaryOp.NEGATIVE);
  }

  /** NumPy's {@code positive}(this). */
  public DistArray positive() {
    return unary(UnaryOp.POSITIVE);
  }

  /** NumPy's {@code abs}(this). */
  public DistArray abs() {
    return unary(UnaryOp.ABS);
  }

  /** NumPy's {@code sqrt}(this). */
  public DistArray sqrt() {
    return unary(UnaryOp.SQRT);
  }

  /** NumPy's {@code square}(this). */
  public DistArray square() {
    return unary(UnaryOp.SQUARE);
  }

  /** NumPy's {@code exp}(this). */
  public DistArray exp() {
    return unary(UnaryOp.EXP);
  }

  /** NumPy's {@code expm1}(this). */
  public DistArray expm1() {
    return unary(UnaryOp.EXPM1);
  }

  /** NumPy's {@code log}(this). */
  public DistArray log() {
    return unary(UnaryOp.LOG);
  }

  /** NumPy's {@code log10}(this). */
  public DistArray log10() {
    return unary(UnaryOp.LOG10);
  }

  /** NumPy's {@code log1p}(this). */
  public DistArray log1p() {
    return unary(UnaryOp.LOG1P);
  }

  /** NumPy's {@code sin}(this). */
  public DistArray sin() {
    return unary(UnaryOp.SIN);
  }

  /** NumPy's {@code cos}(this). */
  public DistArray cos() {
    return unary(UnaryOp.COS);
  }

  /** NumPy's {@code tan}(this). */
  public DistArray tan() {
    return unary(UnaryOp.TAN);
  }

  /** NumPy's {@code arcsin}(this). */
  public DistArray arcsin() {
    return unary(UnaryOp.ARCSIN);
  }

  /** NumPy's {@code arccos}(this). */
  public DistArray arccos() {
    return unary(UnaryOp.ARCCOS);
  }

  /** NumPy's {@code arctan}(this). */
  public DistArray arctan() {
    return unary(UnaryOp.ARCTAN);
  }

  /** NumPy's {@code arcsinh}(this). */
  public DistArray arcsinh() {
    return unary(UnaryOp.ARCSINH);
  }

  /** NumPy's {@code arccosh}(this). */
  public DistArray arccosh() {
    return unary(UnaryOp.ARCCOSH);
  }

  /** NumPy's {@code arctanh}(this). */
  public DistArray arctanh() {
    return unary(UnaryOp.ARCTANH);
  }

  /** NumPy's {@code sinh}(this). */
  public DistArray sinh() {
    return unary(UnaryOp.SINH);
  }

  /** NumPy's {@code cosh}(this). */
  public DistArray cosh() {
    return unary(UnaryOp.COSH);
  }

  /** NumPy's {@code tanh}(this). */
  public DistArray tanh() {
    return unary(UnaryOp.TANH);
  }

  /** NumPy's {@code floor}(this). */
  public DistArray floor() {
    return unary(UnaryOp.FLOOR);
  }

  /** NumPy's {@code ceil}(this). */
  public DistArray ceil() {
    return unary(UnaryOp.CEIL);
  }

  /** NumPy's {@code rint}(this). */
  public DistArray rint() {
    return unary(UnaryOp.RINT);
  }

  /** NumPy's {@code sign}(this). */
  public DistArray sign() {
    return unary(UnaryOp.SIGN);
  }

  /** NumPy's {@code reciprocal}(this). */
  public DistArray reciprocal() {
    return unary(UnaryOp.RECIPROCAL);
  }

  /** NumPy's {@code conjugate}(this). */
  public DistArray conjugate() {
    return unary(UnaryOp.CONJUGATE);
  }

  /** NumPy's {@code real}(this): the real parts (FLOAT64/FLOAT32) of a complex array, a copy of a real one. */
  public DistArray real() {
    return unary(UnaryOp.REAL);
  }

  /** NumPy's {@code imag}(this): the imaginary parts of a complex array, zeros of a real array's dtype. */
  public DistArray imag() {
    return unary(UnaryOp.IMAG);
  }

  /** NumPy's {@code isnan}(this): BOOL. */
  public DistArray isnan() {
    return unary(UnaryOp.ISNAN);
  }

  /** NumPy's {@code isinf}(this): BOOL. */
  public DistArray isinf() {
    return unary(UnaryOp.ISINF);
  }

  /** NumPy's {@code isfinite}(this): BOOL. */
  public DistArray isfinite() {
    return unary(UnaryOp.ISFINITE);
  }

  /** NumPy's {@code invert}(this). */
  public DistArray invert() {
    return unary(UnaryOp.INVERT);
  }

  /** NumPy's {@code logical_not}(this). */
  public DistArray logicalNot() {
    return unary(UnaryOp.LOGICAL_NOT);
  }
}
