package org.distarray.runtime;

import java.util.List;
import java.util.Set;
import org.apache.pekko.actor.typed.ActorRef;
import org.distarray.actors.Expr;
import org.distarray.actors.coordinator.Coordinator;
import org.distarray.actors.engine.Engine;
import org.distarray.arrays.DType;
import org.distarray.arrays.IndexOutOfRangeException;
import org.distarray.arrays.NdArray;
import org.distarray.arrays.Shape;
import org.distarray.arrays.ShapeMismatchException;
import org.distarray.arrays.dist.BroadcastPlan;
import org.distarray.arrays.dist.Distribution;
import org.distarray.arrays.ops.BinaryOp;
import org.distarray.arrays.ops.ReduceOp;
import org.distarray.arrays.ops.ReduceOptions;
import org.distarray.arrays.ops.UnaryOp;
import org.distarray.runtime.internal.BlockParts;
import org.distarray.runtime.internal.Client;

/**
 * A distributed n-dimensional array: its blocks live on engines, this object is its handle.
 *
 * <p>Elementwise operations are lazy and fused; they return a new array with NumPy's result dtype (see
 * {@link BinaryOp}, {@link UnaryOp}) and broadcast across shapes and distributions (the result is distributed like
 * the operand with more elements); a Java double behaves like a Python float. Reductions to a value return a Java
 * number; reductions along axes return an array distributed over the remaining axes like the input was. Slices are
 * views where the data allows; {@link #redistribute} and {@link #reshape} move blocks engine to engine.
 * {@link #close()} frees the blocks.
 *
 * <p>Example: {@code ctx.arange(10).multiply(2.0).sum()} is 90.0.
 */
public final class DistArray extends LinearAlgebra implements AutoCloseable {
  /** A lazy expression larger than this is evaluated right away, so that trees stay small. */
  private static final int MAX_FUSED_NODES = 48;

  final DistContext ctx;
  private final Distribution distribution;
  private final DType dtype;
  /** Names of the axes and attributes, as a NetCDF variable has them (empty unless loaded or set). */
  private volatile List<String> dimensionNames = List.of();
  private volatile java.util.Map<String, Object> attributes = java.util.Map.of();
  /** The array's id or lazy definition, pins and blocks: what the runtime frees once this handle is unreachable. */
  private final ArrayState state;
  /** A ghosted array's padded blocks, width and boundary ({@link #ghosted}); null for any other array. */
  private volatile Halos.Ghosts ghosts;

  DistArray(DistContext ctx, ArrayState state, Distribution distribution, DType dtype) {
    this.ctx = ctx;
    this.state = state;
    this.distribution = distribution;
    this.dtype = dtype;
  }

  public Shape shape() {
    return distribution.shape();
  }

  public DType dtype() {
    return dtype;
  }

  /** The distribution, exactly as given when the array was made. */
  public Distribution distribution() {
    return distribution;
  }

  public int ndim() {
    return distribution.ndim();
  }

  /** Number of elements. */
  public long size() {
    return distribution.shape().size();
  }

  // ---- elementwise ----

  /**
   * NumPy's binary ufunc op(this, other), with NumPy broadcasting between any shapes and distributions. Like every
   * elementwise operation this is lazy: chained operations run on the engines in one fused pass when the result is
   * first needed (a reduction, a read, a task), and errors found only then (an integer to a negative power) surface
   * there.
   *
   * <p>The result is distributed like the operand with more elements (on a tie, like this one), stretched to the
   * broadcast shape: new leading axes and axes stretched from length 1 are not distributed. The other operand is
   * aligned to it first: each engine receives just the piece of it its block needs.
   *
   * @throws ShapeMismatchException when the shapes do not broadcast, naming both
   * @throws org.distarray.arrays.DTypeException when op does not take these dtypes
   */
  public DistArray binary(BinaryOp op, DistArray other) {
    checkSameContext(other);
    DType rt = op.resultType(dtype, other.dtype);
    if (shape().equals(other.shape()) && distribution.equals(other.distribution)) {
      return lazy(new Expr.Binary(op, node(), other.node()), rt, distribution, this, other);
    }
    Distribution d = BroadcastPlan.resultDistribution(distribution, other.distribution);
    DistArray x = alignedTo(d);
    DistArray y = other.alignedTo(d);
    try {
      return lazy(new Expr.Binary(op, x.node(), y.node()), rt, d, x, y);
    } finally {
      if (x != this) {
        x.close(); // stays on the engines while the lazy result reads it
      }
      if (y != other) {
        y.close();
      }
    }
  }

  /**
   * NumPy's {@code where(this, x, y)}: x where this is non-zero (NaN counts as non-zero), else y; all three
   * broadcast across shapes and distributions, the dtype is x's and y's promoted. Lazy and fused like the ufuncs.
   *
   * @throws ShapeMismatchException when the three shapes do not broadcast, naming them
   */
  public DistArray where(DistArray x, DistArray y) {
    checkSameContext(x);
    checkSameContext(y);
    DType rt = DType.promote(x.dtype, y.dtype);
    if (shape().equals(x.shape()) && shape().equals(y.shape()) && distribution.equals(x.distribution)
        && distribution.equals(y.distribution)) {
      return lazy(new Expr.Where(node(), x.node(), y.node()), rt, distribution, this, x, y);
    }
    Distribution d = BroadcastPlan.resultDistribution(BroadcastPlan.resultDistribution(distribution, x.distribution),
        y.distribution);
    DistArray c = alignedTo(d);
    DistArray ax = x.alignedTo(d);
    DistArray ay = y.alignedTo(d);
    try {
      return lazy(new Expr.Where(c.node(), ax.node(), ay.node()), rt, d, c, ax, ay);
    } finally {
      for (DistArray[] pair : new DistArray[][] {{c, this}, {ax, x}, {ay, y}}) {
        if (pair[0] != pair[1]) {
          pair[0].close(); // stays on the engines while the lazy result reads it
        }
      }
    }
  }

  /** NumPy's {@code where(this, x, y)} with Python-float scalars x and y: FLOAT64. */
  public DistArray where(double x, double y) {
    return lazy(new Expr.Where(node(), new Expr.Scalar(x, DType.FLOAT64), new Expr.Scalar(y, DType.FLOAT64)),
        DType.FLOAT64, distribution, this);
  }

  /**
   * NumPy's {@code clip(this, min, max)} with Python floats: {@code minimum(maximum(this, min), max)}, so NaN stays
   * NaN and min above max gives max; integer arrays give FLOAT64, float32 stays FLOAT32.
   */
  public DistArray clip(double min, double max) {
    return maximum(min).minimum(max);
  }

  /** This array with its NaN elements replaced by v (of this dtype), lazily: the nan-reductions' input. */
  DistArray nanAs(double v) {
    if (!dtype.isInexact()) {
      return this;
    }
    Expr value = new Expr.Scalar(v, dtype);
    return lazy(new Expr.Where(new Expr.Unary(UnaryOp.ISNAN, node()), value, node()), dtype, distribution, this);
  }

  /** An array like this one (shape, distribution, dtype) holding v everywhere, lazily. */
  DistArray filled(double v) {
    return lazy(new Expr.Where(new Expr.Scalar(1, DType.BOOL), new Expr.Scalar(v, dtype), node()), dtype,
        distribution, this);
  }

  /** NumPy's {@code nansum}: the sum with NaN counted as zero. */
  public double nansum() {
    return nanAs(0).sum();
  }

  /** NumPy's {@code nansum} along the axes. */
  public DistArray nansum(int... axes) {
    return nanAs(0).reduce(ReduceOp.SUM, ReduceOptions.NONE, axes);
  }

  /** NumPy's {@code nanmean}: the mean of the elements that are not NaN (NaN when there are none). */
  public double nanmean() {
    return NanReductions.mean(this, new int[0]).toNdArray().getDouble();
  }

  /** NumPy's {@code nanmean} along the axes: NaN where a slice holds no number. */
  public DistArray nanmean(int... axes) {
    return NanReductions.mean(this, axes);
  }

  /** NumPy's {@code nanmin}: the minimum ignoring NaN (NaN when every element is NaN). */
  public double nanmin() {
    return NanReductions.extreme(this, true, new int[0]).toNdArray().getDouble();
  }

  /** NumPy's {@code nanmin} along the axes: NaN where a slice is all NaN. */
  public DistArray nanmin(int... axes) {
    return NanReductions.extreme(this, true, axes);
  }

  /** NumPy's {@code nanmax}: the maximum ignoring NaN (NaN when every element is NaN). */
  public double nanmax() {
    return NanReductions.extreme(this, false, new int[0]).toNdArray().getDouble();
  }

  /** NumPy's {@code nanmax} along the axes: NaN where a slice is all NaN. */
  public DistArray nanmax(int... axes) {
    return NanReductions.extreme(this, false, axes);
  }

  /**
   * NumPy's {@code this[mask]}: the elements where the BOOL mask (this shape, any distribution) is true, in C order,
   * as a new 1-D array block-distributed over this array's engines. Engines count their true elements, the counts'
   * prefix places each engine's elements, and they move engine to engine to their owners in the result.
   *
   * @throws org.distarray.arrays.DTypeException for a mask that is not BOOL
   * @throws ShapeMismatchException when the mask's shape is not this array's, naming both
   */
  public DistArray select(DistArray mask) {
    checkSameContext(mask);
    return Masks.select(ctx, this, mask);
  }

  /** NumPy's {@code this[mask] = value} (cast to this dtype), in place on the engines. */
  public void assign(DistArray mask, double value) {
    checkSameContext(mask);
    state.beforeWrite();
    Masks.assign(ctx, this, mask, value);
  }

  /**
   * NumPy's {@code this[mask] = values}: values 1-D with one element per true element of mask, taken in C order (or a
   * single element, written everywhere mask is true).
   *
   * @throws ShapeMismatchException when values' length is not the mask's count of true, naming both
   */
  public void assign(DistArray mask, DistArray values) {
    checkSameContext(mask);
    checkSameContext(values);
    state.beforeWrite();
    Masks.assign(ctx, this, mask, values);
  }

  /** NumPy's {@code nonzero(this)}: one INT64 index array per axis, the non-zero elements in C order. */
  public List<DistArray> nonzero() {
    return Masks.nonzero(ctx, this);
  }

  /**
   * NumPy's {@code take(this, indices)}: the elements at flat C-order indices (an integer array of any shape and
   * distribution; negative ones count from the end), in a new array shaped and distributed like indices. The
   * engines holding indices send their requests straight to the owners, batched per pair of engines, and the
   * values come back the same way.
   *
   * @throws IndexOutOfRangeException naming an index outside [-size, size), before anything moves
   * @throws org.distarray.arrays.DTypeException for indices that are not integers
   */
  public DistArray take(DistArray indices) {
    checkSameContext(indices);
    return Takes.take(ctx, this, indices);
  }

  /**
   * NumPy's {@code take(this, indices, axis)}: the slices at the indices along axis (negative ones count from the
   * end); the result has shape {@code shape[:axis] + indices.shape + shape[axis+1:]}.
   *
   * @throws IndexOutOfRangeException naming an index outside [-n, n) of the axis, before anything moves
   */
  public DistArray take(DistArray indices, int axis) {
    checkSameContext(indices);
    return Takes.take(ctx, this, indices, axis);
  }

  /**
   * NumPy's {@code put(this, indices, values)}: writes values (shaped like indices, or of their size) at flat C-order
   * indices, in place, engine to engine; where an index repeats, its last value in C order is kept (NumPy's rule).
   *
   * @throws IndexOutOfRangeException naming an index outside [-size, size), before anything is written
   */
  public void put(DistArray indices, DistArray values) {
    checkSameContext(indices);
    checkSameContext(values);
    state.beforeWrite();
    Takes.put(ctx, this, indices, values);
  }

  /** NumPy's {@code count_nonzero}: the number of non-zero elements (NaN counts). */
  public long countNonzero() {
    return astype(DType.BOOL).sumLong();
  }

  /**
   * This array, or its pieces moved to where the blocks of d need them (see {@link BroadcastPlan#align}). A lazy
   * array is evaluated into a temporary that is freed once aligned; the array itself stays lazy.
   */
  DistArray alignedTo(Distribution d) {
    if (distribution.equals(d)) {
      return this;
    }
    checkOpen();
    boolean temporary = state.isLazy();
    long source = temporary ? state.evaluateDetached() : state.id();
    try {
      Client client = ctx.client();
      Coordinator.ArrayReply reply = ctx.retryOnMemory(() -> client.ask(client.coordinator(),
          (ActorRef<Coordinator.ArrayReply> r) -> new Coordinator.Align(source, d, r), "aligning " + label() + " with " + d),
          Coordinator.ArrayReply::error);
      return ctx.adopt(reply);
    } finally {
      if (temporary) {
        ctx.freeOnEngines(source);
      }
    }
  }

  /** NumPy's op(this, s) with a Python-float-like scalar. */
  public DistArray binary(BinaryOp op, double s) {
    return binary(op, s, false);
  }

  /** NumPy's op(s, this) when scalarFirst (as {@code s - a}), else op(this, s). */
  @Override
  public DistArray binary(BinaryOp op, double s, boolean scalarFirst) {
    DType st = BinaryOp.scalarType(dtype);
    Expr scalar = new Expr.Scalar(s, st);
    DType rt = scalarFirst ? op.resultType(st, dtype) : op.resultType(dtype, st);
    Expr e = scalarFirst ? new Expr.Binary(op, scalar, node()) : new Expr.Binary(op, node(), scalar);
    return lazy(e, rt, distribution, this);
  }

  /**
   * NumPy's op(s, this) when scalarFirst, else op(this, s), with s a Python-int-like scalar: an integer array keeps
   * its dtype ({@code int32 + 1} is INT32, wrapping like NumPy), a BOOL array gives INT64, a float array its float
   * dtype (see {@link BinaryOp#intScalarType}).
   *
   * @throws org.distarray.arrays.DTypeException when this integer dtype cannot hold s (NumPy's OverflowError)
   */
  @Override
  public DistArray binary(BinaryOp op, long s, boolean scalarFirst) {
    DType st = op.intScalarType(dtype, s);
    Expr scalar = Expr.Scalar.ofLong(s, st);
    DType natural = scalarFirst ? op.resultType(st, dtype) : op.resultType(dtype, st);
    DType rt = op.intScalarResult(dtype, s);
    Expr e = scalarFirst ? new Expr.Binary(op, scalar, node()) : new Expr.Binary(op, node(), scalar);
    return lazy(natural == rt ? e : new Expr.Cast(rt, e), rt, distribution, this);
  }

  /** NumPy's unary ufunc op(this). */
  @Override
  public DistArray unary(UnaryOp op) {
    DType rt = op.resultType(dtype);
    return lazy(new Expr.Unary(op, node()), rt, distribution, this);
  }

  /** The values converted to dtype (float to integer truncates toward zero), same distribution. */
  public DistArray astype(DType target) {
    return lazy(new Expr.Cast(target, node()), target, distribution, this);
  }

  // ---- indexing ----

  /**
   * NumPy basic indexing, for example {@code "1:3, ::-1"}, {@code "..., 0"} or {@code "-2"}: a view that shares
   * this array's blocks where the selected pieces form a distribution (block with any step, cyclic with a step that
   * keeps round robin, 'n' axes, integer indices), so that writes through it ({@link #assign}) change this array;
   * otherwise a compact copy, block-distributed on its first axis over all engines. Empty selections work.
   *
   * @throws org.distarray.arrays.IndexSyntaxException or IndexOutOfRangeException quoting the index text
   */
  public DistArray slice(String index) {
    List<org.distarray.arrays.AxisRange> ranges = org.distarray.arrays.BasicIndex.parse(index, shape().dims());
    long me = id(ctx);
    Client client = ctx.client();
    Coordinator.ArrayReply reply = client.ask(client.coordinator(),
        (ActorRef<Coordinator.ArrayReply> r) -> new Coordinator.SliceArray(me, ranges, r),
        "slice [" + index + "] of " + this);
    return reply.view() ? ctx.adoptView(reply, state.sharedBlocks()) : ctx.adopt(reply);
  }

  /**
   * NumPy's {@code transpose(axes)} (no axes: reversed, as {@code a.T}): a view whose distribution's axis maps,
   * grid and engines permute with the axes. Every engine keeps its block and sees it transposed: nothing moves and
   * no block is allocated, whatever the size; writes through the view change this array.
   *
   * @throws IllegalArgumentException when axes is not a permutation of this array's axes, naming them
   */
  public DistArray transpose(int... axes) {
    int[] perm = Distribution.normalizePermutation(axes, ndim());
    long me = id(ctx);
    Client client = ctx.client();
    Coordinator.ArrayReply reply = client.ask(client.coordinator(),
        (ActorRef<Coordinator.ArrayReply> r) -> new Coordinator.TransposeArray(me, perm, r),
        "transpose " + java.util.Arrays.toString(perm) + " of " + this);
    return ctx.adoptView(reply, state.sharedBlocks());
  }

  /**
   * NumPy's {@code array_split(this, sections, axis)}: the first {@code n % sections} parts one longer; each part a
   * slice (a view where the layout allows, else a compact copy).
   *
   * @throws IllegalArgumentException for sections below 1 or a bad axis, naming it
   */
  public List<DistArray> split(int sections, int axis) {
    return Joins.split(this, sections, axis);
  }

  /**
   * NumPy's {@code roll(this, shift, axis)}: element i along axis moves to (i + shift) mod n, in a new array with
   * this distribution; each engine sends only the pieces whose owner changes.
   */
  public DistArray roll(long shift, int axis) {
    return Joins.roll(ctx, this, shift, axis);
  }

  /**
   * NumPy's {@code cumsum(axis=axis)}: BOOL and signed integers give INT64, unsigned UINT64 (wrapping), floats and
   * complex keep their dtype; a new array with this distribution. Each engine scans its block, the engines'
   * totals are scanned along the grid axis, and each engine adds its offset (along a cyclic or unstructured axis
   * the array is moved to blocks along it first).
   *
   * @throws IllegalArgumentException for a bad axis, naming it
   */
  public DistArray cumsum(int axis) {
    return CumulativeScans.scan(ctx, this, axis, false);
  }

  /** NumPy's {@code cumprod(axis=axis)}, as {@link #cumsum} with products. */
  public DistArray cumprod(int axis) {
    return CumulativeScans.scan(ctx, this, axis, true);
  }

  /** NumPy's {@code a.fill(value)}: every element becomes value (cast to this dtype), in place, on the engines. */
  public void fill(double value) {
    assign("...", value);
  }

  /**
   * {@code a[index] = value}: writes value (cast to this dtype) into every selected element, on the engines that
   * hold them.
   *
   * @throws org.distarray.arrays.IndexSyntaxException or IndexOutOfRangeException quoting the index text
   */
  public void assign(String index, double value) {
    List<org.distarray.arrays.AxisRange> ranges = org.distarray.arrays.BasicIndex.parse(index, shape().dims());
    long me = id(ctx);
    state.beforeWrite();
    Client client = ctx.client();
    Coordinator.ArrayReply reply = client.ask(client.coordinator(),
        (ActorRef<Coordinator.ArrayReply> r) -> new Coordinator.AssignScalar(me, ranges, value, r),
        "assignment to [" + index + "] of " + this);
    Client.raise(reply.error());
  }

  /**
   * {@code a[index] = value}: value, from any distribution and broadcast to the selection's shape as NumPy does, is
   * written into the selected elements; each engine receives just the pieces it holds.
   *
   * @throws ShapeMismatchException "could not broadcast input array from shape (3,) into shape (2, 4)"
   */
  public void assign(String index, DistArray value) {
    checkSameContext(value);
    List<org.distarray.arrays.AxisRange> ranges = org.distarray.arrays.BasicIndex.parse(index, shape().dims());
    long me = id(ctx);
    long source = value.id(ctx);
    // the value shares this array's blocks (a view of it, or its base): NumPy copies it first (memmove semantics)
    boolean overlapping = value.state.sharedBlocks() == state.sharedBlocks();
    long them = overlapping ? value.state.evaluateDetached() : source;
    try {
      state.beforeWrite();
      Client client = ctx.client();
      Coordinator.ArrayReply reply = client.ask(client.coordinator(),
          (ActorRef<Coordinator.ArrayReply> r) -> new Coordinator.AssignArray(me, ranges, them, r),
          "assignment to [" + index + "] of " + this);
      Client.raise(reply.error());
    } finally {
      if (overlapping) {
        ctx.freeOnEngines(them);
      }
    }
  }

  // ---- layout ----

  /**
   * A copy of this array distributed by d (any kinds, grid and engines, same shape): each engine sends the pieces
   * its new owners need straight to them, in chunks with flow control; nothing is gathered anywhere.
   *
   * @throws ShapeMismatchException when d's shape is not this array's, naming both
   */
  public DistArray redistribute(Distribution d) {
    if (!d.shape().equals(shape())) {
      throw new ShapeMismatchException("cannot redistribute an array of shape " + shape() + " to a distribution of"
          + " shape " + d.shape());
    }
    long me = id(ctx);
    Client client = ctx.client();
    Coordinator.ArrayReply reply = ctx.retryOnMemory(() -> client.ask(client.coordinator(),
        (ActorRef<Coordinator.ArrayReply> r) -> new Coordinator.Redistribute(me, d, r), "redistribution of " + label()),
        Coordinator.ArrayReply::error);
    return ctx.adopt(reply);
  }

  /**
   * The same elements in C order in a new shape; one dimension may be -1. The result is in the row layout of the
   * new shape (blocks along axis 0) over this array's first engines; from any layout, only the elements whose
   * engine changes move, engine to engine.
   *
   * @throws ShapeMismatchException "cannot reshape array of size 12 into shape (5, -1)"
   */
  public DistArray reshape(long... newShape) {
    long[] target = Shape.reshaped(size(), newShape);
    long source = id(ctx);
    Client client = ctx.client();
    Coordinator.ArrayReply reply = ctx.retryOnMemory(() -> client.ask(client.coordinator(),
        (ActorRef<Coordinator.ArrayReply> r) -> new Coordinator.Reshape(source, target, r),
        "reshape of " + this + " to " + Shape.format(target)), Coordinator.ArrayReply::error);
    return ctx.adopt(reply);
  }

  // ---- reductions ----

  /** op over all elements, as a 0-d local array of NumPy's result dtype. */
  public NdArray reduceToValue(ReduceOp op) {
    Expr source = node();
    Client client = ctx.client();
    Engine.Done answer = ctx.retryOnMemory(() -> client.ask(client.coordinator(),
        (ActorRef<Engine.Done> r) -> new Coordinator.ReduceToValue(source, op, r),
        op.numpyName() + " of " + label()), Engine.Done::error);
    Client.raise(answer.error());
    return answer.block();
  }

  /** op along axes; the result is distributed over the remaining axes as this array was. */
  public DistArray reduce(ReduceOp op, int... axes) {
    return ctx.adopt(request(op, axes.clone()).array());
  }

  /**
   * op along axes (no axes: all of them) with NumPy's {@code dtype=}, {@code ddof=} and {@code keepdims=}, for
   * example {@code a.reduce(ReduceOp.VAR, ReduceOptions.ddof(1), 0)} is NumPy's {@code a.var(axis=0, ddof=1)}. The
   * result is distributed over the kept axes as this array was; a reduction over every axis gives a 0-d array (or,
   * with keepdims, one of shape (1, ..., 1)).
   *
   * @throws IllegalArgumentException for an option op does not take (see {@link ReduceOptions#check}) or a bad
   *     axis, naming it
   */
  public DistArray reduce(ReduceOp op, ReduceOptions options, int... axes) {
    return KeywordReductions.reduce(ctx, this, op, options, axes);
  }

  /** NumPy's {@code sum} with {@code dtype=}/{@code keepdims=} along the axes (none: all), see {@link #reduce}. */
  public DistArray sum(ReduceOptions options, int... axes) {
    return reduce(ReduceOp.SUM, options, axes);
  }

  /** NumPy's {@code prod} with {@code dtype=}/{@code keepdims=} along the axes (none: all). */
  public DistArray prod(ReduceOptions options, int... axes) {
    return reduce(ReduceOp.PROD, options, axes);
  }

  /** NumPy's {@code mean} with {@code dtype=}/{@code keepdims=} along the axes (none: all). */
  public DistArray mean(ReduceOptions options, int... axes) {
    return reduce(ReduceOp.MEAN, options, axes);
  }

  /** NumPy's {@code var} with {@code dtype=}/{@code ddof=}/{@code keepdims=} along the axes (none: all). */
  public DistArray var(ReduceOptions options, int... axes) {
    return reduce(ReduceOp.VAR, options, axes);
  }

  /** NumPy's {@code std} with {@code dtype=}/{@code ddof=}/{@code keepdims=} along the axes (none: all). */
  public DistArray std(ReduceOptions options, int... axes) {
    return reduce(ReduceOp.STD, options, axes);
  }

  /** NumPy's {@code min} with {@code keepdims=} along the axes (none: all). */
  public DistArray min(ReduceOptions options, int... axes) {
    return reduce(ReduceOp.MIN, options, axes);
  }

  /** NumPy's {@code max} with {@code keepdims=} along the axes (none: all). */
  public DistArray max(ReduceOptions options, int... axes) {
    return reduce(ReduceOp.MAX, options, axes);
  }

  private Coordinator.ReduceReply request(ReduceOp op, int[] axes) {
    Expr source = node();
    Client client = ctx.client();
    Coordinator.ReduceReply reply = ctx.retryOnMemory(() -> client.ask(client.coordinator(),
        (ActorRef<Coordinator.ReduceReply> r) -> new Coordinator.ReduceArray(source, op, axes, r),
        op.numpyName() + " of " + label()), Coordinator.ReduceReply::error);
    Client.raise(reply.error());
    return reply;
  }

  private double realValue(ReduceOp op) {
    NdArray v = reduceToValue(op);
    if (v.dtype().isComplex()) {
      throw new org.distarray.arrays.DTypeException(op.numpyName() + " of " + label() + " is " + v.dtype()
          + ": use reduceToValue(ReduceOp." + op + ") and read it with getReal and getImag");
    }
    return v.getDouble();
  }

  /** NumPy's {@code sum} of all elements. */
  public double sum() {
    return realValue(ReduceOp.SUM);
  }

  /**
   * NumPy's {@code sum} of an integer or bool array, exact: INT64 arithmetic wrapping as NumPy's, a UINT64 sum
   * as its bits (read it with {@link Long#toUnsignedString(long)}). Likewise {@link #prodLong}, {@link #minLong},
   * {@link #maxLong}.
   *
   * @throws org.distarray.arrays.DTypeException for a float array, whose reductions are {@link #sum()} and co.
   */
  public long sumLong() {
    return exact(ReduceOp.SUM);
  }

  /** NumPy's {@code prod} of an integer or bool array, exact (see {@link #sumLong}). */
  public long prodLong() {
    return exact(ReduceOp.PROD);
  }

  /** NumPy's {@code min} of an integer or bool array, exact (see {@link #sumLong}). */
  public long minLong() {
    return exact(ReduceOp.MIN);
  }

  /** NumPy's {@code max} of an integer or bool array, exact (see {@link #sumLong}). */
  public long maxLong() {
    return exact(ReduceOp.MAX);
  }

  private long exact(ReduceOp op) {
    if (dtype.isFloating()) {
      throw new org.distarray.arrays.DTypeException(op.numpyName() + "Long needs an integer or bool array, "
          + label() + " is " + dtype + ": use " + op.numpyName() + "()");
    }
    return reduceToValue(op).getLong();
  }

  /** NumPy's {@code sum} along the axes (negative axes count from the end). */
  public DistArray sum(int... axes) {
    return reduce(ReduceOp.SUM, axes);
  }

  /** NumPy's {@code prod} of all elements. */
  public double prod() {
    return realValue(ReduceOp.PROD);
  }

  /** NumPy's {@code prod} along the axes (negative axes count from the end). */
  public DistArray prod(int... axes) {
    return reduce(ReduceOp.PROD, axes);
  }

  /** NumPy's {@code mean} of all elements. */
  public double mean() {
    return realValue(ReduceOp.MEAN);
  }

  /** NumPy's {@code mean} along the axes (negative axes count from the end). */
  public DistArray mean(int... axes) {
    return reduce(ReduceOp.MEAN, axes);
  }

  /** NumPy's {@code var} of all elements. */
  public double var() {
    return reduceToValue(ReduceOp.VAR).getDouble();
  }

  /** NumPy's {@code var} along the axes (negative axes count from the end). */
  public DistArray var(int... axes) {
    return reduce(ReduceOp.VAR, axes);
  }

  /** NumPy's {@code std} of all elements. */
  public double std() {
    return reduceToValue(ReduceOp.STD).getDouble();
  }

  /** NumPy's {@code std} along the axes (negative axes count from the end). */
  public DistArray std(int... axes) {
    return reduce(ReduceOp.STD, axes);
  }

  /** NumPy's {@code min} of all elements. */
  public double min() {
    return realValue(ReduceOp.MIN);
  }

  /** NumPy's {@code min} along the axes (negative axes count from the end). */
  public DistArray min(int... axes) {
    return reduce(ReduceOp.MIN, axes);
  }

  /** NumPy's {@code max} of all elements. */
  public double max() {
    return realValue(ReduceOp.MAX);
  }

  /** NumPy's {@code max} along the axes (negative axes count from the end). */
  public DistArray max(int... axes) {
    return reduce(ReduceOp.MAX, axes);
  }

  /** Flat C-order index of the first minimum (of the first NaN when there is one). */
  public long argmin() {
    return reduceToValue(ReduceOp.ARGMIN).getLong();
  }

  /** Index along axis of the first minimum, as NumPy's {@code argmin(axis=axis)}. */
  public DistArray argmin(int axis) {
    return reduce(ReduceOp.ARGMIN, axis);
  }

  /** Flat C-order index of the first maximum (of the first NaN when there is one). */
  public long argmax() {
    return reduceToValue(ReduceOp.ARGMAX).getLong();
  }

  /** Index along axis of the first maximum. */
  public DistArray argmax(int axis) {
    return reduce(ReduceOp.ARGMAX, axis);
  }

  /** True when any element is non-zero. */
  public boolean any() {
    return reduceToValue(ReduceOp.ANY).getBoolean();
  }

  public DistArray any(int... axes) {
    return reduce(ReduceOp.ANY, axes);
  }

  /** True when every element is non-zero. */
  public boolean all() {
    return reduceToValue(ReduceOp.ALL).getBoolean();
  }

  public DistArray all(int... axes) {
    return reduce(ReduceOp.ALL, axes);
  }

  // ---- elements ----

  /**
   * One element, from the engine that owns it (one round trip). Negative indices count from the end.
   *
   * @throws org.distarray.arrays.DTypeException for a complex array: read its elements with {@link #getReal} and
   *     {@link #getImag}
   */
  public double getDouble(long... index) {
    if (dtype.isComplex()) {
      throw new org.distarray.arrays.DTypeException("getDouble of a " + dtype + " element of " + label()
          + " would drop its imaginary part: use getReal and getImag");
    }
    return Elements.read(ctx, this, index).value();
  }

  /** The real part of one element (the element itself for a real dtype), one round trip. */
  public double getReal(long... index) {
    return Elements.read(ctx, this, index).block().getReal();
  }

  /** The imaginary part of one element (0 for a real dtype), one round trip. */
  public double getImag(long... index) {
    return Elements.read(ctx, this, index).block().getImag();
  }

  /**
   * One element as a long, exact for integer dtypes (a UINT64 element as its bits), floats truncated toward zero;
   * from the engine that owns it (one round trip). Negative indices count from the end.
   */
  public long getLong(long... index) {
    return Elements.read(ctx, this, index).block().getLong();
  }

  /** Writes an integer exactly (wrapping to a narrower integer dtype, as NumPy) on the engine that owns it. */
  public void set(long value, long... index) {
    Elements.write(ctx, this, index, (me, local, r) -> Engine.SetElement.ofLong(0, me, local, value, r));
  }

  /** Writes one element (cast to this dtype) on the engine that owns it. */
  public void set(double value, long... index) {
    Elements.write(ctx, this, index, (me, local, r) -> new Engine.SetElement(0, me, local, value, r));
  }

  /** The names of the axes (as in a NetCDF file), or an empty list when the array has none. */
  public List<String> dimensionNames() {
    return dimensionNames;
  }

  /** The array's attributes (as a NetCDF variable's: units, long_name, ...), empty when it has none. */
  public java.util.Map<String, Object> attributes() {
    return attributes;
  }

  /**
   * Names the axes and sets the attributes that saveNetcdf writes with the array (loadNetcdf sets those of the file);
   * returns this array. Derived arrays (results of operations) start without them.
   *
   * @throws IllegalArgumentException when the names are not one per axis
   */
  public DistArray describe(List<String> dimensionNames, java.util.Map<String, Object> attributes) {
    if (!dimensionNames.isEmpty() && dimensionNames.size() != ndim()) {
      throw new IllegalArgumentException(dimensionNames.size() + " dimension names " + dimensionNames + " for an array of "
          + ndim() + " axes with shape " + shape());
    }
    this.dimensionNames = List.copyOf(dimensionNames);
    this.attributes = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(attributes));
    return this;
  }

  /**
   * Gathers the whole array here: every engine sends its block directly to the caller, in parts of at most
   * {@code distarray.client.part-bytes}.
   */
  public NdArray toNdArray() {
    Client client = ctx.client();
    long me = id(ctx);
    NdArray whole = NdArray.zeros(dtype, shape().dims());
    BlockParts.gather(client, me, distribution, whole, "the blocks of " + label());
    return whole;
  }

  /**
   * Frees the blocks on the engines unless a live view shares them (they go with the last one); using the array
   * afterwards is an error. Closing twice does nothing. Arrays that lazy results still read stay on the engines until
   * those results are evaluated or closed. An array whose handle the program drops without closing it is freed by
   * the runtime some time after the garbage collector finds it unreachable.
   */
  @Override
  public void close() {
    ctx.forget(state);
    state.close();
    Halos.Ghosts g = ghosts;
    if (g != null) {
      g.padded().close();
    }
  }

  // ---- ghost cells and stencils (Halos)

  /**
   * The same values in a new array whose engines keep width ghost layers around each block along every axis, filled
   * from the neighbouring blocks or, outside the array, by the boundary (NumPy's {@code pad} with {@code constant}
   * 0, {@code wrap} or {@code edge}). An array that is not in blocks becomes a block-distributed copy over the same
   * engines and grid. Ghosted arrays work as any other; {@link #stencil} and tasks ({@code
   * LocalBlocks.ghostedBlock}) see the ghosts.
   *
   * @throws org.distarray.arrays.dist.DistributionException when width is below 1 or above a block's length along
   *     an axis, naming them
   */
  public DistArray ghosted(int width, Boundary boundary) {
    checkOpen();
    return Halos.ghosted(ctx, this, width, boundary);
  }

  /**
   * Refreshes every ghost layer of this ghosted array from its owner (the engines send their edge slabs straight to
   * their neighbours, corners included) and the boundary's layers.
   *
   * @throws IllegalStateException when this array has no ghost layers
   */
  public void updateGhosts() {
    checkOpen();
    Halos.updateGhosts(ctx, this);
  }

  /**
   * Refreshes the ghosts, then writes {@code out[i] = s} over the neighbourhood of i on every engine: a new ghosted
   * array like this one (same layout, width and boundary).
   *
   * @throws IllegalStateException when this array has no ghost layers
   */
  public DistArray stencil(Stencil s) {
    checkOpen();
    return Halos.stencil(ctx, this, s);
  }

  void attachGhosts(Halos.Ghosts g) {
    ghosts = g;
  }

  Halos.Ghosts ghosts() {
    return ghosts;
  }

  /**
   * True when this array shares blocks with another one (a slice that is a view): writes through either change both.
   * The base of a view, and arrays made by {@link #copy}, {@link #redistribute}, {@link #reshape}, {@link #astype}
   * or an elementwise operation, answer false.
   */
  public boolean isView() {
    return state.isView();
  }

  /** A copy with this array's distribution and dtype and blocks of its own (each engine copies its block locally). */
  public DistArray copy() {
    checkOpen();
    long copied = state.evaluateDetached();
    return ctx.adopt(new Coordinator.ArrayReply(copied, distribution, dtype, null));
  }

  /**
   * Computes a lazy array's blocks on the engines now (as Dask's {@code persist}); does nothing for an array
   * that is already computed. Elementwise results are otherwise computed when first needed.
   *
   * @return this array
   */
  public DistArray evaluate() {
    id(ctx);
    return this;
  }

  /** True while this array is a lazy definition that has not been computed on the engines. */
  public boolean isLazy() {
    return state.isLazy();
  }

  /** This array's id, evaluating it first when it is lazy; checks that it is open and belongs to owner. */
  long id(DistContext owner) {
    if (owner != ctx) {
      throw new IllegalArgumentException("array " + this + " belongs to another DistContext");
    }
    return state.id();
  }

  /** The state behind this handle (for the context: arguments of tasks are written). */
  ArrayState state() {
    return state;
  }

  /** The expression that stands for this array: its blocks, or its lazy definition. */
  private Expr node() {
    return state.node();
  }

  private DistArray lazy(Expr e, DType rt, Distribution d, DistArray... operands) {
    Set<ArrayState> leaves = ArrayState.newInputSet();
    for (DistArray o : operands) {
      leaves.addAll(o.state.leaves());
    }
    DistArray result = ctx.lazy(e, leaves, d, rt);
    if (Expr.size(e) > MAX_FUSED_NODES) {
      result.id(ctx);
    }
    return result;
  }

  private void checkOpen() {
    if (state.isClosed()) {
      throw new IllegalStateException("array " + this + " is closed");
    }
  }

  private void checkSameContext(DistArray other) {
    if (other.ctx != ctx) {
      throw new IllegalArgumentException("arrays " + this + " and " + other + " belong to different DistContexts");
    }
  }

  /** A short name for waits and messages: "array id=7" (cheap, unlike toString's distribution). */
  String label() {
    return "array " + state;
  }

  @Override
  public String toString() {
    return "DistArray(" + state + ", shape=" + shape() + ", dtype=" + dtype + ", " + distribution + ")";
  }
}
