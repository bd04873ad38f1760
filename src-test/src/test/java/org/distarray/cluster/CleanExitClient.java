package org.distarray.cluster;

import java.nio.file.Path;
import java.util.List;
import org.distarray.arrays.NdArray;
import org.distarray.arrays.Shape;
import org.distarray.arrays.dist.Distribution;
import org.distarray.runtime.DistArray;
import org.distarray.runtime.DistContext;

/**
 * A client program for {@link CleanExitTest}, run in a JVM of its own: connects, creates arrays, redistributes one
 * between the engine nodes, reduces, computes elementwise across two distributions, gathers and scatters, checks
 * every value against what it must be, closes its context and returns from main (its status is 0 only when the
 * process ends by itself). Prints {@value #DONE} after the close; a wrong value exits with status 1.
 *
 * <p>Usage: {@code CleanExitClient <client-config>}
 */
final class CleanExitClient {
  static final String DONE = "clean exit: context closed";
  /** Rows and columns of the arrays: 2 MB of float64, more than one data-plane frame per engine. */
  static final int N = 512;

  private CleanExitClient() {}

  public static void main(String[] args) {
    if (args.length != 1) {
      System.err.println("usage: CleanExitClient <client-config>; got " + List.of(args));
      System.exit(2);
    }
    DistContext ctx = DistContext.connect(Path.of(args[0]));
    Shape shape = Shape.of(N, N);
    Distribution rows = ctx.distribution(shape, "bn");
    Distribution cols = ctx.distribution(shape, "nb");
    long n = shape.size();
    try (DistArray a = ctx.arange(n).reshape(N, N);
        DistArray byRows = a.redistribute(rows);
        DistArray byCols = byRows.redistribute(cols); // engine node to engine node on the data plane
        DistArray mixed = byCols.multiply(2.0).add(byRows); // 3 * a, from two distributions
        DistArray colSums = mixed.sum(0)) {
      check("sum of the redistributed array", n * (n - 1) / 2.0, byCols.sum());
      check("sum of 2 * cols + rows", 3.0 * n * (n - 1) / 2.0, mixed.sum());
      check("element (7, 300)", 3.0 * (7 * N + 300), mixed.getDouble(7, 300));
      NdArray sums = colSums.toNdArray(); // gathered: sum over i of 3 * (i * N + j)
      for (int j = 0; j < N; j++) {
        check("column sum " + j, 3.0 * ((double) N * (N - 1) / 2 * N + (double) N * j), sums.getDouble(j));
      }
      NdArray local = byCols.toNdArray();
      check("gathered element (511, 1)", 511.0 * N + 1, local.getDouble(511, 1));
      try (DistArray back = ctx.fromNdArray(local.astype(org.distarray.arrays.DType.FLOAT64), cols)) {
        check("scattered and summed", n * (n - 1) / 2.0, back.sum());
      }
    }
    ctx.close();
    System.out.println(DONE);
    System.out.flush();
  }

  private static void check(String what, double expected, double actual) {
    if (expected != actual) {
      System.out.println("wrong value: " + what + " is " + actual + ", not " + expected);
      System.out.flush();
      System.exit(1);
    }
  }
}
