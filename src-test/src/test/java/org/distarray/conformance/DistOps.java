package org.distarray.conformance;

import org.distarray.arrays.ops.BinaryOp;
import org.distarray.arrays.ops.ReduceOp;
import org.distarray.arrays.ops.UnaryOp;
import org.distarray.runtime.DistArray;

/** The DistArray method for each local op, so that the tests can walk the local op enums. */
final class DistOps {
  private DistOps() {}

  static DistArray binary(BinaryOp op, DistArray a, DistArray b) {
    return switch (op) {
      case ADD -> a.add(b);
      case SUBTRACT -> a.subtract(b);
      case MULTIPLY -> a.multiply(b);
      case DIVIDE -> a.divide(b);
      case POWER -> a.power(b);
      case MOD -> a.mod(b);
      case FLOOR_DIVIDE -> a.floorDivide(b);
      case MAXIMUM -> a.maximum(b);
      case MINIMUM -> a.minimum(b);
      case ARCTAN2 -> a.arctan2(b);
      case HYPOT -> a.hypot(b);
      case LESS -> a.less(b);
      case LESS_EQUAL -> a.lessEqual(b);
      case GREATER -> a.greater(b);
      case GREATER_EQUAL -> a.greaterEqual(b);
      case EQUAL -> a.equal(b);
      case NOT_EQUAL -> a.notEqual(b);
      case LOGICAL_AND -> a.logicalAnd(b);
      case LOGICAL_OR -> a.logicalOr(b);
      case LOGICAL_XOR -> a.logicalXor(b);
      case FMOD -> a.fmod(b);
      case BITWISE_AND -> a.bitwiseAnd(b);
      case BITWISE_OR -> a.bitwiseOr(b);
      case BITWISE_XOR -> a.bitwiseXor(b);
      case LEFT_SHIFT -> a.leftShift(b);
      case RIGHT_SHIFT -> a.rightShift(b);
    };
  }

  static DistArray binary(BinaryOp op, DistArray a, double s) {
    return switch (op) {
      case ADD -> a.add(s);
      case SUBTRACT -> a.subtract(s);
      case MULTIPLY -> a.multiply(s);
      case DIVIDE -> a.divide(s);
      case POWER -> a.power(s);
      case MOD -> a.mod(s);
      case FLOOR_DIVIDE -> a.floorDivide(s);
      case MAXIMUM -> a.maximum(s);
      case MINIMUM -> a.minimum(s);
      case ARCTAN2 -> a.arctan2(s);
      case HYPOT -> a.hypot(s);
      case LESS -> a.less(s);
      case LESS_EQUAL -> a.lessEqual(s);
      case GREATER -> a.greater(s);
      case GREATER_EQUAL -> a.greaterEqual(s);
      case EQUAL -> a.equal(s);
      case NOT_EQUAL -> a.notEqual(s);
      case LOGICAL_AND -> a.logicalAnd(s);
      case LOGICAL_OR -> a.logicalOr(s);
      case LOGICAL_XOR -> a.logicalXor(s);
      case FMOD -> a.fmod(s);
      // bitwise ops and shifts have no double form (NumPy refuses float operands): the general form refuses too
      case BITWISE_AND, BITWISE_OR, BITWISE_XOR, LEFT_SHIFT, RIGHT_SHIFT -> a.binary(op, s, false);
    };
  }

  static DistArray unary(UnaryOp op, DistArray a) {
    return switch (op) {
      case NEGATIVE -> a.negative();
      case ABS -> a.abs();
      case SQRT -> a.sqrt();
      case SQUARE -> a.square();
      case EXP -> a.exp();
      case EXPM1 -> a.expm1();
      case LOG -> a.log();
      case LOG10 -> a.log10();
      case LOG1P -> a.log1p();
      case SIN -> a.sin();
      case COS -> a.cos();
      case TAN -> a.tan();
      case ARCSIN -> a.arcsin();
      case ARCCOS -> a.arccos();
      case ARCTAN -> a.arctan();
      case SINH -> a.sinh();
      case COSH -> a.cosh();
      case TANH -> a.tanh();
      case FLOOR -> a.floor();
      case CEIL -> a.ceil();
      case RINT -> a.rint();
      case SIGN -> a.sign();
      case RECIPROCAL -> a.reciprocal();
      case LOGICAL_NOT -> a.logicalNot();
      case POSITIVE -> a.positive();
      case ARCSINH -> a.arcsinh();
      case ARCCOSH -> a.arccosh();
      case ARCTANH -> a.arctanh();
      case CONJUGATE -> a.conjugate();
      case INVERT -> a.invert();
      case REAL -> a.real();
      case IMAG -> a.imag();
      case ISNAN -> a.isnan();
      case ISINF -> a.isinf();
      case ISFINITE -> a.isfinite();
    };
  }

  /** The full reduction as a number: booleans as 1 or 0, argmin/argmax as the flat index. */
  static double full(ReduceOp op, DistArray a) {
    return switch (op) {
      case SUM -> a.sum();
      case PROD -> a.prod();
      case MEAN -> a.mean();
      case VAR -> a.var();
      case STD -> a.std();
      case MIN -> a.min();
      case MAX -> a.max();
      case ARGMIN -> a.argmin();
      case ARGMAX -> a.argmax();
      case ANY -> a.any() ? 1 : 0;
      case ALL -> a.all() ? 1 : 0;
    };
  }

  /** The reduction along axes; argmin and argmax take exactly one axis. */
  static DistArray along(ReduceOp op, DistArray a, int... axes) {
    return switch (op) {
      case SUM -> a.sum(axes);
      case PROD -> a.prod(axes);
      case MEAN -> a.mean(axes);
      case VAR -> a.var(axes);
      case STD -> a.std(axes);
      case MIN -> a.min(axes);
      case MAX -> a.max(axes);
      case ARGMIN -> a.argmin(single(axes));
      case ARGMAX -> a.argmax(single(axes));
      case ANY -> a.any(axes);
      case ALL -> a.all(axes);
    };
  }

  static boolean takesOneAxis(ReduceOp op) {
    return op == ReduceOp.ARGMIN || op == ReduceOp.ARGMAX;
  }

  private static int single(int[] axes) {
    if (axes.length != 1) {
      throw new IllegalStateException("argmin/argmax take one axis, the test passed " + axes.length);
    }
    return axes[0];
  }
}
