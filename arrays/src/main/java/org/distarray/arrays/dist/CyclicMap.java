package org.distarray.arrays.dist;

/**
 * The {@code 'c'} axis map: blocks of {@code blockSize} indices dealt round robin over the grid dimension.
 *
 * <p>Global block {@code k = i / blockSize} belongs to grid coordinate {@code k % p}, the partial last block
 * included; see {@link AxisMap#cyclic()} and {@link AxisMap#blockCyclic(long)}.
 *
 * @param blockSize at least 1; 1 is plain cyclic
 */
public record CyclicMap(long blockSize) implements AxisMap {
  static final CyclicMap CYCLIC = new CyclicMap(1);

  public CyclicMap {
    if (blockSize < 1) {
      throw new DistributionException("block size must be at least 1, got " + blockSize);
    }
  }

  @Override
  public char distType() {
    return 'c';
  }

  @Override
  public String toString() {
    return blockSize == 1 ? "cyclic()" : "blockCyclic(" + blockSize + ")";
  }
}
