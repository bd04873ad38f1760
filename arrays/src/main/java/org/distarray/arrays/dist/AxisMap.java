package org.distarray.arrays.dist;

/**
 * How one axis of an array is split over its dimension of the process grid.
 *
 * <p>An axis map alone is a <em>kind</em> of split; together with the axis length {@code n} and the grid size
 * {@code p} along that axis it determines which grid coordinate owns each index (see {@link AxisLayout}). The
 * kinds follow the Distributed Array Protocol 0.10.0 {@code dist_type}s:
 * <ul>
 *   <li>{@code 'b'} block: contiguous blocks, balanced like {@code numpy.array_split} ({@link #block()}) or with
 *       explicit bounds ({@link #blockBounds(long...)});
 *   <li>{@code 'c'} cyclic: blocks of {@code blockSize} indices dealt round robin, including a partial last
 *       block ({@link #cyclic()}, {@link #blockCyclic(long)});
 *   <li>{@code 'u'} unstructured: an explicit list of indices per process ({@link #unstructured(long[][])});
 *   <li>{@code 'n'} not distributed: one process holds the whole axis ({@link #none()}).
 * </ul>
 * Implementations are immutable records, equal by value.
 */
public sealed interface AxisMap permits BlockMap, BlockBoundsMap, CyclicMap, UnstructuredMap, NoneMap {

  /**
   * Balanced blocks like {@code numpy.array_split}: 10 indices over 3 processes give blocks of 4, 3 and 3.
   *
   * <p>The grid size along the axis must not exceed its length, so no process gets an empty block.
   */
  static AxisMap block() {
    return BlockMap.INSTANCE;
  }

  /**
   * Blocks with explicit bounds {@code [0, b1, ..., n]}: process {@code k} owns {@code bounds[k]} up to but
   * excluding {@code bounds[k + 1]}.
   *
   * @param bounds grid size + 1 non-decreasing values starting at 0 and ending at the axis length (copied);
   *     equal neighbours give a process an empty block
   * @throws DistributionException naming the bounds when they do not start at 0 or decrease
   */
  static AxisMap blockBounds(long... bounds) {
    return new BlockBoundsMap(bounds);
  }

  /** Round robin of single indices: index {@code i} belongs to grid coordinate {@code i % p}. */
  static AxisMap cyclic() {
    return CyclicMap.CYCLIC;
  }

  /**
   * Round robin of blocks: global block {@code i / blockSize} belongs to grid coordinate
   * {@code (i / blockSize) % p}, also for a partial last block.
   *
   * @throws DistributionException naming the block size when it is less than 1
   */
  static AxisMap blockCyclic(long blockSize) {
    return blockSize == 1 ? CyclicMap.CYCLIC : new CyclicMap(blockSize);
  }

  /**
   * Explicit global indices per process; together they must be a partition of {@code 0..n-1}.
   *
   * @param indicesPerProcess one array per grid coordinate, in the process's local order (deep-copied)
   */
  static AxisMap unstructured(long[][] indicesPerProcess) {
    return new UnstructuredMap(indicesPerProcess);
  }

  /** Not distributed: the grid size along the axis must be 1. */
  static AxisMap none() {
    return NoneMap.INSTANCE;
  }

  /** The protocol's {@code dist_type} letter: {@code 'b'}, {@code 'c'}, {@code 'u'} or {@code 'n'}. */
  char distType();
}
