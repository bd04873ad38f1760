package org.distarray.arrays.dist;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.distarray.arrays.Shape;
import org.junit.jupiter.api.Test;

class DimDataTest {

  @Test
  void blockAxisDescribesItsStartAndStop() {
    Distribution d = Distribution.of(Shape.of(10, 3), "b", 3);

    Map<String, Object> b = d.dimData(1).get(0);
    Map<String, Object> n = d.dimData(1).get(1);

    assertEquals("b", b.get("dist_type"));
    assertEquals(10L, b.get("size"));
    assertEquals(3, b.get("proc_grid_size"));
    assertEquals(1, b.get("proc_grid_rank"));
    assertEquals(4L, b.get("start"));
    assertEquals(7L, b.get("stop"));
    assertEquals(List.of(0L, 0L), b.get("padding"));
    assertEquals(false, b.get("periodic"));
    // protocol 0.10.0 has no 'n': an undistributed axis is one block over a grid of 1, as Python DistArray writes it
    assertEquals(Map.of("dist_type", "b", "size", 3L, "proc_grid_size", 1, "proc_grid_rank", 0, "start", 0L,
        "stop", 3L, "padding", List.of(0L, 0L), "periodic", false), n);
  }

  @Test
  void cyclicAxisGivesStartAndBlockSizeAboveOne() {
    Distribution d = Distribution.of(Shape.of(7), List.of(AxisMap.blockCyclic(2)), new int[] {2}, new int[] {0, 1});
    Distribution plain = Distribution.of(Shape.of(7), "c", 2);

    assertEquals(2L, d.dimData(1).get(0).get("start"));
    assertEquals(2L, d.dimData(1).get(0).get("block_size"));
    assertEquals(1L, plain.dimData(1).get(0).get("start"));
    assertFalse(plain.dimData(1).get(0).containsKey("block_size"));
  }

  @Test
  void unstructuredAxisListsItsIndicesInLocalOrder() {
    Distribution d = Distribution.of(Shape.of(4), List.of(AxisMap.unstructured(new long[][] {{3, 0}, {2, 1}})),
        new int[] {2}, new int[] {4, 2});

    Map<String, Object> u = d.dimData(0).get(0);

    assertEquals("u", u.get("dist_type"));
    assertArrayEquals(new long[] {3, 0}, (long[]) u.get("indices"));
  }

  @Test
  void explicitBoundsSurviveTheRoundTrip() {
    Distribution d = Distribution.of(Shape.of(10), List.of(AxisMap.blockBounds(0, 1, 10)), new int[] {2},
        new int[] {1, 0});

    assertEquals(d, Distribution.fromDimData(List.of(d.dimData(0), d.dimData(1)), d.targets()));
  }

  @Test
  void integersReadFromFilesAreAccepted() {
    List<List<Map<String, Object>>> all = new ArrayList<>();
    for (int r = 0; r < 2; r++) {
      Map<String, Object> b = new HashMap<>(Map.of("dist_type", "b", "size", 5, "proc_grid_size", 2,
          "proc_grid_rank", r, "start", r == 0 ? 0 : 3, "stop", r == 0 ? 3 : 5));
      Map<String, Object> u = new HashMap<>(Map.of("dist_type", "u", "size", 2, "proc_grid_size", 1,
          "proc_grid_rank", 0, "indices", List.of(1, 0)));
      all.add(List.of(b, u));
    }

    Distribution d = Distribution.fromDimData(all, new int[] {0, 1});

    assertEquals(Distribution.of(Shape.of(5, 2), List.of(AxisMap.block(),
        AxisMap.unstructured(new long[][] {{1, 0}})), new int[] {2, 1}, new int[] {0, 1}), d);
  }

  @Test
  void blocksWithAGapAreRejected() {
    List<List<Map<String, Object>>> all = List.of(
        List.of(Map.of("dist_type", "b", "size", 5L, "proc_grid_size", 2, "proc_grid_rank", 0, "start", 0L,
            "stop", 2L)),
        List.of(Map.of("dist_type", "b", "size", 5L, "proc_grid_size", 2, "proc_grid_rank", 1, "start", 3L,
            "stop", 5L)));

    DistributionException e = assertThrows(DistributionException.class,
        () -> Distribution.fromDimData(all, new int[] {0, 1}));

    assertTrue(e.getMessage().contains("starts at 3") && e.getMessage().contains("stops at 2"), e.getMessage());
  }

  @Test
  void ranksOutOfRowMajorOrderAreRejected() {
    Distribution d = Distribution.of(Shape.of(4), "b", 2);

    DistributionException e = assertThrows(DistributionException.class,
        () -> Distribution.fromDimData(List.of(d.dimData(1), d.dimData(0)), new int[] {0, 1}));

    assertTrue(e.getMessage().contains("proc_grid_rank 1") && e.getMessage().contains("expected 2 and 0"),
        e.getMessage());
  }

  @Test
  void unknownDistTypeIsRejected() {
    DistributionException e = assertThrows(DistributionException.class,
        () -> Distribution.fromDimData(List.of(List.of(Map.of("dist_type", "x", "size", 3L))), new int[] {0}));

    assertTrue(e.getMessage().contains("dist_type x"), e.getMessage());
  }
}
