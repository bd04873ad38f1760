package org.distarray.conformance;

import java.util.ArrayList;
import java.util.List;
import org.distarray.arrays.Shape;
import org.distarray.arrays.dist.Distribution;

/**
 * Layouts of one array and of two operands for the linear algebra checks: {@link SortLayouts}' kinds and grids on 1
 * to 4 engines, and one more, a subset of three of the four engines in shuffled order ({3, 0, 2}), cyclic on an
 * axis with at least three indices.
 *
 * <p>Two operands share one context, so a pair's layouts have the same engine count; within it the kinds are
 * paired at an offset (the first operand's 'bc' with the second's 'cc', say) so that the two are seldom laid out
 * alike.
 */
final class LinalgLayouts {
  private static final int[] SHUFFLED_SUBSET = {3, 0, 2};

  private LinalgLayouts() {}

  /** The layouts of both operands of one check, on one context of {@code a.engines()} engines. */
  record Pair(DistCase a, DistCase b) {}

  /** Every kind on 1 to 4 engines. */
  static List<DistCase> every(Shape shape) {
    List<DistCase> cases = new ArrayList<>(SortLayouts.every(shape));
    addShuffledSubset(cases, shape);
    return cases;
  }

  /** Each kind once, the engine counts taking turns ({@link SortLayouts#sample}). */
  static List<DistCase> sample(Shape shape) {
    List<DistCase> cases = new ArrayList<>(SortLayouts.sample(shape));
    addShuffledSubset(cases, shape);
    return cases;
  }

  /**
   * Layouts for operands of shapes a and b: with {@code everyLayout}, each of a's layouts and each of b's at least
   * once; otherwise a's sample, each with one of b's layouts on the same engine count.
   */
  static List<Pair> pairs(Shape a, Shape b, boolean everyLayout) {
    List<DistCase> left = everyLayout ? every(a) : sample(a);
    List<DistCase> right = every(b);
    List<Pair> pairs = new ArrayList<>();
    if (everyLayout) {
      for (int engines = 1; engines <= DistributionCases.MAX_ENGINES; engines++) {
        List<DistCase> l = onEngines(left, engines);
        List<DistCase> r = onEngines(right, engines);
        for (int i = 0; i < Math.max(l.size(), r.size()); i++) {
          pairs.add(new Pair(l.get(i % l.size()), r.get((i + engines) % r.size())));
        }
      }
    } else {
      for (int i = 0; i < left.size(); i++) {
        DistCase c = left.get(i);
        List<DistCase> r = onEngines(right, c.engines());
        pairs.add(new Pair(c, r.get((i + c.engines()) % r.size())));
      }
    }
    return pairs;
  }

  /** One array as both operands: each of its layouts (every one or the sample) with itself. */
  static List<Pair> selfPairs(Shape shape, boolean everyLayout) {
    return (everyLayout ? every(shape) : sample(shape)).stream().map(c -> new Pair(c, c)).toList();
  }

  private static List<DistCase> onEngines(List<DistCase> cases, int engines) {
    return cases.stream().filter(c -> c.engines() == engines).toList();
  }

  /** Cyclic on the last axis (or the first, when the last is shorter than 3) on engines {3, 0, 2} of 4. */
  private static void addShuffledSubset(List<DistCase> cases, Shape shape) {
    long[] dims = shape.dims();
    String kind = "on targets {3, 0, 2}";
    Distribution d = null;
    if (dims.length == 1 && dims[0] >= 3) {
      d = Distribution.of(shape, "c", new int[] {3}, SHUFFLED_SUBSET);
      kind = "c " + kind;
    } else if (dims.length == 2 && dims[1] >= 3) {
      d = Distribution.of(shape, "bc", new int[] {1, 3}, SHUFFLED_SUBSET);
      kind = "bc " + kind;
    } else if (dims.length == 2 && dims[0] >= 3) {
      d = Distribution.of(shape, "cb", new int[] {3, 1}, SHUFFLED_SUBSET);
      kind = "cb " + kind;
    }
    if (d != null) {
      cases.add(new DistCase(kind, DistributionCases.MAX_ENGINES, d));
    }
  }
}
