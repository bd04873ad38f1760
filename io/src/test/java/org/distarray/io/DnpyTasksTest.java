package org.distarray.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.distarray.arrays.DType;
import org.distarray.arrays.NdArray;
import org.distarray.arrays.Shape;
import org.distarray.arrays.dist.AxisMap;
import org.distarray.arrays.dist.BlockCopy;
import org.distarray.arrays.dist.Distribution;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** .dnpy files in Python DistArray's layout (src/test/python/make_dnpy_fixtures.py) and our own, rank by rank. */
class DnpyTasksTest {
  private static final Path FIXTURES = Path.of("src/test/resources/dnpy");


  private static NdArray load(Path prefix, int engines) {
    int[] ids = new int[engines];
    for (int i = 0; i < engines; i++) {
      ids[i] = i;
    }
    DnpyTasks.Contents c = DnpyTasks.inspect(prefix, ids);
    Distribution d = c.distribution();
    NdArray whole = NdArray.zeros(c.dtype(), d.shape().dims());
    for (int rank = 0; rank < d.ranks(); rank++) {
      NdArray block = NdArray.zeros(c.dtype(), d.localShape(rank).dims());
      new DnpyTasks.Read(prefix.toString()).run(new RankBlocks(rank, block, d));
      BlockCopy.toGlobal(block, d, rank, whole);
    }
    return whole;
  }

  @Test
  void pythonDistArrayFilesRebuildTheirDistributionFromTheHeaders() {
    DnpyTasks.Contents grid = DnpyTasks.inspect(FIXTURES.resolve("grid"), new int[] {0, 1, 2, 3});
    Distribution d = grid.distribution();
    assertEquals(Shape.of(5, 7), d.shape());
    assertEquals("bc", d.dist());
    assertArrayEquals(new int[] {2, 2}, d.gridShape());
    assertEquals(Shape.of(3, 4), d.localShape(0), "DistArray's block bounds 0-3 and cyclic columns 0, 2, 4, 6");
    assertEquals(Shape.of(2, 3), d.localShape(3));
    NdArray values = load(FIXTURES.resolve("grid"), 4);
    for (int i = 0; i < 35; i++) {
      assertEquals(i * 0.5, values.reshape(-1).getDouble(i), "element " + i);
    }

    DnpyTasks.Contents vec = DnpyTasks.inspect(FIXTURES.resolve("vec"), new int[] {0, 1});
    assertEquals("u", vec.distribution().dist());
    assertEquals(DType.INT64, vec.dtype());
    assertArrayEquals(new long[] {4, 0, 2}, vec.distribution().localIndices(0, 0).toArray());
    assertArrayEquals(new long[] {0, 10, 20, 30, 40, 50}, load(FIXTURES.resolve("vec"), 2).toLongArray());
  }

  @Test
  void ourFilesAreLaidOutAsDistArraysAndRoundTrip(@TempDir Path dir) throws Exception {
    Shape shape = Shape.of(6, 5);
    NdArray values = NdArray.arange(30).astype(DType.FLOAT64).reshape(6, 5);
    List<Distribution> layouts = List.of(Distribution.of(shape, "bc", 4), Distribution.of(shape, "cn", 3),
        Distribution.of(shape, List.of(AxisMap.unstructured(new long[][] {{5, 1, 3}, {0, 4, 2}}), AxisMap.blockCyclic(2)),
            new int[] {2, 1}, new int[] {1, 0}));
    for (int i = 0; i < layouts.size(); i++) {
      Distribution d = layouts.get(i);
      Path prefix = dir.resolve("a" + i);
      for (int rank = 0; rank < d.ranks(); rank++) {
        new DnpyTasks.Write(prefix.toString()).run(new RankBlocks(rank, BlockCopy.fromGlobal(values, d, rank), d));
      }
      DnpyTasks.commit(prefix, d.ranks());
      byte[] bytes = Files.readAllBytes(DnpyFormat.fileOf(prefix, 0));
      assertEquals("\u0093DARRY", new String(bytes, 0, 6, java.nio.charset.StandardCharsets.ISO_8859_1));
      int headerLength = (bytes[8] & 0xff) | (bytes[9] & 0xff) << 8;
      assertEquals(0, (10 + headerLength) % 16, "the .npy stream starts on a 16-byte boundary");
      String header = new String(bytes, 10, headerLength, java.nio.charset.StandardCharsets.US_ASCII);
      assertTrue(header.startsWith("{'__version__': '0.10.0', 'dim_data': ({") && header.endsWith("\n"), header);
      assertEquals("\u0093NUMPY", new String(bytes, 10 + headerLength, 6, java.nio.charset.StandardCharsets.ISO_8859_1));
      int[] ids = {7, 8, 9, 10};
      DnpyTasks.Contents c = DnpyTasks.inspect(prefix, ids);
      assertEquals(d.withTargets(java.util.Arrays.copyOf(ids, d.ranks())), c.distribution(),
          "the distribution comes back from the headers, rank r on the r-th engine");
      for (int rank = 0; rank < d.ranks(); rank++) {
        assertEquals(PyLiteral.write(d.dimData(rank)), PyLiteral.write(c.distribution().dimData(rank)),
            "dim_data of rank " + rank + " survives (unstructured indices as a list)");
      }
      assertEquals(values.toString(), load(prefix, 4).toString(), "values under " + d);
    }
  }

  @Test
  void badSetsOfFilesNameTheProblem(@TempDir Path dir) throws Exception {
    IoException none = assertThrows(IoException.class, () -> DnpyTasks.inspect(dir.resolve("nothing"), new int[] {0}));
    assertTrue(none.getMessage().contains("nothing_0.dnpy") && none.getMessage().contains("no such file"),
        none.getMessage());
    IoException few = assertThrows(IoException.class, () -> DnpyTasks.inspect(FIXTURES.resolve("grid"), new int[] {0, 1}));
    assertTrue(few.getMessage().contains("4 .dnpy files need 4 engines, the context has 2"), few.getMessage());
    Path bad = dir.resolve("bad_0.dnpy");
    Files.write(bad, "\u0093DARRY garbage".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
    IoException corrupt = assertThrows(IoException.class, () -> DnpyTasks.inspect(dir.resolve("bad"), new int[] {0}));
    assertTrue(corrupt.getMessage().contains("bad_0.dnpy"), corrupt.getMessage());
    Files.write(dir.resolve("npy_0.dnpy"), Files.readAllBytes(Path.of("src/test/resources/npy/f8_c.npy")));
    IoException notDnpy = assertThrows(IoException.class, () -> DnpyTasks.inspect(dir.resolve("npy"), new int[] {0}));
    assertTrue(notDnpy.getMessage().contains("not a .dnpy file"), notDnpy.getMessage());
  }

  @Test
  void pythonLiteralsOfDimData() {
    Object v = PyLiteral.parse("{'a': (1, -2,), \"b\": [True, False, None], 'c': {'d': 'x'}, 'e': 10L}");
    assertEquals(Map.of("a", List.of(1L, -2L), "c", Map.of("d", "x"), "e", 10L).get("a"), ((Map<?, ?>) v).get("a"));
    assertEquals(java.util.Arrays.asList(true, false, null), ((Map<?, ?>) v).get("b"));
    assertEquals("[3, 1, 2]", PyLiteral.write(new long[] {3, 1, 2}));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PyLiteral.parse("{'a': }"));
    assertTrue(e.getMessage().contains("character"), e.getMessage());
  }
}
