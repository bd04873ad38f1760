package org.distarray.actors.engine;

import org.distarray.actors.Fill;
import org.distarray.arrays.DType;
import org.distarray.arrays.NdArray;
import org.distarray.arrays.dist.Distribution;
import org.distarray.arrays.random.CounterRandom;

/**
 * Fills one rank's new block from global indices, row by row: for each row of the innermost axis the flat global
 * offset of the outer axes is computed once and the inner axis adds its own global positions, so a value depends
 * on its global index only, never on the distribution.
 */
public final class BlockFill {
  private BlockFill() {}

  /** A new C-order block of rank's local shape in dtype, filled as fill says. */
  public static NdArray create(Distribution d, int rank, DType dtype, Fill fill) {
    return fillInto(NdArray.zeros(dtype, d.localShape(rank).dims()), d, rank, fill);
  }

  /**
   * Fills block, rank's C-order block of d whose values are unspecified (reused storage), as fill says: every
   * element is written, except for Empty (NumPy's empty promises no values).
   */
  static NdArray fillInto(NdArray block, Distribution d, int rank, Fill fill) {
    DType dtype = block.dtype();
    if (fill instanceof Fill.Empty || block.size() == 0) {
      return block;
    }
    if (fill instanceof Fill.Constant c) {
      block.fill(c.value());
      return block;
    }
    int nd = d.ndim();
    long[][] owned = new long[nd + 1][];
    long[] gstride = new long[nd + 1];
    long[] gdims = d.shape().dims();
    long s = 1;
    for (int a = nd - 1; a >= 0; a--) {
      owned[a] = d.localIndices(rank, a).toArray();
      gstride[a] = s;
      s *= gdims[a];
    }
    // a 0-d array is one row of one element at flat index 0
    int rowAxis = Math.max(0, nd - 1);
    long[] rowIndices = nd == 0 ? new long[] {0} : owned[rowAxis];
    int inner = rowIndices.length;
    long[] innerFlat = new long[inner];
    for (int i = 0; i < inner; i++) {
      innerFlat[i] = nd == 0 ? 0 : rowIndices[i] * gstride[rowAxis];
    }
    boolean integral = fill instanceof Fill.Arange || fill instanceof Fill.RandInt;
    double[] drow = integral ? null : new double[inner];
    long[] lrow = integral ? new long[inner] : null;
    long[] counter = new long[rowAxis];
    long[] index = new long[nd];
    long rows = block.size() / inner;
    long[] ldims = block.dims();
    for (long r = 0; r < rows; r++) {
      long base = 0;
      for (int a = 0; a < rowAxis; a++) {
        index[a] = owned[a][(int) counter[a]];
        base += index[a] * gstride[a];
      }
      NdArray row;
      if (integral) {
        fillLongs(fill, base, innerFlat, lrow);
        row = NdArray.of(lrow);
      } else {
        fillDoubles(fill, base, innerFlat, drow, index, rowIndices, nd);
        row = NdArray.of(drow);
      }
      NdArray.view(dtype, block.storage(), r * inner, new long[] {inner}, new long[] {1}).copyFrom(row);
      for (int a = rowAxis - 1; a >= 0; a--) {
        if (++counter[a] < ldims[a]) {
          break;
        }
        counter[a] = 0;
      }
    }
    return block;
  }

  private static void fillLongs(Fill fill, long base, long[] innerFlat, long[] row) {
    int n = row.length;
    if (fill instanceof Fill.Arange) {
      for (int i = 0; i < n; i++) {
        row[i] = base + innerFlat[i];
      }
    } else if (fill instanceof Fill.RandInt ri) {
      for (int i = 0; i < n; i++) {
        row[i] = CounterRandom.integer(ri.seed(), base + innerFlat[i], ri.low(), ri.high());
      }
    } else {
      throw new IllegalStateException("not an integer fill: " + fill);
    }
  }

  private static void fillDoubles(Fill fill, long base, long[] innerFlat, double[] row, long[] index,
      long[] rowIndices, int nd) {
    int n = row.length;
    if (fill instanceof Fill.Uniform u) {
      for (int i = 0; i < n; i++) {
        row[i] = CounterRandom.uniform(u.seed(), base + innerFlat[i]);
      }
    } else if (fill instanceof Fill.Normal g) {
      for (int i = 0; i < n; i++) {
        row[i] = g.loc() + g.scale() * CounterRandom.normal(g.seed(), base + innerFlat[i]);
      }
    } else if (fill instanceof Fill.Function f) {
      for (int i = 0; i < n; i++) {
        if (nd > 0) {
          index[nd - 1] = rowIndices[i];
        }
        row[i] = f.function().apply(index);
      }
    } else {
      throw new IllegalStateException("not a floating fill: " + fill);
    }
  }
}
