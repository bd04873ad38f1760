package org.distarray.samples;

import java.io.PrintStream;
import org.distarray.arrays.DType;
import org.distarray.arrays.NdArray;
import org.distarray.arrays.Shape;
import org.distarray.arrays.dist.Distribution;
import org.distarray.arrays.ops.Ufuncs;
import org.distarray.runtime.Boundary;
import org.distarray.runtime.DistArray;
import org.distarray.runtime.DistContext;
import org.distarray.runtime.Stencil;

/**
 * Heat diffusion on a 2-D plate: explicit (Jacobi) steps of u[1:-1,1:-1] += alpha * (north + south + west + east -
 * 4 u[1:-1,1:-1]) with the top edge held at 100 degrees and the others at 0. The plate is ghosted (one layer around
 * each engine's block) and each step is one {@code stencil(Stencil.laplace(alpha))}: the engines send their edge rows
 * and columns straight to their neighbours and compute their blocks, nothing else moves; the plate's edges are then
 * set back to their fixed temperatures. The result is checked against the same steps on one local array.
 *
 * <p>Usage: {@code HeatDiffusion [--size N (120)] [--steps S (100)] [--alpha A (0.2)] [--dist D (bb)] [--engines E
 * (4)] [--out DIR] [--connect FILE]}; writes {@code heat.npy}.
 */
public final class HeatDiffusion {
  static final String USAGE = "HeatDiffusion [--size N] [--steps S] [--alpha A] [--dist D] [--engines E] [--out DIR]"
      + " [--connect FILE]";
  static final double HOT_EDGE = 100.0;

  private HeatDiffusion() {}

  /** The outcome: the final plate, the serial plate and their largest difference. */
  public record Result(NdArray plate, NdArray serial, double maxDifference, double meanTemperature,
      long stepNanos) {}

  public static void main(String[] args) {
    SampleOptions.main(args, a -> run(a, System.out));
  }

  /** Runs the sample with the given arguments, printing to out. */
  public static Result run(String[] args, PrintStream out) {
    SampleOptions o = SampleOptions.parse(args, USAGE, "size", "steps", "alpha", "dist");
    long n = o.positiveLong("size", 120);
    int steps = o.positiveInt("steps", 100);
    double alpha = o.number("alpha", 0.2);
    if (n < 3) {
      throw new IllegalArgumentException("--size must be at least 3 (a plate with an interior), not " + n);
    }
    if (!(alpha > 0 && alpha <= 0.25)) {
      throw new IllegalArgumentException("--alpha must be in (0, 0.25] for a stable explicit scheme, not " + alpha);
    }
    String dist = o.string("dist", "bb");
    java.nio.file.Path dir = o.out();
    ProgressBars progress = new ProgressBars(out, " steps", 1);
    NdArray plate;
    long elapsed;
    try (DistContext ctx = o.open(4)) {
      Distribution d = ctx.distribution(Shape.of(n, n), dist);
      out.printf("heat diffusion on a %d x %d plate, %d steps, alpha %s, '%s' over a %s grid of %d engines%n", n, n,
          steps, alpha, dist, java.util.Arrays.toString(d.gridShape()), d.ranks());
      DistArray u;
      try (DistArray cold = ctx.zeros(d)) {
        cold.assign("0, :", HOT_EDGE);
        u = cold.ghosted(1, Boundary.ZERO);
      }
      try {
        long start = System.nanoTime();
        for (int s = 1; s <= steps; s++) {
          DistArray next = step(u, alpha);
          u.close();
          u = next;
          progress.progress("heat steps", s, steps);
        }
        elapsed = System.nanoTime() - start;
        plate = u.toNdArray();
        ctx.saveNpy(dir.resolve("heat.npy"), u);
        out.println("with the plate open, " + ctx.memory());
      } finally {
        u.close();
      }
      // each step closed the plate before it and the last one is closed: the engines hold nothing
      out.println("at the end, " + ctx.memory());
    }
    NdArray serial = serial(n, steps, alpha);
    double diff = maxDifference(plate, serial);
    double mean = org.distarray.arrays.ops.Reductions.mean(plate);
    out.printf("%d steps in %.1f ms (%.2f ms per step); mean temperature %.6f%n", steps, elapsed / 1e6,
        elapsed / 1e6 / steps, mean);
    out.printf("down the middle column: row 1 %.4f, row %d %.4f, row %d %.4f%n", plate.getDouble(1, n / 2), n / 16,
        plate.getDouble(n / 16, n / 2), n / 8, plate.getDouble(n / 8, n / 2));
    out.printf("largest difference from the serial computation: %.3g%n", diff);
    out.println("wrote " + dir.resolve("heat.npy"));
    return new Result(plate, serial, diff, mean, elapsed / steps);
  }

  /** One explicit step on the ghosted plate: the stencil everywhere, then the edges back to their temperatures. */
  static DistArray step(DistArray u, double alpha) {
    DistArray next = u.stencil(Stencil.laplace(alpha));
    next.assign("-1, :", 0.0);
    next.assign("1:-1, 0", 0.0);
    next.assign("1:-1, -1", 0.0);
    next.assign("0, :", HOT_EDGE);
    return next;
  }

  /** The same steps, in the same order of operations, on one local array. */
  static NdArray serial(long n, int steps, double alpha) {
    NdArray u = NdArray.zeros(DType.FLOAT64, n, n);
    u.slice("0, :").fill(HOT_EDGE);
    for (int s = 0; s < steps; s++) {
      NdArray c = u.slice("1:-1, 1:-1");
      NdArray sum = Ufuncs.add(Ufuncs.add(Ufuncs.add(u.slice(":-2, 1:-1"), u.slice("2:, 1:-1")),
          u.slice("1:-1, :-2")), u.slice("1:-1, 2:"));
      NdArray next = Ufuncs.add(c, Ufuncs.multiply(Ufuncs.subtract(sum, Ufuncs.multiply(c, 4.0)), alpha));
      c.copyFrom(next);
    }
    return u;
  }

  static double maxDifference(NdArray a, NdArray b) {
    double[] x = a.toDoubleArray();
    double[] y = b.toDoubleArray();
    double m = 0;
    for (int i = 0; i < x.length; i++) {
      m = Math.max(m, Math.abs(x[i] - y[i]));
    }
    return m;
  }
}
