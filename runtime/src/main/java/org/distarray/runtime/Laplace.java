package org.distarray.runtime;

import org.distarray.arrays.DType;
import org.distarray.arrays.NdArray;
import org.distarray.arrays.ops.Ufuncs;

/**
 * {@link Stencil#laplace}: {@code out = u + alpha * (sum of the 2 ndim axis neighbours - 2 ndim u)}. Float64 blocks of
 * 1 to 3 axes with unit-stride rows run as plain loops over the storage (one pass, the inner loop vectorised by the
 * JIT); other dtypes and ranks through ufuncs over shifted views, in the array's dtype.
 *
 * @param alpha the diffusion number (0.25 or less keeps the explicit 2-D heat step stable)
 */
public record Laplace(double alpha) implements Stencil {
  @Override
  public void apply(NdArray g, NdArray out, int width) {
    int nd = out.ndim();
    boolean rows = g.dtype() == DType.FLOAT64 && out.dtype() == DType.FLOAT64 && nd >= 1 && nd <= 3
        && g.stride(nd - 1) == 1 && out.stride(nd - 1) == 1;
    if (!rows) {
      generic(g, out, width);
      return;
    }
    double[] x = (double[]) g.storage();
    double[] y = (double[]) out.storage();
    long[] n = out.dims();
    int w = width;
    if (nd == 1) {
      line(x, (int) g.offset() + w, y, (int) out.offset(), (int) n[0], alpha);
    } else if (nd == 2) {
      int gs = (int) g.stride(0);
      int os = (int) out.stride(0);
      for (int i = 0; i < n[0]; i++) {
        int c = (int) g.offset() + (i + w) * gs + w;
        row(x, c, gs, y, (int) out.offset() + i * os, (int) n[1], alpha);
      }
    } else {
      int gs0 = (int) g.stride(0);
      int gs1 = (int) g.stride(1);
      int os0 = (int) out.stride(0);
      int os1 = (int) out.stride(1);
      for (int i = 0; i < n[0]; i++) {
        for (int j = 0; j < n[1]; j++) {
          int c = (int) g.offset() + (i + w) * gs0 + (j + w) * gs1 + w;
          plane(x, c, gs0, gs1, y, (int) out.offset() + i * os0 + j * os1, (int) n[2], alpha);
        }
      }
    }
  }

  /** A 1-D block: two neighbours. */
  private static void line(double[] x, int c, double[] y, int o, int len, double alpha) {
    for (int j = 0; j < len; j++) {
      double u = x[c + j];
      y[o + j] = u + alpha * (x[c + j - 1] + x[c + j + 1] - 2.0 * u);
    }
  }

  /** One row of a 2-D block: four neighbours, the rows above and below s elements away. */
  private static void row(double[] x, int c, int s, double[] y, int o, int len, double alpha) {
    for (int j = 0; j < len; j++) {
      double u = x[c + j];
      y[o + j] = u + alpha * (x[c + j - s] + x[c + j + s] + x[c + j - 1] + x[c + j + 1] - 4.0 * u);
    }
  }

  /** One row of a 3-D block: six neighbours. */
  private static void plane(double[] x, int c, int s0, int s1, double[] y, int o, int len, double alpha) {
    for (int j = 0; j < len; j++) {
      double u = x[c + j];
      y[o + j] = u + alpha * (x[c + j - s0] + x[c + j + s0] + x[c + j - s1] + x[c + j + s1] + x[c + j - 1]
          + x[c + j + 1] - 6.0 * u);
    }
  }

  /** Any rank and dtype: the neighbours as shifted views of the ghosted block, summed with ufuncs. */
  private void generic(NdArray g, NdArray out, int width) {
    int nd = out.ndim();
    NdArray centre = g.slice(window(out.dims(), width, -1, 0));
    NdArray sum = Ufuncs.multiply(centre, -2.0 * nd);
    for (int k = 0; k < nd; k++) {
      sum = Ufuncs.add(sum, g.slice(window(out.dims(), width, k, -1)));
      sum = Ufuncs.add(sum, g.slice(window(out.dims(), width, k, 1)));
    }
    out.copyFrom(Ufuncs.add(centre, Ufuncs.multiply(sum, alpha)));
  }

  /** The interior of the ghosted block, moved by shift along axis (no axis: -1). */
  private static String window(long[] n, int width, int axis, int shift) {
    StringBuilder b = new StringBuilder();
    for (int k = 0; k < n.length; k++) {
      long from = width + (k == axis ? shift : 0);
      b.append(k == 0 ? "" : ", ").append(from).append(':').append(from + n[k]);
    }
    return b.toString();
  }
}
