package org.distarray.arrays.dist;

import java.util.Arrays;

/** Layout of a {@code 'u'} axis: explicit index lists per coordinate, checked to be a partition. */
final class UnstructuredLayout extends AxisLayout {
  private final UnstructuredMap map;
  private final int[] ownerOf;
  private final int[] localOf;

  UnstructuredLayout(int axis, UnstructuredMap map, long length, int gridSize) {
    super(axis, length, gridSize);
    this.map = map;
    if (map.processCount() != gridSize) {
      throw new DistributionException("axis " + axis + ": unstructured map has " + map.processCount()
          + " index lists but the grid size is " + gridSize);
    }
    if (length > Integer.MAX_VALUE - 8) {
      throw new DistributionException("axis " + axis + ": unstructured axis of length " + length + " is too long");
    }
    int n = (int) length;
    ownerOf = new int[n];
    localOf = new int[n];
    Arrays.fill(ownerOf, -1);
    for (int k = 0; k < gridSize; k++) {
      long[] idx = map.indicesOf(k);
      if (idx.length == 0 && n > 0) {
        throw new DistributionException("axis " + axis + ": unstructured process " + k + " has no indices");
      }
      for (int j = 0; j < idx.length; j++) {
        long i = idx[j];
        if (i < 0 || i >= n) {
          throw new DistributionException("axis " + axis + ": index " + i + " in the list of process " + k
              + " is outside the axis of length " + n + "; unstructured lists must partition 0.." + (n - 1));
        }
        if (ownerOf[(int) i] >= 0) {
          throw new DistributionException("axis " + axis + ": index " + i + " is in the lists of processes "
              + ownerOf[(int) i] + " and " + k + "; unstructured lists must partition 0.." + (n - 1));
        }
        ownerOf[(int) i] = k;
        localOf[(int) i] = j;
      }
    }
    for (int i = 0; i < n; i++) {
      if (ownerOf[i] < 0) {
        throw new DistributionException("axis " + axis + ": index " + i + " is in no process's list; unstructured"
            + " lists must partition 0.." + (n - 1));
      }
    }
  }

  @Override
  public AxisMap map() {
    return map;
  }

  /** The global indices of one coordinate in local order, without copying. */
  long[] indicesOf(int coord) {
    return map.indicesOf(coord);
  }

  @Override
  int ownerOf(long index) {
    return ownerOf[(int) index];
  }

  @Override
  long localOf(long index) {
    return localOf[(int) index];
  }

  @Override
  long globalOf(int coord, long localIndex) {
    return map.indicesOf(coord)[(int) localIndex];
  }

  @Override
  long lengthOf(int coord) {
    return map.indicesOf(coord).length;
  }

  @Override
  IndexRuns ownedBy(int coord) {
    long[] sorted = map.indicesOf(coord).clone();
    Arrays.sort(sorted);
    return IndexRuns.ofIndices(sorted);
  }
}
