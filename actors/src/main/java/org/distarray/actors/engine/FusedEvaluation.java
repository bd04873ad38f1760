package org.distarray.actors.engine;

import java.util.List;
import java.util.function.LongFunction;
import org.distarray.actors.Expr;
import org.distarray.arrays.AxisRange;
import org.distarray.arrays.DType;
import org.distarray.arrays.NdArray;
import org.distarray.arrays.ops.BinaryOp;
import org.distarray.arrays.ops.PartialReduction;
import org.distarray.arrays.ops.ReduceOp;
import org.distarray.arrays.ops.Ufuncs;

/**
 * Evaluates an {@link Expr} over one engine's blocks in chunks of {@value #CHUNK} elements: each operation writes
 * into a scratch chunk of its own that stays in cache, so {@code b * c + d} reads b, c and d once and writes the
 * result once, as a hand-written loop would. Blocks of one distribution have one local shape; they are walked in
 * C order. Every operation node has an array below it (a scalar is only ever an operand), so every node yields a
 * chunk.
 */
final class FusedEvaluation {
  static final int CHUNK = 65536;

  /** One node with its dtype and scratch chunk. */
  private abstract static class Node {
    final DType dtype;

    Node(DType dtype) {
      this.dtype = dtype;
    }

    /** The node's values for flat positions [start, start + n). */
    NdArray eval(long start, int n) {
      return eval(start, n, null);
    }

    /** The same, written into target (n elements) when it is not null. */
    abstract NdArray eval(long start, int n, NdArray target);
  }

  private final Node root;
  private final long[] shape;
  private final long size;
  /** Set when some leaf's block is smaller than the result's (a broadcast operand): evaluated whole, not in chunks. */
  private final Expr broadcast;
  private final LongFunction<NdArray> blockOf;

  private FusedEvaluation(Node root, long[] shape, Expr broadcast, LongFunction<NdArray> blockOf) {
    this.root = root;
    this.broadcast = broadcast;
    this.blockOf = blockOf;
    this.shape = shape;
    long s = 1;
    for (long d : shape) {
      s *= d;
    }
    this.size = s;
  }

  /**
   * Plans e over the blocks blockOf returns (all of one local shape).
   *
   * @throws org.distarray.arrays.DTypeException where an op does not take its operands' dtypes
   */
  static FusedEvaluation of(Expr e, LongFunction<NdArray> blockOf, long[] localShape) {
    long size = 1;
    for (long d : localShape) {
      size *= d;
    }
    for (long id : Expr.leaves(e)) {
      if (!java.util.Arrays.equals(blockOf.apply(id).dims(), localShape)) {
        return new FusedEvaluation(null, localShape, e, blockOf);
      }
    }
    return new FusedEvaluation(plan(e, blockOf, (int) Math.min(CHUNK, size)), localShape, null, blockOf);
  }

  DType dtype() {
    return broadcast != null ? Expr.resultType(broadcast, id -> blockOf.apply(id).dtype()) : root.dtype;
  }

  /** The expression over whole blocks with NumPy broadcasting (operands of other shapes are stretched by views). */
  private NdArray whole(Expr e) {
    if (e instanceof Expr.Leaf l) {
      return blockOf.apply(l.array());
    } else if (e instanceof Expr.Scalar s) {
      return s.toNdArray();
    } else if (e instanceof Expr.Unary u) {
      return Ufuncs.unary(u.op(), whole(u.x()));
    } else if (e instanceof Expr.Binary b) {
      return Ufuncs.binary(b.op(), whole(b.a()), whole(b.b()));
    } else if (e instanceof Expr.Where w) {
      return Ufuncs.where(whole(w.cond()), whole(w.x()), whole(w.y()), null);
    }
    Expr.Cast c = (Expr.Cast) e;
    return whole(c.x()).astype(c.dtype());
  }

  private NdArray wholeResult() {
    NdArray r = whole(broadcast);
    NdArray out = r.shape().equals(org.distarray.arrays.Shape.of(shape)) ? r : r.broadcastTo(org.distarray.arrays.Shape.of(shape));
    return out.isContiguous() && out.offset() == 0 && !(broadcast instanceof Expr.Leaf) ? out : out.copy();
  }

  /** The whole result as a C-order block taken from the engine's store (within its budget; every element is written). */
  NdArray evaluate(BlockStore store) {
    if (broadcast != null) {
      store.reserve(size * dtype().itemSize(), "the result of " + broadcast);
      return wholeResult();
    }
    NdArray out = store.take(root.dtype, shape, "an elementwise result");
    NdArray flat = out.reshape(-1);
    for (long start = 0; start < size; start += CHUNK) {
      int n = (int) Math.min(CHUNK, size - start);
      root.eval(start, n, flat.view(List.of(new AxisRange(start, 1, n, false))));
    }
    return out;
  }

  /** The block's share of a reduction of the result over all axes, folded chunk by chunk. */
  PartialReduction reduceAll(ReduceOp op) {
    if (broadcast != null) {
      boolean[] every = new boolean[shape.length];
      java.util.Arrays.fill(every, true);
      return PartialReduction.local(op, wholeResult(), every, null, shape);
    }
    PartialReduction share = null;
    boolean[] all = {true};
    for (long start = 0; start < size || share == null; start += CHUNK) {
      int n = (int) Math.min(CHUNK, size - start);
      PartialReduction part = PartialReduction.local(op, root.eval(start, n), all, null, new long[] {size});
      share = share == null ? part : PartialReduction.combine(op, share, part);
    }
    return share;
  }

  /** The node tree of e, each operation with a scratch chunk of chunk elements. */
  private static Node plan(Expr e, LongFunction<NdArray> blockOf, int chunk) {
    if (e instanceof Expr.Leaf l) {
      NdArray block = blockOf.apply(l.array());
      NdArray flat = block.reshape(-1);
      return new Node(block.dtype()) {
        @Override
        NdArray eval(long start, int n, NdArray target) {
          NdArray values = flat.view(List.of(new AxisRange(start, 1, n, false)));
          if (target == null) {
            return values;
          }
          target.copyFrom(values);
          return target;
        }
      };
    }
    if (e instanceof Expr.Scalar s) {
      NdArray value = s.toNdArray();
      return new Node(s.dtype()) {
        @Override
        NdArray eval(long start, int n, NdArray target) {
          if (target == null) {
            return value;
          }
          target.copyFrom(value);
          return target;
        }
      };
    }
    if (e instanceof Expr.Unary u) {
      Node x = plan(u.x(), blockOf, chunk);
      DType t = u.op().resultType(x.dtype);
      NdArray scratch = NdArray.zeros(t, chunk);
      return new Node(t) {
        @Override
        NdArray eval(long start, int n, NdArray target) {
          return Ufuncs.unary(u.op(), x.eval(start, n), target != null ? target : window(scratch, n));
        }
      };
    }
    if (e instanceof Expr.Binary b && b.op() == BinaryOp.ADD && b.a() instanceof Expr.Binary m
        && m.op() == BinaryOp.MULTIPLY) {
      Node x = plan(m.a(), blockOf, chunk);
      Node y = plan(m.b(), blockOf, chunk);
      Node z = plan(b.b(), blockOf, chunk);
      DType t = BinaryOp.ADD.resultType(BinaryOp.MULTIPLY.resultType(x.dtype, y.dtype), z.dtype);
      NdArray scratch = NdArray.zeros(t, chunk);
      return new Node(t) {
        @Override
        NdArray eval(long start, int n, NdArray target) {
          return Ufuncs.multiplyAdd(x.eval(start, n), y.eval(start, n), z.eval(start, n),
              target != null ? target : window(scratch, n));
        }
      };
    }
    if (e instanceof Expr.Binary b) {
      Node x = plan(b.a(), blockOf, chunk);
      Node y = plan(b.b(), blockOf, chunk);
      DType t = b.op().resultType(x.dtype, y.dtype);
      NdArray scratch = NdArray.zeros(t, chunk);
      return new Node(t) {
        @Override
        NdArray eval(long start, int n, NdArray target) {
          return Ufuncs.binary(b.op(), x.eval(start, n), y.eval(start, n), target != null ? target : window(scratch, n));
        }
      };
    }
    if (e instanceof Expr.Where w) {
      Node cond = plan(w.cond(), blockOf, chunk);
      Node x = plan(w.x(), blockOf, chunk);
      Node y = plan(w.y(), blockOf, chunk);
      DType t = DType.promote(x.dtype, y.dtype);
      NdArray scratch = NdArray.zeros(t, chunk);
      return new Node(t) {
        @Override
        NdArray eval(long start, int n, NdArray target) {
          return Ufuncs.where(cond.eval(start, n), x.eval(start, n), y.eval(start, n),
              target != null ? target : window(scratch, n));
        }
      };
    }
    Expr.Cast c = (Expr.Cast) e;
    Node x = plan(c.x(), blockOf, chunk);
    NdArray scratch = NdArray.zeros(c.dtype(), chunk);
    return new Node(c.dtype()) {
      @Override
      NdArray eval(long start, int n, NdArray target) {
        NdArray out = target != null ? target : window(scratch, n);
        out.copyFrom(x.eval(start, n));
        return out;
      }
    };
  }

  /** The first n elements of a scratch chunk. */
  private static NdArray window(NdArray scratch, int n) {
    return n == scratch.size() ? scratch : scratch.view(List.of(new AxisRange(0, 1, n, false)));
  }
}
