package org.distarray.conformance;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import java.util.stream.LongStream;
import org.distarray.arrays.Shape;
import org.distarray.arrays.dist.AxisMap;
import org.distarray.arrays.dist.Distribution;

/**
 * The distributions every operation is checked on: each axis-map kind in one and two dimensions, automatic and
 * explicit grids, target subsets in any order and zero-length axes, on contexts of 1 to 4 engines.
 */
final class DistributionCases {
  static final Shape VECTOR = Shape.of(13);
  static final Shape MATRIX = Shape.of(7, 5);
  static final Shape EMPTY_VECTOR = Shape.of(0);
  static final Shape EMPTY_MATRIX = Shape.of(0, 4);
  static final int MAX_ENGINES = 4;

  private DistributionCases() {}

  /** Every case for engine counts 1 to 4. */
  static List<DistCase> all() {
    List<DistCase> cases = new ArrayList<>();
    for (int engines = 1; engines <= MAX_ENGINES; engines++) {
      cases.addAll(forEngines(engines));
    }
    return cases;
  }

  /** A few cases with different kinds, grids and targets, for the checks that multiply by every dtype. */
  static List<DistCase> sample() {
    List<DistCase> cases = new ArrayList<>();
    cases.add(automatic(MATRIX, "cb", 2));
    cases.add(new DistCase("unstructured x bounds", 4, unstructuredByBounds(4)));
    cases.add(new DistCase("block-cyclic(3)", 3, Distribution.of(VECTOR, List.of(AxisMap.blockCyclic(3)),
        new int[] {3}, new int[] {1, 2, 0})));
    cases.add(automatic(EMPTY_MATRIX, "nb", 3));
    return cases;
  }

  static List<DistCase> forEngines(int engines) {
    List<DistCase> cases = new ArrayList<>();
    int[] all = iota(engines);
    // one dimension
    cases.add(automatic(VECTOR, "b", engines));
    cases.add(automatic(VECTOR, "c", engines));
    cases.add(new DistCase("block-cyclic(3)", engines,
        Distribution.of(VECTOR, List.of(AxisMap.blockCyclic(3)), new int[] {engines}, all)));
    cases.add(new DistCase("explicit bounds", engines,
        Distribution.of(VECTOR, List.of(AxisMap.blockBounds(unevenBounds(13, engines))), new int[] {engines}, all)));
    cases.add(new DistCase("unstructured", engines, Distribution.of(VECTOR,
        List.of(AxisMap.unstructured(shuffledPartition(13, engines, 31L * engines))), new int[] {engines}, all)));
    cases.add(automatic(VECTOR, "n", engines));
    if (engines > 1) {
      cases.add(new DistCase("not distributed, on the last engine", engines,
          Distribution.of(VECTOR, List.of(AxisMap.none()), new int[] {1}, new int[] {engines - 1})));
    }
    cases.add(automatic(EMPTY_VECTOR, "b", engines));
    // two dimensions, automatic grids
    for (String dist : List.of("bn", "nb", "bb", "bc", "cb", "cc")) {
      cases.add(automatic(MATRIX, dist, engines));
    }
    // two dimensions, explicit grids and targets
    cases.add(new DistCase("block-cyclic grid", engines, Distribution.of(MATRIX,
        List.of(AxisMap.blockCyclic(2), AxisMap.blockCyclic(3)), blockCyclicGrid(engines), all)));
    cases.add(new DistCase("unstructured x bounds", engines, unstructuredByBounds(engines)));
    if (engines >= 3) {
      cases.add(new DistCase("bc on targets {2, 0}", engines,
          Distribution.of(MATRIX, "bc", new int[] {1, 2}, new int[] {2, 0})));
    }
    if (engines >= 2) {
      cases.add(new DistCase("bb on target {" + (engines - 1) + "}", engines,
          Distribution.of(MATRIX, "bb", new int[] {1, 1}, new int[] {engines - 1})));
    }
    // a zero-length axis
    cases.add(automatic(EMPTY_MATRIX, "bn", engines));
    cases.add(automatic(EMPTY_MATRIX, "nb", engines));
    cases.add(automatic(EMPTY_MATRIX, "cc", engines));
    return cases;
  }

  private static DistCase automatic(Shape shape, String dist, int engines) {
    return new DistCase(dist, engines, Distribution.of(shape, dist, engines));
  }

  /**
   * (7, 5) with axis 0 unstructured and axis 1 in explicit bounds, on the engines in reverse order.
   */
  static Distribution unstructuredByBounds(int engines) {
    int[] grid = switch (engines) {
      case 1 -> new int[] {1, 1};
      case 2 -> new int[] {1, 2};
      case 3 -> new int[] {3, 1};
      default -> new int[] {2, 2};
    };
    int[] targets = IntStream.range(0, engines).map(i -> engines - 1 - i).toArray();
    return Distribution.of(MATRIX, List.of(AxisMap.unstructured(shuffledPartition(7, grid[0], 7L * engines)),
        AxisMap.blockBounds(unevenBounds(5, grid[1]))), grid, targets);
  }

  private static int[] blockCyclicGrid(int engines) {
    return switch (engines) {
      case 1 -> new int[] {1, 1};
      case 2 -> new int[] {2, 1};
      case 3 -> new int[] {3, 1};
      default -> new int[] {2, 2};
    };
  }

  /** Bounds [0, ..., n] for p parts, deliberately unbalanced; with 3 parts the middle one is empty. */
  static long[] unevenBounds(long n, int parts) {
    return switch (parts) {
      case 1 -> new long[] {0, n};
      case 2 -> new long[] {0, n - n / 4, n};
      case 3 -> new long[] {0, 2, 2, n};
      default -> {
        long[] b = new long[parts + 1];
        b[1] = 1;
        for (int k = 2; k < parts; k++) {
          b[k] = 1 + (n - 1) * (k - 1) / (parts - 1);
        }
        b[parts] = n;
        yield b;
      }
    };
  }

  /**
   * 0..n-1 shuffled with a seed and cut into p non-empty lists, each in descending order, so that a process's
   * local order is never the sorted global order.
   */
  static long[][] shuffledPartition(long n, int parts, long seed) {
    List<Long> indices = new ArrayList<>(LongStream.range(0, n).boxed().toList());
    Collections.shuffle(indices, new Random(seed));
    long[][] out = new long[parts][];
    int start = 0;
    for (int k = 0; k < parts; k++) {
      int size = (int) (n / parts + (k < n % parts ? 1 : 0));
      out[k] = indices.subList(start, start + size).stream().sorted(Comparator.reverseOrder())
          .mapToLong(Long::longValue).toArray();
      start += size;
    }
    return out;
  }

  static int[] iota(int n) {
    return IntStream.range(0, n).toArray();
  }
}
