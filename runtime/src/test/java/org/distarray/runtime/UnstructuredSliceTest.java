package org.distarray.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.time.Duration;
import java.util.List;
import org.distarray.arrays.NdArray;
import org.distarray.arrays.Shape;
import org.distarray.arrays.dist.AxisMap;
import org.distarray.arrays.dist.Distribution;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Integer indices on arrays with unstructured axes whose indices are not sorted, end to end on two engines. */
class UnstructuredSliceTest {
  private static DistContext ctx;

  @BeforeAll
  static void start() {
    ctx = DistContext.local(2, Duration.ofSeconds(20));
  }

  @AfterAll
  static void stop() {
    ctx.close();
  }

  @Test
  void integerIndexOnTheLeadingAxisCopiesEveryRow() {
    Distribution d = Distribution.of(Shape.of(1, 3, 2),
        List.of(AxisMap.none(), AxisMap.unstructured(new long[][] {{1, 0, 2}}), AxisMap.none()), new int[] {1, 1, 1},
        new int[] {0});
    try (DistArray a = ctx.fromNdArray(NdArray.of(new double[] {0, 1, 2, 3, 4, 5}, 1, 3, 2), d);
        DistArray s = a.slice("0")) {
      // NumPy: np.arange(6.).reshape(1, 3, 2)[0] -> [[0, 1], [2, 3], [4, 5]]
      assertArrayEquals(new double[] {0, 1, 2, 3, 4, 5}, s.toNdArray().toDoubleArray());
      assertArrayEquals(new long[] {3, 2}, s.shape().dims());
    }
  }

  @Test
  void integerIndexWithAReversedUnstructuredAxisOverTwoEngines() {
    Distribution d = Distribution.of(Shape.of(1, 3, 2),
        List.of(AxisMap.none(), AxisMap.unstructured(new long[][] {{1, 0, 2}}),
            AxisMap.unstructured(new long[][] {{1}, {0}})), new int[] {1, 1, 2}, new int[] {1, 0});
    try (DistArray a = ctx.fromNdArray(NdArray.of(new double[] {0, 1, 2, 3, 4, 5}, 1, 3, 2), d);
        DistArray s = a.slice("0, :, ::-1")) {
      // NumPy: np.arange(6.).reshape(1, 3, 2)[0, :, ::-1] -> [[1, 0], [3, 2], [5, 4]]
      assertArrayEquals(new double[] {1, 0, 3, 2, 5, 4}, s.toNdArray().toDoubleArray());
    }
  }
}
