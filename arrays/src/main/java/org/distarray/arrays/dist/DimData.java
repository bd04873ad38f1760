package org.distarray.arrays.dist;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.distarray.arrays.Shape;

/** Writes and reads the Distributed Array Protocol 0.10.0 {@code dim_data} dicts of a {@link Distribution}. */
final class DimData {
  private DimData() {
  }

  /** The dict of one axis for grid coordinate {@code coord}. */
  static Map<String, Object> of(AxisLayout layout, int coord) {
    Map<String, Object> d = new LinkedHashMap<>();
    char kind = layout.distType();
    if (kind == 'n') {
      // Protocol 0.10.0 knows only 'b', 'c' and 'u': an undistributed axis is one block over a grid of 1.
      d.put("dist_type", "b");
      d.put("size", layout.length());
      d.put("proc_grid_size", 1);
      d.put("proc_grid_rank", 0);
      d.put("start", 0L);
      d.put("stop", layout.length());
      d.put("padding", List.of(0L, 0L));
      d.put("periodic", Boolean.FALSE);
      return Collections.unmodifiableMap(d);
    }
    d.put("dist_type", String.valueOf(kind));
    d.put("size", layout.length());
    d.put("proc_grid_size", layout.gridSize());
    d.put("proc_grid_rank", coord);
    if (layout instanceof BlockLayout b) {
      d.put("start", b.start(coord));
      d.put("stop", b.stop(coord));
      d.put("padding", List.of(0L, 0L));
      d.put("periodic", Boolean.FALSE);
    } else if (layout instanceof CyclicLayout c) {
      d.put("start", coord * c.blockSize());
      if (c.blockSize() > 1) {
        d.put("block_size", c.blockSize());
      }
    } else {
      d.put("indices", ((UnstructuredLayout) layout).indicesOf(coord).clone());
    }
    return Collections.unmodifiableMap(d);
  }

  /** The distribution described by all ranks' dicts; see {@link Distribution#fromDimData(List, int[])}. */
  static Distribution parse(List<List<Map<String, Object>>> perRank, int[] targets) {
    if (perRank == null || perRank.isEmpty()) {
      throw new DistributionException("dim_data needs the dicts of at least one rank");
    }
    int ndim = perRank.get(0).size();
    for (int r = 0; r < perRank.size(); r++) {
      if (perRank.get(r).size() != ndim) {
        throw new DistributionException("rank " + r + " has dim_data for " + perRank.get(r).size() + " axes, rank 0 for "
            + ndim);
      }
    }
    long[] dims = new long[ndim];
    int[] grid = new int[ndim];
    char[] kinds = new char[ndim];
    for (int a = 0; a < ndim; a++) {
      Map<String, Object> d0 = perRank.get(0).get(a);
      kinds[a] = kind(d0, 0, a);
      dims[a] = number(d0, "size", 0, a);
      grid[a] = kinds[a] == 'n' ? 1 : (int) number(d0, "proc_grid_size", 0, a);
      if (grid[a] < 1) {
        throw new DistributionException("axis " + a + ": proc_grid_size " + grid[a] + " is less than 1");
      }
    }
    long ranks = 1;
    for (int g : grid) {
      ranks *= g;
    }
    if (ranks != perRank.size()) {
      throw new DistributionException("proc_grid_size per axis " + Shape.format(Distribution.toLongs(grid))
          + " makes " + ranks + " ranks but dim_data has " + perRank.size());
    }
    List<AxisMap> maps = new ArrayList<>(ndim);
    for (int a = 0; a < ndim; a++) {
      maps.add(axisMap(perRank, grid, dims, kinds, a));
    }
    return Distribution.of(Shape.of(dims), maps, grid, targets);
  }

  private static AxisMap axisMap(List<List<Map<String, Object>>> perRank, int[] grid, long[] dims, char[] kinds,
      int a) {
    int p = grid[a];
    long[] starts = new long[p];
    long[] stops = new long[p];
    boolean[] seen = new boolean[p];
    long[][] indices = new long[p][];
    long blockSize = 1;
    for (int r = 0; r < perRank.size(); r++) {
      Map<String, Object> d = perRank.get(r).get(a);
      int coord = coordOf(r, grid, a);
      if (kind(d, r, a) != kinds[a] || number(d, "size", r, a) != dims[a]) {
        throw new DistributionException("axis " + a + ": rank " + r + " has dist_type " + d.get("dist_type")
            + " and size " + d.get("size") + ", rank 0 has " + kinds[a] + " and " + dims[a]);
      }
      if (kinds[a] == 'n') {
        continue;
      }
      if (number(d, "proc_grid_size", r, a) != p || number(d, "proc_grid_rank", r, a) != coord) {
        throw new DistributionException("axis " + a + ": rank " + r + " has proc_grid_size "
            + d.get("proc_grid_size") + " and proc_grid_rank " + d.get("proc_grid_rank") + ", expected " + p
            + " and " + coord + " (ranks are row-major over grid coordinates)");
      }
      switch (kinds[a]) {
        case 'b' -> block(d, r, a, coord, starts, stops, seen);
        case 'c' -> blockSize = cyclicBlockSize(d, r, a, coord);
        default -> unstructured(d, r, a, coord, indices);
      }
    }
    return switch (kinds[a]) {
      case 'n' -> AxisMap.none();
      // One block over a grid of 1 is how the protocol spells an undistributed axis (see of).
      case 'b' -> p == 1 ? AxisMap.none() : AxisMap.blockBounds(bounds(starts, stops, a));
      case 'c' -> AxisMap.blockCyclic(blockSize);
      default -> AxisMap.unstructured(indices);
    };
  }

  private static void block(Map<String, Object> d, int r, int a, int coord, long[] starts, long[] stops,
      boolean[] seen) {
    long start = number(d, "start", r, a);
    long stop = number(d, "stop", r, a);
    Object padding = d.get("padding");
    if (padding != null && !(padding instanceof List<?> l && l.size() == 2 && isZero(l.get(0)) && isZero(l.get(1)))) {
      throw new DistributionException("axis " + a + ", rank " + r + ": padding " + padding + " is not supported,"
          + " only [0, 0]");
    }
    if (Boolean.TRUE.equals(d.get("periodic"))) {
      throw new DistributionException("axis " + a + ", rank " + r + ": periodic blocks are not supported");
    }
    if (seen[coord] && (starts[coord] != start || stops[coord] != stop)) {
      throw new DistributionException("axis " + a + ", rank " + r + ": block " + start + ".." + stop
          + " differs from " + starts[coord] + ".." + stops[coord] + " of another rank at grid coordinate " + coord);
    }
    seen[coord] = true;
    starts[coord] = start;
    stops[coord] = stop;
  }

  private static long[] bounds(long[] starts, long[] stops, int a) {
    long[] bounds = new long[starts.length + 1];
    for (int c = 0; c < starts.length; c++) {
      if (c > 0 && starts[c] != stops[c - 1]) {
        throw new DistributionException("axis " + a + ": block " + c + " starts at " + starts[c]
            + " but block " + (c - 1) + " stops at " + stops[c - 1]);
      }
      bounds[c] = starts[c];
    }
    bounds[starts.length] = stops[starts.length - 1];
    return bounds;
  }

  private static void unstructured(Map<String, Object> d, int r, int a, int coord, long[][] indices) {
    long[] idx = indices(d.get("indices"), r, a);
    if (indices[coord] != null && !Arrays.equals(indices[coord], idx)) {
      throw new DistributionException("axis " + a + ", rank " + r + ": indices differ from those of another rank"
          + " at grid coordinate " + coord);
    }
    indices[coord] = idx;
  }

  private static long cyclicBlockSize(Map<String, Object> d, int r, int a, int coord) {
    long bs = d.containsKey("block_size") ? number(d, "block_size", r, a) : 1;
    long start = number(d, "start", r, a);
    if (bs < 1 || start != coord * bs) {
      throw new DistributionException("axis " + a + ", rank " + r + ": cyclic start " + start + " with block_size "
          + bs + " does not match grid coordinate " + coord + " (expected start " + coord * bs + ")");
    }
    return bs;
  }

  private static boolean isZero(Object o) {
    return o instanceof Number n && n.longValue() == 0;
  }

  private static long[] indices(Object o, int r, int a) {
    if (o instanceof long[] v) {
      return v.clone();
    }
    if (o instanceof int[] v) {
      long[] out = new long[v.length];
      for (int i = 0; i < v.length; i++) {
        out[i] = v[i];
      }
      return out;
    }
    if (o instanceof List<?> list) {
      long[] out = new long[list.size()];
      for (int i = 0; i < out.length; i++) {
        if (!(list.get(i) instanceof Number n)) {
          throw new DistributionException("axis " + a + ", rank " + r + ": indices hold " + list.get(i)
              + ", not a number");
        }
        out[i] = n.longValue();
      }
      return out;
    }
    throw new DistributionException("axis " + a + ", rank " + r + ": 'u' needs indices as long[], int[] or a list"
        + " of numbers, got " + o);
  }

  private static char kind(Map<String, Object> d, int r, int a) {
    Object t = d.get("dist_type");
    String s = t == null ? "" : t.toString();
    if (s.length() != 1 || "bcun".indexOf(s.charAt(0)) < 0) {
      throw new DistributionException("axis " + a + ", rank " + r + ": dist_type " + t + " is not one of b, c, u, n");
    }
    return s.charAt(0);
  }

  private static long number(Map<String, Object> d, String key, int r, int a) {
    Object v = d.get(key);
    if (!(v instanceof Number n)) {
      throw new DistributionException("axis " + a + ", rank " + r + ": dim_data needs a number for '" + key
          + "', got " + v);
    }
    return n.longValue();
  }

  private static int coordOf(int rank, int[] grid, int axis) {
    for (int a = grid.length - 1; a > axis; a--) {
      rank /= grid[a];
    }
    return rank % grid[axis];
  }
}
