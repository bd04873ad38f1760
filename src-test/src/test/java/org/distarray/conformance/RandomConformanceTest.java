package org.distarray.conformance;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.distarray.arrays.DType;
import org.distarray.arrays.NdArray;
import org.distarray.arrays.Shape;
import org.distarray.arrays.dist.AxisMap;
import org.distarray.arrays.dist.Distribution;
import org.distarray.arrays.ops.Reductions;
import org.distarray.runtime.DistArray;
import org.distarray.runtime.DistContext;
import org.distarray.runtime.DistRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Counter-based random arrays: the value at a global index depends only on the seed and the index, so the same
 * seed gives the same array on 1, 3 and 4 engines under every distribution; and the values have the promised
 * ranges and moments.
 */
class RandomConformanceTest {
  private static final EngineContexts CONTEXTS = new EngineContexts();
  private static final Shape SHAPE = Shape.of(40, 25);
  private static final long[] SEEDS = {7, 20240611L, -3};
  private static final int SAMPLES = 100_000;

  /** The four generators of DistRandom. */
  enum Generator {
    RAND, RANDN, NORMAL, RANDINT;

    DistArray draw(DistRandom random, Distribution d) {
      return switch (this) {
        case RAND -> random.rand(d);
        case RANDN -> random.randn(d);
        case NORMAL -> random.normal(2, 0.5, d);
        case RANDINT -> random.randint(-3, 4, d);
      };
    }

    DType dtype() {
      return this == RANDINT ? DType.INT64 : DType.FLOAT64;
    }
  }

  @AfterAll
  static void closeContexts() {
    CONTEXTS.close();
  }

  /** 'b', 'c', 'bc', 'cb', 'nb' on 1, 3 and 4 engines, and on 4 engines block-cyclic, unstructured and targets {2, 0}. */
  static List<DistCase> distributions() {
    List<DistCase> cases = new ArrayList<>();
    for (int engines : new int[] {1, 3, 4}) {
      for (String dist : List.of("b", "c", "bc", "cb", "nb")) {
        cases.add(new DistCase(dist, engines, Distribution.of(SHAPE, dist, engines)));
      }
    }
    cases.add(new DistCase("block-cyclic grid", 4, Distribution.of(SHAPE,
        List.of(AxisMap.blockCyclic(3), AxisMap.blockCyclic(4)), new int[] {2, 2}, new int[] {3, 2, 1, 0})));
    cases.add(new DistCase("unstructured", 4, Distribution.of(SHAPE,
        List.of(AxisMap.unstructured(DistributionCases.shuffledPartition(40, 4, 99)), AxisMap.none()),
        new int[] {4, 1}, new int[] {0, 1, 2, 3})));
    cases.add(new DistCase("bc on targets {2, 0}", 4,
        Distribution.of(SHAPE, "bc", new int[] {1, 2}, new int[] {2, 0})));
    return cases;
  }

  static Stream<Arguments> everyGeneratorSeedAndDistribution() {
    return Stream.of(Generator.values()).flatMap(g -> Arrays.stream(SEEDS).boxed()
        .flatMap(seed -> distributions().stream().map(c -> Arguments.of(g, seed, c))));
  }

  @ParameterizedTest(name = "{0} with seed {1} on {2}")
  @MethodSource("everyGeneratorSeedAndDistribution")
  void sameSeedGivesTheSameArrayAsOnOneEngineInOneBlock(Generator g, long seed, DistCase c) {
    NdArray reference = draw(g, seed, Distribution.of(SHAPE, "n", 1), 1);
    NdArray actual = draw(g, seed, c.distribution(), c.engines());
    assertEquals(g.dtype(), actual.dtype());
    assertEquals(reference.dtype(), actual.dtype());
    assertArrayEquals(reference.toDoubleArray(), actual.toDoubleArray(), () -> g + " seed " + seed + " on " + c);
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(Generator.class)
  void differentSeedsGiveDifferentArrays(Generator g) {
    Distribution d = Distribution.of(SHAPE, "bc", 4);
    assertFalse(Arrays.equals(draw(g, 1, d, 4).toDoubleArray(), draw(g, 2, d, 4).toDoubleArray()));
  }

  @Test
  void randIsUniformInZeroToOneExcludingOne() {
    double[] v = drawSamples(Generator.RAND, 11);
    assertTrue(Arrays.stream(v).allMatch(x -> x >= 0 && x < 1), "every value in [0, 1)");
    assertMoments(v, 0.5, Math.sqrt(1.0 / 12), 0.01);
  }

  @Test
  void randnHasMeanZeroAndStandardDeviationOne() {
    assertMoments(drawSamples(Generator.RANDN, 12), 0, 1, 0.02);
  }

  @Test
  void normalHasTheGivenMeanAndScale() {
    assertMoments(drawSamples(Generator.NORMAL, 13), 2, 0.5, 0.01);
  }

  @Test
  void randintGivesEveryIntegerFromLowToBelowHigh() {
    double[] v = drawSamples(Generator.RANDINT, 14);
    for (int k = -3; k < 4; k++) {
      int value = k;
      long count = Arrays.stream(v).filter(x -> x == value).count();
      assertTrue(Math.abs(count - SAMPLES / 7.0) < 0.05 * SAMPLES / 7.0, () -> value + " drawn " + count + " times");
    }
    assertEquals(SAMPLES, Arrays.stream(v).filter(x -> x >= -3 && x < 4 && x == Math.rint(x)).count(),
        "every value an integer in [-3, 4)");
  }

  private static double[] drawSamples(Generator g, long seed) {
    NdArray samples = draw(g, seed, Distribution.of(Shape.of(SAMPLES), "c", 4), 4);
    assertEquals(g.dtype(), samples.dtype());
    return samples.toDoubleArray();
  }

  private static void assertMoments(double[] v, double mean, double std, double tolerance) {
    NdArray a = NdArray.of(v, v.length);
    double m = Reductions.mean(a);
    double s = Reductions.std(a);
    assertTrue(Math.abs(m - mean) < tolerance, () -> "mean " + m + ", expected " + mean + " +- " + tolerance);
    assertTrue(Math.abs(s - std) < tolerance, () -> "std " + s + ", expected " + std + " +- " + tolerance);
  }

  private static NdArray draw(Generator g, long seed, Distribution d, int engines) {
    DistContext ctx = CONTEXTS.withEngines(engines);
    try (DistArray a = g.draw(ctx.random(seed), d)) {
      assertEquals(d, a.distribution(), "keeps the distribution");
      return a.toNdArray();
    }
  }
}
