package org.distarray.samples;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.math3.stat.interval.ConfidenceInterval;
import org.apache.commons.math3.stat.interval.WilsonScoreInterval;
import org.distarray.arrays.Shape;
import org.distarray.arrays.dist.Distribution;
import org.distarray.runtime.DistArray;
import org.distarray.runtime.DistContext;

/**
 * Monte Carlo estimate of pi: n random points in the unit square from {@code DistRandom}, the share inside the quarter
 * circle times 4. {@code DistRandom} is counter-based (the value at an index depends only on the seed and the index),
 * so the same seed gives the same points, the same count and the same estimate on every engine count; the sample
 * runs on 1, 2 and 4 engines to show it. The confidence interval is Wilson's score interval from Apache Commons Math.
 *
 * <p>Usage: {@code MonteCarloPi [--samples N (4000000)] [--seed S (2024)] [--confidence C (0.99)] [--engine-counts
 * 1,2,4] [--out DIR] [--connect FILE]} (on a cluster it runs once, on the cluster's engines).
 */
public final class MonteCarloPi {
  static final String USAGE = "MonteCarloPi [--samples N] [--seed S] [--confidence C] [--engine-counts 1,2,4]"
      + " [--out DIR] [--connect FILE]";

  private MonteCarloPi() {}

  /** One run's count of points inside the circle, on so many engines. */
  public record Count(int engines, long inside) {}

  /** The outcome: the counts per engine count, the estimate and its interval. */
  public record Result(long samples, List<Count> counts, double estimate, double lower, double upper) {}

  public static void main(String[] args) {
    SampleOptions.main(args, a -> run(a, System.out));
  }

  /** Runs the sample with the given arguments, printing to out. */
  public static Result run(String[] args, PrintStream out) {
    SampleOptions o = SampleOptions.parse(args, USAGE, "samples", "seed", "confidence", "engine-counts");
    long n = o.positiveLong("samples", 4_000_000);
    if (n > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("--samples must be at most " + Integer.MAX_VALUE
          + " (the interval's trial count is an int), not " + n);
    }
    long seed = (long) o.number("seed", 2024);
    double confidence = o.number("confidence", 0.99);
    if (!(confidence > 0 && confidence < 1)) {
      throw new IllegalArgumentException("--confidence must be in (0, 1), not " + confidence);
    }
    o.out();
    List<Count> counts = new ArrayList<>();
    if (o.connected()) {
      try (DistContext ctx = o.open(1)) {
        counts.add(new Count(ctx.engineCount(), inside(ctx, n, seed)));
      }
    } else {
      for (String part : o.string("engine-counts", "1,2,4").split(",")) {
        int engines;
        try {
          engines = Integer.parseInt(part.trim());
        } catch (NumberFormatException e) {
          throw new IllegalArgumentException("--engine-counts takes positive integers separated by commas, not '"
              + part + "'", e);
        }
        if (engines < 1) {
          throw new IllegalArgumentException("--engine-counts takes positive integers, not " + engines);
        }
        try (DistContext ctx = DistContext.local(engines)) {
          counts.add(new Count(engines, inside(ctx, n, seed)));
        }
      }
    }
    long k = counts.get(0).inside();
    for (Count c : counts) {
      out.printf("%d engine(s): %,d of %,d points inside the quarter circle%n", c.engines(), c.inside(), n);
      if (c.inside() != k) {
        throw new IllegalStateException("seed " + seed + " gave " + c.inside() + " points inside on " + c.engines()
            + " engines but " + k + " on " + counts.get(0).engines());
      }
    }
    ConfidenceInterval ci = new WilsonScoreInterval().createInterval((int) n, (int) k, confidence);
    double estimate = 4.0 * k / n;
    out.printf("pi ~ %.6f, %.0f%% confidence interval [%.6f, %.6f] (Wilson score); Math.PI = %.6f%n", estimate,
        confidence * 100, 4 * ci.getLowerBound(), 4 * ci.getUpperBound(), Math.PI);
    return new Result(n, counts, estimate, 4 * ci.getLowerBound(), 4 * ci.getUpperBound());
  }

  /** Points inside x^2 + y^2 <= 1 among n points (x, y): rows of an n x 2 array of uniform numbers. */
  static long inside(DistContext ctx, long n, long seed) {
    Distribution d = ctx.distribution(Shape.of(n, 2), "b");
    try (DistArray points = ctx.random(seed).rand(d);
        DistArray x = points.slice(":, 0");
        DistArray y = points.slice(":, 1");
        DistArray r2 = x.square().add(y.square());
        DistArray in = r2.lessEqual(1.0)) {
      return (long) in.sum();
    }
  }
}
