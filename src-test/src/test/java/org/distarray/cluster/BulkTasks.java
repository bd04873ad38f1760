package org.distarray.cluster;

import org.distarray.arrays.NdArray;
import org.distarray.arrays.task.CombiningTask;
import org.distarray.arrays.task.IndexFunction;
import org.distarray.arrays.task.LocalBlocks;
import org.distarray.arrays.task.LocalTask;

/** User code that the bulk-path tests put on the engine nodes' class path (a jar of these classes). */
final class BulkTasks {
  private BulkTasks() {}

  /** A task whose result is a float64 array of the given length: rank * 1e9 + i at position i. */
  record Filled(int elements) implements LocalTask<NdArray> {
    @Override
    public NdArray run(LocalBlocks blocks) {
      return expected(blocks.rank(), elements);
    }
  }

  /** {@link Filled}'s result on every rank, joined in rank order up the engines' tree. */
  record Joined(int elements) implements CombiningTask<NdArray> {
    @Override
    public NdArray run(LocalBlocks blocks) {
      return expected(blocks.rank(), elements);
    }

    @Override
    public NdArray combine(NdArray left, NdArray right) {
      double[] l = left.toDoubleArray();
      double[] r = right.toDoubleArray();
      double[] both = java.util.Arrays.copyOf(l, l.length + r.length);
      System.arraycopy(r, 0, both, l.length, r.length);
      return NdArray.of(both, both.length);
    }
  }

  /** What {@link Filled} returns on rank. */
  static NdArray expected(int rank, int elements) {
    double[] v = new double[elements];
    for (int i = 0; i < elements; i++) {
      v[i] = rank * 1e9 + i;
    }
    return NdArray.of(v, elements);
  }

  /** The C-order position of an element of a (rows, cols) array (or of a vector): NumPy's arange(n).reshape(...). */
  record Position(long cols) implements IndexFunction {
    @Override
    public double apply(long[] index) {
      return index.length == 1 ? index[0] : index[0] * cols + index[1];
    }
  }
}
