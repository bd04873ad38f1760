package org.distarray.runtime;

import org.distarray.actors.Fill;
import org.distarray.arrays.DType;
import org.distarray.arrays.dist.Distribution;
import org.distarray.arrays.random.CounterRandom;

/**
 * Random arrays whose value at a global index depends only on the seed and that index
 * ({@link CounterRandom}): the same seed gives the same array on any number of engines and under any
 * distribution.
 */
public final class DistRandom {
  private final DistContext ctx;
  private final long seed;

  DistRandom(DistContext ctx, long seed) {
    this.ctx = ctx;
    this.seed = seed;
  }

  /** FLOAT64 uniform in [0, 1). */
  public DistArray rand(Distribution d) {
    return ctx.create(d, DType.FLOAT64, new Fill.Uniform(seed), "rand");
  }

  /** FLOAT64 standard normal. */
  public DistArray randn(Distribution d) {
    return normal(0.0, 1.0, d);
  }

  /** FLOAT64 normal with mean loc and standard deviation scale (scale >= 0). */
  public DistArray normal(double loc, double scale, Distribution d) {
    if (!(scale >= 0)) {
      throw new IllegalArgumentException("normal needs scale >= 0, got " + scale);
    }
    return ctx.create(d, DType.FLOAT64, new Fill.Normal(seed, loc, scale), "normal");
  }

  /** INT64 uniform in [low, high). */
  public DistArray randint(long low, long high, Distribution d) {
    CounterRandom.checkRange(low, high);
    return ctx.create(d, DType.INT64, new Fill.RandInt(seed, low, high), "randint");
  }
}
