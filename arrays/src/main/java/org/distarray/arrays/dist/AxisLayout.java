package org.distarray.arrays.dist;

import org.distarray.arrays.IndexOutOfRangeException;

/**
 * An {@link AxisMap} resolved for one axis length and one grid size: which grid coordinate owns each index, and
 * where inside that coordinate's block it sits.
 *
 * <p>Grid coordinates run {@code 0..gridSize()-1}. Every index {@code 0..length()-1} has exactly one owner;
 * {@code globalIndex(owner(i), localIndex(i)) == i}. Local order is ascending global order for every kind but
 * {@code 'u'}, whose local order is the order of the given lists. Obtain one from
 * {@link Distribution#axis(int)}.
 *
 * <p>Rules checked on creation (each failure a {@link DistributionException} naming the values): the grid size
 * is at least 1 and at most {@code max(1, length)}; {@code 'n'} has grid size 1; balanced {@code 'b'} gives no
 * process an empty block; explicit bounds have grid size + 1 values ending at the length (equal neighbours,
 * an empty block, are allowed there because they were asked for); {@code 'c'} has at least one block per
 * process; {@code 'u'} lists are a partition of {@code 0..length-1} with no empty list (unless the length is 0).
 */
public abstract sealed class AxisLayout permits BlockLayout, CyclicLayout, UnstructuredLayout {
  final int axis;
  final long length;
  final int gridSize;

  AxisLayout(int axis, long length, int gridSize) {
    this.axis = axis;
    this.length = length;
    this.gridSize = gridSize;
  }

  /**
   * Resolves {@code map} for an axis; {@code axis} only labels error messages.
   *
   * @throws DistributionException when the map, length and grid size do not fit together
   */
  static AxisLayout create(int axis, AxisMap map, long length, int gridSize) {
    if (gridSize < 1) {
      throw new DistributionException("axis " + axis + ": grid size must be at least 1, got " + gridSize);
    }
    if (gridSize > Math.max(1, length) && !(map instanceof BlockBoundsMap)) { // explicit bounds may be empty
      throw new DistributionException("axis " + axis + ": grid size " + gridSize + " is larger than the axis length "
          + length + (length == 0 ? " (a zero-length axis takes grid size 1)" : ""));
    }
    if (map instanceof NoneMap) {
      if (gridSize != 1) {
        throw new DistributionException("axis " + axis + " is not distributed ('n') but its grid size is "
            + gridSize);
      }
      return new BlockLayout(axis, map, new long[] {0, length});
    } else if (map instanceof BlockMap) {
      return new BlockLayout(axis, map, BlockLayout.balancedBounds(length, gridSize));
    } else if (map instanceof BlockBoundsMap b) {
      return BlockLayout.explicit(axis, b, length, gridSize);
    } else if (map instanceof CyclicMap c) {
      return new CyclicLayout(axis, c, length, gridSize);
    } else {
      return new UnstructuredLayout(axis, (UnstructuredMap) map, length, gridSize);
    }
  }

  /** The axis map this layout resolves. */
  public abstract AxisMap map();

  /** The protocol's {@code dist_type} letter of the map. */
  public char distType() {
    return map().distType();
  }

  /** The axis number this layout was made for. */
  public int axis() {
    return axis;
  }

  /** Length of the axis. */
  public long length() {
    return length;
  }

  /** Number of grid coordinates along the axis. */
  public int gridSize() {
    return gridSize;
  }

  /** The grid coordinate that owns global index {@code index}. @throws IndexOutOfRangeException outside the axis */
  public final int owner(long index) {
    return ownerOf(checkIndex(index));
  }

  /** Position of global {@code index} inside its owner's block. @throws IndexOutOfRangeException outside the axis */
  public final long localIndex(long index) {
    return localOf(checkIndex(index));
  }

  /**
   * Owners and local positions of many indices at once, for bulk work such as take and put: {@code owners[k]} and
   * {@code locals[k]} for {@code indices[from + k]}, k below count. No check per index: the caller has checked that
   * each is in {@code [-length, length)}; a negative one counts from the end.
   */
  public void locate(long[] indices, int from, int count, int[] owners, long[] locals) {
    for (int k = 0; k < count; k++) {
      long i = indices[from + k];
      i += (i >> 63) & length;
      owners[k] = ownerOf(i);
      locals[k] = localOf(i);
    }
  }

  /**
   * The global index at {@code localIndex} of coordinate {@code coord}'s block.
   *
   * @throws IndexOutOfRangeException naming the values when either is out of range
   */
  public final long globalIndex(int coord, long localIndex) {
    long n = localLength(coord);
    if (localIndex < 0 || localIndex >= n) {
      throw new IndexOutOfRangeException("local index " + localIndex + " is out of bounds for axis " + axis
          + " with local size " + n + " at grid coordinate " + coord);
    }
    return globalOf(coord, localIndex);
  }

  /** Number of indices coordinate {@code coord} owns. @throws IndexOutOfRangeException for a bad coordinate */
  public final long localLength(int coord) {
    return lengthOf(checkCoord(coord));
  }

  /** The global indices coordinate {@code coord} owns, ascending, in O(runs). */
  public final IndexRuns owned(int coord) {
    return ownedBy(checkCoord(coord));
  }

  /**
   * Maps global indices that coordinate {@code coord} owns to its local indices, keeping their order.
   *
   * <p>Compact for {@code 'b'}, {@code 'n'} and {@code 'c'} pieces of owned sets; element by element for
   * {@code 'u'}. Indices the coordinate does not own give an exception.
   *
   * @throws IndexOutOfRangeException when an index is outside the axis or not owned by {@code coord}
   */
  public IndexRuns toLocal(int coord, IndexRuns globals) {
    checkCoord(coord);
    IndexRuns.Builder b = new IndexRuns.Builder();
    for (int r = 0; r < globals.runs(); r++) {
      long s = globals.runStart(r);
      long st = globals.runStep(r);
      long c = globals.runLength(r);
      if (!addLinearRun(coord, s, st, c, b)) {
        for (long k = 0; k < c; k++) {
          b.add(ownedLocal(coord, s + k * st));
        }
      }
    }
    return b.build();
  }

  /**
   * Adds the local indices of the run in one step when this kind maps it linearly; false to fall back to
   * element by element.
   */
  boolean addLinearRun(int coord, long start, long step, long count, IndexRuns.Builder out) {
    return false;
  }

  /** Local index of a global index that {@code coord} must own. */
  final long ownedLocal(int coord, long index) {
    if (ownerOf(checkIndex(index)) != coord) {
      throw new IndexOutOfRangeException("index " + index + " along axis " + axis + " belongs to grid coordinate "
          + ownerOf(index) + ", not " + coord);
    }
    return localOf(index);
  }

  abstract int ownerOf(long index);

  abstract long localOf(long index);

  abstract long globalOf(int coord, long localIndex);

  abstract long lengthOf(int coord);

  abstract IndexRuns ownedBy(int coord);

  final long checkIndex(long index) {
    if (index < 0 || index >= length) {
      throw new IndexOutOfRangeException("index " + index + " is out of bounds for axis " + axis + " with size "
          + length);
    }
    return index;
  }

  final int checkCoord(int coord) {
    if (coord < 0 || coord >= gridSize) {
      throw new IndexOutOfRangeException("grid coordinate " + coord + " is out of bounds for axis " + axis
          + " with grid size " + gridSize);
    }
    return coord;
  }

  @Override
  public String toString() {
    return map() + " over " + gridSize + " along axis " + axis + " of length " + length;
  }
}
