package org.distarray.arrays.dist;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.distarray.arrays.NdArray;
import org.distarray.arrays.Shape;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The examples of the Distributed Array Protocol 0.10.0 ({@code examples.rst}): a (5, 9) array
 * {@code arange(45)} (and a (5, 9, 3) {@code arange(135)}) in each layout the protocol shows, with every process's
 * {@code dim_data} and buffer as the protocol prints them. Each process is written here as
 * {@code "grid coordinates | buffer in C order | one axis spec per axis"}, an axis spec being
 * {@code "b size grid_size grid_rank start stop"}, {@code "c size grid_size grid_rank start block_size"} or
 * {@code "u size grid_size grid_rank indices"}. Our distribution must export the same {@code dim_data}, hold the
 * same buffer on the same process, and be what {@link Distribution#fromDimData} makes of the protocol's dicts.
 */
class ProtocolExamplesTest {
  private static final Shape S = Shape.of(5, 9);
  private static final int[] GRID = {2, 2};
  private static final int[] TARGETS = {0, 1, 2, 3};

  static Stream<Arguments> examples() {
    return Stream.of(
        Arguments.of("Block, Block over (3x1)",
            Distribution.of(S, "bb", new int[] {3, 1}, new int[] {0, 1, 2}), List.of(
            "0,0 | 0 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 | b 5 3 0 0 2 ; b 9 1 0 0 9",
            "1,0 | 18 19 20 21 22 23 24 25 26 27 28 29 30 31 32 33 34 35 | b 5 3 1 2 4 ; b 9 1 0 0 9",
            "2,0 | 36 37 38 39 40 41 42 43 44 | b 5 3 2 4 5 ; b 9 1 0 0 9")),
        Arguments.of("Block, Block over (1x3)",
            Distribution.of(S, "bb", new int[] {1, 3}, new int[] {0, 1, 2}), List.of(
            "0,0 | 0 1 2 9 10 11 18 19 20 27 28 29 36 37 38 | b 5 1 0 0 5 ; b 9 3 0 0 3",
            "0,1 | 3 4 5 12 13 14 21 22 23 30 31 32 39 40 41 | b 5 1 0 0 5 ; b 9 3 1 3 6",
            "0,2 | 6 7 8 15 16 17 24 25 26 33 34 35 42 43 44 | b 5 1 0 0 5 ; b 9 3 2 6 9")),
        Arguments.of("Block, Block over (2x2)", Distribution.of(S, "bb", GRID, TARGETS), List.of(
            "0,0 | 0 1 2 3 4 9 10 11 12 13 18 19 20 21 22 | b 5 2 0 0 3 ; b 9 2 0 0 5",
            "0,1 | 5 6 7 8 14 15 16 17 23 24 25 26 | b 5 2 0 0 3 ; b 9 2 1 5 9",
            "1,0 | 27 28 29 30 31 36 37 38 39 40 | b 5 2 1 3 5 ; b 9 2 0 0 5",
            "1,1 | 32 33 34 35 41 42 43 44 | b 5 2 1 3 5 ; b 9 2 1 5 9")),
        Arguments.of("Block, Cyclic over (2x2)", Distribution.of(S, "bc", GRID, TARGETS), List.of(
            "0,0 | 0 2 4 6 8 9 11 13 15 17 18 20 22 24 26 | b 5 2 0 0 3 ; c 9 2 0 0 1",
            "0,1 | 1 3 5 7 10 12 14 16 19 21 23 25 | b 5 2 0 0 3 ; c 9 2 1 1 1",
            "1,0 | 27 29 31 33 35 36 38 40 42 44 | b 5 2 1 3 5 ; c 9 2 0 0 1",
            "1,1 | 28 30 32 34 37 39 41 43 | b 5 2 1 3 5 ; c 9 2 1 1 1")),
        Arguments.of("Cyclic, Cyclic over (2x2)", Distribution.of(S, "cc", GRID, TARGETS), List.of(
            "0,0 | 0 2 4 6 8 18 20 22 24 26 36 38 40 42 44 | c 5 2 0 0 1 ; c 9 2 0 0 1",
            "0,1 | 1 3 5 7 19 21 23 25 37 39 41 43 | c 5 2 0 0 1 ; c 9 2 1 1 1",
            "1,0 | 9 11 13 15 17 27 29 31 33 35 | c 5 2 1 1 1 ; c 9 2 0 0 1",
            "1,1 | 10 12 14 16 28 30 32 34 | c 5 2 1 1 1 ; c 9 2 1 1 1")),
        Arguments.of("Irregular-Block, Irregular-Block over (2x2)",
            Distribution.of(S, List.of(AxisMap.blockBounds(0, 1, 5), AxisMap.blockBounds(0, 2, 9)), GRID,
            TARGETS), List.of(
            "0,0 | 0 1 | b 5 2 0 0 1 ; b 9 2 0 0 2",
            "0,1 | 2 3 4 5 6 7 8 | b 5 2 0 0 1 ; b 9 2 1 2 9",
            "1,0 | 9 10 18 19 27 28 36 37 | b 5 2 1 1 5 ; b 9 2 0 0 2",
            "1,1 | 11 12 13 14 15 16 17 20 21 22 23 24 25 26 29 30 31 32 33 34 35 38 39 40 41 42 43 44 | b 5 2 "
                + "1 1 5 ; b 9 2 1 2 9")),
        Arguments.of("Block-Cyclic, Block-Cyclic over (2x2)",
            Distribution.of(S, List.of(AxisMap.blockCyclic(2), AxisMap.blockCyclic(2)), GRID, TARGETS), List.of(
            "0,0 | 0 1 4 5 8 9 10 13 14 17 36 37 40 41 44 | c 5 2 0 0 2 ; c 9 2 0 0 2",
            "0,1 | 2 3 6 7 11 12 15 16 38 39 42 43 | c 5 2 0 0 2 ; c 9 2 1 2 2",
            "1,0 | 18 19 22 23 26 27 28 31 32 35 | c 5 2 1 2 2 ; c 9 2 0 0 2",
            "1,1 | 20 21 24 25 29 30 33 34 | c 5 2 1 2 2 ; c 9 2 1 2 2")),
        Arguments.of("Unstructured, Unstructured over (2x2)",
            Distribution.of(S, List.of(AxisMap.unstructured(new long[][] {{3, 0}, {4, 2, 1}}),
            AxisMap.unstructured(new long[][] {{2, 3, 7, 1}, {6, 5, 8, 0, 4}})), GRID, TARGETS), List.of(
            "0,0 | 29 30 34 28 2 3 7 1 | u 5 2 0 3,0 ; u 9 2 0 2,3,7,1",
            "0,1 | 33 32 35 27 31 6 5 8 0 4 | u 5 2 0 3,0 ; u 9 2 1 6,5,8,0,4",
            "1,0 | 38 39 43 37 20 21 25 19 11 12 16 10 | u 5 2 1 4,2,1 ; u 9 2 0 2,3,7,1",
            "1,1 | 42 41 44 36 40 24 23 26 18 22 15 14 17 9 13 | u 5 2 1 4,2,1 ; u 9 2 1 6,5,8,0,4")),
        Arguments.of("Cyclic, Block, Cyclic over (2x2x2)",
            Distribution.of(Shape.of(5, 9, 3), "cbc", new int[] {2, 2, 2}, new int[] {0, 1, 2, 3, 4, 5, 6, 7}), List.of(
            "0,0,0 | 0 2 3 5 6 8 9 11 12 14 54 56 57 59 60 62 63 65 66 68 108 110 111 113 114 116 117 119 120 "
                + "122 | c 5 2 0 0 1 ; b 9 2 0 0 5 ; c 3 2 0 0 1",
            "0,0,1 | 1 4 7 10 13 55 58 61 64 67 109 112 115 118 121 | c 5 2 0 0 1 ; b 9 2 0 0 5 ; c 3 2 1 1 1",
            "0,1,0 | 15 17 18 20 21 23 24 26 69 71 72 74 75 77 78 80 123 125 126 128 129 131 132 134 | c 5 2 0 "
                + "0 1 ; b 9 2 1 5 9 ; c 3 2 0 0 1",
            "0,1,1 | 16 19 22 25 70 73 76 79 124 127 130 133 | c 5 2 0 0 1 ; b 9 2 1 5 9 ; c 3 2 1 1 1",
            "1,0,0 | 27 29 30 32 33 35 36 38 39 41 81 83 84 86 87 89 90 92 93 95 | c 5 2 1 1 1 ; b 9 2 0 0 5 ; "
                + "c 3 2 0 0 1",
            "1,0,1 | 28 31 34 37 40 82 85 88 91 94 | c 5 2 1 1 1 ; b 9 2 0 0 5 ; c 3 2 1 1 1",
            "1,1,0 | 42 44 45 47 48 50 51 53 96 98 99 101 102 104 105 107 | c 5 2 1 1 1 ; b 9 2 1 5 9 ; c 3 2 0 "
                + "0 1",
            "1,1,1 | 43 46 49 52 97 100 103 106 | c 5 2 1 1 1 ; b 9 2 1 5 9 ; c 3 2 1 1 1"))
    );
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("examples")
  void dimDataAndBuffersAreTheProtocols(String name, Distribution d, List<String> processes) {
    NdArray whole = NdArray.arange(d.shape().size()).reshape(d.shape().dims());
    assertEquals(processes.size(), d.ranks(), name + ": one process per rank");
    List<List<Map<String, Object>>> protocolDims = new ArrayList<>();
    for (int r = 0; r < d.ranks(); r++) {
      protocolDims.add(null);
    }
    for (String p : processes) {
      String[] parts = p.split("\\|");
      int[] coords = Arrays.stream(parts[0].trim().split(",")).mapToInt(Integer::parseInt).toArray();
      int rank = rankOf(d, coords);
      String what = name + ", process " + Arrays.toString(coords);
      long[] buffer = Arrays.stream(parts[1].trim().split(" ")).mapToLong(Long::parseLong).toArray();
      assertArrayEquals(buffer, BlockCopy.fromGlobal(whole, d, rank).toLongArray(), what + ": buffer");
      String[] axes = parts[2].trim().split(" ; ");
      List<Map<String, Object>> ours = d.dimData(rank);
      List<Map<String, Object>> theirs = new ArrayList<>();
      for (int a = 0; a < axes.length; a++) {
        Map<String, Object> expected = dict(axes[a]);
        theirs.add(expected);
        for (Map.Entry<String, Object> e : expected.entrySet()) {
          Object got = ours.get(a).get(e.getKey());
          if (e.getKey().equals("block_size") && got == null) {
            got = 1L; // the protocol's default
          }
          String key = what + " axis " + a + " " + e.getKey();
          if (e.getValue() instanceof String type) {
            assertEquals(type, got, key);
          } else if (e.getValue() instanceof long[] indices) {
            assertArrayEquals(indices, (long[]) got, key);
          } else {
            assertEquals(((Number) e.getValue()).longValue(), ((Number) got).longValue(), key);
          }
        }
      }
      protocolDims.set(rank, theirs);
    }
    Distribution read = Distribution.fromDimData(protocolDims, TARGETS.length == d.ranks() ? TARGETS : d.targets());
    assertTrue(read.isCompatible(d), name + ": fromDimData of the protocol's dicts gives " + read);
  }

  private static int rankOf(Distribution d, int[] coords) {
    for (int r = 0; r < d.ranks(); r++) {
      if (Arrays.equals(d.gridCoords(r), coords)) {
        return r;
      }
    }
    throw new AssertionError("no rank at " + Arrays.toString(coords) + " in " + d);
  }

  /** One axis spec as the protocol's dict. */
  private static Map<String, Object> dict(String spec) {
    String[] f = spec.split(" ");
    Map<String, Object> m = new java.util.LinkedHashMap<>();
    m.put("dist_type", f[0]);
    m.put("size", Long.parseLong(f[1]));
    m.put("proc_grid_size", Long.parseLong(f[2]));
    m.put("proc_grid_rank", Long.parseLong(f[3]));
    switch (f[0]) {
      case "b" -> {
        m.put("start", Long.parseLong(f[4]));
        m.put("stop", Long.parseLong(f[5]));
      }
      case "c" -> {
        m.put("start", Long.parseLong(f[4]));
        m.put("block_size", Long.parseLong(f[5]));
      }
      default -> m.put("indices", Arrays.stream(f[4].split(",")).mapToLong(Long::parseLong).toArray());
    }
    return m;
  }
}
