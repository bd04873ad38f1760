package org.distarray.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.distarray.arrays.DType;
import org.distarray.arrays.NdArray;
import org.distarray.arrays.Shape;
import org.distarray.arrays.dist.AxisMap;
import org.distarray.arrays.dist.BlockCopy;
import org.distarray.arrays.dist.Distribution;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * .npy files written by NumPy 2.4 (src/test/python/make_npy_fixtures.py) read block by block under every kind of
 * distribution, and files written block by block that NumPy's own bytes match.
 */
class NpyTasksTest {
  private static final Path FIXTURES = Path.of("src/test/resources/npy");
  private static final Shape MATRIX = Shape.of(5, 7);

  /** The values of make_npy_fixtures.py: a = arange(35).reshape(5, 7). */
  private static NdArray expected(String code) {
    int n = 35;
    return switch (code) {
      case "f8" -> fill(DType.FLOAT64, n, i -> i * 0.5 - 3);
      case "f4" -> fill(DType.FLOAT32, n, i -> i * 0.25);
      case "i8" -> fill(DType.INT64, n, i -> i - 10);
      case "i4" -> fill(DType.INT32, n, i -> i * 3 - 50);
      case "b1" -> fill(DType.BOOL, n, i -> i % 3 == 0 ? 1 : 0);
      case "c16" -> complex(DType.COMPLEX128, n, i -> i * 0.5 - 3, i -> i - 17);
      case "c8" -> complex(DType.COMPLEX64, n, i -> i * 0.25, i -> -i);
      default -> throw new IllegalArgumentException(code);
    };
  }

  private static NdArray fill(DType dtype, int n, java.util.function.IntToDoubleFunction f) {
    double[] v = new double[n];
    for (int i = 0; i < n; i++) {
      v[i] = f.applyAsDouble(i);
    }
    return NdArray.of(v, MATRIX.dims()).astype(dtype);
  }

  private static NdArray complex(DType dtype, int n, java.util.function.IntToDoubleFunction re,
      java.util.function.IntToDoubleFunction im) {
    double[] z = new double[2 * n];
    for (int i = 0; i < n; i++) {
      z[2 * i] = re.applyAsDouble(i);
      z[2 * i + 1] = im.applyAsDouble(i);
    }
    return NdArray.ofComplex(z, MATRIX.dims()).astype(dtype);
  }

  /** Every kind of distribution of a shape: block, cyclic, block-cyclic, explicit bounds, unstructured, none. */
  private static List<Distribution> layouts(Shape shape) {
    List<Distribution> out = new ArrayList<>();
    int nd = shape.ndim();
    if (nd == 0) {
      out.add(Distribution.of(shape, "", 1));
      return out;
    }
    for (String d : nd == 1 ? List.of("b", "c", "n") : List.of("bn", "nb", "bb", "cc", "bc", "cb", "nn")) {
      String dist = nd == 3 ? d + "n" : d;
      for (int engines : new int[] {1, 3, 4}) {
        out.add(Distribution.of(shape, dist, engines));
      }
    }
    long first = shape.dims()[0];
    if (first >= 3) {
      List<AxisMap> maps = new ArrayList<>();
      maps.add(AxisMap.blockCyclic(2));
      List<AxisMap> unstructured = new ArrayList<>();
      unstructured.add(AxisMap.unstructured(new long[][] {{first - 1, 0}, rangeReversed(1, first - 1)}));
      List<AxisMap> bounds = new ArrayList<>();
      bounds.add(AxisMap.blockBounds(0, 1, first));
      for (int k = 1; k < nd; k++) {
        maps.add(k == 1 ? AxisMap.cyclic() : AxisMap.none());
        unstructured.add(AxisMap.none());
        bounds.add(AxisMap.none());
      }
      int[] grid = new int[nd];
      java.util.Arrays.fill(grid, 1);
      grid[0] = 2;
      int[] gridBc = grid.clone();
      if (nd > 1) {
        gridBc[1] = 2;
      }
      out.add(Distribution.of(shape, maps, gridBc, nd > 1 ? new int[] {3, 0, 2, 1} : new int[] {1, 0}));
      out.add(Distribution.of(shape, unstructured, grid, new int[] {1, 0}));
      out.add(Distribution.of(shape, bounds, grid, new int[] {0, 1}));
    }
    return out;
  }

  private static long[] rangeReversed(long from, long to) {
    long[] r = new long[(int) (to - from)];
    for (int i = 0; i < r.length; i++) {
      r[i] = to - 1 - i;
    }
    return r;
  }


  /** Reads file into a whole array the way the engines do, each rank its own block. */
  private static NdArray readAll(Path file, Distribution d) {
    NpyHeader h = NpyHeader.read(file);
    NdArray whole = NdArray.zeros(h.dtype(), d.shape().dims());
    for (int rank = 0; rank < d.ranks(); rank++) {
      NdArray block = NdArray.zeros(h.dtype(), d.localShape(rank).dims());
      long n = NpyTasks.Read.of(file, h).run(new RankBlocks(rank, block, d));
      assertEquals(block.size(), n, "elements read by rank " + rank);
      BlockCopy.toGlobal(block, d, rank, whole);
    }
    return whole;
  }

  private static void assertSame(NdArray expected, NdArray actual, String what) {
    assertEquals(expected.dtype(), actual.dtype(), what);
    assertArrayEquals(expected.dims(), actual.dims(), what);
    assertEquals(expected.toString(), actual.toString(), what);
  }

  @Test
  void everyDtypeByteOrderAndLayoutNumPyWroteReadsUnderEveryDistribution() {
    for (String code : List.of("f8", "f4", "i8", "i4", "b1", "c16", "c8")) {
      List<String> files = new ArrayList<>(List.of(code + "_c.npy", code + "_fortran.npy"));
      if (!code.equals("b1")) {
        files.addAll(List.of(code + "_big.npy", code + "_big_fortran.npy"));
      }
      for (String name : files) {
        for (Distribution d : layouts(MATRIX)) {
          assertSame(expected(code), readAll(FIXTURES.resolve(name), d), name + " under " + d);
        }
      }
    }
  }

  @Test
  void headersOfEveryVersionAndShape() {
    NpyHeader big = NpyHeader.read(FIXTURES.resolve("i4_big_fortran.npy"));
    assertEquals(DType.INT32, big.dtype());
    assertEquals(ByteOrder.BIG_ENDIAN, big.order());
    assertTrue(big.fortranOrder());
    assertArrayEquals(new long[] {5, 7}, big.shape());
    for (String v : List.of("f8_v2.npy", "f8_v3.npy")) {
      for (Distribution d : layouts(MATRIX)) {
        assertSame(expected("f8"), readAll(FIXTURES.resolve(v), d), v + " under " + d);
      }
    }
    Shape cube = Shape.of(3, 4, 5);
    NdArray cubeValues = NdArray.arange(60).astype(DType.FLOAT64).reshape(3, 4, 5);
    for (Distribution d : layouts(cube)) {
      NdArray got = readAll(FIXTURES.resolve("f8_3d_fortran.npy"), d);
      for (int i = 0; i < 60; i++) {
        assertEquals(cubeValues.reshape(-1).getDouble(i) * 1.5, got.reshape(-1).getDouble(i), "3-D " + d + " at " + i);
      }
    }
    for (Distribution d : layouts(Shape.of(11))) {
      NdArray got = readAll(FIXTURES.resolve("f8_1d.npy"), d);
      for (int i = 0; i < 11; i++) {
        assertEquals(2.0 * i, got.getDouble(i), "1-D " + d);
      }
    }
    assertEquals(4.25, readAll(FIXTURES.resolve("f8_0d.npy"), Distribution.of(Shape.of(), "", 1)).getDouble());
    assertEquals(0, readAll(FIXTURES.resolve("f8_empty.npy"), Distribution.of(Shape.of(0, 3), "b", 2)).size());
  }

  @Test
  void blocksWrittenByEveryRankGiveNumPysBytes(@TempDir Path dir) throws Exception {
    for (String code : List.of("f8", "f4", "i8", "i4", "b1", "c16", "c8")) {
      NdArray values = expected(code);
      List<Distribution> layouts = layouts(MATRIX);
      for (int i = 0; i < layouts.size(); i++) {
        Distribution d = layouts.get(i);
        Path target = dir.resolve(code + "-" + i + ".npy");
        NpyTasks.Save save = NpyTasks.begin(target, values.dtype(), values.dims());
        for (int rank = d.ranks() - 1; rank >= 0; rank--) {
          NdArray block = BlockCopy.fromGlobal(values, d, rank);
          new NpyTasks.Write(save.temporary().toString(), save.dataOffset()).run(new RankBlocks(rank, block, d));
        }
        assertFalse(Files.exists(target), "nothing under the name before the commit");
        NpyTasks.commit(save);
        assertArrayEquals(Files.readAllBytes(FIXTURES.resolve(code + "_c.npy")), Files.readAllBytes(target),
            code + " written under " + d + " is byte for byte what NumPy wrote");
        assertFalse(Files.exists(save.temporary()));
      }
    }
  }

  /** Runs longer than the 4 MiB buffer are written and read in several pieces; the bytes are the same. */
  @Test
  void runsLongerThanTheBufferGoInPieces(@TempDir Path dir) throws Exception {
    int n = 3 << 19; // 12 MiB of float64: runs of 6 MiB on 2 ranks, of 4 MiB on 3
    double[] v = new double[n];
    for (int i = 0; i < n; i++) {
      v[i] = i * 0.25 - 7;
    }
    NdArray values = NdArray.of(v, n);
    for (int ranks : new int[] {2, 3}) {
      Distribution d = Distribution.of(Shape.of(n), "b", ranks);
      Path target = dir.resolve("large" + ranks + ".npy");
      NpyTasks.Save save = NpyTasks.begin(target, DType.FLOAT64, new long[] {n});
      for (int rank = 0; rank < d.ranks(); rank++) {
        new NpyTasks.Write(save.temporary().toString(), save.dataOffset())
            .run(new RankBlocks(rank, BlockCopy.fromGlobal(values, d, rank), d));
      }
      NpyTasks.commit(save);
      java.nio.ByteBuffer bytes = java.nio.ByteBuffer.wrap(Files.readAllBytes(target)).order(ByteOrder.LITTLE_ENDIAN);
      assertEquals(save.dataOffset() + 8L * n, bytes.capacity());
      for (int i = 0; i < n; i += 4099) {
        assertEquals(v[i], bytes.getDouble((int) save.dataOffset() + 8 * i), "element " + i + " on " + ranks + " ranks");
      }
      assertEquals(v[n - 1], bytes.getDouble(bytes.capacity() - 8));
      assertSame(values, readAll(target, Distribution.of(Shape.of(n), "c", 3)), "read back cyclically");
    }
  }

  @Test
  void headersAreNumPysForOtherShapes() {
    for (long[] shape : new long[][] {{}, {11}, {0, 3}, {3, 4, 5}}) {
      String name = switch (shape.length) {
        case 0 -> "f8_0d.npy";
        case 1 -> "f8_1d.npy";
        case 2 -> "f8_empty.npy";
        default -> "f8_3d_fortran.npy";
      };
      NpyHeader h = NpyHeader.read(FIXTURES.resolve(name));
      assertEquals(h.dataOffset(), NpyHeader.encode(DType.FLOAT64, shape).length, "data offset for " + name);
    }
  }

  @Test
  void badFilesNameTheFileAndTheProblem() {
    assertMessage("missing.npy", "no such file");
    assertMessage("not_npy.npy", "not a .npy file");
    assertMessage("f2.npy", "unsupported dtype '<f2'");
    assertMessage("truncated.npy", "truncated: the header says 280 bytes of data");
    assertMessage("header_cut.npy", "truncated: the file ends inside the header dictionary");
  }

  private static void assertMessage(String name, String problem) {
    IoException e = assertThrows(IoException.class, () -> NpyHeader.read(FIXTURES.resolve(name)));
    assertTrue(e.getMessage().contains(name) && e.getMessage().contains(problem),
        "message '" + e.getMessage() + "' should name " + name + " and say: " + problem);
  }
}
