package org.distarray.cluster;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import java.util.stream.LongStream;
import org.distarray.arrays.NdArray;
import org.distarray.arrays.Shape;
import org.distarray.arrays.dist.AxisMap;
import org.distarray.arrays.dist.Distribution;
import org.distarray.runtime.DistArray;
import org.distarray.runtime.DistContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * 256 engines on four engine nodes of 64 each (JVMs started from config/ as users start them) and a coordinator
 * node: values in and out, elementwise work, sums and redistribution between 'b', 'c', block-cyclic, 'u' and 2-D
 * grid layouts are those of the same computation on local arrays (NumPy's semantics). Commands reach the engines
 * along trees, and every engine plans its own pieces; most pieces cross between nodes.
 */
class WideClusterTest {
  private static final int NODES = 4;
  private static final int PER_NODE = 64;
  private static final int E = NODES * PER_NODE;
  private static ClusterProcesses nodes;
  private static DistContext ctx;

  @BeforeAll
  static void startCluster() {
    nodes = new ClusterProcesses("wide");
    nodes.start("coordinator", "coordinator-node.conf");
    nodes.heap("768m");
    for (int i = 0; i < NODES; i++) {
      nodes.start("engines-" + i, "engine-node.conf", "--engines", String.valueOf(PER_NODE));
    }
    ctx = DistContext.connect(nodes.clientConfig("client", E));
  }

  @AfterAll
  static void stopCluster() {
    nodes.closeAfter(ctx);
  }

  /** Multiples of 0.25 in [-3, 3]: sums are exact in any order. */
  private static NdArray values(Shape shape, long seed) {
    Random r = new Random(seed);
    double[] v = new double[(int) shape.size()];
    for (int i = 0; i < v.length; i++) {
      v[i] = (r.nextInt(25) - 12) / 4.0;
    }
    return NdArray.of(v, shape.dims());
  }

  private static List<Distribution> layouts(Shape vector, Shape matrix) {
    int[] all = ctx.engineIds();
    int[] reversed = IntStream.range(0, all.length).map(i -> all[all.length - 1 - i]).toArray();
    List<Long> shuffled = new ArrayList<>(LongStream.range(0, vector.size()).boxed().toList());
    Collections.shuffle(shuffled, new Random(3));
    long[][] parts = new long[E][];
    for (int k = 0; k < E; k++) {
      int from = (int) (k * vector.size() / E);
      int to = (int) ((k + 1) * vector.size() / E);
      parts[k] = shuffled.subList(from, to).stream().mapToLong(Long::longValue).toArray();
    }
    return List.of(
        Distribution.of(vector, "b", all),
        Distribution.of(vector, "c", reversed),
        Distribution.of(vector, List.of(AxisMap.blockCyclic(7)), new int[] {E}, all),
        Distribution.of(vector, List.of(AxisMap.unstructured(parts)), new int[] {E}, reversed),
        Distribution.of(matrix, "bn", all),
        Distribution.of(matrix, "bb", new int[] {16, 16}, all),
        Distribution.of(matrix, "cc", new int[] {16, 16}, reversed),
        Distribution.of(matrix, "bc", new int[] {16, 16}, all));
  }

  @Test
  void twoHundredFiftySixEnginesOnFourNodesComputeAsNumPy() {
    Shape vector = Shape.of(20_000);
    Shape matrix = Shape.of(64, 300);
    List<Distribution> layouts = layouts(vector, matrix);
    for (Distribution from : layouts) {
      NdArray v = values(from.shape(), from.ndim());
      double expectedSum = 0;
      for (double x : v.toDoubleArray()) {
        expectedSum += x;
      }
      try (DistArray a = ctx.fromNdArray(v, from); DistArray doubled = a.multiply(2.0);
           DistArray twice = doubled.add(1.0).evaluate()) {
        assertArrayEquals(v.toDoubleArray(), a.toNdArray().toDoubleArray(), 0.0, from.toString());
        assertEquals(expectedSum, a.sum(), 0.0, "sum on " + from);
        double[] expected = v.toDoubleArray();
        for (int i = 0; i < expected.length; i++) {
          expected[i] = expected[i] * 2 + 1;
        }
        assertArrayEquals(expected, twice.toNdArray().toDoubleArray(), 0.0, "2 a + 1 on " + from);
        for (Distribution to : layouts) {
          if (to.shape().equals(from.shape())) {
            try (DistArray b = a.redistribute(to)) {
              assertEquals(to, b.distribution());
              assertArrayEquals(v.toDoubleArray(), b.toNdArray().toDoubleArray(), 0.0, from + " -> " + to);
            }
          }
        }
      }
    }
    assertEquals(0, ctx.memory().totalBlocks(), "blocks left on the 256 engines");
  }

  @Test
  void reshapeAcrossFourNodesIsNumPysCOrderReshape() {
    NdArray v = values(Shape.of(20_000), 9);
    try (DistArray a = ctx.fromNdArray(v, ctx.distribution(Shape.of(20_000), "b"));
         DistArray m = a.reshape(100, 200)) {
      assertArrayEquals(v.toDoubleArray(), m.toNdArray().toDoubleArray(), 0.0);
      assertEquals(v.getDouble(12_345), m.getDouble(61, 145), 0.0, "C order: [61, 145] is 12,345");
    }
  }
}
