package org.distarray.conformance;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.typesafe.config.ConfigFactory;
import java.util.List;
import org.distarray.arrays.DType;
import org.distarray.arrays.NdArray;
import org.distarray.arrays.Shape;
import org.distarray.arrays.dist.AxisMap;
import org.distarray.arrays.dist.Distribution;
import org.distarray.runtime.DistArray;
import org.distarray.runtime.DistContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Pieces cut into many small chunks along any axis: 3 embedded engines with 4 KiB chunks
 * ({@code distarray.transfer.chunk-bytes}, given as a system property while the context starts), so that a row of a
 * million elements travels in hundreds of chunks and a piece of a block-cyclic layout of small blocks in chunks cut
 * by their runs. Values are checked against the same array made locally.
 */
class ChunkedTransferConformanceTest {
  private static final String CHUNK_BYTES = "distarray.transfer.chunk-bytes";
  private static final int[] ENGINES = {0, 1, 2};
  private static DistContext ctx;

  @BeforeAll
  static void startWithSmallChunks() {
    String before = System.getProperty(CHUNK_BYTES);
    System.setProperty(CHUNK_BYTES, "4 KiB"); // system properties override the config files
    ConfigFactory.invalidateCaches();
    try {
      assertEquals(4096, ConfigFactory.load().getBytes(CHUNK_BYTES)); // what DistContext.local reads
      ctx = DistContext.local(ENGINES.length);
    } finally {
      if (before == null) {
        System.clearProperty(CHUNK_BYTES);
      } else {
        System.setProperty(CHUNK_BYTES, before);
      }
      ConfigFactory.invalidateCaches();
    }
  }

  @AfterAll
  static void close() {
    if (ctx != null) {
      ctx.close();
    }
  }

  /** Distinct values 0, 1, ... (FLOAT64: 0.25, 1.25, ...), in C order, of shape. */
  private static NdArray values(DType dtype, long... shape) {
    long n = 1;
    for (long d : shape) {
      n *= d;
    }
    NdArray a = NdArray.arange(n).reshape(shape);
    return dtype == DType.FLOAT64 ? NdArray.of(plusQuarter(a.toDoubleArray()), shape) : a.astype(dtype);
  }

  private static double[] plusQuarter(double[] v) {
    for (int i = 0; i < v.length; i++) {
      v[i] += 0.25;
    }
    return v;
  }

  private static void assertSameValues(NdArray expected, DistArray actual, String what) {
    NdArray got = actual.toNdArray();
    assertEquals(expected.shape(), got.shape(), what);
    assertEquals(expected.dtype(), got.dtype(), what);
    if (expected.dtype() == DType.FLOAT64) {
      assertArrayEquals(expected.toDoubleArray(), got.toDoubleArray(), 0.0, what);
    } else {
      assertArrayEquals(expected.toLongArray(), got.toLongArray(), what);
    }
  }

  @ParameterizedTest
  @EnumSource(value = DType.class, names = {"FLOAT64", "INT32"})
  void aLongRowMovesBetweenBlockAndCyclicAlongItsColumns(DType dtype) {
    NdArray x = values(dtype, 1, 1_000_003);
    Shape shape = x.shape();
    try (DistArray a = ctx.fromNdArray(x, ctx.distribution(shape, "nb"));
         DistArray b = a.redistribute(ctx.distribution(shape, "nc"));
         DistArray c = b.redistribute(ctx.distribution(shape, "nb"))) {
      assertSameValues(x, b, "nb -> nc");
      assertSameValues(x, c, "nb -> nc -> nb");
    }
  }

  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3, 7, 64})
  void blockCyclicLayoutsOfSmallBlocksMoveToBlocksAndBack(long blockSize) {
    for (DType dtype : new DType[] {DType.FLOAT64, DType.INT32}) {
      NdArray v = values(dtype, 100_003);
      Distribution cyclic = Distribution.of(v.shape(), List.of(AxisMap.blockCyclic(blockSize)), new int[] {3},
          ENGINES);
      NdArray m = values(dtype, 3, 30_011);
      Distribution cyclic2 = Distribution.of(m.shape(), List.of(AxisMap.none(), AxisMap.blockCyclic(blockSize)),
          new int[] {1, 3}, ENGINES);
      String what = "block-cyclic(" + blockSize + ") " + dtype;
      try (DistArray a = ctx.fromNdArray(v, cyclic);
           DistArray b = a.redistribute(ctx.distribution(v.shape(), "b"));
           DistArray c = b.redistribute(cyclic);
           DistArray d = ctx.fromNdArray(m, cyclic2);
           DistArray e = d.redistribute(ctx.distribution(m.shape(), "bn"));
           DistArray f = e.redistribute(cyclic2)) {
        assertSameValues(v, b, what + " -> b");
        assertSameValues(v, c, what + " -> b -> back");
        assertSameValues(m, e, what + " (3, 30011) -> bn");
        assertSameValues(m, f, what + " (3, 30011) -> bn -> back");
      }
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"nb", "bn", "nc", "cyclic(7)"})
  void aWideArrayReshapesToATallOne(String layout) {
    for (DType dtype : new DType[] {DType.FLOAT64, DType.INT32}) {
      NdArray x = values(dtype, 3, 100_001);
      Distribution d = layout.equals("cyclic(7)")
          ? Distribution.of(x.shape(), List.of(AxisMap.none(), AxisMap.blockCyclic(7)), new int[] {1, 3}, ENGINES)
          : ctx.distribution(x.shape(), layout);
      try (DistArray a = ctx.fromNdArray(x, d);
           DistArray b = a.reshape(100_001, 3)) {
        assertSameValues(x.reshape(100_001, 3), b, layout + " " + dtype + " to (100001, 3)");
      }
    }
  }
}
