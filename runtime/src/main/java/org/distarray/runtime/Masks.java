package org.distarray.runtime;

import java.util.ArrayList;
import java.util.List;
import org.apache.pekko.actor.typed.ActorRef;
import org.distarray.actors.coordinator.Coordinator;
import org.distarray.arrays.DType;
import org.distarray.arrays.DTypeException;
import org.distarray.arrays.NdArray;
import org.distarray.arrays.Shape;
import org.distarray.arrays.ShapeMismatchException;
import org.distarray.arrays.dist.AxisMap;
import org.distarray.arrays.dist.Distribution;
import org.distarray.arrays.ops.Selection;
import org.distarray.arrays.task.LocalBlocks;
import org.distarray.arrays.task.LocalTask;
import org.distarray.runtime.internal.Client;

/**
 * Boolean masks over distributed arrays, in C order as NumPy: {@code a[mask]}, {@code a[mask] = v},
 * {@code nonzero}. The array and its mask are laid out as C-order row blocks (a 1-D block layout as it is, anything
 * else through {@code reshape(-1)}). For a selection each engine compresses its selected elements to the front of a
 * block as long as its own in one pass and answers how many; the counts' prefix over the engines gives every engine
 * its place in the 1-D result, whose blocks are those fronts (explicit bounds). For an assignment the engines count
 * first, then each expands its share of the values. When a block is more than an eighth off an even share, a
 * selection then moves to even blocks engine to engine (only the elements whose engine changes); otherwise it stays
 * where it is. Only the counts (one number per engine) reach the client.
 */
final class Masks {
  private Masks() {}

  /** NumPy's {@code a[mask]}: 1-D, block-distributed over a's engines. */
  static DistArray select(DistContext ctx, DistArray a, DistArray mask) {
    checkMask(a, mask);
    DistArray x = rowLayout(a);
    DistArray m = alignedTo(rowLayout(mask), x.distribution());
    try {
      DistArray fronts;
      try (DistArray front = ctx.empty(x.distribution(), a.dtype())) {
        // one pass: each engine writes its selected elements to the front of a block as long as its own and counts
        // them; the result is then those fronts (no pass that only counts)
        List<Long> counts = ctx.apply(new CompressToFront(), x, m, front);
        Distribution compactLayout = compactLayout(counts, m.distribution());
        if (compactLayout.shape().size() == 0) {
          return ctx.empty(compactLayout, a.dtype());
        }
        fronts = fronts(ctx, front, compactLayout);
      }
      return balanced(fronts.size() < x.size() / 3 ? trimmed(fronts) : fronts);
    } finally {
      closeTemporaries(a, x, mask, m);
    }
  }

  /** A copy holding only the elements, when they use little of the storage behind them (closes fronts). */
  private static DistArray trimmed(DistArray fronts) {
    try (fronts) {
      return fronts.copy();
    }
  }

  /** The array itself when no block is more than 1/8 off an even share, else its even block layout (closes it). */
  private static DistArray balanced(DistArray compact) {
    if (nearlyEven(compact.distribution())) {
      return compact; // nothing needs to move
    }
    try (compact) {
      return compact.redistribute(Distribution.of(compact.shape(), "b", compact.distribution().targets()));
    }
  }

  /** The array laid out by d whose rank r block is the first d.localSize(r) elements of front's rank r block. */
  private static DistArray fronts(DistContext ctx, DistArray front, Distribution d) {
    long source = front.id(ctx);
    Client client = ctx.client();
    Coordinator.ArrayReply reply = client.ask(client.coordinator(),
        (ActorRef<Coordinator.ArrayReply> r) -> new Coordinator.InnerArray(source, d, new long[] {0}, 0, r),
        "the selected elements at the front of " + front);
    return ctx.adopt(reply);
  }

  /** NumPy's {@code a[mask] = value}, in place on the engines. */
  static void assign(DistContext ctx, DistArray a, DistArray mask, double value) {
    checkMask(a, mask);
    DistArray m = alignedTo(mask, a.distribution());
    try {
      ctx.apply(new FillWhere(value), a, m);
    } finally {
      if (m != mask) {
        m.close();
      }
    }
  }

  /**
   * NumPy's {@code a[mask] = values}: values 1-D with one element per true element of mask (or one element, written
   * everywhere mask is true), in C order.
   */
  static void assign(DistContext ctx, DistArray a, DistArray mask, DistArray values) {
    checkMask(a, mask);
    if (values.size() == 1 && values.ndim() <= 1 && !values.dtype().isComplex()) {
      assign(ctx, a, mask, values.toNdArray().reshape().getDouble());
      return;
    }
    DistArray x = rowLayout(a);
    DistArray m = alignedTo(rowLayout(mask), x.distribution());
    try {
      Distribution compactLayout = compactLayout(ctx, m);
      long n = compactLayout.shape().dims()[0];
      if (values.ndim() != 1 || values.size() != n) {
        throw new ShapeMismatchException("NumPy boolean array indexing assignment cannot assign " + values.size()
            + " input values (shape " + values.shape() + ") to the " + n + " output values where the mask is true");
      }
      if (n == 0) {
        return;
      }
      try (DistArray compact = values.redistribute(compactLayout)) {
        ctx.apply(new ExpandInto(), x, m, compact);
      }
      if (x != a) { // written into the row-layout copy: back into a, in place
        try (DistArray back = x.reshape(a.shape().dims())) {
          a.assign(allOf(a.ndim()), back);
        }
      }
    } finally {
      closeTemporaries(a, x, mask, m);
    }
  }

  /** NumPy's {@code nonzero(a)}: one INT64 index array per axis, the non-zero elements in C order. */
  static List<DistArray> nonzero(DistContext ctx, DistArray a) {
    List<DistArray> out = new ArrayList<>();
    if (a.ndim() == 0) {
      throw new IllegalArgumentException("nonzero of a 0-d array: NumPy asks for atleast_1d(a).nonzero()");
    }
    try (DistArray flat = ctx.empty(a.distribution(), DType.INT64); DistArray truth = a.astype(DType.BOOL)) {
      ctx.apply(new FlatIndices(), flat);
      DistArray positions = select(ctx, flat, truth);
      long[] dims = a.shape().dims();
      long stride = 1;
      long[] strides = new long[dims.length];
      for (int k = dims.length - 1; k >= 0; k--) {
        strides[k] = stride;
        stride *= dims[k];
      }
      for (int k = 0; k < dims.length; k++) {
        out.add(k == dims.length - 1 ? positions.mod(dims[k]) : positions.floorDivide(strides[k]).mod(dims[k]));
      }
      if (dims.length == 1) {
        return List.of(positions);
      }
      return out;
    }
  }

  private static void checkMask(DistArray a, DistArray mask) {
    if (mask.dtype() != DType.BOOL) {
      throw new DTypeException("a mask must be a bool array, got " + mask.dtype() + " (integer arrays index by "
          + "position: use take)");
    }
    if (!mask.shape().equals(a.shape())) {
      throw new ShapeMismatchException("boolean index did not match indexed array: mask shape " + mask.shape()
          + ", array shape " + a.shape());
    }
  }

  /** The array itself when it lies in C-order row blocks already (1-D blocks), else its C-order flat copy. */
  private static DistArray rowLayout(DistArray v) {
    char kind = v.ndim() == 1 ? v.distribution().axisMap(0).distType() : '?';
    return kind == 'b' || kind == 'n' ? v : v.reshape(-1);
  }

  private static DistArray alignedTo(DistArray v, Distribution d) {
    return v.distribution().equals(d) ? v : v.redistribute(d);
  }

  /** A 1-D layout over m's engines whose rank r holds as many elements as m's rank r has true ones, in rank order. */
  private static Distribution compactLayout(DistContext ctx, DistArray m) {
    return compactLayout(ctx.apply(new CountTrue(), m), m.distribution());
  }

  /** A 1-D layout over d's engines whose rank r holds counts[r] elements, in rank order. */
  private static Distribution compactLayout(List<Long> counts, Distribution d) {
    long[] bounds = new long[counts.size() + 1];
    for (int r = 0; r < counts.size(); r++) {
      bounds[r + 1] = bounds[r] + counts.get(r);
    }
    if (bounds[counts.size()] == 0) { // no element: a zero-length axis takes grid size 1
      return Distribution.of(Shape.of(0), "b", d.targets());
    }
    return Distribution.of(Shape.of(bounds[counts.size()]), List.of(AxisMap.blockBounds(bounds)),
        new int[] {counts.size()}, d.targets());
  }

  /** True when every block of the 1-D layout is within an eighth of an even share of its elements. */
  private static boolean nearlyEven(Distribution d) {
    long n = d.shape().dims()[0];
    int ranks = d.ranks();
    double share = (double) n / ranks;
    for (int r = 0; r < ranks; r++) {
      if (Math.abs(d.localShape(r).dims()[0] - share) > share / 8) {
        return false;
      }
    }
    return true;
  }

    private static void closeTemporaries(DistArray a, DistArray x, DistArray mask, DistArray m) {
    if (x != a) {
      x.close();
    }
    if (m != mask) {
      m.close();
    }
  }

  private static String allOf(int ndim) {
    return String.join(", ", java.util.Collections.nCopies(ndim, ":"));
  }

  /** The number of true elements of block 0. */
  public record CountTrue() implements LocalTask<Long> {
    @Override
    public Long run(LocalBlocks blocks) {
      return Selection.countTrue(blocks.block(0));
    }
  }

  /** Block 0[block 1] (this engine's selected elements, in order) to the front of block 2; returns how many. */
  public record CompressToFront() implements LocalTask<Long> {
    @Override
    public Long run(LocalBlocks blocks) {
      return (long) Selection.compressInto(blocks.block(0), blocks.block(1), blocks.block(2));
    }
  }

  /** Block 0[block 1] = block 2, in order. */
  public record ExpandInto() implements LocalTask<Integer> {
    @Override
    public Integer run(LocalBlocks blocks) {
      Selection.expand(blocks.block(2), blocks.block(1), blocks.block(0));
      return blocks.rank();
    }
  }

  /** Block 0 = value where block 1 is true. */
  public record FillWhere(double value) implements LocalTask<Integer> {
    @Override
    public Integer run(LocalBlocks blocks) {
      NdArray block = blocks.block(0);
      org.distarray.arrays.ops.Ufuncs.where(blocks.block(1), NdArray.full(block.dtype(), value), block, block);
      return blocks.rank();
    }
  }

  /** Block 0 = the C-order flat global index of each of its elements. */
  public record FlatIndices() implements LocalTask<Integer> {
    @Override
    public Integer run(LocalBlocks blocks) {
      NdArray block = blocks.block(0);
      long[] flat = blocks.distribution(0).globalFlatIndices(blocks.rank());
      block.copyFrom(NdArray.of(flat).reshape(block.dims()));
      return blocks.rank();
    }
  }
}
