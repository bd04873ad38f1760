package org.distarray.arrays.dist;

import java.util.Arrays;

/** Layout of a {@code 'b'} or {@code 'n'} axis: coordinate {@code k} owns {@code bounds[k]..bounds[k+1]-1}. */
final class BlockLayout extends AxisLayout {
  private final AxisMap map;
  private final long[] bounds;
  private Buckets buckets;

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
    if (gridSize == 1) {
      return 0;
    }
    Buckets b = buckets();
    int o = b.first[(int) (index >>> b.shift)];
    while (bounds[o + 1] <= index) { // at most a few steps: buckets are smaller than the average block
      o++;
    }
    return o;
  }

  @Override
  public void locate(long[] indices, int from, int count, int[] owners, long[] locals) {
    Buckets b = buckets();
    int[] first = b.first;
    int shift = b.shift;
    long n = length;
    for (int k = 0; k < count; k++) {
      long i = indices[from + k];
      i += (i >> 63) & n;
      int o = first[(int) (i >>> shift)];
      while (bounds[o + 1] <= i) {
        o++;
      }
      owners[k] = o;
      locals[k] = i - bounds[o];
    }
  }

  private Buckets buckets() {
    Buckets b = buckets;
    if (b == null) {
      b = new Buckets(bounds, length);
      buckets = b;
    }
    return b;
  }

  /**
   * The owner of the first index of every bucket of {@code 2^shift} indices, so that finding an owner is one table
   * read and (rarely) a step or two instead of a binary search whose branches random indices mispredict. Built on
   * first use (a layout that only slices never needs it); immutable, so a race builds it twice at worst.
   */
  private static final class Buckets {
    final int[] first;
    final int shift;

    Buckets(long[] bounds, long length) {
      int blocks = bounds.length - 1;
      int bits = 64 - Long.numberOfLeadingZeros(Math.max(1, length - 1));
      int tableBits = Math.min(bits, 32 - Integer.numberOfLeadingZeros(8 * blocks - 1));
      this.shift = bits - tableBits;
      this.first = new int[(int) ((Math.max(1, length) - 1) >>> shift) + 1];
      int o = 0;
      for (int k = 0; k < first.length; k++) {
        long start = (long) k << shift;
        while (o < blocks - 1 && bounds[o + 1] <= start) {
          o++;
        }
        first[k] = o;
      }
    }
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
