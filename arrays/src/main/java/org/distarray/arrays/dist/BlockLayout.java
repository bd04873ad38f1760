package org.distarray.arrays.dist;

import java.util.Arrays;

/** Layout of a {@code 'b'} or {@code 'n'} axis: coordinate {@code k} owns {@code bounds[k]..bounds[k+1]-1}. */
final class BlockLayout extends AxisLayout {
  private final AxisMap map;
  private final long[] bounds;

  BlockLayout(int axis, AxisMap map, long[] bounds) {
    super(axis, bounds[bounds.length - 1], bounds.length - 1);
    this.map = map;
    this.bounds = bounds;
  }

  /** Bounds like {@code numpy.array_split}: the first {@code n % p} blocks hold one index more. */
  static long[] balancedBounds(long n, int p) {
    long q = n / p;
    long r = n % p;
    long[] b = new long[p + 1];
    for (int k = 0; k <= p; k++) {
      b[k] = k * q + Math.min(k, r);
    }
    return b;
  }

  static BlockLayout explicit(int axis, BlockBoundsMap map, long length, int gridSize) {
    long[] b = map.bounds();
    if (b.length != gridSize + 1) {
      throw new DistributionException("axis " + axis + ": block bounds " + Arrays.toString(b) + " give "
          + (b.length - 1) + " blocks but the grid size is " + gridSize);
    }
    if (b[b.length - 1] != length) {
      throw new DistributionException("axis " + axis + ": block bounds " + Arrays.toString(b) + " end at "
          + b[b.length - 1] + ", not at the axis length " + length);
    }
    return new BlockLayout(axis, map, b);
  }

  /** The first global index of coordinate {@code coord}'s block. */
  long start(int coord) {
    return bounds[coord];
  }

  /** One past the last global index of coordinate {@code coord}'s block. */
  long stop(int coord) {
    return bounds[coord + 1];
  }

  @Override
  public AxisMap map() {
    return map;
  }

  @Override
  int ownerOf(long index) {
    int lo = 0;
    int hi = gridSize - 1;
    while (lo < hi) {
      int mid = (lo + hi + 1) >>> 1;
      if (bounds[mid] <= index) {
        lo = mid;
      } else {
        hi = mid - 1;
      }
    }
    return lo;
  }

  @Override
  long localOf(long index) {
    return index - bounds[ownerOf(index)];
  }

  @Override
  long globalOf(int coord, long localIndex) {
    return bounds[coord] + localIndex;
  }

  @Override
  long lengthOf(int coord) {
    return bounds[coord + 1] - bounds[coord];
  }

  @Override
  IndexRuns ownedBy(int coord) {
    return IndexRuns.range(bounds[coord], bounds[coord + 1]);
  }

  @Override
  boolean addLinearRun(int coord, long start, long step, long count, IndexRuns.Builder out) {
    long last = start + (count - 1) * step;
    long lo = Math.min(start, last);
    long hi = Math.max(start, last);
    if (lo < bounds[coord] || hi >= bounds[coord + 1]) {
      return false;
    }
    out.addRun(start - bounds[coord], step, count);
    return true;
  }
}
