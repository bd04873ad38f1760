package org.distarray.samples;

import org.distarray.arrays.DType;
import org.distarray.arrays.NdArray;
import org.distarray.arrays.ops.Reductions;
import org.distarray.arrays.ops.Ufuncs;

/**
 * A first look at the local array core: creation, views, broadcasting, ufuncs and reductions, printed with the
 * NumPy expression each line mirrors.
 *
 * <p>Usage: {@code QuickStart [n, default 12]}.
 */
public final class QuickStart {
  private QuickStart() {}

  public static void main(String[] args) {
    long n = args.length > 0 ? Long.parseLong(args[0]) : 12;
    NdArray a = NdArray.arange(n).reshape(3, -1);
    System.out.println("a = np.arange(" + n + ").reshape(3, -1)      -> " + a);
    NdArray view = a.slice("::-1, 1::2");
    System.out.println("a[::-1, 1::2]                          -> " + view);
    NdArray scaled = Ufuncs.multiply(a, Ufuncs.divide(NdArray.arange(3).reshape(3, 1), 2.0));
    System.out.println("a * (np.arange(3)[:, None] / 2)        -> " + scaled);
    NdArray x = Ufuncs.sin(a.astype(DType.FLOAT32));
    System.out.println("np.sin(a.astype(np.float32)).dtype     -> " + x.dtype());
    System.out.println("a.sum(axis=0)                          -> " + Reductions.sum(a, 0));
    System.out.println("a.std()                                -> " + Reductions.std(a));
    System.out.println("(a % 3 == 0).sum()                     -> "
        + (long) Reductions.sum(Ufuncs.equal(Ufuncs.mod(a, 3.0), 0.0)));
  }
}
