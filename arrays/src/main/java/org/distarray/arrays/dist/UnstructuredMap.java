package org.distarray.arrays.dist;

import java.util.Arrays;

/**
 * The {@code 'u'} axis map: an explicit list of global indices per process, in local order.
 *
 * <p>The lists must form a partition of {@code 0..n-1}; that is checked when the map meets an axis length
 * (see {@link AxisLayout}). See {@link AxisMap#unstructured(long[][])}.
 *
 * @param indicesPerProcess one list per grid coordinate (deep-copied in and out)
 */
public record UnstructuredMap(long[][] indicesPerProcess) implements AxisMap {
  public UnstructuredMap {
    if (indicesPerProcess == null || indicesPerProcess.length == 0) {
      throw new DistributionException("unstructured map needs at least one index list");
    }
    long[][] copy = new long[indicesPerProcess.length][];
    for (int k = 0; k < copy.length; k++) {
      if (indicesPerProcess[k] == null) {
        throw new DistributionException("unstructured map: index list of process " + k + " is null");
      }
      copy[k] = indicesPerProcess[k].clone();
    }
    indicesPerProcess = copy;
  }

  /** A deep copy of the index lists. */
  @Override
  public long[][] indicesPerProcess() {
    long[][] copy = new long[indicesPerProcess.length][];
    for (int k = 0; k < copy.length; k++) {
      copy[k] = indicesPerProcess[k].clone();
    }
    return copy;
  }

  /** Number of processes (index lists). */
  public int processCount() {
    return indicesPerProcess.length;
  }

  /** The index list of one process without copying; callers must not modify it. */
  long[] indicesOf(int process) {
    return indicesPerProcess[process];
  }

  @Override
  public char distType() {
    return 'u';
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof UnstructuredMap m && Arrays.deepEquals(indicesPerProcess, m.indicesPerProcess);
  }

  @Override
  public int hashCode() {
    return Arrays.deepHashCode(indicesPerProcess);
  }

  @Override
  public String toString() {
    return "unstructured" + Arrays.deepToString(indicesPerProcess);
  }
}
