package org.distarray.arrays.random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Reproducibility, ranges and moments of the counter-based generator; statistics over 10^6 indices. */
class CounterRandomTest {
  private static final int N = 1_000_000;
  private static final long SEED = 20240607L;

  @Test
  void theSameSeedAndIndexGiveTheSameValueInAnyOrderOfCalls() {
    long[] indices = {0, 1, 2, 999_999, -1, Long.MAX_VALUE, Long.MIN_VALUE};
    double[] uniforms = new double[indices.length];
    double[] normals = new double[indices.length];
    long[] integers = new long[indices.length];
    for (int k = 0; k < indices.length; k++) {
      uniforms[k] = CounterRandom.uniform(SEED, indices[k]);
      normals[k] = CounterRandom.normal(SEED, indices[k]);
      integers[k] = CounterRandom.integer(SEED, indices[k], -50, 50);
    }

    for (int k = indices.length - 1; k >= 0; k--) {
      assertEquals(uniforms[k], CounterRandom.uniform(SEED, indices[k]), "uniform at " + indices[k]);
      assertEquals(normals[k], CounterRandom.normal(SEED, indices[k]), "normal at " + indices[k]);
      assertEquals(integers[k], CounterRandom.integer(SEED, indices[k], -50, 50), "integer at " + indices[k]);
      assertEquals(CounterRandom.bits(SEED, indices[k]), CounterRandom.bits(SEED, indices[k]));
    }
  }

  @Test
  void differentSeedsGiveDifferentValuesAtAlmostEveryIndex() {
    long[][] seedPairs = {{0, 1}, {1, 2}, {SEED, SEED + 1}, {-1, 1}, {42, 42L << 32}};
    for (long[] pair : seedPairs) {
      int sameUniform = 0;
      int sameNormal = 0;
      for (long i = 0; i < 1000; i++) {
        sameUniform += CounterRandom.uniform(pair[0], i) == CounterRandom.uniform(pair[1], i) ? 1 : 0;
        sameNormal += CounterRandom.normal(pair[0], i) == CounterRandom.normal(pair[1], i) ? 1 : 0;
      }
      assertEquals(0, sameUniform, "equal uniforms for seeds " + pair[0] + " and " + pair[1]);
      assertEquals(0, sameNormal, "equal normals for seeds " + pair[0] + " and " + pair[1]);
    }
    assertNotEquals(CounterRandom.uniform(1, 0), CounterRandom.uniform(1, 1), "neighbouring indices");
  }

  @Test
  void uniformsLieInTheUnitIntervalWithMeanOneHalfAndVarianceOneTwelfth() {
    double sum = 0;
    double sumSq = 0;
    for (long i = 0; i < N; i++) {
      double u = CounterRandom.uniform(SEED, i);
      assertTrue(u >= 0 && u < 1, "uniform " + u + " at index " + i);
      sum += u;
      sumSq += u * u;
    }
    double mean = sum / N;
    double variance = sumSq / N - mean * mean;

    assertEquals(0.5, mean, 0.002);
    assertEquals(1.0 / 12, variance, 0.002);
  }

  @Test
  void normalsHaveMeanZeroAndStandardDeviationOne() {
    double sum = 0;
    double sumSq = 0;
    for (long i = 0; i < N; i++) {
      double z = CounterRandom.normal(SEED, i);
      assertTrue(Double.isFinite(z), "normal " + z + " at index " + i);
      sum += z;
      sumSq += z * z;
    }
    double mean = sum / N;
    double std = Math.sqrt(sumSq / N - mean * mean);

    assertEquals(0.0, mean, 0.005);
    assertEquals(1.0, std, 0.005);
  }

  static Stream<Arguments> ranges() {
    return Stream.of(
        Arguments.of(-10L, -3L),
        Arguments.of(-5L, 5L),
        Arguments.of(42L, 43L),
        Arguments.of(-1L, 0L),
        Arguments.of(Long.MIN_VALUE / 2, Long.MAX_VALUE / 2),
        Arguments.of(Long.MIN_VALUE, Long.MAX_VALUE),
        Arguments.of(Long.MIN_VALUE, 0L),
        Arguments.of(-1L, Long.MAX_VALUE),
        Arguments.of(Long.MAX_VALUE - 1, Long.MAX_VALUE),
        Arguments.of(Long.MIN_VALUE, Long.MIN_VALUE + 3));
  }

  @ParameterizedTest(name = "[{0}, {1})")
  @MethodSource("ranges")
  void integersStayInTheirHalfOpenRangeAndReachBothHalvesOfIt(long low, long high) {
    int draws = 20_000;
    long lowerHalf = 0;
    // high - low overflows when the range holds 2^63 or more values
    long mid = high - low > 0 ? low + (high - low) / 2 : low / 2 + high / 2;
    for (long i = 0; i < draws; i++) {
      long v = CounterRandom.integer(SEED, i, low, high);
      assertTrue(v >= low && v < high, v + " outside [" + low + ", " + high + ") at index " + i);
      lowerHalf += v < mid ? 1 : 0;
    }

    if (high - low == 1) {
      assertEquals(0, lowerHalf, "a range of one always gives low");
    } else if (high - low <= 0 || high - low > 1000) {
      double fraction = (double) lowerHalf / draws;
      assertEquals(0.5, fraction, 0.02, "fraction below the midpoint " + mid);
    }
  }

  @Test
  void everyValueOfASmallRangeAppearsEquallyOften() {
    long low = 0;
    long high = 7;
    long[] counts = new long[(int) (high - low)];
    for (long i = 0; i < N; i++) {
      counts[(int) (CounterRandom.integer(SEED, i, low, high) - low)]++;
    }

    double expected = 1.0 / counts.length;
    for (int k = 0; k < counts.length; k++) {
      double frequency = (double) counts[k] / N;
      assertEquals(expected, frequency, 0.01 * expected, "frequency of " + (low + k));
    }
  }

  @Test
  void anEmptyRangeIsRejectedNamingBothBounds() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> CounterRandom.checkRange(5, 5));
    assertTrue(e.getMessage().contains("low=5") && e.getMessage().contains("high=5"), e.getMessage());

    IllegalArgumentException reversed = assertThrows(IllegalArgumentException.class,
        () -> CounterRandom.integer(SEED, 0, 7, -7));
    assertTrue(reversed.getMessage().contains("low=7") && reversed.getMessage().contains("high=-7"),
        reversed.getMessage());
  }
}
