package org.distarray.arrays.ops;

import java.util.Arrays;
import org.distarray.arrays.DType;
import org.distarray.arrays.DTypeException;
import org.distarray.arrays.NdArray;
import org.distarray.arrays.Shape;
import org.distarray.arrays.ShapeMismatchException;

/**
 * NumPy's elementwise functions on local arrays: every unary and binary ufunc, NumPy broadcasting, NumPy result
 * dtypes ({@link BinaryOp}, {@link UnaryOp}), array-array and array-scalar forms, and an optional {@code out}.
 *
 * <p>Inputs are never modified; the two-argument forms return a new C-order array, the {@code out} forms write
 * {@code out} (which must have the broadcast shape and a dtype the result casts to by NumPy's "same_kind" rule)
 * and return it. A Java double behaves like a Python float: FLOAT32 stays FLOAT32, integers and BOOL give
 * FLOAT64. Example: {@code Ufuncs.add(NdArray.arange(3), 0.5)} is {@code [0.5, 1.5, 2.5]} (FLOAT64).
 *
 * @throws ShapeMismatchException from every method when shapes do not broadcast, naming both shapes
 */
public final class Ufuncs {
  private Ufuncs() {}

  /** op(a, b) broadcast, in a new array of NumPy's result dtype. a, b: Not modified. */
  public static NdArray binary(BinaryOp op, NdArray a, NdArray b) {
    return binary(op, a, b, null);
  }

  /**
   * op(a, b) broadcast, written to out (or a new array when out is null) and returned.
   *
   * @param a Not modified.
   * @param b Not modified.
   * @param out Modified; may be a or b itself for in-place work.
   */
  public static NdArray binary(BinaryOp op, NdArray a, NdArray b, NdArray out) {
    if (out != null && binaryFlatDouble(op, a, b, out)) {
      return out;
    }
    DType rt = op.resultType(a.dtype(), b.dtype());
    Shape shape = NdArray.broadcastShapes(a.shape(), b.shape());
    NdArray target = prepareOut(out, rt, shape, op.numpyName());
    UfuncLoops.binary(op, op.loop(a.dtype(), b.dtype()), a.broadcastTo(shape), b.broadcastTo(shape), target);
    return target;
  }

  /** op(a, s) with s a Python-float-like scalar. a: Not modified. */
  public static NdArray binary(BinaryOp op, NdArray a, double s) {
    return binary(op, a, NdArray.scalar(BinaryOp.scalarType(a.dtype()), s), null);
  }

  /** op(s, a) with s a Python-float-like scalar on the left, as NumPy's {@code s - a}. a: Not modified. */
  public static NdArray binary(BinaryOp op, double s, NdArray a) {
    return binary(op, NdArray.scalar(BinaryOp.scalarType(a.dtype()), s), a, null);
  }

  /** op(a, s) with s a Python-int-like scalar (see {@link BinaryOp#intScalarType}). a: Not modified. */
  public static NdArray binary(BinaryOp op, NdArray a, long s) {
    return intScalar(op, a, s, false);
  }

  /** op(s, a) with s a Python-int-like scalar on the left. a: Not modified. */
  public static NdArray binary(BinaryOp op, long s, NdArray a) {
    return intScalar(op, a, s, true);
  }

  private static NdArray intScalar(BinaryOp op, NdArray a, long s, boolean scalarFirst) {
    DType st = op.intScalarType(a.dtype(), s);
    NdArray x = longScalar(st, s);
    DType rt = op.intScalarResult(a.dtype(), s);
    DType natural = scalarFirst ? op.resultType(st, a.dtype()) : op.resultType(a.dtype(), st);
    NdArray out = natural == rt ? null : NdArray.zeros(rt, a.dims());
    return scalarFirst ? binary(op, x, a, out) : binary(op, a, x, out);
  }

  private static NdArray longScalar(DType t, long s) {
    NdArray x = NdArray.zeros(t);
    if (t.isFloating()) {
      x.set(s);
    } else {
      x.setLong(s);
    }
    return x;
  }

  /** op(a) in a new array of NumPy's result dtype. a: Not modified. */
  public static NdArray unary(UnaryOp op, NdArray a) {
    return unary(op, a, null);
  }

  /** op(a) written to out (or a new array when null) and returned. a: Not modified. out: Modified. */
  public static NdArray unary(UnaryOp op, NdArray a, NdArray out) {
    boolean part = (op == UnaryOp.REAL || op == UnaryOp.IMAG) && !a.dtype().isComplex();
    if (!part && out != null && unaryFlatDouble(op, a, out)) {
      return out;
    }
    DType rt = op.resultType(a.dtype());
    NdArray target = prepareOut(out, rt, a.shape(), op.numpyName());
    if (part) {
      if (op == UnaryOp.REAL) {
        Cast.copy(a, target);
      } else {
        target.fill(0);
      }
      return target;
    }
    UfuncLoops.unary(op, op.loop(a.dtype()), a.broadcastTo(target.shape()), target);
    return target;
  }

  /**
   * {@code out = a * b + c}, broadcast, with NumPy's result dtype and rounding (the product is rounded before the
   * sum, as separate {@code multiply} and {@code add} do; this is not an FMA). One pass over memory for 1-D
   * FLOAT64 operands; otherwise the same as {@code add(multiply(a, b), c, out)}.
   *
   * @param out Modified; null for a new array.
   */
  public static NdArray multiplyAdd(NdArray a, NdArray b, NdArray c, NdArray out) {
    if (out != null && out.dtype() == DType.FLOAT64 && out.ndim() == 1 && a.dtype() == DType.FLOAT64
        && b.dtype() == DType.FLOAT64 && c.dtype() == DType.FLOAT64) {
      int n = (int) out.dims()[0];
      int sa = flatStride(a, n);
      int sb = flatStride(b, n);
      int sc = flatStride(c, n);
      if (sa >= 0 && sb >= 0 && sc >= 0 && (out.strides()[0] == 1 || n <= 1)) {
        DoubleKernels.multiplyAdd((double[]) a.storage(), (int) a.offset(), sa, (double[]) b.storage(),
            (int) b.offset(), sb, (double[]) c.storage(), (int) c.offset(), sc, (double[]) out.storage(),
            (int) out.offset(), n);
        return out;
      }
    }
    return binary(BinaryOp.ADD, binary(BinaryOp.MULTIPLY, a, b), c, out);
  }

  /**
   * The short way for 1-D FLOAT64 runs with unit stride (and 0-d scalars): straight to the inner loop, without the
   * general broadcasting and conversion machinery. This is what chunked, fused evaluation calls many times.
   */
  private static boolean binaryFlatDouble(BinaryOp op, NdArray a, NdArray b, NdArray out) {
    if (op.isPredicate() || op.loop(a.dtype(), b.dtype()) != BinaryOp.Loop.DOUBLE || out.dtype() != DType.FLOAT64
        || a.dtype() != DType.FLOAT64 || b.dtype() != DType.FLOAT64 || out.ndim() != 1) {
      return false;
    }
    int n = (int) out.dims()[0];
    int sa = flatStride(a, n);
    int sb = flatStride(b, n);
    if (sa < 0 || sb < 0 || out.strides()[0] != 1 && n > 1) {
      return false;
    }
    DoubleKernels.binary(op, (double[]) a.storage(), (int) a.offset(), sa, (double[]) b.storage(), (int) b.offset(),
        sb, (double[]) out.storage(), (int) out.offset(), 1, n);
    return true;
  }

  private static boolean unaryFlatDouble(UnaryOp op, NdArray a, NdArray out) {
    if (a.dtype() != DType.FLOAT64 || out.dtype() != DType.FLOAT64 || out.ndim() != 1
        || op.loop(DType.FLOAT64) != BinaryOp.Loop.DOUBLE) {
      return false;
    }
    int n = (int) out.dims()[0];
    int sa = flatStride(a, n);
    if (sa < 0 || out.strides()[0] != 1 && n > 1) {
      return false;
    }
    DoubleKernels.unary(op, (double[]) a.storage(), (int) a.offset(), sa, (double[]) out.storage(),
        (int) out.offset(), 1, n);
    return true;
  }

  /** 1 for a unit-stride 1-D operand of length n, 0 for a 0-d one, -1 otherwise. */
  private static int flatStride(NdArray x, int n) {
    if (x.ndim() == 0) {
      return 0;
    }
    if (x.ndim() == 1 && x.dims()[0] == n && (x.strides()[0] == 1 || n <= 1)) {
      return 1;
    }
    return -1;
  }

  private static NdArray prepareOut(NdArray out, DType rt, Shape shape, String name) {
    if (out == null) {
      return NdArray.zeros(rt, shape.dims());
    }
    if (!Arrays.equals(out.dims(), shape.dims())) {
      throw new ShapeMismatchException("non-broadcastable output operand with shape " + out.shape()
          + " doesn't match the broadcast shape " + shape + " of " + name);
    }
    if (!castsSameKind(rt, out.dtype())) {
      throw new DTypeException("Cannot cast ufunc '" + name + "' output from " + rt + " to " + out.dtype()
          + " with casting rule 'same_kind'");
    }
    return out;
  }

  /**
   * NumPy's "same_kind" casting between our dtypes: bool to anything, integer to integer, float or complex, float to
   * float or complex, complex to complex.
   */
  static boolean castsSameKind(DType from, DType to) {
    if (from == DType.BOOL || from == to) {
      return true;
    }
    if (from.isInteger()) {
      return to != DType.BOOL;
    }
    if (from.isComplex()) {
      return to.isComplex();
    }
    return to.isInexact();
  }

  // ---- named binary ufuncs ----

  /** NumPy's {@code add}(a, b), broadcast. */
  public static NdArray add(NdArray a, NdArray b) {
    return binary(BinaryOp.ADD, a, b, null);
  }

  /** NumPy's {@code add}(a, s) with a Python-float-like scalar. */
  public static NdArray add(NdArray a, double s) {
    return binary(BinaryOp.ADD, a, s);
  }

  /** NumPy's {@code subtract}(a, b), broadcast. */
  public static NdArray subtract(NdArray a, NdArray b) {
    return binary(BinaryOp.SUBTRACT, a, b, null);
  }

  /** NumPy's {@code subtract}(a, s) with a Python-float-like scalar. */
  public static NdArray subtract(NdArray a, double s) {
    return binary(BinaryOp.SUBTRACT, a, s);
  }

  /** NumPy's {@code multiply}(a, b), broadcast. */
  public static NdArray multiply(NdArray a, NdArray b) {
    return binary(BinaryOp.MULTIPLY, a, b, null);
  }

  /** NumPy's {@code multiply}(a, s) with a Python-float-like scalar. */
  public static NdArray multiply(NdArray a, double s) {
    return binary(BinaryOp.MULTIPLY, a, s);
  }

  /** NumPy's {@code divide}(a, b), broadcast. */
  public static NdArray divide(NdArray a, NdArray b) {
    return binary(BinaryOp.DIVIDE, a, b, null);
  }

  /** NumPy's {@code divide}(a, s) with a Python-float-like scalar. */
  public static NdArray divide(NdArray a, double s) {
    return binary(BinaryOp.DIVIDE, a, s);
  }

  /** NumPy's {@code power}(a, b), broadcast. */
  public static NdArray power(NdArray a, NdArray b) {
    return binary(BinaryOp.POWER, a, b, null);
  }

  /** NumPy's {@code power}(a, s) with a Python-float-like scalar. */
  public static NdArray power(NdArray a, double s) {
    return binary(BinaryOp.POWER, a, s);
  }

  /** NumPy's {@code mod}(a, b), broadcast. */
  public static NdArray mod(NdArray a, NdArray b) {
    return binary(BinaryOp.MOD, a, b, null);
  }

  /** NumPy's {@code mod}(a, s) with a Python-float-like scalar. */
  public static NdArray mod(NdArray a, double s) {
    return binary(BinaryOp.MOD, a, s);
  }

  /** NumPy's {@code floor_divide}(a, b), broadcast. */
  public static NdArray floorDivide(NdArray a, NdArray b) {
    return binary(BinaryOp.FLOOR_DIVIDE, a, b, null);
  }

  /** NumPy's {@code floor_divide}(a, s) with a Python-float-like scalar. */
  public static NdArray floorDivide(NdArray a, double s) {
    return binary(BinaryOp.FLOOR_DIVIDE, a, s);
  }

  /** NumPy's {@code maximum}(a, b), broadcast. */
  public static NdArray maximum(NdArray a, NdArray b) {
    return binary(BinaryOp.MAXIMUM, a, b, null);
  }

  /** NumPy's {@code maximum}(a, s) with a Python-float-like scalar. */
  public static NdArray maximum(NdArray a, double s) {
    return binary(BinaryOp.MAXIMUM, a, s);
  }

  /** NumPy's {@code minimum}(a, b), broadcast. */
  public static NdArray minimum(NdArray a, NdArray b) {
    return binary(BinaryOp.MINIMUM, a, b, null);
  }

  /** NumPy's {@code minimum}(a, s) with a Python-float-like scalar. */
  public static NdArray minimum(NdArray a, double s) {
    return binary(BinaryOp.MINIMUM, a, s);
  }

  /** NumPy's {@code arctan2}(a, b), broadcast. */
  public static NdArray arctan2(NdArray a, NdArray b) {
    return binary(BinaryOp.ARCTAN2, a, b, null);
  }

  /** NumPy's {@code arctan2}(a, s) with a Python-float-like scalar. */
  public static NdArray arctan2(NdArray a, double s) {
    return binary(BinaryOp.ARCTAN2, a, s);
  }

  /** NumPy's {@code hypot}(a, b), broadcast. */
  public static NdArray hypot(NdArray a, NdArray b) {
    return binary(BinaryOp.HYPOT, a, b, null);
  }

  /** NumPy's {@code hypot}(a, s) with a Python-float-like scalar. */
  public static NdArray hypot(NdArray a, double s) {
    return binary(BinaryOp.HYPOT, a, s);
  }

  /** NumPy's {@code less}(a, b), broadcast. */
  public static NdArray less(NdArray a, NdArray b) {
    return binary(BinaryOp.LESS, a, b, null);
  }

  /** NumPy's {@code less}(a, s) with a Python-float-like scalar. */
  public static NdArray less(NdArray a, double s) {
    return binary(BinaryOp.LESS, a, s);
  }

  /** NumPy's {@code less_equal}(a, b), broadcast. */
  public static NdArray lessEqual(NdArray a, NdArray b) {
    return binary(BinaryOp.LESS_EQUAL, a, b, null);
  }

  /** NumPy's {@code less_equal}(a, s) with a Python-float-like scalar. */
  public static NdArray lessEqual(NdArray a, double s) {
    return binary(BinaryOp.LESS_EQUAL, a, s);
  }

  /** NumPy's {@code greater}(a, b), broadcast. */
  public static NdArray greater(NdArray a, NdArray b) {
    return binary(BinaryOp.GREATER, a, b, null);
  }

  /** NumPy's {@code greater}(a, s) with a Python-float-like scalar. */
  public static NdArray greater(NdArray a, double s) {
    return binary(BinaryOp.GREATER, a, s);
  }

  /** NumPy's {@code greater_equal}(a, b), broadcast. */
  public static NdArray greaterEqual(NdArray a, NdArray b) {
    return binary(BinaryOp.GREATER_EQUAL, a, b, null);
  }

  /** NumPy's {@code greater_equal}(a, s) with a Python-float-like scalar. */
  public static NdArray greaterEqual(NdArray a, double s) {
    return binary(BinaryOp.GREATER_EQUAL, a, s);
  }

  /** NumPy's {@code equal}(a, b), broadcast. */
  public static NdArray equal(NdArray a, NdArray b) {
    return binary(BinaryOp.EQUAL, a, b, null);
  }

  /** NumPy's {@code equal}(a, s) with a Python-float-like scalar. */
  public static NdArray equal(NdArray a, double s) {
    return binary(BinaryOp.EQUAL, a, s);
  }

  /** NumPy's {@code not_equal}(a, b), broadcast. */
  public static NdArray notEqual(NdArray a, NdArray b) {
    return binary(BinaryOp.NOT_EQUAL, a, b, null);
  }

  /** NumPy's {@code not_equal}(a, s) with a Python-float-like scalar. */
  public static NdArray notEqual(NdArray a, double s) {
    return binary(BinaryOp.NOT_EQUAL, a, s);
  }

  /** NumPy's {@code logical_and}(a, b), broadcast. */
  public static NdArray logicalAnd(NdArray a, NdArray b) {
    return binary(BinaryOp.LOGICAL_AND, a, b, null);
  }

  /** NumPy's {@code logical_and}(a, s) with a Python-float-like scalar. */
  public static NdArray logicalAnd(NdArray a, double s) {
    return binary(BinaryOp.LOGICAL_AND, a, s);
  }

  /** NumPy's {@code logical_or}(a, b), broadcast. */
  public static NdArray logicalOr(NdArray a, NdArray b) {
    return binary(BinaryOp.LOGICAL_OR, a, b, null);
  }

  /** NumPy's {@code logical_or}(a, s) with a Python-float-like scalar. */
  public static NdArray logicalOr(NdArray a, double s) {
    return binary(BinaryOp.LOGICAL_OR, a, s);
  }

  /** NumPy's {@code logical_xor}(a, b), broadcast. */
  public static NdArray logicalXor(NdArray a, NdArray b) {
    return binary(BinaryOp.LOGICAL_XOR, a, b, null);
  }

  /** NumPy's {@code logical_xor}(a, s) with a Python-float-like scalar. */
  public static NdArray logicalXor(NdArray a, double s) {
    return binary(BinaryOp.LOGICAL_XOR, a, s);
  }

  // ---- named unary ufuncs ----

  /** NumPy's {@code negative}(a). */
  public static NdArray negative(NdArray a) {
    return unary(UnaryOp.NEGATIVE, a, null);
  }

  /** NumPy's {@code abs}(a). */
  public static NdArray abs(NdArray a) {
    return unary(UnaryOp.ABS, a, null);
  }

  /** NumPy's {@code sqrt}(a). */
  public static NdArray sqrt(NdArray a) {
    return unary(UnaryOp.SQRT, a, null);
  }

  /** NumPy's {@code square}(a). */
  public static NdArray square(NdArray a) {
    return unary(UnaryOp.SQUARE, a, null);
  }

  /** NumPy's {@code exp}(a). */
  public static NdArray exp(NdArray a) {
    return unary(UnaryOp.EXP, a, null);
  }

  /** NumPy's {@code expm1}(a). */
  public static NdArray expm1(NdArray a) {
    return unary(UnaryOp.EXPM1, a, null);
  }

  /** NumPy's {@code log}(a). */
  public static NdArray log(NdArray a) {
    return unary(UnaryOp.LOG, a, null);
  }

  /** NumPy's {@code log10}(a). */
  public static NdArray log10(NdArray a) {
    return unary(UnaryOp.LOG10, a, null);
  }

  /** NumPy's {@code log1p}(a). */
  public static NdArray log1p(NdArray a) {
    return unary(UnaryOp.LOG1P, a, null);
  }

  /** NumPy's {@code sin}(a). */
  public static NdArray sin(NdArray a) {
    return unary(UnaryOp.SIN, a, null);
  }

  /** NumPy's {@code cos}(a). */
  public static NdArray cos(NdArray a) {
    return unary(UnaryOp.COS, a, null);
  }

  /** NumPy's {@code tan}(a). */
  public static NdArray tan(NdArray a) {
    return unary(UnaryOp.TAN, a, null);
  }

  /** NumPy's {@code arcsin}(a). */
  public static NdArray arcsin(NdArray a) {
    return unary(UnaryOp.ARCSIN, a, null);
  }

  /** NumPy's {@code arccos}(a). */
  public static NdArray arccos(NdArray a) {
    return unary(UnaryOp.ARCCOS, a, null);
  }

  /** NumPy's {@code arctan}(a). */
  public static NdArray arctan(NdArray a) {
    return unary(UnaryOp.ARCTAN, a, null);
  }

  /** NumPy's {@code sinh}(a). */
  public static NdArray sinh(NdArray a) {
    return unary(UnaryOp.SINH, a, null);
  }

  /** NumPy's {@code cosh}(a). */
  public static NdArray cosh(NdArray a) {
    return unary(UnaryOp.COSH, a, null);
  }

  /** NumPy's {@code tanh}(a). */
  public static NdArray tanh(NdArray a) {
    return unary(UnaryOp.TANH, a, null);
  }

  /** NumPy's {@code floor}(a). */
  public static NdArray floor(NdArray a) {
    return unary(UnaryOp.FLOOR, a, null);
  }

  /** NumPy's {@code ceil}(a). */
  public static NdArray ceil(NdArray a) {
    return unary(UnaryOp.CEIL, a, null);
  }

  /** NumPy's {@code rint}(a). */
  public static NdArray rint(NdArray a) {
    return unary(UnaryOp.RINT, a, null);
  }

  /** NumPy's {@code sign}(a). */
  public static NdArray sign(NdArray a) {
    return unary(UnaryOp.SIGN, a, null);
  }

  /** NumPy's {@code reciprocal}(a). */
  public static NdArray reciprocal(NdArray a) {
    return unary(UnaryOp.RECIPROCAL, a, null);
  }

  /** NumPy's {@code real}(a): the real parts of a complex array (FLOAT64/FLOAT32), a copy of a real one. */
  public static NdArray real(NdArray a) {
    return unary(UnaryOp.REAL, a, null);
  }

  /** NumPy's {@code imag}(a): the imaginary parts of a complex array, zeros of a real array's dtype. */
  public static NdArray imag(NdArray a) {
    return unary(UnaryOp.IMAG, a, null);
  }

  /** NumPy's {@code conjugate}(a) (a copy for real dtypes; BOOL gives INT8). */
  public static NdArray conjugate(NdArray a) {
    return unary(UnaryOp.CONJUGATE, a, null);
  }

  /** NumPy's {@code isnan}(a): BOOL. */
  public static NdArray isnan(NdArray a) {
    return unary(UnaryOp.ISNAN, a, null);
  }

  /** NumPy's {@code isinf}(a): BOOL. */
  public static NdArray isinf(NdArray a) {
    return unary(UnaryOp.ISINF, a, null);
  }

  /** NumPy's {@code isfinite}(a): BOOL. */
  public static NdArray isfinite(NdArray a) {
    return unary(UnaryOp.ISFINITE, a, null);
  }

  /**
   * NumPy's {@code where(cond, x, y)}: x where cond is non-zero, else y, all three broadcast; the dtype is
   * {@code DType.promote(x, y)}.
   *
   * @param out Modified; null for a new array. It may be y itself (a masked fill in place), but must not share
   *     memory with cond or x.
   */
  public static NdArray where(NdArray cond, NdArray x, NdArray y, NdArray out) {
    DType rt = DType.promote(x.dtype(), y.dtype());
    Shape shape = NdArray.broadcastShapes(NdArray.broadcastShapes(cond.shape(), x.shape()), y.shape());
    NdArray target = prepareOut(out, rt, shape, "where");
    Cast.copy(y.broadcastTo(shape), target);
    NdArray xs = (x.dtype() == target.dtype() ? x : x.astype(target.dtype())).broadcastTo(shape);
    MaskedCopy.copy(cond.broadcastTo(shape), xs, target);
    return target;
  }

  /** NumPy's {@code logical_not}(a). */
  public static NdArray logicalNot(NdArray a) {
    return unary(UnaryOp.LOGICAL_NOT, a, null);
  }
}
