package org.distarray.arrays.dist;

/**
 * Layout of a {@code 'c'} axis: global block {@code k = i / blockSize} belongs to coordinate {@code k % p}, and
 * a coordinate's blocks follow one another in its local block, the partial last block included.
 */
final class CyclicLayout extends AxisLayout {
  private final CyclicMap map;
  private final long bs;
  private final long blocks;

  CyclicLayout(int axis, CyclicMap map, long length, int gridSize) {
    super(axis, length, gridSize);
    this.map = map;
    this.bs = map.blockSize();
    this.blocks = length / bs + (length % bs == 0 ? 0 : 1);
    if (length > 0 && blocks < gridSize) {
      throw new DistributionException("axis " + axis + ": length " + length + " in blocks of " + bs + " makes "
          + blocks + " blocks, fewer than the grid size " + gridSize + " (a process would get no block)");
    }
  }

  @Override
  public AxisMap map() {
    return map;
  }

  /** Size of the round-robin blocks. */
  long blockSize() {
    return bs;
  }

  @Override
  int ownerOf(long index) {
    return (int) ((index / bs) % gridSize);
  }

  @Override
  long localOf(long index) {
    return (index / bs / gridSize) * bs + index % bs;
  }

  @Override
  long globalOf(int coord, long localIndex) {
    return ((localIndex / bs) * gridSize + coord) * bs + localIndex % bs;
  }

  @Override
  long lengthOf(int coord) {
    long owned = blocks > coord ? (blocks - 1 - coord) / gridSize + 1 : 0;
    long n = owned * bs;
    long partial = length % bs;
    if (partial != 0 && (blocks - 1) % gridSize == coord) {
      n -= bs - partial;
    }
    return n;
  }

  @Override
  IndexRuns ownedBy(int coord) {
    if (bs == 1) {
      return IndexRuns.of(coord, gridSize, lengthOf(coord));
    }
    IndexRuns.Builder b = new IndexRuns.Builder();
    long stride = bs * gridSize;
    for (long s = coord * bs; s < length; s += stride) {
      b.addRun(s, 1, Math.min(bs, length - s));
    }
    return b.build();
  }

  @Override
  boolean addLinearRun(int coord, long start, long step, long count, IndexRuns.Builder out) {
    long last = start + (count - 1) * step;
    if (ownerOf(start) != coord || ownerOf(last) != coord) {
      return false;
    }
    if (count == 1 || start / bs == last / bs) {
      out.addRun(localOf(start), step, count);
      return true;
    }
    long period = bs * gridSize;
    if (step % period == 0) {
      out.addRun(localOf(start), step / period * bs, count);
      return true;
    }
    return false;
  }
}
