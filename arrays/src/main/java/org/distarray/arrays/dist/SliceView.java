package org.distarray.arrays.dist;

import java.util.ArrayList;
import java.util.List;
import org.distarray.arrays.AxisRange;
import org.distarray.arrays.Shape;

/**
 * Finds, for a {@link SlicePlan}, a distribution of the result whose blocks are strided views of source blocks.
 *
 * <p>Axis by axis: a dropped axis keeps the grid coordinate owning its index; otherwise every grid coordinate
 * holding selected elements becomes a result coordinate (ordered by result position), its selected local
 * indices must form one arithmetic progression in result order (a strided view), and a candidate result map
 * ({@code 'n'}; explicit block bounds; cyclic or block-cyclic; unstructured for a {@code 'u'} source) must own
 * exactly those positions. Set equality is checked as {@code |A| == |B| == |A ∩ B|}, in O(runs).
 */
final class SliceView {
  private final Distribution distribution;
  private final int[] sourceRanks;
  private final AxisRange[][] localRanges;

  private SliceView(Distribution distribution, int[] sourceRanks, AxisRange[][] localRanges) {
    this.distribution = distribution;
    this.sourceRanks = sourceRanks;
    this.localRanges = localRanges;
  }

  Distribution distribution() {
    return distribution;
  }

  BlockView blockView(int resultRank) {
    int[] c = distribution.gridCoords(resultRank);
    List<AxisRange> out = new ArrayList<>(localRanges.length);
    int k = 0;
    for (AxisRange[] perCoord : localRanges) {
      out.add(perCoord.length == 1 && perCoord[0].dropped() ? perCoord[0] : perCoord[c[k++]]);
    }
    return new BlockView(sourceRanks[resultRank], out);
  }

  /** The view of the selection, or null when the result must be a copy. */
  static SliceView find(Distribution d, List<AxisRange> ranges, Shape resultShape, IndexRuns[][] selected) {
    int ndim = d.ndim();
    int[][] kept = new int[ndim][];
    AxisRange[][] local = new AxisRange[ndim][];
    List<AxisMap> maps = new ArrayList<>();
    for (int a = 0; a < ndim; a++) {
      AxisLayout layout = d.axis(a);
      AxisRange r = ranges.get(a);
      if (r.dropped()) {
        kept[a] = new int[] {layout.owner(r.start())};
        local[a] = new AxisRange[] {new AxisRange(layout.localIndex(r.start()), 1, 1, true)};
      } else if (r.count() == 0) {
        kept[a] = new int[] {0};
        local[a] = new AxisRange[] {new AxisRange(0, 1, 0, false)};
        maps.add(emptyAxisMap(layout.map()));
      } else {
        AxisMap m = viewAxis(layout, r, selected[a], maps.size(), kept, local, a);
        if (m == null) {
          return null;
        }
        maps.add(m);
      }
    }
    int[] grid = new int[maps.size()];
    int k = 0;
    for (int a = 0; a < ndim; a++) {
      if (!ranges.get(a).dropped()) {
        grid[k++] = kept[a].length;
      }
    }
    int ranks = 1;
    for (int g : grid) {
      ranks *= g;
    }
    int[] sourceRanks = new int[ranks];
    int[] targets = new int[ranks];
    int[] resultCoords = new int[grid.length];
    int[] sourceCoords = new int[ndim];
    for (int rr = 0; rr < ranks; rr++) {
      int rest = rr;
      for (int i = grid.length - 1; i >= 0; i--) {
        resultCoords[i] = rest % grid[i];
        rest /= grid[i];
      }
      k = 0;
      for (int a = 0; a < ndim; a++) {
        sourceCoords[a] = ranges.get(a).dropped() ? kept[a][0] : kept[a][resultCoords[k++]];
      }
      sourceRanks[rr] = d.rankOf(sourceCoords);
      targets[rr] = d.target(sourceRanks[rr]);
    }
    try {
      return new SliceView(Distribution.of(resultShape, maps, grid, targets), sourceRanks, local);
    } catch (DistributionException e) {
      return null;
    }
  }

  /** Fills kept coordinates and local ranges of one kept axis and returns its result map, or null. */
  private static AxisMap viewAxis(AxisLayout layout, AxisRange r, IndexRuns[] selectedPerCoord, int resultAxis,
      int[][] kept, AxisRange[][] local, int a) {
    int p = selectedPerCoord.length;
    int[] coords = new int[p];
    IndexRuns[] positions = new IndexRuns[p];
    int n = 0;
    for (int c = 0; c < p; c++) {
      IndexRuns s = selectedPerCoord[c];
      if (!s.isEmpty()) {
        IndexRuns pos = SlicePlan.positionsOf(r, s);
        positions[n] = r.step() > 0 ? pos : pos.reversed();
        coords[n++] = c;
      }
    }
    sortByFirst(coords, positions, n);
    kept[a] = new int[n];
    local[a] = new AxisRange[n];
    IndexRuns[] owned = new IndexRuns[n];
    for (int j = 0; j < n; j++) {
      int c = coords[j];
      kept[a][j] = c;
      IndexRuns loc = layout.toLocal(c, selectedPerCoord[c]);
      long[] prog = (r.step() > 0 ? loc : loc.reversed()).asProgression();
      if (prog == null) {
        return null;
      }
      local[a][j] = new AxisRange(prog[0], prog[1], prog[2], false);
      owned[j] = positions[j];
    }
    for (AxisMap candidate : candidates(layout, owned, n)) {
      if (owns(candidate, resultAxis, r.count(), owned, n)) {
        return candidate;
      }
    }
    return null;
  }

  private static List<AxisMap> candidates(AxisLayout layout, IndexRuns[] owned, int n) {
    List<AxisMap> out = new ArrayList<>(2);
    char kind = layout.distType();
    if (kind == 'n') {
      out.add(AxisMap.none());
      return out;
    }
    long[] bounds = new long[n + 1];
    for (int j = 0; j < n; j++) {
      bounds[j + 1] = bounds[j] + owned[j].size();
    }
    AxisMap block = AxisMap.blockBounds(bounds);
    long bs = owned[0].runStep(0) == 1 ? owned[0].runLength(0) : 1;
    AxisMap cyclic = AxisMap.blockCyclic(bs);
    if (kind == 'c') {
      out.add(cyclic);
      out.add(block);
    } else {
      out.add(block);
      if (kind == 'u') {
        long[][] lists = new long[n][];
        for (int j = 0; j < n; j++) {
          lists[j] = owned[j].toArray();
        }
        out.add(AxisMap.unstructured(lists));
      }
    }
    return out;
  }

  /** True when {@code map} over {@code n} coordinates of an axis of length {@code length} owns exactly {@code owned}. */
  private static boolean owns(AxisMap map, int axis, long length, IndexRuns[] owned, int n) {
    AxisLayout candidate;
    try {
      candidate = AxisLayout.create(axis, map, length, n);
    } catch (DistributionException e) {
      return false;
    }
    for (int j = 0; j < n; j++) {
      IndexRuns mine = candidate.owned(j);
      if (mine.size() != owned[j].size() || mine.intersect(owned[j]).size() != mine.size()) {
        return false;
      }
    }
    return true;
  }

  private static AxisMap emptyAxisMap(AxisMap source) {
    if (source instanceof NoneMap || source instanceof CyclicMap) {
      return source;
    }
    if (source instanceof UnstructuredMap) {
      return AxisMap.unstructured(new long[][] {{}});
    }
    return AxisMap.block();
  }

  private static void sortByFirst(int[] coords, IndexRuns[] positions, int n) {
    for (int i = 1; i < n; i++) {
      int c = coords[i];
      IndexRuns p = positions[i];
      int j = i - 1;
      while (j >= 0 && positions[j].first() > p.first()) {
        coords[j + 1] = coords[j];
        positions[j + 1] = positions[j];
        j--;
      }
      coords[j + 1] = c;
      positions[j + 1] = p;
    }
  }
}
