package org.distarray.arrays.dist;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.distarray.arrays.IndexOutOfRangeException;
import org.distarray.arrays.Shape;

/**
 * How an array of a given shape is split into blocks over a process grid, and which engine holds each block.
 *
 * <p>One {@link AxisMap} per axis splits that axis over its dimension of the grid; a block is the Cartesian
 * product of one part per axis. Ranks {@code 0..ranks()-1} number the grid coordinates in row-major order, and
 * {@code targets()[rank]} is the engine id holding that rank's block (any distinct non-negative ids, in any
 * order). Immutable; equal by shape, axis maps, grid shape and targets. Explicit block bounds equal to the
 * balanced ones are stored as {@link AxisMap#block()}, so both spellings give equal distributions.
 *
 * <p>Example: {@code Distribution.of(Shape.of(10, 4), "b", 3)} splits axis 0 into 4, 3 and 3 rows on engines
 * 0, 1, 2; {@code ownerRank(5, 0) == 1} and {@code globalToLocal(5, 0)} is {@code [1, 0]}.
 *
 * <p>Errors are {@link DistributionException}s (bad distributions) and {@link IndexOutOfRangeException}s (bad
 * indices, ranks or coordinates), each naming the offending values.
 */
public final class Distribution {
  private final Shape shape;
  private final List<AxisMap> maps;
  private final int[] grid;
  private final int[] targets;
  private final AxisLayout[] layouts;
  private final int ranks;
  /** rankOfEngine's table, made on first use (threads that race make equal ones). */
  private volatile int[] rankByEngine;

  private Distribution(Shape shape, List<AxisMap> maps, int[] gridShape, int[] targets) {
    int ndim = shape.ndim();
    if (maps.size() != ndim) {
      throw new DistributionException(maps.size() + " axis maps " + maps + " for shape " + shape + " of " + ndim
          + " axes");
    }
    if (gridShape.length != ndim) {
      throw new DistributionException("grid shape " + Shape.format(toLongs(gridShape)) + " has " + gridShape.length
          + " dimensions but shape " + shape + " has " + ndim);
    }
    this.shape = shape;
    this.grid = gridShape.clone();
    this.layouts = new AxisLayout[ndim];
    List<AxisMap> normalised = new ArrayList<>(ndim);
    int n = 1;
    for (int a = 0; a < ndim; a++) {
      AxisMap m = maps.get(a);
      if (m == null) {
        throw new DistributionException("axis map of axis " + a + " is null");
      }
      if (m instanceof BlockBoundsMap b && grid[a] >= 1 && grid[a] <= Math.max(1, shape.dim(a))
          && b.blockCount() == grid[a]
          && Arrays.equals(b.bounds(), BlockLayout.balancedBounds(shape.dim(a), grid[a]))) {
        m = AxisMap.block();
      }
      layouts[a] = AxisLayout.create(a, m, shape.dim(a), grid[a]);
      normalised.add(m);
      n = Math.multiplyExact(n, grid[a]);
    }
    this.maps = List.copyOf(normalised);
    this.ranks = n;
    this.targets = checkTargets(targets, n, gridShape);
  }

  /**
   * A distribution with one letter per axis and the automatic process grid over engines {@code 0..ranks()-1}.
   *
   * <p>Letters: {@code 'b'} balanced block, {@code 'c'} cyclic, {@code 'n'} not distributed; axes beyond the
   * letters are {@code 'n'}. The grid follows Python DistArray's rule: the factorisation of the engine count
   * whose ratios are closest to the ratios of the distributed axis lengths; when the axes are too short for
   * all engines, the largest engine count that fits is used (so {@code ranks()} may be less than
   * {@code engines}). On 12 engines, (20, 20) {@code "bb"} gets the grid (3, 4) and (100, 10, 300)
   * {@code "bnc"} gets (2, 1, 6).
   *
   * @throws DistributionException for {@code engines < 1}, more letters than axes, or a letter other than b, c, n
   */
  public static Distribution of(Shape shape, String dist, int engines) {
    if (engines < 1) {
      throw new DistributionException("engines must be at least 1, got " + engines);
    }
    List<AxisMap> maps = mapsOf(shape, dist);
    long[] dims = shape.dims();
    boolean[] distributed = new boolean[dims.length];
    for (int a = 0; a < dims.length; a++) {
      distributed[a] = maps.get(a).distType() != 'n';
    }
    int[] grid = ProcessGrid.automatic(dims, distributed, engines);
    return new Distribution(shape, maps, grid, iota((int) Shape.of(toLongs(grid)).size()));
  }

  /**
   * The same as {@link #of(Shape, String, int)} over the given engines (the automatic grid for
   * {@code engines.length} engines, rank r on {@code engines[r]}): for engine ids that are not 0..n-1, as in a
   * cluster where engines came and went.
   *
   * @throws DistributionException as {@link #of(Shape, String, int)}, or for repeated or negative ids
   */
  public static Distribution of(Shape shape, String dist, int[] engines) {
    Distribution auto = of(shape, dist, engines.length);
    return new Distribution(shape, auto.maps, auto.grid, java.util.Arrays.copyOf(engines, auto.ranks()));
  }

  /**
   * A distribution with one letter per axis (as in {@link #of(Shape, String, int)}) on an explicit grid over
   * engines {@code 0..product(gridShape)-1}.
   *
   * @throws DistributionException when the grid needs more than {@code engines} engines, or as the other
   *     factories
   */
  public static Distribution of(Shape shape, String dist, int[] gridShape, int engines) {
    long needed = 1;
    for (int g : gridShape) {
      needed *= Math.max(g, 0);
    }
    if (needed > engines) {
      throw new DistributionException("grid shape " + Shape.format(toLongs(gridShape)) + " needs " + needed
          + " engines but only " + engines + " are available");
    }
    return new Distribution(shape, mapsOf(shape, dist), gridShape, iota((int) needed));
  }

  /**
   * A distribution with one letter per axis (as in {@link #of(Shape, String, int)}) on an explicit grid and
   * explicit engines.
   */
  public static Distribution of(Shape shape, String dist, int[] gridShape, int[] targets) {
    return new Distribution(shape, mapsOf(shape, dist), gridShape, targets);
  }

  /**
   * A distribution with explicit axis maps, grid shape and engines.
   *
   * @param maps one axis map per axis
   * @param gridShape grid size per axis (copied)
   * @param targets engine id per rank, {@code product(gridShape)} distinct non-negative ids (copied)
   * @throws DistributionException when the lengths disagree, a map does not fit its axis and grid size (see
   *     {@link AxisLayout}), or the targets are the wrong number, negative or repeated
   */
  public static Distribution of(Shape shape, List<AxisMap> maps, int[] gridShape, int[] targets) {
    return new Distribution(shape, maps, gridShape, targets);
  }

  /**
   * Rebuilds the distribution from every rank's Distributed Array Protocol {@code dim_data}, the inverse of
   * {@link #dimData(int)}: {@code fromDimData(dimData of all ranks, d.targets()).equals(d)}.
   *
   * <p>Accepts any {@link Number} where a Long or Integer is expected and {@code indices} as {@code long[]},
   * {@code int[]} or a list of numbers. Rank {@code r}'s {@code proc_grid_rank}s must be its row-major grid
   * coordinates.
   *
   * @throws DistributionException naming the key, rank and axis of missing, inconsistent or unsupported entries
   */
  public static Distribution fromDimData(List<List<Map<String, Object>>> dimDataPerRank, int[] targets) {
    return DimData.parse(dimDataPerRank, targets);
  }

  /**
   * The distribution of this array's transpose with these axes (a permutation; NumPy's {@code transpose(axes)}):
   * shape, axis maps and grid permute with the axes, and every engine keeps its block, whose rank in the result is
   * that of its permuted grid coordinates. Result axis k is this axis {@code axes[k]}.
   *
   * @throws IllegalArgumentException when axes is not a permutation of this distribution's axes, naming them
   */
  public Distribution transpose(int... axes) {
    int nd = ndim();
    int[] perm = normalizePermutation(axes, nd);
    long[] dims = new long[nd];
    List<AxisMap> permuted = new ArrayList<>(nd);
    int[] g = new int[nd];
    for (int k = 0; k < nd; k++) {
      dims[k] = shape.dims()[perm[k]];
      permuted.add(maps.get(perm[k]));
      g[k] = grid[perm[k]];
    }
    Distribution out = new Distribution(Shape.of(dims), permuted, g, targets);
    int[] t = new int[ranks];
    for (int r = 0; r < ranks; r++) {
      int[] c = gridCoords(r);
      int[] pc = new int[nd];
      for (int k = 0; k < nd; k++) {
        pc[k] = c[perm[k]];
      }
      t[out.rankOf(pc)] = targets[r];
    }
    return out.withTargets(t);
  }

  /**
   * The permutation axes names (negative axes count from the end; none: the axes reversed, as NumPy).
   *
   * @throws IllegalArgumentException when axes is not a permutation of ndim axes, naming them
   */
  public static int[] normalizePermutation(int[] axes, int ndim) {
    if (axes.length == 0) {
      int[] reversed = new int[ndim];
      for (int k = 0; k < ndim; k++) {
        reversed[k] = ndim - 1 - k;
      }
      return reversed;
    }
    if (axes.length != ndim) {
      throw new IllegalArgumentException("axes " + Arrays.toString(axes) + " don't match an array of " + ndim
          + " dimensions");
    }
    int[] perm = new int[ndim];
    boolean[] seen = new boolean[ndim];
    for (int k = 0; k < ndim; k++) {
      int a = axes[k] < 0 ? axes[k] + ndim : axes[k];
      if (a < 0 || a >= ndim || seen[a]) {
        throw new IllegalArgumentException("axes " + Arrays.toString(axes) + " are not a permutation of the "
            + ndim + " axes (repeated or out of range: " + axes[k] + ")");
      }
      seen[a] = true;
      perm[k] = a;
    }
    return perm;
  }

  /** The same blocks held by other engines. */
  public Distribution withTargets(int[] targets) {
    return new Distribution(shape, maps, grid, targets);
  }

  /** Shape of the whole array. */
  public Shape shape() {
    return shape;
  }

  /** Number of axes. */
  public int ndim() {
    return shape.ndim();
  }

  /** A copy of the grid size per axis. */
  public int[] gridShape() {
    return grid.clone();
  }

  /** A copy of the engine id per rank. */
  public int[] targets() {
    return targets.clone();
  }

  /** The engine id holding rank {@code rank}'s block. */
  public int target(int rank) {
    return targets[checkRank(rank)];
  }

  /** The rank whose block engine {@code engineId} holds, or -1 when the engine holds none. */
  public int rankOfEngine(int engineId) {
    int[] byEngine = rankByEngine;
    if (byEngine == null) {
      byEngine = rankByEngine = rankByEngine(targets);
    }
    if (byEngine.length > 0) {
      return engineId >= 0 && engineId < byEngine.length ? byEngine[engineId] : -1;
    }
    for (int r = 0; r < ranks; r++) { // engine ids too sparse for a table
      if (targets[r] == engineId) {
        return r;
      }
    }
    return -1;
  }

  /**
   * The rank of each engine id (-1 for none), or an empty table when the ids are too sparse for one. Engines that
   * plan their own moves ask this once per piece, so it must not cost O(ranks).
   */
  private static int[] rankByEngine(int[] targets) {
    int max = -1;
    for (int t : targets) {
      max = Math.max(max, t);
    }
    if (max >= 4L * targets.length + 1024) {
      return new int[0];
    }
    int[] table = new int[max + 1];
    Arrays.fill(table, -1);
    for (int r = targets.length - 1; r >= 0; r--) {
      table[targets[r]] = r;
    }
    return table;
  }

  /** The {@code dist_type} letters, one per axis, for example {@code "bc"} or {@code "un"}. */
  public String dist() {
    StringBuilder sb = new StringBuilder(maps.size());
    for (AxisMap m : maps) {
      sb.append(m.distType());
    }
    return sb.toString();
  }

  /** Number of blocks: the product of the grid shape. */
  public int ranks() {
    return ranks;
  }

  /** The axis maps, one per axis (immutable). */
  public List<AxisMap> axisMaps() {
    return maps;
  }

  /** The map of one axis. */
  public AxisMap axisMap(int axis) {
    return maps.get(Shape.normalizeAxis(axis, ndim()));
  }

  /** The map of one axis resolved for its length and grid size: per-axis ownership and local indices. */
  public AxisLayout axis(int axis) {
    return layouts[Shape.normalizeAxis(axis, ndim())];
  }

  /** The grid coordinates of a rank, row-major (the last axis varies fastest). */
  public int[] gridCoords(int rank) {
    checkRank(rank);
    int[] c = new int[grid.length];
    for (int a = grid.length - 1; a >= 0; a--) {
      c[a] = rank % grid[a];
      rank /= grid[a];
    }
    return c;
  }

  /** The rank at these grid coordinates. @throws IndexOutOfRangeException naming a bad coordinate */
  public int rankOf(int... coords) {
    if (coords.length != grid.length) {
      throw new IndexOutOfRangeException(coords.length + " grid coordinates for a grid of " + grid.length
          + " dimensions");
    }
    int r = 0;
    for (int a = 0; a < grid.length; a++) {
      r = r * grid[a] + layouts[a].checkCoord(coords[a]);
    }
    return r;
  }

  /** Shape of rank {@code rank}'s block. */
  public Shape localShape(int rank) {
    int[] c = gridCoords(rank);
    long[] dims = new long[c.length];
    for (int a = 0; a < c.length; a++) {
      dims[a] = layouts[a].lengthOf(c[a]);
    }
    return Shape.of(dims);
  }

  /** Number of elements in rank {@code rank}'s block. */
  public long localSize(int rank) {
    return localShape(rank).size();
  }

  /**
   * The global index of each position of rank {@code rank}'s block along {@code axis}, in local order: ascending
   * for every kind but unstructured, whose local order is its index list's. Use this, not {@link #ownedIndices},
   * to walk a block.
   */
  public IndexRuns localIndices(int rank, int axis) {
    int a = Shape.normalizeAxis(axis, ndim());
    int c = gridCoords(rank)[a];
    if (layouts[a] instanceof UnstructuredLayout u) {
      return IndexRuns.ofIndices(u.indicesOf(c));
    }
    return layouts[a].ownedBy(c);
  }

  /** The global indices rank {@code rank} owns along {@code axis}, ascending (a set, not the local order). */
  public IndexRuns ownedIndices(int rank, int axis) {
    int a = Shape.normalizeAxis(axis, ndim());
    return layouts[a].ownedBy(gridCoords(rank)[a]);
  }

  /**
   * True when other has this shape and every element has the same owning engine in both (Python DistArray's
   * {@code is_compatible}): arrays of the two distributions can be combined elementwise without moving data. The
   * local order may differ (two unstructured maps listing the same indices in another order are compatible).
   * Costs O(sum of the axis lengths) plus the pairs of grid coordinates that occur together.
   */
  public boolean isCompatible(Distribution other) {
    if (equals(other)) {
      return true;
    }
    if (!shape.equals(other.shape)) {
      return false;
    }
    int nd = grid.length;
    long[][] pairs = new long[nd][];
    for (int a = 0; a < nd; a++) {
      java.util.TreeSet<Long> seen = new java.util.TreeSet<>();
      long n = layouts[a].length();
      for (long i = 0; i < n; i++) {
        seen.add(((long) layouts[a].owner(i) << 32) | other.layouts[a].owner(i));
      }
      pairs[a] = seen.stream().mapToLong(Long::longValue).toArray();
      if (pairs[a].length == 0) {
        return true; // no elements: nothing can differ
      }
    }
    int[] at = new int[nd];
    int[] mine = new int[nd];
    int[] theirs = new int[nd];
    while (true) {
      for (int a = 0; a < nd; a++) {
        mine[a] = (int) (pairs[a][at[a]] >>> 32);
        theirs[a] = (int) pairs[a][at[a]];
      }
      if (targets[rankOf(mine)] != other.targets[other.rankOf(theirs)]) {
        return false;
      }
      int k = nd - 1;
      while (k >= 0 && ++at[k] == pairs[k].length) {
        at[k] = 0;
        k--;
      }
      if (k < 0) {
        return true;
      }
    }
  }

  /**
   * The C-order flat global index of every element of rank {@code rank}'s block, in local (C) order: element j of
   * the block's flattened storage is element {@code result[j]} of the flattened global array (Python DistArray's
   * {@code global_flat_indices}).
   *
   * @throws IllegalArgumentException when the block has more than {@code Integer.MAX_VALUE - 8} elements
   */
  public long[] globalFlatIndices(int rank) {
    checkRank(rank);
    long size = localSize(rank);
    if (size > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException("rank " + rank + " holds " + size + " elements, too many for one array");
    }
    int nd = grid.length;
    long[][] perAxis = new long[nd][];
    long[] globalStrides = org.distarray.arrays.NdArray.contiguousStrides(shape.dims());
    for (int a = 0; a < nd; a++) {
      perAxis[a] = localIndices(rank, a).toArray();
    }
    long[] out = new long[(int) size];
    if (size == 0) {
      return out;
    }
    int[] at = new int[nd];
    long flat = 0;
    for (int a = 0; a < nd; a++) {
      flat += perAxis[a][0] * globalStrides[a];
    }
    for (int j = 0; j < out.length; j++) {
      out[j] = flat;
      int k = nd - 1;
      while (k >= 0) {
        flat -= perAxis[k][at[k]] * globalStrides[k];
        if (++at[k] < perAxis[k].length) {
          flat += perAxis[k][at[k]] * globalStrides[k];
          break;
        }
        at[k] = 0;
        flat += perAxis[k][0] * globalStrides[k];
        k--;
      }
    }
    return out;
  }

  /** The rank whose block holds the element at {@code globalIndex}. */
  public int ownerRank(long... globalIndex) {
    checkIndexCount(globalIndex.length, "global");
    int r = 0;
    for (int a = 0; a < grid.length; a++) {
      r = r * grid[a] + layouts[a].owner(globalIndex[a]);
    }
    return r;
  }

  /** The index of element {@code globalIndex} inside its owner's block ({@link #ownerRank(long...)}). */
  public long[] globalToLocal(long... globalIndex) {
    checkIndexCount(globalIndex.length, "global");
    long[] local = new long[globalIndex.length];
    for (int a = 0; a < local.length; a++) {
      local[a] = layouts[a].localIndex(globalIndex[a]);
    }
    return local;
  }

  /** The global index of element {@code localIndex} of rank {@code rank}'s block. */
  public long[] localToGlobal(int rank, long... localIndex) {
    checkIndexCount(localIndex.length, "local");
    int[] c = gridCoords(rank);
    long[] global = new long[localIndex.length];
    for (int a = 0; a < global.length; a++) {
      global[a] = layouts[a].globalIndex(c[a], localIndex[a]);
    }
    return global;
  }

  /**
   * Rank {@code rank}'s Distributed Array Protocol 0.10.0 {@code dim_data}: one unmodifiable dict per axis.
   *
   * <p>Keys: {@code dist_type} (String) and {@code size} (Long) always; {@code proc_grid_size} and
   * {@code proc_grid_rank} (Integer); {@code 'b'} adds {@code start},
   * {@code stop} (Long), {@code padding} ([0, 0]) and {@code periodic} (false); {@code 'c'} adds {@code start}
   * (Long, the first global index owned) and {@code block_size} (Long) when above 1; {@code 'u'} adds
   * {@code indices} (long[] in local order). For a block-cyclic map our ownership is true round robin, also
   * for a partial last block. The protocol has no {@code 'n'}: an undistributed axis is written as Python
   * DistArray writes it, {@code 'b'} over a grid of 1 from 0 to its size ({@link #fromDimData} reads that back
   * as undistributed, and still reads {@code 'n'}).
   */
  public List<Map<String, Object>> dimData(int rank) {
    int[] c = gridCoords(rank);
    List<Map<String, Object>> out = new ArrayList<>(c.length);
    for (int a = 0; a < c.length; a++) {
      out.add(DimData.of(layouts[a], c[a]));
    }
    return List.copyOf(out);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Distribution d && shape.equals(d.shape) && maps.equals(d.maps) && Arrays.equals(grid, d.grid)
        && Arrays.equals(targets, d.targets);
  }

  @Override
  public int hashCode() {
    return 31 * (31 * (31 * shape.hashCode() + maps.hashCode()) + Arrays.hashCode(grid)) + Arrays.hashCode(targets);
  }

  /** For example {@code Distribution(shape (20, 20), dist 'bb', grid (3, 4), targets [0, 1, ..., 11], ...)}. */
  @Override
  public String toString() {
    return "Distribution(shape " + shape + ", dist '" + dist() + "', grid " + Shape.format(toLongs(grid))
        + ", targets " + Arrays.toString(targets) + ", maps " + maps + ")";
  }

  private static List<AxisMap> mapsOf(Shape shape, String dist) {
    int ndim = shape.ndim();
    if (dist == null || dist.length() > ndim) {
      throw new DistributionException("dist '" + dist + "' has " + (dist == null ? 0 : dist.length())
          + " letters but shape " + shape + " has " + ndim + " axes");
    }
    List<AxisMap> maps = new ArrayList<>(ndim);
    for (int a = 0; a < ndim; a++) {
      char ch = a < dist.length() ? dist.charAt(a) : 'n';
      switch (ch) {
        case 'b' -> maps.add(AxisMap.block());
        case 'c' -> maps.add(AxisMap.cyclic());
        case 'n' -> maps.add(AxisMap.none());
        default -> throw new DistributionException("unknown dist letter '" + ch + "' for axis " + a + " in '" + dist
            + "': use b (block), c (cyclic) or n (not distributed)"
            + (ch == 'u' ? "; 'u' needs index lists, see AxisMap.unstructured" : ""));
      }
    }
    return maps;
  }

  private static int[] checkTargets(int[] targets, int ranks, int[] grid) {
    if (targets.length != ranks) {
      throw new DistributionException(targets.length + " targets " + Arrays.toString(targets) + " for grid shape "
          + Shape.format(toLongs(grid)) + " of " + ranks + " ranks");
    }
    int[] t = targets.clone();
    int[] sorted = t.clone();
    Arrays.sort(sorted);
    for (int i = 0; i < sorted.length; i++) {
      if (sorted[i] < 0) {
        throw new DistributionException("negative engine id " + sorted[i] + " in targets " + Arrays.toString(t));
      }
      if (i > 0 && sorted[i] == sorted[i - 1]) {
        throw new DistributionException("engine id " + sorted[i] + " appears twice in targets "
            + Arrays.toString(t));
      }
    }
    return t;
  }

  private void checkIndexCount(int n, String kind) {
    if (n != ndim()) {
      throw new IndexOutOfRangeException(n + " " + kind + " indices for an array of " + ndim() + " dimensions, shape "
          + shape);
    }
  }

  private int checkRank(int rank) {
    if (rank < 0 || rank >= ranks) {
      throw new IndexOutOfRangeException("rank " + rank + " is out of range for a distribution of " + ranks
          + " ranks");
    }
    return rank;
  }

  static long[] toLongs(int[] v) {
    long[] out = new long[v.length];
    Arrays.setAll(out, i -> v[i]);
    return out;
  }

  private static int[] iota(int n) {
    int[] t = new int[n];
    Arrays.setAll(t, i -> i);
    return t;
  }
}
