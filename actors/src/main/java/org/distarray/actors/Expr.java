package org.distarray.actors;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.LongFunction;
import org.distarray.arrays.DType;
import org.distarray.arrays.ops.BinaryOp;
import org.distarray.arrays.ops.UnaryOp;

/**
 * An elementwise expression over arrays of one distribution, evaluated by each engine on its blocks in one fused
 * pass (chunk by chunk, so intermediate values never fill memory).
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "node")
@JsonSubTypes({
    @JsonSubTypes.Type(value = Expr.Leaf.class, name = "leaf"),
    @JsonSubTypes.Type(value = Expr.Scalar.class, name = "scalar"),
    @JsonSubTypes.Type(value = Expr.Unary.class, name = "unary"),
    @JsonSubTypes.Type(value = Expr.Binary.class, name = "binary"),
    @JsonSubTypes.Type(value = Expr.Cast.class, name = "cast"),
    @JsonSubTypes.Type(value = Expr.Where.class, name = "where")})
public sealed interface Expr extends CborSerializable {
  /** An existing array's blocks. */
  record Leaf(long array) implements Expr {}

  /**
   * A scalar of a dtype, broadcast (a Java double operand is FLOAT32 beside FLOAT32, else FLOAT64; a Java long
   * takes the dtype {@link BinaryOp#intScalarType} gives). Integer dtypes take {@code exact}, floats {@code value}.
   */
  record Scalar(double value, long exact, DType dtype) implements Expr {
    /** A Java double operand. */
    public Scalar(double value, DType dtype) {
      this(value, (long) value, dtype);
    }

    /** A Java long operand, kept exact in an integer dtype. */
    public static Scalar ofLong(long value, DType dtype) {
      return new Scalar(value, value, dtype);
    }

    /** The value as a 0-d array of its dtype. */
    public org.distarray.arrays.NdArray toNdArray() {
      org.distarray.arrays.NdArray a = org.distarray.arrays.NdArray.zeros(dtype);
      if (dtype.isInexact()) {
        a.set(value);
      } else {
        a.setLong(exact);
      }
      return a;
    }
  }

  /** op(x). */
  record Unary(UnaryOp op, Expr x) implements Expr {}

  /** op(a, b). */
  record Binary(BinaryOp op, Expr a, Expr b) implements Expr {}

  /** x.astype(dtype). */
  record Cast(DType dtype, Expr x) implements Expr {}

  /** NumPy's where(cond, x, y): x where cond is non-zero, else y; the dtype of x and y promoted. */
  record Where(Expr cond, Expr x, Expr y) implements Expr {}

  /**
   * The result dtype by NumPy's rules, given the dtypes of the leaves.
   *
   * @throws org.distarray.arrays.DTypeException where an op does not take its operands' dtypes
   */
  static DType resultType(Expr e, LongFunction<DType> leafType) {
    if (e instanceof Leaf l) {
      return leafType.apply(l.array());
    } else if (e instanceof Scalar s) {
      return s.dtype();
    } else if (e instanceof Unary u) {
      return u.op().resultType(resultType(u.x(), leafType));
    } else if (e instanceof Binary b) {
      return b.op().resultType(resultType(b.a(), leafType), resultType(b.b(), leafType));
    } else if (e instanceof Where w) {
      return DType.promote(resultType(w.x(), leafType), resultType(w.y(), leafType));
    }
    return ((Cast) e).dtype();
  }

  /** The ids of the arrays the expression reads. */
  static Set<Long> leaves(Expr e) {
    Set<Long> out = new TreeSet<>();
    collect(e, out);
    return out;
  }

  private static void collect(Expr e, Set<Long> out) {
    if (e instanceof Leaf l) {
      out.add(l.array());
    } else if (e instanceof Unary u) {
      collect(u.x(), out);
    } else if (e instanceof Binary b) {
      collect(b.a(), out);
      collect(b.b(), out);
    } else if (e instanceof Cast c) {
      collect(c.x(), out);
    } else if (e instanceof Where w) {
      collect(w.cond(), out);
      collect(w.x(), out);
      collect(w.y(), out);
    }
  }

  /** The same expression reading array {@code ids.get(id)} wherever it read array id (ids missing stay). */
  static Expr withLeaves(Expr e, java.util.Map<Long, Long> ids) {
    if (e instanceof Leaf l) {
      Long other = ids.get(l.array());
      return other == null ? l : new Leaf(other);
    } else if (e instanceof Unary u) {
      return new Unary(u.op(), withLeaves(u.x(), ids));
    } else if (e instanceof Binary b) {
      return new Binary(b.op(), withLeaves(b.a(), ids), withLeaves(b.b(), ids));
    } else if (e instanceof Cast c) {
      return new Cast(c.dtype(), withLeaves(c.x(), ids));
    } else if (e instanceof Where w) {
      return new Where(withLeaves(w.cond(), ids), withLeaves(w.x(), ids), withLeaves(w.y(), ids));
    }
    return e;
  }

  /** Number of nodes. */
  static int size(Expr e) {
    if (e instanceof Unary u) {
      return 1 + size(u.x());
    } else if (e instanceof Binary b) {
      return 1 + size(b.a()) + size(b.b());
    } else if (e instanceof Cast c) {
      return 1 + size(c.x());
    } else if (e instanceof Where w) {
      return 1 + size(w.cond()) + size(w.x()) + size(w.y());
    }
    return 1;
  }
}
