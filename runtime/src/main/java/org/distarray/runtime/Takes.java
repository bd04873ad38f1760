package org.distarray.runtime;

import java.util.Arrays;
import java.util.List;
import org.distarray.arrays.DType;
import org.distarray.arrays.DTypeException;
import org.distarray.arrays.IndexOutOfRangeException;
import org.distarray.arrays.NdArray;
import org.distarray.arrays.Shape;
import org.distarray.arrays.ShapeMismatchException;
import org.distarray.arrays.dist.Distribution;
import org.distarray.arrays.ops.Gather;
import org.distarray.arrays.task.LocalBlocks;
import org.distarray.arrays.task.LocalTask;

/**
 * NumPy's {@code take} and {@code put} with flat indices of any shape and distribution, engine to engine.
 *
 * <p>Every engine holding indices finds the owner of each (rank and local position in a's layout) and counts them
 * per owner; the counts (one small row per engine) give the longest request list P. The requests then travel in
 * one redistribution of an (index engines, owners, P) mailbox array from rows (one per index engine) to columns (one
 * per owner): every pair of engines exchanges its batch directly, chunked like any redistribution. Owners look the
 * values up (or, for put, write them), and for take the values travel back the same way and land at the positions
 * their indices had.
 */
final class Takes {
  private Takes() {}

  /** NumPy's {@code take(a, indices)}: a new array shaped and distributed like indices, of a's dtype. */
  static DistArray take(DistContext ctx, DistArray a, DistArray indices) {
    checkIndices(a, indices);
    DistArray out = ctx.empty(indices.distribution(), a.dtype());
    if (indices.size() == 0) {
      return out;
    }
    try {
      if (onePass(a, indices)) {
        takeInOnePass(ctx, a, indices, out);
      } else {
        takeCountingFirst(ctx, a, indices, out);
      }
    } catch (RuntimeException e) {
      out.close();
      throw e;
    }
    return out;
  }

  /** Few owners: a mailbox row as long as an engine's indices for each owner costs at most a few times the indices. */
  private static boolean onePass(DistArray a, DistArray indices) {
    return a.distribution().ranks() <= MAX_ONE_PASS_OWNERS && longestBlock(indices.distribution()) < 1L << SLOT_BITS;
  }

  /**
   * One pass over the indices: each engine writes its requests into a mailbox row as long as its indices for every
   * owner and remembers, per index, its owner and place (a 32-bit code); the counts then give the longest request
   * list P, and only the first P of each row move.
   */
  private static void takeInOnePass(DistContext ctx, DistArray a, DistArray indices, DistArray out) {
    int sources = indices.distribution().ranks();
    int owners = a.distribution().ranks();
    long full = Math.max(1, longestBlock(indices.distribution()));
    try (DistArray requests = ctx.empty(mailbox(sources, owners, full, indices, a, true), DType.INT64);
        DistArray codes = ctx.empty(indices.distribution(), DType.INT32)) {
      List<long[]> perEngine = ctx.apply(new WriteCodedRequests(a.distribution(), (int) full), indices, requests,
          codes);
      long[][] counts = counts(perEngine, a);
      int width = (int) widest(counts);
      try (DistArray used = width == full ? requests : requests.slice(":, :, 0:" + width);
          DistArray atOwners = used.redistribute(mailbox(sources, owners, width, indices, a, false));
          DistArray found = ctx.empty(atOwners.distribution(), a.dtype())) {
        ctx.apply(new Lookup(counts, width), a, atOwners, found);
        try (DistArray back = found.redistribute(mailbox(sources, owners, width, indices, a, true))) {
          ctx.apply(new ScatterCoded(width), codes, back, out);
        }
      }
    }
  }

  /** Many owners: the engines count their indices per owner first, so that the mailbox is no wider than needed. */
  private static void takeCountingFirst(DistContext ctx, DistArray a, DistArray indices, DistArray out) {
    Routing r = route(ctx, a, indices);
    try (DistArray requests = ctx.empty(r.rows(), DType.INT64)) {
      ctx.apply(new WriteRequests(a.distribution(), r.width(), false), indices, requests);
      try (DistArray atOwners = requests.redistribute(r.columns());
          DistArray found = ctx.empty(r.columns(), a.dtype())) {
        ctx.apply(new Lookup(r.counts(), r.width()), a, atOwners, found);
        try (DistArray back = found.redistribute(r.rows())) {
          ctx.apply(new Scatter(a.distribution(), r.width()), indices, back, out);
        }
      }
    }
  }

  /**
   * NumPy's {@code take(a, indices, axis)}: shape {@code a.shape[:axis] + indices.shape + a.shape[axis+1:]}. The
   * flat indices are built on the engines by broadcasting (outer position, index along the axis, inner position),
   * then taken as {@link #take(DistContext, DistArray, DistArray)} takes.
   */
  static DistArray take(DistContext ctx, DistArray a, DistArray indices, int axis) {
    int nd = a.ndim();
    int ax = Shape.normalizeAxis(axis, nd);
    if (!indices.dtype().isInteger()) {
      throw new DTypeException("arrays used as indices must be of integer type, got " + indices.dtype());
    }
    long[] dims = a.shape().dims();
    long len = dims[ax];
    long outer = 1;
    long inner = 1;
    for (int k = 0; k < nd; k++) {
      outer *= k < ax ? dims[k] : 1;
      inner *= k > ax ? dims[k] : 1;
    }
    if (indices.size() > 0) {
      long min = indices.minLong();
      long max = indices.maxLong();
      if (min < -len || max >= len) {
        throw new IndexOutOfRangeException("index " + (min < -len ? min : max) + " is out of bounds for axis " + ax
            + " with size " + len);
      }
    }
    int ni = indices.ndim();
    long[] outDims = new long[ax + ni + nd - ax - 1];
    long[] idxDims = new long[ni + 2];
    idxDims[0] = 1;
    idxDims[ni + 1] = 1;
    for (int k = 0; k < ni; k++) {
      idxDims[k + 1] = indices.shape().dims()[k];
    }
    for (int k = 0, j = 0; k < nd; k++) {
      if (k == ax) {
        for (long d : indices.shape().dims()) {
          outDims[j++] = d;
        }
      } else {
        outDims[j++] = dims[k];
      }
    }
    long[] outerDims = new long[ni + 2];
    long[] innerDims = new long[ni + 2];
    Arrays.fill(outerDims, 1);
    Arrays.fill(innerDims, 1);
    outerDims[0] = outer;
    innerDims[ni + 1] = inner;
    try (DistArray o = ctx.arange(outer); DistArray i = ctx.arange(inner);
        DistArray i64 = indices.astype(DType.INT64);
        DistArray positive = i64.less(0L).where(i64.add(len), i64);
        DistArray os = o.reshape(outerDims); DistArray is = i.reshape(innerDims);
        DistArray js = positive.reshape(idxDims);
        DistArray flat = os.multiply(len * inner).add(js.multiply(inner)).add(is)) {
      DistArray taken = take(ctx, a, flat);
      if (Arrays.equals(taken.shape().dims(), outDims)) {
        return taken;
      }
      try (taken) {
        return taken.reshape(outDims);
      }
    }
  }

  /** NumPy's {@code put(a, indices, values)}: values shaped like indices (or of their size), written in place. */
  static void put(DistContext ctx, DistArray a, DistArray indices, DistArray values) {
    checkIndices(a, indices);
    if (values.size() != indices.size()) {
      throw new ShapeMismatchException("put needs one value per index: " + indices.size() + " indices (shape "
          + indices.shape() + ") but " + values.size() + " values (shape " + values.shape() + ")");
    }
    if (indices.size() == 0) {
      return;
    }
    // indices and values in C-order row blocks: engine ranks and each engine's requests then follow C order, and the
    // owners write the requests of rank 0 first, each engine's in order, so a repeated index keeps its last value
    DistArray flat = inRowLayout(indices) ? indices : indices.reshape(-1);
    DistArray shaped = inRowLayout(values) ? values : values.reshape(-1);
    DistArray aligned = shaped.distribution().equals(flat.distribution()) ? shaped
        : shaped.redistribute(flat.distribution());
    DistArray typed = aligned.dtype() == a.dtype() ? aligned : aligned.astype(a.dtype());
    try {
      Routing r = route(ctx, a, flat);
      try (DistArray requests = ctx.empty(r.rows(), DType.INT64);
          DistArray carried = ctx.empty(r.rows(), a.dtype())) {
        ctx.apply(new WriteRequests(a.distribution(), r.width(), true), flat, requests, typed, carried);
        try (DistArray atOwners = requests.redistribute(r.columns());
            DistArray valuesAtOwners = carried.redistribute(r.columns())) {
          ctx.apply(new Write(r.counts(), r.width()), a, atOwners, valuesAtOwners);
        }
      }
    } finally {
      for (DistArray t : new DistArray[] {typed, aligned, shaped}) {
        if (t != values) {
          t.close();
        }
      }
      if (flat != indices) {
        flat.close();
      }
    }
  }

  /** True for a 1-D array in blocks ('b' or 'n'): its ranks and each block follow C order. */
  private static boolean inRowLayout(DistArray v) {
    char kind = v.ndim() == 1 ? v.distribution().axisMap(0).distType() : '?';
    return kind == 'b' || kind == 'n';
  }

  /** The mailbox layouts and the per-pair counts. */
  private record Routing(Distribution rows, Distribution columns, long[][] counts, int width) {}

  private static Routing route(DistContext ctx, DistArray a, DistArray indices) {
    long[][] counts = counts(ctx.apply(new CountOwners(a.distribution()), indices), a);
    long width = widest(counts);
    int sources = counts.length;
    int owners = a.distribution().ranks();
    return new Routing(mailbox(sources, owners, width, indices, a, true),
        mailbox(sources, owners, width, indices, a, false), counts, (int) width);
  }

  /**
   * The per-owner counts of every index engine (each engine's answer: counts per owner, then how many indices were
   * out of range and the first of them).
   *
   * @throws IndexOutOfRangeException naming an index outside [-n, n), before anything is written
   */
  private static long[][] counts(List<long[]> perEngine, DistArray a) {
    int owners = a.distribution().ranks();
    long[][] counts = new long[perEngine.size()][];
    for (int i = 0; i < counts.length; i++) {
      long[] c = perEngine.get(i);
      if (c[owners] > 0) {
        throw new IndexOutOfRangeException("index " + c[owners + 1] + " is out of bounds for size " + a.size()
            + " (" + c[owners] + " such indices on one engine)");
      }
      counts[i] = Arrays.copyOf(c, owners);
    }
    return counts;
  }

  /** The longest request list of any pair of engines (at least 1). */
  private static long widest(long[][] counts) {
    long width = 1;
    for (long[] c : counts) {
      for (long v : c) {
        width = Math.max(width, v);
      }
    }
    return width;
  }

  /** The (index engines, owners, width) mailbox in rows (one per index engine) or in columns (one per owner). */
  private static Distribution mailbox(int sources, int owners, long width, DistArray indices, DistArray a,
      boolean rows) {
    Shape shape = Shape.of(sources, owners, width);
    return rows ? Distribution.of(shape, "bnn", new int[] {sources, 1, 1}, indices.distribution().targets())
        : Distribution.of(shape, "nbn", new int[] {1, owners, 1}, a.distribution().targets());
  }

  private static long longestBlock(Distribution d) {
    long longest = 0;
    for (int r = 0; r < d.ranks(); r++) {
      longest = Math.max(longest, d.localSize(r));
    }
    return longest;
  }

  /** Integer indices (their range, [-n, n), is checked while the engines count them per owner). */
  private static void checkIndices(DistArray a, DistArray indices) {
    if (!indices.dtype().isInteger()) {
      throw new DTypeException("arrays used as indices must be of integer type, got " + indices.dtype());
    }
  }

  /** Indices handled at a time by the loops below: their owners, local positions and slots stay in the cache. */
  private static final int CHUNK = 4096;
  /** Owners up to which take writes its mailbox in one pass (rows as long as the indices for each owner). */
  private static final int MAX_ONE_PASS_OWNERS = 4;
  /** An index's place in its owner's request list takes the low bits of its code, the owner the bits above. */
  private static final int SLOT_BITS = 29;

  /** Where flat global indices of a layout live: owner rank and flat position in the owner's block. */
  private static final class Owners {
    private final org.distarray.arrays.dist.AxisLayout[] layouts;
    private final long[] dims;
    private final long n;
    private final int[] grid;
    private final long[][] localDims;
    private final int[] coords;
    private final long[] locals;
    final int[] owner = new int[CHUNK];
    final long[] local = new long[CHUNK];

    Owners(Distribution d) {
      this.dims = d.shape().dims();
      this.layouts = new org.distarray.arrays.dist.AxisLayout[dims.length];
      for (int k = 0; k < dims.length; k++) {
        layouts[k] = d.axis(k);
      }
      this.n = d.shape().size();
      this.grid = d.gridShape();
      this.localDims = new long[d.ranks()][];
      for (int r = 0; r < d.ranks(); r++) {
        localDims[r] = d.localShape(r).dims();
      }
      this.coords = new int[dims.length];
      this.locals = new long[dims.length];
    }

    /**
     * Owner ranks and local flat positions of {@code idx[from..from+count)} (count at most CHUNK, each index in
     * [-n, n)) into {@link #owner} and {@link #local}.
     */
    void locate(long[] idx, int from, int count) {
      if (dims.length == 1) { // no unravelling: the layout's own bulk loop
        layouts[0].locate(idx, from, count, owner, local);
        return;
      }
      for (int k = 0; k < count; k++) {
        long g = idx[from + k];
        long rest = g < 0 ? g + n : g;
        for (int ax = dims.length - 1; ax >= 0; ax--) {
          long i = rest % dims[ax];
          rest /= dims[ax];
          coords[ax] = layouts[ax].owner(i);
          locals[ax] = layouts[ax].localIndex(i);
        }
        int rank = 0;
        for (int ax = 0; ax < dims.length; ax++) {
          rank = rank * grid[ax] + coords[ax];
        }
        long lf = 0;
        long[] ld = localDims[rank];
        for (int ax = 0; ax < dims.length; ax++) {
          lf = lf * ld[ax] + locals[ax];
        }
        owner[k] = rank;
        local[k] = lf;
      }
    }
  }

  /** A block's values as longs in C order: its own storage when it is a contiguous INT64 block, else a copy. */
  private static long[] longs(NdArray block) {
    if (block.dtype() == DType.INT64 && block.isContiguous() && block.offset() == 0
        && NdArray.elementsIn(DType.INT64, block.storage()) == block.size()) {
      return (long[]) block.storage();
    }
    return block.toLongArray();
  }

  /**
   * Per owner rank, how many of this engine's indices it holds; then how many indices are outside [-n, n) and the
   * first of them.
   */
  public record CountOwners(Distribution a) implements LocalTask<long[]> {
    @Override
    public long[] run(LocalBlocks blocks) {
      long[] idx = longs(blocks.block(0));
      int ranks = a.ranks();
      long[] counts = outOfRange(idx, a.shape().size(), ranks);
      if (counts[ranks] > 0) {
        return counts;
      }
      Owners owners = new Owners(a);
      int[] owner = owners.owner;
      for (int from = 0; from < idx.length; from += CHUNK) {
        int count = Math.min(CHUNK, idx.length - from);
        owners.locate(idx, from, count);
        for (int k = 0; k < count; k++) {
          counts[owner[k]]++;
        }
      }
      return counts;
    }
  }

  /**
   * Fills this engine's row of the mailbox (block 1, shape (1, owners, width)) with the local positions its indices
   * ask each owner for, in index order; for put also the values (block 2, carried into block 3).
   */
  public record WriteRequests(Distribution a, int width, boolean carry) implements LocalTask<Integer> {
    @Override
    public Integer run(LocalBlocks blocks) {
      long[] idx = longs(blocks.block(0));
      NdArray row = blocks.block(1);
      long[] req = (long[]) row.storage();
      int base = (int) row.offset();
      NdArray values = carry ? blocks.block(2).copy().reshape(-1) : null;
      NdArray carried = carry ? blocks.block(3).reshape(-1) : null;
      Owners owners = new Owners(a);
      int[] owner = owners.owner;
      long[] local = owners.local;
      int[] next = new int[a.ranks()];
      long[] slots = new long[CHUNK];
      for (int from = 0; from < idx.length; from += CHUNK) {
        int count = Math.min(CHUNK, idx.length - from);
        owners.locate(idx, from, count);
        for (int k = 0; k < count; k++) {
          int o = owner[k];
          int slot = o * width + next[o]++;
          req[base + slot] = local[k];
          slots[k] = slot;
        }
        if (carry) {
          Gather.put(carried, slots, count, values, from);
        }
      }
      return blocks.rank();
    }
  }

  /** An owner looks up the positions every index engine asked for (block 1) in its block of a (block 0). */
  public record Lookup(long[][] counts, int width) implements LocalTask<Integer> {
    @Override
    public Integer run(LocalBlocks blocks) {
      int owner = blocks.rank();
      NdArray a = blocks.block(0);
      long[] req = longs(blocks.block(1)); // (index engines, 1, width)
      NdArray found = blocks.block(2).reshape(-1);
      for (int i = 0; i < counts.length; i++) {
        Gather.take(a, req, i * width, (int) counts[i][owner], found, i * width);
      }
      return owner;
    }
  }

  /** An owner writes the values every index engine sent (block 2) at the positions it asked for (block 1). */
  public record Write(long[][] counts, int width) implements LocalTask<Integer> {
    @Override
    public Integer run(LocalBlocks blocks) {
      int owner = blocks.rank();
      NdArray a = blocks.block(0);
      long[] req = longs(blocks.block(1));
      NdArray values = blocks.block(2).reshape(-1);
      for (int i = 0; i < counts.length; i++) {
        Gather.put(a, req, i * width, (int) counts[i][owner], values, i * width);
      }
      return owner;
    }
  }

  /** Each index engine puts the values that came back (block 1) where its indices (block 0) are, in block 2. */
  public record Scatter(Distribution a, int width) implements LocalTask<Integer> {
    @Override
    public Integer run(LocalBlocks blocks) {
      long[] idx = longs(blocks.block(0));
      NdArray back = blocks.block(1).reshape(-1);
      NdArray out = blocks.block(2);
      Owners owners = new Owners(a);
      int[] owner = owners.owner;
      int[] next = new int[a.ranks()];
      boolean inPlace = out.isContiguous();
      NdArray flat = inPlace ? out.reshape(-1) : NdArray.zeros(out.dtype(), idx.length);
      long[] slots = new long[CHUNK];
      for (int from = 0; from < idx.length; from += CHUNK) {
        int count = Math.min(CHUNK, idx.length - from);
        owners.locate(idx, from, count);
        for (int k = 0; k < count; k++) {
          int o = owner[k];
          slots[k] = (long) o * width + next[o]++;
        }
        Gather.take(back, slots, count, flat, from);
      }
      if (!inPlace) {
        out.copyFrom(flat.reshape(out.dims()));
      }
      return blocks.rank();
    }
  }

  /**
   * One pass for take: writes the local positions this engine's indices (block 0) ask each owner for into its
   * mailbox row (block 1, shape (1, owners, full)) and each index's code (owner in the bits above SLOT_BITS, place in
   * the owner's list below) into block 2, checking the indices' range chunk by chunk. Returns the counts per owner,
   * then how many indices are out of range and the first of them (when there are any, the temporary blocks hold a
   * part of the requests; nothing else was written).
   */
  public record WriteCodedRequests(Distribution a, int full) implements LocalTask<long[]> {
    @Override
    public long[] run(LocalBlocks blocks) {
      long[] idx = longs(blocks.block(0));
      int ranks = a.ranks();
      long n = a.shape().size();
      NdArray row = blocks.block(1);
      long[] req = (long[]) row.storage();
      int base = (int) row.offset();
      NdArray codeBlock = blocks.block(2);
      boolean inPlace = codeBlock.isContiguous();
      NdArray codeFlat = inPlace ? codeBlock.reshape(-1) : NdArray.zeros(DType.INT32, idx.length);
      int[] code = (int[]) codeFlat.storage();
      int co = (int) codeFlat.offset();
      Owners owners = new Owners(a);
      int[] owner = owners.owner;
      long[] local = owners.local;
      int[] next = new int[ranks];
      for (int from = 0; from < idx.length; from += CHUNK) {
        int count = Math.min(CHUNK, idx.length - from);
        if (!inRange(idx, from, count, n)) { // checked in the cache, just before the chunk is located
          return outOfRange(idx, n, ranks);
        }
        owners.locate(idx, from, count);
        for (int k = 0; k < count; k++) {
          int o = owner[k];
          int j = next[o]++;
          req[base + o * full + j] = local[k];
          code[co + from + k] = o << SLOT_BITS | j;
        }
      }
      if (!inPlace) {
        codeBlock.copyFrom(codeFlat.reshape(codeBlock.dims()));
      }
      long[] counts = new long[ranks + 2];
      for (int o = 0; o < ranks; o++) {
        counts[o] = next[o];
      }
      return counts;
    }
  }

  /** Puts the values that came back (block 1, rows of width) where the codes (block 0) say, into block 2. */
  public record ScatterCoded(int width) implements LocalTask<Integer> {
    @Override
    public Integer run(LocalBlocks blocks) {
      NdArray codeBlock = blocks.block(0);
      int[] code = codeBlock.isContiguous() && codeBlock.offset() == 0 ? (int[]) codeBlock.storage()
          : (int[]) codeBlock.copy().storage();
      int n = (int) codeBlock.size();
      NdArray back = blocks.block(1).reshape(-1);
      NdArray out = blocks.block(2);
      boolean inPlace = out.isContiguous();
      NdArray flat = inPlace ? out.reshape(-1) : NdArray.zeros(out.dtype(), n);
      long[] slots = new long[CHUNK];
      int place = (1 << SLOT_BITS) - 1;
      for (int from = 0; from < n; from += CHUNK) {
        int count = Math.min(CHUNK, n - from);
        for (int k = 0; k < count; k++) {
          int c = code[from + k];
          slots[k] = (long) (c >>> SLOT_BITS) * width + (c & place);
        }
        Gather.take(back, slots, count, flat, from);
      }
      if (!inPlace) {
        out.copyFrom(flat.reshape(out.dims()));
      }
      return blocks.rank();
    }
  }

  /** True when idx[from, from + count) are all in [-n, n): one branch per chunk, none per index. */
  private static boolean inRange(long[] idx, int from, int count, long n) {
    boolean bad = false;
    for (int k = from, end = from + count; k < end; k++) {
      long g = idx[k];
      bad |= g < -n | g >= n;
    }
    return !bad;
  }

  /** Counts per owner (zeros here), then how many of idx are outside [-n, n) and the first of them. */
  private static long[] outOfRange(long[] idx, long n, int ranks) {
    long[] counts = new long[ranks + 2];
    for (long g : idx) {
      if (g < -n || g >= n) {
        counts[ranks + 1] = counts[ranks] == 0 ? g : counts[ranks + 1];
        counts[ranks]++;
      }
    }
    return counts;
  }
}
