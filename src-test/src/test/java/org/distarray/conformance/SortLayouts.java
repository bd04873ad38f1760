package org.distarray.conformance;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.distarray.arrays.Shape;
import org.distarray.arrays.dist.AxisMap;
import org.distarray.arrays.dist.Distribution;

/**
 * The distribution kinds of {@link DistributionCases} for any shape, on 1 to 4 engines: automatic 'b', 'c' and 'n'
 * (and grids of them), block-cyclic, explicit uneven bounds (with empty blocks), unstructured (shuffled, each list in
 * descending order), not distributed on the last engine, and target subsets in shuffled or reverse order.
 *
 * <p>A kind that needs more indices than an axis has gets a smaller grid; a kind that cannot hold an axis (an
 * unstructured empty axis) is left out, and a distribution equal to an earlier one of the same engine count is
 * listed once.
 */
final class SortLayouts {
  private SortLayouts() {}

  /** Every kind on 1 to 4 engines. */
  static List<DistCase> every(Shape shape) {
    List<DistCase> cases = new ArrayList<>();
    for (int engines = 1; engines <= DistributionCases.MAX_ENGINES; engines++) {
      cases.addAll(forEngines(shape, engines));
    }
    return cases;
  }

  /**
   * Each kind once, the engine counts taking turns (4, 3, 2, 1, 4, ...; a kind that needs more engines than its
   * turn gives has the most it has): for the checks that cost too much on every layout.
   */
  static List<DistCase> sample(Shape shape) {
    Map<String, List<DistCase>> byKind = new LinkedHashMap<>();
    for (DistCase c : every(shape)) {
      byKind.computeIfAbsent(c.kind(), k -> new ArrayList<>()).add(c);
    }
    List<DistCase> out = new ArrayList<>();
    int turn = 0;
    for (List<DistCase> ofKind : byKind.values()) {
      int engines = DistributionCases.MAX_ENGINES - turn % DistributionCases.MAX_ENGINES;
      out.add(ofKind.stream().filter(c -> c.engines() == engines).findFirst()
          .orElse(ofKind.get(ofKind.size() - 1)));
      turn++;
    }
    return out;
  }

  private static List<DistCase> forEngines(Shape shape, int engines) {
    List<DistCase> cases = new ArrayList<>();
    long[] dims = shape.dims();
    int nd = dims.length;
    for (String letters : automaticKinds(nd)) {
      add(cases, letters, engines, Distribution.of(shape, letters, engines));
    }
    if (nd == 1) {
      vectorKinds(cases, shape, engines);
    } else {
      gridKinds(cases, shape, engines);
    }
    if (engines > 1) {
      // everything on the last engine
      add(cases, "not distributed, on the last engine", engines, Distribution.of(shape, letters(nd, 'n', 'n'),
          ones(nd), new int[] {engines - 1}));
    }
    return cases;
  }

  private static List<String> automaticKinds(int nd) {
    return switch (nd) {
      case 1 -> List.of("b", "c", "n");
      case 2 -> List.of("bn", "nb", "bb", "bc", "cb", "cc");
      default -> List.of("b", "nb", "n".repeat(nd - 1) + "b", "bc", "cb" + "n".repeat(nd - 3) + "c",
          "b".repeat(nd));
    };
  }

  private static void vectorKinds(List<DistCase> cases, Shape shape, int engines) {
    long n = shape.dim(0);
    int[] all = DistributionCases.iota(engines);
    if (n > 0) {
      int g = (int) Math.min(engines, blocks(n, 3));
      add(cases, "block-cyclic(3)", engines, Distribution.of(shape, List.of(AxisMap.blockCyclic(3)), new int[] {g},
          DistributionCases.iota(g)));
      int p = (int) Math.min(engines, n);
      add(cases, "unstructured", engines, Distribution.of(shape,
          List.of(AxisMap.unstructured(DistributionCases.shuffledPartition(n, p, 31L * engines + n))), new int[] {p},
          DistributionCases.iota(p)));
    }
    add(cases, "explicit bounds", engines, Distribution.of(shape,
        List.of(AxisMap.blockBounds(unevenBounds(n, engines))), new int[] {engines}, all));
    if (engines > 1) {
      int g = (int) Math.min(engines, Math.max(n, 1));
      add(cases, "c on targets in reverse order", engines, Distribution.of(shape, "c", new int[] {g},
          reversedTargets(engines, g)));
    }
    if (engines >= 3 && n >= 2) {
      add(cases, "b on targets {2, 0}", engines, Distribution.of(shape, "b", new int[] {2}, new int[] {2, 0}));
    }
  }

  private static void gridKinds(List<DistCase> cases, Shape shape, int engines) {
    long[] dims = shape.dims();
    int nd = dims.length;
    long first = dims[0];
    long last = dims[nd - 1];
    // blocks of 2 along the first axis and of 3 along the last, the middle axes not distributed
    int g0 = (int) Math.min(blocks(first, 2), engines == 4 ? 2 : engines);
    int gLast = (int) Math.min(blocks(last, 3), engines / g0);
    int[] grid = ones(nd);
    grid[0] = g0;
    grid[nd - 1] = gLast;
    add(cases, "block-cyclic grid", engines, Distribution.of(shape,
        maps(nd, AxisMap.blockCyclic(2), AxisMap.blockCyclic(3)), grid, DistributionCases.iota(g0 * gLast)));
    // the first axis unstructured, the last in explicit uneven bounds, on the engines in reverse order
    if (first > 0) {
      // grids (1, 1), (1, 2), (3, 1) and (2, 2) as DistributionCases.unstructuredByBounds, shorter on a short axis
      int p0 = (int) Math.min(first, switch (engines) {
        case 1, 2 -> 1;
        case 3 -> 3;
        default -> 2;
      });
      int pLast = engines == 2 || engines == 4 ? 2 : 1;
      int[] ugrid = ones(nd);
      ugrid[0] = p0;
      ugrid[nd - 1] = pLast;
      add(cases, "unstructured x bounds", engines, Distribution.of(shape,
          maps(nd, AxisMap.unstructured(DistributionCases.shuffledPartition(first, p0, 7L * engines + first)),
              AxisMap.blockBounds(unevenBounds(last, pLast))), ugrid, reversedTargets(engines, p0 * pLast)));
    }
    if (engines >= 3 && last >= 2) {
      int[] subset = ones(nd);
      subset[nd - 1] = 2;
      add(cases, "cyclic last axis on targets {2, 0}", engines, Distribution.of(shape, letters(nd, 'b', 'c'), subset,
          new int[] {2, 0}));
    }
    if (engines >= 2) {
      add(cases, "one block on the last engine", engines, Distribution.of(shape, "b".repeat(nd), ones(nd),
          new int[] {engines - 1}));
    }
  }

  private static void add(List<DistCase> cases, String kind, int engines, Distribution d) {
    if (cases.stream().noneMatch(c -> c.distribution().equals(d))) {
      cases.add(new DistCase(kind, engines, d));
    }
  }

  /** Blocks of size bs an axis of length n makes; 1 for an empty axis (which takes grid size 1). */
  private static long blocks(long n, long bs) {
    return n == 0 ? 1 : (n + bs - 1) / bs;
  }

  /**
   * {@link DistributionCases#unevenBounds} for any length: bounds beyond n (short axes) are cut to n, which leaves
   * empty blocks.
   */
  static long[] unevenBounds(long n, int parts) {
    long[] b = DistributionCases.unevenBounds(n, parts);
    for (int k = 0; k < b.length; k++) {
      b[k] = Math.max(0, Math.min(b[k], n));
    }
    return b;
  }

  /** The first and last axes' maps, 'n' between them. */
  private static List<AxisMap> maps(int nd, AxisMap first, AxisMap last) {
    List<AxisMap> maps = new ArrayList<>(Collections.nCopies(nd, AxisMap.none()));
    maps.set(0, first);
    maps.set(nd - 1, last);
    return maps;
  }

  /** Letters of nd axes: first on the first axis, last on the last, 'n' between. */
  private static String letters(int nd, char first, char last) {
    return nd == 1 ? String.valueOf(first) : first + "n".repeat(nd - 2) + last;
  }

  private static int[] ones(int nd) {
    int[] grid = new int[nd];
    Arrays.fill(grid, 1);
    return grid;
  }

  /** ranks engines counted down from the last: {engines - 1, engines - 2, ...}. */
  private static int[] reversedTargets(int engines, int ranks) {
    return IntStream.range(0, ranks).map(i -> engines - 1 - i).toArray();
  }
}
