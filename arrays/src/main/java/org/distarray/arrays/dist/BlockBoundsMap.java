package org.distarray.arrays.dist;

import java.util.Arrays;

/**
 * The {@code 'b'} axis map with explicit block bounds {@code [0, b1, ..., n]}; see {@link AxisMap#blockBounds(long...)}.
 *
 * @param bounds grid size + 1 non-decreasing values starting at 0 (copied in and out)
 */
public record BlockBoundsMap(long[] bounds) implements AxisMap {
  public BlockBoundsMap {
    if (bounds == null || bounds.length < 2) {
      throw new DistributionException("block bounds need at least two values [0, n], got "
          + Arrays.toString(bounds));
    }
    bounds = bounds.clone();
    if (bounds[0] != 0) {
      throw new DistributionException("block bounds must start at 0: " + Arrays.toString(bounds));
    }
    for (int i = 1; i < bounds.length; i++) {
      if (bounds[i] < bounds[i - 1]) {
        throw new DistributionException("block bounds must not decrease: " + Arrays.toString(bounds));
      }
    }
  }

  /** A copy of the bounds. */
  @Override
  public long[] bounds() {
    return bounds.clone();
  }

  /** The bound at position {@code k} without copying. */
  long bound(int k) {
    return bounds[k];
  }

  /** Number of blocks, {@code bounds.length - 1}. */
  int blockCount() {
    return bounds.length - 1;
  }

  @Override
  public char distType() {
    return 'b';
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof BlockBoundsMap m && Arrays.equals(bounds, m.bounds);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(bounds);
  }

  @Override
  public String toString() {
    return "blockBounds" + Arrays.toString(bounds);
  }
}
